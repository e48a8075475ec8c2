"""Writing the corpus out: CSV, JSONL, Parquet datasets and XLSX with the export field contract; QDPX.

Columns are ``EXPORT_FIELDS`` then, once anything is classified, ``PREDICTION_FIELDS``
(XLSX adds one ``theme:<name>`` 0/1 column per theme, see ``voices.formats.xlsx``).
A QDPX file is a REFI-QDA project of the same rows (``voices.formats.qdpx``).
Rows stream from the corpus in batches, so memory stays flat however large it is.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from voices._atomic import atomic_file, atomic_folder
from voices.csvcells import csv_writer, neutralise
from voices.errors import OutputError, UsageError
from voices.schemas import DICT_FIELDS, EXPORT_FIELDS, LIST_FIELDS, PREDICTION_FIELDS

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "parquet", "xlsx", "qdpx")
LABELLED_FORMATS = ("jsonl", "csv")  # --labelled: the training format
FILE_FORMATS = ("parquet", "xlsx", "qdpx")  # written to --out only (a folder or a binary file)
_PART = re.compile(r"part-\d{5}\.parquet")  # what write_parquet_dataset names its files
# Formats people circulate as they are: redacted unless asked not to (as md/html reports).
REDACT_BY_DEFAULT = frozenset({"qdpx"})
ROWS_PER_PART = 250_000


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    rows: int
    fields: tuple[str, ...]
    path: str | None
    cut: int = 0  # XLSX: cells cut to Excel's 32,767-character limit
    held_out: int = 0  # --labelled: labels left out as validation-sample members (never trained on)


def neutralise_cell(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with ``'`` (``voices.csvcells.neutralise``)."""
    return neutralise(value)


def _plain(value: Any) -> Any:
    """pandas/numpy scalars to plain Python; NaN/NA to None."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if not isinstance(value, (list, dict)) and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def normalise_row(row: dict[str, Any]) -> dict[str, Any]:
    """One exported row as plain Python: lists as lists, dicts as dicts."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        value = _plain(value)
        if key in DICT_FIELDS and isinstance(value, str):
            value = json.loads(value)
        if key in LIST_FIELDS and value is not None:
            value = list(value)
        if key in ("stance_uncertain", "validation") and value is not None:
            value = bool(value)
        if key == "position" and value is not None:
            value = int(value)
        out[key] = value
    return out


def csv_cell(key: str, value: Any) -> str:
    """A value as a CSV cell: lists ';'-joined, dicts JSON, formulas neutralised."""
    from voices.formats.xlsx import text_cell

    text = text_cell(key, value, LIST_FIELDS, DICT_FIELDS)
    return "" if text is None else neutralise_cell(text)


