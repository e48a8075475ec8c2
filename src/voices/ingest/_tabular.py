"""Rows out of CSV and XLSX files, with the row and line numbers messages need.

A ``Table`` is a header and a stream of ``(row_number, line, cells)``. Cells are
strings (blank cells are ``""``); XLSX dates become ISO 8601.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from voices.errors import InputError
from voices.ingest.base import ReadContext
from voices.ingest.encoding import read_text

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


def _delimiter(first_line: str) -> str:
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
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first), strict=True)
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
    ctx.note_nuls(decoded.nul_lines)
    lines = _csv_rows(decoded.text, ctx.name)
    header: list[str] | None = None
    for _line, cells in lines:
        if any(c.strip() for c in cells):
            header = unique_header(cells)
            break
    if header is None:
        raise InputError(f"{ctx.name}: the file is empty: give a file with responses in it")
    return Table(header, _numbered(lines, header, ctx), "csv")


def _numbered(lines: Iterator[tuple[int, list[str]]], header: list[str], ctx: ReadContext) -> Iterator[Row]:
    rows = 0
    for n, (line, cells) in enumerate(lines, 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            ctx.warn(f"row {n} (line {line}): {len(cells)} cells but {len(header)} columns; extra cells ignored")
        rows += 1
        yield n, line, (cells + [""] * len(header))[: len(header)]
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


def read_xlsx_table(path: Path, ctx: ReadContext) -> Table:
    """Open the first non-empty worksheet of an XLSX workbook as a ``Table``."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{ctx.name}: not a readable XLSX workbook ({exc}): save it again from Excel") from None
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        for number, values in enumerate(rows, 1):
            cells = [_cell(v) for v in values]
            if any(c.strip() for c in cells):
                header = unique_header(cells)
                body = ((n, n, [_cell(v) for v in vals]) for n, vals in enumerate(rows, number + 1))
                return Table(header, _xlsx_rows(body, header, ctx, book), "xlsx")
    book.close()
    raise InputError(f"{ctx.name}: the workbook is empty: give a file with responses in it")


def _xlsx_rows(body: Iterator[Row], header: list[str], ctx: ReadContext, book: object) -> Iterator[Row]:
    try:
        pairs = ((line, cells) for _n, line, cells in body)
        for _row, line, cells in _numbered(pairs, header, ctx):
            yield line, line, cells  # in a workbook the row number is the line
    finally:
        book.close()  # type: ignore[attr-defined]
