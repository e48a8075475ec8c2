"""``voices train --corpus``: the shipped labelled texts plus a corpus's own human labels.

The user's labels (``store.validation.training_split``: the validation sample left
out) join the shipped labelled corpus (package data, ``voices/data/labelled``) when the
corpus uses the shipped scheme, and any ``--data`` files, less their texts a validation-sample
text has word for word (counted in ``meta.json``, as labels on such copies in the corpus are). Their weight (each of the
user's texts counted ``w`` times) is chosen by cross-validation over ``WEIGHTS``,
scored on the user's labels only: folds group the user's texts by source when there
are at least three sources, else by document. Calibration and thresholds come from the
same out-of-fold scores; ``meta.json`` records which labels were learnt from (ids and
counts, never texts), the weight and its score.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, KFold

from voices.errors import LabelError
from voices.models import calibrate as cal
from voices.models.data import (
    LabelledItem,
    data_hash,
    data_origin,
    label_counts,
    read_labelled,
    shipped_labelled_root,
    text_key,
)
from voices.models.features import CONFIGS, SEED, FeatureConfig, make_features, make_pipeline
from voices.models.metrics import stance_metrics, theme_metrics
from voices.models.private_meta import corpus_id, doc_keys, recorded_file_names
from voices.models.redacted import corpus_redactor, redact_training
from voices.models.scheme import SHIPPED_SCHEME, Scheme
from voices.models.selection import _feature_key, make_splits, score
from voices.models.train import (
    DEFAULT_ABSTAIN_PRECISION,
    MIN_PER_LABEL,
    TrainResult,
    _keywords,
    _targets,
    _theme_confusion,
)

log = logging.getLogger(__name__)

WEIGHTS = (1, 3, 10, 30, 100)  # how many times each of the user's texts counts; chosen by CV
MIN_USER_PER_STANCE = 30  # fewer of the user's labels for a stance: training warns
MIN_USER_LABELS = 10


def shipped_data_files(task: str) -> list[Path]:
    """The shipped labelled corpus's batch files for ``task`` (``exclude-<task>.txt`` respected)."""
    root = shipped_labelled_root()
    skip_file = root / f"exclude-{task}.txt"
    skip = set()
    if skip_file.is_file():
        skip = {ln.strip() for ln in skip_file.read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.startswith("#")}
    return sorted(p for p in root.glob("batch-*.jsonl") if p.name not in skip)


def user_items(rows: Sequence[tuple], task: str, scheme: Scheme) -> list[LabelledItem]:
    """The user's labels for ``task`` as items grouped by source (themes NULL: not a themes example).

    ``rows`` are ``store.validation.training_split`` texts.

    Raises
    ------
    LabelError
        A stored label the corpus's scheme no longer has.
    """
    allowed = set(scheme.labels(task))
    out = []
    for doc_id, source_id, text, stance, themes in rows:
        value = stance if task == "stance" else themes
        if value is None or not text.strip():
            continue
        label = value if task == "stance" else tuple(sorted(set(value)))
        unknown = sorted({label} - allowed if task == "stance" else set(label) - allowed)
        if unknown:
            raise LabelError(f"document {doc_id}: label {', '.join(unknown)} is not in the corpus's scheme "
                             f"{scheme.name!r}; relabel it with `voices label` or set the scheme it was labelled with")
        out.append(LabelledItem(doc_id, text, label, source_id, f"corpus document {doc_id}"))
    return out


def base_items(task: str, scheme: Scheme, data: Sequence[Path], user: Sequence[LabelledItem]) -> tuple[list, list]:
    """The other training texts: the shipped corpus (only under the shipped scheme) and ``data``
    files; texts the user labelled are left to the user's label. Returns ``(items, files)``."""
    files = (shipped_data_files(task) if scheme.name == SHIPPED_SCHEME else []) + list(map(Path, data))
    if not files:
        return [], []
    mine = {text_key(it.text) for it in user}
    items = read_labelled(files, task, labels=scheme.labels(task), warn_duplicates=bool(data))
    return [it for it in items if text_key(it.text) not in mine], files


def _theme_targets(items: Sequence[LabelledItem], scheme: Scheme) -> tuple[list[str], np.ndarray, list[str]]:
    """Themes with at least ``MIN_PER_LABEL`` examples (the model may cover a subset), and the rest."""
    counts = {lab: sum(lab in it.label for it in items) for lab in scheme.labels("themes")}
    labels = [lab for lab, n in counts.items() if n >= MIN_PER_LABEL]
    _check_has_themes(scheme)
    if not labels:
        raise LabelError(f"no theme has {MIN_PER_LABEL} labelled examples; label more texts' themes")
    y = np.array([[int(lab in it.label) for lab in labels] for it in items])
    return labels, y, [lab for lab in counts if lab not in labels]


