"""``voices train``: labelled files -> a selected, calibrated model directory.

Steps: read and check the data; preprocess (fast path); grouped CV over the
configurations in ``features.CONFIGS``; calibrate and choose thresholds on the best
configuration's out-of-fold scores; fit on everything; save with ``save.save_model``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voices.errors import LabelError
from voices.models import calibrate as cal
from voices.models.data import LabelledItem, data_hash, data_origin, label_counts, read_labelled, text_key
from voices.models.features import CONFIGS, SEED, FeatureConfig, make_pipeline
from voices.models.metrics import SEMEVAL_LABELS, stance_metrics, theme_metrics
from voices.models.private_meta import recorded_file_names
from voices.models.scheme import Scheme, load_scheme
from voices.models.selection import make_splits, objective_bias, oof_scores, select

log = logging.getLogger(__name__)

MIN_PER_LABEL = 3
DEFAULT_ABSTAIN_PRECISION = 0.9
# What model selection (and, for f_avg, the decision offset) maximises on out-of-fold data.
OBJECTIVES = ("macro_f1", "f_avg")
# ``--tokenizer``: "default" reads the prepared text as is; "tweets" puts a
# ``voices.models.tweets.TweetTokens`` step first (hashtags split, ubiquitous ones dropped).
TOKENIZERS = ("default", "tweets")
TWEETS_VERSION = "tweets-1"  # change whenever TweetTokens' output would change


@dataclass(frozen=True)
class TrainResult:
    """What ``train`` made: the model directory, its meta data, the time it took, and warnings."""

    model_dir: Path
    meta: dict
    seconds: float
    warnings: tuple[str, ...] = ()


def _targets(items: Sequence[LabelledItem], task: str, scheme: Scheme | None) -> tuple[list[str], np.ndarray]:
    if task == "stance":
        present = sorted({it.label for it in items})
        labels = [lab for lab in scheme.labels("stance") if lab in present] if scheme else present
        counts = {lab: sum(it.label == lab for it in items) for lab in labels}
        y = np.array([labels.index(it.label) for it in items])
    else:
        present = sorted({t for it in items for t in it.label})
        labels = scheme.labels("themes") if scheme else present
        y = np.array([[int(lab in it.label) for lab in labels] for it in items])
        counts = dict(zip(labels, y.sum(0).tolist(), strict=True))
    if task == "stance" and len(labels) < 2:
        raise LabelError(f"only one stance label ({', '.join(labels)}) in the labelled data: "
                         "add texts labelled with at least one other stance")
    rare = {lab: n for lab, n in counts.items() if n < MIN_PER_LABEL}
    if rare:
        listed = ", ".join(f"{lab} ({n})" for lab, n in rare.items())
        raise LabelError(
            f"too few examples of {listed}; label at least {MIN_PER_LABEL} of each, "
            + ("or drop the label from the scheme" if scheme else "or remove the rows with that label")
        )
    return labels, y


def _scored_classes(objective: str, task: str, labels: Sequence[str]) -> list[int] | None:
    """Indices of the stance labels the objective averages F1 over (None: all, or themes)."""
    if objective not in OBJECTIVES:
        raise LabelError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    if objective == "macro_f1":
        return None
    if task != "stance" or not set(SEMEVAL_LABELS) <= set(labels):
        raise LabelError(
            f"objective f_avg needs stance labels {' and '.join(SEMEVAL_LABELS)} (found: {', '.join(labels)}); "
            "use --objective macro_f1"
        )
    return [labels.index(lab) for lab in SEMEVAL_LABELS]


def _keywords(scheme: Scheme | None, task: str) -> dict[str, list[str]] | None:
    if scheme is None:
        return None
    from voices.nlp import prepare_one

    kw = {lab: [prepare_one(k) for k in ks] for lab, ks in scheme.keywords(task).items() if ks}
    return kw or None


def _redacted(items: Sequence[LabelledItem], data: Sequence[Path | str], redact: bool,
              say: Callable[[str], None]) -> tuple[list[LabelledItem], dict]:
    """The texts to fit on (the user's redacted unless ``redact`` is False), and ``meta.json``'s record."""
    from voices.models.redacted import file_redactor, from_user_files, record, redact_training, shipped_paths

    if not redact:
        shipped = shipped_paths(data)
        return list(items), record(sum(from_user_files(it, shipped) for it in items), 0, redacted=False)
    say("redacting your texts")
    return redact_training(items, data, file_redactor())


def train(
    data: Sequence[Path | str],
    task: str,
    out: Path | str,
    *,
    scheme: Path | str | None = None,
    text_field: str = "text",
    label_field: str | None = None,
    group_field: str | None = None,
    seed: int = SEED,
    abstain_precision: float = DEFAULT_ABSTAIN_PRECISION,
    configs: Sequence[FeatureConfig] | None = None,
    objective: str = "macro_f1",
    tokenizer: str = "default",
    redact: bool = True,
    progress: Callable[[str], None] | None = None,
) -> TrainResult:
    """Train, select, calibrate and save a stance or themes model.

    Parameters
    ----------
    data : sequence of path
        Labelled JSONL/CSV files (see ``voices.models.data.read_labelled``).
    task : {"stance", "themes"}
    out : path
        Model directory to write (replaced atomically if it exists).
    scheme : path or None
        Scheme TOML: labels are checked against it and its keywords become features.
    text_field, label_field, group_field : str or None
        Column mapping, as for ``read_labelled``.
    seed : int
        Seed for shuffled splits and bootstrap intervals.
    abstain_precision : float
        Stance: predictions whose probability is under the threshold at which
        out-of-fold accuracy reaches this are flagged uncertain.
    configs : sequence of FeatureConfig or None
        Settings to choose from by grouped CV; default ``features.CONFIGS[task]``.
    objective : {"macro_f1", "f_avg"}
        What selection maximises on out-of-fold predictions. ``"f_avg"`` (stance with
        FAVOR/AGAINST labels: SemEval-2016's mean F1 of FAVOR and AGAINST) also picks
        an offset on the other labels' log-probabilities, folded into the model.
    tokenizer : {"default", "tweets"}
        ``"tweets"``: hashtag handling (``voices.models.tweets.TweetTokens``, fitted on
        the training texts) as the pipeline's first step; recorded in ``meta.json``.
    redact : bool
        Redact the texts of every file that is not the shipped labelled corpus's before
        anything is fitted (``voices.models.redacted``), so the model's vocabularies hold
        no name, e-mail or phone number from them. False only for texts that name public
        figures alone (a stance dataset about a politician); ``meta.json`` records it.
    progress : callable or None
        Called with a short message at each step.

    Returns
    -------
    TrainResult

    Raises
    ------
    LabelError
        Bad data (see ``read_labelled``) or too few examples of a label.

    Examples
    --------
    >>> train(["corpora/labelled/batch-w1.jsonl"], "stance", "models/mine")  # doctest: +SKIP
    """
    from voices.models.save import check_model_out, save_model
    from voices.nlp import PREPROCESS_VERSION, preprocess

    check_model_out(out)  # refuse a corpus, a device or a file before minutes of training
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    sch = load_scheme(scheme) if scheme else None
    allowed = sch.labels(task) if sch else None
    items = read_labelled(data, task, text_field, label_field, group_field, allowed)
    labels, y = _targets(items, task, sch)
    scored = _scored_classes(objective, task, labels)
    if tokenizer not in TOKENIZERS:
        raise LabelError(f"unknown tokenizer {tokenizer!r}; use one of {', '.join(TOKENIZERS)}")
    fitted, redaction = _redacted(items, data, redact, say)
    say(f"preprocessing {len(items)} texts")
    prepared = list(preprocess(it.text for it in fitted))
    tweets = None
    if tokenizer == "tweets":
        from voices.models.tweets import TweetTokens

        # unsupervised (hashtag counts, word vocabulary), so fitted once on all training texts
        tweets = TweetTokens().fit(prepared)
        prepared = tweets.transform(prepared)
    keywords = _keywords(sch, task)
    configs = tuple(configs or CONFIGS[task])
    splits, cv_desc = make_splits([it.group for it in items], y if task == "stance" else y.sum(1), task, seed)
    oof = oof_scores(prepared, y, splits, configs, task, keywords, say)
    best, selection = select(task, oof, y, configs, scored)

    say(f"calibrating {best.name} on out-of-fold scores")
    logits = oof[best.name]
    if task == "stance":
        temperature, bias = cal.fit_temperature(logits, y)
        offset = np.zeros(len(labels))
        if scored is not None:
            offset = objective_bias(logits / temperature + bias, y, scored)
            bias = bias + offset
        probs = cal.apply_temperature(logits, temperature, bias)
        conf = probs.max(1)
        threshold = cal.abstain_threshold(conf, probs.argmax(1) == y, abstain_precision)
        pred = [labels[i] for i in probs.argmax(1)]
        cv = stance_metrics([labels[i] for i in y], pred, labels, conf, threshold, seed)
        calibration = {"method": "temperature+bias", "temperature": round(temperature, 4),
                       "bias": [round(float(b), 4) for b in bias], **cal.bound_record(logits, temperature)}
        decision = {"abstain_threshold": round(threshold, 4), "abstain_precision": abstain_precision}
        calibration["objective_offset"] = [round(float(o), 4) for o in offset]
    else:
        platt = [cal.fit_platt(logits[:, j], y[:, j]) for j in range(len(labels))]
        probs = cal.platt_probabilities(logits, platt)
        thresholds = cal.theme_thresholds(probs, y)
        cv = theme_metrics(y, probs >= np.array(thresholds), labels, seed)
        calibration = {"method": "platt", "params": [[round(a, 4), round(c, 4)] for a, c in platt]}
        decision = {"thresholds": dict(zip(labels, thresholds, strict=True))}

    say(f"fitting {best.name} on all {len(items)} texts")
    pipeline = make_pipeline(task, best, keywords)
    pipeline.fit(np.asarray(prepared, dtype=object), y)
    if tweets is not None:
        from sklearn.pipeline import Pipeline

        pipeline = Pipeline([("tweets", tweets), *pipeline.steps])
    clf = pipeline.named_steps["classifier"]
    if task == "stance":
        cal.fold_temperature(clf, temperature, bias)
    else:
        cal.fold_platt(clf, platt)

    meta = {
        "task": task,
        "scheme": ({"name": sch.name, "version": sch.version} if sch else None),
        **({"scheme_themes": list(sch.labels("themes"))} if sch else {}),  # read by classify --dataset
        "labels": labels,
        **decision,
        "preprocess_version": PREPROCESS_VERSION,
        **({"tokenizer": _tokenizer_meta(tweets)} if tweets is not None else {}),
        "config": best.name,
        "objective": objective,
        "selection": selection,
        "calibration": calibration,
        "cv": {"splits": cv_desc, "seed": seed, **cv},
        "oof_confusion": cv["confusion"] if task == "stance" else _theme_confusion(y, probs >= np.array(thresholds), labels),
        "cross_writer": None,
        "real_writing": None,  # set for the shipped models by benchmarks/real_writing.py
        "redaction": redaction,
        "training_data": {
            "hash": data_hash(items),
            "files": recorded_file_names(data),  # never a user's file name: it can name someone
            "origin": data_origin(data),
            "n": len(items),
            "counts": label_counts(items),
            "groups": len({it.group for it in items}),
            "fields": {"text": text_field, "label": label_field or task, "group": group_field},
            "text_keys": sorted({text_key(it.text) for it in items}),
        },
    }
    seconds = time.perf_counter() - started
    meta["train_seconds"] = round(seconds, 1)
    model_dir = save_model(out, pipeline, meta)
    from voices.models.persist import read_meta

    warnings = tuple(cal.flat_note(calibration))
    for w in warnings:
        log.info(w)  # the caller shows result.warnings
    return TrainResult(model_dir, read_meta(model_dir), seconds, warnings)


def _tokenizer_meta(tweets) -> dict:
    """``meta.json``'s ``tokenizer``: the hashtags dropped as ubiquitous, named only where they spell no one
    (``redacted.shareable_hashtags``; the others counted), since a model folder is shared. ``TweetTokens``
    already holds those others only as digests."""
    from voices.models.hashtags import is_digest

    shown = [t for t in tweets.dropped_ if not is_digest(t)]
    withheld = len(tweets.dropped_) - len(shown)
    return {"name": "tweets", "version": TWEETS_VERSION, "dropped_hashtags": shown,
            **({"dropped_hashtags_withheld": withheld} if withheld else {})}


def _theme_confusion(y: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> dict[str, list[list[int]]]:
    """Per theme, the 2x2 out-of-fold confusion ``[[tn, fp], [fn, tp]]`` (rows true 0/1)."""
    out = {}
    for j, lab in enumerate(labels):
        t, p = y[:, j].astype(bool), pred[:, j]
        out[lab] = [[int((~t & ~p).sum()), int((~t & p).sum())], [int((t & ~p).sum()), int((t & p).sum())]]
    return out
