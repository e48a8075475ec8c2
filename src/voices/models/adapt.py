"""``voices train --corpus``: the shipped labelled texts plus a corpus's own human labels.

The user's labels (``store.training_labels.training_split``: the validation sample left
out) join the shipped labelled corpus (package data, ``voices/data/labelled``) when the
corpus uses the shipped scheme, and any ``--data`` files, less their texts a validation-sample
text has word for word (counted in ``meta.json``, as labels on such copies in the corpus are). Their weight (each of the
user's texts counted ``w`` times) is chosen by cross-validation over ``WEIGHTS``,
scored on the user's labels only: folds group the user's texts by source when there
are at least three sources, else by document. Calibration and thresholds come from the
same out-of-fold scores; ``meta.json`` records which labels were learnt from (ids and
counts, never texts), the weight and its score.

Here: ``train_from_corpus``, which reads the corpus, fits, and writes ``meta.json``. What it
learns from is ``voices.models.adapt_data``, the cross-validation ``voices.models.adapt_cv``,
and what it tells the user ``voices.models.adapt_notes``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from voices.errors import LabelError, UsageError
from voices.models.adapt_cover import corpus_others, covering
from voices.models.adapt_cv import WEIGHTS, _calibrate, _choose, _configs, _oof, _repeat, _splits
from voices.models.adapt_data import (
    _check_has_themes,
    _sample_copies_labelled,
    _theme_targets,
    _without_sample_texts,
    base_items,
    shipped_data_files,
    user_items,
    without_erased,
)
from voices.models.adapt_map import (
    ADAPT_METHODS,
    C_B,
    CLASS_WEIGHT,
    CS,
    DEFAULT_ADAPT,
    ONE_STANCE,
    fit_map,
    map_refusal,
    with_prior_data,
)
from voices.models.adapt_notes import MIN_USER_LABELS, _erased_note, _too_few_labels, _train_warnings
from voices.models.calibrate import flat_note
from voices.models.data import LabelledItem, data_hash, data_origin, label_counts, text_key
from voices.models.features import SEED, FeatureConfig, make_pipeline
from voices.models.private_meta import corpus_id, doc_keys, recorded_file_names
from voices.models.redacted import corpus_redactor, redact_training
from voices.models.scheme import Scheme, is_shipped
from voices.models.train import DEFAULT_ABSTAIN_PRECISION, TrainResult, _keywords, _targets

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class _FromCorpus:
    """What training reads from the corpus, in one open: its scheme, the user's labels and their keys."""

    scheme: Scheme
    user: list[LabelledItem]
    redactor: Any
    key: Any
    keys: Any
    sample: int  # members of the validation sample
    copies: int  # the user's labels on copies of sample texts, left out
    sample_keys: set[str]


def _read_corpus(corpus_path: Path | str, task: str) -> _FromCorpus:
    """The corpus's scheme and the user's labels for ``task`` (the validation sample and its copies left out)."""
    from voices.models.scheme import scheme_for
    from voices.store import Corpus
    from voices.store.secrets import redaction_key
    from voices.store.training_labels import training_split
    from voices.store.validation import members

    if not Path(corpus_path).is_file():
        raise LabelError(f"no corpus at {corpus_path}: check --corpus")
    with Corpus.open(corpus_path) as corpus:
        scheme = scheme_for(corpus)
        split = training_split(corpus)  # one read and keying of the labelled and the sample's texts
        user = user_items(split.texts, task, scheme)
        redactor = corpus_redactor(corpus, [it.id for it in user])
        key = redaction_key(corpus)
        keys = doc_keys(key, (it.id for it in user))
        sample = len(members(corpus))
    copies = _sample_copies_labelled(split.copies, task)  # left out of split.texts: said, not silent
    return _FromCorpus(scheme, user, redactor, key, keys, sample, copies, split.sample_keys)


