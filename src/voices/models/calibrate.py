"""Calibration on grouped out-of-fold scores, folded into the linear models' weights.

Stance: temperature and per-class bias (``softmax(z / T + b)``), fitted by minimising
log loss on out-of-fold logits. Themes: Platt scaling per theme
(``sigmoid(a z + c)``). Both are affine in the logits, so they are folded exactly
into ``coef_``/``intercept_``: the persisted model stays a plain sklearn pipeline.
Thresholds (abstention, per theme) are chosen on the same out-of-fold data.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_softmax, softmax

from voices.models.metrics import fbeta


def as_logits(decision: np.ndarray) -> np.ndarray:
    """Decision values as an ``(n, k)`` logit matrix (binary LR gives one column: ``[0, z]``)."""
    decision = np.asarray(decision, dtype=np.float64)
    if decision.ndim == 1:
        return np.column_stack([np.zeros_like(decision), decision])
    return decision


def max_temperature(logits: np.ndarray) -> float:
    """The highest temperature calibration may choose: the one at which the median text's top logit leads the
    runner-up by ``ln 2`` (its top label still twice as likely), and never below 1 (the model as fitted).

    Unbounded, labels that teach nothing (random ones) drove ``T`` to 52,462: every probability about 1/k, the
    abstention threshold at 1/k, and no prediction at chance flagged uncertain. At the bound a model keeps an
    order of confidence for the abstention threshold to cut, and training says the labels taught it little.

    >>> max_temperature(np.array([[0.0, 4.0], [0.0, 2.0], [1.0, 0.0]]))  # doctest: +ELLIPSIS
    2.885...
    """
    top2 = np.sort(np.asarray(logits, dtype=np.float64), axis=1)[:, -2:]
    return max(1.0, float(np.median(top2[:, 1] - top2[:, 0]) / np.log(2.0)))


def bound_record(logits: np.ndarray, temperature: float) -> dict:
    """``meta.json``'s record of the temperature's bound: ``temperature_max`` and whether calibration stopped there
    (``at_max``). Every stance training path (``--data``, ``--corpus`` pooled or MAP) writes it."""
    most = max_temperature(logits)
    return {"temperature_max": round(most, 4), "at_max": bool(temperature >= most * (1 - 1e-6))}


def flat_note(calibration: dict) -> list[str]:
    """The warning when calibration stopped at ``max_temperature``: the labels taught the model little."""
    if not calibration.get("at_max"):
        return []
    return [f"calibration stopped at its highest temperature ({calibration['temperature_max']:g}): out of fold, "
            "the model's confidence barely tells right from wrong on your labels, so they teach it little (labels "
            "at random? too few of each stance?); check a sample of your labels, or label more texts"]


def fit_temperature(logits: np.ndarray, y: np.ndarray, *, bias: bool = True) -> tuple[float, np.ndarray]:
    """Temperature ``T`` (at most ``max_temperature(logits)``) and bias ``b`` minimising the log loss of
    ``softmax(z / T + b)``.

    Parameters
    ----------
    logits : array (n, k)
    y : array (n,) of class indices
    bias : bool
        False: ``b`` stays 0, so calibration never changes which label is predicted (a model whose own
        bias was fitted on these labels, as MAP adaptation's).

    Returns
    -------
    (float, array (k,))
    """
    k = logits.shape[1]

    def loss(params: np.ndarray) -> float:
        z = logits / np.exp(params[0]) + np.r_[0.0, params[1:]]
        # small L2 on the biases keeps them from chasing noise
        return float(-log_softmax(z, axis=1)[np.arange(len(y)), y].mean() + 1e-3 * (params[1:] ** 2).sum())

    start = np.zeros(k if bias else 1)
    # bounded only where the free fit passes the bound: a bound L-BFGS-B never meets still moves its path (the
    # shipped stance model's biases by 3e-4, so `make models` no longer rebuilt its model.skops)
    res = minimize(loss, start, method="L-BFGS-B")
    if res.x[0] > (top := float(np.log(max_temperature(logits)))):
        res = minimize(loss, start, method="L-BFGS-B", bounds=[(None, top)] + [(None, None)] * (k - 1 if bias else 0))
    return float(np.exp(res.x[0])), np.r_[0.0, res.x[1:]] if bias else np.zeros(k)


def apply_temperature(logits: np.ndarray, temperature: float, bias: np.ndarray) -> np.ndarray:
    """Calibrated probabilities ``softmax(z / T + b)``."""
    return softmax(logits / temperature + bias, axis=1)


def fold_temperature(classifier, temperature: float, bias: np.ndarray) -> None:
    """Fold ``T`` and ``b`` into a fitted ``LogisticRegression`` in place."""
    classifier.coef_ = classifier.coef_ / temperature
    if classifier.coef_.shape[0] == 1:  # binary: one logit z for class 1 against 0
        classifier.intercept_ = classifier.intercept_ / temperature + (bias[1] - bias[0])
    else:
        classifier.intercept_ = classifier.intercept_ / temperature + bias


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling ``sigmoid(a z + c)`` for one binary score (lightly regularised)."""

    def loss(params: np.ndarray) -> float:
        s = params[0] * z + params[1]
        return float((np.logaddexp(0, s) - y * s).mean() + 1e-3 * params[1] ** 2)

    res = minimize(loss, np.array([1.0, 0.0]), method="L-BFGS-B")
    a, c = res.x
    return (float(a), float(c)) if a > 0 else (1.0, 0.0)


def fold_platt(ovr, params: list[tuple[float, float]]) -> None:
    """Fold per-theme Platt parameters into a fitted ``OneVsRestClassifier`` in place."""
    for est, (a, c) in zip(ovr.estimators_, params, strict=True):
        if hasattr(est, "coef_"):
            est.coef_ = est.coef_ * a
            est.intercept_ = est.intercept_ * a + c


def platt_probabilities(z: np.ndarray, params: list[tuple[float, float]]) -> np.ndarray:
    """Calibrated theme probabilities from an ``(n, k)`` score matrix."""
    a = np.array([p[0] for p in params])
    c = np.array([p[1] for p in params])
    return expit(z * a + c)


# The abstention threshold never flags more than this share of the out-of-fold predictions
# uncertain: on 60 labels, the precision rule alone flagged 98% (coverage 0.017).
MIN_COVERAGE = 0.5


def coverage_floor(confidence: np.ndarray, min_coverage: float = MIN_COVERAGE) -> float:
    """The highest confidence that at least ``min_coverage`` of the items reach: a threshold at or below it
    leaves that share covered.

    >>> coverage_floor(np.array([0.6, 0.9, 0.7, 0.8]))
    0.8
    """
    ranked = np.sort(np.asarray(confidence))[::-1]
    return float(ranked[max(0, int(np.ceil(min_coverage * len(ranked))) - 1)])


def abstain_threshold(confidence: np.ndarray, correct: np.ndarray, precision: float,
                      min_coverage: float = MIN_COVERAGE) -> float:
    """The lowest confidence at which the items at or above it are right ``precision`` of the time,
    capped so that at least ``min_coverage`` of the items stay at or above it.

    Without the cap it would return the highest confidence (almost everything flagged
    uncertain) when no threshold reaches ``precision``.

    Examples
    --------
    >>> conf = np.array([0.9, 0.8, 0.7, 0.6])
    >>> abstain_threshold(conf, np.array([False, False, True, True]), 0.9)
    0.8
    """
    order = np.argsort(-confidence, kind="stable")
    ranked = confidence[order]
    cap = coverage_floor(confidence, min_coverage)
    acc = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(acc >= precision)[0]
    # ignore tiny heads (fewer than 20 items) where accuracy is noise
    ok = ok[ok >= min(19, len(order) - 1)]
    if len(ok) == 0:
        return min(float(confidence.max()), cap)
    return min(float(ranked[ok[-1]]), cap)


THRESHOLD_GRID = np.round(np.arange(0.1, 0.91, 0.05), 2)
# F-beta for the per-theme thresholds. beta < 1 would favour precision; measured with
# batches w1-w8, beta 0.75 and 0.5 lowered themes micro-F1 on real-dev (0.639 -> 0.592 ->
# 0.552) and on the other writer's texts, whose misses are recall, so F1 (beta 1) stays.
THEME_BETA = 1.0


def theme_thresholds(probs: np.ndarray, y: np.ndarray, beta: float = THEME_BETA) -> list[float]:
    """Per theme, the grid threshold with the best out-of-fold F-beta (ties: the one nearest 0.5)."""
    out = []
    for j in range(y.shape[1]):
        best, best_f = 0.5, -1.0
        for t in sorted(THRESHOLD_GRID, key=lambda v: abs(v - 0.5)):
            f = fbeta(y[:, j] == 1, probs[:, j] >= t, beta)
            if f > best_f + 1e-12:
                best, best_f = float(t), f
        out.append(best)
    return out
