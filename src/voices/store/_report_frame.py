"""A pandas frame (what a Dask classify wrote, or a test's) as the Arrow table ``ReportDocs`` loads into
``report_docs``: the report's columns, absent ones null, plus ``ord`` and ``text``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from voices.store._report_sql import _LISTS, _NUMBERS, _STRINGS


def frame_table(frame: pd.DataFrame) -> Any:
    """The frame as an Arrow table with the report's columns (absent ones null) and ``ord``, ``text``."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    n = len(frame)

    def col(name: str) -> list:
        return list(frame[name]) if name in frame.columns else [None] * n

    def na(v: object) -> bool:
        return v is None or (not isinstance(v, str | list | tuple | dict | np.ndarray) and bool(pd.isna(v)))

    arrays = {"ord": pa.array(np.arange(n, dtype="int64"))}
    for name in (*_STRINGS, "text"):
        arrays[name] = pa.array([None if na(v) else v if isinstance(v, str) else str(v) for v in col(name)], pa.string())
    for name, kind in _NUMBERS.items():
        values = [None if na(v) else v for v in col(name)]
        arrays[name] = pa.array([None if v is None else (int(v) if kind == "int64" else float(v)) for v in values],
                                pa.int64() if kind == "int64" else pa.float64())
    arrays["stance_uncertain"] = pa.array([None if na(v) else bool(v) for v in col("stance_uncertain")], pa.bool_())
    for name in _LISTS:
        arrays[name] = pa.array([None if na(v) else [str(x) for x in v] for v in col(name)], pa.list_(pa.string()))
    return pa.table(arrays)
