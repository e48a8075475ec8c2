"""Each source keeps the id rule its documents were stored under (``voices.ids``), so better rules land
without storing a stored file's answers twice.

Rule 2 takes a ``respondent_id`` column as the respondent id and pairs "Please give reasons for your answer"
with the closed question before it (its number too, when it has none). Yesterday both were reverted because a
file stored before, ingested again, stored every answer a second time under the new ids. The answers here are
made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import voices.ids
from voices.cli import app
from voices.ids import source_id
from voices.schemas import Source
from voices.store import Corpus

runner = CliRunner()
ANSWERS = ["Directors who have practised understand the risk a team carries.",
           "Services should be judged by the people using them, not by badges.",
           "I am undecided and would like to hear how it would work in practice."]
CLOSED = ["Yes", "No", "Don't know"]
# a respondent_id column rule 1 did not see (respondents numbered by row), and an unnumbered "reasons" column
# that rule 1 did not pair with "Q5. ..." (so its id was a digest of its header, not Q5)
ROWS = "".join(f'R00{i},{c},"{a}"\n' for i, (c, a) in enumerate(zip(CLOSED, ANSWERS, strict=True), 1))
FILES = {
    "respondent_id": ("respondent_id,Q4. Should directors be registered social workers?,"
                      "Q5. Please give reasons for your answer\n" + ROWS),
    "reasons": "Ref,Q5. Do you agree that directors should be registered?,Please give reasons for your answer\n" + ROWS,
}
RULE_2 = {  # (respondent_id, question_id, closed_answer) of each answer under the newest rule
    "respondent_id": [(f"R00{i}", "Q5", c) for i, c in enumerate(CLOSED, 1)],
    "reasons": [(f"R00{i}", "Q5", c) for i, c in enumerate(CLOSED, 1)],
}


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def documents(corpus) -> list[tuple]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT id, respondent_id, question_id, closed_answer, text FROM documents "
                     "ORDER BY position").fetchall()


def rules(corpus) -> list[tuple]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT id, id_rule FROM sources ORDER BY id").fetchall()


def _write(tmp_path, which: str):
    path = tmp_path / "directors.csv"
    path.write_text(FILES[which], encoding="utf-8")
    return path


SID = source_id(Source(title="directors", kind="consultation"))


def _rule_1_corpus(tmp_path, monkeypatch, path, how: str):
    """A corpus holding ``path`` as today's code stored it (rule 1); ``old-schema``: by a voices before rules
    were recorded (schema 9, no ``id_rule`` column)."""
    corpus = tmp_path / "c.duckdb"
    with monkeypatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    if how == "old-schema":
        with Corpus.open(corpus, write=True) as c:
            c.sql("ALTER TABLE sources DROP COLUMN id_rule")
            c.sql("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    return corpus


@pytest.mark.parametrize("how", ["rule-1", "old-schema"])
@pytest.mark.parametrize("which", sorted(FILES))
def test_a_file_stored_under_rule_1_ingested_again_adds_nothing_and_keeps_its_label(tmp_path, monkeypatch,
                                                                                   which, how):
    """Ingested again under rule 2 it stored its 3 answers a second time (6 documents)."""
    path = _write(tmp_path, which)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, how)
    before = documents(corpus)
    assert [d[1:4] for d in before] != RULE_2[which]  # rule 1 read the columns otherwise
    assert (r := run("label", before[0][0], "--stance", "system_leaders", "--corpus", corpus)).exit_code == 0, r.output
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, 3)
    assert done["files"][0]["id_rules"] == {SID: 1}
    assert documents(corpus) == before
    assert rules(corpus) == [(SID, 1)]  # an older corpus migrated: its source counts as rule 1
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT l.doc_id, l.stance FROM labels l JOIN documents d ON d.id = l.doc_id").fetchall() == [
            (before[0][0], "system_leaders")]


@pytest.mark.parametrize("which", sorted(FILES))
def test_replace_keeps_the_stored_rule_so_no_document_or_label_goes(tmp_path, monkeypatch, which):
    """--replace rewrites a source: moved to rule 2 it would remove every (labelled) document and add it anew."""
    path = _write(tmp_path, which)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    assert (r := run("label", before[1][0], "--stance", "none", "--corpus", corpus)).exit_code == 0, r.output
    r = run("ingest", path, "--corpus", corpus, "--replace", "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["documents_removed"], done["labels_dropped"]) == (0, 0, [])
    assert documents(corpus) == before and rules(corpus) == [(SID, 1)]
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT doc_id, stance FROM labels").fetchall() == [(before[1][0], "none")]


@pytest.mark.parametrize("which", sorted(FILES))
def test_a_new_corpus_gets_the_newest_rule(tmp_path, which):
    path = _write(tmp_path, which)
    corpus = tmp_path / "c.duckdb"
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["files"][0]["id_rules"] == {SID: 2}
    assert "no respondent id column" not in r.stderr
    got = documents(corpus)
    assert [d[1:] for d in got] == [(*w, a) for w, a in zip(RULE_2[which], ANSWERS, strict=True)]
    assert [d[0] for d in got] == [voices.ids.document_id(SID, f"R00{i}|Q5") for i in (1, 2, 3)]
    assert rules(corpus) == [(SID, 2)]
    r = run("ingest", path, "--corpus", corpus, "--json")  # and again: nothing new
    assert (json.loads(r.stdout)["documents_added"], len(documents(corpus))) == (0, 3)


def test_a_second_source_in_a_rule_1_corpus_gets_the_newest_rule(tmp_path, monkeypatch):
    path = _write(tmp_path, "respondent_id")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "old-schema")
    r = run("ingest", path, "--corpus", corpus, "--source-title", "directors 2025", "--json")
    assert r.exit_code == 0, r.output
    sid = source_id(Source(title="directors 2025", kind="consultation"))
    assert json.loads(r.stdout)["files"][0]["id_rules"] == {sid: 2}
    assert sorted(rules(corpus)) == sorted([(SID, 1), (sid, 2)])
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id FROM documents WHERE source_id = ? ORDER BY 1", [sid]).fetchall() == [
            ("R001",), ("R002",), ("R003",)]


@pytest.mark.parametrize("how", ["rule-1", "old-schema"])
def test_preview_reads_the_columns_by_the_stored_rule_and_says_so(tmp_path, monkeypatch, how):
    path = _write(tmp_path, "respondent_id")
    fresh = run("ingest", "--preview", path, "--corpus", tmp_path / "none.duckdb", "--json")
    assert fresh.exit_code == 0, fresh.output
    shown = json.loads(fresh.stdout)
    assert shown["id_rules"] == {SID: 2} and shown["columns"][0]["role"] == "id"
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, how)
    r = run("ingest", "--preview", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    assert shown["id_rules"] == {SID: 1} and shown["columns"][0]["role"] == "category"
    r = run("ingest", "--preview", path, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert (f"columns read by id rule 1, the one source {SID} was stored under, so its answers keep their ids "
            "(a new source gets rule 2; --replace keeps the stored rule)") in " ".join(r.stdout.split())
    if how == "old-schema":  # a preview only reads: the older corpus is left as it was
        with Corpus.open(corpus) as c:
            assert c.schema_version == 9 and not c.has_column("sources", "id_rule")


def test_an_explicit_id_column_wins_over_either_rule(tmp_path, monkeypatch):
    path = tmp_path / "directors.csv"
    path.write_text("respondent_id,Case ref,Q5. Do you agree? Please give reasons for your answer\n"
                    + "".join(f'R00{i},C-{i},"{a}"\n' for i, a in enumerate(ANSWERS, 1)), encoding="utf-8")
    new = tmp_path / "new.duckdb"
    assert (r := run("ingest", path, "--corpus", new, "--id-column", "Case ref")).exit_code == 0, r.output
    assert [d[1] for d in documents(new)] == ["C-1", "C-2", "C-3"]
    with monkeypatch.context() as m:  # a rule-1 source, given the column rule 1 did not see
        m.setattr(voices.ids, "ID_RULE", 1)
        old = tmp_path / "old.duckdb"
        assert (r := run("ingest", path, "--corpus", old, "--id-column", "respondent_id")).exit_code == 0, r.output
    assert [d[1] for d in documents(old)] == ["R001", "R002", "R003"] and rules(old) == [(SID, 1)]


def test_a_rule_1_source_erased_whole_stays_erased_when_its_file_comes_again(tmp_path, monkeypatch):
    """Read under rule 2 as a new source, row-numbered respondents became R001...: none of the erased
    answers' digests matched, and all three came back."""
    path = _write(tmp_path, "respondent_id")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    assert (r := run("delete", "--source", SID, "--corpus", corpus)).exit_code == 0, r.output
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_erased"]) == (0, 3)
    assert documents(corpus) == []
    r = run("ingest", "--preview", path, "--corpus", corpus, "--json")  # read as ingest reads it
    assert (r.exit_code, json.loads(r.stdout)["id_rules"]) == (0, {SID: 1})
    r = run("ingest", path, "--corpus", corpus, "--readmit-erased", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["files"][0]["id_rules"] == {SID: 1}
    assert documents(corpus) == before and rules(corpus) == [(SID, 1)]


@pytest.mark.parametrize("email", [False, True])
def test_a_renamed_copy_of_a_rule_1_file_is_refused_as_before(tmp_path, monkeypatch, email):
    """Read as a new source under rule 2, its respondents were R001... where the stored rule-1 source had them
    numbered by row (or named by e-mail): no copy was seen, and the 3 answers were stored again as another source."""
    path = _write(tmp_path, "respondent_id")
    if email:  # rule 1 names each respondent by their e-mail, rule 2 by the respondent_id column
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("Email," + lines[0] + "".join(f"r{i}@example.org,{x}" for i, x in enumerate(lines[1:], 1)),
                        encoding="utf-8")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    copy = tmp_path / "directors-final.csv"
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    r = run("ingest", copy, "--corpus", corpus)
    assert r.exit_code == 2
    assert (f"{copy}: all 3 of its texts are stored already, as they stand here (author, date or place, respondent), "
            f"in source {SID} ('directors')") in r.stderr
    assert documents(corpus) == before and rules(corpus) == [(SID, 1)]
    r = run("ingest", copy, "--corpus", corpus, "--source-title", "directors", "--json")  # as the message says
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], documents(corpus)) == (0, before)


