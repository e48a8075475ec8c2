"""Standard input (``voices ingest -``) read as the file it is, and its parts counted once."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_helpers import documents
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()

ROWS = [("Response ID", "What would most improve retention?"),
        ("R1", "Caseloads that a person can actually hold."),
        ("R2", "Protected time for supervision and reflection."),
        ("R3", "Pay that keeps up with the cost of living.")]


def _ingest(*args: str | Path, stdin: bytes | str | None = None):
    return runner.invoke(app, ["ingest", *map(str, args)], input=stdin)


def _stored(corpus: Path) -> list[tuple]:
    """Each document's fields that do not depend on the source's name."""
    keys = ("kind", "text", "respondent_id", "question", "position")
    return [tuple(d[k] for k in keys) for d in documents(corpus)]


def test_an_xlsx_workbook_piped_on_stdin_is_read_as_the_workbook(tmp_path):
    """``voices ingest - < book.xlsx`` was refused: "an XLSX workbook under another name: rename it to end
    in .xlsx", which standard input cannot be. Its temporary copy now takes the name its bytes call for."""
    from openpyxl import Workbook

    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "survey.xlsx"
    book.save(path)
    by_path, by_stdin = tmp_path / "path.duckdb", tmp_path / "stdin.duckdb"
    assert _ingest(path, "--corpus", by_path, "-q").exit_code == 0
    res = _ingest("-", "--corpus", by_stdin, "--json", stdin=path.read_bytes())
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["files"][0]["path"], out["files"][0]["format"]) == (3, "-", "consultation")
    assert _stored(by_stdin) == _stored(by_path)
    assert [t for _, t, *_ in _stored(by_stdin)] == [r[1] for r in ROWS[1:]]
    with Corpus.open(by_stdin) as c:
        assert [s.title for s in c.summary()] == ["stdin"]
