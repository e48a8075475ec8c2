"""An answer ``ingest --keep-export-ids`` stored under a rule-1 export's id, then met in the source's own file (read by
rule 2), is that file's respondent's answer: ``delete --respondent`` finds it, a name the export kept as a column
does not store it twice, and of two respondents' same words each keeps its own.

The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from test_export_ids_kept import _said
from test_preview_counts import piped_both
from test_row_numbered_parts import _holding, _older_export, run

from voices.store import Corpus

HEADER = "respondent_id,Your name (optional),Date submitted,Q1. Who should lead?\n"
ANN = 'R001,Ann Example,2024-03-01,"A different answer from a different person."\n'
NEW = "A brand new answer nobody stored here yet."
NAMED_IDS = (HEADER + ANN + f'R002,,2024-03-02,"{NEW}"\n'
             'R003,Cat Other,2024-03-03,"Yet another answer from a third person."\n')
CAMPAIGN = "Leaders must be registered social workers, say the campaign."
COPIES = HEADER + ANN + f'R002,,2024-03-01,"{CAMPAIGN}"\nR003,,2024-03-01,"{CAMPAIGN}"\n'


def _kept_then_own(tmp_path, file: str, own: str, kept: int = 2) -> tuple:
    """A rule-2 corpus of ``file``'s first row, a rule-1 export of all of it ingested with --keep-export-ids (storing
    ``kept`` answers), then the source's own file (``own``) whole: the corpus and that ingest's result."""
    out = _said(_older_export(tmp_path, 1, rows=3, file=file), 1)
    corpus = _holding(tmp_path, 2, rows=1, file=file)
    assert (r := run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")).exit_code == 0, r.output
    assert json.loads(r.stdout)["documents_added"] == kept
    path = tmp_path / "B" / "directors.csv"
    path.write_text(own, encoding="utf-8")
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    return corpus, json.loads(r.stdout)


def _documents(corpus) -> list[tuple]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT respondent_id, author, text, attributes FROM documents ORDER BY position").fetchall()


def test_delete_respondent_erases_the_answer_kept_under_the_exports_id(tmp_path):
    """R002's answer stayed under the export's respondent (row-3): "no documents for respondent 'R002'"."""
    corpus, done = _kept_then_own(tmp_path, NAMED_IDS, NAMED_IDS)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, 3)
    r = run("delete", "--respondent", "R002", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert NEW.encode() not in corpus.read_bytes()
    assert [d[:3] for d in _documents(corpus)] == [
        ("R001", "Ann Example", "A different answer from a different person."),
        ("R003", "Cat Other", "Yet another answer from a third person.")]


def test_an_answer_kept_with_its_name_in_a_column_is_not_stored_again_from_the_sources_file(tmp_path):
    """Rule 1 kept Cat's name as a column (author blank); the file's row, read by rule 2 with Cat as its author,
    was not matched to it and Cat's answer was stored a second time."""
    corpus, done = _kept_then_own(tmp_path, NAMED_IDS, NAMED_IDS)
    assert not [w for w in done["warnings"] if "not in this file" in w]
    assert [d[2] for d in _documents(corpus)].count("Yet another answer from a third person.") == 1
    assert run("delete", "--author", "Cat Other", "--corpus", corpus).exit_code == 0
    assert b"third person" not in corpus.read_bytes()


def test_two_respondents_same_words_kept_under_the_exports_ids_each_keep_their_own(tmp_path):
    """The file lists R003 before R002: matched by content alone, R003's row took R002's kept answer."""
    own = HEADER + ANN + COPIES.splitlines(keepends=True)[3] + COPIES.splitlines(keepends=True)[2]
    corpus, done = _kept_then_own(tmp_path, COPIES, own)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, 3)
    kept = [(d[0], json.loads(d[3])["respondent_id"]) for d in _documents(corpus) if d[3]]
    assert sorted(kept) == [("R002", "R002"), ("R003", "R003")]
    assert run("delete", "--respondent", "R002", "--corpus", corpus).exit_code == 0
    assert [json.loads(d[3])["respondent_id"] for d in _documents(corpus) if d[3]] == ["R003"]