def _older_export(exported) -> None:
    """``exported`` (JSONL) as a voices before exports carried the ``id_rule`` field wrote it."""
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    exported.write_text("".join(json.dumps({k: v for k, v in row.items() if k != "id_rule"}) + "\n" for row in rows),
                        encoding="utf-8")


@pytest.mark.parametrize("older", [True, False])
@pytest.mark.parametrize("rule", [1, 2])
def test_a_source_an_export_brought_reads_its_file_by_the_rule_its_ids_were_made_by(tmp_path, monkeypatch, rule,
                                                                                    older):
    """A voices export read into another corpus made the source anew, under the newest rule, though its documents
    kept the ids of the rule they were stored by: the original file ingested there then stored its 3 answers again.
    An export without the ``id_rule`` field leaves the rule to be told by the file (rule 0); one with it says it."""
    path = _write(tmp_path, "respondent_id")
    first = tmp_path / "first.duckdb"
    with monkeypatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", path, "--corpus", first, "-q")).exit_code == 0, r.output
    exported = tmp_path / "export.jsonl"
    assert (r := run("export", "--corpus", first, "--format", "jsonl", "--out", exported)).exit_code == 0, r.output
    if older:
        _older_export(exported)
    corpus = tmp_path / "c.duckdb"
    r = run("ingest", exported, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    # came with its ids: by a rule the export says, or (older) not known yet
    assert json.loads(r.stdout)["files"][0]["id_rules"] == {SID: 0 if older else rule}
    assert rules(corpus) == [(SID, 0 if older else rule)]
    r = run("ingest", "--preview", path, "--corpus", corpus, "--json")
    assert (r.exit_code, json.loads(r.stdout)["id_rules"]) == (0, {SID: rule})
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["files"][0]["id_rules"]) == (0, 3, {SID: rule})
    assert documents(corpus) == documents(first) and rules(corpus) == [(SID, rule)]  # kept from now on


