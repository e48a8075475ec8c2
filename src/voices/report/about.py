"""What a report is about and how it was made, as data: its default title and the plain figures of its methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def default_title(source_titles: Sequence[str]) -> str:
    """The sources' titles joined ("A, B and C"), or "N sources" when more than three.

    Examples
    --------
    >>> default_title(["Thread A", "Thread B"])
    'Thread A and Thread B'
    >>> default_title(["a", "b", "c", "d"])
    '4 sources'
    """
    titles = [t for t in source_titles if t and t != "None"]
    if not titles or len(source_titles) > 3:
        return f"{len(source_titles)} sources" if len(source_titles) != 1 else "1 source"
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def _value(block: object, key: str) -> float | None:
    """``block[key]`` as a number, whether stored bare or as ``{"value": ..., "ci95": ...}``."""
    v = block.get(key) if isinstance(block, Mapping) else None
    v = v.get("value") if isinstance(v, Mapping) else v
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def plain_figures(meta: Mapping[str, Any], task: str) -> dict[str, Any]:
    """The few figures the plain-words methods block states: held-out accuracy, and on real writing."""
    cv, real = meta.get("cv"), meta.get("real_writing")
    block = real.get(task) if isinstance(real, Mapping) else None
    plain: dict[str, Any] = {}
    if isinstance(block, Mapping):
        plain = {"n": real.get("n"), "label": real.get("label"), "accuracy": _value(block, "accuracy"),
                 "stance_correct": block.get("stance_correct"), "stance_total": block.get("stance_total")}
    n = cv.get("n") if isinstance(cv, Mapping) else None
    return {"tested_accuracy": _value(cv, "accuracy"), "tested_n": n if isinstance(n, int) else None,
            "real_writing": {k: v for k, v in plain.items() if v is not None}}
