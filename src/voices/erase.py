"""``voices delete`` as a library call: erase documents for real and name the models trained on them.

The corpus side (rows, predictions, labels and their labellers' names, caches,
then a rewrite of the file so no deleted byte remains, and the keyed digests that keep
ingest from taking the documents in again: ``voices.store.suppression``) is ``Corpus.delete``. What
lives outside the corpus cannot be erased from here: reports and exports written
earlier still hold the text, and a model trained on the documents' labels keeps
what it learnt. Model folders record a key of every training text in
``meta.json`` (``training_data.text_keys``, and ``training_data.doc_ids`` where a
trainer records corpus ids), so the models trained on a deleted document are
listed, with the command that retrains them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from voices.models.data import text_key
from voices.store import Corpus


@dataclass(frozen=True)
class AffectedModel:
    """A model folder whose training data held a deleted document."""

    path: str
    task: str
    documents: int
    retrain: str


@dataclass(frozen=True)
class Erasure:
    """What ``erase`` removed, and the models that still learnt from it."""

    documents: int
    source_id: str | None
    respondent_id: str | None
    models: tuple[AffectedModel, ...] = field(default=())


def erase(corpus_path: Path | str, *, source: str | None = None, respondent: str | None = None,
          model_dirs: Sequence[Path | str] = ()) -> Erasure:
    """Erase a source's or a respondent's documents and everything derived from them.

    Parameters
    ----------
    corpus_path : path
        The corpus (must exist).
    source, respondent : str, optional
        A source id (or unique prefix), a respondent id, or both (see ``Corpus.delete``).
    model_dirs : sequence of paths
        Model folders, or folders holding model folders, to check for training data
        that held the deleted documents.

    Raises
    ------
    NotFoundError, UsageError, CorpusError
        As ``Corpus.delete``.
    """
    with Corpus.open(corpus_path, write=True, create=False) as c:
        sid = c.resolve_sources([source])[0] if source else None
        keys = {text_key(t) for t in c.texts_of(source_id=sid, respondent_id=respondent)} if model_dirs else set()
        n = c.delete(source_id=sid, respondent_id=respondent)
    return Erasure(n, sid, respondent, tuple(affected_models(keys, model_dirs)))


def compact(corpus_path: Path | str) -> None:
    """Rewrite the corpus so bytes of rows deleted earlier leave the disk (after a failed rewrite)."""
    with Corpus.open(corpus_path, write=True, create=False) as c:
        if not c.erasure_finished:  # opening finished an interrupted delete's rewrite already
            c.compact()


def _model_folders(roots: Iterable[Path | str]) -> Iterable[Path]:
    for root in map(Path, roots):
        if (root / "meta.json").is_file():
            yield root
        elif root.is_dir():
            yield from sorted(p.parent for p in root.glob("*/meta.json"))


def affected_models(text_keys: set[str], roots: Iterable[Path | str],
                    doc_ids: set[str] | None = None) -> list[AffectedModel]:
    """Model folders under ``roots`` whose ``meta.json`` records training on any of the given texts or ids."""
    found = []
    if not text_keys and not doc_ids:
        return found
    for folder in _model_folders(roots):
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data = meta.get("training_data") or {}
        hits = len(text_keys & set(data.get("text_keys") or ())) + len((doc_ids or set()) & set(data.get("doc_ids") or ()))
        if hits:
            task = str(meta.get("task", "stance"))
            found.append(AffectedModel(str(folder), task, hits, retrain_command(data, task, folder)))
    return found


def retrain_command(data: dict, task: str, folder: Path) -> str:
    """The ``voices train`` command that rebuilds a model from its ``training_data``, as it was trained.

    A model trained with ``--corpus`` is retrained from that corpus (the shipped labelled files
    it read join again by themselves; only other ``--data`` files are named). Files are recorded
    by name only, so they are named as recorded: run the command where they are.
    """
    import shlex

    files = [str(f) for f in data.get("files") or ()]
    corpus = data.get("corpus")
    if corpus:
        from voices.models.adapt import shipped_data_files

        shipped = {p.name for p in shipped_data_files(task)}
        extra = "".join(f" --data {shlex.quote(f)}" for f in files if f not in shipped)
        return f"voices train --task {task} --corpus {shlex.quote(str(corpus))}{extra} --out {shlex.quote(str(folder))}"
    named = " ".join(f"--data {shlex.quote(f)}" for f in files or ["LABELLED.jsonl"])
    return f"voices train {named} --task {task} --out {shlex.quote(str(folder))}"
