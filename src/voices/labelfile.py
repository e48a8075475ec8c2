"""Label files: the rows ``voices label --from FILE`` reads (CSV, JSONL or XLSX).

Columns: ``id`` (a full id, an unambiguous prefix, or a redacted export's keyed id),
``stance``, ``themes`` (``;``-separated; ``,`` and a bracketed list are read too), and optionally ``by`` and ``validation``.
An empty ``themes`` cell means "no themes"; no ``themes`` column (or key) means
"themes not given", so a stored label keeps its themes. A row with neither a stance
nor a themes cell filled (an untouched row of a ``voices review --export`` sheet)
labels nothing and is skipped. Other columns (the context and the model's guess
that ``review --export`` writes) are ignored, so an exported sheet reads back as is.
A ``voices quotes`` file (it has ``label_source``) gives only the stances a person gave
(``human``): a ``model`` row is the model's guess, untouched like an empty row. A
``voices export --labelled`` file gives ``labelled_by`` as ``by``, and only the parts its
``stance_labelled`` and ``themes_labelled`` say a person gave.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from voices.csvcells import unneutralise
from voices.errors import InputError, refuse_bad_rows
from voices.mojibake import UTF8_MULTIBYTE, garbled_utf8, refuse_other_encoding

__all__ = ["LABEL_COLUMNS", "SHEET_COLUMNS", "LabelFile", "LabelRow", "read_label_file", "read_label_table"]

# The columns label files use, in the order ``review --export`` writes them.
LABEL_COLUMNS = ("id", "stance", "themes", "by", "validation")
# A sheet for labelling (``voices review --export``): the text, its context, the model's guess,
# then the label columns a person fills in.
SHEET_COLUMNS = ("id", "text", "parent_text", "question", "closed_answer", "model_stance", "model_themes",
                 "confidence", "stance", "themes", "by", "validation",
                 "stance_probability")  # confidence under the export's name: columns are added, never renamed
# A redacted export's ids (voices.ids.keyed_id) and labellers (voices.redact: 'Labeller N').
_KEYED_ID = re.compile(r"^k[0-9a-f]{15}$")
_LABELLER_N = re.compile(r"^Labeller [0-9]+$")
_TRUE = frozenset({"1", "true", "yes", "y", "x", "t"})
_FALSE = frozenset({"", "0", "false", "no", "n", "f"})
_THEME_SEPARATOR = re.compile(r"[;,]")
# the byte-order marks a spreadsheet writes (UTF-8 "CSV UTF-8", UTF-16 "Unicode text")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One row to store: where it came from and what it says."""

    where: str
    id: str
    stance: str | None
    themes: tuple[str, ...] | None
    by: str | None
    validation: bool
    said_no: bool = False  # validation written as no (not left empty): the person wants it out of the sample


@dataclass(frozen=True, slots=True)
class LabelFile:
    """A label file's rows to store, and how many rows it held that label nothing."""

    rows: list[LabelRow]
    blank: int  # rows with neither a stance nor a themes cell filled in (an untouched sheet row)
    model_guesses: int  # a quotes file's rows whose label_source is model: the model's guess, no person's


def read_label_file(path: Path | str) -> list[LabelRow]:
    """The rows of :func:`read_label_table` to store (blank rows left out).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "l.csv")
    >>> _ = open(p, "w").write("id,stance,themes\\nab12,none,pay;burnout\\n")
    >>> read_label_file(p)[0].themes
    ('burnout', 'pay')
    """
    return read_label_table(path).rows


def read_label_table(path: Path | str) -> LabelFile:
    """Read and check every row of a label file; nothing is stored here.

    Parameters
    ----------
    path : path-like
        A ``.csv``, ``.jsonl`` or ``.xlsx`` file.

    Returns
    -------
    LabelFile
        The rows to store in file order, and the counts of rows that label nothing
        (blank, or a quotes file's model guesses), so a command can say why fewer were stored.

    Raises
    ------
    InputError
        Naming the file and row: an unknown format, no ``id`` column, a row
        without an id, a bad ``validation`` value, JSON that is not an object.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "l.csv")
    >>> _ = open(p, "w").write("id,stance,themes\\nab12,none,pay;burnout\\n")
    >>> _ = open(p, "w").write("id,stance,themes\\nab12,none,pay\\ncd34,,\\n")
    >>> table = read_label_table(p)
    >>> len(table.rows), table.blank
    (1, 1)
    """
    path = Path(path)
    readers = {".csv": _csv_rows, ".jsonl": _jsonl_rows, ".xlsx": _xlsx_rows}
    reader = readers.get(path.suffix.lower())
    if path.is_dir():
        raise InputError(f"{path}: a folder, not a label file; give the .csv, .jsonl or .xlsx file inside it")
    if reader is None:
        raise InputError(f"{path}: unknown label file type {path.suffix!r}; use .csv, .jsonl or .xlsx")
    if not path.is_file():
        raise InputError(f"{path}: no such label file; check the --from path")
    out, export, quotes, blank, guesses = [], False, False, 0, 0
    bad: list[tuple[str, InputError]] = []
    for where, row in reader(path):
        export = export or (isinstance(row, dict) and "human_stance" in row)
        quotes = quotes or (isinstance(row, dict) and "label_source" in row)
        if isinstance(row, dict) and _model_guess(row):
            guesses += 1
            continue
        try:
            parsed = _parse(row, where)
        except InputError as exc:  # every bad row said at once: a sheet with five typos took five runs
            bad.append((where, exc))
            continue
        if parsed is None:
            blank += 1
        else:
            out.append(parsed)
    refuse_bad_rows(bad)
    if not out and quotes:
        raise InputError(f"{path}: no labelled rows: a quotes file's rows whose label_source is model hold the "
                         "model's guesses, never read as a person's labels; label them with voices review "
                         "--export FILE and fill in its stance and themes; nothing was stored")
    if not out:
        fill = ("human_stance or human_themes: an export's stance and themes are the model's" if export
                else "the stance or themes column")
        raise InputError(f"{path}: no labelled rows (fill {fill}); nothing was stored")
    return LabelFile(out, blank, guesses)


