"""Parquet datasets of documents on any fsspec path: plan partitions, read one, read predictions back.

The plan is made once on the client from the Parquet footers only (no data is
read there); each partition is then read on the worker that classifies it, so
documents never pass through the client. A partition is a run of row groups of
one file, or a slice of one large row group, so a dataset that ``voices export``
wrote as one big file still spreads over every worker.
"""

from __future__ import annotations

import logging
import math
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from voices.errors import InputError
from voices.schemas import DICT_FIELDS, DOCUMENT_FIELDS, JOIN_FIELDS, LIST_FIELDS, PREDICTION_FIELDS

log = logging.getLogger(__name__)

REQUIRED_COLUMNS: tuple[str, ...] = ("id", "text")
PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".parq", ".pq")
SUCCESS_MARKER = "_SUCCESS"
DEFAULT_PARTITION_ROWS = 20_000


@dataclass(frozen=True)
class DatasetSource:
    """Where a dataset lives: an fsspec filesystem (picklable, so workers get it) and a root."""

    url: str
    fs: Any
    root: str

    @property
    def is_local(self) -> bool:
        """True for the local filesystem, where a directory rename is atomic."""
        protocol = self.fs.protocol
        return "file" in (protocol if isinstance(protocol, tuple) else (protocol,))


@dataclass(frozen=True)
class Partition:
    """One unit of work: rows ``start:stop`` of row groups ``row_groups`` of one file."""

    index: int
    path: str
    row_groups: tuple[int, ...]
    start: int
    stop: int
    hive: tuple[tuple[str, str], ...] = ()

    @property
    def rows(self) -> int:
        """How many documents the partition holds."""
        return self.stop - self.start


@dataclass(frozen=True)
class DatasetPlan:
    """The partitions of a dataset, in input order, and the documents they hold."""

    source: DatasetSource
    partitions: tuple[Partition, ...]
    files: int
    columns: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        """Total documents in the dataset."""
        return sum(p.rows for p in self.partitions)


def open_source(url: str, storage_options: Mapping[str, Any] | None = None) -> DatasetSource:
    """Resolve ``url`` (a local path or any fsspec URL such as ``s3://bucket/docs``).

    Raises
    ------
    InputError
        Unknown protocol, or the filesystem library it needs is not installed.
    """
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(str(url), **dict(storage_options or {}))
    except (ImportError, ValueError) as exc:
        raise InputError(f"cannot open {url}: {_first_line(exc)}") from None
    return DatasetSource(url=str(url), fs=fs, root=root.rstrip("/") or root)


@dataclass(frozen=True)
class DatasetScan:
    """A dataset's Parquet files with their row-group sizes, read from the footers only."""

    source: DatasetSource
    files: tuple[tuple[str, tuple[int, ...], tuple[tuple[str, str], ...]], ...]
    columns: tuple[str, ...]
    blank: int = 0  # documents with no text (null, empty or only spaces): not classified, left out of the output
    blank_ids: tuple[str, ...] = ()  # the first few of their ids
    articles: int = 0  # rows of kind ``article``: written to the output without a stance, as classify leaves them

    @property
    def rows(self) -> int:
        """Total documents in the dataset."""
        return sum(sum(row_groups) for _, row_groups, _ in self.files)

    def plan(self, partition_rows: int | None = None, workers: int = 1) -> DatasetPlan:
        """Cut the files into partitions of about ``partition_rows`` documents.

        By default about four partitions per worker (for balance and progress),
        at most ``DEFAULT_PARTITION_ROWS``.
        """
        if partition_rows is not None and partition_rows < 1:
            raise InputError(f"partition size must be at least 1 document, not {partition_rows}")
        size = partition_rows or partition_rows_for(self.rows, workers)
        partitions: list[Partition] = []
        for path, row_groups, hive in self.files:
            for rgs, start, stop in _cut(list(row_groups), size):
                partitions.append(Partition(len(partitions), path, rgs, start, stop, hive))
        return DatasetPlan(self.source, tuple(partitions), len(self.files), self.columns)


