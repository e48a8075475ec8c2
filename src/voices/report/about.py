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
    """The few figures the plain-words methods block states, and who wrote and labelled the texts behind them.

    ``origin`` is ``training_data.origin`` (models from before it was recorded are the shipped ones);
    ``own_labels`` counts the user's labels an adapted model learnt from, on which its ``cv`` is scored.
    """
    cv, real = meta.get("cv"), meta.get("real_writing")
    block = real.get(task) if isinstance(real, Mapping) else None
    plain: dict[str, Any] = {}
    if isinstance(block, Mapping):
        plain = {"n": real.get("n"), "label": real.get("label"), "accuracy": _value(block, "accuracy"),
                 "stance_correct": block.get("stance_correct"), "stance_total": block.get("stance_total"),
                 "none_given_stance": block.get("none_given_stance"), "none_total": block.get("none_total")}
    n = cv.get("n") if isinstance(cv, Mapping) else None
    data = meta.get("training_data") if isinstance(meta.get("training_data"), Mapping) else {}
    adapted = meta.get("adaptation") if isinstance(meta.get("adaptation"), Mapping) else {}
    mine = (adapted.get("user_labels") or {}).get("n") if isinstance(adapted.get("user_labels"), Mapping) else None
    return {"tested_accuracy": _value(cv, "accuracy"), "tested_n": n if isinstance(n, int) else None,
            "real_writing": {k: v for k, v in plain.items() if v is not None},
            "origin": str(data.get("origin") or "shipped"), "own_labels": mine if isinstance(mine, int) else None}
