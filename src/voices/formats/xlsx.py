"""Excel workbooks people pass on: the export's rows, and the report's tables.

Every export cell is written as text (an inline string, ``t="inlineStr"``), so a
cell starting with ``= + - @`` stays what it says and never runs as a formula.
The report's tables keep their figures as numbers (rounded to 4 decimals, so they
sort and sum) and every other cell as text. openpyxl's
write-only mode streams rows to disk, and it writes strings inline rather than
into a shared-string table, so memory stays flat however many rows there are.

Export layout: sheet ``documents`` holds the export fields in contract order, then
one ``theme:<name>`` column per theme (``1``/``0``: the document has that predicted
theme; empty when unclassified); sheet ``columns`` says what each column holds.
A cell longer than Excel's 32,767-character limit is cut and ends with
``CUT_MARKER``; the count of cut cells is returned.

Workbooks carry no time of writing (:func:`save_workbook`), so the same rows give
the same bytes, as the REFI-QDA project does.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices._atomic import atomic_file, check_target
from voices.formats.columns import THEME_PREFIX, describe

CELL_LIMIT = 32_767
CUT_MARKER = " [cut: {shown:,} of {total:,} characters; the full text is in the CSV/JSONL export]"
CUT_TAIL = re.compile(r" \[cut: [\d,]+ of [\d,]+ characters; the full text is in the CSV/JSONL export\]$")
DOCUMENTS_SHEET = "documents"
COLUMNS_SHEET = "columns"
DECIMALS = 4
# control characters XML 1.0 cannot carry (openpyxl refuses them): shown as U+FFFD
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# the zip format's first date: every entry's date and the workbook's created/modified
# properties, where openpyxl writes the time of saving (see save_workbook)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class XlsxWritten:
    """Rows written to the data sheet, and how many cells were cut to Excel's limit."""

    rows: int
    cut: int


def fit_cell(text: str) -> tuple[str, bool]:
    """``text`` as Excel can hold it: illegal control characters replaced, cut to the cell limit.

    Returns the text and whether it was cut.

    >>> fit_cell("ok")
    ('ok', False)
    >>> cut, was_cut = fit_cell("x" * 40_000)
    >>> len(cut) <= CELL_LIMIT, was_cut, cut.endswith("CSV/JSONL export]")
    (True, True, True)
    """
    text = _ILLEGAL.sub("\ufffd", text)
    if len(text) <= CELL_LIMIT:
        return text, False
    marker = CUT_MARKER.format(shown=CELL_LIMIT, total=len(text))
    shown = CELL_LIMIT - len(marker)
    return text[:shown] + CUT_MARKER.format(shown=shown, total=len(text)), True


def text_cell(key: str, value: Any, list_fields: Iterable[str], dict_fields: Iterable[str]) -> str | None:
    """A value as cell text: lists ';'-joined, dicts JSON, booleans true/false; None stays empty."""
    if value is None:
        return None
    if key in list_fields:
        return ";".join(value)
    if key in dict_fields:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class _Sheet:
    """A write-only sheet whose cells are all strings, counting the cells cut to Excel's limit."""

    def __init__(self, book: Any, title: str) -> None:
        self.sheet = book.create_sheet(title)
        self.cut = 0

    def append(self, values: Sequence[object]) -> None:
        """Append a row: strings as text cells, ints and floats as numbers, None as blank."""
        from openpyxl.cell import WriteOnlyCell

        cells: list[Any] = []
        for value in values:
            if value is None or value == "":
                cells.append(None)
                continue
            if not isinstance(value, str):
                cells.append(value)  # a number the caller chose to keep numeric (report figures)
                continue
            text, was_cut = fit_cell(value)
            self.cut += was_cut
            cell = WriteOnlyCell(self.sheet, value=text)
            cell.data_type = "s"  # openpyxl types "=..." as a formula: a string it stays
            cells.append(cell)
        self.sheet.append(cells)


def _new_book(out: Path) -> Any:
    """A write-only workbook, once ``out`` is known to be a place for one.

    A refused ``out`` (a corpus, a folder) is refused before any sheet is
    started: a started write-only sheet left unsaved prints lxml tracebacks
    when it is collected, under the one-line error.
    """
    from openpyxl import Workbook

    check_target(out)
    return Workbook(write_only=True)


class _UndatedZip(zipfile.ZipFile):
    """A zip whose entries carry ``FIXED_TIME``, not the time each was written.

    ``writestr`` and ``write`` (openpyxl's two ways in) both open the entry through
    ``open(info, "w")``, so setting the date there covers every entry.
    """

    def open(self, name: Any, mode: str = "r", pwd: bytes | None = None, *,  # type: ignore[override]
             force_zip64: bool = False) -> Any:
        if mode == "w" and isinstance(name, zipfile.ZipInfo):
            name.date_time = FIXED_TIME
        return super().open(name, mode, pwd, force_zip64=force_zip64)


def save_workbook(book: Any, fh: Any) -> None:
    """Save an openpyxl workbook to the binary file ``fh`` with no time of writing in it.

    openpyxl stamps the time of saving into ``docProps/core.xml`` (created and
    modified) and into every zip entry, so two exports of one corpus differed in
    bytes; here both are ``FIXED_TIME`` and the same workbook gives the same bytes.
    ``Workbook.save`` sets the modified time itself, so this drives openpyxl's
    ``ExcelWriter`` as ``Workbook.save`` does, over an undated zip.
    """
    from openpyxl.writer.excel import ExcelWriter

    fixed = datetime.datetime(*FIXED_TIME)
    book.properties.created = book.properties.modified = fixed
    if book.write_only and not book.worksheets:
        book.create_sheet()  # as Workbook.save does: a workbook needs a sheet
    archive = _UndatedZip(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        _abandon(book, archive)
        raise


def _abandon(book: Any, archive: zipfile.ZipFile) -> None:
    """Close what a failed save left open (a full disk partway), while ``fh`` is still open.

    Left to the garbage collector, the zip's ``__del__`` seeks the closed file and each unfinished write-only
    sheet's generators break lxml's nesting: some twenty lines of "Exception ignored in: ..." tracebacks
    followed the one-line error. Each is closed here, its own complaint about being cut short dropped.
    """
    import contextlib

    with contextlib.suppress(Exception):
        archive.close()
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        for generator in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):
            if generator is not None:
                with contextlib.suppress(Exception):
                    generator.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()  # its temporary file holds the sheet's rows


