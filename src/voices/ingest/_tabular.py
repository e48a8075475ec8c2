"""Rows out of CSV and XLSX files, with the row and line numbers messages need.

A ``Table`` is a header and a stream of ``(row_number, line, cells)``. Cells are
strings (blank cells are ``""``); XLSX dates become ISO 8601.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import chain
from pathlib import Path
from typing import Any

from voices.errors import InputError
from voices.ingest.base import ReadContext, counted
from voices.ingest.encoding import read_text
from voices.ingest.xlsx_archive import (
    BROKEN_XLSX,
    XLSX_MAX_COLUMNS,
    XLSX_MAX_ROWS,
    check_xlsx_archive,
    xlsx_refusal,
)

Row = tuple[int, int, list[str]]  # (row number, 1 = header; line in the file; cells)


@dataclass
class Table:
    """A header and its rows (a generator: read once)."""

    header: list[str]
    rows: Iterator[Row]
    kind: str  # "csv" or "xlsx"


def unique_header(cells: list[str]) -> list[str]:
    """Trimmed header names, repeated ones numbered (" (2)") so each names one column."""
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells, 1):
        name = " ".join(str(cell).split()) or f"column {i}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def csv_delimiter(first_line: str) -> str:
    """A CSV file's delimiter from its first line: the commonest of comma, semicolon and tab.

    >>> csv_delimiter("id;text;date"), csv_delimiter("one column")
    (';', ',')
    """
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_error(name: str, line: int, exc: csv.Error) -> InputError:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return InputError(
            f"{name}: line {line}: a quoted field opened here is never closed: add the "
            "missing closing quote (\") and save again"
        )
    return InputError(f"{name}: line {line}: malformed CSV ({text}): fix the quoting on that line")


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # one answer may be megabytes long
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=csv_delimiter(first), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(name, start, exc) from None


def read_csv_table(path: Path, ctx: ReadContext) -> Table:
    """Open a CSV file as a ``Table``; refuses header-only files."""
    decoded = read_text(path)
    ctx.note_decoded(decoded)
    lines = _csv_rows(decoded.text, ctx.name)
    head = _head_rows(lines)
    if not head:
        raise InputError(f"{ctx.name}: the file is empty: give a file with responses in it")
    skip = title_rows([cells for _line, cells in head])
    header = unique_header(head[skip][1])
    return Table(header, _numbered(chain(head[skip + 1:], lines), header, ctx), "csv")


# how many rows a survey tool writes above its header at most (a title, an export date, section names)
_TITLE_LOOKAHEAD = 5


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _head_rows(lines: Iterator[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The first non-empty rows: up to the row after the first of three cells or more, or a few narrower ones."""
    head: list[tuple[int, list[str]]] = []
    wide = False
    for line, cells in lines:
        if _filled(cells):
            head.append((line, cells))
            if wide or len(head) > _TITLE_LOOKAHEAD + 1:  # the titles and a header: no wide row came
                break
            wide = _filled(cells) >= 3
    return head


def title_rows(head: list[list[str]]) -> int:
    """How many of the first non-empty rows are a title above the table rather than its header.

    Survey tools and people write a report title or an export date in the first cell, or
    section names over groups of questions (cells merged across them), above the real
    header; read as the header, such a row made the table one column wide, or turned the
    real header into an answer. Rows filling fewer than half as many cells as the first row
    of three or more, when the row after that one fills two or more, are such titles (a
    one-column file of answers has no such rows, even where one answer holds stray commas).

    >>> title_rows([["Survey export 12/03/2024"], ["id", "date", "answer"], ["7", "2024-03-04", "Pay us."]])
    1
    >>> title_rows([["", "", "Section A", "", "Section B", ""], ["id", "date", "q1", "why", "q2", "e-mail"],
    ...             ["7", "2024-03-04", "Yes", "Pay us.", "No", "a@b.org"]])
    1
    >>> title_rows([["", "a", "b", "c"], ["0", "x", "y", "z"]])  # a pandas index column: the header stays
    0
    >>> title_rows([["Comment"], ["Pay us, please, now"], ["Caseloads."]])  # stray commas in one answer
    0
    """
    for i, cells in enumerate(head):
        if _filled(cells) >= 3:
            below = head[i + 1] if i + 1 < len(head) else []
            titles = all(2 * _filled(above) < _filled(cells) for above in head[:i]) and _filled(below) >= 2
            return i if titles else 0
    return 0


_MAX_EXTRA_WARNINGS = 5  # rows with cells beyond the header said one by one; then how many in all


