"""A label file's columns and raw rows: the columns label files use, decoding a label CSV (UTF-8, UTF-16 with
a BOM or Windows-1252; another encoding, or two in one file, refused), and reading a CSV, JSONL or XLSX file
into ``(where, row)`` pairs with its column names normalised. What a row says is ``voices.labelfile``'s.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from voices.errors import InputError
from voices.mojibake import UTF8_MULTIBYTE, garbled_utf8, refuse_other_encoding

__all__ = ["LABEL_COLUMNS", "SHEET_COLUMNS", "csv_rows", "csv_text", "jsonl_rows", "xlsx_rows"]

# The columns label files use, in the order ``review --export`` writes them.
LABEL_COLUMNS = ("id", "stance", "themes", "by", "validation")
# A sheet for labelling (``voices review --export``): the text, its context, the model's guess,
# then the label columns a person fills in.
SHEET_COLUMNS = ("id", "text", "parent_text", "question", "closed_answer", "model_stance", "model_themes",
                 "confidence", "stance", "themes", "by", "validation",
                 "stance_probability")  # confidence under the export's name: columns are added, never renamed
# the byte-order marks a spreadsheet writes (UTF-8 "CSV UTF-8", UTF-16 "Unicode text")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def csv_text(path: Path) -> str:
    """A label CSV's text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252,
    which Excel writes when a sheet from ``review --export FILE.csv`` is filled in and saved as CSV.

    A file in another single-byte encoding (Polish Windows-1250, KOI8-R) decodes as Windows-1252 too,
    garbled: its labeller's name was stored so ("Micha³"). It is refused as ingest refuses it.
    """
    data = path.read_bytes()
    marked = next(((bom, codec) for bom, codec in _BOMS if data.startswith(bom)), None)
    if marked is None:
        _refuse_mixed(data, path)
    for codec in [marked[1]] if marked else ["utf-8", "cp1252"]:
        try:
            text = data[len(marked[0]) if marked else 0:].decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "cp1252":
            refuse_other_encoding(text, str(path), again="import it again; nothing was stored")
        return text
    raise InputError(f"{path}: not UTF-8 text (nor UTF-16 or Windows-1252); save the file as UTF-8 CSV")


def _refuse_mixed(data: bytes, path: Path) -> None:
    """Refuse a file with lines in UTF-8 and lines in Windows-1252 (appended to from two programs).

    Read whole as Windows-1252, its UTF-8 lines' accented names would be stored garbled ("José" as
    "JosÃ©") without a word; ``label --from`` has no warnings to give, so it asks for one encoding.
    """
    lines = data.split(b"\n")
    legacy = utf8 = None
    for number, line in enumerate(lines, 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy = legacy or number
        else:  # French "qualité\xa0»" in Windows-1252 is valid UTF-8 too, reading "qualit頻": no UTF-8 line
            utf8 = utf8 or (number if UTF8_MULTIBYTE.search(line) and not garbled_utf8(text) else None)
        if legacy and utf8:
            raise InputError(f"{path} line {legacy}: not UTF-8, while line {utf8} is: the file mixes two "
                             "encodings (saved from two programs); save it as UTF-8 CSV and import it again; "
                             "nothing was stored")


def csv_rows(path: Path) -> Iterator[tuple[str, dict]]:
    """A label CSV's rows as ``(where, row)``, its delimiter sniffed from the header (``,``, ``;`` or tab)."""
    n = 1
    try:
        text = csv_text(path)
        first = text.split("\n", 1)[0]
        if not first.strip():
            raise InputError(f"{path}: the file is empty; give a header row id,stance,themes and a row "
                             "per label")
        # a spreadsheet set to a European locale saves CSV with semicolons
        delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        reader.fieldnames = [_column_name(f) for f in reader.fieldnames or []]
        _check_header(reader.fieldnames, path)
        for n, row in enumerate(reader, start=2):
            yield f"{path} row {n}", {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        raise InputError(f"{path} row {n + 1}: not readable as CSV ({exc}); a quote (\") opened there is "
                         "probably never closed: fix that row") from None


def jsonl_rows(path: Path) -> Iterator[tuple[str, dict]]:
    """A label JSONL file's rows as ``(where, row)``; a line that is not JSON, or an object without ``id``, refused."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError(f"{path} row {n}: not a JSON object; fix the line") from None
                if isinstance(row, dict):
                    row = {_column_name(k): v for k, v in row.items()}
                if isinstance(row, dict) and "id" not in row:
                    raise InputError(f"{path} row {n}: no \"id\" key; every line needs the document id")
                yield f"{path} row {n}", row
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the file as UTF-8") from None


def _unreadable_workbook(path: Path, exc: Exception) -> InputError:
    """A CSV renamed ``.xlsx`` is told to be renamed (as ingest tells it), not to be "saved again as .xlsx"."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        head = b""
    if head.strip() and b"\x00" not in head and any(d in head.split(b"\n", 1)[0] for d in (b",", b";", b"\t")):
        return InputError(f"{path}: not an Excel workbook but CSV text: rename it to end in .csv and give it again")
    return InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}); save it again as .xlsx")