def scan_dataset(url: str, storage_options: Mapping[str, Any] | None = None) -> DatasetScan:
    """List a dataset's Parquet files and check their footers and columns.

    Parameters
    ----------
    url : str
        A Parquet file or a dataset folder, local or any fsspec URL. Files and
        folders whose names start with ``.`` or ``_`` are skipped, as pyarrow and
        Dask skip them; ``key=value`` folders (hive partitioning) become columns.
    storage_options : mapping, optional
        Passed to fsspec (credentials, endpoint).

    Returns
    -------
    DatasetScan

    Raises
    ------
    InputError
        Missing path, no Parquet files, a file that is not Parquet or cannot be
        read, or a file without the ``id`` and ``text`` columns.

    Example
    -------
    >>> scan = scan_dataset("s3://bucket/consultation")  # doctest: +SKIP
    >>> scan.rows, len(scan.plan(workers=8).partitions)  # doctest: +SKIP
    (120000, 60)
    """
    source = open_source(url, storage_options)
    files = []
    columns: set[str] = set()
    for path in _parquet_files(source):
        row_groups, schema = _footer(source, path)
        hive = _hive_keys(source.root, path)
        _check_columns(path, set(schema.names) | {k for k, _ in hive})
        _check_types(path, schema)
        columns.update(schema.names)
        columns.update(k for k, _ in hive)
        files.append((path, tuple(row_groups), hive))
    blank, blank_ids, articles = _check_ids(source, [path for path, _, _ in files])
    log.debug("%s: %d files", url, len(files))
    scan = DatasetScan(source, tuple(files), tuple(sorted(columns)), blank, blank_ids, articles)
    if blank and blank == scan.rows:
        every = "its one document" if blank == 1 else f"every one of its {blank:,} documents"
        raise InputError(f"{url}: {every} has no text (null, empty or only spaces): "
                         "give the rows their texts, or classify another dataset")
    return scan


def _check_types(path: str, schema: Any) -> None:
    """Refuse columns of the export contract whose Parquet type cannot hold what they mean."""
    import pyarrow as pa

    def texty(t: Any) -> bool:
        if pa.types.is_dictionary(t):
            t = t.value_type
        return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)

    for name in DOCUMENT_FIELDS:
        if name not in schema.names:
            continue
        t = schema.field(name).type
        ok = (pa.types.is_integer(t) or pa.types.is_null(t)) if name == "position" else (
            texty(t) or (name == "posted_at" and pa.types.is_timestamp(t)))
        if not ok:
            want = "whole numbers" if name == "position" else "text (string)"
            raise InputError(f"{path}: column {name!r} is {t}, not {want}: write it as {want}, "
                             "as `voices export --format parquet` does")


BLANK_TEXT = r"^[\s\p{Z}]*$"  # empty or only spaces (RE2, as pyarrow reads it)
SHOWN_IDS = 5  # how many ids of skipped documents a warning names


def blank_texts(texts: Any) -> Any:
    """A boolean pyarrow array: which of ``texts`` are null, empty or only spaces."""
    import pyarrow.compute as pc

    return pc.or_(pc.is_null(texts), pc.fill_null(pc.match_substring_regex(texts, BLANK_TEXT), False))


def _check_texts(parquet: Any) -> tuple[int, list[str], int]:
    """How many documents have no text (null, empty or only spaces), the first few ids, and how many of them
    are articles (left out with the others: ``_count_articles`` counts only the articles written).

    The models would tag such a text (``none``, confidently), so they are left out; the
    ingest of a corpus leaves them out as "not documents" too. Row-group statistics
    answer without reading the texts: a blank text sorts first, so a row group whose
    minimum starts with a letter and that counts no nulls holds none. Only another row
    group has its id and text columns read, one group at a time, so memory stays at one
    group. (A text of only non-ASCII spaces, such as U+3000, in a group whose texts
    start with letters is not caught.)
    """
    column = parquet.schema_arrow.get_field_index("text")
    if column < 0:
        return 0, [], 0  # _check_columns names it
    count, ids, articles = 0, [], 0
    kind = ["kind"] if parquet.schema_arrow.get_field_index("kind") >= 0 else []
    for i in range(parquet.metadata.num_row_groups):
        stats = parquet.metadata.row_group(i).column(column).statistics
        first = str(stats.min)[:1] if stats is not None and stats.has_min_max else ""
        if (stats is not None and stats.has_null_count and not stats.null_count and stats.has_min_max
                and first > " " and not first.isspace()):
            continue
        group = parquet.read_row_group(i, columns=["id", "text", *kind])
        blank = blank_texts(group.column("text"))
        found = group.column("id").filter(blank)
        count += len(found)
        if kind:
            articles += _articles(group.column("kind").filter(blank))
        if len(ids) < SHOWN_IDS:
            ids += [str(v) for v in found.slice(0, SHOWN_IDS - len(ids)).to_pylist()]
    return count, ids, articles


