"""voices' own exports read back: CSV, JSONL, XLSX, or a Parquet dataset directory.

Every document field is restored as it was, ids included, so export then ingest
into another corpus gives the same documents. A voices export is recognised by
its fields: the core ``EXPORT_FIELDS``, in any order, all but a few of them present
(an export edited in a spreadsheet; prediction fields and others may follow).
CSV exports prefix cells that a spreadsheet would run as a formula with ``'``
(OWASP advice); that prefix is removed again here. An XLSX export holds its cells
as text, read as written (its data sheet is the first; its
``theme:`` columns, like the prediction fields, are not documents and are not
restored; a text cut to Excel's cell limit is read as cut). Its ``id_rule`` field, the rule its source's ids
were made by, goes with each record (``extra["id_rule"]``) for the source it makes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from voices.csvcells import unneutralise as _unneutralise
from voices.errors import InputError
from voices.ingest.base import ReadContext, refuse_non_text
from voices.ingest.outputs import refuse_voices_output
from voices.ingest.records import json_rows, table_rows
from voices.schemas import CORE_EXPORT_FIELDS, DOCUMENT_KINDS, EXPORT_FIELDS, Record, Source

_OPTIONAL = ("author", "posted_at", "parent_id", "question_id", "question", "respondent_id",
             "respondent_type", "organisation", "closed_answer", "attributes", "original_id")


# the fields an export row cannot be read without (``_record``), and how many core fields an edited one may lack
_NEEDED = frozenset({"id", "source_id", "source_title", "kind", "text"})
_MAY_LACK = 3


def is_export_header(fields: Iterable[str]) -> bool:
    """True when ``fields`` are a voices export's: its core fields, in any order, all but a few of them there.

    A spreadsheet keeps an export's field names, not always their order or every column (an edited export
    saved again): read as generic records, each document got a new id and was stored a second time. The
    fields a row needs (id, source, kind, text) must all be there; fields added after the first release are
    optional, as older exports lack them.

    Examples
    --------
    >>> is_export_header(list(EXPORT_FIELDS) + ["stance"]), is_export_header(list(reversed(EXPORT_FIELDS)))
    (True, True)
    >>> is_export_header(["text"]), is_export_header(["id", "source_id", "source_title", "kind", "text"])
    (False, False)
    """
    names = set(fields)
    return names >= _NEEDED and len(set(CORE_EXPORT_FIELDS) - names) <= _MAY_LACK


def refuse_export_without_ids(fields: Iterable[object], path: Path) -> None:
    """Refuse a voices export whose ``id`` column was deleted: read as records, its documents were stored again.

    Raises
    ------
    InputError
        One line naming the file, and what to give instead.
    """
    names = {str(f).strip() for f in fields}
    if "id" not in names and is_export_header([*names, "id"]):
        raise InputError(f"{path}: a voices export whose id column was deleted: its documents cannot be told from "
                         "the ones stored from it, so nothing was stored: ingest the export as voices wrote it, or put "
                         "the id column back")


def unneutralise(value: str) -> str:
    """Undo the export's ``'`` prefix on a cell that would otherwise start a formula (``voices.csvcells``)."""
    return _unneutralise(value)


def xlsx_header(path: Path, ctx: ReadContext) -> list[str]:
    """The header of an XLSX workbook's first non-empty sheet (what ``sniff`` checks)."""
    from voices.ingest._tabular import read_xlsx_table

    table = read_xlsx_table(path, ctx)
    # the rows generator closes the workbook in its ``finally``, which runs once it has started
    next(table.rows, None)
    table.rows.close()  # type: ignore[attr-defined]
    return table.header


def _xlsx_rows(path: Path, ctx: ReadContext) -> Iterator[tuple[int, dict[str, Any]]]:
    from voices.ingest._tabular import read_xlsx_table

    table = read_xlsx_table(path, ctx)
    for _row, line, cells in table.rows:
        yield line, {h: (c if c != "" else None) for h, c in zip(table.header, cells, strict=False)}


def _parquet_rows(path: Path, ctx: ReadContext) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.dataset as ds

    try:
        dataset = ds.dataset(str(path), format="parquet")
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad dataset
        raise InputError(f"{ctx.name}: not a readable Parquet dataset ({exc}): export it again") from None
    if path.is_dir():
        _refuse_foreign_parts(path, dataset, ctx)
    if not is_export_header(dataset.schema.names):
        raise InputError(f"{ctx.name}: this Parquet data is not a voices export (fields: "
                         f"{', '.join(dataset.schema.names)}): use --format records")
    n = 0
    batches = dataset.to_batches(columns=[f for f in EXPORT_FIELDS if f in dataset.schema.names])
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError) as exc:  # a page found broken once its footer was read
            raise InputError(f"{ctx.name}: Parquet data broken after row {n} ({exc}): nothing was stored: "
                             "export it again") from None
        if batch is None:
            return
        for row in batch.to_pylist():
            n += 1
            yield n, row


