"""The user's own ids: a records file's ``id`` is kept as ``original_id``, exported, and taken by ``label --from``.

A researcher's texts come with their own ids (a spreadsheet's row ids, a survey tool's
response ids) and so do their labels. Before, ingest used those ids only to derive its
own and then dropped them, so ``voices label --from`` refused every row of a label file
written against the user's ids and nothing joined results back to their data.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()
SAMPLES = Path(__file__).parents[1] / "corpora" / "samples"
TEXTS = [
    ("r-01", "Directors of children's services should be registered social workers."),
    ("r-02", "Caseloads are the problem, not who sits at the top."),
    ("r-03", "A director runs schools, health and police partnerships too."),
]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def records(path: Path, rows=TEXTS, id_field: str = "id") -> Path:
    path.write_text("".join(json.dumps({id_field: i, "text": t}) + "\n" for i, t in rows), encoding="utf-8")
    return path


def labels(path: Path) -> dict[str, str]:
    with Corpus.open(path) as c:
        return dict(c.sql("SELECT d.original_id, l.stance FROM labels l JOIN documents d ON d.id = l.doc_id").fetchall())


def test_records_keep_their_own_id_in_every_export(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", records(tmp_path / "t.jsonl"), "--corpus", corpus).exit_code == 0
    out = run("export", "--format", "jsonl", "--corpus", corpus)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["original_id"], r["text"]) for r in rows] == TEXTS
    assert all(r["id"].startswith("d") and r["id"] != r["original_id"] for r in rows)
    csv_out = tmp_path / "e.csv"
    assert run("export", "--format", "csv", "--out", csv_out, "--corpus", corpus).exit_code == 0
    frame = pd.read_csv(csv_out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame["original_id"]) == ["r-01", "r-02", "r-03"] and list(frame.columns[-2:]) == ["original_id", "id_rule"]
    pq_out = tmp_path / "ds"
    assert run("export", "--format", "parquet", "--out", pq_out, "--corpus", corpus).exit_code == 0
    assert list(pd.read_parquet(pq_out)["original_id"]) == ["r-01", "r-02", "r-03"]


def test_a_text_file_has_no_original_id(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", SAMPLES / "thread.txt", "--corpus", corpus).exit_code == 0
    rows = [json.loads(line) for line in run("export", "--format", "jsonl", "--corpus", corpus).stdout.splitlines()]
    assert rows and all(r["original_id"] is None for r in rows)


def test_label_from_takes_the_users_own_ids(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", records(tmp_path / "t.jsonl"), "--corpus", corpus).exit_code == 0
    (tmp_path / "l.csv").write_text("id,stance\nr-01,social_work_leaders\nr-02,none\n", encoding="utf-8")
    res = run("label", "--from", tmp_path / "l.csv", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert labels(corpus) == {"r-01": "social_work_leaders", "r-02": "none"}
    # the single-document form takes it too
    assert run("label", "r-03", "--stance", "system_leaders", "--corpus", corpus).exit_code == 0
    assert labels(corpus)["r-03"] == "system_leaders"


def test_an_id_two_files_share_is_refused_naming_the_row(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", records(tmp_path / "a.jsonl"), records(tmp_path / "b.jsonl", [("r-01", "Other text.")]),
               "--corpus", corpus).exit_code == 0
    (tmp_path / "l.csv").write_text("id,stance\nr-02,none\nr-01,none\n", encoding="utf-8")
    res = run("label", "--from", tmp_path / "l.csv", "--corpus", corpus)
    assert res.exit_code == 2
    message = res.stderr.strip()
    assert "row 3" in message and "2 documents have the id 'r-01'" in message and "nothing was stored" in message
    assert len(message.splitlines()) == 1 and labels(corpus) == {}


def test_a_voices_id_still_wins_and_an_unknown_id_is_refused(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", records(tmp_path / "t.jsonl"), "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        first = c.sql("SELECT id FROM documents WHERE original_id = 'r-01'").fetchall()[0][0]
    (tmp_path / "l.csv").write_text(f"id,stance\n{first},none\nr-99,none\n", encoding="utf-8")
    res = run("label", "--from", tmp_path / "l.csv", "--corpus", corpus)
    assert res.exit_code == 2 and "row 3" in res.stderr and "'r-99'" in res.stderr and labels(corpus) == {}


def test_redacted_outputs_leave_it_empty(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", records(tmp_path / "t.jsonl"), "--corpus", corpus).exit_code == 0
    out = run("export", "--format", "jsonl", "--redact", "--corpus", corpus)
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3 and all(r["original_id"] is None for r in rows)
    assert "r-01" not in out.stdout


def test_an_export_read_back_keeps_it(tmp_path):
    corpus, again = tmp_path / "c.duckdb", tmp_path / "d.duckdb"
    assert run("ingest", records(tmp_path / "t.jsonl"), "--corpus", corpus).exit_code == 0
    assert run("export", "--format", "csv", "--out", tmp_path / "e.csv", "--corpus", corpus).exit_code == 0
    assert run("ingest", tmp_path / "e.csv", "--corpus", again).exit_code == 0
    with Corpus.open(again) as c:
        assert sorted(r[0] for r in c.sql("SELECT original_id FROM documents").fetchall()) == ["r-01", "r-02", "r-03"]


def test_an_older_corpus_reads_with_it_empty_and_gains_the_column_on_write(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "corpus-v1.duckdb.gz"
    old = tmp_path / "v1.duckdb"
    with gzip.open(fixture) as src, old.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    rows = [json.loads(line) for line in run("export", "--format", "jsonl", "--corpus", old).stdout.splitlines()]
    assert len(rows) == 66 and all(r["original_id"] is None for r in rows)
    assert run("ingest", records(tmp_path / "t.jsonl"), "--corpus", old).exit_code == 0
    with Corpus.open(old) as c:
        kept = c.sql("SELECT count(*) FILTER (original_id IS NULL), count(original_id) FROM documents").fetchall()[0]
    assert kept == (66, 3)


def test_an_own_id_unknown_because_stored_before_says_to_ingest_the_file_again(tmp_path):
    """Records stored before voices kept their file's ids have none: label by that id said only 'no
    document', though the id is in the user's file; it names the way to add them."""
    corpus = tmp_path / "c.duckdb"
    file = records(tmp_path / "t.jsonl")
    assert run("ingest", file, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus, write=True) as c:  # as the code before schema 7 stored it
        c.sql("UPDATE documents SET original_id = NULL")
    refused = run("label", "r-01", "--stance", "none", "--corpus", corpus)
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith(
        "; records stored before voices kept your file's ids have none: `voices ingest` that file again to add "
        "them (nothing else changes)"), refused.stderr
    assert run("ingest", file, "--corpus", corpus).exit_code == 0
    taken = run("label", "r-01", "--stance", "none", "--corpus", corpus)
    assert taken.exit_code == 0, taken.output
    unknown = run("label", "r-99", "--stance", "none", "--corpus", corpus)  # every id kept: no such hint
    assert unknown.exit_code == 2 and "stored before" not in unknown.stderr, unknown.stderr


def test_a_consultation_answer_is_labelled_by_its_respondent_id(tmp_path):
    """A survey export's row id is the respondent's: one free-text answer each, so it names one document."""
    corpus = tmp_path / "c.duckdb"
    answers = tmp_path / "survey.csv"
    answers.write_text("Response ID,Your views on who should lead\n"
                       "R-1,Directors should be qualified social workers with years of practice.\n"
                       "R-2,It matters less who they are than whether they ever meet a family.\n", encoding="utf-8")
    assert run("ingest", answers, "--corpus", corpus).exit_code == 0
    (tmp_path / "l.csv").write_text("id,stance\nR-2,practice_connected\n", encoding="utf-8")
    res = run("label", "--from", tmp_path / "l.csv", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        got = c.sql("SELECT d.respondent_id, l.stance FROM labels l JOIN documents d ON d.id = l.doc_id").fetchall()
    assert got == [("R-2", "practice_connected")]


def test_a_respondent_with_two_answers_is_ambiguous(tmp_path):
    corpus = tmp_path / "c.duckdb"
    answers = tmp_path / "survey.csv"
    answers.write_text("Response ID,Q1 Who should lead children's services?,Q2 What else should change?\n"
                       "R-1,Directors should be qualified social workers with practice.,Caseloads must come down now.\n",
                       encoding="utf-8")
    assert run("ingest", answers, "--corpus", corpus).exit_code == 0
    (tmp_path / "l.csv").write_text("id,stance\nR-1,social_work_leaders\n", encoding="utf-8")
    res = run("label", "--from", tmp_path / "l.csv", "--corpus", corpus)
    assert res.exit_code == 2 and "row 2" in res.stderr and "2 documents have the id 'R-1'" in res.stderr
    assert "give the voices id instead" in res.stderr


def test_ingesting_the_file_again_fills_it_in_for_an_older_corpus_and_keeps_predictions(tmp_path, monkeypatch):
    from report_fixtures import FakeStance, FakeThemes

    import voices.classify

    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    corpus, data = tmp_path / "c.duckdb", records(tmp_path / "t.jsonl")
    assert run("ingest", data, "--corpus", corpus).exit_code == 0
    assert run("classify", "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus, write=True) as c:  # as stored before voices kept the record's own id
        c.sql("UPDATE documents SET original_id = NULL")
    for extra in ([], ["--replace"]):
        res = run("ingest", data, "--corpus", corpus, "--json", *extra)
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["files"][0]["updated"] == 0
        with Corpus.open(corpus) as c:
            assert sorted(r[0] for r in c.sql("SELECT original_id FROM documents").fetchall()) == ["r-01", "r-02", "r-03"]
            assert c.sql("SELECT count(*) FROM predictions").fetchall()[0][0] == 3
        with Corpus.open(corpus, write=True) as c:
            c.sql("UPDATE documents SET original_id = NULL")


def test_an_xlsx_workbooks_row_id_is_a_respondent_id_never_an_original_id(tmp_path):
    """The README and the export's columns sheet said an XLSX records file's id becomes original_id, but a
    workbook is read as a consultation, whose row id is a respondent's: it is respondent_id, and says so."""
    import openpyxl

    from voices.formats.columns import FIELD_DOCS

    book = openpyxl.Workbook()
    book.active.append(["id", "text"])
    book.active.append(["X-1", "The fees are too high for families like ours and we oppose them."])
    book.active.append(["X-2", "Please keep the library open on Saturdays for the children."])
    book.save(tmp_path / "rec.xlsx")
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", tmp_path / "rec.xlsx", "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id, original_id FROM documents ORDER BY position").fetchall() == [
            ("X-1", None), ("X-2", None)]
    assert run("label", "X-2", "--stance", "none", "--corpus", corpus).exit_code == 0  # its respondent's one answer
    assert FIELD_DOCS["original_id"] == (
        "The id your own file gave the record (a JSONL or CSV records file's id column); empty when redacted.")