def _check_ids(source: DatasetSource, paths: list[str]) -> tuple[int, tuple[str, ...]]:
    """Every document needs an id, and one id names one document (the output keys rows by it).

    Returns how many documents have no text, the first few of their ids (``_check_texts``), and how many
    are articles written (``_count_articles``, less the blank ones).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    chunks, blank, blank_ids, articles = [], 0, [], 0
    for path in paths:
        with source.fs.open(path, "rb") as fh:
            parquet = pq.ParquetFile(fh)
            ids = parquet.read(columns=["id"]).column("id")
            n, some, blank_articles = _check_texts(parquet)
            articles += _count_articles(parquet) - blank_articles  # a blank article is not written either
        blank += n
        blank_ids += some[:SHOWN_IDS - len(blank_ids)]
        if ids.null_count or pc.any(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(ids)), 0)).as_py():
            raise InputError(f"{path}: {ids.null_count or 'some'} document{'s' * (ids.null_count != 1)} without "
                             "an id: give every row an id (voices export writes them)")
        chunks.extend(ids.cast(pa.string()).chunks)
    if not chunks:
        return blank, tuple(blank_ids), articles
    everything = pa.chunked_array(chunks, type=pa.string())
    counts = pc.value_counts(everything)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    if len(repeated):
        first = repeated[0]["values"].as_py()
        occur = "ids occur" if len(repeated) != 1 else "id occurs"
        raise InputError(f"{source.url}: {len(repeated):,} {occur} more than once (e.g. {first!r}): "
                         "one row per document; remove the duplicates or export the corpus again")
    return blank, tuple(blank_ids), articles


def _count_articles(parquet: Any) -> int:
    """Rows of kind ``article``: classify tags no article as a comment, so the job's count says so apart."""
    if parquet.schema_arrow.get_field_index("kind") < 0:
        return 0  # no kind column: every row is read as a comment
    return _articles(parquet.read(columns=["kind"]).column("kind"))


def _articles(kind: Any) -> int:
    """How many of a ``kind`` column's values are ``article``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return int(pc.sum(pc.equal(kind.cast(pa.string()), "article")).as_py() or 0)


def plan_dataset(
    url: str,
    *,
    partition_rows: int | None = None,
    workers: int = 1,
    storage_options: Mapping[str, Any] | None = None,
) -> DatasetPlan:
    """``scan_dataset(url).plan(partition_rows, workers)``: the partitions of a dataset."""
    return scan_dataset(url, storage_options).plan(partition_rows, workers)


def partition_rows_for(total_rows: int, workers: int, ceiling: int = DEFAULT_PARTITION_ROWS) -> int:
    """A partition size that gives every worker several partitions (for balance and progress)."""
    per_worker = math.ceil(max(total_rows, 1) / max(4 * workers, 1))
    return max(100, min(ceiling, per_worker))


def read_partition(source: DatasetSource, part: Partition) -> Any:
    """Read one partition as a pandas frame with exactly ``DOCUMENT_FIELDS`` and ``JOIN_FIELDS``, in file order.

    Export fields the file lacks are filled with nulls; other columns (old
    predictions included) are dropped, since the output is rebuilt from them.
    ``original_id`` is carried through as text, so the classified rows join back to the user's data.
    Documents with no text (``blank_texts``) are left out.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    with source.fs.open(part.path, "rb") as fh:
        pf = pq.ParquetFile(fh)
        wanted = [c for c in DOCUMENT_FIELDS + JOIN_FIELDS if c in pf.schema_arrow.names]
        if part.row_groups:
            table = pf.read_row_groups(list(part.row_groups), columns=wanted)
        else:
            table = pf.schema_arrow.empty_table().select(wanted)
    table = table.slice(part.start, part.rows)
    rows = table.num_rows
    if "text" in table.column_names:  # no text, nothing to classify: the scan warned about them
        import pyarrow.compute as pc

        table = table.filter(pc.invert(blank_texts(table.column("text"))))
    for name in JOIN_FIELDS:  # a user's own ids may be numbers: the output holds them as text
        if name in table.column_names and not pa.types.is_string(table.schema.field(name).type):
            table = table.set_column(table.column_names.index(name), name, table.column(name).cast(pa.string()))
    frame = table.to_pandas()
    hive = dict(part.hive)
    for name in DOCUMENT_FIELDS + JOIN_FIELDS:
        if name not in frame.columns:
            frame[name] = hive.get(name)
    frame = frame[list(DOCUMENT_FIELDS + JOIN_FIELDS)].reset_index(drop=True)
    frame.attrs["blank"] = rows - table.num_rows  # how many were left out, so the client can count every row
    return frame