def test_classify_file_reads_a_rule_1_source_by_its_rule(tmp_path, monkeypatch):
    """`voices classify FILE` ingests first, as ingest does: the stored source's answers are not added again."""
    path = _write(tmp_path, "reasons")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "old-schema")
    before = documents(corpus)
    r = run("classify", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    assert "ingested 1 file, 0 documents added, 3 skipped as duplicates (already in the corpus)" in r.stderr
    assert documents(corpus) == before and rules(corpus) == [(SID, 1)]
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM predictions").fetchall() == [(3,)]


def test_a_source_erased_under_the_newest_rule_stays_erased_once_a_newer_rule_lands(tmp_path, monkeypatch):
    """Only rules older than the newest were kept for an erased source: once a rule 3 lands, a rule-2 source
    erased today would be read by rule 3 (here one that reads like rule 1, numbering respondents by row)."""
    from voices.ingest import consultation_columns

    path = _write(tmp_path, "respondent_id")
    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("delete", "--source", SID, "--corpus", corpus)).exit_code == 0, r.output
    monkeypatch.setattr(voices.ids, "ID_RULE", 3)
    monkeypatch.setitem(consultation_columns._RULES, 3, consultation_columns._RULES[1])
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_erased"]) == (0, 3)
    assert documents(corpus) == []
    r = run("ingest", "--preview", path, "--corpus", corpus, "--json")
    assert (r.exit_code, json.loads(r.stdout)["id_rules"]) == (0, {SID: 2})


