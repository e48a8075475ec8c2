"""Corpus settings: table ``settings(key, value JSON)`` (the default models, the corpus's scheme)
and table ``source_schemes`` (a scheme per source)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["get_setting", "set_setting", "set_source_scheme"]


def get_setting(corpus: Corpus, key: str) -> Any:
    """The JSON value stored under ``key``, or None (also for an older corpus without the table)."""
    if not corpus.has_table("settings"):
        return None
    rows = corpus.sql("SELECT value FROM settings WHERE key = ?", [key]).fetchall()
    return json.loads(rows[0][0]) if rows else None


def set_setting(corpus: Corpus, key: str, value: Any) -> None:
    """Store ``value`` (as JSON) under ``key``, replacing what was there.

    The caller has opened the corpus for writing (migrated) and holds the transaction.
    """
    corpus.sql("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, json.dumps(value, sort_keys=True)])


def set_source_scheme(corpus: Corpus, source_id: str, toml_text: str) -> None:
    """Store a scheme (TOML text) for one source, replacing what was there."""
    corpus.sql("INSERT OR REPLACE INTO source_schemes VALUES (?, ?)", [source_id, toml_text])
