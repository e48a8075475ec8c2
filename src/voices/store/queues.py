"""Which documents a person should label next: the review queues' stored parts.

``validation``: the validation sample's members without a human stance yet, in
draw then id order. ``learning``: here only the documents queued for it in
``review_queue`` (``voices themes adopt``) and not yet labelled; ranking the rest
needs a vectoriser and a model, so the rule lives a layer up, in
``voices.review.learner.learning_order``, and the review page and
``voices review --export`` both call it. Every queue here is a function
``(corpus, n) -> list of doc ids`` registered in ``QUEUES``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from voices.errors import UsageError

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["QUEUES", "check", "queued", "review_rows", "select"]


def _validation(corpus: Corpus, n: int) -> list[str]:
    if not corpus.has_table("validation_sample"):
        return []
    return [r[0] for r in corpus.sql(
        """SELECT v.doc_id FROM validation_sample v LEFT JOIN labels l ON l.doc_id = v.doc_id
           WHERE l.stance IS NULL ORDER BY v.draw, v.doc_id LIMIT ?""", [n]).fetchall()]


def _learning(corpus: Corpus, n: int) -> list[str]:
    return queued(corpus, "learning", n)


def queued(corpus: Corpus, queue: str, n: int) -> list[str]:
    """Unlabelled documents put in ``queue`` explicitly (``voices themes adopt``), oldest first."""
    if not corpus.has_table("review_queue"):
        return []
    return [r[0] for r in corpus.sql(
        """SELECT q.doc_id FROM review_queue q LEFT JOIN labels l ON l.doc_id = q.doc_id
           WHERE q.queue = ? AND l.doc_id IS NULL ORDER BY q.added_at, q.doc_id LIMIT ?""", [queue, n]).fetchall()]


QUEUES: dict[str, Callable[[Any, int], list[str]]] = {"validation": _validation, "learning": _learning}


def select(corpus: Corpus, queue: str, n: int) -> list[str]:
    """Up to ``n`` document ids from ``queue``, in the queue's order.

    Raises
    ------
    UsageError
        An unknown queue or ``n`` below 1.
    """
    check(queue, n)
    return QUEUES[queue](corpus, n)


def check(queue: str, n: int) -> None:
    """Raise ``UsageError`` for an unknown queue or ``n`` below 1."""
    if queue not in QUEUES:
        raise UsageError(f"unknown queue {queue!r}; use one of {', '.join(QUEUES)}")
    if n < 1:
        raise UsageError(f"--n {n}: give at least 1")


def review_rows(corpus: Corpus, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Per id (in the given order): the text, its context and the model's guess.

    Context is the parent comment's text, the consultation question and the
    respondent's closed answer. Themes are lists; confidence is the stance probability, also given
    as ``stance_probability``, the export's name for it.
    """
    if not ids:
        return []
    frame = corpus.sql(
        """SELECT d.id, d.source_id, d.text, par.text AS parent_text, d.question, d.closed_answer,
                  p.stance AS model_stance, p.themes AS model_themes, p.stance_probability AS confidence,
                  p.stance_probability
           FROM documents d LEFT JOIN documents par ON par.id = d.parent_id
           LEFT JOIN predictions p ON p.doc_id = d.id
           WHERE d.id IN (SELECT unnest(?::VARCHAR[]))""", [list(ids)]).fetchall()
    cols = ("id", "source_id", "text", "parent_text", "question", "closed_answer",
            "model_stance", "model_themes", "confidence", "stance_probability")
    by_id = {r[0]: dict(zip(cols, r, strict=True)) for r in frame}
    return [by_id[i] for i in ids if i in by_id]
