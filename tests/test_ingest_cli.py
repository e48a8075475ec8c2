"""``voices ingest`` end to end: refusals (exit 2, nothing stored), idempotency, busy corpus."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from ingest_helpers import FIX, SAMPLES, SEED, count, documents
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()


def ingest(*args: str):
    return runner.invoke(app, ["ingest", *args])


@pytest.mark.skipif(not SEED.exists(), reason="shared seed file not present")
def test_seed_through_the_cli(tmp_path):
    corpus = tmp_path / "c.duckdb"
    res = ingest(str(SEED), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    assert "1 file, 10 documents added, 0 skipped as duplicates" in res.output
    docs = documents(corpus)
    assert sorted(d["kind"] for d in docs).count("comment") == 6
    by_id = {d["id"]: d for d in docs}
    replies = {d["author"]: by_id[d["parent_id"]]["author"] for d in docs if d["kind"] == "reply"}
    assert replies == {"Jonathan Ritchie": "Dr Steve Rogowski", "Long in the tooth": "Dr Steve Rogowski",
                       "Anita Singh": "Polly"}
    assert [d["position"] for d in sorted(docs, key=lambda d: d["position"])] == list(range(1, 11))


def test_all_samples_ingest_and_the_xlsx_adds_nothing_new(tmp_path):
    corpus = tmp_path / "c.duckdb"
    files = sorted(str(p) for p in SAMPLES.iterdir())  # as `make demo` globs them, README too
    res = ingest(*files, "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert [f["format"] for f in result["files"]] == [
        "skip", "html", "consultation", "consultation", "textpage", "wxr"]
    assert result["documents_added"] == 91
    assert result["skipped_already_present"] == 33
    assert result["skipped"] == {"non-answer": 18, "pingback": 2, "unapproved": 2}


def test_a_file_given_twice_is_read_once_and_said_so(tmp_path, monkeypatch):
    monkeypatch.chdir(SAMPLES)
    corpus = tmp_path / "c.duckdb"
    res = ingest("thread.txt", "./thread.txt", "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert [(f["path"], f["format"], f["warnings"]) for f in result["files"]][1] == (
        "thread.txt", "repeated", ["thread.txt: given more than once in this call; read once"])
    assert result["documents_added"] == count(corpus) and result["skipped_duplicates"] == 0
    res = ingest("thread.txt", "thread.txt", "--corpus", str(tmp_path / "d.duckdb"))
    assert res.stderr.splitlines()[-1].startswith("voices: 1 file (1 given again: read once), ")


def _bad_inputs(tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n  \n", encoding="utf-8")
    return {
        "empty file": (empty, "the file is empty"),
        "blank file": (blank, "the file is empty"),
        "header-only CSV": (FIX / "header_only.csv", "only a header row"),
        "binary file": (binary, "this is a PNG image, not text"),
        "unterminated quote": (FIX / "unterminated.csv", "line 2: a quoted field opened here is never closed"),
        "no text-like column": (FIX / "no_text_column.csv", "columns found: Response ID; Q1. Do you agree?; Score"),
        "page without comments": (FIX / "no_comments.txt", "no comments section found"),
        "XXE": (FIX / "xxe.xml", "refused: the XML declares a DOCTYPE"),
        "billion laughs": (FIX / "billion_laughs.xml", "refused: the XML declares a DOCTYPE"),
        "missing file": (tmp_path / "nope.csv", "no such file"),
    }


BAD = ["empty file", "blank file", "header-only CSV", "binary file", "unterminated quote",
       "no text-like column", "page without comments", "XXE", "billion laughs", "missing file"]


@pytest.mark.parametrize("case", BAD)
def test_refused_input_exits_2_names_the_file_and_stores_nothing(tmp_path, case):
    path, why = _bad_inputs(tmp_path)[case]
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(FIX / "short_thread.txt"), "--corpus", str(corpus)).exit_code == 0
    before = documents(corpus)
    # the bad file comes after a good one: the good one must not be stored either
    res = ingest(str(FIX / "records.jsonl"), str(path), "--corpus", str(corpus))
    assert res.exit_code == 2, res.output
    line = res.output.strip().splitlines()[-1]
    assert line.startswith("voices: error: ") and str(path) in line and why in line
    assert "Traceback" not in res.output
    assert documents(corpus) == before


def test_refused_input_leaves_no_new_corpus_file(tmp_path):
    corpus = tmp_path / "fresh.duckdb"
    res = ingest(str(FIX / "header_only.csv"), "--corpus", str(corpus))
    assert res.exit_code == 2
    assert not corpus.exists()


def test_same_file_twice_adds_nothing(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(FIX / "short_thread.txt"), "--corpus", str(corpus)).exit_code == 0
    first = documents(corpus)
    res = ingest(str(FIX / "short_thread.txt"), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    assert "0 documents added, 5 skipped as duplicates (already in the corpus)" in res.output
    assert documents(corpus) == first


def test_updated_thread_adds_only_new_comments_and_updates_positions(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(FIX / "short_thread.txt"), "--corpus", str(corpus)).exit_code == 0
    before = {d["id"]: d for d in documents(corpus)}
    res = ingest(str(FIX / "short_thread_updated.txt"), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    file = json.loads(res.stdout)["files"][0]
    assert (file["added"], file["already_present"], file["repositioned"]) == (2, 5, 1)
    after = {d["id"]: d for d in documents(corpus)}
    assert set(before) <= set(after)
    assert {after[i]["author"] for i in set(after) - set(before)} == {"Dina S", "Eve T"}
    cara = next(d for d in after.values() if d["author"] == "Cara R")
    assert cara["position"] == 6  # after Dina's new reply
    dina = next(d for d in after.values() if d["author"] == "Dina S")
    assert after[dina["parent_id"]]["author"] == "Asha P"


def test_a_second_file_of_the_same_name_is_told_how_to_stay_a_source_of_its_own(tmp_path):
    """Two record files named alike are one source, and a text with no id, author or date is known by its
    place: the 2024 file's first text had the 2023 file's id and was dropped as 'already in the corpus'."""
    corpus = tmp_path / "c.duckdb"
    for year, texts in (("2023", ["Directors must be social workers."]),
                        ("2024", ["Pay is the real problem.", "Caseloads are far too high."])):
        (tmp_path / year).mkdir()
        (tmp_path / year / "comments.jsonl").write_text("".join(f'{{"text": "{t}"}}\n' for t in texts), "utf-8")
    assert ingest(str(tmp_path / "2023" / "comments.jsonl"), "--corpus", str(corpus)).exit_code == 0
    res = ingest(str(tmp_path / "2024" / "comments.jsonl"), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    # the text not added is no duplicate: it was counted as one ("1 skipped as duplicates (already in the corpus)")
    assert (result["documents_added"], result["skipped_already_present"], result["not_added_other_text"],
            result["files"][0]["not_added_other_text"]) == (1, 0, 1, 1)
    assert res.stderr.splitlines()[-1] == (
        "voices: 1 file, 1 document added, 0 skipped as duplicates; 1 text not added: a stored document with "
        "other words holds its id (see the warning)")
    assert result["warnings"] == [
        f"{tmp_path / '2024' / 'comments.jsonl'}: 1 text was not added: it has the id of a stored document "
        "whose text or author differs (first on line 1), and the stored text is kept. If the file's text is an edit of the "
        "stored one, give --replace to take it (the source's documents the file lacks then go). A text with no "
        "id, author or date is known by its place in its source, and a source by its title: if this file is "
        "another source, give --source-title NAME (or --id-column for the records' own ids)"]
    again = ingest(str(tmp_path / "2023" / "comments.jsonl"), "--corpus", str(corpus), "--json")
    assert not any("not added" in w for w in json.loads(again.stdout)["warnings"])  # the same text: no loss
    res = ingest(str(tmp_path / "2024" / "comments.jsonl"), "--source-title", "comments 2024", "--corpus",
                 str(corpus), "--json")
    assert res.exit_code == 0 and not json.loads(res.stdout)["warnings"], res.output
    assert sorted(d["text"] for d in documents(corpus)) == [
        "Caseloads are far too high.", "Caseloads are far too high.", "Directors must be social workers.",
        "Pay is the real problem."]


def test_an_edited_text_is_told_that_replace_takes_it(tmp_path):
    """A comment edited since it was stored keeps its id: the warning named only --source-title, though
    ingest --replace now updates a stored document to the file's text, and that is the remedy here."""
    corpus, path = tmp_path / "c.duckdb", tmp_path / "comments.csv"
    path.write_text("id,text,author\nc1,Buses help.,Al\nc2,Call me on 07700 900123 about it.,Bo\n", "utf-8")
    assert ingest(str(path), "--corpus", str(corpus)).exit_code == 0
    path.write_text("id,text,author\nc1,Buses help.,Al\nc2,I oppose it.,Bo\n", "utf-8")
    res = ingest(str(path), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    (warning,) = json.loads(res.stdout)["warnings"]
    assert "1 text was not added: it has the id" in warning and "(first on line 3)" in warning
    assert "If the file's text is an edit of the stored one, give --replace to take it" in warning
    assert sorted(d["text"] for d in documents(corpus)) == ["Buses help.", "Call me on 07700 900123 about it."]
    res = ingest(str(path), "--corpus", str(corpus), "--replace", "--json")  # the advice, followed
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert (result["documents_updated"], result["warnings"]) == (1, [])
    assert sorted(d["text"] for d in documents(corpus)) == ["Buses help.", "I oppose it."]


def test_replace_does_not_overwrite_a_text_an_earlier_file_of_the_call_stored(tmp_path):
    """Two files named alike in one --replace call are one source: the second file's first text has the
    first file's first id, and --replace (which updates an edited document) overwrote it without a word,
    losing 'Directors must be social workers.' and calling it '1 updated (changed in the files)'."""
    corpus = tmp_path / "c.duckdb"
    for year, texts in (("2023", ["Directors must be social workers.", "Keep the current rules."]),
                        ("2024", ["Pay is the real problem."])):
        (tmp_path / year).mkdir()
        (tmp_path / year / "comments.jsonl").write_text("".join(f'{{"text": "{t}"}}\n' for t in texts), "utf-8")
    files = [str(tmp_path / year / "comments.jsonl") for year in ("2023", "2024")]
    res = ingest(*files, "--corpus", str(corpus), "--replace", "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert (result["documents_added"], result["documents_updated"], result["skipped_already_present"],
            result["not_added_other_text"]) == (2, 0, 0, 1)
    assert result["warnings"] == [
        f"{files[1]}: 1 text was not added: it has the id of a document an earlier file of this call "
        "stored with another text (first on line 1), and that text is kept. A text with no id, author or date is "
        "known by its place in its source, and a source by its title: give this file its own --source-title NAME "
        "(or --id-column for the records' own ids)"]
    assert sorted(d["text"] for d in documents(corpus)) == ["Directors must be social workers.",
                                                            "Keep the current rules."]


def test_a_file_lacking_documents_of_its_source_says_how_to_keep_it_apart(tmp_path):
    corpus = tmp_path / "c.duckdb"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "comments.jsonl").write_text('{"text": "One.", "author": "Al"}\n', "utf-8")
    (tmp_path / "b" / "comments.jsonl").write_text('{"text": "Two.", "author": "Bo"}\n', "utf-8")
    assert ingest(str(tmp_path / "a" / "comments.jsonl"), "--corpus", str(corpus)).exit_code == 0
    res = ingest(str(tmp_path / "b" / "comments.jsonl"), "--corpus", str(corpus), "--json")
    assert json.loads(res.stdout)["warnings"][0].endswith(
        "1 document of source " + json.loads(res.stdout)["files"][0]["sources"][0] + " is not in this file and "
        "stays in the corpus; give --replace to keep only this file's, or --source-title NAME if this file is "
        "another source")


