"""Opening, writing and reading the corpus file.

Every write happens inside ``Corpus.transaction()``: on any error the corpus is
exactly as before, and a process killed mid-write leaves the last committed
state (DuckDB's write-ahead log). One process may hold a corpus at a time; a
second gets ``CorpusBusyError`` (exit 3).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices._faultpoints import fault_point
from voices.errors import CorpusBusyError, CorpusError, NotFoundError, UsageError
from voices.schemas import CORE_EXPORT_FIELDS
from voices.store import suppression
from voices.store.schema import BASE_VERSION, CREATE, current_version, steps_after

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


@dataclass(frozen=True)
class SourceSummary:
    """One source as ``voices corpus`` shows it."""

    id: str
    title: str
    kind: str
    url: str | None
    documents: int
    kinds: dict[str, int]
    first_posted: str | None
    last_posted: str | None
    max_depth: int
    classified: int


# DuckDB's buffer pool defaults to 80% of the machine's memory; voices keeps every
# step under 2 GB, so the corpus connection gets a bound (VOICES_DUCKDB_MEMORY overrides).
DUCKDB_MEMORY = "512MB"
# tables keyed by doc_id: erasing a document erases its rows in each of them
DOC_TABLES = ("predictions", "labels", "prepared", "validation_sample", "review_queue", "label_history")
# meta key set by ``delete`` with its rows and cleared only in the rewritten file (``compact``)
ERASE_PENDING = "erase_pending"


def _duckdb_config() -> dict[str, str]:
    import os

    return {"memory_limit": os.environ.get("VOICES_DUCKDB_MEMORY", DUCKDB_MEMORY)}


def _is_storage_error(exc: Exception) -> bool:
    text = str(exc)
    return any(s in text for s in ("No space left", "Read-only file system", "Permission denied", "Disk quota"))


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set" in text)


_DAMAGE = ("could not read enough bytes", "corrupt", "checksum", "not a valid duckdb",
           "database has been invalidated", "failed to read", "serialization")


def _is_damage(exc: Exception) -> bool:
    """A DuckDB error that means the file itself is truncated or corrupted."""
    return any(marker in str(exc).lower() for marker in _DAMAGE)


def _damaged(path: Path, exc: Exception) -> CorpusError:
    detail = " ".join(str(exc).split())[:160]
    return CorpusError(f"corpus {path} is damaged ({detail}): restore it from a backup, or ingest "
                       "the source files into a new corpus")


def _not_a_database(path: Path) -> CorpusError:
    return CorpusError(f"{path} is not a voices corpus (not a DuckDB database file): check --corpus")


def _refuse_other_files(path: Path, existed: bool) -> None:
    """A file DuckDB could not open that never was a database (a CSV, a text file given as --corpus)
    is not a damaged corpus: saying so would send the user to a backup that does not exist.

    Only after a failed connect: reading the file while this process holds a DuckDB
    connection to it would drop that connection's lock (POSIX locks go with any close).
    """
    from voices._atomic import is_corpus_file

    if existed and path.is_file() and path.stat().st_size and not is_corpus_file(path):
        raise _not_a_database(path)


def _refuse_in_memory(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """DuckDB "opens" a CSV or JSON file as an in-memory database that reads it: that is no corpus."""
    if all(file is None for _, _, file in con.execute("PRAGMA database_list").fetchall()):
        raise _not_a_database(path)


def _has_values(frame: pd.DataFrame | pa.Table, column: str) -> bool:
    """Whether ``column`` of ``frame`` (pandas or Arrow) holds at least one value."""
    values = frame[column]
    return values.null_count < len(values) if hasattr(values, "null_count") else bool(values.notna().any())


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
        if (not write or not create) and not path.exists():
            raise CorpusError(f"no corpus at {path}: ingest something first (voices ingest FILE)")
        if path.is_dir():
            raise CorpusError(f"{path} is a folder, not a corpus file: give a file path")
        if not path.parent.is_dir():
            raise CorpusError(f"cannot create corpus {path}: folder {path.parent} does not exist: "
                              "create it or give another --corpus")
        existed = path.exists()
        try:
            con = duckdb.connect(str(path), read_only=not write, config=_duckdb_config())
        except duckdb.IOException as exc:
            # a file that was absent a moment ago and is not a database yet is another
            # process's new corpus, caught before it wrote its header
            if _is_lock_error(exc) or (not existed and "not a valid DuckDB" in str(exc)):
                raise CorpusBusyError(
                    f"corpus {path} is busy: another voices process is using it; try again"
                ) from None
            if write and _is_storage_error(exc):
                raise CorpusError(f"cannot write corpus {path}: it is read-only ({' '.join(str(exc).split())}): "
                                  "use a reading command, or copy it somewhere writable") from None
            _refuse_other_files(path, existed)
            if _is_damage(exc):
                raise _damaged(path, exc) from None
            raise CorpusError(f"cannot open corpus {path}: {exc}") from None
        except duckdb.Error as exc:
            _refuse_other_files(path, existed)
            if _is_damage(exc):
                raise _damaged(path, exc) from None
            raise CorpusError(f"{path} is not a voices corpus ({exc}); check --corpus") from None
        corpus = cls(con, path, write)
        corpus.created = not existed
        try:
            _refuse_in_memory(con, path)
            corpus._check_schema()
            if write:
                corpus._finish_erasure()
            elif corpus.erasure_pending():
                # ingest --replace sets the marker too (documents removed, or updated to an edited text)
                log.warning("corpus %s: a delete or ingest --replace was stopped before its rewrite; the documents "
                            "it removed or changed are gone from every table but their old bytes are still in the "
                            "file: run voices delete --compact", path)
            yield corpus
        except duckdb.Error as exc:
            if _is_damage(exc):
                raise _damaged(path, exc) from None
            raise
        finally:
            for c in {id(con): con, id(corpus._con): corpus._con}.values():  # compact reconnects
                with contextlib.suppress(duckdb.Error):
                    c.close()

    def erasure_pending(self) -> bool:
        """True when a ``delete`` (or ``ingest --replace``) was stopped before its rewrite: rows gone, bytes not."""
        return bool(self._con.execute("SELECT value FROM meta WHERE key = ?", [ERASE_PENDING]).fetchall())

    def _finish_erasure(self) -> None:
        """Rewrite the file if a ``delete`` was stopped (a kill, a full disk) before its rewrite."""
        if not self.erasure_pending():
            return
        try:
            self.compact()
        except CorpusError as exc:
            log.warning("%s", exc)
            return
        self.erasure_finished = True
        log.warning("corpus %s: finished an erasure that was interrupted; no deleted bytes remain", self.path)

    def _check_schema(self) -> None:
        con = self._con
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" not in tables:
            # every voices corpus has ``meta``, made in one transaction with its first tables: a file with
            # tables and no ``meta`` is another program's database (its own ``documents`` table too),
            # which adding voices' tables and columns to would change
            if tables:
                raise CorpusError(f"{self.path} is a DuckDB file but not a voices corpus; check --corpus")
            if not self.writable:
                raise CorpusError(f"{self.path} holds no corpus yet: ingest something first")
            with self.transaction():
                for stmt in CREATE:
                    con.execute(stmt)
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(BASE_VERSION)])
                self._run_steps(BASE_VERSION)
            return
        self.created = False  # the file appeared between our look and our connect: someone else's
        version = self.schema_version
        latest = current_version()
        if version > latest:
            raise CorpusError(
                f"corpus {self.path} has schema version {version}, newer than this voices "
                f"understands ({latest}): upgrade voices (pip install -U voices)"
            )
        if version < latest and self.writable:
            # a reading open leaves an older corpus as it is; the first write brings it up to date
            with self.transaction():
                self._run_steps(version)
            self.migrated = (version, latest)
            log.info("migrated corpus %s from schema %s to %s", self.path, version, latest)

    def _run_steps(self, version: int) -> None:
        """Apply every migration after ``version`` (the caller holds the transaction)."""
        steps = steps_after(version)
        for _, step in steps:
            step(self._con)
        if steps:
            self._con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(steps[-1][0])])

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
        """Whether ``table`` has ``column`` (an older corpus, opened to read, may not)."""
        return bool(self._con.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
            [table, column]).fetchall()[0][0])

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
            if isinstance(exc, duckdb.Error) and _is_storage_error(exc):
                raise self._storage_error(exc) from None
            raise
        try:
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            raise self._storage_error(exc) from None

    def _storage_error(self, exc: Exception) -> CorpusError:
        reason = " ".join(str(exc).split())
        return CorpusError(f"could not write corpus {self.path} ({reason}): nothing from this run was stored; "
                           "free disk space (or make the corpus writable) and rerun")

    def sql(self, query: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Run a query on the corpus (for modules inside ``voices.store`` and tests).

        Fetch results with ``fetchall()`` or ``fetchdf()``: DuckDB 2 keeps a result
        open after ``fetchone()`` and refuses the next query on the connection.
        """
        return self._con.execute(query, params or [])

    # ---- sources -------------------------------------------------------------------
    def upsert_source(self, sid: str, title: str, url: str | None, kind: str, origin: str) -> None:
        """Record a source, or note that it was ingested again."""
        now = utcnow()
        self._con.execute(
            """INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET last_ingested = excluded.last_ingested,
                 url = coalesce(sources.url, excluded.url)""",
            [sid, title, url, kind, origin, now, now],
        )

    def resolve_sources(self, wanted: Iterable[str]) -> list[str]:
        """Full source ids for ids or unique id prefixes; ``NotFoundError`` names the bad one."""
        ids = [r[0] for r in self._con.execute("SELECT id FROM sources ORDER BY id").fetchall()]
        out: list[str] = []
        for w in wanted:
            hits = [i for i in ids if i == w] or [i for i in ids if i.startswith(w)]
            if not hits:
                raise NotFoundError(f"no source {w!r} in corpus {self.path}: see voices corpus")
            if len(hits) > 1:
                raise NotFoundError(f"source prefix {w!r} is ambiguous ({', '.join(hits[:3])}...): give more of it")
            out.append(hits[0])
        return out

    # ---- documents -----------------------------------------------------------------
    def add_documents(self, frame: pd.DataFrame | pa.Table) -> tuple[int, int]:
        """Insert new documents (``DOCUMENT_COLUMNS``, as a DataFrame or an Arrow table) and bring
        positions of known ones up to date.

        Returns ``(added, repositioned)``. Documents already stored keep their id,
        text and ingest time; one stored without its ``original_id`` gets it.
        """
        self._con.register("_incoming", frame)
        try:
            cols = ", ".join(DOCUMENT_COLUMNS)
            repositioned = self._con.execute(
                """UPDATE documents SET position = i.position FROM _incoming i
                   WHERE documents.id = i.id AND documents.position <> i.position"""
            ).fetchall()[0][0]
            if _has_values(frame, "original_id"):  # only records files carry one: thread pages skip the join
                self._con.execute(  # stored before voices kept the record's own id: the file gives it now
                    """UPDATE documents SET original_id = i.original_id FROM _incoming i
                       WHERE documents.id = i.id AND documents.original_id IS NULL AND i.original_id IS NOT NULL""")
            added = self._con.execute(
                f"""INSERT INTO documents ({cols})
                    SELECT {cols} FROM _incoming i
                    WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = i.id)"""
            ).fetchall()[0][0]
        finally:
            self._con.unregister("_incoming")
        return int(added), int(repositioned)

    def update_documents(self, frame: pd.DataFrame | pa.Table) -> int:
        """``ingest --replace``: bring stored documents up to what the files now hold (inside the
        caller's transaction); returns how many changed.

        A document keeps its id when its text or a field is edited (a moderated comment, a
        column given another role), so without this the corpus kept the old text, name or
        phone number the user re-ingested to be rid of. Predictions and cached entities of a
        changed document go, as do stored theme-discovery runs (they quote texts); its label
        stays when only a field changed (``supersede_labels`` moves it when the text did). The
        old values stay in the file's bytes until the caller rewrites it (the erasure marker is
        set, as for removed documents).
        """
        # original_id comes from the same record id as the document id, so it never differs; a document
        # stored before voices kept it has none, and add_documents fills that in without a change
        fields = [c for c in DOCUMENT_COLUMNS if c not in ("id", "position", "ingested_at", "original_id")]
        differs = " OR ".join(f"d.{c} IS DISTINCT FROM i.{c}" for c in fields)
        self._con.register("_incoming", frame)
        try:
            changed = [r[0] for r in self._con.execute(
                f"SELECT i.id FROM _incoming i JOIN documents d ON d.id = i.id WHERE {differs}").fetchall()]
            if not changed:
                return 0
            wanted = "(SELECT unnest(?::VARCHAR[]))"
            for table in ("predictions", "prepared"):  # derived from the old text
                self._con.execute(f"DELETE FROM {table} WHERE doc_id IN {wanted}", [changed])
            self._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
            sets = ", ".join(f"{c} = i.{c}" for c in fields)
            self._con.execute(f"UPDATE documents SET {sets} FROM _incoming i "
                              f"WHERE documents.id = i.id AND documents.id IN {wanted}", [changed])
            self._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")
        finally:
            self._con.unregister("_incoming")
        return len(changed)

    def supersede_labels(self, frame: pd.DataFrame | pa.Table, reason: str = "text updated by ingest --replace"
                         ) -> list[str]:
        """Move to ``label_history`` the labels of documents whose stored text ``frame`` changes
        (inside the caller's transaction); returns their ids, sorted.

        A label given to one text is no evidence about another: left in place it would be trained
        on, counted in the validation sample and shown as a person's label of the new text.
        """
        self._con.register("_incoming", frame)
        try:
            ids = [r[0] for r in self._con.execute(
                """SELECT i.id FROM _incoming i JOIN documents d ON d.id = i.id JOIN labels l ON l.doc_id = i.id
                   WHERE d.text IS DISTINCT FROM i.text ORDER BY i.id""").fetchall()]
        finally:
            self._con.unregister("_incoming")
        if ids:
            wanted = "(SELECT unnest(?::VARCHAR[]))"
            self._con.execute(f"""INSERT INTO label_history SELECT doc_id, stance, themes, labelled_by, labelled_at,
                                  ?, ? FROM labels WHERE doc_id IN {wanted}""", [utcnow(), reason, ids])
            self._con.execute(f"DELETE FROM labels WHERE doc_id IN {wanted}", [ids])
        return ids

    def stored_with_other_text(self, frame: pd.DataFrame | pa.Table) -> list[str]:
        """Ids in ``frame`` (``id``, ``text``) that the corpus holds with another text, sorted.

        ``add_documents`` keeps the stored text of a known id; ingest says when that drops a different text.
        """
        self._con.register("_incoming", frame)
        try:
            rows = self._con.execute(
                """SELECT i.id FROM _incoming i JOIN documents d ON d.id = i.id
                   WHERE d.text IS DISTINCT FROM i.text ORDER BY i.id"""
            ).fetchall()
        finally:
            self._con.unregister("_incoming")
        return [r[0] for r in rows]

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

    def copied_source(self, source_id: str, probe: int = 20) -> tuple[str, str, int, int] | None:
        """Another source holding at least half the telling documents of ``source_id``, and (nearly) all
        of its own: the same text, author, date, respondent and own id (where both have one); without
        author or date, the same position too, and a text found once in ``source_id`` (a recurring "No"
        tells nothing).

        The same file under another name is another source (a source is known by its title, a
        file's name without one), so its documents would be stored twice; so would the old rows
        of a later export of a consultation saved under a new name. A random ``probe`` of the
        documents (by id, a hash) is compared first, so a source that is no copy costs one small join.

        Returns
        -------
        (str, str, int, int) or None
            The other source's id and title, how many documents it repeats, and how many there are.
        """
        # a text with neither author nor date must also hold the same place: short answers ("Agree")
        # recur across different files, but not at the same positions. Another respondent, or another
        # id in the user's own file, is another record whatever its text: a second survey wave repeats
        # the first's "No" and "Agree" at the same places, from other people. Where most answers are
        # one "No", two waves also share it at most places by chance, with the same row numbers as ids:
        # only a text found once in its file tells a copy by its place (the window counts the whole
        # source, before the probe's LIMIT)
        query = """WITH n AS (SELECT id, text, author, posted_at, position, respondent_id, original_id,
                                     author IS NOT NULL OR posted_at IS NOT NULL
                                         OR count(*) OVER (PARTITION BY text) = 1 AS telling
                            FROM documents WHERE source_id = ? {limit}),
                        told AS (SELECT count(*) FILTER (WHERE telling) AS told, count(*) AS total FROM n)
                   SELECT o.source_id, s.title, count(DISTINCT n.id) AS k, any_value(told.total) AS total,
                          (SELECT count(*) FROM documents a WHERE a.source_id = o.source_id) AS theirs
                   FROM n JOIN documents o ON o.text = n.text AND o.source_id <> ?
                        AND o.author IS NOT DISTINCT FROM n.author AND o.posted_at IS NOT DISTINCT FROM n.posted_at
                        AND (n.author IS NOT NULL OR n.posted_at IS NOT NULL OR o.position = n.position)
                        AND o.respondent_id IS NOT DISTINCT FROM n.respondent_id
                        AND (o.original_id IS NULL OR n.original_id IS NULL OR o.original_id = n.original_id)
                   JOIN sources s ON s.id = o.source_id CROSS JOIN told
                   GROUP BY o.source_id, s.title
                   HAVING 2 * count(DISTINCT n.id) FILTER (WHERE n.telling) >= any_value(told.told)
                      AND any_value(told.told) {some} 0 {whole}
                   ORDER BY k DESC, o.source_id LIMIT 1"""
        # a probe with no telling text decides nothing: the whole source does. The whole source, unlike
        # the probe, must also repeat (nearly) all of the stored one: a copy or a later export holds every
        # old answer, and a match of one or two texts is a copy only when both sources are just those
        whole = "AND 10 * k >= 9 * theirs AND (k >= 3 OR (k = total AND k = theirs))"
        for limit, some, extra in ((f"ORDER BY id LIMIT {int(probe)}", ">=", ""), ("", ">", whole)):
            row = self._con.execute(query.format(limit=limit, some=some, whole=extra),
                                    [source_id, source_id]).fetchone()
            if row is None:
                return None
        return row[0], row[1], int(row[2]), int(row[3])

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

    def _where(self, source_ids: Sequence[str] | None, alias: str = "d") -> tuple[str, list[Any]]:
        if not source_ids:
            return "TRUE", []
        marks = ", ".join("?" for _ in source_ids)
        return f"{alias}.source_id IN ({marks})", list(source_ids)

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
        """SQL selecting the export contract's fields (document order: source, position)."""
        where, params = self._where(source_ids)
        # a reading open of an older corpus (schema < 3) has no attributes column yet
        attributes = "d.attributes" if self.has_column("documents", "attributes") else "NULL AS attributes"
        original = "d.original_id" if self.has_column("documents", "original_id") else "NULL AS original_id"
        human, human_join = self._human_columns()
        pred = ""
        join = ""
        if predictions:
            pred = """, p.stance, p.stance_probability, p.stance_uncertain,
                    p.themes, p.theme_probabilities, p.stance_model, p.themes_model,
                    p.status AS classification_status, p.language"""
            join = "LEFT JOIN predictions p ON p.doc_id = d.id"
        query = f"""SELECT d.id, d.source_id, s.title AS source_title, d.kind, d.position,
                    d.author, d.posted_at, d.parent_id, d.question_id, d.question,
                    d.respondent_id, d.respondent_type, d.organisation, d.closed_answer,
                    d.text, {attributes}, {human}, {original}{pred}
                 FROM documents d JOIN sources s ON s.id = d.source_id {human_join} {join}
                 WHERE {where} ORDER BY d.source_id, d.position, d.id"""
        return query, params

    def _human_columns(self) -> tuple[str, str]:
        """The export's human-label columns and their joins (an older corpus may lack the sample)."""
        sample = self.has_table("validation_sample")
        cols = ("l.stance AS human_stance, l.themes AS human_themes, l.labelled_by, "
                + ("v.doc_id IS NOT NULL AS validation" if sample else "false AS validation"))
        join = "LEFT JOIN labels l ON l.doc_id = d.id" + (
            " LEFT JOIN validation_sample v ON v.doc_id = d.id" if sample else "")
        return cols, join

    def has_predictions(self) -> bool:
        return bool(self._con.execute("SELECT count(*) FROM predictions").fetchall()[0][0])

    # ---- summary -------------------------------------------------------------------
    def summary(self) -> list[SourceSummary]:
        """Per source: counts by kind, date range, deepest reply chain, classified count."""
        rows = self._con.execute(
            """WITH RECURSIVE depth(id, source_id, d) AS (
                   SELECT id, source_id, 0 FROM documents WHERE parent_id IS NULL
                   UNION ALL
                   SELECT c.id, c.source_id, depth.d + 1 FROM documents c
                   JOIN depth ON c.parent_id = depth.id
               ),
               maxdepth AS (SELECT source_id, max(d) AS md FROM depth GROUP BY source_id),
               kinds AS (SELECT source_id, kind, count(*) AS n FROM documents GROUP BY ALL)
               SELECT s.id, s.title, s.kind, s.url, count(d.id) AS n,
                      min(d.posted_at), max(d.posted_at), coalesce(any_value(m.md), 0),
                      count(p.doc_id),
                      (SELECT list(struct_pack(k := kind, n := n) ORDER BY kind) FROM kinds WHERE kinds.source_id = s.id)
               FROM sources s
               LEFT JOIN documents d ON d.source_id = s.id
               LEFT JOIN maxdepth m ON m.source_id = s.id
               LEFT JOIN predictions p ON p.doc_id = d.id
               GROUP BY s.id, s.title, s.kind, s.url
               ORDER BY s.title, s.id"""
        ).fetchall()
        return [
            SourceSummary(
                id=r[0], title=r[1], kind=r[2], url=r[3], documents=int(r[4]),
                first_posted=r[5], last_posted=r[6], max_depth=int(r[7]), classified=int(r[8]),
                kinds={k["k"]: int(k["n"]) for k in (r[9] or [])},
            )
            for r in rows
        ]

    # ---- deletion ------------------------------------------------------------------
    def delete(self, *, source_id: str | None = None, respondent_id: str | None = None) -> int:
        """Erase a source's or a respondent's documents and everything derived from them.

        With both, only that respondent's answers in that source go. A respondent id
        found in several sources is refused without ``source_id``: ids such as
        ``row-2`` or ``1`` name different people in different consultations.

        Keyed digests of what goes are recorded in the same transaction (``voices.store.suppression``),
        so ingesting it again skips it. Returns the number of documents removed; ``NotFoundError`` if there were none,
        ``UsageError`` for a respondent id that needs its source.
        """
        given = {col: v for col, v in (("source_id", source_id), ("respondent_id", respondent_id))
                 if v is not None}
        if not given:
            raise ValueError("give source_id, respondent_id or both")
        cond, values = " AND ".join(f"{col} = ?" for col in given), list(given.values())
        whole_source = respondent_id is None
        with self.transaction():
            ids_sql = f"SELECT id FROM documents WHERE {cond}"
            if respondent_id is not None:
                self._check_respondent(respondent_id, source_id, ids_sql, values)
            n = int(self._con.execute(f"SELECT count(*) FROM ({ids_sql})", values).fetchall()[0][0])
            # remembered, as keyed digests only, so that ingesting the same file again does not bring them back
            suppression.record(self, cond, values, utcnow())
            for table in DOC_TABLES:
                self._con.execute(f"DELETE FROM {table} WHERE doc_id IN ({ids_sql})", values)
            self._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
            # replies to erased documents stay, detached: their own authors did not ask to go
            self._con.execute(
                f"UPDATE documents SET parent_id = NULL WHERE parent_id IN ({ids_sql}) AND NOT ({cond})",
                values + values,
            )
            self._con.execute(f"DELETE FROM documents WHERE {cond}", values)
            self._con.execute(f"DELETE FROM responses WHERE {cond}", values)  # their ratings too
            # until the rewrite below succeeds, the deleted bytes are still in the file: a kill
            # or a failure in between is finished by the next writing open
            self._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")
            self._con.execute(
                "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM documents UNION SELECT source_id FROM responses)"
                + (" OR id = ?" if whole_source else ""),
                [source_id] if whole_source else [],
            )
        fault_point("delete.committed")
        self.compact()
        return n

    def add_responses(self, rows: Sequence[tuple[str, str, str | None, str | None]], *, replace_sources: bool) -> None:
        """Store ``(source id, respondent id, attributes, ratings)`` rows (the latest read wins).

        With ``replace_sources`` the sources' earlier rows go first (``ingest --replace``); when
        any of them is not among the new rows (a respondent who only rated has gone, or their
        answers changed), the erasure marker is set so that the caller's rewrite takes its bytes.
        """
        if replace_sources:
            sids = sorted({r[0] for r in rows})
            where = "WHERE source_id IN (SELECT unnest(?::VARCHAR[]))"
            before = {tuple(r) for r in self._con.execute(f"SELECT * FROM responses {where}", [sids]).fetchall()}
            if before - {tuple(r) for r in rows}:
                self._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")
            self._con.execute(f"DELETE FROM responses {where}", [sids])
        if rows:
            self._con.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)", [list(r) for r in rows])

    def labelled_among(self, ids: Sequence[str]) -> list[str]:
        """Which of ``ids`` carry a human label (sorted)."""
        return self._ids_in("labels", "doc_id", ids)

    def sampled_among(self, ids: Sequence[str]) -> int:
        """How many of ``ids`` are in the validation sample."""
        return len(self._ids_in("validation_sample", "doc_id", ids))

    def remove_documents(self, ids: Sequence[str]) -> None:
        """Remove documents and what derives from them, inside the caller's transaction (``ingest --replace``).

        Replies to a removed document stay, detached, as in ``delete``.
        """
        if not ids:
            return
        wanted = "(SELECT unnest(?::VARCHAR[]))"
        for table in DOC_TABLES:
            self._con.execute(f"DELETE FROM {table} WHERE doc_id IN {wanted}", [list(ids)])
        self._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
        self._con.execute(f"UPDATE documents SET parent_id = NULL WHERE parent_id IN {wanted}", [list(ids)])
        self._con.execute(f"DELETE FROM documents WHERE id IN {wanted}", [list(ids)])
        # the caller rewrites the file after its commit; a kill before that is finished by the next writing open
        self._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")

    def compact(self) -> None:
        """Rewrite the corpus file with only its live rows: deleted bytes leave the disk."""
        from voices.store.compact import rewrite_live

        rewrite_live(self)

    def texts_of(self, *, source_id: str | None = None, respondent_id: str | None = None) -> list[str]:
        """The texts ``delete`` with the same arguments would erase."""
        return self._to_delete("text", source_id, respondent_id)

    def ids_of(self, *, source_id: str | None = None, respondent_id: str | None = None) -> list[str]:
        """The ids of the documents ``delete`` with the same arguments would erase."""
        return self._to_delete("id", source_id, respondent_id)

    def _to_delete(self, column: str, source_id: str | None, respondent_id: str | None) -> list[str]:
        given = [(col, v) for col, v in (("source_id", source_id), ("respondent_id", respondent_id)) if v is not None]
        cond = " AND ".join(f"{col} = ?" for col, _ in given) or "FALSE"
        return [r[0] for r in self._con.execute(f"SELECT {column} FROM documents WHERE {cond}",
                                                [v for _, v in given]).fetchall()]

    def _check_respondent(self, respondent_id: str, source_id: str | None, ids_sql: str,
                          values: list[Any]) -> None:
        rated = ids_sql.replace("SELECT id FROM documents", "SELECT source_id FROM responses")
        sources = [r[0] for r in self._con.execute(  # a respondent who only rated has no documents
            f"SELECT DISTINCT source_id FROM documents WHERE id IN ({ids_sql}) UNION {rated} ORDER BY 1",
            values + values,
        ).fetchall()]
        where = f" in source {source_id}" if source_id else ""
        if not sources:
            raise NotFoundError(f"no documents for respondent {respondent_id!r}{where} in {self.path}: "
                                "check the id (voices export shows them)")
        if len(sources) > 1:
            raise UsageError(f"respondent {respondent_id!r} is in {len(sources)} sources "
                             f"({', '.join(sources[:5])}): add --source ID to say which one")
