"""The corpus's own secret: the key of the ids that redacted outputs show.

One small table, ``secrets (name, value)``, added by schema migration 2
(``create_secrets``): a new corpus gets its key when it is created, an older one
on its next write. Reading opens never migrate, so a corpus not written since has
no key yet (``redaction_key`` returns None) and the caller decides what to show.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

REDACTION_KEY = "redaction_id_key"
KEY_BYTES = 32


def create_secrets(con: Any) -> None:
    """Create the ``secrets`` table holding a fresh random redaction key (the caller holds the transaction).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A writable connection.
    """
    con.execute("CREATE TABLE IF NOT EXISTS secrets (name VARCHAR PRIMARY KEY, value BLOB NOT NULL)")
    con.execute("INSERT INTO secrets VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [REDACTION_KEY, os.urandom(KEY_BYTES)])


def redaction_key(corpus: Corpus) -> bytes | None:
    """The corpus's key for keyed document ids, or None when it has none yet (not written since keys came in)."""
    if not corpus.has_table("secrets"):
        return None
    rows = corpus.sql("SELECT value FROM secrets WHERE name = ?", [REDACTION_KEY]).fetchall()  # all: no open result
    return bytes(rows[0][0]) if rows else None
