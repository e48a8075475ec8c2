"""Macro-F1's bootstrap leaves out a label a resample has no text of, instead of scoring it 0.

A perfect 7-text sample (six "a", one "b") read macro-F1 "1.000 (95% CI 0.500-1.000)": the third of the
resamples that miss the one "b" scored "b" 0 (``zero_division=0``), which is the point estimate's rule
for a fixed label list, not evidence that the model gets "b" wrong.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score

from voices.models.intervals import f1_interval
from voices.models.metrics import N_BOOT, stance_metrics, theme_metrics

LABELS = ["a", "b", "c", "none"]


def _mean_wilson(*counts: tuple[int, int, int]) -> list[float]:
    lo, hi = np.mean([f1_interval(*c) for c in counts], axis=0)
    return [round(float(lo), 4), round(float(hi), 4)]


def test_a_perfect_seven_text_sample_is_widened_not_read_off_missed_labels():
    t = ["a"] * 6 + ["b"]
    m = stance_metrics(t, t, ["a", "b"])
    assert m["macro_f1"] == {"value": 1.0, "ci95": _mean_wilson((6, 0, 0), (1, 0, 0)), "interval": "wilson-jaccard"}
    assert m["macro_f1"]["ci95"] == [0.5499, 1.0]  # was [0.5, 1.0], "bootstrap"
    three = ["FAVOR"] * 3 + ["AGAINST"] * 2 + ["NONE"] * 2
    m = stance_metrics(three, three, ["FAVOR", "AGAINST", "NONE"])
    assert m["macro_f1"]["ci95"] == _mean_wilson((3, 0, 0), (2, 0, 0), (2, 0, 0)) == [0.5433, 1.0]  # was 0.6667
    assert m["semeval_f_avg"]["ci95"] == _mean_wilson((3, 0, 0), (2, 0, 0)) == [0.5599, 1.0]  # was 0.5
    assert m["macro_f1"]["interval"] == m["semeval_f_avg"]["interval"] == "wilson-jaccard"
    assert m["accuracy"]["ci95"] == [0.6457, 1.0]  # Wilson's 7 of 7, untouched
    y = np.array([[1, 0]] * 6 + [[0, 1]])
    themes = theme_metrics(y, y, ["p", "q"])["macro_f1"]
    assert themes == {"value": 1.0, "ci95": [0.5499, 1.0], "interval": "wilson-jaccard"}  # was [0.5, 1.0]


def _stance_reference(yt: list[str], yp: list[str], seed: int = 0) -> list[float]:
    """Brute force: sklearn's macro-F1 over the labels each resample has a text of (among those the sample
    scores), scaled by the share of labels the sample scores, on the same resamples as ``stance_metrics``."""
    t, p = np.array(yt), np.array(yp)
    boot = np.random.default_rng(seed).integers(0, len(t), size=(N_BOOT, len(t)))
    scored = [lab for lab in LABELS if lab in set(yt) | set(yp)]
    got = []
    for b in boot:
        have = [lab for lab in scored if lab in set(t[b]) | set(p[b])]
        got.append(f1_score(t[b], p[b], labels=have, average="macro", zero_division=0) * len(scored) / len(LABELS))
    return [round(float(x), 4) for x in np.percentile(got, [2.5, 97.5])]


@pytest.mark.parametrize(("seed", "n", "was"), [(3, 25, [0.1355, 0.3318]), (11, 10, [0.1154, 0.2368]),
                                               (0, 25, [0.1292, 0.3357])])
def test_a_mixed_sample_matches_a_brute_force_reference(seed, n, was):
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(4) * 0.5)  # skewed, so resamples often miss a label
    t, p = rng.choice(4, n, p=w), rng.choice(4, n, p=rng.dirichlet(np.ones(4) * 0.5))
    yt, yp = [LABELS[i] for i in t], [LABELS[i] for i in p]
    m = stance_metrics(yt, yp, LABELS)["macro_f1"]
    assert m["interval"] == "bootstrap"
    assert m["value"] == round(f1_score(yt, yp, labels=LABELS, average="macro", zero_division=0), 4)  # unchanged
    assert m["ci95"] == _stance_reference(yt, yp)
    # the old interval (every label scored in every resample) differs where some resample missed a label
    assert (m["ci95"] == was) == (seed == 0)


@pytest.mark.parametrize("seed", range(2))
def test_theme_macro_f1_matches_a_brute_force_reference(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random((12, 4)) < [0.5, 0.3, 0.1, 0.0]).astype(int)
    p = np.where(rng.random((12, 4)) < 0.8, y, 1 - y)
    m = theme_metrics(y, p, list("wxyz"), seed=seed)["macro_f1"]
    scored = [j for j in range(4) if y[:, j].any() or p[:, j].any()]
    got = []
    for b in np.random.default_rng(seed).integers(0, 12, size=(N_BOOT, 12)):
        have = [j for j in scored if y[b, j].any() or p[b, j].any()]
        f1s = f1_score(y[b], p[b], average=None, zero_division=0)
        got.append(np.mean(f1s[have]) * len(scored) / 4 if have else np.nan)
    assert m["interval"] == "bootstrap"
    assert m["ci95"] == [round(float(x), 4) for x in np.nanpercentile(got, [2.5, 97.5])]


def test_the_same_seed_gives_the_same_interval():
    t, p = ["a"] * 5 + ["b"] * 2 + ["c"], ["a"] * 4 + ["b"] * 3 + ["c"]
    assert stance_metrics(t, p, LABELS, seed=4) == stance_metrics(t, p, LABELS, seed=4)
    assert stance_metrics(t, p, LABELS, seed=4)["macro_f1"] != stance_metrics(t, p, LABELS, seed=5)["macro_f1"]