@pytest.mark.parametrize("rows", [[2], [3], [2, 3]])
def test_a_piped_row_that_is_an_answer_kept_under_an_exports_id_is_not_stored_again(tmp_path, rows):
    """Before the source's own file came, the kept answers stood as row-3 and row-4 with no author: the header and
    R002's row piped met neither by author and respondent as stored, and R002's answer was stored again in "stdin"
    (documents_added 1). Preview and ingest must both count it present."""
    out = _said(_older_export(tmp_path, 1, rows=3, file=NAMED_IDS), 1)
    corpus = _holding(tmp_path, 2, rows=1, file=NAMED_IDS)
    assert (r := run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")).exit_code == 0, r.output
    before = _documents(corpus)
    lines = NAMED_IDS.splitlines(keepends=True)
    shown, done, held = piped_both(corpus, lines[0] + "".join(lines[i] for i in rows))
    assert (done["documents_added"], done["skipped_already_present"]) == (0, len(rows))
    assert shown == held and [p["documents"] for p in held] == [len(rows)]
    assert _documents(corpus) == before


def test_a_kept_answer_taking_its_files_respondent_leaves_another_respondents_ratings_alone(tmp_path):
    """adopt() moved the ratings row of the kept answer's old respondent (row-3) to the file's (R002) when no answer
    kept row-3: an export brings no ratings rows, so that row was the source's own row-3, a respondent with a blank id
    who only rated, and their "Fair" was lost."""
    import voices.ids

    header = "respondent_id,Your name (optional),Date submitted,How would you rate your workload?,Q1. Who should lead?\n"
    ann = f"R001,Ann Example,2024-03-01,Poor,{ANN.split(',', 3)[3]}"
    first, second = header + ann + f'R002,,2024-03-02,Good,"{NEW}"\n', header + ann + ",,2024-03-05,Fair,\n"
    paths = [tmp_path / d / "directors.csv" for d in ("A", "B")]
    for path, text in zip(paths, (first, second), strict=True):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    older, corpus, out = tmp_path / "older.duckdb", tmp_path / "c.duckdb", tmp_path / "export.jsonl"
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert (r := run("ingest", paths[0], "--corpus", older, "-q")).exit_code == 0, r.output
    assert (r := run("export", "--corpus", older, "--format", "jsonl", "--out", out)).exit_code == 0, r.output
    for args in ((paths[1],), (_said(out, 1), "--keep-export-ids"), (paths[0],)):
        assert (r := run("ingest", *args, "--corpus", corpus, "-q")).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        rated = c.sql("SELECT respondent_id, ratings FROM responses ORDER BY 1").fetchall()
    assert [(who, json.loads(said)) for who, said in rated] == [
        ("R001", {"How would you rate your workload?": "Poor"}), ("R002", {"How would you rate your workload?": "Good"}),
        ("row-3", {"How would you rate your workload?": "Fair"})]
    assert [d[:3] for d in _documents(corpus)][1] == ("R002", None, NEW)


@pytest.mark.parametrize(("who", "gone"), [(("--respondent", "R002"), NEW),
                                           (("--author", "Cat Other"), "Yet another answer from a third person.")])
def test_an_answer_kept_under_an_exports_id_erased_stays_out_when_its_sources_file_comes(tmp_path, who, gone):
    """Erased while it stood as row-3 (its name and id only columns), its digests named nobody: the source's own file,
    read by rule 2 (R002, "Cat Other"), stored it again (documents_added 1), and the erasure was undone."""
    out = _said(_older_export(tmp_path, 1, rows=3, file=NAMED_IDS), 1)
    corpus = _holding(tmp_path, 2, rows=1, file=NAMED_IDS)
    assert (r := run("ingest", out, "--corpus", corpus, "--keep-export-ids", "-q")).exit_code == 0, r.output
    assert (r := run("delete", *who, "--corpus", corpus)).exit_code == 0, r.output
    path = tmp_path / "B" / "directors.csv"
    path.write_text(NAMED_IDS, encoding="utf-8")
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["skipped_erased"]) == (0, 2, 1)
    assert gone not in [d[2] for d in _documents(corpus)] and gone.encode() not in corpus.read_bytes()


