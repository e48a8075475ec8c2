"""Cross-validation of a corpus-adapted model: folds, out-of-fold scores per setting and weight, calibration.

Folds group the user's texts by source when there are at least three sources, else by
document; each candidate weight counts every user text ``w`` times; scores, calibration and
thresholds are computed on the user's out-of-fold rows only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, KFold

from voices.models import calibrate as cal
from voices.models.data import LabelledItem, text_key
from voices.models.features import CONFIGS, FeatureConfig, make_features, make_pipeline
from voices.models.metrics import stance_metrics, theme_metrics
from voices.models.selection import _feature_key, make_splits, score
from voices.models.train import _theme_confusion

WEIGHTS = (1, 3, 10, 30, 100)  # how many times each of the user's texts counts; chosen by CV


def _user_groups(user: Sequence[LabelledItem]) -> list[str]:
    """Each of the user's labels' CV group: its source with at least 3 sources, else its document."""
    by_source = len({it.group for it in user}) >= 3
    return [it.group if by_source else it.id for it in user]


def _copies_across_folds(user: Sequence[LabelledItem]) -> int:
    """How many of the user's labelled texts another label in another CV group has word for word.

    Such a text can be scored in a fold that trained on its copy (campaign answers, a pasted
    reply), so the cross-validated figures flatter the model.
    """
    groups: dict[str, set[str]] = {}
    keys = [text_key(it.text) for it in user]
    for key, group in zip(keys, _user_groups(user), strict=True):
        groups.setdefault(key, set()).add(group)
    return sum(len(groups[key]) > 1 for key in keys)


def _splits(user: Sequence[LabelledItem], n_base: int, base_groups: Sequence[str], y_user, task: str,
            seed: int) -> tuple[list, str]:
    """Folds over base + user items: the user's grouped by source (>= 3) or document, the base's by group."""
    sources = {it.group for it in user}
    by_source = len(sources) >= 3
    usplits, _ = make_splits(_user_groups(user), y_user, task, seed)
    k = len(usplits)
    if n_base:
        uniq = sorted(set(base_groups))
        if len(uniq) >= k:
            gidx = np.array([uniq.index(g) for g in base_groups])
            bsplits = list(GroupKFold(n_splits=k).split(np.zeros(n_base), groups=gidx))
        elif n_base >= k:
            bsplits = list(KFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(n_base)))
        else:  # fewer other texts than folds (a small --data file): one fold each, the rest train only
            fold = np.random.default_rng(seed).permutation(n_base)
            bsplits = [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(k)]
    else:
        bsplits = [(np.array([], int), np.array([], int))] * k
    splits = [(np.r_[btr, n_base + utr], np.r_[bte, n_base + ute])
              for (btr, bte), (utr, ute) in zip(bsplits, usplits, strict=True)]
    how = f"by source ({len(sources)} sources)" if by_source else "by document"
    return splits, f"{k} folds; your {len(user)} labels grouped {how}; scored on your labels only"


def _repeat(is_user: np.ndarray, weight: int) -> np.ndarray:
    """Row indices with each user row ``weight`` times (the weighting every classifier accepts)."""
    idx = np.arange(len(is_user))
    return np.r_[idx, np.repeat(np.flatnonzero(is_user), weight - 1)]


def _fold(task, key, configs, weights, keywords, xtr_raw, ytr, user_tr, xte_raw) -> dict:
    feats = make_features(key, keywords)
    xtr, xte = feats.fit_transform(xtr_raw), feats.transform(xte_raw)
    out = {}
    for cfg in configs:
        for w in weights:
            rows = _repeat(user_tr, w)
            clf = clone(make_pipeline(task, cfg, keywords).named_steps["classifier"]).fit(xtr[rows], ytr[rows])
            out[cfg.name, w] = cal.as_logits(clf.decision_function(xte))
    return out


def _oof(prepared, y, is_user, splits, configs, weights, task, keywords) -> dict:
    from joblib import Parallel, delayed

    X = np.asarray(prepared, dtype=object)
    groups: dict[FeatureConfig, list[FeatureConfig]] = {}
    for cfg in configs:
        groups.setdefault(_feature_key(cfg), []).append(cfg)
    jobs = [(key, cfgs, tr, te) for key, cfgs in groups.items() for tr, te in splits]
    results = Parallel(n_jobs=min(2, len(jobs)))(
        delayed(_fold)(task, key, cfgs, weights, keywords, X[tr], y[tr], is_user[tr], X[te])
        for key, cfgs, tr, te in jobs)
    out: dict = {}
    for (_, _, _, te), decs in zip(jobs, results, strict=True):
        for name, dec in decs.items():
            out.setdefault(name, np.zeros((len(y), dec.shape[1])))[te] = dec
    return out


def _configs(task: str, has_base: bool) -> tuple[FeatureConfig, ...]:
    """With the shipped texts: the setting the shipped model chose by CV on them; alone: every one."""
    if not has_base:
        return CONFIGS[task]
    from voices.models.persist import read_meta
    from voices.models.trained import default_model_dir

    chosen = read_meta(default_model_dir(task)).get("config")
    return tuple(c for c in CONFIGS[task] if c.name == chosen) or CONFIGS[task][:1]


def _calibrate(task, logits, y, rows, is_user, labels, abstain_precision, seed, *, stance_bias: bool = True):
    """Calibration on the weighted out-of-fold rows; the figures and abstention on the user's rows.

    ``stance_bias`` False: temperature alone, so calibration keeps the model's argmax (MAP adaptation)."""
    if task == "stance":
        temperature, bias = cal.fit_temperature(logits[rows], y[rows], bias=stance_bias)
        probs = cal.apply_temperature(logits, temperature, bias)
        conf, pred = probs.max(1)[is_user], probs.argmax(1)[is_user]
        threshold = cal.abstain_threshold(conf, pred == y[is_user], abstain_precision)
        cv = stance_metrics([labels[i] for i in y[is_user]], [labels[i] for i in pred], labels, conf, threshold, seed)
        calibration = {"method": "temperature+bias" if stance_bias else "temperature", "temperature": round(temperature, 4),
                       "bias": [round(float(b), 4) for b in bias], **cal.bound_record(logits[rows], temperature)}
        decision = {"abstain_threshold": round(threshold, 4), "abstain_precision": abstain_precision}
        return decision, calibration, cv, lambda clf: cal.fold_temperature(clf, temperature, bias)
    platt = [cal.fit_platt(logits[rows, j], y[rows, j]) for j in range(len(labels))]
    probs = cal.platt_probabilities(logits, platt)
    thresholds = cal.theme_thresholds(probs[rows], y[rows])
    pred = (probs >= np.array(thresholds))[is_user]
    cv = theme_metrics(y[is_user], pred, labels, seed) | {"oof_confusion": _theme_confusion(y[is_user], pred, labels)}
    calibration = {"method": "platt", "params": [[round(a, 4), round(c, 4)] for a, c in platt]}
    return ({"thresholds": dict(zip(labels, thresholds, strict=True))}, calibration, cv,
            lambda clf: cal.fold_platt(clf, platt))


def _choose(task: str, configs: Sequence[FeatureConfig], weights: Sequence[int], oof: dict, is_user: np.ndarray,
            yu: np.ndarray) -> tuple[list[dict], int, FeatureConfig, int]:
    """The grid of (setting, weight) scored on the user's out-of-fold rows, the best's index, setting and weight
    (the first of equal scores)."""
    grid = [{"config": c.name, "weight": w, "cv_score": round(score(task, oof[c.name, w][is_user], yu), 4)}
            for c in configs for w in weights]
    best_i = max(range(len(grid)), key=lambda i: (grid[i]["cv_score"], -i))
    return grid, best_i, configs[best_i // len(weights)], grid[best_i]["weight"]
