"""Scratch folders that do not outlive the process that made them, even when it is killed.

``ingest -`` copies standard input (readers read a file twice), and an XLSX or QDPX
output sent to stdout is written whole before it is copied out: both hold people's
texts, unredacted unless asked. A ``TemporaryDirectory`` goes when the process exits
or raises, not when it is killed (SIGKILL, the OOM killer): the copy stayed in /tmp.

Each folder is named with its process id and watched by a reaper, a small ``sh`` in its
own session reading a pipe whose writing end only this process holds. However this
process ends, the kernel closes that end; the reaper reads end-of-file and removes the
folder. Where no reaper can start, the next call removes the folders of processes that
are gone (``sweep``).

Versions before these folders had a process id named them as ``TemporaryDirectory`` does
(``voices-stdin-`` and eight letters, digits or ``_``): a killed run's copy of its piped input
stayed in /tmp for good. ``sweep`` removes those too once nothing in them has changed for
``STALE_AFTER`` (a day) and no process has a file in them open or as its working folder
(where ``/proc`` tells; elsewhere the age alone decides).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from voices._atomic import _alive

SHELL = "/bin/sh"
# an older version's folder (no process id in its name) unchanged this long is no running command's
STALE_AFTER = 24 * 3600
_UNNAMED = re.compile(r"[a-z0-9_]{8}")  # what tempfile.mkdtemp adds to a prefix: the older versions' names
# end-of-file on its stdin: the process that made the folder is gone, whatever stopped it
_REAP = 'cat >/dev/null; rm -rf -- "$0"'


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new folder ``<tmp>/<prefix><pid>-*``, removed on leaving, and by its reaper if this process is killed.

    >>> with scratch_folder("voices-doctest-") as folder:
    ...     folder.name.startswith(f"voices-doctest-{os.getpid()}-"), folder.is_dir()
    (True, True)
    >>> folder.exists()
    False
    """
    sweep(prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    reaper = None
    try:  # from here: a signal while the reaper starts (a slow fork under load) still removes the folder
        reaper = _watch(folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if reaper is not None:
            proc, end = reaper
            os.close(end)  # the reaper finds the folder gone already and exits
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1)  # longer only while a forked child of ours holds the pipe too


def _watch(folder: Path) -> tuple[subprocess.Popen[bytes], int] | None:
    """Start the reaper of ``folder``; None where there is no ``sh`` (the next call's ``sweep`` is left)."""
    if os.name != "posix" or not os.path.exists(SHELL):
        return None
    read_end, write_end = os.pipe()  # not inherited: only this process holds the writing end
    try:
        # its own session: a signal to this process's group (Ctrl-C, a kill of the job) does not stop it
        proc = subprocess.Popen([SHELL, "-c", _REAP, str(folder)], stdin=read_end, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, cwd="/", start_new_session=True)
    except OSError:
        os.close(write_end)
        return None
    finally:
        os.close(read_end)
    return proc, write_end


def sweep(prefix: str) -> None:
    """Remove this user's ``<tmp>/<prefix><pid>-*`` folders whose process is gone (a reaper that could not run),
    and older versions' ``<tmp>/<prefix>XXXXXXXX`` folders left for ``STALE_AFTER`` and open in no process."""
    named = re.compile(re.escape(prefix) + r"([0-9]+)-")
    uid = getattr(os, "getuid", lambda: None)()
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        pid = named.match(entry.name)
        if pid is None:
            unnamed = entry.name.startswith(prefix) and _UNNAMED.fullmatch(entry.name[len(prefix):])
            if not unnamed or not _stale(entry.path):
                continue
        elif int(pid[1]) == os.getpid() or _alive(int(pid[1])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False) and (uid is None or entry.stat(follow_symlinks=False).st_uid == uid):
                shutil.rmtree(entry.path, ignore_errors=True)


def _stale(folder: str) -> bool:
    """Whether ``folder`` and what it holds are unchanged for ``STALE_AFTER`` and no process has it open."""
    try:
        changed = [os.lstat(folder).st_mtime, *(e.stat(follow_symlinks=False).st_mtime for e in os.scandir(folder))]
    except OSError:
        return False
    return time.time() - max(changed) > STALE_AFTER and not _in_use(folder)


def _in_use(folder: str) -> bool:
    """Whether a process this user may look at has a file in ``folder`` open, or it as its working folder.

    Read from ``/proc`` (Linux); where there is none, False: the folder's age alone decides.
    """
    inside = os.path.realpath(folder)
    try:
        pids = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return False
    for pid in pids:
        try:
            links = [f"/proc/{pid}/cwd", *(f"/proc/{pid}/fd/{fd}" for fd in os.listdir(f"/proc/{pid}/fd"))]
        except OSError:
            continue  # gone, or another user's
        for link in links:
            with contextlib.suppress(OSError):
                target = os.readlink(link)
                if target == inside or target.startswith(inside + os.sep):
                    return True
    return False
