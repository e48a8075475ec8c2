"""The one way voices writes a file or a folder: whole or not at all, and never over the wrong thing.

Every output (reports, exports, Parquet datasets, model folders, ``meta.json``)
goes through :func:`atomic_file` or :func:`atomic_folder`. Both write into a
hidden temporary beside the target and rename it into place, so a reader (or a
process killed mid-write) never sees half a file. Both refuse, with
``OutputError`` (exit 2), a target that is not an output: a corpus file or its
write-ahead log, a device, FIFO or socket, a folder where a file is due (and
the reverse), or a path inside a model folder (only the model's own writes go there).
An existing file keeps its permission bits (0600 stays 0600).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from voices._faultpoints import fault_point
from voices.errors import OutputError

log = logging.getLogger(__name__)

# A DuckDB database file carries this magic at byte 8 (its header block).
_DUCKDB_MAGIC = b"DUCK"
# What makes a folder a model's (voices.models.save writes them; named here, _atomic imports nothing of voices)
_MODEL_MARKS = ("meta.json", "model.skops")


def plain_mode(path: str | Path, folder: bool = False) -> None:
    """Give a ``mkstemp``/``mkdtemp`` result (private, 0600/0700) the mode a plain open() or mkdir() would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


def is_corpus_file(path: str | Path) -> bool:
    """Whether ``path`` is a DuckDB database (a voices corpus, or any other)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == _DUCKDB_MAGIC
    except OSError:
        return False


def _model_folder_holding(target: Path) -> Path | None:
    """The model folder (``meta.json`` beside ``model.skops``) ``target`` is inside, if any."""
    for folder in target.parents:
        if all((folder / mark).is_file() for mark in _MODEL_MARKS):
            return folder
    return None


def check_target(path: str | Path, *, folder: bool = False, model_file: bool = False) -> Path:
    """Refuse an output path that is not a place for output; return it with symlinks resolved.

    Parameters
    ----------
    path : path
        Where the output is to go.
    folder : bool
        The output is a folder (Parquet dataset, model) rather than a file.
    model_file : bool
        The output is a file of the model folder it is in (the model's own writes).

    Raises
    ------
    OutputError
        ``path`` is a corpus or its write-ahead log, a device, FIFO or socket, a
        folder where a file is due, a file where a folder is due, or (unless
        ``model_file``) inside a model folder: over one of its files it breaks the
        model, and beside them it is deleted when the model is retrained.

    Examples
    --------
    >>> check_target("/dev/null")
    Traceback (most recent call last):
    ...
    voices.errors.OutputError: --out /dev/null is a device or special file, not an output file: give a file path
    """
    given = Path(path)
    target = Path(os.path.realpath(given))
    what = "folder" if folder else "file"
    if target.name.endswith(".wal") and is_corpus_file(target.with_name(target.name[: -len(".wal")])):
        raise OutputError(f"--out {given} is a corpus's write-ahead log: give another {what} path")
    if not model_file and (model := _model_folder_holding(target)) is not None:
        raise OutputError(f"--out {given} is inside the model folder {model}, which retraining replaces whole: "
                          f"give a {what} path outside it")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(f"--out {given}: cannot write there ({exc.strerror}): give another {what} path") from None
    if stat.S_ISDIR(st.st_mode):
        if not folder:
            raise OutputError(f"--out {given} is a folder; this output is a file: give a file path")
        return target
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"--out {given} is a device or special file, not an output {what}: give a {what} path")
    if is_corpus_file(target):
        raise OutputError(f"--out {given} is a corpus: writing there would destroy it: give another {what} path")
    if folder:
        raise OutputError(f"--out {given} is a file; this output is a folder: give a new folder path")
    return target


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _sweep(target: Path) -> None:
    """Remove temporaries beside ``target`` left by a voices process that was killed mid-write.

    Temporaries are named ``.NAME.voices-PID-*``; one whose process is gone is never renamed into place,
    except a folder moved aside to be replaced (``-old.``), which goes back when ``target`` is missing.
    """
    prefix = f".{target.name}.voices-"
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix):].split("-", 1)[0] if entry.name.startswith(prefix) else ""
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            kept = Path(entry.path) / target.name
            moved_aside = entry.name[len(prefix) + len(pid):].startswith("-old.")
            if moved_aside and not os.path.lexists(target) and kept.is_dir():
                with contextlib.suppress(OSError):
                    os.replace(kept, target)  # killed between _swap_folder's renames: the old output comes back
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _temp_beside(target: Path, given: Path, folder: bool) -> str:
    """A hidden temporary beside ``target`` with the mode the finished output should have."""
    try:
        missing = not target.parent.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        if missing:  # users rely on it, but a mistyped --out must not leave a folder nobody was told of
            log.info("created folder %s", given.parent)
        _sweep(target)
        prefix = f".{target.name}.voices-{os.getpid()}-"
        if folder:
            tmp = tempfile.mkdtemp(prefix=prefix, dir=target.parent)
        else:
            fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
            os.close(fd)  # reopened by name: an open descriptor was kept for every file written
    except OSError as exc:
        raise OutputError(f"--out {given}: cannot write there ({exc.strerror}): give another path") from None
    try:
        os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))  # an existing output keeps its mode
    except FileNotFoundError:
        plain_mode(tmp, folder=folder)
    return tmp


def _write_failed(given: Path, exc: OSError) -> OutputError:
    return OutputError(f"could not write {given} ({exc.strerror}); nothing was written there: "
                       "free some space or give another --out")


@contextlib.contextmanager
def atomic_file(path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = None, model_file: bool = False) -> Iterator[IO[Any]]:
    """Open a file for writing that appears at ``path`` only when the block finishes.

    On any exception (or a kill) the target is untouched and the temporary is gone.

    Raises
    ------
    OutputError
        A refused target (see :func:`check_target`), or the write failed (a full disk).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_file(out) as fh:
    ...     _ = fh.write("whole")
    >>> out.read_text()
    'whole'
    """
    given = Path(path)
    target = check_target(given, model_file=model_file)
    tmp = _temp_beside(target, given, folder=False)
    binary = "b" in mode
    try:
        with open(tmp, "wb" if binary else "w", encoding=None if binary else encoding,
                  newline=None if binary else newline) as fh:
            yield fh
            fault_point("output.writing")
            fh.flush()
            os.fsync(fh.fileno())
        check_target(given, model_file=model_file)  # the target may have changed while we wrote
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _write_failed(given, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | Path, data: bytes, *, model_file: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path, "wb", model_file=model_file) as fh:
        fh.write(data)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8", *, model_file: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_file`)."""
    atomic_write_bytes(path, text.encode(encoding), model_file=model_file)


@contextlib.contextmanager
def atomic_folder(path: str | Path, *, replace: bool = False) -> Iterator[Path]:
    """A temporary folder to fill, moved to ``path`` when the block finishes.

    Parameters
    ----------
    path : path
        The folder to create: absent or empty, or (``replace=True``) an earlier
        output of the same kind that the new one replaces whole.
    replace : bool
        Allow replacing a folder that has files in it.

    Raises
    ------
    OutputError
        A refused target, a non-empty folder without ``replace``, or a failed write.
    """
    given = Path(path)
    target = check_target(given, folder=True)
    if not replace and target.is_dir() and any(target.iterdir()):
        raise OutputError(f"--out {given} is a folder that is not empty: give a new folder path")
    tmp = Path(_temp_beside(target, given, folder=True))
    try:
        yield tmp
        fault_point("output.writing")
        for part in tmp.iterdir():
            if part.is_file():
                with open(part, "rb") as fh:
                    os.fsync(fh.fileno())
        _swap_folder(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _write_failed(given, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_folder(tmp: Path, target: Path) -> None:
    if not target.exists():
        os.replace(tmp, target)
        return
    with contextlib.suppress(OSError):
        target.rmdir()  # an empty folder: the common case, one rename
    if not target.exists():
        os.replace(tmp, target)
        return
    if _exchange(tmp, target):  # one atomic step: readers and a kill see the old folder or the new
        shutil.rmtree(tmp, ignore_errors=True)  # ``tmp`` now holds the old folder
        return
    # two renames: a kill between them leaves the old folder in ``old``, which _sweep puts back
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.voices-{os.getpid()}-old.", dir=target.parent))
    os.replace(target, old / target.name)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is not available."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a libc without it (glibc before 2.28, musl)
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