def _save(book: Any, out: Path) -> None:
    with atomic_file(out, "wb", encoding=None, newline=None) as fh:
        save_workbook(book, fh)


def _theme_flags(themes: Sequence[str], has: Any) -> list[str | None]:
    if has is None:
        return [None] * len(themes)
    chosen = set(has)
    return ["1" if t in chosen else "0" for t in themes]


def write_export(rows: Iterable[dict[str, Any]], fields: Sequence[str], themes: Sequence[str], out: Path,
                 *, list_fields: Iterable[str] = (), dict_fields: Iterable[str] = ()) -> XlsxWritten:
    """Write export rows as an XLSX workbook (data sheet, then the column guide), atomically.

    Parameters
    ----------
    rows : iterable of dict
        Export rows (``voices.export.normalise_row`` output), streamed.
    fields : sequence of str
        The export fields, in contract order.
    themes : sequence of str
        Theme names: one ``theme:<name>`` 0/1 column each, from the row's ``themes``.
    out : Path
        The ``.xlsx`` file.
    list_fields, dict_fields : iterable of str
        Fields holding lists (``;``-joined) and dicts (JSON).

    Returns
    -------
    XlsxWritten
    """
    list_fields, dict_fields = frozenset(list_fields), frozenset(dict_fields)
    book = _new_book(out)
    data = _Sheet(book, DOCUMENTS_SHEET)
    header = [*fields, *(THEME_PREFIX + t for t in themes)]
    data.append(header)
    n = 0
    for row in rows:
        cells = [text_cell(f, row.get(f), list_fields, dict_fields) for f in fields]
        data.append(cells + _theme_flags(themes, row.get("themes")))
        n += 1
    guide = _Sheet(book, COLUMNS_SHEET)
    guide.append(["column", "meaning"])
    for name in header:
        guide.append([name, describe(name)])
    _save(book, out)
    return XlsxWritten(n, data.cut)


def _figure(value: object) -> object:
    """A report cell: floats rounded to 4 decimals and ints kept as numbers (not formulas), the rest text."""
    if value is None or isinstance(value, bool):
        return None if value is None else ("true" if value else "false")
    if isinstance(value, float):
        return round(value, DECIMALS) if value == value else "NaN"
    if isinstance(value, int):
        return value
    return str(value)


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of ``[]:*?/\\``, not starting or ending with
    ``'``, not ``History``), unique among ``taken``.

    ``report --by COLUMN`` names a sheet after a column of the user's file: Excel "repairs" a
    workbook with a sheet named ``region'`` by dropping its contents.

    >>> sheet_title("by_attribute:region", set()), sheet_title("'region'", set()), sheet_title("History", set())
    ('by_attribute region', 'region', 'History~2')
    """
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip(" '") or "table"
    title, n = base[:31].rstrip(" '"), 1
    while title.casefold() in taken or title.casefold() == "history":
        n += 1
        title = f"{base[:31 - len(str(n)) - 1]}~{n}"
    taken.add(title.casefold())
    return title


def write_tables(tables: Iterable[tuple[str, str, Sequence[str], Iterable[Sequence[object]]]], out: Path) -> int:
    """Write titled tables one per sheet (a ``contents`` sheet first), figures rounded, atomically.

    Parameters
    ----------
    tables : iterable of (name, title, header, rows)
        Each table's name (the sheet name, made Excel-safe), a title line written
        above it, its column names and its rows.
    out : Path
        The ``.xlsx`` file.

    Returns
    -------
    int
        The number of tables written.
    """
    book = _new_book(out)
    contents = _Sheet(book, "contents")
    contents.append(["sheet", "table"])
    taken = {"contents"}
    n = 0
    for name, title, header, rows in tables:
        sheet = _Sheet(book, sheet_title(name, taken))
        contents.append([sheet.sheet.title, title])
        sheet.append([title])
        sheet.append([])
        sheet.append(list(header))
        for row in rows:
            sheet.append([_figure(v) for v in row])
        n += 1
    _save(book, out)
    return n


def _grouped(rows: Iterator[Sequence[object]]) -> Iterator[tuple[str, list[Sequence[object]]]]:
    """Consecutive rows grouped by their first cell (the report CSV's ``table``), in first-seen order."""
    groups: dict[str, list[Sequence[object]]] = {}
    for row in rows:
        groups.setdefault(str(row[0]), []).append(row[1:])
    yield from groups.items()


def write_report(report: Any, out: Path) -> int:
    """Write a report's tables as a workbook: one sheet per table of the report CSV, with titles.

    The tables are those ``voices.report.machine`` carries (``table`` column of the
    CSV); each sheet keeps the CSV's other columns. Returns the number of sheets.
    """
    from voices.report.machine import CSV_FIELDS, report_rows

    title = getattr(report, "title", None) or "voices report"
    tables = ((name, f"{title}: {name.replace('_', ' ')}", CSV_FIELDS[1:], rows)
              for name, rows in _grouped(report_rows(report)))
    return write_tables(tables, out)
