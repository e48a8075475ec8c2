"""What training on a corpus tells the user: warnings on its labels, copies left out, too few labels.

Each note says what was left out or is rough, and what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from voices.models.adapt_cv import _copies_across_folds
from voices.models.data import LabelledItem, label_counts
from voices.models.scheme import Scheme

MIN_USER_PER_STANCE = 30  # fewer of the user's labels for a stance: training warns
MIN_USER_LABELS = 10


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


def _data_copies_note(yours: int, ours: int) -> str:
    where = [f"{yours} text{'s' if yours != 1 else ''} of the --data files" if yours else "",
             f"{ours} of the shipped labelled texts" if ours else ""]
    n = yours + ours
    copies = "are word-for-word copies" if n != 1 else "is a word-for-word copy"
    return (f"{' and '.join(w for w in where if w)} {copies} (case and spacing aside) of validation-sample "
            "texts, left out of training: a model that learnt those words "
            "would have the sample's texts left out of its accuracy figures")


def _erased_note(corpus_path: Path | str, where: Sequence[str]) -> list[str]:
    """What training says of the ``--data`` texts it left out as erased from the corpus (``where``: file:line each)."""
    if not where:
        return []
    n = len(where)
    these = "1 text of your --data files was" if n == 1 else f"{n} texts of your --data files were"
    it = "it out of the file" if n == 1 else "them out of the files"
    more = f", and {n - 3} more" if n > 3 else ""
    return [f"{these} erased from {corpus_path} (voices delete): left out of training; take {it} "
            f"({', '.join(where[:3])}{more})"]


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


def _train_warnings(task: str, user: Sequence[LabelledItem], scheme: Scheme, copies: int, yours: int,
                    ours: int) -> list[str]:
    """Everything training tells the user: labels on sample copies and ``--data`` copies left out, then
    ``_warnings``."""
    return (([_sample_copies_note(copies, task)] if copies else [])
            + ([_data_copies_note(yours, ours)] if yours + ours else []) + _warnings(task, user, scheme))