def test_duplicate_rows_are_reported_and_stored_once(tmp_path):
    corpus = tmp_path / "c.duckdb"
    res = ingest(str(FIX / "small_consultation.csv"), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert (result["documents_added"], result["skipped_duplicates"]) == (4, 2)
    assert any("small_consultation.csv: row 5 (line 6): duplicate of an earlier row (question Q1)" in w for w in result["warnings"])  # noqa: E501 - the message as a user reads it
    assert count(corpus) == 4


def test_format_override_and_bad_format(tmp_path):
    corpus = tmp_path / "c.duckdb"
    res = ingest(str(FIX / "records.csv"), "--format", "records", "--text-field", "body", "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    res = ingest(str(FIX / "records.csv"), "--format", "pdf", "--corpus", str(corpus))
    assert res.exit_code == 2 and "--format 'pdf' is not one of" in res.output


def test_five_megabyte_line_is_parsed_or_refused_quickly(tmp_path):
    corpus = tmp_path / "c.duckdb"
    big_csv = tmp_path / "big.csv"
    big_csv.write_text("id,text\n1," + "x" * 5_000_000 + "\n", encoding="utf-8")
    big_txt = tmp_path / "big.txt"
    big_txt.write_text("a " * 2_500_000, encoding="utf-8")
    start = time.monotonic()
    refused = ingest(str(big_csv), "--corpus", str(corpus))
    assert refused.exit_code == 2 and "line 2" in refused.output and "--max-text-chars" in refused.output
    assert not corpus.exists()
    assert ingest(str(big_csv), "--corpus", str(corpus), "--max-text-chars", "6000000").exit_code == 0
    assert len(documents(corpus)[0]["text"]) == 5_000_000
    res = ingest(str(big_txt), "--corpus", str(corpus))
    assert res.exit_code == 2 and "no comments section" in res.output
    assert time.monotonic() - start < 30


def test_second_writer_gets_busy_exit_3(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(FIX / "short_thread.txt"), "--corpus", str(corpus)).exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom voices.store import Corpus\n"
         "with Corpus.open(sys.argv[1], write=True):\n    print('ready', flush=True)\n    time.sleep(60)\n",
         str(corpus)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        res = ingest(str(FIX / "records.jsonl"), "--corpus", str(corpus))
        assert res.exit_code == 3, res.output
        assert "is busy: another voices process is using it" in res.output and "Traceback" not in res.output
    finally:
        holder.kill()
        holder.wait()
    assert count(corpus) == 5


def test_a_duplicate_survey_row_is_warned_about_without_the_respondents_e_mail(tmp_path):
    """The warning read 'duplicate of an earlier row (respondent jane.doe@example.org, q...)':
    a survey's respondent id is the e-mail (or name) column, and stderr ends up in logs."""
    form = tmp_path / "form.csv"
    row = "2024-03-01T10:00,jane.doe@example.org,Jane Doe,Caseloads are far too high for anyone to manage well here."
    form.write_text("Timestamp,Email Address,Your name,Please explain your views on caseloads\n"
                    f"{row}\n{row}\n2024-03-02T11:00,sam.lee@example.org,Sam Lee,We need more staff and "
                    "better supervision for new starters.\n", encoding="utf-8")
    res = ingest(str(form), "--corpus", str(tmp_path / "c.duckdb"), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["skipped_duplicates"] == 1
    assert [w for w in result["warnings"] if "duplicate" in w] == [
        f"{form}: row 3 (line 3): duplicate of an earlier row (question {_question_id(tmp_path / 'c.duckdb')}); "
        "stored once"]
    assert not [w for w in result["warnings"] if "example.org" in w or "Jane" in w]


def _question_id(corpus) -> str:
    from voices.store import Corpus

    with Corpus.open(corpus) as c:
        return c.sql("SELECT DISTINCT question_id FROM documents").fetchall()[0][0]


def test_replace_sets_aside_the_label_of_a_document_whose_text_it_changes(tmp_path):
    """An edited text kept its person's label ("for" given to a text that now argues against),
    which training, the validation sample and reports then used as evidence about the new text.
    The label now goes to the label history, with a warning; a label whose text is unchanged stays."""
    from voices.store import Corpus
    from voices.store.labels import add_label
    from voices.store.validation import add_members
    from voices.store.validation_scores import validation_pairs

    corpus, path = tmp_path / "c.duckdb", tmp_path / "comments.csv"
    path.write_text("id,text,author\nc1,Directors must be social workers.,Al\nc2,Pay is the real problem.,Bo\n",
                    "utf-8")
    assert ingest(str(path), "--corpus", str(corpus)).exit_code == 0
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c1, c2 = (r[0] for r in c.sql("SELECT id FROM documents ORDER BY position").fetchall())
        for doc in (c1, c2):
            add_label(c, doc, "social_work_leaders", [], by="Ann")
        add_members(c, [c1, c2])
    path.write_text("id,text,author\nc1,Directors need not be social workers.,Al\nc2,Pay is the real problem.,Bob\n",
                    "utf-8")
    res = ingest(str(path), "--corpus", str(corpus), "--replace", "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert (result["documents_updated"], result["labels_superseded"]) == (2, [c1])  # c2: only its author changed
    note = (f"1 labelled document has a new text ({c1}): their labels no longer count and are "
            "kept in the corpus's label history (voices export --label-history lists them); label them again "
            "with voices label ID")
    assert res.stderr.splitlines()[0] == f"voices: WARNING: {note}"
    assert result["warnings"][-1] == note  # --json lists every warning the call printed
    with Corpus.open(corpus, write=True) as c:
        assert c.sql("SELECT doc_id, stance, labelled_by FROM labels").fetchall() == [(c2, "social_work_leaders", "Ann")]
        assert c.sql("SELECT doc_id, stance, labelled_by, reason FROM label_history").fetchall() == [
            (c1, "social_work_leaders", "Ann", "text updated by ingest --replace")]
        with c.transaction():  # classified again: the validation block counts c2 alone
            for doc in (c1, c2):
                c.sql("INSERT INTO predictions (doc_id, status, stance, classified_at) VALUES (?, 'ok', 'none', now())",
                      [doc])
        assert validation_pairs(c) == [("social_work_leaders", "none")]
    res = ingest(str(path), "--corpus", str(corpus), "--replace", "--json")
    assert json.loads(res.stdout)["labels_superseded"] == [] and "WARNING" not in res.stderr


def test_blank_answers_are_counted_in_the_summary_and_the_json(tmp_path):
    path = tmp_path / "blanks.csv"
    path.write_text("Response ID,Q1. Why do you stay in social work?\n"
                    "R1,The children I work with and the colleagues who hold me up\n"
                    "R2,\nR3,N/A\nR4,   \n"
                    "R5,Supervision that actually helps me think about a family\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    res = ingest(str(path), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    assert "2 documents added, 0 skipped as duplicates; not documents: 1 non-answer, 2 blank answers" in res.output
    res = ingest(str(path), "--corpus", str(tmp_path / "d.duckdb"), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert (result["blank"], result["files"][0]["blank"], result["skipped"]) == (2, 2, {"non-answer": 1})
    assert sorted(d["respondent_id"] for d in documents(corpus)) == ["R1", "R5"]