def _text(value: object) -> str | None:
    """A cell as text (None when missing); a spreadsheet's neutralising quote taken off."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value)).strip()


def _from_export(row: dict[str, object]) -> dict[str, object]:
    """A ``voices export`` row as a label row: its ``stance`` and ``themes`` are the model's,
    a person's label is ``human_stance``, ``human_themes`` and ``labelled_by`` (the export's field names).

    An empty ``human_themes`` cell is a stance-only label (themes not given), as the export writes it.
    """
    themes = row.get("human_themes")
    by = row.get("labelled_by")
    if _KEYED_ID.match(_text(row.get("id")) or "") and _LABELLER_N.match(_text(by) or ""):
        by = None  # a redacted export numbers labellers: 'Labeller 1' is not who labelled
    label: dict[str, object] = {"id": row.get("id"), "stance": row.get("human_stance"),
                                "by": by, "validation": row.get("validation")}
    if isinstance(themes, list) or _text(themes):
        label["themes"] = themes
    return label


def _from_labelled(row: dict[str, object]) -> dict[str, object]:
    """A ``voices export --labelled`` row as a label row: who labelled it is ``labelled_by``, and
    ``stance_labelled``/``themes_labelled`` say which of ``stance`` and ``themes`` a person gave.

    Read as a plain label file, its labeller was dropped (the row was relabelled as whoever ran
    ``label --from``, and its date renewed) and a stance-only label's empty ``themes`` cell (CSV) was
    stored as "no themes", a label nobody gave.
    """
    label: dict[str, object] = {"id": row.get("id"), "by": row.get("labelled_by")}
    for part in ("stance", "themes"):
        if (_text(row.get(f"{part}_labelled")) or "").lower() in _TRUE:
            label[part] = row.get(part)
    return label


def _model_guess(row: dict[str, object]) -> bool:
    """Whether ``row`` is a ``voices quotes`` row whose stance is the model's guess, never a person's label.

    ``label_source`` says whose the ``stance`` is: ``model`` or ``human``.
    """
    return "label_source" in row and (_text(row.get("label_source")) or "").casefold() != "human"


def _from_quotes(row: dict[str, object]) -> dict[str, object]:
    """A ``voices quotes`` row a person labelled as a label row: its stance only.

    Its ``themes`` may be the model's (a stance-only label is quoted with the model's themes), so
    they are not given: a stored label keeps its own.
    """
    return {"id": row.get("id"), "stance": row.get("stance")}


def _theme_names(cell: str) -> tuple[str, ...]:
    """The themes of a cell: ``pay;burnout``, also as people write lists by hand or from code
    (``pay, burnout``, ``[pay, burnout]``, ``['pay']``); a label's name holds no comma or bracket.

    >>> _theme_names("['pay', 'Burnout']"), _theme_names("pay; burnout"), _theme_names("[]")
    (('Burnout', 'pay'), ('burnout', 'pay'), ())
    """
    inner = cell.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return tuple(sorted({name.strip().strip("'\"").strip() for name in _THEME_SEPARATOR.split(inner)} - {""}))


def _parse(row: dict[str, object], where: str) -> LabelRow | None:
    if not isinstance(row, dict):
        raise InputError(f"{where}: not an object with id, stance and themes; fix the row")
    if "human_stance" in row:  # read with stance/themes, an export stored the model's guesses as labels
        row = _from_export(row)
    elif "stance_labelled" in row and "themes_labelled" in row:  # an export --labelled file
        row = _from_labelled(row)
    elif "label_source" in row:  # a quotes file's human row (``_model_guess`` rows never come here)
        row = _from_quotes(row)
    stance = _text(row.get("stance")) or None
    themes_cell = _text(row.get("themes")) if "themes" in row else None
    if isinstance(row.get("themes"), list):
        themes: tuple[str, ...] | None = tuple(sorted({str(t).strip() for t in row["themes"] if str(t).strip()}))
    elif themes_cell is not None:
        themes = _theme_names(themes_cell)
    else:
        themes = None
    untouched = stance is None and (themes is None or (themes == () and not isinstance(row.get("themes"), list)))
    doc_id = _text(row.get("id"))
    if untouched:
        return None
    if not doc_id:
        raise InputError(f"{where}: no id; give the document id the report or export shows")
    flag = (_text(row.get("validation")) or "").lower()
    if flag not in _TRUE | _FALSE:
        raise InputError(f"{where}: validation {flag!r} is neither yes nor no; leave it empty or write yes")
    return LabelRow(where, doc_id, stance, themes, _text(row.get("by")) or None, flag in _TRUE, flag in _FALSE - {""})


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


def _csv_rows(path: Path) -> Iterator[tuple[str, dict]]:
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


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict]]:
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


def _xlsx_rows(path: Path) -> Iterator[tuple[str, dict]]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        # the same cells as written: a formula whose value was never saved reads as None above
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}); save it again as .xlsx") from None
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
