"""Stance and theme models: labelled data, training, evaluation and loading.

Light at import (no scikit-learn until a model is trained or loaded)::

    from voices.models import load_model, default_model_dir
    m = load_model(default_model_dir("stance"))
    m.predict(["Social work should be led by social workers."])

| module | owns |
|---|---|
| ``data`` | reading labelled JSONL/CSV |
| ``scheme`` | scheme TOML files |
| ``features`` | pipeline factories, the ``CueLexicon`` transformer |
| ``vectorize`` | word and character n-gram TF-IDF in array code (``WordTfidf``, ``CharTfidf``) |
| ``selection``, ``calibrate`` | grouped CV, calibration, thresholds |
| ``train``, ``evaluate`` | the use cases behind ``voices train`` / ``voices evaluate`` |
| ``persist``, ``trained`` | model directories: their files, reading them, ``meta.json``'s checks; ``load_model`` |
| ``save`` | writing model directories |
| ``skops_file``, ``model_id`` | ``model.skops``'s canonical bytes, trusted types and loading; a model's id |
"""

from __future__ import annotations

from voices.models.trained import (
    StancePrediction,
    ThemePrediction,
    TrainedModel,
    default_model_dir,
    load_model,
)

__all__ = ["StancePrediction", "ThemePrediction", "TrainedModel", "default_model_dir", "load_model"]
