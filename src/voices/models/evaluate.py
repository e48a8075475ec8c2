"""``voices evaluate``: a model against labelled data it was not trained on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voices.errors import LabelError
from voices.models.data import read_labelled, text_key
from voices.models.metrics import stance_metrics, theme_metrics
from voices.models.trained import TrainedModel, load_model
from voices.store.provenance import trained_text_keys


def check_overlap(model: TrainedModel, items: Sequence) -> None:
    """Refuse evaluation texts that the model was trained on (they would overstate accuracy).

    The same keys the report's "How accurate on these texts" block leaves out by (``voices.store.provenance``).
    """
    trained = trained_text_keys([model.meta])
    dup = [it.where for it in items if text_key(it.text) in trained]
    if dup:
        shown = ", ".join(dup[:3]) + (f" and {len(dup) - 3} more" if len(dup) > 3 else "")
        raise LabelError(
            f"{len(dup)} evaluation {'text is' if len(dup) == 1 else 'texts are'} in the model's training data ({shown}); "
            f"remove {'it' if len(dup) == 1 else 'them'} or pass --allow-overlap"
        )


def evaluate(
    model: Path | str | TrainedModel,
    data: Sequence[Path | str],
    *,
    text_field: str = "text",
    label_field: str | None = None,
    allow_overlap: bool = False,
    seed: int = 0,
) -> dict:
    """Score a model on labelled files.

    Parameters
    ----------
    model : path or TrainedModel
    data : sequence of path
        Labelled JSONL/CSV (labels must be the model's labels).
    text_field, label_field : str or None
        Column mapping, as for ``read_labelled``.
    allow_overlap : bool
        Score texts that were also in the training data (refused by default).
    seed : int
        Bootstrap seed.

    Returns
    -------
    dict
        Stance: ``macro_f1``, ``accuracy`` (``{"value", "ci95"}``), ``per_label``,
        ``confusion``, ``coverage``, ``covered_accuracy`` and, for FAVOR/AGAINST
        data, ``semeval_f_avg``. Themes: ``micro_f1``, ``macro_f1``, ``per_label``.
        Both: ``model_id``, ``task``, ``n``, ``data``.

    Raises
    ------
    LabelError
        Unknown labels, overlap with the training data, or unreadable rows.
    voices.errors.ModelError
        If the model cannot be loaded.

    Examples
    --------
    >>> evaluate("models/stance", ["held-out.jsonl"])["macro_f1"]["value"]  # doctest: +SKIP
    0.87
    """
    m = model if isinstance(model, TrainedModel) else load_model(model)
    items = read_labelled(data, m.task, text_field, label_field, None, m.labels)
    if not allow_overlap:
        check_overlap(m, items)
    preds = m.predict([it.text for it in items])
    head = {"model_id": m.model_id, "task": m.task, "data": [str(p) for p in data]}
    if m.task == "stance":
        result = stance_metrics(
            [it.label for it in items], [p.label for p in preds], m.labels,
            [p.probability for p in preds], float(m.meta["abstain_threshold"]), seed,
        )
    else:
        y = np.array([[int(lab in it.label) for lab in m.labels] for it in items])
        yhat = np.array([[int(lab in p.labels) for lab in m.labels] for p in preds])
        result = theme_metrics(y, yhat, m.labels, seed)
    return head | result