def test_a_mapping_pairs_the_reasons_column_by_the_stored_rule(tmp_path, monkeypatch):
    """--mapping names the roles but not the pairing: "reasons" after a closed column pairs by the source's rule."""
    path = _write(tmp_path, "reasons")
    mapping = tmp_path / "roles.toml"
    r = run("ingest", "--preview", path, "--corpus", tmp_path / "none.duckdb", "--save-mapping", mapping)
    assert r.exit_code == 0, r.output
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    r = run("ingest", path, "--corpus", corpus, "--mapping", mapping, "--json")
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], documents(corpus)) == (0, before)
    assert [d[2:4] for d in before] == [(before[0][2], None)] * 3 and before[0][2] != "Q5"  # rule 1: no pairing
    new = tmp_path / "new.duckdb"
    assert (r := run("ingest", path, "--corpus", new, "--mapping", mapping)).exit_code == 0, r.output
    assert [d[1:4] for d in documents(new)] == RULE_2["reasons"]


NAMED = ("Email,Your name (optional),Q1. What should directors of children's services have done first?\n"
         + "".join(f'r{i}@example.org,Person {"ABC"[i - 1]}an,"{a}"\n' for i, a in enumerate(ANSWERS, 1)))


def test_a_name_column_headed_as_forms_word_it_is_the_author_under_the_newest_rule(tmp_path):
    """'Your name (optional)' was not read as the name column: the name went into each answer's attributes, the
    author was the e-mail, and `delete --author NAME` found no one."""
    path = tmp_path / "named.csv"
    path.write_text(NAMED, encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT author, respondent_id, attributes FROM documents ORDER BY position").fetchall()
    assert rows == [(f"Person {x}an", f"r{i}@example.org", None) for i, x in enumerate("ABC", 1)]
    r = run("delete", "--author", "Person Ban", "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT author FROM documents ORDER BY position").fetchall() == [("Person Aan",), ("Person Can",)]


def test_a_rule_1_source_keeps_its_narrower_name_column_so_a_renamed_copy_is_still_told(tmp_path, monkeypatch):
    """Rule 1 left 'Your name (optional)' as an attribute (author: the e-mail); read by rule 2's name pattern a
    renamed copy had other authors, so the copy check missed it and stored its 3 answers again."""
    path = tmp_path / "named.csv"
    path.write_text(NAMED, encoding="utf-8")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT author FROM documents ORDER BY position").fetchall() == [
            (f"r{i}@example.org",) for i in (1, 2, 3)]
    assert (r := run("ingest", path, "--corpus", corpus, "--json")).exit_code == 0, r.output
    assert json.loads(r.stdout)["documents_added"] == 0
    copy = tmp_path / "named-final.csv"
    copy.write_text(NAMED, encoding="utf-8")
    assert run("ingest", copy, "--corpus", corpus).exit_code == 2
    assert documents(corpus) == before


@pytest.mark.parametrize("earlier_pipe", [False, True])
@pytest.mark.parametrize("which", sorted(FILES))
def test_a_piped_part_of_a_rule_1_file_counts_as_stored_not_as_a_new_source(tmp_path, monkeypatch, which,
                                                                           earlier_pipe):
    """`head -3 FILE | voices ingest -` read the part by rule 2 (R001..., Q5), so no stored source held its
    respondent and question ids and its 2 answers were stored again, as a new source 'stdin'. After an earlier
    pipe had stored "stdin" under rule 2, the part was read by that source's rule, and added to it."""
    path = _write(tmp_path, which)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    stdin = source_id(Source(title="stdin", kind="consultation"))
    earlier = [(stdin, "Something else entirely that an earlier pipe stored.")] if earlier_pipe else []
    if earlier_pipe:
        piped = f"respondent_id,Q1. Anything else to add?\nX1,{earlier[0][1]}\n"
        assert runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "-q"], input=piped).exit_code == 0
    before = rules(corpus)
    assert before == sorted([(SID, 1), *([(stdin, 2)] if earlier_pipe else [])])
    stored = documents(corpus)
    part = "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3])
    r = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=part)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, 2)
    assert done["part_of_stored_sources"] == [{"path": "-", "source_id": SID, "title": "directors", "documents": 2}]
    assert documents(corpus) == stored and rules(corpus) == before
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT source_id, text FROM documents WHERE source_id <> ?", [SID]).fetchall() == earlier


@pytest.mark.parametrize("which", sorted(FILES))
def test_a_part_of_a_rule_1_file_saved_under_another_name_is_refused_as_before(tmp_path, monkeypatch, which):
    path = _write(tmp_path, which)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    part = tmp_path / "directors-part.csv"
    part.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    r = run("ingest", part, "--corpus", corpus)
    assert r.exit_code == 2
    assert (f"{part}: all 2 of its texts are stored already, as they stand here, in source {SID} ('directors')"
            in " ".join(r.stderr.split()))
    assert documents(corpus) == before and rules(corpus) == [(SID, 1)]


