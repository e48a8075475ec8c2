"""`voices review --export sheet.xlsx`: a drop-down of the scheme's stances, the valid themes on sheet 'labels'."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from test_label_import import corpus, run  # noqa: F401 - the fixture: a classified report corpus

from voices.formats.label_lists import SheetLabels
from voices.formats.review_sheet import write_label_sheet
from voices.labelfile_rows import SHEET_COLUMNS
from voices.models.scheme import scheme_for
from voices.store import Corpus

STANCE = "I"  # the stance column's letter
THEMES = "J"


def _listed(book, formula: str) -> list[str]:
    """The values a list validation's ``labels!$C$2:$C$5`` points at."""
    sheet_name, cells = formula.split("!")
    first, last = (int(part.split("$")[-1]) for part in cells.split(":"))
    return [book[sheet_name][f"C{row}"].value for row in range(first, last + 1)]


def test_the_sheet_offers_the_schemes_stances_and_lists_its_themes(corpus, tmp_path):  # noqa: F811
    sheet = tmp_path / "to-label.xlsx"
    result = run("review", "--export", sheet, "--queue", "learning", "-n", "4", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    with Corpus.open(corpus) as c:
        scheme = scheme_for(c)
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames == ["to label", "labels"]
    rows = book["to label"]
    assert SHEET_COLUMNS.index("stance") == ord(STANCE) - ord("A") and rows[f"{STANCE}1"].value == "stance"
    (check,) = rows.data_validations.dataValidation
    assert (check.type, check.allow_blank, check.errorStyle, str(check.sqref)) == ("list", True, "stop", "I2:I5")
    assert _listed(book, check.formula1) == scheme.labels("stance") == [
        "social_work_leaders", "system_leaders", "practice_connected", "none"]
    listed = list(book["labels"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in listed if r[1] == "theme"] == [t for t in scheme.labels("themes") if t != "_"]
    assert {r[0] for r in listed} == {scheme.name}
    assert "sheet 'labels'" in rows[f"{STANCE}1"].comment.text
    assert "separated by ';'" in rows[f"{THEMES}1"].comment.text and "'labels'" in rows[f"{THEMES}1"].comment.text
    for ws in book.worksheets:  # text, never a formula
        assert {cell.data_type for row in ws.iter_rows() for cell in row if cell.value is not None} == {"s"}

    rows[f"{STANCE}2"] = "none"  # filled in from the drop-down: label --from reads the sheet, not the list
    rows[f"{THEMES}2"] = "pay;burnout"
    book.save(sheet)
    assert run("label", "--from", sheet, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT stance, themes FROM labels").fetchall() == [("none", ["burnout", "pay"])]


def _labels(name: str, stances: list[str]) -> SheetLabels:
    return SheetLabels(name, tuple((s, s.title(), f"{s} means") for s in stances), (("pay", "Pay", "money"),))


def test_rows_of_two_schemes_get_each_their_own_list_and_the_same_sheet_twice_the_same_bytes(tmp_path):
    one, two = _labels("one", ["yes", "no"]), _labels("two", ["for", "against", "neither"])
    rows = [{"id": f"d{i}", "text": "t"} for i in range(5)]
    labels = [one, one, two, None, one]  # None: no scheme known for that row, no drop-down
    assert write_label_sheet(rows, tmp_path / "a.xlsx", labels) == 5
    write_label_sheet(rows, tmp_path / "b.xlsx", labels)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    checks = book["to label"].data_validations.dataValidation
    assert [(str(c.sqref), _listed(book, c.formula1)) for c in checks] == [
        ("I2:I3 I6", ["yes", "no"]), ("I4", ["for", "against", "neither"])]
    assert [r[:3] for r in book["labels"].iter_rows(values_only=True)] == [
        ("scheme", "kind", "label"), ("one", "stance", "yes"), ("one", "stance", "no"), ("one", "theme", "pay"),
        ("two", "stance", "for"), ("two", "stance", "against"), ("two", "stance", "neither"), ("two", "theme", "pay")]


def test_a_sheet_without_schemes_or_a_csv_has_no_lists(tmp_path):
    rows = [{"id": "d1", "text": "t"}]
    write_label_sheet(rows, tmp_path / "a.xlsx")
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == ["to label"]
    write_label_sheet(rows, tmp_path / "a.csv", [_labels("one", ["yes"])])
    assert Path(tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(SHEET_COLUMNS)
