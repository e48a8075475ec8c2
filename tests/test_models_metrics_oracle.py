"""Every F1 voices computes, held to ``sklearn.metrics`` as the oracle."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from voices.models.calibrate import theme_thresholds
from voices.models.metrics import binary_f1, macro_f1, stance_metrics, theme_metrics
from voices.models.selection import score

LABELS = ["a", "b", "c", "none"]


def _random_pair(seed: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # skewed draws so some labels often have no gold (or no predicted) items
    w = rng.dirichlet(np.ones(k) * 0.5)
    return rng.choice(k, n, p=w), rng.choice(k, n, p=rng.dirichlet(np.ones(k) * 0.5))


@pytest.mark.parametrize("seed", range(12))
def test_stance_metrics_match_sklearn(seed):
    t, p = _random_pair(seed, 25, len(LABELS))
    yt, yp = [LABELS[i] for i in t], [LABELS[i] for i in p]
    m = stance_metrics(yt, yp, LABELS)
    expect = f1_score(yt, yp, average="macro", labels=LABELS, zero_division=0)
    assert m["macro_f1"]["value"] == pytest.approx(expect, abs=5e-5)
    assert m["accuracy"]["value"] == pytest.approx(accuracy_score(yt, yp), abs=5e-5)
    pr, rc, f1, sup = precision_recall_fscore_support(yt, yp, labels=LABELS, zero_division=0)
    for i, lab in enumerate(LABELS):
        got = m["per_label"][lab]
        assert (got["precision"], got["recall"], got["f1"]) == pytest.approx(
            (pr[i], rc[i], f1[i]), abs=5e-5)
        assert got["support"] == sup[i]


def test_label_without_gold_support_counts_as_zero():
    # "c" is never gold and never predicted: sklearn averages its F1 of 0, so do we
    yt, yp = ["a", "a", "b", "none"], ["a", "b", "b", "none"]
    m = stance_metrics(yt, yp, LABELS)
    assert m["macro_f1"]["value"] == round((2 / 3 + 2 / 3 + 0 + 1) / 4, 4)
    assert macro_f1(yt, yp, LABELS) == pytest.approx(
        f1_score(yt, yp, average="macro", labels=LABELS, zero_division=0))


@pytest.mark.parametrize("seed", range(8))
def test_theme_metrics_match_sklearn(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random((30, 5)) < rng.random(5) * 0.4).astype(int)
    p = (rng.random((30, 5)) < 0.25).astype(int)
    m = theme_metrics(y, p, list("vwxyz"))
    assert m["micro_f1"]["value"] == pytest.approx(
        f1_score(y, p, average="micro", zero_division=0), abs=5e-5)
    assert m["macro_f1"]["value"] == pytest.approx(
        f1_score(y, p, average="macro", zero_division=0), abs=5e-5)
    assert binary_f1(y, p) == pytest.approx(f1_score(y, p, average="micro", zero_division=0))


@pytest.mark.parametrize("seed", range(6))
def test_selection_score_is_sklearn_macro_f1(seed):
    t, _ = _random_pair(seed, 40, 4)
    decision = np.random.default_rng(seed + 100).normal(size=(40, 4))
    assert score("stance", decision, t) == pytest.approx(
        f1_score(t, decision.argmax(1), average="macro", labels=range(4), zero_division=0))
    assert score("stance", decision, t, [0, 1]) == pytest.approx(
        f1_score(t, decision.argmax(1), average="macro", labels=[0, 1], zero_division=0))


def test_theme_thresholds_pick_the_best_sklearn_f1():
    rng = np.random.default_rng(3)
    y = (rng.random((60, 3)) < 0.3).astype(int)
    probs = np.clip(y * 0.4 + rng.random((60, 3)) * 0.6, 0, 1)
    grid = np.round(np.arange(0.1, 0.91, 0.05), 2)
    for j, thr in enumerate(theme_thresholds(probs, y)):
        best = max(f1_score(y[:, j], probs[:, j] >= g, zero_division=0) for g in grid)
        assert f1_score(y[:, j], probs[:, j] >= thr, zero_division=0) == pytest.approx(best)


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_fbeta_matches_sklearn(beta):
    from sklearn.metrics import fbeta_score

    from voices.models.metrics import fbeta

    rng = np.random.default_rng(int(beta * 10))
    t, p = rng.random(50) < 0.3, rng.random(50) < 0.4
    assert fbeta(t, p, beta) == pytest.approx(fbeta_score(t, p, beta=beta, zero_division=0))
    assert fbeta(np.zeros(5, bool), np.zeros(5, bool), beta) == 0.0


def test_no_items_is_a_clear_error_not_a_numpy_cast_failure():
    import numpy as np

    with pytest.raises(ValueError, match="no labelled items to score"):
        stance_metrics([], [], LABELS)
    with pytest.raises(ValueError, match="no labelled items to score"):
        theme_metrics(np.zeros((0, 2)), np.zeros((0, 2)), ["a", "b"])


def test_one_item_gives_honest_intervals_not_degenerate_ones():
    """One right answer gave accuracy "1.000 (95% CI 1.000-1.000)": every bootstrap resample is that answer."""
    from voices.models.intervals import f1_interval, wilson

    m = stance_metrics([LABELS[0]], [LABELS[0]], LABELS)
    assert m["accuracy"] == {"value": 1.0, "ci95": [0.2065, 1.0], "interval": "wilson"}
    assert m["accuracy"]["ci95"] == [round(x, 4) for x in wilson(1, 1)]
    assert m["macro_f1"]["value"] == pytest.approx(1 / len(LABELS))  # the other labels: no support, F1 0
    # the bootstrap's was [0.25, 0.25]; each label's Wilson-on-Jaccard bounds, averaged (unseen labels stay 0)
    lo, hi = f1_interval(1, 0, 0)
    assert m["macro_f1"]["ci95"] == [round(lo / len(LABELS), 4), round(hi / len(LABELS), 4)] == [0.0856, 0.25]
    assert m["macro_f1"]["interval"] == "wilson-jaccard"


def test_a_small_perfect_sample_widens_only_the_degenerate_intervals():
    t = ["a"] * 3 + ["b"] * 2
    m = stance_metrics(t, t, ["a", "b"])
    assert m["accuracy"] == {"value": 1.0, "ci95": [0.5655, 1.0], "interval": "wilson"}  # 5 of 5
    assert m["macro_f1"]["ci95"][1] == 1.0 and m["macro_f1"]["ci95"][0] < 1.0
    wrong = stance_metrics(t, ["b"] * 3 + ["a"] * 2, ["a", "b"])  # all wrong: "0.000 (0.000-0.000)" before
    assert wrong["macro_f1"]["value"] == 0.0 and wrong["macro_f1"]["ci95"][0] == 0.0
    assert wrong["macro_f1"]["ci95"][1] > 0.3 and wrong["macro_f1"]["interval"] == "wilson-jaccard"
    assert wrong["accuracy"]["ci95"] == [0.0, 0.4345]
    y = np.array([[1, 0], [0, 1], [1, 1]])
    themes = theme_metrics(y, y, ["p", "q"])
    assert themes["micro_f1"] == {"value": 1.0, "ci95": [0.6756, 1.0], "interval": "wilson-jaccard"}  # 4 of 4
    # a spread-out bootstrap stays as it was
    rng_t, rng_p = _random_pair(0, 25, len(LABELS))
    mixed = stance_metrics([LABELS[i] for i in rng_t], [LABELS[i] for i in rng_p], LABELS)
    assert mixed["macro_f1"]["interval"] == "bootstrap" and mixed["macro_f1"]["ci95"][0] < mixed["macro_f1"]["ci95"][1]
