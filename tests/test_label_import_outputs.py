"""`voices label --from` on files voices wrote: a quotes file's model guesses are no person's labels."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from report_fixtures import FakeStance, FakeThemes, make_report_corpus
from typer.testing import CliRunner

import voices.classify
from voices.cli import app
from voices.store import Corpus

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    path = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", path).exit_code == 0
    return path


def labels(path: Path) -> dict[str, tuple]:
    with Corpus.open(path) as c:
        rows = c.sql("SELECT doc_id, stance, themes, labelled_by FROM labels").fetchall()
    return {d: (s, None if t is None else sorted(t), b) for d, s, t, b in rows}


def quote_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("redact", [[], ["--no-redact"]])
def test_a_quotes_file_of_model_guesses_only_is_refused_and_stores_nothing(corpus, tmp_path, redact):
    """label --from a quotes CSV stored every row's stance and themes, the model's guesses
    (label_source model), as a person's labels (exit 0)."""
    out = tmp_path / "qb.csv"
    res = run("quotes", "--theme", "burnout", "--out", out, *redact, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    rows = quote_rows(out)
    assert rows and {r["label_source"] for r in rows} == {"model"}
    res = run("label", "--from", out, "--corpus", corpus)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip() == (
        f"voices: error: {out}: no labelled rows: a quotes file's rows whose label_source is model hold the "
        "model's guesses, never read as a person's labels; label them with voices review --export FILE and "
        "fill in its stance and themes; nothing was stored")
    assert labels(corpus) == {}


def test_a_quotes_file_gives_only_the_stances_people_gave(corpus, tmp_path):
    """A human row's stance is read (themes not given: a stance-only label shows the model's themes);
    model rows are untouched rows, skipped."""
    out = tmp_path / "qb.csv"
    assert run("quotes", "--theme", "registration", "--no-redact", "--out", out, "--corpus", corpus).exit_code == 0
    rows = quote_rows(out)
    assert len(rows) >= 2
    first, second = rows[0]["id"], rows[1]["id"]
    # a person's stance-only label on the first text, shown by quotes with the model's themes
    assert run("label", first, "--stance", "none", "--by", "Ann", "--corpus", corpus).exit_code == 0
    assert run("quotes", "--theme", "registration", "--no-redact", "--out", out, "--corpus", corpus).exit_code == 0
    rows = {r["id"]: r for r in quote_rows(out)}
    assert (rows[first]["label_source"], rows[first]["stance"], rows[first]["themes"]) == ("human", "none", "registration")
    assert rows[second]["label_source"] == "model"
    # a stance edited in the file on a human row is a person's new stance; a model row is never read
    edited = [{**r, "stance": "system_leaders"} if r["id"] == first else r for r in rows.values()]
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(edited[0]))
        writer.writeheader()
        writer.writerows(edited)
    res = run("label", "--from", out, "--by", "Bo", "--json", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["labelled"] == 1
    assert labels(corpus) == {first: ("system_leaders", None, "Bo")}
