"""Classification metrics with 95% confidence intervals (numpy only, deterministic).

Accuracy gets Wilson's interval (``voices.models.intervals.wilson``, as the report's accuracy
has); F1 figures a percentile bootstrap, widened where the bootstrap is degenerate (see
``_f1_figure``). Each figure says which in ``interval``. A macro-F1 resample leaves out a label
it has no text of rather than scoring it 0 (``_boot_macro``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from voices.models.intervals import f1_interval, wilson

N_BOOT = 1000
SEMEVAL_LABELS = ("FAVOR", "AGAINST")


def prf(tp, fp, fn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 from counts, elementwise; 0 where undefined (``zero_division=0``).

    The one place voices computes F1: every metric, model selection and threshold
    search goes through here, and the tests hold it to ``sklearn.metrics``.

    Examples
    --------
    >>> [round(float(v), 4) for v in prf(3, 1, 2)]
    [0.75, 0.6, 0.6667]
    """
    tp, fp, fn = (np.asarray(v, dtype=float) for v in (tp, fp, fn))
    p = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
    r = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0.0)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)
    return p, r, f


def macro_f1(y_true, y_pred, labels) -> float:
    """Mean F1 over ``labels`` (class indices or names), as sklearn's
    ``f1_score(average="macro", labels=labels, zero_division=0)``: a label with no gold
    and no predicted items counts as 0, it is not left out."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    f1s = [prf(((p == c) & (t == c)).sum(), ((p == c) & (t != c)).sum(),
               ((p != c) & (t == c)).sum())[2] for c in labels]
    return float(np.mean(f1s)) if f1s else 0.0


def binary_f1(y_true, y_pred) -> float:
    """F1 of 0/1 (or boolean) arrays of any shape: micro-F1 for multi-label indicators."""
    return fbeta(y_true, y_pred, 1.0)


def fbeta(y_true, y_pred, beta: float) -> float:
    """F-beta of 0/1 (or boolean) arrays, as sklearn's ``fbeta_score(..., zero_division=0)``;
    beta < 1 weighs precision more."""
    t, p = np.asarray(y_true, dtype=bool), np.asarray(y_pred, dtype=bool)
    pr, rc, _ = prf((t & p).sum(), (~t & p).sum(), (t & ~p).sum())
    b2 = beta * beta
    return float(np.where(pr + rc > 0, (1 + b2) * pr * rc / np.maximum(b2 * pr + rc, 1e-12), 0.0))


def _need_items(n: int) -> None:
    # numpy would fail inside the bootstrap with a dtype cast error that names nothing the caller gave
    if n == 0:
        raise ValueError("no labelled items to score: metrics need at least one")


def _ci(samples: np.ndarray) -> list[float]:
    kept = samples[~np.isnan(samples)]  # a resample that can score no label tells nothing (``_boot_macro``)
    if not kept.size:
        return [0.0, 0.0]  # no width: ``_f1_figure`` widens it
    lo, hi = np.percentile(kept, [2.5, 97.5])
    return [round(float(lo), 4), round(float(hi), 4)]


def _boot_macro(btp, bfp, bfn, scored) -> np.ndarray:
    """Each resample's mean F1 over the labels, leaving out a label the sample scores but the resample
    cannot: no gold and no predicted text of it was drawn, so its F1 is undefined, not 0.

    Scoring it 0 (``zero_division=0``, right for the point estimate's fixed label list) made a perfect
    7-text sample with one text of a label read "1.000 (95% CI 0.500-1.000)": a third of the resamples
    miss that text. The labels it can score stand in for the missing one (their mean, scaled by the
    share of labels the sample scores, so labels no text has still count 0), so a resample that draws
    every label gives exactly sklearn's macro-F1. NaN where a resample can score none (multi-label
    rows with no theme on either side).

    Parameters
    ----------
    btp, bfp, bfn : array of shape (n_resamples, n_labels)
        Each resample's counts per label.
    scored : array of bool, shape (n_labels,)
        The labels the sample itself scores (``tp + fp + fn > 0``).
    """
    scored = np.asarray(scored, dtype=bool)
    if not scored.any():
        return np.zeros(len(btp))  # every label 0 in the sample and in every resample
    _, _, bf = prf(btp, bfp, bfn)
    use = scored & (np.asarray(btp) + np.asarray(bfp) + np.asarray(bfn) > 0)
    n_used = use.sum(1)
    mean = np.where(n_used > 0, (bf * use).sum(1) / np.maximum(n_used, 1), np.nan)
    return mean * scored.sum() / len(scored)


def _accuracy_figure(correct: int, n: int) -> dict:
    """Accuracy with Wilson's interval: a percentile bootstrap of 12 right out of 12 said "1.000-1.000"."""
    lo, hi = wilson(correct, n)
    return {"value": round(correct / n, 4), "ci95": [round(lo, 4), round(hi, 4)], "interval": "wilson"}


