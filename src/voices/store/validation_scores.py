"""Scoring a model on the validation sample: the (person, model) stance pairs, less the texts it learnt.

A member the model that tagged it was trained on (by recorded id, or by its text) would
flatter the model, so it is left out and counted; ``learnt`` and ``learnt_texts`` find
such texts among any documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["Scored", "learnt", "learnt_texts", "unlabelled_members", "validation_pairs", "validation_scores"]


def _in_sources(source_ids: Sequence[str] | None) -> tuple[str, list]:
    if not source_ids:
        return "TRUE", []
    return "d.source_id IN (SELECT unnest(?::VARCHAR[]))", [list(source_ids)]


def validation_pairs(corpus: Corpus, source_ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """``(person's stance, model's stance)`` for each validation member both labelled and classified.

    Empty for an older corpus without the sample. Sorted by document id. Members the stance model
    was trained on are kept here; :func:`validation_scores` leaves them out.
    """
    return validation_scores(corpus, source_ids, {}).pairs


class Scored(NamedTuple):
    """:func:`validation_scores`' answer: the pairs scored, and the members left out as trained on."""

    pairs: list[tuple[str, str]]  # (person's stance, model's stance), sorted by document id
    learnt: int  # members the model learnt as this corpus's labelled documents (their ids)
    same_text: int  # the other members left out: their text is one of the model's training texts


def validation_scores(corpus: Corpus, source_ids: Sequence[str] | None,
                      metas: Mapping[str, Mapping[str, Any]]) -> Scored:
    """:func:`validation_pairs` less the members the model that tagged them was trained on, and how many those were.

    A text labelled for training and later put in the sample (``label --from`` with ``validation``
    yes, before that was refused) scored the model on a text it had learnt, flattering it; so did a
    text the model learnt elsewhere (``train --data`` on an export, or ``--corpus`` on another corpus
    holding it). ``metas`` (model id -> ``meta.json``, ``voices.store.predictions.model_metas``) says
    which texts each model learnt (``voices.store.provenance.trained_on``): its labelled documents'
    ids keyed under this corpus's secret (``adaptation.user_labels.doc_keys``) and the keys of all its
    training texts (``training_data.text_keys``).

    Returns
    -------
    Scored
    """
    if not corpus.has_table("validation_sample"):
        return Scored([], 0, 0)
    from voices.store.provenance import trained_on

    cond, params = _in_sources(source_ids)
    rows = corpus.sql(
        f"""SELECT v.doc_id, l.stance, p.stance, p.stance_model, d.text FROM validation_sample v
            JOIN documents d ON d.id = v.doc_id
            JOIN labels l ON l.doc_id = v.doc_id JOIN predictions p ON p.doc_id = v.doc_id
            WHERE l.stance IS NOT NULL AND p.stance IS NOT NULL AND {cond} ORDER BY v.doc_id""", params).fetchall()
    by_model: dict[str, dict[str, str | None]] = {}
    for doc, _, _, model, text in rows:
        by_model.setdefault(model, {})[doc] = text
    found = [trained_on(corpus, docs, [metas.get(m) or {}]) for m, docs in by_model.items()]
    by_id = set().union(*(f.by_id for f in found))
    by_text = set().union(*(f.by_text for f in found)) - by_id
    return Scored([(h, p) for doc, h, p, _, _ in rows if doc not in by_id | by_text], len(by_id), len(by_text))


def unlabelled_members(corpus: Corpus, source_ids: Sequence[str] | None = None) -> int:
    """How many classified validation members (of ``source_ids``, or all) nobody has given a stance yet.

    They would be scored once labelled (as :func:`validation_scores` pairs them); a member with no
    stance prediction (not in English) would not, so it is not counted.
    """
    if not corpus.has_table("validation_sample"):
        return 0
    cond, params = _in_sources(source_ids)
    return corpus.sql(f"""SELECT count(*) FROM validation_sample v JOIN documents d ON d.id = v.doc_id
                          JOIN predictions p ON p.doc_id = v.doc_id LEFT JOIN labels l ON l.doc_id = v.doc_id
                          WHERE p.stance IS NOT NULL AND l.stance IS NULL AND {cond}""", params).fetchone()[0]


def learnt(corpus: Corpus, doc_ids: Iterable[str], metas: Iterable[Mapping[str, Any]]) -> set[str]:
    """The documents of ``doc_ids`` a model of ``metas`` was trained on, as its ``meta.json`` records their ids.

    ``train --corpus`` records its user labels as keyed ids (``adaptation.user_labels.doc_keys``,
    ``voices.models.private_meta``); older folders as plain ``doc_ids``.
    """
    from voices.store.provenance import trained_on

    return set(trained_on(corpus, dict.fromkeys(doc_ids), metas).by_id)


def learnt_texts(corpus: Corpus, doc_ids: Iterable[str], metas: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The documents of ``doc_ids`` whose text (case and spacing aside) a model of ``metas`` was trained on,
    each with the first such model's id (``metas``: model id -> ``meta.json``).

    A model trained with ``train --data`` on an export, or ``--corpus`` on another corpus, records no id of
    this corpus's: only its training texts' keys (``training_data.text_keys``) find them.
    """
    from voices.store.provenance import trained_on

    ids = list(doc_ids)
    if not ids:
        return {}
    texts = dict(corpus.sql("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                            [ids]).fetchall())
    found: dict[str, str] = {}
    for model_id, meta in sorted(metas.items()):
        for doc in sorted(trained_on(corpus, texts, [meta]).by_text):
            found.setdefault(doc, model_id)
    return found
