"""The valid labels of a labelling sheet (``voices review --export sheet.xlsx``): a drop-down and a list.

The ``stance`` column gets a data-validation list (Excel's and LibreOffice's drop-down) of the
scheme's stance ids; the ``themes`` column holds ``;``-separated names, which a list cannot
check, so every valid theme is listed on a second sheet, ``labels``, with the stances, their
readable titles and meanings. The header cells of both columns say so in a comment. The
drop-down reads its values from the ``labels`` sheet (no 255-character limit of an inline list,
no comma in a label to break it); every cell stays text, never a formula.

A sheet whose texts come from sources labelled with different schemes gets one list per
scheme, each on the rows of its texts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LABELS_SHEET = "labels"
LABELS_HEADER = ("scheme", "kind", "label", "title", "meaning")


@dataclass(frozen=True)
class SheetLabels:
    """One scheme's labels as a sheet lists them: ``(id, title, meaning)`` per stance and per theme."""

    scheme: str
    stances: tuple[tuple[str, str, str], ...]
    themes: tuple[tuple[str, str, str], ...]

    @classmethod
    def of(cls, scheme: Any) -> SheetLabels:
        """From a ``voices.models.scheme.Scheme`` (its themes without ``_``, the no-theme mark)."""
        def rows(defs: Mapping[str, Any]) -> tuple[tuple[str, str, str], ...]:
            return tuple((k, d.title or "", d.definition.strip().split("\n")[0]) for k, d in defs.items() if k != "_")

        return cls(scheme.name, rows(scheme.stances), rows(scheme.themes))


def add_label_lists(book: Any, sheet: Any, columns: Sequence[str], labels: Sequence[SheetLabels | None]) -> None:
    """Add the ``labels`` sheet, the stance drop-downs and the header comments to a labelling workbook.

    Parameters
    ----------
    book, sheet : openpyxl Workbook and Worksheet
        The sheet holds ``columns`` in row 1 and one text per row below it.
    columns : sequence of str
        The sheet's header; ``stance`` and ``themes`` are among them.
    labels : sequence of SheetLabels or None
        Each row's scheme, in row order; None (no scheme known) leaves a row without a drop-down.
    """
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    schemes = list(dict.fromkeys(s for s in labels if s is not None))
    if not schemes:
        return
    ranges = _write_labels_sheet(book.create_sheet(LABELS_SHEET), schemes)
    stance = get_column_letter(columns.index("stance") + 1)
    for scheme, (first, last) in zip(schemes, ranges, strict=True):
        rows = [i + 2 for i, s in enumerate(labels) if s == scheme]  # (row 1 is the header)
        check = DataValidation(type="list", formula1=f"{LABELS_SHEET}!$C${first}:$C${last}", allow_blank=True,
                               showErrorMessage=True, errorStyle="stop", errorTitle="Not a stance of this scheme",
                               error=f"Pick one of the stances of scheme {scheme.scheme} (sheet '{LABELS_SHEET}'), "
                                     "or leave the cell empty.")
        for low, high in _runs(rows):
            check.add(f"{stance}{low}:{stance}{high}")
        sheet.add_data_validation(check)
    names = ", ".join(s.scheme for s in schemes)
    sheet[f"{stance}1"].comment = Comment(
        f"Pick a stance from the drop-down: the stance ids of scheme {names}. Their titles and meanings are "
        f"on sheet '{LABELS_SHEET}'. Leave it empty to give no stance.", "voices")
    themes = get_column_letter(columns.index("themes") + 1)
    sheet[f"{themes}1"].comment = Comment(
        f"Theme ids separated by ';' (e.g. a;b), any number of them: the valid ones are listed on sheet "
        f"'{LABELS_SHEET}' (kind 'theme'). A list cannot check this column.", "voices")


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as runs of consecutive rows.

    >>> _runs([2, 3, 4, 7, 9, 10])
    [(2, 4), (7, 7), (9, 10)]
    """
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _write_labels_sheet(sheet: Any, schemes: list[SheetLabels]) -> list[tuple[int, int]]:
    """Write every scheme's stances, then its themes; return each scheme's first and last stance row."""
    sheet.append(list(LABELS_HEADER))
    ranges = []
    for scheme in schemes:
        first = sheet.max_row + 1
        for kind, rows in (("stance", scheme.stances), ("theme", scheme.themes)):
            for label, title, meaning in rows:
                sheet.append([scheme.scheme, kind, label, title, meaning])
        ranges.append((first, first + len(scheme.stances) - 1))
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # text, never a formula
    return ranges