def test_preview_reads_a_part_of_a_rule_1_file_as_ingest_does_and_says_why(tmp_path, monkeypatch):
    """--preview showed the part read by rule 2 (respondents R001...), where ingest reads it by rule 1."""
    path = _write(tmp_path, "respondent_id")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    part = tmp_path / "directors-part.csv"
    part.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    sid = source_id(Source(title="directors-part", kind="consultation"))
    r = run("ingest", "--preview", part, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    assert (shown["id_rules"], shown["part_of_older_rule"], shown["columns"][0]["role"]) == ({sid: 1}, [sid],
                                                                                            "category")
    r = run("ingest", "--preview", part, "--corpus", corpus)
    assert ("columns read by id rule 1: a source stored under it holds these answers as that rule reads them, so "
            "ingest counts them as stored there (or refuses a file of its own) rather than storing them again as "
            f"source {sid}") in " ".join(r.stdout.split())
    other = tmp_path / "other.csv"  # not a part: the newest rule, and nothing said
    other.write_text(FILES["respondent_id"].replace("Services", "Councils"), encoding="utf-8")
    shown = json.loads(run("ingest", "--preview", other, "--corpus", corpus, "--json").stdout)
    assert (list(shown["id_rules"].values()), shown["part_of_older_rule"]) == ([2], [])


@pytest.mark.parametrize("which", sorted(FILES))
def test_a_new_file_beside_a_rule_1_source_still_gets_the_newest_rule(tmp_path, monkeypatch, which):
    """Only a part of a stored rule-1 source is read by rule 1: a file with other answers (or one answer the stored
    source lacks) is a new source, by rule 2, even when its other answers are the stored source's."""
    path = _write(tmp_path, which)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    other = tmp_path / "other.csv"
    other.write_text(lines[0] + lines[1] + lines[2].replace("Services", "Councils"), encoding="utf-8")
    added, id_rules, ids = _ingest_new(corpus, other)
    assert (added, id_rules, ids) == (2, [2], [r[:2] for r in RULE_2[which][:2]])


def _ingest_new(corpus, path) -> tuple[int, list[int], list[tuple]]:
    """Ingest ``path`` as a new source: documents added, its id rule, and its answers' (respondent, question)."""
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    sid = source_id(Source(title=path.stem, kind="consultation"))
    done = json.loads(r.stdout)
    with Corpus.open(corpus) as c:
        ids = c.sql("SELECT respondent_id, question_id FROM documents WHERE source_id = ? ORDER BY position",
                    [sid]).fetchall()
    return done["documents_added"], list(done["files"][0]["id_rules"].values()), ids


def _exported(tmp_path, monkeypatch, rule: int, fmt: str = "jsonl", name: str = "first"):
    """An export (``fmt``) of a corpus holding directors.csv (``respondent_id`` kind) under id ``rule``."""
    path = _write(tmp_path, "respondent_id")
    first = tmp_path / f"{name}.duckdb"
    with monkeypatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", path, "--corpus", first, "-q")).exit_code == 0, r.output
    out = tmp_path / (f"{name}-export" if fmt == "parquet" else f"{name}-export.{fmt}")
    assert (r := run("export", "--corpus", first, "--format", fmt, "--out", out)).exit_code == 0, r.output
    return path, first, out


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
@pytest.mark.parametrize("rule", [1, 2])
def test_every_export_format_carries_the_sources_id_rule_under_one_name(tmp_path, monkeypatch, fmt, rule):
    import pandas as pd

    _path, _first, out = _exported(tmp_path, monkeypatch, rule, fmt)
    if fmt == "jsonl":
        got = [json.loads(line)["id_rule"] for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        got = list(pd.read_csv(out, dtype=str, encoding="utf-8-sig")["id_rule"])
    elif fmt == "parquet":
        got = list(pd.read_parquet(out)["id_rule"])
    else:
        got = list(pd.read_excel(out, dtype=str)["id_rule"])
    assert [int(v) for v in got] == [rule] * 3


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_of_a_rule_1_corpus_merged_into_one_holding_the_file_under_rule_1_adds_nothing(
        tmp_path, monkeypatch, fmt):
    path, first, out = _exported(tmp_path, monkeypatch, 1, fmt)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 3, 0)
    assert done["files"][0]["id_rules"] == {SID: 1} and done["warnings"] == []
    assert documents(corpus) == before == documents(first) and rules(corpus) == [(SID, 1)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_of_a_rule_1_corpus_merged_into_one_holding_the_file_under_rule_2_stores_nothing_twice(
        tmp_path, monkeypatch, fmt):
    """The export's rule-1 ids (row-2...) were not the rule-2 source's (R001...): its 3 answers were stored again."""
    path, _first, out = _exported(tmp_path, monkeypatch, 1, fmt)
    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    before = documents(corpus)
    assert [d[1] for d in before] == ["R001", "R002", "R003"]
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 3, 0)
    assert done["files"][0]["id_rules"] == {SID: 2}
    assert done["warnings"] == [
        f"{out}: source {SID} is stored here under id rule 2 and this export has it under rule 1, so its answers "
        "have other ids: 3 are stored here already (same text, author and date), not added again"]
    assert documents(corpus) == before and rules(corpus) == [(SID, 2)]
    r = run("ingest", out, "--corpus", corpus)  # the summary says it too
    assert "0 documents added, 3 skipped as duplicates (already in the corpus)" in r.stderr


def test_an_exported_answer_a_rule_2_source_lacks_is_not_added_under_its_rule_1_id_and_is_counted(
        tmp_path, monkeypatch):
    """Stored under its rule-1 id in a rule-2 source, the answer would be stored again when the source's own file
    is next ingested (by rule 2): it is left out, counted, and the message says to ingest that file."""
    path, _first, out = _exported(tmp_path, monkeypatch, 1)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3]), encoding="utf-8")  # this corpus has only the first two answers
    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", path, "--corpus", corpus, "--source-title", "directors", "-q")).exit_code == 0, r.output
    before = documents(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 2, 1)
    assert done["files"][0]["not_added_other_rule"] == 1
    assert ("2 are stored here already (same text, author and date), not added again; 1 is not stored here and not "
            "added, as the export's ids are not the ones this source's own file gives here: ingest that file (read "
            "by rule 2) to add it") in done["warnings"][0]
    assert documents(corpus) == before
    r = run("ingest", out, "--corpus", corpus)
    assert ("0 documents added, 2 skipped as duplicates (already in the corpus); 1 exported text not added: its "
            "source is stored here under another id rule (see the warning)") in r.stderr
    path.write_text("".join(lines), encoding="utf-8")  # as the message says: the whole file, by rule 2
    r = run("ingest", path, "--corpus", corpus, "--source-title", "directors", "--json")
    assert (r.exit_code, json.loads(r.stdout)["documents_added"]) == (0, 1)
    assert [d[1:] for d in documents(corpus)] == [(*w, a) for w, a in zip(RULE_2["respondent_id"], ANSWERS,
                                                                        strict=True)]