def train_from_corpus(corpus_path: Path | str, task: str, out: Path | str, *, data: Sequence[Path] = (),
                      seed: int = SEED, abstain_precision: float = DEFAULT_ABSTAIN_PRECISION,
                      weights: Sequence[int] = WEIGHTS, adapt: str | None = None,
                      progress: Callable[[str], None] | None = None) -> TrainResult:
    """Train on the corpus's human labels: around the shipped model (MAP), or pooled with the shipped texts.

    Parameters
    ----------
    corpus_path : path
        The corpus whose labels (validation sample left out) to learn from.
    task : {"stance", "themes"}
    out : path
        Model directory to write.
    data : sequence of path
        More labelled ``.jsonl``/``.csv`` files (the pooled method learns from them).
    seed, abstain_precision
        As for ``voices.models.train.train``.
    weights : sequence of int
        Pooled: candidate weights of the user's labels, chosen by CV on the user's labels.
    adapt : {"map", "pooled"} or None
        ``"map"``: a stance model under the shipped scheme is the shipped model adapted by MAP
        (``voices.models.adapt_map``); themes models, other schemes and ``data`` use ``"pooled"``:
        the shipped labelled texts and ``data`` pooled with the user's labels at a weight chosen by CV.
        None: ``DEFAULT_ADAPT``, without a warning where MAP does not apply.
    progress : callable or None
        Called with a short message at each step.

    Returns
    -------
    TrainResult
        ``warnings`` says when a stance has fewer than 30 of the user's labels, when labelled
        texts have word-for-word copies in other CV folds (the figures then flatter the model),
        and why MAP, asked for, was not used for a stance model.

    Raises
    ------
    LabelError
        Too few of the user's labels, or labels the scheme does not have.
    UsageError
        An unknown ``adapt``.
    """
    from voices.models.persist import read_meta
    from voices.models.save import check_model_out, save_model
    from voices.nlp import PREPROCESS_VERSION, preprocess

    asked, adapt = adapt is not None, adapt or DEFAULT_ADAPT
    if adapt not in ADAPT_METHODS:
        raise UsageError(f"--adapt {adapt!r}: use one of {', '.join(ADAPT_METHODS)}")
    check_model_out(out)
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    read = _read_corpus(corpus_path, task)
    scheme, user, copies = read.scheme, read.user, read.copies
    if task == "themes":  # before counting labels: no number of them makes a themes model for no themes
        _check_has_themes(scheme)
    if len(user) < MIN_USER_LABELS:
        raise LabelError(_too_few_labels(corpus_path, len(user), task, read.sample, copies))
    refusal = map_refusal(task, scheme, data, [it.label for it in user]) if adapt == "map" else None
    method = "map" if adapt == "map" and refusal is None else "pooled"
    base, files = base_items(task, scheme, data, user) if method == "pooled" else ([], [])
    base, erased = without_erased(corpus_path, base)  # an export written before a delete holds what it erased
    shipped = {str(p) for p in shipped_data_files(task)} if is_shipped(scheme, task) else set()
    base, (yours, ours) = _without_sample_texts(base, shipped, read.sample_keys)
    items = base + user
    say("redacting your texts")
    fitted, redaction = redact_training(base, files, read.redactor, user)  # nothing fitted sees a name
    say(f"preprocessing {len(items)} texts ({len(user)} of yours)")
    prepared = list(preprocess(it.text for it in fitted))
    others = corpus_others(corpus_path, {it.id for it in user}) if task == "stance" else ([], 0)
    if method == "map":
        made = _fit_map(read, prepared, others, seed, abstain_precision, say)
    else:
        made = _fit_pooled(read, base, items, prepared, others, weights, task, seed, abstain_precision, say)
    meta = {
        "task": task,
        "scheme": {"name": scheme.name, "version": scheme.version},
        # the scheme's themes, [] for a stance-only debate: `classify --dataset` reads no corpus, so this is how
        # it knows to tag stance only (not an ID_FIELD: the model predicts the same with or without it)
        "scheme_themes": list(scheme.labels("themes")),
        "labels": made.labels,
        **made.decision,
        "preprocess_version": PREPROCESS_VERSION,
        "config": made.config,
        "objective": "macro_f1",
        "selection": made.selection,
        "calibration": made.calibration,
        "cv": made.cv,
        "oof_confusion": made.cv.get("oof_confusion") or made.cv["confusion"],
        "cross_writer": None,
        "real_writing": None,
        "adapt": method,
        "adaptation": made.adaptation | ({"data_copies_left_out": yours + ours} if yours + ours else {}),
        "redaction": redaction,
        "training_data": (with_prior_data if method == "map" else dict)(_training_data(items, files, read.key, task)),
    }
    seconds = time.perf_counter() - started
    meta["train_seconds"] = round(seconds, 1)
    model_dir = save_model(out, made.pipeline, meta)
    warnings = (_train_warnings(task, user, scheme, copies, yours, ours) + _erased_note(corpus_path, erased)
                + flat_note(made.calibration)
                + ([f"trained by the pooled method: {refusal}"] if refusal and (asked or ONE_STANCE in refusal) else []))
    for w in warnings:
        log.info(w)  # the caller shows result.warnings
    return TrainResult(model_dir, read_meta(model_dir), seconds, tuple(warnings))


