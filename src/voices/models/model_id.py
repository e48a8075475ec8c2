"""A model's identity: the ``model_id`` over ``model.skops``'s sha256 and the ``meta.json`` options that change
what the model predicts, and when a rebuilt model keeps its older id."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from voices.models.persist import META_FILE

# meta.json fields that change what a model predicts (or what it learned from): the model_id
# covers them beside model.skops, so retraining with other options (a threshold, the user's
# labels' weight) gives another id, and `classify` retags instead of saying "up to date".
ID_FIELDS = ("task", "labels", "abstain_threshold", "abstain_precision", "thresholds", "preprocess_version",
             "tokenizer", "scheme", "objective", "config", "calibration", "adaptation")


def _id_fields(meta: dict) -> str:
    """The ``ID_FIELDS`` and the training data's hash of ``meta``, as canonical JSON."""
    fields = {k: meta.get(k) for k in ID_FIELDS} | {"data": (meta.get("training_data") or {}).get("hash")}
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def derived_model_id(file_sha256: str, meta: dict) -> str:
    """The ``model_id`` of a model: sha256 over ``model.skops``'s sha256, the ``ID_FIELDS`` and the
    training data's hash.

    Models from before this rule have ``model_id == file_sha256``; both are accepted on load.
    """
    return hashlib.sha256(f"{file_sha256}\n{_id_fields(meta)}".encode()).hexdigest()


def kept_model_id(file_sha256: str, meta: dict, out: Path) -> str:
    """The ``model_id`` a model being saved to ``out`` gets: ``derived_model_id``, unless the same model
    is known already under its older id (``model_id == file_sha256``).

    The shipped models carry the older id, and a corpus they classified records it: rebuilding them
    from the same data (``make models``: ``model.skops`` byte for byte the same, the same ``ID_FIELDS``)
    gave a new id, and ``classify`` retagged every text. So when the model already in ``out``, or the
    shipped model of its task, has this file's sha256 as its id and the same ``ID_FIELDS`` and training
    data hash, the id is kept; when one of them has it with other options, it is not (an id names one model).
    """
    from voices.models.trained import default_model_dir

    known = [out] + ([default_model_dir(meta["task"])] if meta.get("task") in ("stance", "themes") else [])
    claims = []  # the options of each known model that has this file's sha256 as its id
    for folder in known:
        try:
            earlier = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # no model there, or not one voices can read: nothing to keep
            continue
        if isinstance(earlier, dict) and earlier.get("model_id") == file_sha256:
            claims.append(_id_fields(earlier))
    if claims and all(c == _id_fields(meta) for c in claims):
        return file_sha256
    return derived_model_id(file_sha256, meta)
