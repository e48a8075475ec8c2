"""Store-side SQL for theme discovery: the documents it reads, the runs it keeps, the queue it fills.

Table ``discovered_themes(run_id, created_at, options, result)`` keeps each run of
``voices themes discover`` (JSON text); erasing any document erases every run
(``Corpus.delete``), as runs quote texts. ``voices themes adopt`` queues a theme's
documents in ``review_queue``. Callers hold the transaction for writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from voices.store.corpus import utcnow

if TYPE_CHECKING:
    import pandas as pd

    from voices.store.corpus import Corpus

__all__ = ["corpus_authors", "discovery_frame", "latest_run", "queue_documents", "redaction_context", "save_run"]


def discovery_frame(corpus: Corpus, source_ids: Sequence[str] | None, version: str) -> pd.DataFrame:
    """Every non-article document (of ``source_ids``, or all) with what discovery reads.

    Columns: ``id, text, author, source_id, question, respondent_type``, ``prepared``
    (the fast path's cache under ``version``, or null), ``codebook`` (a person's
    themes where given, else the model's, else null), and ``parent_id``, ``parent_text``
    (the comment or article a reply answers, wherever it is: a redacted exemplar hides the
    names it gives), ordered by id.
    """
    where, params = ["d.kind <> 'article'"], [version]
    if source_ids:
        where.append("d.source_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(source_ids))
    human = "l.themes" if corpus.has_table("labels") else "NULL"
    joins = "LEFT JOIN labels l ON l.doc_id = d.id" if corpus.has_table("labels") else ""
    return corpus.sql(
        f"""SELECT d.id, d.text, d.author, d.source_id, coalesce(d.question, d.question_id) AS question,
                   d.respondent_type, c.data AS prepared, coalesce({human}, p.themes) AS codebook,
                   d.parent_id, up.text AS parent_text
            FROM documents d
            LEFT JOIN documents up ON up.id = d.parent_id
            LEFT JOIN prepared c ON c.doc_id = d.id AND c.version = ?
            LEFT JOIN predictions p ON p.doc_id = d.id {joins}
            WHERE {' AND '.join(where)} ORDER BY d.id""", params).df()


def corpus_authors(corpus: Corpus) -> list[str]:
    """Every author name in the corpus, sorted: the names a redactor of its themes (and ``export --redact``) hides.

    With the names a rule-1 source keeps only as a name column (``export_kept.named_sql``): "Bo Sample", given as
    "Your name (optional)" and stored with no author, was shown in a redacted export's attributes and in another
    respondent's "I agree with Bo Sample".
    """
    from voices.store.export_kept import named_sql

    columns = {r[0] for r in corpus.sql("DESCRIBE documents").fetchall()}  # a corpus read as an old voices left it
    named = f"coalesce(author, {named_sql('author')})" if "attributes" in columns else "author"
    return [r[0] for r in corpus.sql(f"SELECT DISTINCT {named} AS a FROM documents WHERE a IS NOT NULL "
                                     "ORDER BY a").fetchall()]


def redaction_context(corpus: Corpus) -> tuple[list[str], dict[str, str]]:
    """What a redacted discovery result is shown with: the corpus's authors, and each source's title by id."""
    return corpus_authors(corpus), dict(corpus.sql("SELECT id, title FROM sources ORDER BY id").fetchall())


def save_run(corpus: Corpus, run_id: str, options: dict[str, Any], result: dict[str, Any]) -> None:
    """Store a run (the same ``run_id`` again replaces it: same input, same result)."""
    corpus.sql("DELETE FROM discovered_themes WHERE run_id = ?", [run_id])
    corpus.sql("INSERT INTO discovered_themes VALUES (?, ?, ?, ?)",
               [run_id, utcnow(), json.dumps(options, sort_keys=True), json.dumps(result, sort_keys=True)])


def latest_run(corpus: Corpus, run_id: str | None = None) -> dict[str, Any] | None:
    """A stored run's result (the newest when ``run_id`` is None), or None."""
    if not corpus.has_table("discovered_themes"):
        return None
    if run_id is None:
        rows = corpus.sql("SELECT result FROM discovered_themes ORDER BY created_at DESC, run_id LIMIT 1").fetchall()
    else:
        rows = corpus.sql("SELECT result FROM discovered_themes WHERE run_id = ?", [run_id]).fetchall()
    return json.loads(rows[0][0]) if rows else None


def queue_documents(corpus: Corpus, ids: Sequence[str], queue: str, reason: str) -> int:
    """Add documents to a review queue in the given order (those already in it keep their place).

    Each gets its own ``added_at`` (a microsecond apart), so the queue reads them back in
    this order. Returns how many were added.
    """
    from datetime import timedelta

    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return 0
    start = utcnow()
    times = [start + timedelta(microseconds=i) for i in range(len(wanted))]
    before = corpus.sql("SELECT count(*) FROM review_queue WHERE queue = ?", [queue]).fetchall()[0][0]
    corpus.sql(
        """INSERT INTO review_queue
           SELECT u.id, ?, ?, u.at FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::TIMESTAMP[]) AS at) u
           JOIN documents d ON d.id = u.id
           WHERE u.id NOT IN (SELECT doc_id FROM review_queue WHERE queue = ?)""",
        [queue, reason, wanted, times, queue])
    after = corpus.sql("SELECT count(*) FROM review_queue WHERE queue = ?", [queue]).fetchall()[0][0]
    return int(after - before)
