"""Corpus settings: table ``settings(key, value JSON)`` (the default models, the corpus's scheme)
and table ``source_schemes`` (a scheme per source)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["get_setting", "labels_in_use", "set_setting", "set_source_scheme"]


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


def labels_in_use(corpus: Corpus, source_id: str | None = None) -> tuple[set[str], set[str]]:
    """The stances and themes people's labels use (in one source, or the whole corpus)."""
    cond, params = ("WHERE d.source_id = ?", [source_id]) if source_id else ("", [])
    joined = f"FROM labels l JOIN documents d ON d.id = l.doc_id {cond}"
    stances = corpus.sql(f"SELECT DISTINCT l.stance {joined}", params).fetchall()
    themes = corpus.sql(f"SELECT DISTINCT unnest(l.themes) {joined}", params).fetchall()
    return {r[0] for r in stances if r[0] is not None}, {r[0] for r in themes if r[0] is not None}
