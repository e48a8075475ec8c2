"""What a corpus-adapted model learns from: the user's labels, the shipped and ``--data`` texts, their targets.

The user's labels (``store.training_labels.training_split``) are checked against the corpus's scheme;
the shipped labelled corpus joins only under the shipped scheme; texts a validation-sample text
has word for word are left out and counted, so the report's accuracy stays honest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voices.errors import LabelError
from voices.models.data import LabelledItem, read_labelled, shipped_labelled_root, text_key
from voices.models.scheme import Scheme, is_shipped
from voices.models.train import MIN_PER_LABEL


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

    ``rows`` are ``store.training_labels.training_split`` texts.

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
    """The other training texts: the shipped corpus (only under the shipped scheme, its labels too) and ``data``
    files; texts the user labelled are left to the user's label. Returns ``(items, files)``."""
    files = (shipped_data_files(task) if is_shipped(scheme, task) else []) + list(map(Path, data))
    if not files:
        return [], []
    mine = {text_key(it.text) for it in user}
    items = read_labelled(files, task, labels=scheme.labels(task), warn_duplicates=bool(data))
    return [it for it in items if text_key(it.text) not in mine], files


def without_erased(corpus_path: Path | str, items: Sequence[LabelledItem]) -> tuple[list[LabelledItem], list[str]]:
    """``items`` without those whose id is a document ``voices delete`` erased from the corpus, and where those were.

    A labelled export written before the delete holds the erased texts, with their ids (keyed ones too, from a
    redacted export): the corpus's suppression list knows them (``voices.store.suppression``).
    """
    from voices.store import Corpus
    from voices.store.suppression import erased_ids

    if not items:
        return list(items), []
    with Corpus.open(corpus_path) as corpus:
        gone = erased_ids(corpus, {it.id for it in items})
    return [it for it in items if it.id not in gone], [it.where for it in items if it.id in gone]


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
