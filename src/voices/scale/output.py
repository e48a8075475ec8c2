"""Writing a classified dataset so that no reader ever takes a partial one as complete.

Each partition task writes ``part-<index>.parquet`` into a hidden staging folder
beside the output, through a temporary name and a rename, so a part file is
either whole or absent. A task that Dask reruns (its worker died) rewrites the
same part name, so no row is lost or doubled. Only when every part is there
does the job move the staging folder into place with a ``_SUCCESS`` marker:
on a local disk that is one atomic rename; on object stores (no rename) the
marker is written last and ``load_predictions`` insists on it.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from voices._atomic import atomic_file, atomic_write_text, check_target
from voices.errors import UsageError
from voices.scale.dataset_files import SUCCESS_MARKER, DatasetSource, open_source
from voices.schemas import DOCUMENT_FIELDS, JOIN_FIELDS, PREDICTION_FIELDS

log = logging.getLogger(__name__)

# original_id last: added after the predictions, as fields are only ever added at the end
OUTPUT_FIELDS: tuple[str, ...] = DOCUMENT_FIELDS + PREDICTION_FIELDS + JOIN_FIELDS


def part_name(index: int) -> str:
    """The file name of partition ``index`` (the same on every rerun of its task)."""
    return f"part-{index:05d}.parquet"


@dataclass(frozen=True)
class StagingArea:
    """The hidden folder a job's parts go to before the job commits them."""

    target: DatasetSource
    path: str

    def write_part(self, index: int, table: Any) -> str:
        """Write one part atomically (temp name + rename); overwrite an earlier attempt."""
        import pyarrow.parquet as pq

        fs = self.target.fs
        final = f"{self.path}/{part_name(index)}"
        tmp = f"{self.path}/.{part_name(index)}.{uuid.uuid4().hex}.tmp"
        if self.target.is_local:
            with atomic_file(final, "wb") as fh:
                pq.write_table(table, fh)
        else:
            # An object store PUT is all-or-nothing already; the move keeps the protocol uniform.
            with fs.open(tmp, "wb") as fh:
                pq.write_table(table, fh)
            fs.mv(tmp, final)
        return final


def frame_to_table(frame: Any) -> Any:
    """A classified frame as an Arrow table with the export schema (``voices.arrow``).

    Built column by column (a partition is thousands of rows); the values match
    what ``voices.export.normalise_row`` gives the Parquet export, which a test
    holds: NaN and NA become null, dicts may arrive as JSON strings.
    """
    import pyarrow as pa

    from voices.arrow import arrow_schema

    schema = arrow_schema(OUTPUT_FIELDS)
    n = len(frame)
    arrays = []
    for fld in schema:
        values = frame[fld.name] if fld.name in frame.columns else pa.nulls(n, fld.type)
        arrays.append(values if isinstance(values, pa.Array) else _column(values, fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _column(values: Any, typ: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_map(typ):
        return pa.array([_dict_or_none(v) for v in values], type=typ)
    if pa.types.is_list(typ):
        return pa.array([None if _missing(v) else list(v) for v in values], type=typ)
    if pa.types.is_integer(typ):
        return pa.array(values, from_pandas=True).cast(typ)
    if pa.types.is_string(typ):
        return pa.array(values.astype(object), type=typ, from_pandas=True)
    return pa.array(values, type=typ, from_pandas=True)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value.__class__.__name__ == "NAType"


def _dict_or_none(value: Any) -> Any:
    if _missing(value):
        return None
    return json.loads(value) if isinstance(value, str) else value


def check_output(url: str, storage_options: Mapping[str, Any] | None = None) -> DatasetSource:
    """Check that ``url`` is free for a new dataset: absent, or an empty folder.

    Raises
    ------
    UsageError
        ``url`` is a file, or a folder that is not empty.
    """
    target = open_source(url, storage_options)
    fs, root = target.fs, target.root
    if target.is_local:
        check_target(root, folder=True)
    if fs.exists(root):
        if not fs.isdir(root):
            raise UsageError(f"--out {url} is a file; the output is a dataset folder: give a new folder path")
        if fs.ls(root):
            raise UsageError(f"--out {url} is a folder that is not empty: give a new folder path")
    return target


def prepare_output(url: str, job_id: str, storage_options: Mapping[str, Any] | None = None) -> StagingArea:
    """Check that ``url`` is free and create the job's staging folder beside it.

    Raises
    ------
    UsageError
        ``url`` is a file, or a folder that is not empty.
    """
    target = check_output(url, storage_options)
    fs, root = target.fs, target.root
    parent, name = _split(root)
    staging = f"{parent}/.{name}.voices-staging-{job_id}" if parent else f".{name}.voices-staging-{job_id}"
    fs.makedirs(staging, exist_ok=True)
    return StagingArea(target, staging)


def commit(area: StagingArea, expected_parts: int, summary: Mapping[str, Any]) -> None:
    """Move a complete staging folder into place and mark it with ``_SUCCESS``.

    Raises
    ------
    RuntimeError
        A part is missing (a bug: every task reported success).
    """
    fs, root = area.target.fs, area.target.root
    names = {p.rsplit("/", 1)[-1] for p in fs.ls(area.path, detail=False)}
    for name in [n for n in names if n.endswith(".tmp")]:
        fs.rm(f"{area.path}/{name}")  # an attempt cut short on a worker that died
    missing = [i for i in range(expected_parts) if part_name(i) not in names]
    if missing:
        raise RuntimeError(f"parts {missing[:5]} are missing from {area.path}; nothing was committed")
    marker = json.dumps(dict(summary), sort_keys=True, indent=2, default=str) + "\n"
    if area.target.is_local:
        atomic_write_text(f"{area.path}/{SUCCESS_MARKER}", marker)
        if os.path.isdir(root):
            os.rmdir(root)  # checked empty in prepare_output
        os.replace(area.path, root)
        return
    for i in range(expected_parts):
        fs.mv(f"{area.path}/{part_name(i)}", f"{root}/{part_name(i)}")
    with fs.open(f"{root}/{SUCCESS_MARKER}", "w") as fh:
        fh.write(marker)
    fs.rm(area.path, recursive=True)


def discard(area: StagingArea, patience: float = 30.0) -> None:
    """Remove a failed job's staging folder (best effort: it is hidden and never read).

    A cancelled job's tasks that were already running go on writing their parts for
    a moment (a worker cannot stop a running function), so the removal is retried
    until the folder stays gone or ``patience`` seconds pass.
    """
    import time

    deadline = time.monotonic() + patience
    while True:
        try:
            area.target.fs.rm(area.path, recursive=True)
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            if time.monotonic() >= deadline:
                log.warning("could not remove staging folder %s: %s", area.path, exc)
                return
            time.sleep(0.5)


def _split(root: str) -> tuple[str, str]:
    root = root.rstrip("/")
    if "/" not in root:
        return "", root
    parent, name = root.rsplit("/", 1)
    return parent, name