@dataclass(frozen=True)
class _Fitted:
    """A fitted, calibrated model and the ``meta.json`` fields its method decides."""

    pipeline: Any
    labels: list[str]
    decision: dict
    calibration: dict
    cv: dict
    config: str
    selection: list[dict]
    adaptation: dict


def _fit_pooled(read: _FromCorpus, base: list[LabelledItem], items: list[LabelledItem], prepared: list,
                others: tuple[list[str], int], weights: Sequence[int], task: str, seed: int, abstain_precision: float,
                say: Callable[[str], None]) -> _Fitted:
    """The pooled method: the other texts and the user's labels, counted ``weight`` times (chosen by CV)."""
    user = read.user
    if task == "stance":
        labels, y = _targets(items, task, read.scheme)
        left_out: list[str] = []
    else:
        labels, y, left_out = _theme_targets(items, read.scheme)
    is_user = np.r_[np.zeros(len(base), bool), np.ones(len(user), bool)]
    weights = tuple(weights) if base else (1,)
    configs = _configs(task, bool(base))
    keywords = _keywords(read.scheme, task)
    yu = y[is_user]
    splits, cv_desc = _splits(user, len(base), [it.group for it in base],
                              yu if task == "stance" else yu.sum(1), task, seed)
    say(f"cross-validating {len(configs)} setting{'s' * (len(configs) != 1)} x weights {', '.join(map(str, weights))}")
    oof = _oof(prepared, y, is_user, splits, configs, weights, task, keywords)
    grid, best_i, best, weight = _choose(task, configs, weights, oof, is_user, yu)
    rows = _repeat(is_user, weight)
    decision, calibration, cv, fold_in = _calibrate(task, oof[best.name, weight], y, rows, is_user, labels,
                                                    abstain_precision, seed)
    say(f"fitting {best.name} on all {len(items)} texts (yours x{weight})")
    pipeline = _fit_all(task, best, keywords, prepared, y, rows)
    fold_in(pipeline.named_steps["classifier"])
    if task == "stance":
        decision = covering(decision, pipeline, prepared[len(base):], *others)
    adaptation = _adaptation(read, weight, weights, grid[best_i]["cv_score"], left_out)
    return _Fitted(pipeline, labels, decision, calibration, {"splits": cv_desc, "seed": seed, **cv}, best.name, grid,
                   adaptation)


