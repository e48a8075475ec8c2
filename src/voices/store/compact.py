"""Erasure that is real: rewrite the corpus so no deleted byte stays in its files.

DuckDB marks deleted rows and frees their blocks, but the bytes stay in the file
(``strings`` finds them even after VACUUM and CHECKPOINT). After a delete, the
live data is copied into a fresh file in a private folder beside the corpus, which is then renamed
over it while the deleting process still holds the corpus lock. The old file's
blocks go with its inode; a reader that opens the path sees the whole old file or
the whole new one.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from voices._faultpoints import fault_point
from voices.errors import CorpusError

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

log = logging.getLogger(__name__)


class RewriteError(CorpusError):
    """The rewrite after a committed delete failed (a full disk): the rows are gone, their bytes not yet.

    DuckDB may have invalidated the connection on the way (a failed checkpoint is fatal to it), so
    whoever catches this must not query the corpus through it again.
    """


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_owner_and_mode(fresh: Path, st: os.stat_result) -> None:
    """Give the rewritten file the corpus's mode, and its group and owner where allowed: a
    corpus kept private (0600) must not come back world-readable from a delete."""
    os.chmod(fresh, stat.S_IMODE(st.st_mode))
    if (os.stat(fresh).st_uid, os.stat(fresh).st_gid) != (st.st_uid, st.st_gid):
        with contextlib.suppress(PermissionError):  # only root may give a file away; a group we are in is fine
            os.chown(fresh, st.st_uid, st.st_gid)


def rewrite_live(corpus: Corpus) -> None:
    """Replace the corpus file with a fresh copy holding only its live rows.

    Call it with the corpus open for writing and no transaction running. The
    connection is reopened on the new file afterwards (if another process takes
    the lock in the moment between, the object is left closed).

    Raises
    ------
    RewriteError
        The copy failed (a full disk, say): the corpus is unchanged, the rows already
        deleted stay deleted, but their bytes may remain until ``voices delete --compact``.
    """
    import duckdb

    from voices.store._connect import duckdb_config
    from voices.store.corpus import ERASE_PENDING

    path = corpus.path
    # the file itself, not a symlink to it: renaming over the link would leave the real file,
    # every deleted byte in it, where it was, and the link a copy that no longer follows it
    real = Path(os.path.realpath(path))
    for stale in real.parent.glob(f".{glob.escape(real.name)}.erase-*"):
        # a rewrite killed midway: we hold the lock, so it is no one's
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    con = corpus._con
    work: Path | None = None
    try:
        st = real.stat()
        if st.st_nlink > 1:  # another name for the same file keeps the old one, deleted bytes and all
            one = st.st_nlink == 2
            log.warning("corpus %s has %d other hard %s the file as it was before this erasure, deleted texts "
                        "included; remove %s (find / -samefile %s)", path, st.st_nlink - 1,
                        "link: it keeps" if one else "links: they keep", "it" if one else "them", path)
        con.execute("CHECKPOINT")
        name = con.execute("SELECT current_database()").fetchall()[0][0]
        # the copy (and its WAL) is written inside a private folder (0700) beside the corpus, so it is
        # never more readable than the corpus while it is written, without touching the process's umask
        work = Path(tempfile.mkdtemp(prefix=f".{real.name}.erase-", dir=real.parent))
        fresh = work / real.name
        con.execute(f"ATTACH {_quote(fresh)} AS voices_fresh")
        try:
            con.execute(f'COPY FROM DATABASE "{name}" TO voices_fresh')
            con.execute("DELETE FROM voices_fresh.meta WHERE key = ?", [ERASE_PENDING])  # erased once renamed
        finally:
            con.execute("DETACH voices_fresh")
        _keep_owner_and_mode(fresh, st)
        _fsync(fresh)
        fault_point("delete.rewriting")
        os.replace(fresh, real)
        _fsync(real.parent)
    except (OSError, duckdb.Error) as exc:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        raise RewriteError(
            f"could not rewrite corpus {path} to erase deleted bytes ({exc}): the rows are deleted; "
            "free some disk space and run voices delete --compact"
        ) from None
    shutil.rmtree(work, ignore_errors=True)
    con.close()
    try:
        corpus._con = duckdb.connect(str(path), config=duckdb_config())
    except duckdb.Error as exc:
        log.info("corpus %s rewritten; not reopened (%s)", path, exc)
