"""``ingest --replace``: a person's work on a document the files give again under a new id goes with it.

A document without an id of its own is keyed by its author, date, parent's id and place (``voices.ids``). A
pasted comment stored undated and dated later (as the ingest warning advises) hashes its date now, and every
reply under it hashes the parent's new id: the same comments come back under new ids and the old ones are
removed. Labels, label history, the validation sample and review queues are keyed by id, so ``--replace``
refused them (or dropped them with ``--drop-labels``) though nobody's words changed.

A removed document's rows move to a document this call added when the two are one and the same text: same
source, kind, author, question and respondent, the very words, the same date or none before, and the same
parent: the very one, or a removed parent the added one could be (a reply re-keyed because its parent was). Only
a pair that is each other's one match moves: two undated "Agree." of one author dated two ways are not guessed
apart, and an "Agree." to Ann is not an "Agree." to Bob, though Ann's went and Bob's came (its label was given to a
reply to Ann). One query: the candidates of many re-keyed same-worded texts are never read into Python.
An undated comment's author may be the new one and more words: a pasted header's date in numbers or relative
("Bob Example 3 days ago") was read as its author's name before ``voices.ingest.header_dates`` read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# the tables holding a person's work on a document; predictions and prepared texts are derived and made again
CARRIED_TABLES = ("labels", "label_history", "validation_sample", "review_queue")

_PAIRS = """
WITH o AS (SELECT * FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))),
     n AS (SELECT * FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))),
     same AS (SELECT o.id AS old, n.id AS new, o.parent_id AS was, n.parent_id AS now FROM o JOIN n
              ON o.source_id = n.source_id AND o.kind = n.kind AND o.text = n.text
              AND (o.author IS NOT DISTINCT FROM n.author
                   OR (o.posted_at IS NULL AND o.kind IN ('comment', 'reply') AND starts_with(o.author, n.author || ' ')))
              AND o.question_id IS NOT DISTINCT FROM n.question_id
              AND o.respondent_id IS NOT DISTINCT FROM n.respondent_id
              AND (o.posted_at IS NULL OR o.posted_at = n.posted_at)),
     -- under the same parent, or under a removed parent the added one could be (a reply re-keyed with it)
     m AS (SELECT old, new FROM same WHERE was IS NOT DISTINCT FROM now
           OR (was, now) IN (SELECT (old, new) FROM same))
SELECT old, new FROM m
WHERE old IN (SELECT old FROM m GROUP BY old HAVING count(*) = 1)
  AND new IN (SELECT new FROM m GROUP BY new HAVING count(*) = 1)
  AND old IN (SELECT doc_id FROM ({work}))
ORDER BY old
"""


def carry(corpus: Any, removed: Sequence[str], added: Sequence[str]) -> list[tuple[str, str]]:
    """Move the work on ``removed`` documents to the ``added`` one holding the same text; the pairs moved.

    Inside the caller's transaction, before ``removed`` are removed (their rows would go with them).
    """
    if not removed or not added:
        return []
    tables = [t for t in CARRIED_TABLES if corpus.has_table(t)]
    work = " UNION ".join(f"SELECT doc_id FROM {t}" for t in tables)
    pairs = corpus._con.execute(_PAIRS.format(work=work), [list(removed), list(added)]).fetchall()
    for table in tables if pairs else ():
        corpus._con.executemany(f"UPDATE {table} SET doc_id = ? WHERE doc_id = ?", [(new, old) for old, new in pairs])
    return [(old, new) for old, new in pairs]
