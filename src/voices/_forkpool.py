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
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    global _STATE  # noqa: PLW0603 - inherited by the forked workers, cleared after
    _STATE = state
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
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
