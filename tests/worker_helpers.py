"""Stopping a command that has worker processes, as a user or a supervisor would, and what is left."""

from __future__ import annotations

import os
import signal
import subprocess
import time


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def stop(proc: subprocess.Popen, workers: set[int], how: str) -> tuple[int, str, float, list[int]]:
    """Send ``how`` (``SIGTERM`` to the command alone, as ``kill PID`` does, or ``SIGINT`` to its
    whole process group, as Ctrl-C does; start it with ``start_new_session=True``), wait.

    Returns the exit code, standard error, the seconds it took to end, and the workers that
    outlived it (killed here, so none is left behind).
    """
    sent = time.monotonic()
    if how == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        survivors = [p for p in workers if alive(p)]
        for p in survivors:
            os.kill(p, signal.SIGKILL)
    return proc.returncode, err.decode(), time.monotonic() - sent, survivors
