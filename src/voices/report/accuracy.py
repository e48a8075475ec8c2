"""How accurate on these texts: the model against people's labels on the validation sample.

Accuracy comes with its Wilson 95% interval, per-label F1 with a Wilson one on the texts it rests on
(``f1_interval``), and the stance shares are corrected with the sample's own confusion matrix (adjusted classify-and-
count, ``voices.report.stats.adjusted_shares``: solve the confusion system, clip,
renormalise; for two labels this is the clipped Rogan-Gladen estimator), also with
bootstrap intervals (resampling both the validation sample and the texts counted).
A label with fewer than ``MIN_TO_CORRECT`` validation texts gets no corrected share:
the block says "too few to correct" instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from voices.models.intervals import f1_interval  # shared with voices evaluate's macro-F1 on a small sample

__all__ = ["MIN_TO_CORRECT", "NEXT_STEP", "Accuracy", "LabelAccuracy", "accuracy_on_sample", "f1_interval",
           "no_sample_note", "unlabelled_note"]

MIN_TO_CORRECT = 10
BOOTSTRAP = 1000
NEXT_STEP = "voices sample --validation 100"
LABEL_STEP = "`voices review --export sheet.xlsx`, then `voices label --from sheet.xlsx`"
NO_SAMPLE_NOTE = (
    "accuracy figures come from other texts (the models' training and test data), not from these; "
    f"to measure them on these texts, draw a validation sample with `{NEXT_STEP}`, label it "
    f"({LABEL_STEP}) and report again"
)


def unlabelled_note(n: int) -> str:
    """The methods note for validation texts drawn but not labelled yet, beside a block scored without them.

    Examples
    --------
    >>> unlabelled_note(1)[:71]
    '1 text of the validation sample is not labelled yet, so not scored (a s'
    """
    return (f"{_texts(n)} of the validation sample {'are' if n != 1 else 'is'} not labelled yet, so not scored "
            f"(a sample with texts skipped can flatter the model); label {'them' if n != 1 else 'it'} "
            f"({LABEL_STEP}) and report again")


def _texts(n: int) -> str:
    return f"{n} text{'s' if n != 1 else ''}"


def no_sample_note(stance_models: Sequence, unlabelled: int = 0) -> str:
    """Where the accuracy figures come from when no validation sample is labelled, for these stance models.

    A model trained with the user's labels was scored on those labels, out of fold (texts that may
    be this corpus's, but no random sample of it); the shipped model and one trained on files only,
    on their training and test data. ``stance_models`` are ``ModelInfo`` s (``own_labels``). With
    ``unlabelled`` texts drawn into the sample, the next step is labelling them: a new draw is refused.
    """
    own = [m.own_labels for m in stance_models if m.own_labels]
    if not own and not unlabelled:
        return NO_SAMPLE_NOTE
    where = ("other texts (the models' training and test data)" if not own
             else f"your {own[0]} labels, each scored by a model fitted without it" if len(own) == len(stance_models) == 1
             else "your labels, each scored by a model fitted without it" if len(own) == len(stance_models)
             else "your labels (the models trained on them) and other texts (the other models' training and test data)")
    step = (f"label the {_texts(unlabelled)} of the validation sample drawn" if unlabelled
            else f"draw a validation sample with `{NEXT_STEP}`, label it")
    return (f"accuracy figures come from {where}, not from {'these' if not own else 'a random sample of these texts'}; "
            f"to measure them on these texts, {step} ({LABEL_STEP}) and report again")


@dataclass
class LabelAccuracy:
    """One stance label on the validation sample: F1 with its interval, and the corrected share."""

    label: str
    support: int  # validation texts a person gave this label
    f1: float
    f1_ci: tuple[float, float]
    predicted_share: float  # among the texts the stance table counts (uncertain ones by best guess)
    corrected_share: float | None  # None: too few validation texts to correct
    corrected_ci: tuple[float, float] | None
    sample_predicted: int = 0  # validation texts the model gave this label (with support 0 too: F1 is 0/0)


@dataclass
class Accuracy:
    """The "How accurate on these texts" block."""

    n: int  # validation texts with both a person's stance and the model's
    accuracy: float
    accuracy_ci: tuple[float, float]
    labels: list[LabelAccuracy] = field(default_factory=list)
    seed: int = 0
    bootstrap: int = BOOTSTRAP
    # why the corrected shares are shaky (a singular or ill-conditioned matrix, clipping), or None
    note: str | None = None
    counted: int = 0  # texts the model's shares are of: the stance table's, by the model's own stance


def _confusion(true, pred, k: int):
    import numpy as np

    return np.bincount(true * k + pred, minlength=k * k).reshape(k, k)


def _f1(cm) -> list[float]:
    import numpy as np

    tp = np.diag(cm).astype(float)
    denom = cm.sum(axis=0) + cm.sum(axis=1)
    return [float(2 * t / d) if d else 0.0 for t, d in zip(tp, denom, strict=True)]


def _corrected(cm, predicted: Mapping[str, int], labels: Sequence[str]) -> list[float]:
    from voices.report.stats import adjusted_shares

    shares = adjusted_shares(predicted, cm.tolist(), labels).shares
    return [min(1.0, max(0.0, shares[lab])) for lab in labels]


def _interval(samples, j: int) -> tuple[float, float]:
    import numpy as np

    col = np.asarray([s[j] for s in samples])
    return float(np.quantile(col, 0.025)), float(np.quantile(col, 0.975))


def accuracy_on_sample(
    pairs: Sequence[tuple[str, str]],
    labels: Sequence[str],
    predicted: Mapping[str, int],
    *,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
) -> Accuracy | None:
    """Measure the model on the validation sample and correct the shares with what it found.

    Parameters
    ----------
    pairs : sequence of (str, str)
        ``(person's stance, model's stance)`` per validation text.
    labels : sequence of str
        The stance labels, in report order; pairs with other labels are left out.
    predicted : mapping of str to int
        The model's stance counts over the texts the report's stance table counts (campaign
        copies folded, uncertain texts by their best guess).
    seed : int
        Bootstrap seed (the same inputs and seed give the same intervals).
    bootstrap : int
        Bootstrap resamples.

    Returns
    -------
    Accuracy or None
        None without any usable pair.

    Examples
    --------
    >>> a = accuracy_on_sample([("a", "a")] * 8 + [("a", "b")] + [("b", "b")] * 11, ["a", "b"], {"a": 50, "b": 50})
    >>> a.n, a.accuracy, round(a.labels[0].f1, 4), a.labels[0].corrected_share is None  # 9 a's: too few
    (20, 0.95, 0.9412, True)
    """
    import numpy as np

    index = {lab: i for i, lab in enumerate(labels)}
    kept = [(index[t], index[p]) for t, p in pairs if t in index and p in index]
    if not kept:
        return None
    k = len(labels)
    true = np.array([t for t, _ in kept])
    pred = np.array([p for _, p in kept])
    cm = _confusion(true, pred, k)
    support = cm.sum(axis=1)
    rng = np.random.default_rng(seed)
    total = sum(predicted.get(lab, 0) for lab in labels)
    # the corrected share's interval resamples the texts counted as well as the sample: with the sample's
    # errors alone, a stance the sample never confused got "42.4% (42.4%-42.4%)" beside a raw 30.6-55.1%
    p_counted = np.array([predicted.get(lab, 0) for lab in labels], dtype=float) / (total or 1)
    counts_rng = np.random.default_rng([seed, 1])  # its own stream: the sample's draws stay as they were
    boot_share = []
    for _ in range(bootstrap):
        pick = rng.integers(0, len(kept), len(kept))
        b = _confusion(true[pick], pred[pick], k)
        counted = (dict(zip(labels, counts_rng.multinomial(total, p_counted).tolist(), strict=True)) if total
                   else predicted)
        boot_share.append(_corrected(b, counted, labels))
    from voices.report.stats import adjusted_shares, wilson

    shares = _corrected(cm, predicted, labels)
    note = adjusted_shares(predicted, cm.tolist(), labels).note
    rows = []
    for j, lab in enumerate(labels):
        enough = support[j] >= MIN_TO_CORRECT
        rows.append(LabelAccuracy(
            lab, int(support[j]), _f1(cm)[j],
            f1_interval(int(cm[j, j]), int(cm[:, j].sum() - cm[j, j]), int(support[j] - cm[j, j])),
            predicted.get(lab, 0) / total if total else 0.0,
            shares[j] if enough else None, _interval(boot_share, j) if enough else None,
            int(cm[:, j].sum()),
        ))
    # accuracy is a proportion of the sample: Wilson's interval, as the stance shares have; a percentile
    # bootstrap of 19 right out of 19 gave "1.00 (1.00-1.00)", certainty no 19 texts can give
    correct = int(np.trace(cm))
    return Accuracy(len(kept), correct / len(kept), wilson(correct, len(kept)), rows, seed, bootstrap, note, total)


TITLE = "How accurate on these texts"
TOO_FEW = "too few to correct"
NONE_IN_SAMPLE = "none in the sample"


def _ci(value: float, ci: tuple[float, float]) -> str:
    return f"{value:.2f} ({ci[0]:.2f}–{ci[1]:.2f})"


def accuracy_table(acc: Accuracy, name: Callable[[str], str] = str) -> tuple[str, list[str], list[list[str]]]:
    """The block as plain text for every renderer: a sentence, a header and rows (``name``: a stance's
    readable name, for the sentence; the rows keep the ids).

    Examples
    --------
    >>> a = accuracy_on_sample([("a", "a")] * 10 + [("b", "b")] * 3, ["a", "b"], {"a": 5, "b": 5}, bootstrap=20)
    >>> accuracy_table(a)[2][1][-1]
    'too few to correct'
    >>> accuracy_table(accuracy_on_sample([("a", "a")] * 3, ["a", "b"], {"a": 5, "b": 5}, bootstrap=20))[2][1][2]
    'none in the sample'
    """
    from voices.report._format import pct

    line = (f"On {acc.n} validation texts a person labelled, the model agreed with them "
            f"{pct(acc.accuracy, 0)} of the time (accuracy {_ci(acc.accuracy, acc.accuracy_ci)}, "
            f"95% Wilson interval). Corrected shares use this sample's confusion matrix.")
    # what each figure is of and how sure: "model's share" beside a stance table of people's labels read as that table's
    line += (f" The model's share is of its own stances (best guesses where uncertain) on the {acc.counted} texts of "
             f"the stance table, people's labels set aside; F1 has a 95% Wilson interval, a corrected share a 95% "
             f"bootstrap one ({acc.bootstrap} resamples of the sample and of those texts).")
    unseen = [name(x.label) for x in acc.labels if not x.support]
    if unseen and any(x.corrected_share is not None for x in acc.labels):
        # adjusted_shares takes an empty row of the confusion matrix as the identity: a correction resting on it
        them = " or ".join(f"'{u}'" for u in unseen)
        line += (f" No validation text was labelled {them} by a person, so the corrected shares assume the model "
                 f"never misses {'such a' if len(unseen) == 1 else 'any such'} text.")
    if acc.note:
        line += f" Note: {acc.note}."
    header = ["stance", "validation texts", "F1 (95% CI)", "model's share", "corrected share (95% CI)"]
    # neither a person nor the model gave the label in the sample: F1 is 0/0, not a failure, so no "0.00"
    rows = [[r.label, str(r.support), _ci(r.f1, r.f1_ci) if r.support or r.sample_predicted else NONE_IN_SAMPLE,
             pct(r.predicted_share),
             TOO_FEW if r.corrected_share is None or r.corrected_ci is None
             else f"{pct(r.corrected_share)} ({pct(r.corrected_ci[0])}–{pct(r.corrected_ci[1])})"]
            for r in acc.labels]
    return line, header, rows
