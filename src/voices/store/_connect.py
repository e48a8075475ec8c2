"""Connecting to a corpus file, and what DuckDB's errors there mean to the user.

DuckDB reports a lock held by another process, a full or read-only disk, a damaged file
and a file that never was a database in the words of its own internals; these say which
one it was and what to do (``CorpusBusyError``, exit 3, or ``CorpusError``). ``Corpus.open``
refuses a path before connecting (``refuse_path``: no corpus there, a folder, a folder that does
not exist) and connects through ``connect``; ``Corpus.transaction`` says a commit the disk
refused (``storage_error``), and the rewrite that erases deleted bytes (``voices.store.compact``)
takes the connection's settings (``duckdb_config``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from voices.errors import CorpusBusyError, CorpusError

if TYPE_CHECKING:
    import duckdb

# DuckDB's buffer pool defaults to 80% of the machine's memory; voices keeps every
# step under 2 GB, so the corpus connection gets a bound (VOICES_DUCKDB_MEMORY overrides).
DUCKDB_MEMORY = "512MB"


def duckdb_config() -> dict[str, str]:
    import os

    return {"memory_limit": os.environ.get("VOICES_DUCKDB_MEMORY", DUCKDB_MEMORY)}


def is_storage_error(exc: Exception) -> bool:
    text = str(exc)
    return any(s in text for s in ("No space left", "Read-only file system", "Permission denied", "Disk quota"))


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set" in text)


_DAMAGE = ("could not read enough bytes", "corrupt", "checksum", "not a valid duckdb",
           "database has been invalidated", "failed to read", "serialization")


def refuse_path(path: Path, write: bool, create: bool) -> None:
    """Refuse a corpus path before connecting: none there (unless opened to write and create), a folder, or a
    file in a folder that does not exist."""
    if (not write or not create) and not path.exists():
        raise CorpusError(f"no corpus at {path}: ingest something first (voices ingest FILE)")
    if path.is_dir():
        raise CorpusError(f"{path} is a folder, not a corpus file: give a file path")
    if not path.parent.is_dir():
        raise CorpusError(f"cannot create corpus {path}: folder {path.parent} does not exist: "
                          "create it or give another --corpus")


def storage_error(path: Path, exc: Exception) -> CorpusError:
    """A commit or write the disk refused (full, read-only), said as such: nothing of the transaction was stored."""
    reason = " ".join(str(exc).split())
    return CorpusError(f"could not write corpus {path} ({reason}): nothing from this run was stored; "
                       "free disk space (or make the corpus writable) and rerun")


def is_damage(exc: Exception) -> bool:
    """A DuckDB error that means the file itself is truncated or corrupted."""
    return any(marker in str(exc).lower() for marker in _DAMAGE)


def damaged(path: Path, exc: Exception) -> CorpusError:
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

    if not (existed and path.is_file()):
        return
    if not path.stat().st_size:  # was "damaged: restore it from a backup", of a file no corpus ever was
        raise CorpusError(f"{path} is an empty file, not a voices corpus, and voices leaves files it did not make as "
                          "they are: give another --corpus, or remove the empty file and rerun to make a corpus there")
    if not is_corpus_file(path):
        raise _not_a_database(path)


def refuse_in_memory(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """DuckDB "opens" a CSV or JSON file as an in-memory database that reads it: that is no corpus."""
    if all(file is None for _, _, file in con.execute("PRAGMA database_list").fetchall()):
        raise _not_a_database(path)


def connect(path: Path, write: bool, existed: bool) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path`` (read-only unless ``write``); ``existed``: the file was there before.

    Raises
    ------
    CorpusBusyError
        Another process holds the file.
    CorpusError
        The file is read-only, damaged, or not a DuckDB database.
    """
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=not write, config=duckdb_config())
    except duckdb.IOException as exc:
        # a file that was absent a moment ago and is not a database yet is another
        # process's new corpus, caught before it wrote its header
        if _is_lock_error(exc) or (not existed and "not a valid DuckDB" in str(exc)):
            raise CorpusBusyError(
                f"corpus {path} is busy: another voices process is using it; try again"
            ) from None
        if write and is_storage_error(exc):
            raise CorpusError(f"cannot write corpus {path}: it is read-only ({' '.join(str(exc).split())}): "
                              "use a reading command, or copy it somewhere writable") from None
        _refuse_other_files(path, existed)
        if is_damage(exc):
            raise damaged(path, exc) from None
        raise CorpusError(f"cannot open corpus {path}: {exc}") from None
    except duckdb.Error as exc:
        _refuse_other_files(path, existed)
        if is_damage(exc):
            raise damaged(path, exc) from None
        raise CorpusError(f"{path} is not a voices corpus ({exc}); check --corpus") from None
