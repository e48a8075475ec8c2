"""The models behind a report: their ``meta.json``, and the stance model that picks each quote's sentence.

A report's predictions name the models that made them by id; this module finds those models'
metadata in the model folders at hand, and loads the stance model only when quotes need it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def _read_metas(dirs: Sequence[Path]) -> list[tuple[Path, dict]]:
    """(dir, meta.json) of each model dir that has a readable one (a FIFO or a link out of the folder is not)."""
    import json

    from voices.errors import ModelError
    from voices.models.persist import META_FILE, META_LIMIT, read_model_file

    out = []
    for d in dirs:
        try:
            meta = json.loads(read_model_file(d, META_FILE, META_LIMIT))
        except (OSError, ValueError, ModelError):
            continue
        if isinstance(meta, dict):
            out.append((Path(d), meta))
    return out


def _model_metas_from_dirs(ids: Sequence[str], dirs: Sequence[Path]) -> dict[str, dict]:
    """meta.json of the given model dirs whose model id tagged the frame."""
    return {meta["model_id"]: meta for _, meta in _read_metas(dirs) if meta.get("model_id") in ids}


def _default_dirs(stance_model: Any) -> list[Path]:
    dirs = [Path(stance_model)] if isinstance(stance_model, str | Path) else []
    try:
        from voices.models import default_model_dir

        dirs += [default_model_dir("stance"), default_model_dir("themes")]
    except Exception as exc:  # noqa: BLE001 - no shipped models: the report still works without metrics
        log.debug("no shipped models: %s", exc)
    return dirs


def _scorer(model: Any) -> Callable:
    return lambda sentences: [p.probabilities for p in model.predict(sentences)]


def _sentence_scorer(model_ids: Sequence[str], dirs: Sequence[Path], given: Any = None) -> Callable | None:
    """Score sentences with the stance model that tagged most documents, when it is at hand."""
    if not model_ids:
        return None
    if given is not None and hasattr(given, "predict"):
        return _scorer(given) if given.model_id == model_ids[0] else None
    from voices.errors import ModelError
    from voices.models import load_model

    # meta.json first: loading a model is seconds, reading its id is nothing
    for d in (d for d, meta in _read_metas(dirs) if meta.get("model_id") == model_ids[0]):
        try:
            model = load_model(d)
        except ModelError as exc:
            log.warning("cannot load the stance model at %s (%s): quotes use the first full sentence", d, exc)
            return None
        if model.task == "stance":
            return _scorer(model)
    log.info("stance model %s not found: quotes use the longest early sentence", model_ids[0][:12])
    return None


def _remembered_stance_model(corpus: Any) -> str | None:
    """The stance model folder an earlier ``classify --stance-model`` made the corpus's default.

    A plain ``classify`` uses it; a plain report did not look there, so its quotes fell back to
    the longest early sentence instead of the one the tagging model reads as its stance.
    ``_sentence_scorer`` still checks the folder's model id against the predictions'.
    """
    from voices.store.settings import get_setting

    stored = get_setting(corpus, "stance_model")
    path = stored.get("path") if isinstance(stored, dict) else None
    return path if isinstance(path, str) else None
