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

from voices.errors import LabelError
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
from voices.models.adapt_notes import MIN_USER_LABELS, _erased_note, _too_few_labels, _train_warnings
from voices.models.data import LabelledItem, data_hash, data_origin, label_counts, text_key
from voices.models.features import SEED, FeatureConfig, make_pipeline
from voices.models.private_meta import corpus_id, doc_keys, recorded_file_names
from voices.models.redacted import corpus_redactor, redact_training
from voices.models.scheme import SHIPPED_SCHEME, Scheme
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
                      weights: Sequence[int] = WEIGHTS,
                      progress: Callable[[str], None] | None = None) -> TrainResult:
    """Train on the shipped labelled texts (and ``data``) plus the corpus's human labels.

    Parameters
    ----------
    corpus_path : path
        The corpus whose labels (validation sample left out) to learn from.
    task : {"stance", "themes"}
    out : path
        Model directory to write.
    data : sequence of path
        More labelled ``.jsonl``/``.csv`` files.
    seed, abstain_precision
        As for ``voices.models.train.train``.
    weights : sequence of int
        Candidate weights of the user's labels, chosen by CV on the user's labels.
    progress : callable or None
        Called with a short message at each step.

    Returns
    -------
    TrainResult
        ``warnings`` says when a stance has fewer than 30 of the user's labels, and when labelled
        texts have word-for-word copies in other CV folds (the figures then flatter the model).

    Raises
    ------
    LabelError
        Too few of the user's labels, or labels the scheme does not have.
    """
    from voices.models.persist import read_meta
    from voices.models.save import check_model_out, save_model
    from voices.nlp import PREPROCESS_VERSION, preprocess

    check_model_out(out)
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    read = _read_corpus(corpus_path, task)
    scheme, user, copies = read.scheme, read.user, read.copies
    if task == "themes":  # before counting labels: no number of them makes a themes model for no themes
        _check_has_themes(scheme)
    if len(user) < MIN_USER_LABELS:
        raise LabelError(_too_few_labels(corpus_path, len(user), task, read.sample, copies))
    base, files = base_items(task, scheme, data, user)
    base, erased = without_erased(corpus_path, base)  # an export written before a delete holds what it erased
    shipped = {str(p) for p in shipped_data_files(task)} if scheme.name == SHIPPED_SCHEME else set()
    base, (yours, ours) = _without_sample_texts(base, shipped, read.sample_keys)
    items = base + user
    if task == "stance":
        labels, y = _targets(items, task, scheme)
        left_out: list[str] = []
    else:
        labels, y, left_out = _theme_targets(items, scheme)
    is_user = np.r_[np.zeros(len(base), bool), np.ones(len(user), bool)]
    weights = tuple(weights) if base else (1,)
    configs = _configs(task, bool(base))
    say("redacting your texts")
    fitted, redaction = redact_training(base, files, read.redactor, user)  # nothing fitted sees a name
    say(f"preprocessing {len(items)} texts ({len(user)} of yours)")
    prepared = list(preprocess(it.text for it in fitted))
    keywords = _keywords(scheme, task)
    yu = y[is_user]
    splits, cv_desc = _splits(user, len(base), [it.group for it in base],
                              yu if task == "stance" else yu.sum(1), task, seed)
    say(f"cross-validating {len(configs)} setting{'s' * (len(configs) != 1)} x weights {', '.join(map(str, weights))}")
    oof = _oof(prepared, y, is_user, splits, configs, weights, task, keywords)
    grid, best_i, best, weight = _choose(task, configs, weights, oof, is_user, yu)
    logits = oof[best.name, weight]
    rows = _repeat(is_user, weight)
    decision, calibration, cv, fold_in = _calibrate(task, logits, y, rows, is_user, labels, abstain_precision, seed)

    say(f"fitting {best.name} on all {len(items)} texts (yours x{weight})")
    pipeline = _fit_all(task, best, keywords, prepared, y, rows)
    fold_in(pipeline.named_steps["classifier"])
    meta = {
        "task": task,
        "scheme": {"name": scheme.name, "version": scheme.version},
        # the scheme's themes, [] for a stance-only debate: `classify --dataset` reads no corpus, so this is how
        # it knows to tag stance only (not an ID_FIELD: the model predicts the same with or without it)
        "scheme_themes": list(scheme.labels("themes")),
        "labels": labels,
        **decision,
        "preprocess_version": PREPROCESS_VERSION,
        "config": best.name,
        "objective": "macro_f1",
        "selection": grid,
        "calibration": calibration,
        "cv": {"splits": cv_desc, "seed": seed, **cv},
        "oof_confusion": cv.pop("oof_confusion", None) or cv["confusion"],
        "cross_writer": None,
        "real_writing": None,
        "adaptation": _adaptation(read, weight, weights, grid[best_i]["cv_score"], left_out, yours + ours),
        "redaction": redaction,
        "training_data": _training_data(items, files, read.key, task),
    }
    seconds = time.perf_counter() - started
    meta["train_seconds"] = round(seconds, 1)
    model_dir = save_model(out, pipeline, meta)
    warnings = _train_warnings(task, user, scheme, copies, yours, ours) + _erased_note(corpus_path, erased)
    for w in warnings:
        log.info(w)  # the caller shows result.warnings
    return TrainResult(model_dir, read_meta(model_dir), seconds, tuple(warnings))


def _fit_all(task: str, best: FeatureConfig, keywords: Any, prepared: list, y: np.ndarray, rows: np.ndarray) -> Any:
    """The chosen setting's pipeline fitted on every text, each of the user's counted as ``rows`` repeats it."""
    pipeline = make_pipeline(task, best, keywords)
    feats = pipeline.named_steps["features"]
    X = feats.fit_transform(np.asarray(prepared, dtype=object))
    pipeline.named_steps["classifier"].fit(X[rows], y[rows])
    return pipeline


def _adaptation(read: _FromCorpus, weight: int, weights: Sequence[int], cv_score: float, left_out: list[str],
                data_copies: int) -> dict:
    """``meta.json``'s ``adaptation``: the weight chosen and the user's labels learnt from (keyed ids, counts)."""
    user, keys, copies = read.user, read.keys, read.copies
    return {
        "weight": weight,
        "weights_tried": list(weights),
        "cv_score": cv_score,
        "cv_score_on": "your labels only (out of fold; the validation sample is never trained on)",
        # keyed ids, never plain ones: anyone can recompute a public thread's plain ids
        "user_labels": {"n": len(user), "counts": label_counts(user),
                        **({"doc_keys": keys} if keys is not None else {}),
                        "sources": len({it.group for it in user}),
                        # only when there were any: a model trained as before keeps its model_id
                        **({"sample_copies_left_out": copies} if copies else {})},
        "themes_not_covered": left_out,
        # only when there were any, as sample_copies_left_out: a model trained as before keeps its model_id
        **({"data_copies_left_out": data_copies} if data_copies else {}),
    }


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