def _refuse_foreign_parts(folder: Path, dataset: Any, ctx: ReadContext) -> None:
    """Refuse a dataset folder holding a Parquet file whose fields are not an export's, naming that file.

    Someone else's ``z.parquet`` beside an export's part was read with the part's fields and refused as
    "FOLDER: line 36: not a voices document ... was this file edited?" (``a.parquet``, read first: "not a
    voices export"): the folder named, never the file to take out. Only each file's footer is read here.
    """
    import pyarrow as pa

    for fragment in dataset.get_fragments():
        shown = Path(ctx.name) / Path(fragment.path).relative_to(folder)
        try:
            names = fragment.physical_schema.names
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{shown}: not a readable Parquet file ({exc}): export the folder again") from None
        if not is_export_header(names):
            raise InputError(f"{shown}: this Parquet file is not part of a voices export (fields: {', '.join(names)}): "
                             "move it out of the folder (give it on its own with --format records), then ingest "
                             "the folder again")


def _record(line: int, row: dict[str, Any], csv_cells: bool, ctx: ReadContext) -> Record:
    def get(name: str) -> str | None:
        value = row.get(name)
        if value is None:
            return None
        if name == "attributes" and isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        if name == "text" or isinstance(value, (dict, list)):
            refuse_non_text(value, name, line, ctx)
        value = value if isinstance(value, str) else str(value)
        return unneutralise(value) if csv_cells else value

    kind, doc_id, text = get("kind"), get("id"), get("text")
    if kind not in DOCUMENT_KINDS or not doc_id or not get("source_id") or text is None:
        raise InputError(f"{ctx.name}: line {line}: not a voices document (id, source_id, kind "
                         "and text are required): was this file edited?")
    source = Source(title=get("source_title") or get("source_id") or "", id=get("source_id"),
                    kind="consultation" if kind == "consultation_answer" else "thread")
    return Record(
        source=source, kind=kind, text=text, key=doc_id, doc_id=doc_id, parent_id=get("parent_id"),
        line=line, extra={**_position(get("position"), line, ctx), "id_rule": _id_rule(get("id_rule"))},
        **{f: get(f) for f in _OPTIONAL if f != "parent_id"},
    )


def _position(value: str | None, line: int, ctx: ReadContext) -> dict[str, int]:
    if not value:
        return {}
    try:
        position = int(float(value))
    except (ValueError, OverflowError):
        position = 0
    if not 1 <= position <= 2**62:
        raise InputError(f"{ctx.name}: line {line}: position {value[:20]!r} is not a whole number "
                         "from 1: was this file edited?")
    return {"position": position}


def _id_rule(value: str | None) -> int:
    """The id rule the row's source was stored under (``voices.ids``); 0 (not known) for an export made before
    exports said it, or one naming a rule this voices does not know."""
    from voices.ids import ANY_ID_RULE, ID_RULE

    try:
        rule = int(float(value)) if value else ANY_ID_RULE
    except (ValueError, OverflowError):
        return ANY_ID_RULE
    return rule if 0 <= rule <= ID_RULE else ANY_ID_RULE


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """Read a voices export back.

    Parameters
    ----------
    path : Path
        A ``.csv``, ``.jsonl`` or ``.xlsx`` export, or a Parquet dataset directory (or file).
    ctx : ReadContext
        Where warnings go.

    Yields
    ------
    Record
        Each exported document with ``doc_id``/``parent_id`` set, so ids are kept.

    Raises
    ------
    InputError
        The file is not a voices export, or a row lacks id, source_id, kind or text.
    """
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".parquet":
        rows, csv_cells = _parquet_rows(path, ctx), False
    elif suffix in (".jsonl", ".json", ".ndjson"):
        rows, csv_cells = json_rows(path, ctx), False
    elif suffix in (".xlsx", ".xlsm") or _zipped(path):
        rows, csv_cells = _xlsx_rows(path, ctx), False
    else:
        rows, csv_cells = table_rows(path, ctx), True
    checked = False
    cut = 0
    for line, row in rows:
        if not checked:
            if not is_export_header(list(row)):
                refuse_voices_output(row, path)  # not "use --format records": that stores it again
                raise InputError(f"{ctx.name}: not a voices export (fields: {', '.join(row)}): "
                                 "use --format records or consultation")
            checked = True
        record = _record(line, row, csv_cells, ctx)
        cut += record.text.endswith("export]") and _was_cut(record.text)
        yield record
    if cut:
        ctx.warn(f"{cut} texts were cut to Excel's cell limit when exported: "
                 "ingest the CSV or JSONL export for the whole texts")


def _was_cut(text: str) -> bool:
    from voices.formats.xlsx import CUT_TAIL

    return CUT_TAIL.search(text) is not None


def _zipped(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False