def write_csv(rows: Iterable[dict[str, Any]], fields: Sequence[str], fh: IO[str]) -> int:
    """Write rows as Excel-safe CSV (the caller writes the BOM). Returns the row count."""
    writer = csv_writer(fh)
    writer.writerow(fields)
    n = 0
    for row in rows:
        writer.writerow([csv_cell(f, row.get(f)) for f in fields])
        n += 1
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], fields: Sequence[str], fh: IO[str]) -> int:
    """Write rows as JSON Lines (lists as lists, dicts as objects)."""
    n = 0
    for row in rows:
        fh.write(json.dumps({f: row.get(f) for f in fields}, ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n


def _fields(with_predictions: bool) -> tuple[str, ...]:
    return EXPORT_FIELDS + (PREDICTION_FIELDS if with_predictions else ())


def _rows(frames: Iterable[Any], fields: Sequence[str]) -> Iterator[dict[str, Any]]:
    for frame in frames:
        for rec in frame.to_dict("records"):
            yield normalise_row({f: rec.get(f) for f in fields})


def write_parquet_dataset(frames: Iterable[Any], fields: Sequence[str], out: Path) -> int:
    """Write a Parquet dataset directory (``part-NNNNN.parquet``) atomically.

    The parts are written into a hidden temporary folder beside ``out`` that is
    renamed into place at the end, so a crashed export leaves no partial dataset.
    An earlier export's folder (nothing in it but parts) is replaced whole, as a
    file export replaces its file; a folder holding anything else is refused.
    """
    import pyarrow as pa

    from voices.arrow import arrow_schema

    schema = arrow_schema(fields)
    rows = part = 0
    with atomic_folder(out, replace=_earlier_dataset(out)) as tmp:
        for frame in frames:
            table = pa.Table.from_pylist(list(_rows([frame], fields)), schema=schema)
            for start in range(0, table.num_rows, ROWS_PER_PART):
                _write_part(table.slice(start, ROWS_PER_PART), tmp / f"part-{part:05d}.parquet")
                part += 1
            rows += table.num_rows
        if part == 0:
            _write_part(schema.empty_table(), tmp / "part-00000.parquet")
    return rows


def _write_part(table: Any, path: Path) -> None:
    """One part, through a Python file handle: pyarrow takes a path as UTF-8 text only, so a folder named in
    Latin-1 bytes (``caf<0xe9>/``) failed with UnicodeEncodeError, where a CSV export there was written."""
    import pyarrow.parquet as pq

    with open(path, "wb") as fh:
        pq.write_table(table, fh)


def _earlier_dataset(out: Path) -> bool:
    """True when ``out`` is a folder holding only what a Parquet export writes (its ``part-NNNNN.parquet``).

    Such a folder is an earlier export, replaced whole; any other folder with files in it
    is refused, since replacing it would delete them.

    Raises
    ------
    OutputError
        ``out`` is a folder holding other files (or folders) than an export's parts.
    """
    try:
        entries = list(os.scandir(out))
    except (FileNotFoundError, NotADirectoryError):
        return False  # absent (or a file, which atomic_folder refuses)
    if all(_PART.fullmatch(e.name) and e.is_file(follow_symlinks=False) for e in entries):
        return bool(entries)
    raise OutputError(f"--out {out} is a folder holding other files than a Parquet export's part-NNNNN.parquet, "
                      "which writing would delete: give a new folder path (or an earlier export's folder to replace)")


def export_corpus(
    corpus_path: Path,
    fmt: str,
    out: Path | None = None,
    source_ids: Sequence[str] | None = None,
    stream: IO[str] | None = None,
    redact: bool | None = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Export the corpus (or some sources) in ``fmt`` to ``out`` or ``stream``.

    Parameters
    ----------
    corpus_path : Path
        The corpus file.
    fmt : {"csv", "jsonl", "parquet", "xlsx", "qdpx"}
        Output format. Parquet, XLSX and QDPX need ``out`` (Parquet: a new folder).
    out : Path, optional
        File (or folder for Parquet); written atomically.
    source_ids : sequence of str, optional
        Source ids or unique prefixes; all sources when empty.
    stream : text stream, optional
        Where CSV/JSONL go when ``out`` is None (stdout in the CLI).
    redact : bool or None
        None: on for QDPX (as md reports), off for the rest. Replace personal
        identifiers in texts (``voices.redact``), pseudonymise authors and respondents,
        hide organisations and show keyed ids. Entities
        cached by ``voices classify --entities`` are used; the rest are found with
        spaCy NER (the slow part) and not stored: an export never writes the corpus.
    progress : callable or None
        With ``redact``: called with ``(rows_done, rows)`` after each batch of rows.

    Raises
    ------
    UsageError
        Unknown format, or Parquet, XLSX or QDPX without ``--out``.
    NotFoundError
        A source id the corpus does not hold.
    """
    from voices.store import Corpus

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet" and out is None:
        raise UsageError("a Parquet export is a folder: give --out DIR")
    if fmt in FILE_FORMATS and out is None:
        article = "an" if fmt == "xlsx" else "a"  # an ex-el-es-ex file, a QDPX file
        raise UsageError(f"{article} {fmt.upper()} export is a binary file: give --out FILE.{fmt}")
    redact = fmt in REDACT_BY_DEFAULT if redact is None else redact
    with Corpus.open(corpus_path) as corpus:
        ids = corpus.resolve_sources(source_ids) if source_ids else None
        with_pred = corpus.has_predictions()
        fields = _fields(with_pred)
        query, params = corpus.export_query(ids, predictions=with_pred)
        frames = corpus.iter_frames(query, params)
        if redact:
            frames = _redacting(corpus, query, params, frames, progress)
        if fmt == "parquet":
            result = ExportResult(write_parquet_dataset(frames, fields, out), fields, str(out))  # type: ignore[arg-type]
        elif fmt in ("xlsx", "qdpx"):
            from voices.formats.corpus import write_binary_export

            result = write_binary_export(corpus, (query, params), _rows(frames, fields), fields, fmt, out)
        else:
            result = _write_text_export(frames, fields, fmt, out, stream)
    return result


def _redacting(corpus, query, params, frames, progress=None):
    """Wrap ``frames`` so each is redacted with one redactor for the whole export.

    Entities come from the corpus's cache where it has them (read only) and NER otherwise.
    """
    from voices.redact import IdMask, PreloadedCache, Redactor, ner_version, redact_frame
    from voices.store import predictions as store
    from voices.store.discovered import corpus_authors

    rows = corpus.sql(f"SELECT id, author FROM ({query})", params).fetchall()
    cache = PreloadedCache(store.cached(corpus, [r[0] for r in rows], ner_version()))
    # the exported rows' authors first (pseudonyms are numbered by first appearance), then every other
    # author in the corpus: a name is hidden wherever a text names it, in an export of one source too
    redactor = Redactor([*(r[1] for r in rows), *corpus_authors(corpus)], cache=cache, ids=IdMask.for_corpus(corpus))

    def redacted() -> Iterator[Any]:
        done = 0
        for frame in frames:
            yield redact_frame(frame, redactor)
            done += len(frame)
            if progress is not None:
                progress(done, len(rows))

    return redacted()


def export_labelled(
    corpus_path: Path, fmt: str, out: Path | None = None, stream: IO[str] | None = None
) -> ExportResult:
    """Write the human-labelled documents in the training format (JSONL or CSV).

    ``voices train --data FILE`` reads the result directly, so a user retrains on
    their own corrections.
    """
    from voices.store.label_rows import export_labelled as labelled_rows
    from voices.store.label_rows import validation_labels

    if fmt not in LABELLED_FORMATS:
        raise UsageError(f"--labelled with --format {fmt}: labelled exports are jsonl or csv: give --format jsonl or csv")
    rows = list(labelled_rows(corpus_path))
    fields = ("id", "text", "stance", "themes", "source_id", "stance_labelled",
              "themes_labelled", "labelled_by", "labelled_at")
    written = _write_text_export([_Rows(rows)], fields, fmt, out, stream)
    return replace(written, held_out=validation_labels(corpus_path))


def export_label_history(
    corpus_path: Path, fmt: str, out: Path | None = None, stream: IO[str] | None = None
) -> ExportResult:
    """Write the labels ``voices ingest --replace`` set aside when their text changed (JSONL or CSV).

    No text: the history holds none, and the document's text is now another. The ids say
    which documents to label again (``voices label ID``).
    """
    from voices.store.label_rows import export_label_history as history_rows

    if fmt not in LABELLED_FORMATS:
        raise UsageError(f"--label-history with --format {fmt}: the label history is jsonl or csv: "
                         "give --format jsonl or csv")
    fields = ("id", "source_id", "stance", "themes", "themes_labelled", "labelled_by", "labelled_at",
              "superseded_at", "reason", "original_id")
    return _write_text_export([_Rows(history_rows(corpus_path))], fields, fmt, out, stream)


class _Rows(list):
    """A list of dict rows that quacks like the one-frame batches ``_rows`` reads."""

    def to_dict(self, orient: str) -> list:
        return list(self)


def _write_text_export(frames, fields, fmt, out, stream) -> ExportResult:
    writer = write_csv if fmt == "csv" else write_jsonl
    if out is None:
        assert stream is not None
        if fmt == "csv":
            stream.write("\ufeff")
        n = writer(_rows(frames, fields), fields, stream)
        return ExportResult(n, fields, None)
    with atomic_file(out, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
        n = writer(_rows(frames, fields), fields, fh)
    return ExportResult(n, fields, str(out))
