"""What opening a corpus does to it: makes a new one's tables, migrates an older schema, finishes an erasure.

``Corpus.open`` calls ``prepare`` once the file is connected: an in-memory path refused, the
schema checked (``check_schema``), and an interrupted erasure finished when writing
(``finish_erasure``) or warned of when reading. Each schema change is one
transaction (a failure leaves the file as it was); an interrupted erasure is finished by
rewriting the file (``Corpus.compact``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from voices.errors import CorpusError
from voices.store.schema import BASE_VERSION, CREATE, current_version, steps_after

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

# the logger these messages always had (``voices.store.corpus``): a filter or level set on it still applies
log = logging.getLogger("voices.store.corpus")

__all__ = ["check_schema", "finish_erasure", "prepare", "run_steps"]


def prepare(corpus: Corpus) -> None:
    """What ``Corpus.open`` does once connected: refuse an in-memory path, check (or make) the schema, then
    finish an interrupted erasure when writing, or warn of it when reading."""
    from voices.store._connect import refuse_in_memory

    refuse_in_memory(corpus._con, corpus.path)
    check_schema(corpus)
    if corpus.writable:
        finish_erasure(corpus)
    elif corpus.erasure_pending():
        # ingest --replace sets the marker too (documents removed, or updated to an edited text)
        log.warning("corpus %s: a delete or ingest --replace was stopped before its rewrite; the documents "
                    "it removed or changed are gone from every table but their old bytes are still in the "
                    "file: run voices delete --compact", corpus.path)


def finish_erasure(corpus: Corpus) -> None:
    """Rewrite the file if a ``delete`` was stopped (a kill, a full disk) before its rewrite."""
    if not corpus.erasure_pending():
        return
    import duckdb

    from voices.store.erasure import pending_told

    told = pending_told(corpus)  # what the interrupted delete had still to say

    try:
        corpus.compact()
    except CorpusError as exc:
        try:
            corpus._con.execute("SELECT 1")
        except duckdb.Error:  # a failed checkpoint (a full disk) invalidates the connection: this
            raise exc from None  # command cannot go on, and "damaged: restore a backup" would be untrue
        log.warning("%s", exc)
        return
    corpus.erasure_finished = True
    log.warning("corpus %s: finished an erasure that was interrupted; no deleted bytes remain", corpus.path)
    for line in told:
        log.warning("%s", line)


def check_schema(corpus: Corpus) -> None:
    """Make a new corpus's tables, refuse another program's file or a newer schema, migrate an older one."""
    con = corpus._con
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "meta" not in tables:
        # every voices corpus has ``meta``, made in one transaction with its first tables: a file with
        # tables and no ``meta`` is another program's database (its own ``documents`` table too),
        # which adding voices' tables and columns to would change
        if tables:
            raise CorpusError(f"{corpus.path} is a DuckDB file but not a voices corpus; check --corpus")
        if not corpus.writable:
            raise CorpusError(f"{corpus.path} holds no corpus yet: ingest something first")
        with corpus.transaction():
            for stmt in CREATE:
                con.execute(stmt)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(BASE_VERSION)])
            run_steps(corpus, BASE_VERSION)
        return
    corpus.created = False  # the file appeared between our look and our connect: someone else's
    version = corpus.schema_version
    latest = current_version()
    if version > latest:
        raise CorpusError(
            f"corpus {corpus.path} has schema version {version}, newer than this voices "
            f"understands ({latest}): upgrade voices (pip install -U voices)"
        )
    if version < latest and corpus.writable:
        # a reading open leaves an older corpus as it is; the first write brings it up to date
        with corpus.transaction():
            run_steps(corpus, version)
        corpus.migrated = (version, latest)
        log.info("migrated corpus %s from schema %s to %s", corpus.path, version, latest)


def run_steps(corpus: Corpus, version: int) -> None:
    """Apply every migration after ``version`` (the caller holds the transaction)."""
    steps = steps_after(version)
    for _, step in steps:
        step(corpus._con)
    if steps:
        corpus._con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(steps[-1][0])])