def test_the_export_rule_checks_read_a_stored_row_where_the_store_puts_each_field():
    from voices.ingest import export_matches as m
    from voices.store.corpus import DOCUMENT_COLUMNS

    at = (m.ROW_ID, m.ROW_SOURCE, m.ROW_KIND, m.ROW_AUTHOR, m.ROW_DATE, m.ROW_QUESTION_ID, m.ROW_QUESTION,
          m.ROW_RESPONDENT, m.ROW_CLOSED, m.ROW_TEXT, m.ROW_ATTRIBUTES)
    assert [DOCUMENT_COLUMNS[i] for i in at] == ["id", "source_id", "kind", "author", "posted_at", "question_id",
                                                 "question", "respondent_id", "closed_answer", "text", "attributes"]


def test_a_new_file_whose_first_rows_are_a_rule_1_sources_is_read_by_the_newest_rule(tmp_path, monkeypatch):
    """The rule of a part was judged on the first 500 rows alone: a file starting with a stored rule-1 source's
    answers and going on with 150 of its own was stored as a new source under rule 1 (respondents row-2...).
    A part longer than those rows is still read by rule 1, and refused as the stored file's copy."""
    head = "respondent_id,Q4. Should directors be registered social workers?,Q5. Please give reasons for your answer\n"

    def rows(first: int, last: int, tag: str = "") -> str:
        return "".join(f'R{i:04d},Yes,"Answer {i} {tag}on directors and the risk a team carries."\n'
                       for i in range(first, last + 1))

    path = tmp_path / "directors.csv"
    path.write_text(head + rows(1, 700), encoding="utf-8")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    grown = tmp_path / "directors-2026.csv"
    grown.write_text(head + rows(1, 500) + rows(501, 650, "new "), encoding="utf-8")
    added, id_rules, ids = _ingest_new(corpus, grown)
    assert (added, id_rules, ids[:2]) == (650, [2], [("R0001", "Q5"), ("R0002", "Q5")])
    part = tmp_path / "directors-part.csv"
    part.write_text(head + rows(1, 600), encoding="utf-8")
    r = run("ingest", part, "--corpus", corpus)
    assert r.exit_code == 2 and "all 600 of its texts are stored already" in r.stderr, r.output
    assert [n for _, n in rules(corpus)] == [1, 2]


def _merged(monkeypatch, ingests, out, *given) -> dict:
    """Ingest each ``(file, corpus, id rule)`` (with ``given`` options), export the first corpus to ``out`` (JSONL)
    and ingest that into the second: that ingest's ``--json``."""
    for path, into, rule in ingests:
        with monkeypatch.context() as m:
            m.setattr(voices.ids, "ID_RULE", rule)
            assert (r := run("ingest", path, *given, "--corpus", into, "-q")).exit_code == 0, r.output
    assert (r := run("export", "--corpus", ingests[0][1], "--format", "jsonl", "--out", out)).exit_code == 0, r.output
    return _ingest_json(out, ingests[1][1])


