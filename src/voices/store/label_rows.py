"""Human labels read back out of a corpus: ``export_labelled`` in the training format, so
``voices train`` learns from a user's own corrections, and ``export_label_history`` for the labels
``ingest --replace`` set aside. Writing labels is ``voices.store.labels``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

__all__ = ["export_label_history", "export_labelled", "validation_labels"]


def export_labelled(corpus_path: Path | str) -> Iterator[dict[str, object]]:
    """Yield the human-labelled documents in the training format, in corpus order.

    Documents in the validation sample are left out: their labels measure accuracy
    and are never trained on (``voices export`` shows every label); so are word-for-word
    copies of them (``voices.store.validation.sample_copies``), as ``train --corpus`` leaves them out.

    Each item is ``{"id", "text", "stance", "themes", "source_id"}`` plus
    ``themes_labelled`` (False when the person gave only a stance: ``themes`` is
    then None, never the model's themes, and ``voices train --task themes`` skips the row),
    ``stance_labelled`` (the same for a themes-only label), ``labelled_by``
    and ``labelled_at``. ``voices train --data FILE`` reads it directly (the group
    defaults to ``source_id``).

    Parameters
    ----------
    corpus_path : path
        The corpus file.

    Yields
    ------
    dict

    Raises
    ------
    voices.errors.CorpusError
        No corpus there, or one from a newer voices.

    Examples
    --------
    >>> for row in export_labelled("voices.duckdb"):  # doctest: +SKIP
    ...     print(json.dumps(row))
    """
    from voices.store.corpus import Corpus
    from voices.store.validation import sample_copies

    with Corpus.open(corpus_path) as corpus:
        # labels on the validation sample measure accuracy: never training data
        held_out = ("WHERE d.id NOT IN (SELECT doc_id FROM validation_sample)"
                    if corpus.has_table("validation_sample") else "")
        rows = corpus.sql(
            f"""SELECT d.id, d.text, l.stance, p.stance, l.themes, p.themes, d.source_id,
                      l.labelled_by, l.labelled_at
               FROM labels l JOIN documents d ON d.id = l.doc_id
               LEFT JOIN predictions p ON p.doc_id = d.id {held_out}
               ORDER BY d.source_id, d.position, d.id"""
        ).fetchall()
        copies = sample_copies(corpus, [r[0] for r in rows])  # train --data on this file would learn their words
    for doc_id, text, stance, predicted_stance, themes, _predicted, source_id, by, at in rows:
        if doc_id in copies:
            continue
        if stance is None and predicted_stance is None:
            continue  # themes-only label on an unclassified document: no stance to train on
        yield {
            "id": doc_id,
            "text": text,
            "stance": stance if stance is not None else predicted_stance,
            "stance_labelled": stance is not None,
            # a stance-only label: the model's themes are not a person's, so none are written
            "themes": sorted(themes) if themes is not None else None,
            "source_id": source_id,
            "themes_labelled": themes is not None,
            "labelled_by": by,
            "labelled_at": at.isoformat(timespec="seconds") if at else None,
        }


def validation_labels(corpus_path: Path | str) -> int:
    """How many labelled documents ``export_labelled`` leaves out as members of the validation sample."""
    from voices.store.corpus import Corpus

    with Corpus.open(corpus_path) as corpus:
        if not corpus.has_table("validation_sample"):
            return 0
        return corpus.sql("""SELECT count(*) FROM labels l JOIN documents d ON d.id = l.doc_id
                             WHERE d.id IN (SELECT doc_id FROM validation_sample)""").fetchone()[0]


def export_label_history(corpus_path: Path | str) -> Iterator[dict[str, object]]:
    """Yield the labels set aside in ``label_history``, oldest first.

    ``voices ingest --replace`` moves a person's label there when the labelled text
    changes (the label is no evidence about the new text). Each item is ``{"id",
    "source_id", "stance", "themes", "themes_labelled", "labelled_by", "labelled_at",
    "superseded_at", "reason", "original_id"}`` (``themes_labelled`` false: a stance-only label, ``themes``
    None): no text, as the table holds none (the document's text is now another).
    A corpus from before the table yields nothing.

    Raises
    ------
    voices.errors.CorpusError
        No corpus there, or one from a newer voices.
    """
    from voices.store.corpus import Corpus

    with Corpus.open(corpus_path) as corpus:
        if not corpus.has_table("label_history"):
            return
        original = "d.original_id" if corpus.has_column("documents", "original_id") else "NULL"
        rows = corpus.sql(
            f"""SELECT h.doc_id, d.source_id, h.stance, h.themes, h.labelled_by, h.labelled_at,
                      h.superseded_at, h.reason, {original}
               FROM label_history h LEFT JOIN documents d ON d.id = h.doc_id
               ORDER BY h.superseded_at, h.doc_id, h.labelled_at"""
        ).fetchall()
    for doc_id, source_id, stance, themes, by, at, superseded, reason, original_id in rows:
        yield {"id": doc_id, "source_id": source_id, "stance": stance,
               "themes": sorted(themes) if themes is not None else None, "themes_labelled": themes is not None,
               "labelled_by": by, "labelled_at": at.isoformat(timespec="seconds") if at else None,
               "superseded_at": superseded.isoformat(timespec="seconds") if superseded else None,
               "reason": reason, "original_id": original_id}