def _numbered(lines: Iterator[tuple[int, list[str]]], header: list[str], ctx: ReadContext) -> Iterator[Row]:
    rows = extra = 0
    for n, (line, cells) in enumerate(lines, 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            extra += 1  # "extra cells ignored" said neither that an answer's words were cut nor how to keep them
            if extra <= _MAX_EXTRA_WARNINGS:
                ctx.warn(f"row {n} (line {line}): {len(cells)} cells but {len(header)} columns; extra cells ignored, "
                         "their words not stored (an answer's comma unquoted?): quote such cells or head every "
                         "column, and ingest the file again with --replace")
        rows += 1
        yield n, line, (cells + [""] * len(header))[: len(header)]
    if extra > _MAX_EXTRA_WARNINGS:
        ctx.warn(f"{extra} rows in all with more cells than columns, their extra cells not stored")
    if rows == 0:
        raise InputError(
            f"{ctx.name}: only a header row, no responses: export the data rows too "
            f"(columns found: {', '.join(header[:12])})"
        )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_table(path: Path, ctx: ReadContext, *, others: bool = False) -> Table:
    """Open the first non-empty worksheet of an XLSX workbook as a ``Table``.

    Streams the sheet (openpyxl read-only mode) and ignores the sheet's own claim
    about its size, which a hostile file can set to the whole 16,384 x 1,048,576 grid.
    ``others``: warn of each other sheet holding a table, which is not read (a consultation's
    paper responses on a second sheet were left out without a word).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_archive(path, ctx)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException:  # openpyxl judges a workbook by its file name
        raise InputError(f"{ctx.name}: an XLSX workbook under another name: rename it to end in .xlsx") from None
    except BROKEN_XLSX as exc:
        raise InputError(f"{ctx.name}: not a readable XLSX workbook ({exc}): save it again from Excel") from None
    try:
        # the first sheet with a table; a sheet of one column (a title, a summary) only when no sheet has more
        narrow = None
        for sheet in book.worksheets:
            start = _sheet_start(sheet, ctx)
            if start is None:
                continue
            if _filled(start[0]) > 1:
                if others:
                    _warn_other_tables(book, sheet, ctx)
                return _sheet_table(start, ctx, book, sheet)
            start[2].close()
            narrow = narrow or sheet
        if narrow is not None:
            return _sheet_table(_sheet_start(narrow, ctx), ctx, book, narrow)  # type: ignore[arg-type]
    except BaseException:
        book.close()
        raise
    book.close()
    raise InputError(f"{ctx.name}: the workbook is empty: give a file with responses in it")


def _warn_other_tables(book: Any, chosen: Any, ctx: ReadContext) -> None:
    """Name the sheets after ``chosen`` (the one read) that hold a table too (two columns or more)."""
    names = []
    for sheet in book.worksheets[book.worksheets.index(chosen) + 1:]:
        start = _sheet_start(sheet, ctx)
        if start is None:
            continue
        start[2].close()
        if _filled(start[0]) > 1:
            names.append(repr(sheet.title))
    if names:
        one = len(names) == 1
        ctx.warn(f"only sheet {chosen.title!r} is read; sheet{'' if one else 's'} {', '.join(names)} also "
                 f"hold{'s' if one else ''} a table, not read: if {'it holds' if one else 'they hold'} responses, "
                 f"save {'it' if one else 'each'} as a CSV file and ingest that too")


def _sheet_start(sheet: object, ctx: ReadContext) -> tuple[list[str], list[tuple[int, list[str]]], Iterator] | None:
    """A sheet's header cells, the rows read past it, and the rest of its rows; None when it is empty."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    rows = _bounded_rows(sheet.iter_rows(values_only=True), ctx)  # type: ignore[attr-defined]
    numbered = ((n, [_cell(v) for v in values]) for n, values in enumerate(rows, 1))
    head = _head_rows(numbered)
    if not head:
        return None
    skip = title_rows([cells for _n, cells in head])
    return head[skip][1], head[skip + 1:], numbered


def _sheet_table(start: tuple[list[str], list[tuple[int, list[str]]], Iterator], ctx: ReadContext,
                 book: object, sheet: object) -> Table:
    cells, read, rest = start
    header = unique_header(cells)
    body = ((n, n, vals) for n, vals in chain(read, rest))
    return Table(header, _xlsx_rows(body, header, ctx, book, sheet), "xlsx")


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _warn_unsaved_formulas(sheet: object, ctx: ReadContext) -> None:
    """Warn of formula cells with no saved value: they read as empty, so their text is not ingested.

    Excel saves each formula's value; a workbook written by a script may not. A byte
    scan finds the rare sheet with formulas before a second, parsing pass names them.
    """
    if not hasattr(sheet, "_get_source"):
        return
    with sheet._get_source() as src:  # noqa: SLF001 - openpyxl read-only sheets offer no public raw XML
        tail, found = b"", False
        while chunk := src.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                found = True
                break
            tail = chunk[-8:]
    if not found:
        return
    from xml.etree.ElementTree import iterparse

    unsaved: list[str] = []
    with sheet._get_source() as src:  # noqa: SLF001 - as above
        for _event, element in iterparse(src):
            if element.tag.rsplit("}", 1)[-1] != "c":
                continue
            parts = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            if "f" in parts and not (parts.get("v") is not None and parts["v"].text):
                unsaved.append(element.get("r") or "?")
            element.clear()
    if unsaved:
        shown = ", ".join(unsaved[:5]) + (" ..." if len(unsaved) > 5 else "")
        ctx.warn(f"{counted(len(unsaved), 'formula cell')} without a saved value ({shown}) read as empty: open the "
                 "workbook in Excel and save it, so each formula's value is stored")


def _bounded_rows(rows: Iterator[tuple[object, ...]], ctx: ReadContext) -> Iterator[tuple[object, ...]]:
    """Rows as openpyxl yields them (gaps filled with empty rows), refused past Excel's limits."""
    try:
        for n, values in enumerate(rows, 1):
            if n > XLSX_MAX_ROWS:
                raise xlsx_refusal(ctx, f"the sheet runs past row {XLSX_MAX_ROWS:,}")
            if len(values) > XLSX_MAX_COLUMNS:
                raise xlsx_refusal(ctx, f"row {n} has cells past column {XLSX_MAX_COLUMNS:,}")
            yield values
    except BROKEN_XLSX as exc:
        raise InputError(f"{ctx.name}: a damaged worksheet ({exc}): save it again from Excel") from None


def _xlsx_rows(body: Iterator[Row], header: list[str], ctx: ReadContext, book: object,
               sheet: object) -> Iterator[Row]:
    try:
        pairs = ((line, cells) for _n, line, cells in body)
        for _row, line, cells in _numbered(pairs, header, ctx):
            yield line, line, cells  # in a workbook the row number is the line
        _warn_unsaved_formulas(sheet, ctx)  # once the sheet is read (sniffing reads only its header)
    finally:
        book.close()  # type: ignore[attr-defined]
