"""Metrics: known values on hand-made cases."""

from __future__ import annotations

import numpy as np

from voices.models.metrics import stance_metrics, theme_metrics


def test_stance_metrics_known_values():
    labs = ["FAVOR", "AGAINST", "NONE"]
    t = ["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "NONE"]
    p = ["FAVOR", "AGAINST", "AGAINST", "AGAINST", "NONE", "FAVOR"]
    m = stance_metrics(t, p, labs, [0.9, 0.4, 0.8, 0.7, 0.95, 0.3], 0.5)
    assert m["confusion"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert m["accuracy"]["value"] == round(4 / 6, 4)
    f_favor, f_against, f_none = 0.5, 0.8, 2 / 3
    assert m["macro_f1"]["value"] == round((f_favor + f_against + f_none) / 3, 4)
    assert m["semeval_f_avg"]["value"] == round((f_favor + f_against) / 2, 4)
    assert m["coverage"] == round(4 / 6, 4) and m["covered_accuracy"] == 1.0
    lo, hi = m["macro_f1"]["ci95"]
    assert lo <= m["macro_f1"]["value"] <= hi


def test_theme_metrics_known_values():
    y = np.array([[1, 0], [1, 1], [0, 0], [0, 1]])
    p = np.array([[1, 0], [1, 0], [1, 0], [0, 1]])
    m = theme_metrics(y, p, ["a", "b"])
    assert m["micro_f1"]["value"] == round(2 * 3 / (4 + 4), 4)
    assert m["per_label"]["b"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4), "support": 2}
    assert m["exact_match"] == 0.5