def _f1_figure(value: float, samples: np.ndarray, tp, fp, fn) -> dict:
    """A mean F1 over labels with its bootstrap interval, or, where that interval has no width (the
    resamples of a small perfect sample are all perfect, or nearly all: "1.000 (95% CI 1.000-1.000)"),
    the mean of each label's Wilson interval on the texts it rests on (``f1_interval``, as the report's
    per-stance F1). A label no text has and none was given stays 0, as in the value (``zero_division=0``)."""
    ci = _ci(samples)
    if ci[0] < ci[1]:
        return {"value": round(value, 4), "ci95": ci, "interval": "bootstrap"}
    bounds = [f1_interval(int(t), int(p), int(n)) if t + p + n else (0.0, 0.0)
              for t, p, n in zip(np.atleast_1d(tp), np.atleast_1d(fp), np.atleast_1d(fn), strict=True)]
    lo, hi = np.mean(bounds, axis=0)
    return {"value": round(value, 4), "ci95": [round(float(lo), 4), round(float(hi), 4)],
            "interval": "wilson-jaccard"}


def _confusion_from_idx(t: np.ndarray, p: np.ndarray, k: int) -> np.ndarray:
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def stance_metrics(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    labels: Sequence[str],
    confidence: Sequence[float] | None = None,
    threshold: float | None = None,
    seed: int = 0,
) -> dict:
    """Single-label metrics: per label P/R/F1, macro-F1 and accuracy with 95% CIs.

    macro-F1 averages every label in ``labels`` (sklearn's ``average="macro"`` with
    ``zero_division=0``), including labels with no gold support; its bootstrap leaves a label
    out of a resample that drew no text of it (``_boot_macro``).

    Parameters
    ----------
    y_true, y_pred : sequence of str
        Gold labels and best guesses (abstained items count by their best guess).
    labels : sequence of str
        Label order for the confusion matrix (rows true, columns predicted).
    confidence : sequence of float or None
        The predicted label's probability, for coverage at ``threshold``.
    threshold : float or None
        The abstention threshold.
    seed : int
        Bootstrap seed.

    Returns
    -------
    dict
        ``accuracy`` (``{"value", "ci95", "interval"}``: Wilson's), ``macro_f1`` (the same: a
        bootstrap's, or ``"wilson-jaccard"`` where that is degenerate), ``per_label``,
        ``confusion``, ``labels``, ``n``; ``coverage``/``covered_accuracy`` when a
        threshold is given; ``semeval_f_avg`` when the labels include FAVOR and AGAINST.

    Raises
    ------
    ValueError
        With no items: there is nothing to score or resample.
    """
    _need_items(len(y_true))
    index = {lab: i for i, lab in enumerate(labels)}
    k = len(labels)
    t = np.array([index[y] for y in y_true])
    p = np.array([index[y] for y in y_pred])
    cm = _confusion_from_idx(t, p, k)
    rng = np.random.default_rng(seed)
    boot = rng.integers(0, len(t), size=(N_BOOT, len(t)))
    bt, bp = t[boot], p[boot]
    # one confusion matrix per resample, via a flat bincount with an offset per resample
    flat = (np.arange(N_BOOT)[:, None] * k * k + bt * k + bp).ravel()
    cms = np.bincount(flat, minlength=N_BOOT * k * k).reshape(N_BOOT, k, k)
    btp = np.einsum("bii->bi", cms)
    bfp, bfn = cms.sum(1) - btp, cms.sum(2) - btp
    tp0 = np.diag(cm)
    fp0, fn0 = cm.sum(0) - tp0, cm.sum(1) - tp0
    pr, rc, f1 = prf(tp0, fp0, fn0)
    scored = tp0 + fp0 + fn0 > 0
    out: dict = {
        "n": len(t),
        "labels": list(labels),
        "accuracy": _accuracy_figure(int(tp0.sum()), len(t)),
        "macro_f1": _f1_figure(float(f1.mean()), _boot_macro(btp, bfp, bfn, scored), tp0, fp0, fn0),
        "per_label": {
            lab: {"precision": round(float(pr[i]), 4), "recall": round(float(rc[i]), 4),
                  "f1": round(float(f1[i]), 4), "support": int(cm[i].sum())}
            for i, lab in enumerate(labels)
        },
        "confusion": cm.tolist(),
    }
    if all(lab in index for lab in SEMEVAL_LABELS):
        ids = [index[lab] for lab in SEMEVAL_LABELS]
        favor_against = _boot_macro(btp[:, ids], bfp[:, ids], bfn[:, ids], scored[ids])
        out["semeval_f_avg"] = _f1_figure(float(f1[ids].mean()), favor_against, tp0[ids], fp0[ids], fn0[ids])
    if confidence is not None and threshold is not None:
        covered = np.asarray(confidence) >= threshold
        out["abstain_threshold"] = round(float(threshold), 4)
        out["coverage"] = round(float(covered.mean()), 4)
        out["covered_accuracy"] = (
            round(float((t[covered] == p[covered]).mean()), 4) if covered.any() else None
        )
    return out


