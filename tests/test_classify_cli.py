"""The classify, report and label commands, end to end through the CLI (fake models patched in)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_fixtures import FakeStance, FakeThemes, make_report_corpus
from typer.testing import CliRunner

import voices.classify
from voices.cli import app
from voices.store import Corpus
from voices.store.label_rows import export_labelled

runner = CliRunner()


@pytest.fixture
def fakes(monkeypatch):
    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_classify_then_again(tmp_path, fakes):
    path = make_report_corpus(tmp_path / "c.duckdb")
    first = run("classify", "--corpus", path)
    assert first.exit_code == 0, first.output
    assert "15 documents classified, 0 already up to date" in first.stderr
    second = run("classify", "--corpus", path, "--json")
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["classified"] == 0
    with Corpus.open(path) as c:
        assert c.sql("SELECT count(*) FROM predictions").fetchone()[0] == 15


def test_classify_file_ingests_and_reports(tmp_path, fakes):
    sample = tmp_path / "thread.txt"
    sample.write_text(Path("corpora/samples/thread.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("classify", sample, "--corpus", tmp_path / "new.duckdb")
    assert result.exit_code == 0, result.output
    assert "ingested 1 file, " in result.stderr and "documents classified" in result.stderr
    assert "Stance — " in result.stdout and "95% CI" in result.stdout
    with Corpus.open(tmp_path / "new.duckdb") as c:
        assert c.sql("SELECT count(*) FROM predictions").fetchone()[0] > 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "nope"], "error: no source 'nope'"),
        (["--stance-model", "/nowhere/stance"], "error: no stance model at /nowhere/stance"),
    ],
)
def test_classify_bad_input_one_line(tmp_path, args, message):
    path = make_report_corpus(tmp_path / "c.duckdb")
    result = run("classify", "--corpus", path, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"voices: {message}") and result.stderr.count("\n") == 1


def test_newer_schema_one_line(tmp_path, fakes):
    path = make_report_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True) as c:
        c.sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    for cmd in (["classify"], ["report", "--format", "md"]):
        result = run(*cmd, "--corpus", path)
        assert result.exit_code == 2 and "newer than this voices" in result.stderr
        assert result.stderr.count("\n") == 1


def test_report_formats_and_redaction_defaults(tmp_path, fakes):
    path = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", path).exit_code == 0
    md = run("report", "--corpus", path, "--format", "md")
    assert md.exit_code == 0, md.output
    assert "Rogowski" not in md.stdout and "Commenter 2" in md.stdout  # redacted by default
    plain = run("report", "--corpus", path, "--format", "md", "--no-redact")
    assert "Rogowski" in plain.stdout
    table = run("report", "--corpus", path, "--format", "table")
    assert "Rogowski" in table.stdout  # terminal reports redact only with --redact
    redacted = run("report", "--corpus", path, "--format", "json", "--redact")
    assert "Rogowski" not in redacted.stdout and json.loads(redacted.stdout)["redacted"] is True
    out = tmp_path / "r.html"
    html = run("report", "--corpus", path, "--format", "html", "--out", out)
    assert html.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Rogowski" not in out.read_text(encoding="utf-8")
    bad = run("report", "--corpus", path, "--source", "zzz")
    assert bad.exit_code == 2 and "no source 'zzz'" in bad.stderr


def test_report_before_classify(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    result = run("report", "--corpus", path, "--format", "md")
    assert result.exit_code == 2 and "run voices classify first" in result.stderr


def test_label_command(tmp_path, fakes):
    path = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", path).exit_code == 0
    with Corpus.open(path) as c:
        doc = c.sql("SELECT id FROM documents WHERE text LIKE 'Thanks%'").fetchone()[0]
    result = run("label", doc[:8], "--stance", "system_leaders", "--themes", "pay", "--by", "ana", "--corpus", path)
    assert result.exit_code == 0, result.output
    assert f"labelled {doc} as system_leaders with themes pay" in result.stderr
    bad = run("label", doc, "--stance", "maybe", "--corpus", path)
    assert bad.exit_code == 2 and "unknown stance 'maybe'" in bad.stderr
    missing = run("label", "zzzz", "--stance", "none", "--corpus", path)
    assert missing.exit_code == 2 and "no document 'zzzz'" in missing.stderr
    rows = list(export_labelled(path))
    assert [(r["id"], r["stance"], r["themes"], r["labelled_by"]) for r in rows] == [(doc, "system_leaders", ["pay"], "ana")]
    report = json.loads(run("report", "--corpus", path, "--json").stdout)
    assert report["human_labels"] == 1


def test_classify_file_counts_what_ingest_did_not_store(tmp_path, fakes):
    """`classify FILE` said only "N documents added, M already there": a consultation's blank answers and
    non-answers went uncounted, so its figures did not add up to the file's answers. It now prints the
    line `voices ingest` prints."""
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "ID,Do you agree that directors should be social workers?,Please explain your answer\n"
        "r1,Agree,A director who has held a caseload knows what a team is carrying.\n"
        "r2,Disagree,Running a whole service well needs more than one profession's training.\n"
        "r3,Agree,N/A\n"
        "r4,Disagree,\n", encoding="utf-8")
    result = run("classify", survey, "--corpus", tmp_path / "c.duckdb")
    assert result.exit_code == 0, result.output
    assert ("voices: ingested 1 file, 2 documents added, 0 skipped as duplicates; not documents: 1 non-answer, "
            "1 blank answer\n") in result.stderr
