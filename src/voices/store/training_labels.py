"""What training may read of the corpus's human labels: every label but the validation sample's.

The one place training reads the corpus's human labels from. Labels on validation
members are for measuring only, and so are labels on word-for-word copies of members
(``voices.store.validation.sample_copies``): a model trained on a copy learns the member's words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["TrainingSplit", "others_sample", "training_labels", "training_split", "training_texts"]


class TrainingSplit(NamedTuple):
    """The corpus's human labels as ``voices train --corpus`` splits them, from one read of their texts."""

    labels: list[tuple[str, str | None, list[str] | None]]  # what training may use (:func:`training_labels`)
    texts: list[tuple[str, str, str, str | None, list[str] | None]]  # the same with source and text
    copies: list[tuple[str, str | None, list[str] | None]]  # labels on word-for-word copies of members, left out
    sample_keys: set[str]  # ``text_key`` of every member's text: train leaves ``--data`` copies of them out too


def training_split(corpus: Corpus) -> TrainingSplit:
    """The human labels training may use, with their texts; the labels left out as word-for-word copies
    (case and spacing aside, :func:`sample_copies`) of validation members; and the members' text keys.

    Members' labels are measuring data, never listed. The members' and the labelled documents' texts are
    read and keyed once (``train`` keyed the members' texts three times, and read the labelled ones twice).
    Lists are sorted by id.
    """
    from voices.store.provenance import text_key
    from voices.store.validation import members

    rows = corpus.sql("SELECT doc_id, stance, themes FROM labels ORDER BY doc_id").fetchall()
    held = members(corpus)
    wanted = sorted(held | {d for d, _, _ in rows})
    docs = {d: (s, t) for d, s, t in corpus.sql(
        "SELECT id, source_id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall()}
    keys = {d: text_key(t) for d, (_, t) in docs.items() if t is not None}
    sample_keys = {keys[d] for d in held if d in keys}
    labels: list[tuple[str, str | None, list[str] | None]] = []
    copies: list[tuple[str, str | None, list[str] | None]] = []
    for d, s, t in rows:
        if d not in held:
            (copies if keys.get(d) in sample_keys else labels).append((d, s, list(t) if t is not None else None))
    texts = [(d, *docs[d], s, t) for d, s, t in labels if d in docs]
    return TrainingSplit(labels, texts, copies, sample_keys)


def training_labels(corpus: Corpus) -> list[tuple[str, str | None, list[str] | None]]:
    """The human labels training may use: ``(doc_id, stance, themes)``, validation members and their
    word-for-word copies (:func:`sample_copies`) left out.

    ``stance`` None is a themes-only label, ``themes`` None a stance-only one (the
    model's themes are never returned as a person's). Sorted by id.
    """
    return training_split(corpus).labels


def training_texts(corpus: Corpus) -> list[tuple[str, str, str, str | None, list[str] | None]]:
    """:func:`training_labels` with each document's source and text:
    ``(doc_id, source_id, text, stance, themes)``, sorted by id."""
    return training_split(corpus).texts


def others_sample(corpus: Corpus, labelled: set[str], n: int, version: str) -> tuple[list[tuple[str, str, str | None]], int]:
    """Up to ``n`` of the corpus's documents classify tags (articles aside) that are not in ``labelled``:
    ``(doc_id, text, prepared)`` with the ``prepared`` cache under ``version`` or None, and how many such
    documents there are.

    The sample is the ``n`` ids of smallest sha256 (of their UTF-8 bytes, as ``hashlib``'s), in that order: the
    same corpus gives the same sample. DuckDB sorts and cuts it, so no id list the size of the corpus reaches
    Python."""
    others = ("FROM documents WHERE kind IS DISTINCT FROM 'article' "
              "AND id NOT IN (SELECT unnest(?::VARCHAR[]))")
    known = sorted(labelled)
    (count,) = corpus.sql(f"SELECT count(*) {others}", [known]).fetchone()
    cached = corpus.has_table("prepared")
    join = "LEFT JOIN prepared c ON c.doc_id = s.id AND c.version = ?" if cached else ""
    rows = corpus.sql(
        f"WITH s AS (SELECT id, text {others} ORDER BY sha256(id) LIMIT ?) "
        f"SELECT s.id, s.text, {'c.data' if cached else 'NULL'} FROM s {join} ORDER BY sha256(s.id)",
        [known, n] + ([version] if cached else [])).fetchall()
    return [(d, t or "", p) for d, t, p in rows], int(count)
