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
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from voices._atomic import _alive

SHELL = "/bin/sh"
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
    reaper = _watch(folder)
    try:
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
    """Remove this user's ``<tmp>/<prefix><pid>-*`` folders whose process is gone (a reaper that could not run)."""
    named = re.compile(re.escape(prefix) + r"([0-9]+)-")
    uid = getattr(os, "getuid", lambda: None)()
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        pid = named.match(entry.name)
        if pid is None or int(pid[1]) == os.getpid() or _alive(int(pid[1])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False) and (uid is None or entry.stat(follow_symlinks=False).st_uid == uid):
                shutil.rmtree(entry.path, ignore_errors=True)