def xlsx_rows(path: Path) -> Iterator[tuple[str, dict]]:
    """A label workbook's rows as ``(where, row)``, from its one sheet with an ``id`` column; empty rows skipped."""
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        # the same cells as written: a formula whose value was never saved reads as None above
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise _unreadable_workbook(path, exc) from None
    try:
        sheet = _label_sheet(book, path)
        rows = sheet.iter_rows(values_only=True)
        written = formulas[sheet.title].iter_rows(values_only=True)
        header = _sheet_header(next(rows, ()))
        next(written, None)
        _check_header(header, path)
        for n, (values, raw) in enumerate(zip(rows, written, strict=False), start=2):
            _refuse_unsaved_formulas(values, raw, header, f"{path} row {n}")
            if all(v is None for v in values):
                continue
            # an empty cell of a present column is "" (empty themes = no themes), as in a CSV
            cells = dict(zip(header, [*values, *[None] * (len(header) - len(values))], strict=False))
            yield f"{path} row {n}", {h: "" if v is None else v for h, v in cells.items() if h}
    finally:
        book.close()
        formulas.close()


def _refuse_unsaved_formulas(values: tuple, raw: tuple, header: list[str], where: str) -> None:
    """Refuse a formula cell with no saved value: its label would be read as empty, and lost."""
    for i, (value, cell) in enumerate(zip(values, raw, strict=False)):
        if value is None and isinstance(cell, str) and cell.startswith("="):
            column = header[i] if i < len(header) and header[i] else f"column {i + 1}"
            raise InputError(f"{where}: the {column} cell is a formula with no saved value ({cell[:40]}); "
                             "open the file in Excel and save it, or type the label in; nothing was stored")


def _sheet_header(values: tuple) -> list[str]:
    return [_column_name(h) if h is not None else "" for h in values]


_KNOWN_COLUMNS = frozenset({*LABEL_COLUMNS, *SHEET_COLUMNS, "human_stance", "human_themes", "labelled_by",
                            "label_source", "stance_labelled", "themes_labelled"})


def _column_name(name: object) -> str:
    """A header as voices names its columns: ``ID``, ``Stance `` and ``Themes`` are ``id``, ``stance`` and ``themes``."""
    text = str(name).strip()
    return text.casefold() if text.casefold() in _KNOWN_COLUMNS else text


def _label_sheet(book: object, path: Path) -> object:
    """The one sheet whose header has an ``id`` column (the first sheet when none has).

    A workbook with labels on two sheets is refused: reading one would drop the other's labels.
    """
    with_ids = [s for s in book.worksheets  # type: ignore[attr-defined]
                if "id" in _sheet_header(next(s.iter_rows(max_row=1, values_only=True), ()))]
    if len(with_ids) > 1:
        names = ", ".join(repr(s.title) for s in with_ids)
        raise InputError(f"{path}: sheets {names} each have an 'id' column; voices reads the labels of one "
                         "sheet: move them onto one sheet, or delete the others")
    return with_ids[0] if with_ids else book.worksheets[0]  # type: ignore[attr-defined]


def _check_header(header: list[str], path: Path) -> None:
    if "id" not in header:
        raise InputError(f"{path} row 1: no 'id' column; the header needs id, stance and themes")
