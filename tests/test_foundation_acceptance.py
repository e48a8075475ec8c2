"""Acceptance of the foundation issue, behaviour by behaviour, through the CLI as a user runs it.

Each test pins a gap the acceptance audit found (and fixed), or a promise of the
issue no other test file covers end to end.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import FIX, documents
from store_fixtures import make_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.export import neutralise_cell
from voices.ingest.base import iso_datetime
from voices.ingest.exported import unneutralise
from voices.schemas import EXPORT_FIELDS, HUMAN_LABEL_FIELDS
from voices.store import Corpus

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def exported(corpus: Path) -> list[dict]:
    res = run("export", "--format", "jsonl", "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


# ---- the package ---------------------------------------------------------------------
def test_version_from_the_script_and_python_dash_m():
    res = run("--version")
    assert res.exit_code == 0 and res.output.startswith("voices ")
    out = subprocess.run([sys.executable, "-m", "voices", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == res.output


def test_voices_corpus_variable_is_used_by_every_corpus_command(tmp_path):
    env = {"VOICES_CORPUS": str(tmp_path / "env.duckdb")}
    assert run("ingest", str(FIX / "short_thread.txt"), env=env).exit_code == 0
    assert (tmp_path / "env.duckdb").exists()
    res = run("corpus", "--json", env=env)
    assert res.exit_code == 0 and json.loads(res.stdout)["sources"][0]["documents"] == 5
    res = run("export", "--format", "jsonl", env=env)
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 5
    sid = json.loads(res.stdout.splitlines()[0])["source_id"]
    # --corpus wins over the variable
    other = tmp_path / "other.duckdb"
    assert run("ingest", str(FIX / "records.jsonl"), "--corpus", str(other), env=env).exit_code == 0
    assert run("delete", "--source", sid, env=env).exit_code == 0
    with Corpus.open(tmp_path / "env.duckdb") as c:
        assert c.count_documents() == 0
    with Corpus.open(other) as c:
        assert c.count_documents() == 3


def test_a_corpus_in_a_missing_folder_is_refused_clearly(tmp_path):
    res = run("ingest", str(FIX / "short_thread.txt"), "--corpus", str(tmp_path / "no" / "c.duckdb"))
    assert res.exit_code == 2
    assert "folder" in res.output and "does not exist" in res.output and "Traceback" not in res.output


# ---- ingest: messages, summary, sniffing ----------------------------------------------
def test_summary_line_counts_files_documents_and_duplicates(tmp_path):
    corpus = tmp_path / "c.duckdb"
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "a", "text": "Only one."}\n{"id": "a", "text": "Only one."}\n', encoding="utf-8")
    res = run("ingest", str(one), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    assert res.output.strip().splitlines()[-1] == (
        "voices: 1 file, 1 document added, 1 skipped as duplicates"
    )


def test_error_messages_stay_on_one_line(tmp_path):
    bad = tmp_path / "fields.jsonl"
    bad.write_text('{"com\\nment": "no text field here"}\n', encoding="utf-8")
    res = run("ingest", str(bad), "--corpus", str(tmp_path / "c.duckdb"))
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1
    assert str(bad) in res.output and "no text column or field" in res.output


def test_random_binary_is_named_binary(tmp_path):
    data = tmp_path / "upload.csv"
    # one control byte in sixteen, the rest high bytes: binary, though under 10% controls
    data.write_bytes(bytes(1 + i // 16 % 8 if i % 16 == 0 else 0x80 + i * 31 % 128 for i in range(20_000)))
    res = run("ingest", str(data), "--corpus", str(tmp_path / "c.duckdb"))
    assert res.exit_code == 2
    assert f"{data}: this is binary data, not text" in res.output
    assert not (tmp_path / "c.duckdb").exists()


_TABLE = (
    "Respondent ID\tQ1 Do you agree?\tQ1a Please explain your answer\r\n"
    "R1\tAgree\tIt costs £5 more and the “support” is thin.\r\n"
    "R2\tDisagree\tNaïve plan; £2m isn’t enough for the whole county.\r\n"
)


@pytest.mark.parametrize("name,data", [
    ("excel-unicode-text.txt", codecs.BOM_UTF16_LE + _TABLE.encode("utf-16-le")),
    ("no-bom.csv", _TABLE.replace("\t", ",").encode("utf-16-le")),
    ("one-column.csv", "Please explain your answer\r\nIt costs £5 more and the support is thin.\r\n".encode("cp1252")),
])
def test_consultation_tables_excel_writes_are_recognised(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    corpus = tmp_path / "c.duckdb"
    res = run("ingest", str(path), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    docs = documents(corpus)
    assert {d["kind"] for d in docs} == {"consultation_answer"}
    assert "£5" in docs[0]["text"]


def test_source_title_names_the_source_for_each_single_source_format(tmp_path):
    corpus = tmp_path / "c.duckdb"
    for name in ("short_thread.txt", "small.html", "small_consultation.csv", "records.jsonl"):
        res = run("ingest", str(FIX / name), "--source-title", f"Title of {name}", "--corpus", str(corpus))
        assert res.exit_code == 0, res.output
    titles = {d["source_title"] for d in exported(corpus)}
    assert titles == {f"Title of {n}" for n in
                      ("short_thread.txt", "small.html", "small_consultation.csv", "records.jsonl")}


# ---- NUL bytes and dates ---------------------------------------------------------------
def test_nul_bytes_in_a_wordpress_export_are_stripped_with_a_warning(tmp_path):
    text = (FIX / "small.xml").read_text(encoding="utf-8")
    damaged = tmp_path / "nul.xml"
    damaged.write_text(text.replace("A reply, listed", "A re\x00ply, listed"), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    res = run("ingest", str(damaged), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    assert any("NUL characters removed (line 17)" in w for w in json.loads(res.stdout)["warnings"])
    assert any(d["text"] == "A reply, listed before its parent in the file." for d in documents(corpus))


@pytest.mark.parametrize("given,iso", [
    ("2024-03-01 14:05", "2024-03-01T14:05:00"),
    ("01/03/2024 14:05", "2024-03-01T14:05:00"),
    ("2024/03/01", "2024-03-01"),
    ("01.03.2024", "2024-03-01"),
    ("Fri, 01 Mar 2024 14:05:00 +0000", "2024-03-01T14:05:00+00:00"),
    ("1709301900", "2024-03-01T14:05:00+00:00"),
    ("March 1, 2024 at 2:05 pm", "2024-03-01T14:05:00"),
    ("yesterday", None),
    ("0000-00-00 00:00:00", None),  # WordPress's "no date"
])
def test_posted_at_is_iso_8601_or_empty(given, iso):
    assert iso_datetime(given) == iso


def test_unreadable_dates_are_left_empty_with_a_warning(tmp_path):
    rows = tmp_path / "dated.jsonl"
    rows.write_text('{"text": "First.", "date": "last Tuesday"}\n'
                    '{"text": "Second.", "date": "2024/03/01 09:30"}\n', encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    res = run("ingest", str(rows), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    assert any("line 1: 'last Tuesday' is not a date" in w for w in json.loads(res.stdout)["warnings"])
    assert [d["posted_at"] for d in documents(corpus)] == [None, "2024-03-01T09:30:00"]


# ---- positions stay 1..n -----------------------------------------------------------------
def test_a_thread_that_lost_a_comment_keeps_positions_one_to_n(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", str(FIX / "short_thread_updated.txt"), "--corpus", str(corpus)).exit_code == 0
    order = [d["author"] for d in exported(corpus)]
    # the older copy lacks two comments the corpus already holds (as after moderation)
    res = run("ingest", str(FIX / "short_thread.txt"), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    after = exported(corpus)
    assert [d["position"] for d in after] == list(range(1, len(after) + 1))
    assert [d["author"] for d in after] == order


def test_a_consultation_in_two_files_is_numbered_through(tmp_path):
    head = "ID,Q1 Please explain your answer\n"
    first, second = tmp_path / "part1.csv", tmp_path / "part2.csv"
    first.write_text(head + "A1,The first long enough answer.\nA2,The second long enough answer.\n")
    second.write_text(head + "B1,The third long enough answer.\nB2,The fourth long enough answer.\n")
    corpus = tmp_path / "c.duckdb"
    for part in (first, second, first):
        res = run("ingest", str(part), "--source-title", "One consultation", "--corpus", str(corpus))
        assert res.exit_code == 0, res.output
    assert [(d["position"], d["respondent_id"]) for d in exported(corpus)] == [
        (1, "A1"), (2, "A2"), (3, "B1"), (4, "B2")]


# ---- export and round trip ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["=SUM(A1)", "'=already quoted", "''+44 twice", "'plain", "-1 for pay"])
def test_csv_formula_neutralising_round_trips(text):
    assert unneutralise(neutralise_cell(text)) == text
    assert not neutralise_cell(text).startswith(("=", "+", "-", "@"))


def _classify_by_hand(corpus: Path) -> None:
    with Corpus.open(corpus, write=True) as c, c.transaction():
        ids = [r[0] for r in c.sql("SELECT id FROM documents ORDER BY id").fetchall()]
        for i, doc in enumerate(ids):
            c.sql("""INSERT INTO predictions VALUES (?, 'ok', 'en', ?, 0.8, '{"a": 0.8, "b": 0.2}',
                     false, ?, '{"pay": 0.9}', 'm-stance', 'm-themes', now())""",
                  [doc, "=a" if i % 2 else "b", ["pay", "burnout"] if i % 2 else []])
        c.sql("INSERT INTO labels VALUES (?, 'a', ['pay'], 'tester', now())", [ids[0]])
        c.sql("INSERT INTO prepared VALUES (?, 'v1', 'cached')", [ids[0]])


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_of_a_classified_corpus_ingests_back_with_every_field(tmp_path, fmt):
    corpus = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("UPDATE documents SET author = '''=quoted' WHERE author = 'Anon'")
    _classify_by_hand(corpus)
    before = exported(corpus)
    assert "stance" in before[0]
    out = tmp_path / f"out.{fmt}"
    res = run("export", "--format", fmt, "--out", str(out), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    back = tmp_path / "back.duckdb"
    res = run("ingest", str(out), "--corpus", str(back))
    assert res.exit_code == 0, res.output
    restored = exported(back)
    # people's labels are the corpus's own, not document fields: an ingest does not restore them
    document_fields = [f for f in EXPORT_FIELDS if f not in HUMAN_LABEL_FIELDS]
    assert [{f: d[f] for f in document_fields} for d in restored] == [{f: d[f] for f in document_fields} for d in before]
    assert [d["human_stance"] for d in before if d["human_stance"]] == ["a"]
    assert not any(d["human_stance"] for d in restored)
    assert "'=quoted" in {d["author"] for d in restored}


def test_export_to_a_folder_or_unwritable_place_is_refused(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    res = run("export", "--format", "csv", "--out", str(tmp_path), "--corpus", str(corpus))
    assert res.exit_code == 2 and "is a folder" in res.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("export", "--format", "jsonl", "--out", str(blocker / "x.jsonl"), "--corpus", str(corpus))
    assert res.exit_code == 2 and "cannot write there" in res.output and "Traceback" not in res.output


# ---- delete ------------------------------------------------------------------------------
def test_delete_removes_predictions_labels_and_cache_with_the_documents(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    _classify_by_hand(corpus)
    for sid in {d["source_id"] for d in exported(corpus)}:
        res = run("delete", "--source", sid, "--corpus", str(corpus))
        assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        counts = [c.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in ("documents", "sources", "predictions", "labels", "prepared")]
    assert counts == [0, 0, 0, 0, 0]


def test_delete_never_creates_a_corpus(tmp_path):
    res = run("delete", "--source", "s123", "--corpus", str(tmp_path / "none.duckdb"))
    assert res.exit_code == 2 and "no corpus at" in res.output
    assert os.listdir(tmp_path) == []


def test_a_respondent_id_in_two_consultations_needs_its_source(tmp_path):
    corpus = tmp_path / "c.duckdb"
    head = "Q1 Please explain your answer,Q2 Any other comments at all\n"
    for name in ("first.csv", "second.csv"):
        path = tmp_path / name
        path.write_text(head + f"An answer long enough in {name},Another answer long enough\n")
        assert run("ingest", str(path), "--corpus", str(corpus)).exit_code == 0
    res = run("delete", "--respondent", "row-2", "--corpus", str(corpus))
    assert res.exit_code == 2 and "is in 2 sources" in res.output and "--source" in res.output
    sid = next(d["source_id"] for d in exported(corpus) if d["source_title"] == "first")
    res = run("delete", "--respondent", "row-2", "--source", sid, "--corpus", str(corpus))
    assert res.exit_code == 0 and "deleted 2 documents of respondent row-2 in source" in res.output
    assert {d["source_title"] for d in exported(corpus)} == {"second"}