def _check_has_themes(scheme: Scheme) -> None:
    """Refuse a themes model for a stance-only scheme: "label more texts' themes" asks for what label refuses."""
    if not scheme.labels("themes"):
        raise LabelError(f"the corpus's scheme {scheme.name!r} has no themes (stance only), so there is no themes "
                         "model to train: train --task stance, or add themes to the scheme ([themes.NAME] with a "
                         "definition, then voices scheme set) and label texts with them")


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


def _warnings(task: str, user: Sequence[LabelledItem], scheme: Scheme) -> list[str]:
    out = []
    if copies := _copies_across_folds(user):
        out.append(f"{copies} of your {len(user)} labelled texts have a word-for-word copy among the others "
                   "(campaign answers, repeated replies), so cross-validation may score a text after training on "
                   "its copy: the cross-validated figures can flatter the model")
    if task != "stance":
        return out
    counts = label_counts(user)
    few = {lab: counts.get(lab, 0) for lab in scheme.labels("stance") if counts.get(lab, 0) < MIN_USER_PER_STANCE}
    if few:
        listed = ", ".join(f"{lab} {n}" for lab, n in few.items())
        # after a colon: "for for 13" misread when a stance is named "for", as in `scheme init`'s example
        out.append(f"fewer than {MIN_USER_PER_STANCE} of your labels on these stances: {listed}; "
                   "the model's figures for them are rough; label more texts")
    return out


def _sample_copies_labelled(copies: Sequence[tuple[str, str | None, list[str] | None]], task: str) -> int:
    """How many of ``copies`` (``TrainingSplit.copies``: labels left out as word-for-word copies of
    validation-sample texts) label ``task``."""
    return sum((stance if task == "stance" else themes) is not None for _, stance, themes in copies)


def _without_sample_texts(base: Sequence[LabelledItem], shipped: set[str], sample_keys: set[str]
                          ) -> tuple[list[LabelledItem], tuple[int, int]]:
    """``base`` less the texts a validation-sample member has word for word (case and spacing aside), and how
    many of those came from ``--data`` files and how many from the shipped labelled corpus (``shipped``: its
    files, as ``LabelledItem.where`` names them).

    A model that learnt a member's words would have that member left out of the report's accuracy figures,
    as a label on a copy in the corpus would (``store.validation.sample_copies``)."""
    if not sample_keys:
        return list(base), (0, 0)
    kept, yours, ours = [], 0, 0
    for it in base:
        if text_key(it.text) not in sample_keys:
            kept.append(it)
        elif it.where.rpartition(":")[0] in shipped:
            ours += 1
        else:
            yours += 1
    return kept, (yours, ours)


def _data_copies_note(yours: int, ours: int) -> str:
    where = [f"{yours} text{'s' if yours != 1 else ''} of the --data files" if yours else "",
             f"{ours} of the shipped labelled texts" if ours else ""]
    n = yours + ours
    copies = "are word-for-word copies" if n != 1 else "is a word-for-word copy"
    return (f"{' and '.join(w for w in where if w)} {copies} (case and spacing aside) of validation-sample "
            "texts, left out of training: a model that learnt those words "
            "would have the sample's texts left out of its accuracy figures")


def _sample_copies_note(copies: int, task: str) -> str:
    return (f"{copies} of your {task} labels {'are' if copies != 1 else 'is'} on word-for-word copies (case and "
            "spacing aside) of validation-sample texts, left out of training: a model that learnt those words "
            "would have the sample's texts left out of its accuracy figures")