def load_predictions(url: str, storage_options: Mapping[str, Any] | None = None) -> Any:
    """Load a classified dataset into the pandas frame ``voices.report`` aggregates.

    Columns are ``DOCUMENT_FIELDS`` then ``PREDICTION_FIELDS``; ``themes`` are lists
    and ``theme_probabilities`` dicts (label to probability), as the classifier
    returns them.

    Raises
    ------
    InputError
        Missing or unreadable dataset; a remote dataset without ``_SUCCESS`` (its
        job did not finish); a dataset without predictions.
    """
    import pyarrow.parquet as pq

    source, files = prediction_files(url, storage_options)
    tables = []
    for path in files:
        with source.fs.open(path, "rb") as fh:
            tables.append(pq.read_table(fh, columns=list(DOCUMENT_FIELDS + PREDICTION_FIELDS)))
    return _predictions_frame(tables)


def job_summary(source: DatasetSource) -> dict[str, Any]:
    """The ``_SUCCESS`` marker's summary of the job that wrote a classified dataset; {} when there is none
    (a file, or a dataset another tool wrote) or it does not read as JSON."""
    import json

    try:
        with source.fs.open(_join(source.root, SUCCESS_MARKER), "rb") as fh:
            summary = json.loads(fh.read(1 << 20))
    except (OSError, ValueError):
        return {}
    return summary if isinstance(summary, dict) else {}


def prediction_files(url: str, storage_options: Mapping[str, Any] | None = None) -> tuple[DatasetSource, list[str]]:
    """The Parquet files of a classified dataset, in order, each checked for predictions.

    Raises
    ------
    InputError
        As ``load_predictions``.
    """
    source = open_source(url, storage_options)
    files = _parquet_files(source)
    if not source.is_local and _is_dir(source) and not _exists(source, _join(source.root, SUCCESS_MARKER)):
        raise InputError(
            f"{url} has no {SUCCESS_MARKER} marker: the job that wrote it did not finish; "
            "run `voices classify --dataset ... --out ...` again"
        )
    for path in files:
        names = _footer(source, path)[1].names
        missing = [f for f in DOCUMENT_FIELDS + PREDICTION_FIELDS if f not in names]
        if any(f in missing for f in PREDICTION_FIELDS):
            raise InputError(
                f"{path} has no predictions (missing {', '.join(missing)}): "
                "classify it first with `voices classify --dataset ... --out ...`"
            )
    return source, files


def _predictions_frame(tables: list[Any]) -> Any:
    import pyarrow as pa

    from voices.arrow import arrow_schema

    schema = arrow_schema(DOCUMENT_FIELDS + PREDICTION_FIELDS)
    table = pa.concat_tables([t.cast(schema) for t in tables]) if tables else schema.empty_table()
    frame = table.to_pandas()
    for name in sorted(LIST_FIELDS & set(table.column_names)):  # human_themes is not a dataset field
        frame[name] = [None if v is None else list(v) for v in table.column(name).to_pylist()]
    for name in DICT_FIELDS:
        frame[name] = [None if v is None else dict(v) for v in table.column(name).to_pylist()]
    return frame


