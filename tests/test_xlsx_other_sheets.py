"""A consultation workbook with responses on two sheets: only the first table is read, and now said.

Online and paper responses kept on two sheets of one workbook: the second sheet's answers were left out
with no word, exit 0. The answers here are made up for these tests.
"""

from __future__ import annotations

import json

from openpyxl import Workbook
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()
HEADER = ["Response ID", "Q1. Please explain your answer."]


def _workbook(path, *sheets: tuple[str, list[list[str]]]):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_second_sheet_holding_a_table_is_named_as_not_read(tmp_path):
    online = [HEADER, ["X1", "The register is a good idea for everyone in leadership."],
              ["X2", "Not needed at all, directors manage budgets not cases."]]
    paper = [HEADER, ["P1", "Posted response: pay is what keeps people in post."]]
    notes = [["Responses received by post are on sheet Paper."]]  # one column: a note, not a table
    path = _workbook(tmp_path / "responses.xlsx", ("Online", online), ("Notes", notes), ("Paper", paper))
    corpus = tmp_path / "c.duckdb"
    r = runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["warnings"] == [
        f"{path}: only sheet 'Online' is read; sheet 'Paper' also holds a table, not read: if it holds responses, "
        "save it as a CSV file and ingest that too"]
    with Corpus.open(corpus) as c:
        assert (c.count_documents(), c.sql("SELECT count(*) FROM sources").fetchone()[0]) == (2, 1)


def test_a_voices_xlsx_export_read_back_says_nothing_of_its_columns_sheet(tmp_path):
    path = _workbook(tmp_path / "responses.xlsx", ("Online", [HEADER, ["X1", "The register is a good idea here."]]))
    corpus = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus), "-q"]).exit_code == 0
    out = tmp_path / "export.xlsx"
    assert runner.invoke(app, ["export", "--corpus", str(corpus), "--format", "xlsx", "--out", str(out)]).exit_code == 0
    r = runner.invoke(app, ["ingest", str(out), "--corpus", str(corpus), "--json"])
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["warnings"], done["documents_added"], done["skipped_already_present"]) == ([], 0, 1)
