"""The second day: commands run twice, into the same place, or in the wrong order, as users do.

A user's first run of each command is tested where the command is; these pin what a
second run, or a run before the command it depends on, does: the same result, a
one-line refusal that says what to do, or a warning; never a silent duplicate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def count(corpus: Path) -> int:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT count(*) FROM documents").fetchone()[0]


@pytest.fixture
def thread(tmp_path):
    corpus = tmp_path / "c.duckdb"
    result = run("ingest", SAMPLES / "thread.txt", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    return corpus


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_redacted_export_read_back_into_its_own_corpus_is_refused(thread, tmp_path, fmt):
    """export --redact then ingest of that file into the same corpus added 35 redacted copies under
    keyed ids (and warned that the originals were "not in this file"). Now it is refused, storing
    nothing; the unredacted export reads back as the same documents, and the redacted one goes into
    another corpus as documents like any other."""
    shared = tmp_path / f"shared.{fmt}"
    assert run("export", "--redact", "--out", shared, "--corpus", thread).exit_code == 0
    result = run("ingest", shared, "--corpus", thread)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"voices: error: {shared}: a redacted export of this corpus: 35 of its rows are stored documents under "
        f"keyed ids, first on line {2 if fmt == 'csv' else 1}; ingesting it would add them again as redacted "
        "copies, so nothing was stored: ingest an export made without --redact, or give another --corpus"]
    assert count(thread) == 35
    plain = tmp_path / f"plain.{fmt}"
    assert run("export", "--out", plain, "--corpus", thread).exit_code == 0
    again = run("ingest", plain, "--corpus", thread, "--json")
    assert again.exit_code == 0, again.output
    assert (json.loads(again.stdout)["documents_added"], count(thread)) == (0, 35)
    other = tmp_path / "other.duckdb"
    elsewhere = run("ingest", shared, "--corpus", other)
    assert elsewhere.exit_code == 0, elsewhere.output
    assert count(other) == 35


def test_a_label_set_aside_by_ingest_replace_is_listed_by_export_label_history(tmp_path):
    """label a text, then ingest --replace with that text edited: the label moved to label_history, and
    no command showed it (the warning named five ids once). export --label-history lists every one."""
    import csv

    corpus, path = tmp_path / "c.duckdb", tmp_path / "answers.csv"
    path.write_text("id,text,author\nc1,Directors must be social workers.,Al\nc2,Pay is the real problem.,Bo\n",
                    "utf-8")
    assert run("ingest", path, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        c1, c2 = (r[0] for r in c.sql("SELECT id FROM documents ORDER BY position").fetchall())
    assert run("label", c1, "--stance", "social_work_leaders", "--themes", "pay", "--by", "Ann",
               "--corpus", corpus).exit_code == 0
    assert run("label", c2, "--stance", "none", "--by", "Bob", "--corpus", corpus).exit_code == 0
    empty = run("export", "--label-history", "--corpus", corpus)
    assert (empty.exit_code, empty.stdout) == (0, "")  # nothing set aside yet
    path.write_text("id,text,author\nc1,Directors need not be social workers.,Al\nc2,Pay is the only problem.,Bo\n",
                    "utf-8")
    assert run("ingest", path, "--replace", "--corpus", corpus).exit_code == 0
    listed = run("export", "--label-history", "--corpus", corpus)
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["id"], r["source_id"] is not None, r["stance"], r["themes"], r["themes_labelled"], r["labelled_by"],
             r["reason"]) for r in sorted(rows, key=lambda r: r["labelled_by"])] == [
        (c1, True, "social_work_leaders", ["pay"], True, "Ann", "text updated by ingest --replace"),
        (c2, True, "none", None, False, "Bob", "text updated by ingest --replace")]
    assert all(r["superseded_at"] >= r["labelled_at"] for r in rows)
    out = tmp_path / "history.csv"
    assert run("export", "--label-history", "--out", out, "--corpus", corpus).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert sorted((r["id"], r["stance"], r["themes"], r["themes_labelled"]) for r in table) == sorted(
        [(c1, "social_work_leaders", "pay", "true"), (c2, "none", "", "false")])
    refused = run("export", "--label-history", "--redact", "--corpus", corpus)
    assert refused.exit_code == 2
    assert "--label-history writes every label set aside, as stored: --redact does not apply" in refused.stderr