def _ingest_json(path, corpus) -> dict:
    """``voices ingest PATH --corpus CORPUS --json``, done: what it says."""
    r = run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_an_export_brings_a_threads_new_reply_into_a_corpus_holding_the_thread_under_another_rule(tmp_path,
                                                                                                   monkeypatch):
    """The id rules read consultations' columns only: a thread's comments have the same ids by every rule. An
    export of a corpus from before rules (every source rule 1) with a comment the rule-2 corpus lacked was
    refused it ("not stored here and not added ... ingest that file (read by rule 2)"), the comment lost."""
    rows = [{"id": f"c{i}", "source": "Blog post", "author": f"Commenter {i}", "posted_at": f"2024-01-0{i}T10:00:00",
             "text": f"Comment number {i} on who should lead children's services."} for i in range(1, 4)]
    everything, first_two = tmp_path / "all.jsonl", tmp_path / "first-two.jsonl"
    everything.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first_two.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]), encoding="utf-8")
    older, corpus = tmp_path / "older.duckdb", tmp_path / "c.duckdb"
    done = _merged(monkeypatch, [(everything, older, 1), (first_two, corpus, 2)], tmp_path / "older-export.jsonl",
                   "--format", "records")
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (1, 2, 0)
    assert done["warnings"] == []
    with Corpus.open(older) as a, Corpus.open(corpus) as b:
        assert (b.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
                == a.sql("SELECT id, text FROM documents ORDER BY id").fetchall())
    assert [n for _, n in rules(corpus)] == [2]


@pytest.mark.parametrize("which", sorted(FILES))
def test_a_piped_later_part_of_a_rule_1_file_counts_as_stored_by_its_content(tmp_path, monkeypatch, which):
    """Rule 1 numbers respondents by row: the header and row 3 piped gave respondent row-2, where the stored
    answer is row-4, so no stored id matched and the answer was stored again as a new source (rule 2, R003).
    Its text, question, closed answer and other columns (the respondent_id column rule 1 keeps) match: stored."""
    path = _write(tmp_path, which)
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    stored = documents(corpus)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for part, k in ((lines[0] + lines[3], 1), (lines[0] + lines[3] + lines[2], 2)):
        r = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=part)
        assert r.exit_code == 0, r.output
        done = json.loads(r.stdout)
        assert (done["documents_added"], done["skipped_already_present"]) == (0, k)
        assert done["part_of_stored_sources"] == [{"path": "-", "source_id": SID, "title": "directors", "documents": k}]
        assert documents(corpus) == stored and rules(corpus) == [(SID, 1)]
    saved = tmp_path / "directors-part.csv"  # saved under a name of its own: refused, as a part from the top is
    saved.write_text(lines[0] + lines[3], encoding="utf-8")
    r = run("ingest", saved, "--corpus", corpus)
    assert r.exit_code == 2
    assert (f"{saved}: its text is stored already, as it stands here, in source {SID} ('directors')"
            in " ".join(r.stderr.split()))
    assert documents(corpus) == stored


def test_a_piped_later_part_of_a_rule_1_file_with_one_new_answer_is_a_new_source_by_the_newest_rule(
        tmp_path, monkeypatch):
    """Every answer must be held: row 3 with one answer the stored source lacks is stored as a new source, under
    rule 2, as before (both answers, respondents R003 and R004)."""
    path = _write(tmp_path, "respondent_id")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    new = 'R004,Yes,"Registration would give directors the same duties their teams carry."\n'
    r = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=lines[0] + lines[3] + new)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    stdin = source_id(Source(title="stdin", kind="consultation"))
    assert (done["documents_added"], done["skipped_already_present"], done["part_of_stored_sources"]) == (2, 0, [])
    assert sorted(rules(corpus)) == sorted([(SID, 1), (stdin, 2)])
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id, question_id FROM documents WHERE source_id = ? ORDER BY position",
                     [stdin]).fetchall() == [("R003", "Q5"), ("R004", "Q5")]


def test_a_piped_later_part_of_a_rule_1_file_of_answers_alone_does_not_tell(tmp_path, monkeypatch):
    """A match by content needs a column that tells (a respondent id rule 1 kept, a role): the same answer moved
    to another row of a file of answers alone could be another respondent's, so it is stored, as before."""
    path = tmp_path / "plain.csv"
    path.write_text("Q1. What should directors have done first?\n"
                    + "".join(f'"Answer {i}: directors should listen to front line teams first."\n' for i in (1, 2, 3)),
                    encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    with monkeypatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    r = runner.invoke(app, ["ingest", "-", "--format", "consultation", "--corpus", str(corpus), "--json"],
                      input=lines[0] + lines[3])
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], len(documents(corpus))) == (1, 4)


