"""Grouped cross-validation: the splits, out-of-fold scores per configuration, and the choice."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

from voices.models.calibrate import as_logits, theme_thresholds
from voices.models.features import FeatureConfig, make_features, make_pipeline
from voices.models.metrics import binary_f1, macro_f1

log = logging.getLogger(__name__)

MAX_FOLDS = 5
Progress = Callable[[str], None]


def make_splits(groups: Sequence[str], y: np.ndarray, task: str, seed: int) -> tuple[list, str]:
    """CV splits that keep each group (thread, source, writer) inside one fold.

    With fewer than three groups, falls back to stratified (stance) or plain
    (themes) shuffled 5-fold splits over items, and says so in the description.
    """
    uniq = sorted(set(groups))
    if len(uniq) >= 3:
        n = min(MAX_FOLDS, len(uniq))
        gidx = np.array([uniq.index(g) for g in groups])
        splits = list(GroupKFold(n_splits=n).split(np.zeros(len(gidx)), y, gidx))
        kind = "leave-one-group-out" if n == len(uniq) else "group k-fold"
        return splits, f"{kind}, {n} folds over {len(uniq)} groups"
    if task == "stance":
        cv = StratifiedKFold(n_splits=MAX_FOLDS, shuffle=True, random_state=seed)
    else:
        cv = KFold(n_splits=MAX_FOLDS, shuffle=True, random_state=seed)
    with warnings.catch_warnings():  # a label with 3-4 texts is allowed: some folds lack it, which CV copes with
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        splits = list(cv.split(np.zeros(len(y)), y))
    return splits, f"{MAX_FOLDS}-fold over items (only {len(uniq)} group{'s' * (len(uniq) != 1)}: no grouping)"


def _feature_key(cfg: FeatureConfig) -> FeatureConfig:
    return replace(cfg, name="", C=0.0, model="", svm_C=None)


def oof_scores(
    prepared: Sequence[str],
    y: np.ndarray,
    splits: list,
    configs: Sequence[FeatureConfig],
    task: str,
    keywords: Mapping[str, Sequence[str]] | None,
    progress: Progress | None = None,
    n_jobs: int = 2,
) -> dict[str, np.ndarray]:
    """Out-of-fold decision values ``(n, k)`` for every configuration.

    Features are fitted once per fold and feature setting; configurations that
    differ only in ``C`` reuse them.
    """
    from joblib import Parallel, delayed

    X = np.asarray(prepared, dtype=object)
    by_features: dict[FeatureConfig, list[FeatureConfig]] = {}
    for cfg in configs:
        by_features.setdefault(_feature_key(cfg), []).append(cfg)
    jobs = [(key, group, tr, te) for key, group in by_features.items() for tr, te in splits]
    if progress:
        progress(f"cross-validating {len(configs)} configurations over {len(splits)} folds")
    # Folds run in parallel (results do not depend on the order or the worker).
    results = Parallel(n_jobs=min(n_jobs, len(jobs)))(
        delayed(_fold)(task, key, group, keywords, X[tr], y[tr], X[te]) for key, group, tr, te in jobs
    )
    out: dict[str, np.ndarray] = {}
    for (_, _, _, te), decs in zip(jobs, results, strict=True):
        for name, dec in decs.items():
            if name not in out:
                out[name] = np.zeros((len(y), dec.shape[1]))
            out[name][te] = dec
    return out


def _fold(task, key, group, keywords, xtr_raw, ytr, xte_raw) -> dict[str, np.ndarray]:
    feats = make_features(key, keywords)
    xtr = feats.fit_transform(xtr_raw)
    xte = feats.transform(xte_raw)
    out = {}
    for cfg in group:
        clf = clone(make_pipeline(task, cfg, keywords).named_steps["classifier"])
        clf.fit(xtr, ytr)
        out[cfg.name] = as_logits(clf.decision_function(xte))
    return out


def score(task: str, decision: np.ndarray, y: np.ndarray, scored: Sequence[int] | None = None) -> float:
    """The selection score: stance mean F1 of the argmax; themes micro-F1 at tuned thresholds.

    ``scored`` names the stance classes (indices) whose F1 is averaged: all of them
    (macro-F1) by default; SemEval's F_avg averages FAVOR and AGAINST only.
    """
    if task == "stance":
        classes = range(decision.shape[1]) if scored is None else scored
        return macro_f1(y, decision.argmax(1), classes)
    probs = 1 / (1 + np.exp(-decision))
    thr = np.array(theme_thresholds(probs, y))
    pred = probs >= thr
    return binary_f1(y == 1, pred)


BIAS_GRID = np.round(np.arange(-2.0, 2.01, 0.25), 2)


def objective_bias(logits: np.ndarray, y: np.ndarray, scored: Sequence[int]) -> np.ndarray:
    """A log-probability offset for the classes outside ``scored``, chosen on out-of-fold logits.

    When the objective ignores some classes' F1 (SemEval's F_avg ignores NONE),
    predicting them less (or more) often can raise it. One offset, shared by the
    unscored classes, is picked from ``BIAS_GRID`` (ties: the one nearest 0).

    Returns
    -------
    numpy.ndarray (k,)
        Zero for the scored classes.
    """
    rest = np.array([c not in set(scored) for c in range(logits.shape[1])])
    best, best_f = np.zeros(logits.shape[1]), -1.0
    for d in sorted(BIAS_GRID, key=abs):
        offset = np.where(rest, d, 0.0)
        f = macro_f1(y, (logits + offset).argmax(1), scored)
        if f > best_f + 1e-12:
            best, best_f = offset, f
    return best


def select(
    task: str, oof: dict[str, np.ndarray], y: np.ndarray, configs: Sequence[FeatureConfig],
    scored_classes: Sequence[int] | None = None,
) -> tuple[FeatureConfig, list[dict]]:
    """The best configuration by CV score (ties: the earlier, simpler-listed one) and every score."""
    scored = [{"config": c.name, "cv_score": round(score(task, oof[c.name], y, scored_classes), 4)}
              for c in configs]
    best = max(range(len(configs)), key=lambda i: (scored[i]["cv_score"], -i))
    log.info("selected %s (%s)", configs[best].name, scored[best]["cv_score"])
    return configs[best], scored
