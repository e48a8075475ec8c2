"""The corpus's own secret: the key of the ids that redacted outputs show.

One small table, ``secrets (name, value)``, added by schema step 2
(``voices.store.schema``, which calls ``add_secrets``): a new corpus gets its key
when it is created, an older one when its next write migrates it. Reading opens
never write, so a corpus that has not been written since this table was
introduced has no key yet (``redaction_key`` returns None) and the caller decides
what to show instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

REDACTION_KEY = "redaction_id_key"
KEY_BYTES = 32

_CREATE = "CREATE TABLE IF NOT EXISTS secrets (name VARCHAR PRIMARY KEY, value BLOB NOT NULL)"


def add_secrets(con: Any) -> None:
    """Create the ``secrets`` table with a fresh random redaction key (a schema step).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A writable connection; the caller (the migration) holds the transaction.
    """
    con.execute(_CREATE)
    con.execute("INSERT INTO secrets VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [REDACTION_KEY, os.urandom(KEY_BYTES)])


def redaction_key(corpus: Corpus) -> bytes | None:
    """The corpus's key for keyed document ids, or None when it has none yet (never written since)."""
    tables = {r[0] for r in corpus.sql("SELECT table_name FROM information_schema.tables").fetchall()}
    if "secrets" not in tables:
        return None
    rows = corpus.sql("SELECT value FROM secrets WHERE name = ?", [REDACTION_KEY]).fetchall()  # all: no open result
    return bytes(rows[0][0]) if rows else None


def documents_keyed_as(corpus: Corpus, keyed: Iterable[str]) -> dict[str, str]:
    """The stored documents whose keyed id (as redacted outputs show it) is one of ``keyed``.

    Keyed ids are not stored: every id is hashed again (about a second per million documents),
    so callers pass only ids shaped like keyed ones (``k`` and 15 hex digits).

    Returns
    -------
    dict
        Keyed id -> the stored document's plain id; empty when the corpus has no key yet.
    """
    from voices.ids import keyed_id

    wanted = set(keyed)
    key = redaction_key(corpus) if wanted else None
    if key is None:
        return {}
    found = {}
    for batch in corpus.iter_frames("SELECT id FROM documents ORDER BY id", batch_size=100_000):
        for doc in batch["id"]:
            if (k := keyed_id(key, doc)) in wanted:
                found[k] = doc
    return found
