"""``voices train --corpus --adapt map``: the shipped stance model adapted to the user's labels by MAP.

Chelba and Acero (2004), "Adaptation of maximum entropy capitalizer: little data can help a lot":
the adapted logits are the shipped model's (as it predicts today, its calibration folded in) plus
``w.x + b``, where ``x`` is the shipped setting's word and character TF-IDF fitted on the user's
(redacted) labelled texts, ``w`` has a Gaussian prior at 0 (so a prior at the shipped model) and
so has ``b``, with variance ``C_B`` (``voices.models.map_linear``; Chelba and Acero put the prior on every
parameter: a free ``b``, fitted on about 6 stance texts among 72 labels, drove a stance the labels lack out of
every prediction). Each text's log-loss is weighted so that every stance in the user's labels weighs the
same (``CLASS_WEIGHT``, as the shipped model was trained and as macro-F1 scores; a user's labels are mostly
``none``: 67 of 72 in a real-dev split). ``C`` (``w``'s prior's variance) is chosen from ``CS`` by
cross-validation on the user's labels only, with today's folds (grouped by source with at least
three sources, else by document); temperature calibration and the abstention threshold
come from the same out-of-fold logits, as for the pooled method. The saved pipeline is one linear
model over both feature sets, so it loads, and compiles to the bundle, like any other.

Measured against the pooled method (``voices.models.adapt``) by ``benchmarks/own_labels.py``:
see ``benchmarks/results/own-labels.md``, Sessions 37 (MAP) and 38 (the prior on ``b``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from voices.models import calibrate as cal
from voices.models.data import LabelledItem
from voices.models.scheme import SHIPPED_SCHEME, Scheme, shipped_labels

ADAPT_METHODS = ("map", "pooled")
DEFAULT_ADAPT = "map"
CS = (0.3, 1.0, 3.0)  # the prior's variance, chosen by CV on the user's labels
# the variance of b's prior, fixed: 10 measured best of 1, 10 and C (own-labels.md, Session 38); b free, it drove a
# stance the user's labels lack out of every prediction
C_B = 10.0
# each class present in the user's labels weighs the same in the fit, as the shipped model was trained
# (class_weight="balanced") and as macro-F1 scores (own-labels.md, Session 38)
CLASS_WEIGHT = "balanced"
ONE_STANCE = "your labels hold one stance only"  # map_refusal's reason, said even when MAP is the default


@dataclass(frozen=True)
class MapFit:
    """A MAP-adapted stance model and what its cross-validation chose and measured."""

    pipeline: Any
    labels: list[str]
    config: str  # the shipped model's setting, whose features the new block uses
    C: float
    cv_scores: dict[str, float]  # str(C) -> macro-F1 of the user's labels out of fold, before calibration
    oof: np.ndarray  # the chosen C's out-of-fold logits, one row per user label
    y: np.ndarray


def map_refusal(task: str, scheme: Scheme, data: Sequence, labels: Sequence[str] = ()) -> str | None:
    """Why MAP cannot adapt here (the pooled method then trains), or None when it can.

    A stance the user's labels lack no longer sends training to the pooled method: ``b``'s prior (``C_B``)
    stops its bias where the prior outweighs the labels, so the shipped model can still give it. A scheme under
    the shipped name with other stances is another scheme: the adapted model would give the shipped model's
    stances, which classify refuses for such a corpus. ``labels`` (the user's) of one stance only teach MAP a bias
    towards it and nothing else: 40 labelled system_leaders turned 23 of the 24 texts the shipped model was sure of,
    and pooled kept them all."""
    if task != "stance":
        return "themes models are trained by the pooled method"
    if scheme.name != SHIPPED_SCHEME:
        return f"the corpus's scheme {scheme.name!r} is not the shipped one, whose model MAP adapts"
    if shipped := shipped_labels(scheme, "stance"):
        return (f"the corpus's scheme {scheme.name!r} has the stances {', '.join(sorted(scheme.labels('stance')))}, "
                f"not the shipped model's {', '.join(shipped)}, which MAP adapts")
    if data:
        return "MAP learns from the corpus's labels alone, around the shipped model; --data files need the pooled method"
    if len(stances := sorted(set(labels))) == 1:
        return (f"{ONE_STANCE} ({stances[0]}): MAP would learn to give it to every text; the pooled method weighs "
                "them against the shipped labelled texts")
    return None


def with_prior_data(own: dict) -> dict:
    """``meta.json``'s ``training_data`` of a MAP model: ``own`` (the user's labels) and the shipped stance model's
    training texts, which its prior learnt.

    Their text keys are what ``evaluate`` and the report's accuracy on a corpus leave out as trained on, and
    ``voices delete`` finds a model by; ``origin`` and ``n`` are what the report says the model learnt from
    (AI-written texts as well as yours). ``n`` and ``counts`` add both (a text in both counts twice)."""
    from voices.models.persist import read_meta
    from voices.models.trained import default_model_dir

    prior = read_meta(default_model_dir("stance"))["training_data"]
    counts = dict(prior.get("counts") or {})
    for label, n in own["counts"].items():
        counts[label] = counts.get(label, 0) + n
    both = hashlib.sha256(f"{prior.get('hash')}\n{own['hash']}".encode()).hexdigest()
    return own | {"hash": both, "files": list(prior.get("files") or []), "origin": prior.get("origin", "shipped"),
                  "n": int(prior.get("n", 0)) + own["n"], "counts": counts,
                  "groups": int(prior.get("groups", 0)) + own["groups"],
                  "text_keys": sorted(set(prior.get("text_keys") or ()) | set(own["text_keys"]))}


def _shipped() -> tuple[Any, dict, Any]:
    """The shipped stance pipeline, its meta and its feature setting."""
    from voices.models.features import CONFIGS
    from voices.models.persist import read_meta
    from voices.models.skops_file import load_pipeline_file
    from voices.models.trained import default_model_dir

    folder = default_model_dir("stance")
    meta = read_meta(folder)
    cfg = next(c for c in CONFIGS["stance"] if c.name == meta["config"])
    return load_pipeline_file(folder, meta), meta, cfg


def _fold(cfg, prepared: np.ndarray, z0: np.ndarray, y: np.ndarray, tr: np.ndarray, te: np.ndarray,
          cs: Sequence[float]) -> dict[float, np.ndarray]:
    """Each ``C``'s logits on ``te``, the new features fitted on ``tr``'s texts only."""
    from voices.models.features import make_features
    from voices.models.map_linear import map_fit

    feats = make_features(cfg, None)
    xtr, xte = feats.fit_transform(prepared[tr]), feats.transform(prepared[te])
    out = {}
    for C in cs:
        w, b = map_fit(xtr, z0[tr], y[tr], C, C_b=C_B, class_weight=CLASS_WEIGHT)
        out[C] = z0[te] + np.asarray(xte @ w) + b
    return out


def _user_oof(cfg, prepared: np.ndarray, z0: np.ndarray, y: np.ndarray, splits: list,
              cs: Sequence[float]) -> dict[float, np.ndarray]:
    from joblib import Parallel, delayed

    results = Parallel(n_jobs=min(2, len(splits)))(
        delayed(_fold)(cfg, prepared, z0, y, tr, te, cs) for tr, te in splits)
    oof = {C: np.zeros_like(z0) for C in cs}
    for (_, te), found in zip(splits, results, strict=True):
        for C, z in found.items():
            oof[C][te] = z
    return oof


def _adapted_pipeline(shipped, cfg, prepared: np.ndarray, y: np.ndarray, C: float):
    """The shipped features and the new block (fitted on ``prepared``) as one union, then the MAP classifier."""
    from sklearn.pipeline import FeatureUnion, Pipeline

    from voices.models.features import make_features
    from voices.models.map_linear import MAPAdaptedClassifier

    old, prior = shipped.named_steps["features"], shipped.named_steps["classifier"]
    own = make_features(cfg, None).fit(prepared)
    parts = list(old.transformer_list) + [(f"own_{name}", step) for name, step in own.transformer_list]
    weights = None
    if old.transformer_weights or own.transformer_weights:
        weights = ({name: 1.0 for name, _ in parts} | dict(old.transformer_weights or {})
                   | {f"own_{k}": v for k, v in (own.transformer_weights or {}).items()})
    union = FeatureUnion(parts, transformer_weights=weights)
    clf = MAPAdaptedClassifier(C=C, prior_coef=np.array(prior.coef_), prior_intercept=np.array(prior.intercept_),
                               classes=np.array(prior.classes_), C_b=C_B,
                               class_weight=CLASS_WEIGHT)
    clf.fit(union.transform(prepared), y)
    return Pipeline([("features", union), ("classifier", clf)])


def fit_map(user: Sequence[LabelledItem], prepared: Sequence, splits: list, cs: Sequence[float] = CS) -> MapFit:
    """Adapt the shipped stance model to ``user``'s labels (``prepared``: their redacted, preprocessed texts).

    ``splits`` are the user's CV folds (``adapt_cv._splits`` with no other texts). ``C`` is the one
    with the best out-of-fold macro-F1 (ties: the smaller, nearer the shipped model).

    Raises
    ------
    voices.errors.LabelError
        A label the shipped model does not have.
    """
    from voices.errors import LabelError
    from voices.models.selection import score

    shipped, meta, cfg = _shipped()
    labels = list(meta["labels"])
    unknown = sorted({it.label for it in user} - set(labels))
    if unknown:
        raise LabelError(f"labels {', '.join(unknown)} are not the shipped stance model's; train with --adapt pooled")
    y = np.array([labels.index(it.label) for it in user])
    texts = np.asarray(list(prepared), dtype=object)
    z0 = cal.as_logits(shipped.decision_function(texts))
    oof = _user_oof(cfg, texts, z0, y, splits, cs)
    scores = {C: round(score("stance", oof[C], y), 4) for C in cs}
    best = max(cs, key=lambda C: (scores[C], -C))
    pipeline = _adapted_pipeline(shipped, cfg, texts, y, best)
    return MapFit(pipeline, labels, cfg.name, best, {f"{C:g}": s for C, s in scores.items()}, oof[best], y)
