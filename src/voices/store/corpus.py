"""Opening, writing and reading the corpus file.

Every write happens inside ``Corpus.transaction()``: on any error the corpus is
exactly as before, and a process killed mid-write leaves the last committed
state (DuckDB's write-ahead log). One process may hold a corpus at a time; a
second gets ``CorpusBusyError`` (exit 3).

``Corpus`` is what callers hold; some of its methods are carried out elsewhere in
``voices.store``: connecting and what DuckDB's errors mean (``_connect``), what opening
does to the file (``opening``: new tables, migrations, an interrupted erasure finished),
what ingest writes and checks (``ingest_docs``), the export query (``export_sql``), the
per-source summary (``source_summary``) and erasing documents (``erasure``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.errors import NotFoundError
from voices.schemas import CORE_EXPORT_FIELDS
from voices.store import export_sql, opening
from voices.store._connect import connect, damaged, is_damage, is_storage_error, refuse_path, storage_error
from voices.store.source_summary import SourceSummary, source_summaries

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger(__name__)

# The documents table: the export's document fields that are stored (the source title lives
# in sources; position comes before kind), then the ingest time.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id", "source_id", "position", "kind", *CORE_EXPORT_FIELDS[5:], "attributes", "original_id", "ingested_at",
)
PREDICTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "status",
    "language",
    "stance",
    "stance_probability",
    "stance_probabilities",
    "stance_uncertain",
    "themes",
    "theme_probabilities",
    "stance_model",
    "themes_model",
    "classified_at",
)


def utcnow() -> datetime:
    """Now, in UTC without tzinfo (how the corpus stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


# tables keyed by doc_id: erasing a document erases its rows in each of them
DOC_TABLES = ("predictions", "labels", "prepared", "validation_sample", "review_queue", "label_history")
# meta key set by ``delete`` with its rows and cleared only in the rewritten file (``compact``)
ERASE_PENDING = "erase_pending"


class Corpus:
    """A voices corpus file. Use ``Corpus.open(path, write=...)`` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, write: bool) -> None:
        self._con = con
        self.path = path
        self.writable = write
        #: ``(old, new)`` schema versions when this open migrated the corpus, else None
        self.migrated: tuple[int, int] | None = None
        # this connection made the file (absent before it connected) and its schema
        self.created = False
        # this open rewrote the file to finish an interrupted erasure
        self.erasure_finished = False
        # (table, column) pairs has_column found: columns only come with the schema steps run at open
        self._columns: set[tuple[str, str]] = set()

    # ---- opening -------------------------------------------------------------------
    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path | str, *, write: bool = False, create: bool = True) -> Iterator[Corpus]:
        """Open the corpus at ``path``; created when opened for writing and absent.

        ``create=False`` refuses a missing corpus even for writing (commands that
        change what is there, such as ``delete``, must not leave an empty one behind).

        Raises
        ------
        CorpusBusyError
            Another process holds the file.
        CorpusError
            No corpus there (read-only open), not a corpus, or from a newer voices.
        """
        import duckdb

        path = Path(path)
        refuse_path(path, write, create)
        existed = path.exists()
        con = connect(path, write, existed)
        corpus = cls(con, path, write)
        corpus.created = not existed
        try:
            opening.prepare(corpus)
            yield corpus
        except duckdb.Error as exc:
            if is_damage(exc):
                raise damaged(path, exc) from None
            raise
        finally:
            for c in {id(con): con, id(corpus._con): corpus._con}.values():  # compact reconnects
                with contextlib.suppress(duckdb.Error):
                    c.close()

    def erasure_pending(self) -> bool:
        """True when a ``delete`` (or ``ingest --replace``) was stopped before its rewrite: rows gone, bytes not."""
        return bool(self._con.execute("SELECT value FROM meta WHERE key = ?", [ERASE_PENDING]).fetchall())

    def remove_created(self) -> None:
        """Remove the corpus file (and WAL) this connection created, while it still holds the lock.

        For a call that created a corpus and then failed: it leaves nothing behind.
        Only the creator may do this, and only before it lets go of the lock, so a
        process that lost a race for a new corpus never removes the winner's file.
        """
        if not self.created or not self.writable:
            raise RuntimeError("only the connection that created a corpus may remove it")
        self._con.execute("CHECKPOINT")
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                log.warning("could not remove %s after a failed call", p)

    @property
    def schema_version(self) -> int:
        """The corpus's schema version (older than ``SCHEMA_VERSION`` in a read-only open of an old corpus)."""
        rows = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows else 0

    def has_column(self, table: str, column: str) -> bool:
        """Whether ``table`` has ``column`` (an older corpus, opened to read, may not).

        A column found is remembered for this open: ingest asks once per source (``id_rule``), and
        each ``information_schema`` query took about 2 ms inside a large write (0.8 s per 200k comments).
        """
        if (table, column) in self._columns:
            return True
        found = bool(self._con.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
            [table, column]).fetchall()[0][0])
        if found:
            self._columns.add((table, column))
        return found

    def has_table(self, name: str) -> bool:
        """Whether the corpus has table ``name`` (an older corpus, opened to read, may not)."""
        return bool(self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()[0][0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: commit on success, roll back on any exception.

        A commit or write the disk refuses (full, read-only) is a ``CorpusError``
        saying that nothing from the transaction was stored.
        """
        import duckdb

        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException as exc:
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error) and is_storage_error(exc):
                raise storage_error(self.path, exc) from None
            raise
        try:
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            raise storage_error(self.path, exc) from None

    def sql(self, query: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Run a query on the corpus (for modules inside ``voices.store`` and tests).

        Fetch results with ``fetchall()`` or ``fetchdf()``: DuckDB 2 keeps a result
        open after ``fetchone()`` and refuses the next query on the connection.
        """
        return self._con.execute(query, params or [])

    # ---- sources -------------------------------------------------------------------
    def upsert_source(self, sid: str, title: str, url: str | None, kind: str, origin: str,
                      id_rule: int | None = None) -> None:
        """Record a source under ``id_rule`` (default: the newest, ``voices.ids.ID_RULE``), or note that it was
        ingested again (a stored source keeps the rule it has, unless that is 0: a voices export's, not known)."""
        from voices.ids import ID_RULE

        now = utcnow()
        self._con.execute(
            """INSERT INTO sources (id, title, url, kind, origin, first_ingested, last_ingested, id_rule)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET last_ingested = excluded.last_ingested,
                 url = coalesce(sources.url, excluded.url),
                 id_rule = CASE WHEN sources.id_rule = 0 THEN excluded.id_rule ELSE sources.id_rule END""",
            [sid, title, url, kind, origin, now, now, ID_RULE if id_rule is None else id_rule],
        )

    def id_rule(self, sid: str) -> int | None:
        """The id rule source ``sid`` was stored under (``voices.ids``), or None when no such source is stored."""
        from voices.ids import FIRST_ID_RULE

        rule = "id_rule" if self.has_column("sources", "id_rule") else "NULL"  # a reading open of an older corpus
        rows = self._con.execute(f"SELECT {rule} FROM sources WHERE id = ?", [sid]).fetchall()
        return (FIRST_ID_RULE if rows[0][0] is None else int(rows[0][0])) if rows else None

    def resolve_sources(self, wanted: Iterable[str]) -> list[str]:
        """Full source ids for ids, unique id prefixes, or the keyed ids (or prefixes) redacted outputs
        show (``store.keyed_ids.keyed_source_matches``); ``NotFoundError`` names the bad one."""
        from voices.store.keyed_ids import keyed_source_matches, refuse_short_prefix

        ids = [r[0] for r in self._con.execute("SELECT id FROM sources ORDER BY id").fetchall()]
        out: list[str] = []
        for w in wanted:
            hits = [i for i in ids if i == w] or [i for i in ids if i.startswith(w)]
            keyed = not hits and bool(hits := keyed_source_matches(self, w, ids))
            if not hits:
                refuse_short_prefix(w, "source")
                raise NotFoundError(f"no source {w!r} in corpus {self.path}: see voices corpus")
            if len(hits) > 1:  # a keyed prefix, from a redacted output, is not answered with the plain ids
                some = f"{len(hits)} sources" if keyed else f"{', '.join(hits[:3])}..."
                raise NotFoundError(f"source prefix {w!r} is ambiguous ({some}): give more of it")
            out.append(hits[0])
        return out

    # ---- documents -----------------------------------------------------------------
    def add_documents(self, frame: pd.DataFrame | pa.Table) -> tuple[int, int]:
        """Insert new documents and bring positions of known ones up to date (``ingest_docs.add_documents``)."""
        from voices.store import ingest_docs

        return ingest_docs.add_documents(self, frame)

    def update_documents(self, frame: pd.DataFrame | pa.Table, cues: set[str] | None = None) -> int:
        """``ingest --replace``: bring stored documents up to what the files now hold; how many changed
        (``cues``: gathers the adopted theme cues the old texts held, ``ingest_docs.update_documents``)."""
        from voices.store import ingest_docs

        return ingest_docs.update_documents(self, frame, cues)

    def supersede_labels(self, frame: pd.DataFrame | pa.Table, reason: str = "text updated by ingest --replace"
                         ) -> list[str]:
        """Move to ``label_history`` the labels of documents whose text ``frame`` changes; their ids."""
        from voices.store import ingest_docs

        return ingest_docs.supersede_labels(self, frame, reason)

    def stored_with_other_text(self, frame: pd.DataFrame | pa.Table) -> list[str]:
        """Ids in ``frame`` (``id``, ``text``) that the corpus holds with another text, sorted."""
        from voices.store import ingest_docs

        return ingest_docs.stored_with_other_text(self, frame)

    def _ids_in(self, table: str, column: str, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` found in ``table.column``, sorted (none when the table is absent)."""
        if not ids or not self.has_table(table):
            return []
        rows = self._con.execute(f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[])) "
                                 f"ORDER BY {column}", [list(ids)]).fetchall()
        return [r[0] for r in rows]

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` that are stored documents' ids."""
        return set(self._ids_in("documents", "id", ids))

    def copied_source(self, source_id: str, probe: int = 20, given: list[tuple] | None = None,
                      before: Sequence[tuple] = ()) -> tuple[str, str, int, int] | None:
        """Another source that is a copy of ``source_id`` (``ingest_docs.copied_source``), or None; ``before``:
        the rows an older reading gave ahead of its documents (``ingest_docs.copied_read_before``)."""
        from voices.store import ingest_docs

        found = ingest_docs.copied_source(self, source_id, probe, given)
        return found if found is not None or not before else ingest_docs.copied_read_before(
            self, source_id, probe, given, before)

    def source_order(self, source_id: str) -> list[str]:
        """Ids of a source's documents in position order (empty for a new source)."""
        rows = self._con.execute(
            "SELECT id FROM documents WHERE source_id = ? ORDER BY position, id", [source_id]
        ).fetchall()
        return [r[0] for r in rows]

    def set_positions(self, ordered_ids: Sequence[str]) -> int:
        """Number documents 1, 2, ... in the given order; returns how many positions changed."""
        import pandas as pd

        frame = pd.DataFrame({"id": list(ordered_ids), "position": range(1, len(ordered_ids) + 1)})
        self._con.register("_order", frame)
        try:
            changed = self._con.execute(
                """UPDATE documents SET position = o.position FROM _order o
                   WHERE documents.id = o.id AND documents.position <> o.position"""
            ).fetchall()[0][0]
        finally:
            self._con.unregister("_order")
        return int(changed)

    def count_documents(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM documents").fetchall()[0][0])

    def iter_frames(
        self,
        query: str,
        params: Sequence[Any] | None = None,
        batch_size: int = 50_000,
    ) -> Iterator[pd.DataFrame]:
        """Stream a query's result as pandas frames of at most ``batch_size`` rows."""
        rel = self._con.sql(query, params=list(params or []))
        # duckdb 2 renamed a relation's record_batch to to_arrow_reader
        fetch = getattr(rel, "to_arrow_reader", None) or rel.record_batch
        for batch in fetch(batch_size):
            yield batch.to_pandas()

    def export_query(self, source_ids: Sequence[str] | None = None, predictions: bool = True) -> tuple[str, list[Any]]:
        """SQL selecting the export contract's fields (document order: source, position; ``export_sql``)."""
        return export_sql.export_query(self, source_ids, predictions)

    def has_predictions(self) -> bool:
        return bool(self._con.execute("SELECT count(*) FROM predictions").fetchall()[0][0])

    # ---- summary -------------------------------------------------------------------
    def summary(self) -> list[SourceSummary]:
        """Per source: counts by kind, date range, deepest reply chain, classified count."""
        return source_summaries(self)

    # ---- deletion ------------------------------------------------------------------
    def delete(self, *, source_id: str | None = None, respondent_id: str | None = None,
               names: Mapping[str, str] | None = None) -> int:
        """Erase a source's or a respondent's documents and everything derived from them (``erasure.delete``);
        ``names``: the erased authors' name terms, kept as keyed digests (``voices.store.erased_names``)."""
        from voices.store import erasure

        return erasure.delete(self, source_id=source_id, respondent_id=respondent_id, names=names)

    def add_responses(self, rows: Sequence[tuple[str, str, str | None, str | None]], *, replace_sources: bool) -> None:
        """Store ``(source id, respondent id, attributes, ratings)`` rows (the latest read wins)."""
        from voices.store import ingest_docs

        ingest_docs.add_responses(self, rows, replace_sources=replace_sources)

    def labelled_among(self, ids: Sequence[str]) -> list[str]:
        """Which of ``ids`` carry a human label (sorted)."""
        return self._ids_in("labels", "doc_id", ids)

    def sampled_among(self, ids: Sequence[str]) -> int:
        """How many of ``ids`` are in the validation sample."""
        return len(self._ids_in("validation_sample", "doc_id", ids))

    def remove_documents(self, ids: Sequence[str]) -> None:
        """Remove documents and what derives from them, inside the caller's transaction (``ingest --replace``)."""
        from voices.store import erasure

        erasure.remove_documents(self, ids)

    def compact(self) -> None:
        """Rewrite the corpus file with only its live rows: deleted bytes leave the disk."""
        from voices.store.compact import rewrite_live

        rewrite_live(self)

    def texts_of(self, *, source_id: str | None = None, respondent_id: str | None = None) -> list[str]:
        """The texts ``delete`` with the same arguments would erase."""
        from voices.store import erasure

        return erasure.to_delete(self, "text", source_id, respondent_id)

    def ids_of(self, *, source_id: str | None = None, respondent_id: str | None = None) -> list[str]:
        """The ids of the documents ``delete`` with the same arguments would erase."""
        from voices.store import erasure

        return erasure.to_delete(self, "id", source_id, respondent_id)
