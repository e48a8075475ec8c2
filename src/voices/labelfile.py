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

The columns label files use, and reading a file into raw rows, are ``voices.labelfile_rows``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voices.csvcells import unneutralise
from voices.errors import InputError, refuse_bad_rows
from voices.labelfile_rows import csv_rows, jsonl_rows, xlsx_rows

__all__ = ["LabelFile", "LabelRow", "read_label_file", "read_label_table"]

# A redacted export's ids (voices.ids.keyed_id) and labellers (voices.redact: 'Labeller N').
_KEYED_ID = re.compile(r"^k[0-9a-f]{15}$")
_LABELLER_N = re.compile(r"^Labeller [0-9]+$")
_TRUE = frozenset({"1", "true", "yes", "y", "x", "t"})
_FALSE = frozenset({"", "0", "false", "no", "n", "f"})
_THEME_SEPARATOR = re.compile(r"[;,]")


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
    readers = {".csv": csv_rows, ".jsonl": jsonl_rows, ".xlsx": xlsx_rows}
    reader = readers.get(path.suffix.lower())
    if not path.exists():  # before its type: "/nope" was an "unknown label file type ''"
        raise InputError(f"{path}: no such label file; check the --from path")
    if path.is_dir():
        raise InputError(f"{path}: a folder, not a label file; give the .csv, .jsonl or .xlsx file inside it")
    if reader is None:
        raise InputError(f"{path}: unknown label file type {path.suffix!r}; use .csv, .jsonl or .xlsx")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file (a device or pipe); save the labels to a file first")
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
