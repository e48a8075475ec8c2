"""The answers ``ingest --keep-export-ids`` stored under a voices export's ids: what the source's own file matches.

``--keep-export-ids`` stores the answers a source stored here under another id rule lacks under the export's
ids (``voices.ingest.export_rules``), which are not the ids the source's own file gives here: ingesting that
file later stored each such answer a second time (R003 and row-4), exit 0. Their ids are recorded here, per
source; a later file's new row of the same text, author and date is that answer (``held``), one to one.
The table is made on first use, and rows go with their documents (``voices.store.erasure``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

TABLE = "export_kept"


def record(corpus: Corpus, source_id: str, ids: Sequence[str]) -> None:
    """Note that ``ids`` of ``source_id`` were stored under a voices export's ids (inside the caller's transaction)."""
    if not ids:
        return
    corpus._con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (doc_id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL)")
    corpus._con.execute(f"INSERT OR IGNORE INTO {TABLE} SELECT unnest(?::VARCHAR[]), ?", [sorted(set(ids)), source_id])


def held(corpus: Corpus, source_id: str) -> dict[tuple[str, str | None, str | None], list[str]]:
    """The stored answers of ``source_id`` kept under an export's ids, by (text MD5, author, date), in place order."""
    if not corpus.has_table(TABLE):
        return {}
    rows = corpus._con.execute(
        f"SELECT md5(d.text), d.author, d.posted_at, d.id FROM {TABLE} k JOIN documents d ON d.id = k.doc_id "
        "WHERE k.source_id = ? ORDER BY d.position, d.id", [source_id]).fetchall()
    found: dict[tuple[str, str | None, str | None], list[str]] = defaultdict(list)
    for digest, author, posted_at, doc in rows:
        found[(digest, author, posted_at)].append(doc)
    return dict(found)


def forget(corpus: Corpus, ids_sql: str, values: Sequence[object]) -> None:
    """Drop the records of the documents ``ids_sql`` selects, as they are erased (the caller's transaction)."""
    if corpus.has_table(TABLE):
        corpus._con.execute(f"DELETE FROM {TABLE} WHERE doc_id IN ({ids_sql})", list(values))
