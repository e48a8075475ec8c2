"""Erasing documents from the corpus: ``voices delete`` and the documents ``ingest --replace`` drops.

A document goes with everything derived from it (its rows in ``DOC_TABLES``, the stored
theme-discovery runs, which quote texts); replies to it stay, detached. The erasure marker
(``ERASE_PENDING``) is set in the same transaction, and stays until the file is rewritten
without the deleted bytes (``voices.store.compact``). ``Corpus.delete``, ``remove_documents``,
``texts_of`` and ``ids_of`` call these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from voices._faultpoints import fault_point
from voices.errors import NotFoundError, UsageError
from voices.store import erased_names, suppression
from voices.store.corpus import DOC_TABLES, ERASE_PENDING, utcnow

if TYPE_CHECKING:
    from voices.store.corpus import Corpus


def delete(corpus: Corpus, *, source_id: str | None = None, respondent_id: str | None = None,
           names: Mapping[str, str] | None = None) -> int:
    """Erase a source's or a respondent's documents and everything derived from them.

    With both, only that respondent's answers in that source go. A respondent id
    found in several sources is refused without ``source_id``: ids such as
    ``row-2`` or ``1`` name different people in different consultations.

    Keyed digests of what goes are recorded in the same transaction (``voices.store.suppression``),
    so ingesting it again skips it, and of ``names`` (the erased authors' name terms -> kind: ``erased_names``),
    so redacted outputs still hide them in others' texts. Returns the number of documents removed;
    ``NotFoundError`` if there were none,
    ``UsageError`` for a respondent id that needs its source.
    """
    given = {col: v for col, v in (("source_id", source_id), ("respondent_id", respondent_id))
             if v is not None}
    if not given:
        raise ValueError("give source_id, respondent_id or both")
    cond, values = " AND ".join(f"{col} = ?" for col in given), list(given.values())
    whole_source = respondent_id is None
    with corpus.transaction():
        ids_sql = f"SELECT id FROM documents WHERE {cond}"
        if respondent_id is not None:
            _check_respondent(corpus, respondent_id, source_id, ids_sql, values)
        n = int(corpus._con.execute(f"SELECT count(*) FROM ({ids_sql})", values).fetchall()[0][0])
        # remembered, as keyed digests only, so that ingesting the same file again does not bring them back
        suppression.record(corpus, cond, values, utcnow())
        erased_names.record(corpus, names or {})  # as keyed digests only: nothing readable of the name stays
        for table in DOC_TABLES:
            corpus._con.execute(f"DELETE FROM {table} WHERE doc_id IN ({ids_sql})", values)
        corpus._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
        # replies to erased documents stay, detached: their own authors did not ask to go
        corpus._con.execute(
            f"UPDATE documents SET parent_id = NULL WHERE parent_id IN ({ids_sql}) AND NOT ({cond})",
            values + values,
        )
        corpus._con.execute(f"DELETE FROM documents WHERE {cond}", values)
        corpus._con.execute(f"DELETE FROM responses WHERE {cond}", values)  # their ratings too
        # until the rewrite below succeeds, the deleted bytes are still in the file: a kill
        # or a failure in between is finished by the next writing open
        corpus._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")
        corpus._con.execute(
            "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM documents UNION SELECT source_id FROM responses)"
            + (" OR id = ?" if whole_source else ""),
            [source_id] if whole_source else [],
        )
    fault_point("delete.committed")
    corpus.compact()
    return n


def remove_documents(corpus: Corpus, ids: Sequence[str]) -> None:
    """Remove documents and what derives from them, inside the caller's transaction (``ingest --replace``).

    Replies to a removed document stay, detached, as in ``delete``.
    """
    if not ids:
        return
    wanted = "(SELECT unnest(?::VARCHAR[]))"
    for table in DOC_TABLES:
        corpus._con.execute(f"DELETE FROM {table} WHERE doc_id IN {wanted}", [list(ids)])
    corpus._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
    corpus._con.execute(f"UPDATE documents SET parent_id = NULL WHERE parent_id IN {wanted}", [list(ids)])
    corpus._con.execute(f"DELETE FROM documents WHERE id IN {wanted}", [list(ids)])
    # the caller rewrites the file after its commit; a kill before that is finished by the next writing open
    corpus._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")


def to_delete(corpus: Corpus, column: str, source_id: str | None, respondent_id: str | None) -> list[str]:
    given = [(col, v) for col, v in (("source_id", source_id), ("respondent_id", respondent_id)) if v is not None]
    cond = " AND ".join(f"{col} = ?" for col, _ in given) or "FALSE"
    return [r[0] for r in corpus._con.execute(f"SELECT {column} FROM documents WHERE {cond}",
                                            [v for _, v in given]).fetchall()]


def _check_respondent(corpus: Corpus, respondent_id: str, source_id: str | None, ids_sql: str,
                      values: list[Any]) -> None:
    rated = ids_sql.replace("SELECT id FROM documents", "SELECT source_id FROM responses")
    sources = [r[0] for r in corpus._con.execute(  # a respondent who only rated has no documents
        f"SELECT DISTINCT source_id FROM documents WHERE id IN ({ids_sql}) UNION {rated} ORDER BY 1",
        values + values,
    ).fetchall()]
    where = f" in source {source_id}" if source_id else ""
    if not sources:
        raise NotFoundError(f"no documents for respondent {respondent_id!r}{where} in {corpus.path}: "
                            "check the id (voices export shows them)")
    if len(sources) > 1:
        raise UsageError(f"respondent {respondent_id!r} is in {len(sources)} sources "
                         f"({', '.join(sources[:5])}): add --source ID to say which one")