def theme_metrics(
    y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str], seed: int = 0
) -> dict:
    """Multi-label metrics: micro/macro F1 with 95% CIs (as ``stance_metrics``'s F1) and per-theme P/R/F1.

    Parameters
    ----------
    y_true, y_pred : array of shape (n_texts, n_themes), 0/1
    labels : sequence of str
        Theme names, the columns' order.
    seed : int

    Returns
    -------
    dict
        ``micro_f1``, ``macro_f1`` (each ``{"value", "ci95", "interval"}``), ``per_label``,
        ``exact_match``, ``labels``, ``n``.

    Raises
    ------
    ValueError
        With no items.
    """
    _need_items(len(y_true))
    yt = np.asarray(y_true, dtype=bool)
    yp = np.asarray(y_pred, dtype=bool)

    def counts(a, b, axis):
        return (a & b).sum(axis), (~a & b).sum(axis), (a & ~b).sum(axis)

    tp, fp, fn = counts(yt, yp, 0)
    pr, rc, f1 = prf(tp, fp, fn)
    _, _, micro = prf(tp.sum(), fp.sum(), fn.sum())
    rng = np.random.default_rng(seed)
    boot = rng.integers(0, len(yt), size=(N_BOOT, len(yt)))
    btp, bfp, bfn = counts(yt[boot], yp[boot], 1)
    _, _, bmicro = prf(btp.sum(1), bfp.sum(1), bfn.sum(1))
    return {
        "n": len(yt),
        "labels": list(labels),
        "micro_f1": _f1_figure(float(micro), bmicro, tp.sum(), fp.sum(), fn.sum()),
        "macro_f1": _f1_figure(float(f1.mean()), _boot_macro(btp, bfp, bfn, tp + fp + fn > 0), tp, fp, fn),
        "exact_match": round(float((yt == yp).all(1).mean()), 4),
        "per_label": {
            lab: {"precision": round(float(pr[i]), 4), "recall": round(float(rc[i]), 4),
                  "f1": round(float(f1[i]), 4), "support": int(yt[:, i].sum())}
            for i, lab in enumerate(labels)
        },
    }