def _too_few_labels(corpus_path: Path | str, n: int, task: str, sample: int, copies: int = 0) -> str:
    """The refusal for too few labels to train on, naming the sheet that gets more.

    Labels on the validation sample never count, so a user who labelled only the sheet
    ``review --export`` wrote by default (the sample) is told to label the learning queue;
    nor do labels on copies of its texts, and the refusal says how many those were.
    """
    copied = (f"; {copies} label{'s' if copies != 1 else ''} on word-for-word copies of their texts "
              f"{'are' if copies != 1 else 'is'} left out too") if copies else ""
    many = sample != 1
    held = (f" (the {sample} text{'s' if many else ''} of the validation sample {'are' if many else 'is'} "
            f"kept for measuring accuracy, never trained on{copied})") if sample else ""
    return (f"{corpus_path}: {n} {task} label{'s' * (n != 1)} outside the validation sample{held}, and training needs "
            f"{MIN_USER_LABELS}; label {MIN_USER_LABELS - n} more: `voices review --export more.xlsx --queue "
            f"learning`, fill it, then `voices label --from more.xlsx`; or train with --data only")


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
    from voices.models.persist import check_model_out
    from voices.models.scheme import scheme_for
    from voices.nlp import PREPROCESS_VERSION, preprocess
    from voices.store import Corpus
    from voices.store.secrets import redaction_key
    from voices.store.validation import members, training_split

    check_model_out(out)
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
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
    sample_keys = split.sample_keys
    if task == "themes":  # before counting labels: no number of them makes a themes model for no themes
        _check_has_themes(scheme)
    if len(user) < MIN_USER_LABELS:
        raise LabelError(_too_few_labels(corpus_path, len(user), task, sample, copies))
    base, files = base_items(task, scheme, data, user)
    shipped = {str(p) for p in shipped_data_files(task)} if scheme.name == SHIPPED_SCHEME else set()
    base, (yours, ours) = _without_sample_texts(base, shipped, sample_keys)
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
    fitted, redaction = redact_training(base, files, redactor, user)  # nothing fitted sees a name
    say(f"preprocessing {len(items)} texts ({len(user)} of yours)")
    prepared = list(preprocess(it.text for it in fitted))
    keywords = _keywords(scheme, task)
    yu = y[is_user]
    splits, cv_desc = _splits(user, len(base), [it.group for it in base],
                              yu if task == "stance" else yu.sum(1), task, seed)
    say(f"cross-validating {len(configs)} setting{'s' * (len(configs) != 1)} x weights {', '.join(map(str, weights))}")
    oof = _oof(prepared, y, is_user, splits, configs, weights, task, keywords)
    grid = [{"config": c.name, "weight": w, "cv_score": round(score(task, oof[c.name, w][is_user], yu), 4)}
            for c in configs for w in weights]
    best_i = max(range(len(grid)), key=lambda i: (grid[i]["cv_score"], -i))
    best, weight = configs[best_i // len(weights)], grid[best_i]["weight"]
    logits = oof[best.name, weight]
    rows = _repeat(is_user, weight)
    decision, calibration, cv, fold_in = _calibrate(task, logits, y, rows, is_user, labels, abstain_precision, seed)

    say(f"fitting {best.name} on all {len(items)} texts (yours x{weight})")
    pipeline = make_pipeline(task, best, keywords)
    feats = pipeline.named_steps["features"]
    X = feats.fit_transform(np.asarray(prepared, dtype=object))
    pipeline.named_steps["classifier"].fit(X[rows], y[rows])
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
        "adaptation": {
            "weight": weight,
            "weights_tried": list(weights),
            "cv_score": grid[best_i]["cv_score"],
            "cv_score_on": "your labels only (out of fold; the validation sample is never trained on)",
            # keyed ids, never plain ones: anyone can recompute a public thread's plain ids
            "user_labels": {"n": len(user), "counts": label_counts(user),
                            **({"doc_keys": keys} if keys is not None else {}),
                            "sources": len({it.group for it in user}),
                            # only when there were any: a model trained as before keeps its model_id
                            **({"sample_copies_left_out": copies} if copies else {})},
            "themes_not_covered": left_out,
            # only when there were any, as sample_copies_left_out: a model trained as before keeps its model_id
            **({"data_copies_left_out": yours + ours} if yours + ours else {}),
        },
        "redaction": redaction,
        "training_data": {
            "hash": data_hash(items),
            "files": recorded_file_names(files),
            "origin": data_origin(files),
            "corpus_id": corpus_id(key),  # no path: it can name the user; delete has the corpus in hand
            "n": len(items),
            "counts": label_counts(items),
            "groups": len({it.group for it in items}),
            "fields": {"text": "text", "label": task, "group": None},
            "text_keys": sorted({text_key(it.text) for it in items}),
        },
    }
    seconds = time.perf_counter() - started
    meta["train_seconds"] = round(seconds, 1)
    from voices.models.persist import read_meta, save_model

    model_dir = save_model(out, pipeline, meta)
    warnings = (([_sample_copies_note(copies, task)] if copies else [])
                + ([_data_copies_note(yours, ours)] if yours + ours else []) + _warnings(task, user, scheme))
    for w in warnings:
        log.info(w)  # the caller shows result.warnings
    return TrainResult(model_dir, read_meta(model_dir), seconds, tuple(warnings))


def _calibrate(task, logits, y, rows, is_user, labels, abstain_precision, seed):
    """Calibration on the weighted out-of-fold rows; the figures and abstention on the user's rows."""
    if task == "stance":
        temperature, bias = cal.fit_temperature(logits[rows], y[rows])
        probs = cal.apply_temperature(logits, temperature, bias)
        conf, pred = probs.max(1)[is_user], probs.argmax(1)[is_user]
        threshold = cal.abstain_threshold(conf, pred == y[is_user], abstain_precision)
        cv = stance_metrics([labels[i] for i in y[is_user]], [labels[i] for i in pred], labels, conf, threshold, seed)
        calibration = {"method": "temperature+bias", "temperature": round(temperature, 4),
                       "bias": [round(float(b), 4) for b in bias]}
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
