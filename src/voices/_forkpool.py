"""An ordered map over batches in forked worker processes that share large read-only state.

``voices classify`` hands each worker whole batches (language check, preprocessing,
both models) while the parent reads and writes the corpus. The workers are forked
after the models are loaded, so they share them copy-on-write: only the batches and
their results are pickled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# What a forked worker inherits from the parent; set only while a pool runs.
_STATE: Any = None


def _call(fn: Callable[[Any, Any], Any], payload: Any) -> Any:
    return fn(_STATE, payload)


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
        Worker processes; 1 or fewer runs everything in this process.
    state : object
        Read-only state (loaded models) the workers inherit by fork, never pickled.
    payload : callable or None
        What of an item to send to a worker (default: the item itself).
    """
    send = payload or (lambda item: item)
    if workers <= 1:
        for item in items:
            yield item, fn(state, send(item))
        return
    import multiprocessing
    import os
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    global _STATE  # noqa: PLW0603 - inherited by the forked workers, cleared after
    _STATE = state
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            pending: deque = deque()
            for item in items:
                pending.append((item, pool.submit(_call, fn, send(item))))
                if len(pending) >= 2 * workers:
                    head, future = pending.popleft()
                    yield head, future.result()
            while pending:
                head, future = pending.popleft()
                yield head, future.result()
    finally:
        _STATE = None
