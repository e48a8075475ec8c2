"""Parquet datasets of documents: scan and plan partitions on the client, read one on a worker.

The plan is made once on the client from the Parquet footers only (no data is
read there); each partition is then read on the worker that classifies it, so
documents never pass through the client. A partition is a run of row groups of
one file, or a slice of one large row group, so a dataset that ``voices export``
wrote as one big file still spreads over every worker.

Where a dataset lives is ``voices.scale.dataset_files``, what it must hold
``voices.scale.dataset_checks``, and reading predictions back ``voices.scale.classified``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from voices.errors import InputError
from voices.scale.dataset_checks import _check_columns, _check_ids, _check_types, blank_texts
from voices.scale.dataset_files import DatasetSource, _footer, _hive_keys, _parquet_files, open_source
from voices.schemas import DOCUMENT_FIELDS, JOIN_FIELDS

log = logging.getLogger(__name__)

DEFAULT_PARTITION_ROWS = 20_000


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


