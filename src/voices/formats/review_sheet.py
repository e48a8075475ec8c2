"""Labelling sheets: the ``.csv`` or ``.xlsx`` file ``voices review --export`` writes for a person to fill in.

``voices.labelfile`` reads it back (``voices label --from``); this module only writes it: every cell text,
never a formula, and in a ``.xlsx`` a drop-down of the scheme's stances (``voices.formats.label_lists``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from voices.labelfile_rows import SHEET_COLUMNS

if TYPE_CHECKING:
    from voices.formats.label_lists import SheetLabels

__all__ = ["sheet_kind", "write_label_sheet"]


def _cell(value: object) -> str:
    """A sheet cell as text a spreadsheet never runs: lists ';'-joined, numbers rounded."""
    from voices.csvcells import neutralise

    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ";".join(value)
    elif isinstance(value, float):
        value = f"{value:.3f}"
    return neutralise(str(value))


def sheet_kind(path: Path) -> str:
    """A labelling sheet's file type, ``.csv`` or ``.xlsx``; refuses any other name.

    Raises
    ------
    voices.errors.UsageError
        Another file type.
    """
    from voices.errors import UsageError

    kind = path.suffix.lower()
    if kind not in (".csv", ".xlsx"):
        raise UsageError(f"{path}: a review sheet is .csv or .xlsx; change the file name")
    return kind


def write_label_sheet(rows: list[dict[str, object]], path: Path | str,
                      labels: Sequence[SheetLabels | None] = ()) -> int:
    """Write a labelling sheet (``.csv`` or ``.xlsx``) atomically; ``voices.labelfile.read_label_file`` reads it back.

    Every cell is text, never a formula (``voices.csvcells``). The ``stance``,
    ``themes`` and ``by`` columns are left empty for a person to fill. A ``.xlsx``
    sheet given ``labels`` offers each row's stances in a drop-down and lists the valid
    themes on a second sheet (``voices.formats.label_lists``).

    Parameters
    ----------
    rows : list of dict
        Keys from ``SHEET_COLUMNS``; missing keys are empty cells.
    path : path-like
        Ends in ``.csv`` or ``.xlsx``.
    labels : sequence of SheetLabels or None
        Each row's scheme (row order; empty: no lists).

    Returns
    -------
    int
        Rows written.

    Raises
    ------
    voices.errors.UsageError
        Another file type.
    voices.errors.OutputError
        The target cannot be written.
    """
    from voices._atomic import atomic_file

    path = Path(path)
    kind = sheet_kind(path)
    table = [[_cell(r.get(c)) for c in SHEET_COLUMNS] for r in rows]
    if kind == ".csv":
        from voices.csvcells import csv_writer

        with atomic_file(path, encoding="utf-8-sig", newline="") as fh:
            writer = csv_writer(fh)
            writer.writerow(SHEET_COLUMNS)
            writer.writerows(table)
        return len(table)
    import openpyxl

    from voices.formats.label_lists import add_label_lists
    from voices.formats.xlsx import save_workbook

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "to label"
    sheet.append(list(SHEET_COLUMNS))
    for values in table:
        sheet.append(values)
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # text even when it starts with '=': openpyxl would store a formula
            cell.number_format = "@"
    add_label_lists(book, sheet, SHEET_COLUMNS, labels)
    with atomic_file(path, "wb") as fh:
        save_workbook(book, fh)  # no time of writing: the same rows give the same sheet
    return len(table)
