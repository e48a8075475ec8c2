"""Worker processes, made in one place: an ordered map over batches that share large read-only state.

``voices classify`` hands each worker whole batches (language check, preprocessing,
both models) while the parent reads and writes the corpus. On Linux the workers are
forked after the models are loaded, so they share them copy-on-write: only the
batches and their results are pickled. Where fork is unsafe (macOS, where system
libraries may hold locks across it; Windows has none) they start from a fork
server and receive the state pickled once per worker.

Every pool comes from ``process_pool``: its workers end when the parent ends. A daemon
process (a Dask worker) may not have children: there ``worker_count`` is 1 and
``ordered_map`` runs everything in that process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Inside a worker process only: the state its pool was made with (set by the worker's
# initializer; the parent process never writes it).
_WORKER_STATE: dict[str, Any] = {}


def _keep_state(state: Any) -> None:
    _WORKER_STATE["state"] = state


def _call(fn: Callable[[Any, Any], Any], payload: Any) -> Any:
    return fn(_WORKER_STATE.get("state"), payload)


def start_method() -> str:
    """``fork`` on Linux (workers share the parent's loaded models), ``forkserver`` elsewhere."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux"):
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def in_daemon() -> bool:
    """Whether this is a daemon process (a Dask worker), which ``multiprocessing`` forbids children."""
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def worker_count(n_process: int, batches: int) -> int:
    """Workers for ``batches`` batches: ``n_process`` (-1: one per core), at most one a batch.

    At least 1, and 1 inside a daemon process, which may not start workers.
    """
    import os

    if in_daemon():
        return 1
    wanted = (os.cpu_count() or 1) if n_process == -1 else n_process
    return max(1, min(wanted, batches))


def process_pool(workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Any:
    """A ``ProcessPoolExecutor`` of ``workers`` processes that die with this one.

    ``initargs`` are inherited, not pickled, under fork; pickled once per worker otherwise.
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method()),
                               initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the command's SIGTERM handler is the parent's, not a worker's
    # Ctrl-C reaches the whole process group: the parent stops the workers (``ordered_map``);
    # a worker of its own would print a traceback, or hand the interruption back as a result
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    _keep_freed_memory()
    if initializer is not None:
        initializer(*initargs)


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def _keep_freed_memory() -> None:
    """Worker set-up: memory a batch frees is kept for the next batch, not handed back to the system.

    With glibc's defaults a batch's large arrays (sparse products of tens of MB) were
    unmapped or trimmed when freed and mapped afresh by the next batch, so every page was
    faulted in and zeroed again: a classify worker took about 55,000 minor page faults
    per 10,000 comments (0.25-0.3 s of system CPU), half of them for memory it had just
    freed. Blocks under 32 MB now come from the heap, and the heap is not trimmed; a
    worker keeps the peak it reached. Not glibc (macOS, musl): nothing to do.
    """
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's ceiling for it on 64-bit
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the parent ends, even by SIGKILL.

    Linux delivers SIGKILL to the worker when its parent dies (``PR_SET_PDEATHSIG``);
    elsewhere, or if the parent died before the call, a daemon thread watching the
    parent's pid does it within a second.
    """
    import os
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGKILL)

    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=watch, name="voices-parent-watch", daemon=True).start()


def ordered_map(
    fn: Callable[[Any, Any], R],
    items: Iterable[T],
    workers: int,
    state: Any,
    payload: Callable[[T], Any] | None = None,
) -> Iterator[tuple[T, R]]:
    """Yield ``(item, fn(state, payload(item)))`` in input order.

    Parameters
    ----------
    fn : callable
        A module-level function (sent to workers by reference).
    items : iterable
        Read lazily; at most ``2 * workers`` are in flight, so memory stays bounded.
    workers : int
        Worker processes; 1 or fewer runs everything in this process, as does a
        daemon process (a Dask worker), which may not start them.
    state : object
        Read-only state (loaded models) the workers inherit by fork (pickled once per
        worker where fork is unsafe).
    payload : callable or None
        What of an item to send to a worker (default: the item itself).

    Leaving early (an error, Ctrl-C, SIGTERM under the CLI, or the caller closing the
    generator) cancels what is queued and ends the workers at once.
    """
    send = payload or (lambda item: item)
    if workers <= 1 or in_daemon():
        for item in items:
            yield item, fn(state, send(item))
        return
    from collections import deque

    pool = process_pool(workers, _keep_state, (state,))
    try:
        pending: deque = deque()
        for item in items:
            pending.append((item, pool.submit(_call, fn, send(item))))
            if len(pending) >= 2 * workers:
                head, future = pending.popleft()
                yield head, future.result()
        while pending:
            head, future = pending.popleft()
            yield head, future.result()
    except BaseException:
        # Ctrl-C, SIGTERM (the CLI raises KeyboardInterrupt for it), an error, or the caller
        # stopped reading: the work in flight is wanted by no one. Leaving the pool by its
        # ``with`` waited for it to finish (40 s for four 20 s items before the command
        # could exit 143).
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True)


def _stop_workers(pool: Any) -> None:
    """Cancel what has not started and end the workers now (``terminate_workers`` from Python 3.14)."""
    processes = dict(getattr(pool, "_processes", None) or {})  # shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes.values():
        try:
            proc.kill()
        except (ProcessLookupError, ValueError):  # ended already
            continue
    for proc in processes.values():
        try:
            proc.join(10)
        except ValueError:
            continue
