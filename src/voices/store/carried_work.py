"""``ingest --replace``: a person's work on a document the files give again under a new id goes with it.

A document without an id of its own is keyed by its author, date, parent's id and place (``voices.ids``). A
pasted comment stored undated and dated later (as the ingest warning advises) hashes its date now, and every
reply under it hashes the parent's new id: the same comments come back under new ids and the old ones are
removed. Labels, label history, the validation sample and review queues are keyed by id, so ``--replace``
refused them (or dropped them with ``--drop-labels``) though nobody's words changed.

A removed document's rows move to a document this call added when the two are one and the same text: same
source, kind, author, question and respondent, the very words, the same date or none before, and the same
parent: the very one, or the removed parent's own pair (a reply re-keyed because its parent was). Only a pair that is
each other's one match moves: two undated "Agree." of one author dated two ways are not guessed apart, and an
"Agree." to Ann is not an "Agree." to Bob, though Ann's went and Bob's came (its label was given to a reply to Ann).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

# the tables holding a person's work on a document; predictions and prepared texts are derived and made again
CARRIED_TABLES = ("labels", "label_history", "validation_sample", "review_queue")

_CANDIDATES = """
WITH o AS (SELECT * FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))),
     n AS (SELECT * FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])))
SELECT o.id, n.id, o.parent_id, n.parent_id FROM o JOIN n
ON o.source_id = n.source_id AND o.kind = n.kind AND o.text = n.text
   AND o.author IS NOT DISTINCT FROM n.author AND o.question_id IS NOT DISTINCT FROM n.question_id
   AND o.respondent_id IS NOT DISTINCT FROM n.respondent_id
   AND (o.posted_at IS NULL OR o.posted_at = n.posted_at)
ORDER BY o.id, n.id
"""


def carry(corpus: Any, removed: Sequence[str], added: Sequence[str]) -> list[tuple[str, str]]:
    """Move the work on ``removed`` documents to the ``added`` one holding the same text; the pairs moved.

    Inside the caller's transaction, before ``removed`` are removed (their rows would go with them).
    """
    if not removed or not added:
        return []
    tables = [t for t in CARRIED_TABLES if corpus.has_table(t)]
    candidates = corpus._con.execute(_CANDIDATES, [list(removed), list(added)]).fetchall()
    pairs = _matched(candidates, set(removed))
    work = " UNION ".join(f"SELECT doc_id FROM {t}" for t in tables)
    held = {doc for (doc,) in corpus._con.execute(
        f"SELECT doc_id FROM ({work}) WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(pairs)]).fetchall()}
    moved = sorted((old, new) for old, new in pairs.items() if old in held)
    for table in tables if moved else ():
        corpus._con.executemany(f"UPDATE {table} SET doc_id = ? WHERE doc_id = ?", [(new, old) for old, new in moved])
    return moved


def _matched(candidates: Sequence[tuple[str, str, str | None, str | None]], removed: set[str]) -> dict[str, str]:
    """Old id -> new id for each removed document with one candidate under the same parent (or under one its
    removed parent could be), that candidate being no other's; parents first, so a reply's parent is weighed
    before it is. A reply of one candidate under one of two same-worded parents is still that reply."""
    parent_of = {old: parent for old, _, parent, _ in candidates}
    fitting: set[tuple[str | None, str | None]] = set()
    pairs: dict[str, str] = {}
    for step in sorted({_depth(old, parent_of, removed) for old in parent_of}):
        fits = [(old, new) for old, new, was, now in candidates if _depth(old, parent_of, removed) == step
                and (was == now or (was, now) in fitting)]
        fitting.update(fits)
        olds, news, taken = Counter(o for o, _ in fits), Counter(n for _, n in fits), set(pairs.values())
        pairs.update((old, new) for old, new in fits if olds[old] == 1 and news[new] == 1 and new not in taken)
    return pairs


def _depth(doc: str, parent_of: dict[str, str | None], removed: set[str]) -> int:
    """How many removed ancestors with candidates of their own stand above ``doc`` (a thread is a tree)."""
    steps, parent = 0, parent_of.get(doc)
    while parent in removed and parent in parent_of and steps <= len(parent_of):
        steps, parent = steps + 1, parent_of[parent]
    return steps