def _parquet_files(source: DatasetSource) -> list[str]:
    if not _exists(source, source.root):
        raise InputError(
            f"dataset {source.url} not found: give a Parquet file or a dataset folder "
            "(`voices export --format parquet --out DIR` writes one)"
        )
    if not _is_dir(source):
        return [source.root]
    try:
        found = source.fs.find(source.root)
    except PermissionError:
        raise InputError(f"cannot read dataset folder {source.url}: permission denied") from None
    files = sorted(p for p in found if _visible(source.root, p) and p.endswith(PARQUET_SUFFIXES))
    if not files:
        raise InputError(
            f"{source.url} is not a Parquet dataset: it holds no .parquet files "
            "(`voices export --format parquet --out DIR` writes one)"
        )
    return files


def _footer(source: DatasetSource, path: str) -> tuple[list[int], Any]:
    """Row counts per row group and the Arrow schema, from the file footer only."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with source.fs.open(path, "rb") as fh:
            meta = pq.ParquetFile(fh).metadata
            schema = meta.schema.to_arrow_schema()
            rows = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except (pa.ArrowException, OSError) as exc:
        kind = posixpath.splitext(path)[1].lower().lstrip(".")
        if kind in ("csv", "tsv", "jsonl", "json", "xlsx"):
            raise InputError(f"{path} is {kind.upper()}, and --dataset reads Parquet: voices ingest it, then "
                             "voices export --format parquet --out DIR writes the dataset") from None
        raise InputError(
            f"{path} is not a readable Parquet file ({_first_line(exc)}); "
            "give a dataset that `voices export --format parquet` or pandas/pyarrow wrote"
        ) from None
    return rows, schema


def _check_columns(path: str, names: set[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            f"{path} lacks the column{'s' * (len(missing) != 1)} {', '.join(missing)} that every document needs "
            f"(columns found: {', '.join(sorted(names)) or 'none'}); "
            f"the expected columns are {', '.join(DOCUMENT_FIELDS)}"
        )


def _cut(row_groups: list[int], size: int) -> Iterator[tuple[tuple[int, ...], int, int]]:
    """Split a file's row groups into ``(row_groups, start, stop)`` of about ``size`` rows.

    Small row groups are merged; a large one is sliced. A file with no rows
    still yields one empty partition, so every input file has its part.
    """
    pending: list[int] = []
    pending_rows = 0
    emitted = False
    for i, n in enumerate(row_groups):
        if n == 0:
            continue
        if n > size:
            if pending:
                yield tuple(pending), 0, pending_rows
                pending, pending_rows = [], 0
            for start in range(0, n, size):
                yield (i,), start, min(start + size, n)
            emitted = True
            continue
        if pending_rows + n > size and pending:
            yield tuple(pending), 0, pending_rows
            pending, pending_rows = [], 0
        pending.append(i)
        pending_rows += n
    if pending:
        yield tuple(pending), 0, pending_rows
    elif not emitted:
        yield (), 0, 0


def _hive_keys(root: str, path: str) -> tuple[tuple[str, str], ...]:
    rel = posixpath.relpath(path, root) if path != root else ""
    parts = rel.split("/")[:-1]
    return tuple(tuple(p.split("=", 1)) for p in parts if "=" in p)  # type: ignore[misc]


def _visible(root: str, path: str) -> bool:
    rel = posixpath.relpath(path, root)
    return not any(part.startswith((".", "_")) for part in rel.split("/"))


def _join(root: str, name: str) -> str:
    return f"{root.rstrip('/')}/{name}"


def _exists(source: DatasetSource, path: str) -> bool:
    try:
        return bool(source.fs.exists(path))
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None


def _is_dir(source: DatasetSource) -> bool:
    return bool(source.fs.isdir(source.root))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