def test_a_kept_answer_keeps_the_respondent_it_names_when_its_file_numbers_it_by_row(tmp_path):
    """A rule-2 export's R002 kept in a rule-1 source: the source's own file, read by rule 1, numbers R002 row-3, and
    adopt() wrote row-3 over R002 (the kept answer has no id column): delete --respondent R002 said "no documents"."""
    out = _said(_older_export(tmp_path, 2, rows=3, file=NAMED_IDS), 2)
    corpus = _holding(tmp_path, 1, rows=1, file=NAMED_IDS)
    assert (r := run("ingest", out, "--corpus", corpus, "--keep-export-ids", "-q")).exit_code == 0, r.output
    path = tmp_path / "B" / "directors.csv"
    path.write_text(NAMED_IDS, encoding="utf-8")
    assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert [d[0] for d in _documents(corpus) if d[2] == NEW] == ["R002"]
    assert (r := run("delete", "--respondent", "R002", "--corpus", corpus)).exit_code == 0, r.output
    assert NEW.encode() not in corpus.read_bytes()


@pytest.mark.parametrize(("flags", "added", "present"), [((), 0, 1), (("--keep-export-ids",), 2, 1)])
def test_a_rule_2_export_meets_an_answer_a_rule_1_source_keeps_with_its_name_as_a_column(tmp_path, flags, added,
                                                                                       present):
    """The rule-1 source holds Ann's answer as row-2, her name a column, no author; the rule-2 export has it under
    author "Ann Example": held by stored author alone, it was counted as not stored here, and --keep-export-ids
    stored it a second time (documents_added 3)."""
    out = _said(_older_export(tmp_path, 2, rows=3, file=NAMED_IDS), 2)
    corpus = _holding(tmp_path, 1, rows=1, file=NAMED_IDS)
    r = run("ingest", out, "--corpus", corpus, *flags, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (added, present)
    assert [d[2] for d in _documents(corpus)].count(ANN.split('"')[1]) == 1


def _bob_twice(tmp_path, q3: str, q5: str, words: str) -> tuple:
    """The export holds Bob's ``words`` for ``q5`` only; the source's own file gives them for ``q3`` too."""
    header = HEADER.replace("Q1. Who should lead?", f"{q3},{q5}")
    ann = 'R001,Ann Example,2024-03-01,"Leaders should listen to the front line.","Nothing else from me, thanks."\n'
    bob = 'R002,Bob Example,2024-03-02,{},"' + words + '"\n'
    cat = 'R003,Cat Other,2024-03-03,"Yet another answer from a third person.","A second one from the third person."\n'
    corpus, done = _kept_then_own(tmp_path, header + ann + bob.format("") + cat,
                                  header + ann + bob.format(f'"{words}"') + cat, kept=3)
    with Corpus.open(corpus) as c:
        bobs = c.sql("SELECT question, text FROM documents WHERE respondent_id = 'R002' ORDER BY question").fetchall()
    assert bobs == [(q3, words), (q5, words)]
    assert (done["documents_added"], done["skipped_already_present"]) == (1, 5)
    return corpus, bobs


def test_one_respondents_same_words_to_two_questions_each_stay_their_questions_answer(tmp_path):
    """Kept answers were matched by text, author and date, not question: the file's Q3 row took the kept Q5 answer,
    so Bob's Q3 answer was lost and his Q5 answer stored twice (documents_added 1, two Q5 rows)."""
    _bob_twice(tmp_path, "Q3. What should change first?", "Q5. Anything else to add?",
               "I agree with what the campaign says.")


@pytest.mark.parametrize("row", [1, 2])
def test_a_kept_answer_piped_with_a_new_row_is_read_as_a_stored_row_is(tmp_path, row):
    """A pin, not a fix: R002's answer, kept under a rule-1 export's id in "directors", piped with a row nobody stored,
    is stored with it in a new source "stdin", as R001's answer stored from the file itself is: a part of a stored
    source must hold every answer (test_id_rules' ..._with_one_new_answer_is_a_new_source_by_the_newest_rule)."""
    out = _said(_older_export(tmp_path, 1, rows=3, file=NAMED_IDS), 1)
    corpus = _holding(tmp_path, 2, rows=1, file=NAMED_IDS)
    assert (r := run("ingest", out, "--corpus", corpus, "--keep-export-ids", "-q")).exit_code == 0, r.output
    lines = NAMED_IDS.splitlines(keepends=True)
    fresh = 'R004,Dee New,2024-03-04,"An answer only this pipe brings."\n'
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=lines[0] + lines[row] + fresh)
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], json.loads(r.stdout)["skipped_already_present"]) == (2, 0)
    with Corpus.open(corpus) as c:
        piped = c.sql("SELECT d.respondent_id FROM documents d JOIN sources s ON s.id = d.source_id "
                      "WHERE s.title = 'stdin' ORDER BY d.position").fetchall()
    assert piped == [(f"R00{row}",), ("R004",)]