def _fit_map(read: _FromCorpus, prepared: list, others: tuple[list[str], int], seed: int, abstain_precision: float,
             say: Callable[[str], None]) -> _Fitted:
    """MAP around the shipped stance model (``voices.models.adapt_map``), calibrated on its out-of-fold logits.

    By temperature alone: MAP's own bias is fitted on these labels already, and a second one fitted on their
    out-of-fold logits moved every real-dev prediction to "none" (benchmarks/own_labels.py, split 0: 0.239,
    against 0.339 with MAP's own argmax)."""
    user = read.user
    splits, cv_desc = _splits(user, 0, [], np.array([it.label for it in user]), "stance", seed)
    say(f"cross-validating MAP adaptation around the shipped model, C {', '.join(f'{c:g}' for c in CS)}")
    fit = fit_map(user, prepared, splits)
    every = np.arange(len(user))
    decision, calibration, cv, fold_in = _calibrate("stance", fit.oof, fit.y, every, np.ones(len(user), bool),
                                                    fit.labels, abstain_precision, seed, stance_bias=False)
    fold_in(fit.pipeline.named_steps["classifier"])
    decision = covering(decision, fit.pipeline, prepared, *others)
    selection = [{"config": fit.config, "adapt": "map", "C": float(c), "cv_score": s}
                 for c, s in zip(CS, fit.cv_scores.values(), strict=True)]
    adaptation = {"method": "map", "C": fit.C, "Cs_tried": list(CS), "C_b": C_B, "class_weight": CLASS_WEIGHT,
                  "cv_scores": fit.cv_scores,
                  "cv_score": fit.cv_scores[f"{fit.C:g}"],
                  "cv_score_on": "your labels only (out of fold; the validation sample is never trained on)",
                  "prior": "the shipped stance model", "user_labels": _user_labels(read), "themes_not_covered": []}
    return _Fitted(fit.pipeline, fit.labels, decision, calibration, {"splits": cv_desc, "seed": seed, **cv},
                   fit.config, selection, adaptation)


def _fit_all(task: str, best: FeatureConfig, keywords: Any, prepared: list, y: np.ndarray, rows: np.ndarray) -> Any:
    """The chosen setting's pipeline fitted on every text, each of the user's counted as ``rows`` repeats it."""
    pipeline = make_pipeline(task, best, keywords)
    feats = pipeline.named_steps["features"]
    X = feats.fit_transform(np.asarray(prepared, dtype=object))
    pipeline.named_steps["classifier"].fit(X[rows], y[rows])
    return pipeline


def _adaptation(read: _FromCorpus, weight: int, weights: Sequence[int], cv_score: float, left_out: list[str]) -> dict:
    """``meta.json``'s ``adaptation`` (pooled): the weight chosen and the user's labels learnt from."""
    return {
        "weight": weight,
        "weights_tried": list(weights),
        "cv_score": cv_score,
        "cv_score_on": "your labels only (out of fold; the validation sample is never trained on)",
        "user_labels": _user_labels(read),
        "themes_not_covered": left_out,
    }


def _user_labels(read: _FromCorpus) -> dict:
    """The user's labels learnt from: keyed ids and counts, never texts or plain ids."""
    user, keys, copies = read.user, read.keys, read.copies
    # keyed ids, never plain ones: anyone can recompute a public thread's plain ids
    return {"n": len(user), "counts": label_counts(user),
            **({"doc_keys": keys} if keys is not None else {}),
            "sources": len({it.group for it in user}),
            # only when there were any: a model trained as before keeps its model_id
            **({"sample_copies_left_out": copies} if copies else {})}


def _training_data(items: Sequence[LabelledItem], files: Sequence[Path], key: Any, task: str) -> dict:
    """``meta.json``'s ``training_data``: hash, file names, counts and text keys, never a path or a text."""
    return {
        "hash": data_hash(items),
        "files": recorded_file_names(files),
        "origin": data_origin(files),
        "corpus_id": corpus_id(key),  # no path: it can name the user; delete has the corpus in hand
        "n": len(items),
        "counts": label_counts(items),
        "groups": len({it.group for it in items}),
        "fields": {"text": "text", "label": task, "group": None},
        "text_keys": sorted({text_key(it.text) for it in items}),
    }