SURVEY = "Email,Q1. What should directors of children's services have done first?\n"
SURVEY_ROWS = [f'p{i}@example.org,"Answer {i}: directors should listen to front line teams first."\n'
               for i in range(1, 5)]


@pytest.mark.parametrize(("exported", "stored"), [(1, 2), (2, 1)])
def test_an_exported_answer_of_a_file_both_rules_read_alike_is_added_whatever_rule_each_corpus_has(
        tmp_path, monkeypatch, exported, stored):
    """No respondent_id column, no unpaired "reasons" question: both rules give the answers the same ids. The
    export's fourth answer, which this corpus lacked, was refused ("not stored here and not added, as the
    export's ids are not the ones this source's own file gives here"), untrue for this file, and lost."""
    whole, part = tmp_path / "A" / "survey.csv", tmp_path / "B" / "survey.csv"
    whole.parent.mkdir(), part.parent.mkdir()
    whole.write_text(SURVEY + "".join(SURVEY_ROWS), encoding="utf-8")
    part.write_text(SURVEY + "".join(SURVEY_ROWS[:3]), encoding="utf-8")
    first, corpus = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    done = _merged(monkeypatch, [(whole, first, exported), (part, corpus, stored)], tmp_path / "a-export.jsonl")
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (1, 3, 0)
    assert done["warnings"] == []
    sid = source_id(Source(title="survey", kind="consultation"))
    assert rules(corpus) == [(sid, stored)]
    assert documents(corpus) == documents(first)  # the same ids, respondents and texts
    assert documents(corpus)[3][1:] == ("p4@example.org", "Q1", None, SURVEY_ROWS[3].split(",", 1)[1].strip()[1:-1])
    with monkeypatch.context() as m:  # and the whole file, read by this corpus's rule, stores nothing twice
        m.setattr(voices.ids, "ID_RULE", stored)
        r = run("ingest", whole, "--corpus", corpus, "--json")
    assert (r.exit_code, json.loads(r.stdout)["documents_added"], len(documents(corpus))) == (0, 0, 4)


def test_a_rule_1_source_with_a_respondent_id_column_still_refuses_a_rule_2_exports_extra_answer(tmp_path,
                                                                                               monkeypatch):
    """Rule 1 kept the respondent_id column as an attribute: the rules read the file otherwise (row-N, R00N), so
    the export's answer the source lacks keeps being left out, counted and warned about."""
    path, _first, out = _exported(tmp_path, monkeypatch, 2)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3]), encoding="utf-8")
    corpus = _rule_1_corpus(tmp_path, monkeypatch, path, "rule-1")
    before = documents(corpus)
    done = _ingest_json(out, corpus)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 2, 1)
    assert ("1 is not stored here and not added, as the export's ids are not the ones this source's own file "
            "gives here: ingest that file (read by rule 1) to add it") in done["warnings"][0]
    assert documents(corpus) == before and rules(corpus) == [(SID, 1)]


def test_the_rules_read_alike_only_without_a_column_or_question_rule_2_reads_otherwise():
    from voices.ingest.consultation_columns import rules_read_alike

    assert rules_read_alike(["Role", "Q4. Should directors be registered?"], ["Q5. Why?"])
    assert rules_read_alike([], ["Q1. What should directors have done first?"])
    assert not rules_read_alike(["respondent_id"], ["Q5. Why?"])
    assert not rules_read_alike(["Response-ID"], [])
    assert not rules_read_alike(["Your name (optional)"], [])
    assert not rules_read_alike([], ["Please give reasons for your answer"])


def test_a_second_batch_of_campaign_copies_is_no_part_of_a_rule_1_batch(tmp_path, monkeypatch):
    """A "Region" is shared by many: a second batch of two new respondents posting the campaign's template from London
    was matched by content with the first batch's London copies and counted as already present (0 added). Only a
    column naming the respondent (an id or a name column rule 1 kept) makes a match by content tell."""
    template = "Leaders must be registered social workers, full stop, say the campaign."
    first = tmp_path / "batch1.csv"
    first.write_text("Region,Q1. Who should lead?\n" + f'London,"{template}"\n' * 3
                     + 'Leeds,"A different answer from a different person here."\n', encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    with monkeypatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert (r := run("ingest", first, "--corpus", corpus, "-q")).exit_code == 0, r.output
    r = runner.invoke(app, ["ingest", "-", "--format", "consultation", "--corpus", str(corpus), "--json"],
                      input="Region,Q1. Who should lead?\n" + f'London,"{template}"\n' * 2)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["part_of_stored_sources"]) == (2, 0, [])
    assert len(documents(corpus)) == 6