def test_two_questions_worded_alike_but_numbered_apart_each_keep_their_answer(tmp_path):
    """``asked_alike`` strips the numbers: a kept Q5 "Please give reasons" answer was taken by the file's Q3 "Please
    give reasons" row of the same words, so Bob's Q3 answer was lost and his Q5 answer stored twice."""
    corpus, bobs = _bob_twice(tmp_path, "Q3. Please give reasons", "Q5. Please give reasons", "See my answer above.")
    path = tmp_path / "B" / "directors.csv"
    for flags in ([], ["--replace"]):  # the file again, as it is: nothing added, nothing lost
        assert (shown := run("ingest", "--preview", path, "--corpus", corpus, "--json", *flags)).exit_code == 0
        r = run("ingest", path, "--corpus", corpus, "--json", *flags)
        assert r.exit_code == 0, r.output
        done = json.loads(r.stdout)
        assert (json.loads(shown.stdout)["documents"], done["files"][0]["documents"], done["documents_added"]) == (
            6, 6, 0), flags
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM documents").fetchone()[0] == 6
        assert c.sql("SELECT question, text FROM documents WHERE respondent_id = 'R002' ORDER BY question").fetchall() \
            == bobs
    assert run("delete", "--respondent", "R002", "--corpus", corpus).exit_code == 0
    assert b"See my answer above" not in corpus.read_bytes()


def test_two_paired_questions_alike_in_their_follow_up_each_keep_their_answer(tmp_path):
    """Rule 2 words 'Q4. Please give reasons' after the closed Q3 as 'Q3. Should X? Please give reasons', rule 1 keeps
    it as it is: alike, so Bob's kept Q6 answer went to the file's Q4 row of the same words (both end 'Please give
    reasons'): his Q4 answer was lost and his Q6 answer stored twice. Both rules number them Q4 and Q6."""
    header = HEADER.replace("Q1. Who should lead?", "Q3. Should X?,Q4. Please give reasons,Q5. Should Y?,"
                                                   "Q6. Please give reasons")
    ann = 'R001,Ann Example,2024-03-01,Yes,"Leaders should listen to the front line.",No,"Nothing else, thanks."\n'
    bob = 'R002,Bob Example,2024-03-02,No,{},Yes,"See my answer above."\n'
    cat = 'R003,Cat Other,2024-03-03,Yes,"Yet another answer from a third person.",No,"A second one from her."\n'
    corpus, done = _kept_then_own(tmp_path, header + ann + bob.format('""') + cat,
                                  header + ann + bob.format('"See my answer above."') + cat, kept=4)
    with Corpus.open(corpus) as c:
        bobs = c.sql("SELECT question_id, closed_answer, text FROM documents WHERE respondent_id = 'R002' "
                     "ORDER BY question_id").fetchall()
    assert bobs == [("Q4", "No", "See my answer above."), ("Q6", None, "See my answer above.")]
    assert (done["documents_added"], done["skipped_already_present"]) == (1, 5)
