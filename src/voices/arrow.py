"""The Arrow schema of exported documents: one definition for Parquet exports and Dask output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_TYPES = {
    "position": "int64",
    "stance_probability": "float64",
    "stance_uncertain": "bool",
    "themes": "list",
    "human_themes": "list",
    "validation": "bool",
    "id_rule": "int64",
    "theme_probabilities": "map",
}


def arrow_schema(fields: Sequence[str]) -> Any:
    """A ``pyarrow.Schema`` for the given export fields (strings unless typed above)."""
    import pyarrow as pa

    def typ(name: str) -> Any:
        kind = _TYPES.get(name, "string")
        if kind == "list":
            return pa.list_(pa.string())
        if kind == "map":
            return pa.map_(pa.string(), pa.float64())
        return {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}.get(kind, pa.string())

    return pa.schema([(f, typ(f)) for f in fields])
