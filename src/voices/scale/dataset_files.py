"""Where a dataset lives and its Parquet files: the fsspec source, listing, footers, hive keys.

Only footers are read here (row-group sizes and the schema); ``_SUCCESS`` is the marker a
finished job leaves at the dataset's root (``voices.scale.output`` writes it).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from voices.errors import InputError

PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".parq", ".pq")
SUCCESS_MARKER = "_SUCCESS"


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
