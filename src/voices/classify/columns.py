"""Prediction columns from the models' probabilities, and their JSON text as the corpus stores it.

The probabilities of a batch become the stance and theme columns of ``PREDICTION_FIELDS``;
``as_json`` gives the two dict columns as the text ``_json_dicts`` writes (the corpus
keeps them as JSON), made straight from the probability rows where that is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _predict(texts: list[str], prepared: list[str | None], stance: Any, themes: Any,
             as_json: bool = False) -> dict[str, list[Any]]:
    """Predictions for English texts; ``prepared`` items that are None are preprocessed here.

    ``as_json``: the two probability columns as ``_json_dicts`` would write them, not dicts.
    """
    from voices.nlp import preprocess

    missing = [i for i, p in enumerate(prepared) if p is None]
    if missing:
        for i, done in zip(missing, preprocess(texts[i] for i in missing), strict=True):
            prepared[i] = done
    if not prepared:
        return {}
    if hasattr(stance, "probabilities") and hasattr(themes, "probabilities"):
        # One memo for both models: feature blocks they share are computed once.
        shared: dict = {}
        return _stance_columns(stance, stance.probabilities(prepared, shared), as_json) | _theme_columns(
            themes, themes.probabilities(prepared, shared), as_json
        )
    stance_preds = stance.predict_prepared(prepared)
    theme_preds = themes.predict_prepared(prepared)
    columns = {
        "stance": [p.label for p in stance_preds],
        "stance_probability": [float(p.probability) for p in stance_preds],
        "stance_probabilities": [{k: float(v) for k, v in sorted(p.probabilities.items())} for p in stance_preds],
        "stance_uncertain": [bool(p.uncertain) for p in stance_preds],
        "themes": [sorted(p.labels) for p in theme_preds],
        "theme_probabilities": [{k: float(v) for k, v in sorted(p.probabilities.items())} for p in theme_preds],
    }
    if as_json:
        for col in ("stance_probabilities", "theme_probabilities"):
            columns[col] = _json_dicts(columns[col])
    return columns


def _by_name(labels: Sequence[str], probs: Any, as_json: bool = False) -> list[dict[str, float]] | list[str]:
    """Rows of ``probs`` as ``{label: probability}`` dicts with sorted keys (``as_json``: as
    ``_json_dicts`` writes those dicts, made straight from the rows, with no dict per row)."""
    import numpy as np

    order = sorted(range(len(labels)), key=labels.__getitem__)
    names = [labels[j] for j in order]
    rows = probs[:, order].tolist()
    if not as_json:
        return [dict(zip(names, row, strict=True)) for row in rows]
    # a repeated label would be one key of the dict: only distinct labels fill the template
    template = _json_template(tuple(names), (0.0,) * len(names)) if len(set(names)) == len(names) else None
    if template is None or probs.dtype.kind != "f" or not np.isfinite(probs).all():  # as _json_dicts does
        return _json_dicts([dict(zip(names, row, strict=True)) for row in rows])
    return [template % tuple(row) for row in rows]


def _stance_columns(model: Any, probs: Any, as_json: bool = False) -> dict[str, list[Any]]:
    """The stance columns from calibrated probabilities (as ``TrainedModel.predict_prepared``)."""
    labels = model.labels
    best = probs.argmax(1)
    top = probs[range(len(best)), best]
    return {
        "stance": [labels[b] for b in best.tolist()],
        "stance_probability": top.tolist(),
        "stance_probabilities": _by_name(labels, probs, as_json),
        "stance_uncertain": (top < float(model.meta["abstain_threshold"])).tolist(),
    }


def _theme_columns(model: Any, probs: Any, as_json: bool = False) -> dict[str, list[Any]]:
    """The theme columns: themes over their thresholds (sorted), and every probability."""
    import numpy as np

    labels = model.labels
    on = probs >= model.thresholds
    order = sorted(range(len(labels)), key=labels.__getitem__)
    on_sorted = on[:, order]
    names = np.array([labels[j] for j in order], dtype=object)
    return {
        "themes": [names[row].tolist() for row in on_sorted],
        "theme_probabilities": _by_name(labels, probs, as_json),
    }


def _json_dicts(values) -> list[str | None]:
    """``json.dumps(v, sort_keys=True)`` of each dict (None stays None), five times faster.

    The dicts of one column share their keys, so each key set becomes a ``%``-template
    once; probabilities are Python floats, whose ``repr`` is what ``json`` writes. A
    value that is not finite (NaN, infinity) is written as ``null``: the text is always
    valid JSON.

    >>> _json_dicts([{"a": 0.25, "b": float("nan")}, None])
    ['{"a": 0.25, "b": null}', None]
    """
    import json
    import math

    templates: dict[tuple, str | None] = {}
    out: list[str | None] = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        keys = tuple(v)
        if keys not in templates:
            templates[keys] = _json_template(keys, v.values())
        tpl, numbers = templates[keys], tuple(v.values())
        if tpl is not None and all(map(math.isfinite, numbers)):
            out.append(tpl % numbers)
        else:
            finite = {k: None if isinstance(x, float) and not math.isfinite(x) else x for k, x in v.items()}
            out.append(json.dumps(finite, sort_keys=True, allow_nan=False))
    return out


def _json_template(keys: tuple, values) -> str | None:
    """The ``%`` template of a dict with these sorted keys and float values, else None."""
    import json

    if list(keys) != sorted(keys) or not all(type(x) is float for x in values):
        return None
    return "{" + ", ".join(json.dumps(k).replace("%", "%%") + ": %r" for k in keys) + "}"

