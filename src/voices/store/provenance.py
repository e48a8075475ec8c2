"""What a model's ``meta.json`` says it was trained on, matched against texts and stored documents.

A model folder records its training texts two ways: ``training_data.text_keys`` (a
:func:`text_key` of every training text, whatever it came from) and, for ``train --corpus``,
the labelled documents' keyed ids (``adaptation.user_labels.doc_keys``, under that corpus's
secret; older folders hold plain ``doc_ids``). Ids only match in the corpus the model was
trained on; text keys match anywhere: a model trained with ``--data`` on an export, or on
another corpus holding the same texts. Every figure that scores a model on a person's labels
(``voices evaluate``, the report's "How accurate on these texts" block and the corrected shares
it feeds) leaves out what these functions find.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["Learnt", "recorded_ids", "text_key", "trained_on", "trained_on_keys", "trained_text_keys"]


def text_key(text: str) -> str:
    """A short stable hash of a text (whitespace and case folded) used to spot duplicates.

    Examples
    --------
    >>> text_key("Open on  Sundays") == text_key("open on sundays\\n")
    True
    """
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def trained_text_keys(metas: Iterable[Mapping[str, Any]]) -> set[str]:
    """The ``training_data.text_keys`` of every ``meta.json`` in ``metas``, together."""
    return {str(k) for meta in metas for k in ((meta.get("training_data") or {}).get("text_keys") or ())}


def recorded_ids(metas: Iterable[Mapping[str, Any]]) -> set[str]:
    """The labelled documents' ids ``metas`` record: keyed ``doc_keys``, and the plain ``doc_ids`` older
    folders kept (under ``adaptation.user_labels`` or ``training_data``)."""
    found: set[str] = set()
    for meta in metas:
        users = (meta.get("adaptation") or {}).get("user_labels") or {}
        data = meta.get("training_data") or {}
        found.update(str(d) for d in (*(users.get("doc_keys") or ()), *(users.get("doc_ids") or ()),
                                      *(data.get("doc_ids") or ())))
    return found


@dataclass(frozen=True)
class Learnt:
    """Documents a model was trained on: ``by_id`` as the corpus's labelled documents (``train --corpus``
    here), ``by_text`` (the rest) because their text is one of its training texts (``--data``, another corpus)."""

    by_id: frozenset[str]
    by_text: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.by_id | self.by_text


def trained_on(corpus: Corpus, docs: Mapping[str, str | None], metas: Iterable[Mapping[str, Any]]) -> Learnt:
    """The documents of ``docs`` (id -> text) that a model of ``metas`` was trained on.

    Parameters
    ----------
    corpus : Corpus
        Holds the secret the ids in ``doc_keys`` are keyed with.
    docs : mapping of str to str or None
        Document id to its stored text (None: match by id only).
    metas : iterable of mapping
        ``meta.json`` of the models that tagged them.

    Returns
    -------
    Learnt
    """
    return trained_on_keys(corpus, {d: None if t is None else text_key(t) for d, t in docs.items()}, metas)


def trained_on_keys(corpus: Corpus, docs: Mapping[str, str | None], metas: Iterable[Mapping[str, Any]]) -> Learnt:
    """:func:`trained_on` for documents given by their text's :func:`text_key` (None: match by id only),
    so a caller going through many texts keeps 16 characters of each, not the text."""
    from voices.ids import keyed_id
    from voices.store.secrets import redaction_key

    metas = list(metas)
    ids, keys = recorded_ids(metas), trained_text_keys(metas)
    by_id: set[str] = set()
    if ids:
        key = redaction_key(corpus)
        by_id = {d for d in docs if d in ids or (key is not None and keyed_id(key, d) in ids)}
    by_text = {d for d, k in docs.items() if keys and d not in by_id and k is not None and k in keys}
    return Learnt(frozenset(by_id), frozenset(by_text))
