"""Files voices wrote that are no input (a labelling sheet, a labelled export, a quotes file) are refused by ingest.

Each was stored again as a new source of duplicate documents (exit 0), and reports counted those texts twice.
"""

from __future__ import annotations

import json

import pytest
from ingest_helpers import SAMPLES, count, documents
from typer.testing import CliRunner

from voices.cli import app
from voices.ingest.outputs import output_kind

runner = CliRunner()


def voices(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """A corpus of the sample thread, one text labelled (stance and theme), a validation sample of 3."""
    folder = tmp_path_factory.mktemp("outputs")
    corpus = folder / "c.duckdb"
    assert voices("ingest", str(SAMPLES / "thread.txt"), "--corpus", str(corpus)).exit_code == 0
    first = documents(corpus)[1]["id"]
    res = voices("label", first, "--stance", "none", "--themes", "burnout", "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    res = voices("sample", "--validation", "3", "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    return folder, corpus


def _write(kind: str, folder, corpus) -> tuple[str, str]:
    """Write one voices output with the CLI; its path and what the refusal says to do."""
    c = ["--corpus", str(corpus)]
    if kind.startswith("sheet"):
        out = folder / f"to-label.{kind.split('.')[1]}"
        res = voices("review", "--export", str(out), *c)
        todo = f"voices label --from {out}"
    elif kind.startswith("labelled"):
        fmt = kind.split(".")[1]
        out = folder / f"my-labels.{fmt}"
        res = voices("export", "--labelled", "--format", fmt, "--out", str(out), *c)
        todo = f"voices label --from {out}"
    else:
        out = folder / (f"{kind}.json" if kind == "quotes-json" else f"{kind}.csv")
        redact = ["--no-redact"] if kind == "quotes-plain" else []
        res = voices("quotes", "--theme", "burnout", "--out", str(out), *redact, *c)
        todo = "an output, not an input"
    assert res.exit_code == 0, res.output
    return str(out), todo


@pytest.mark.parametrize("kind,what", [
    ("sheet.csv", "a labelling sheet"), ("sheet.xlsx", "a labelling sheet"),
    ("labelled.jsonl", "a labelled export"), ("labelled.csv", "a labelled export"),
    ("quotes", "a quotes file"), ("quotes-plain", "a quotes file"), ("quotes-json", "a quotes file"),
])
def test_a_voices_output_is_refused_and_nothing_is_stored(labelled, kind, what):
    folder, corpus = labelled
    path, todo = _write(kind, folder, corpus)
    before = count(corpus)
    res = voices("ingest", path, "--corpus", str(corpus))
    assert res.exit_code == 2, res.output
    message = res.stderr.strip()
    assert "\n" not in message
    assert message.startswith(f"voices: error: {path}: {what} voices wrote")
    assert todo in message and message.endswith("nothing was stored")
    assert count(corpus) == before == 35


def test_a_full_export_still_reads_back(labelled, tmp_path):
    _, corpus = labelled
    out = tmp_path / "all.csv"
    assert voices("export", "--format", "csv", "--out", str(out), "--corpus", str(corpus)).exit_code == 0
    other = tmp_path / "other.duckdb"
    res = voices("ingest", str(out), "--corpus", str(other), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 35
    assert [d["id"] for d in documents(other)] == [d["id"] for d in documents(corpus)]


def test_the_signs_match_the_writers_columns():
    from voices.api.quotes import QUOTE_FIELDS
    from voices.labelfile import SHEET_COLUMNS

    assert output_kind(SHEET_COLUMNS) == "sheet"
    assert output_kind(QUOTE_FIELDS) == "quotes"
    assert output_kind(("id", "text", "stance", "themes", "source_id", "stance_labelled", "themes_labelled",
                        "labelled_by", "labelled_at")) == "labelled"
    # people's own files: an id, a text and a stance column of their own are no voices output
    assert output_kind(("id", "text", "stance", "themes")) is None
    assert output_kind(("ID", "Text", "Quote", "Stance")) is None
