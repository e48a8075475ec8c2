"""A classified dataset read back: its files checked for predictions, the job's summary, the report's frame."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from voices.errors import InputError
from voices.scale.dataset_files import (
    SUCCESS_MARKER,
    DatasetSource,
    _exists,
    _footer,
    _is_dir,
    _join,
    _parquet_files,
    open_source,
)
from voices.schemas import DICT_FIELDS, DOCUMENT_FIELDS, LIST_FIELDS, PREDICTION_FIELDS


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
