"""Intervals for proportions and F1 that stay honest on small samples (no numpy: reports import it cheaply).

``wilson`` is the one Wilson score interval voices computes: the report's accuracy and shares,
and ``voices evaluate``/``voices train``'s accuracy (``voices.models.metrics``); ``f1_interval``
maps it to one label's F1, where a percentile bootstrap of a perfect small sample is degenerate.
"""

from __future__ import annotations

import math

__all__ = ["Z95", "f1_interval", "wilson"]

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``k`` successes out of ``n`` (95% by default).

    Unlike the normal approximation it stays inside [0, 1] and is honest for small
    ``n``: 9 of 9 comments agreeing gives (0.70, 1.00), not (1.00, 1.00).

    Parameters
    ----------
    k : int
        Successes, ``0 <= k <= n``.
    n : int
        Trials; ``n == 0`` gives ``(0.0, 1.0)`` (nothing is known).
    z : float
        The normal quantile (1.96 for 95%).

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> [round(x, 4) for x in wilson(9, 9)]
    [0.7009, 1.0]
    """
    if n <= 0:
        return 0.0, 1.0
    if not 0 <= k <= n:
        raise ValueError(f"k={k} must be between 0 and n={n}")
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def f1_interval(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """A 95% interval for one label's F1 from the texts it rests on, honest on small samples.

    F1 is ``2J / (1 + J)`` with ``J = tp / (tp + fp + fn)``, the share of the texts a person or the
    model gave the label on which both did; given how many such texts there are, ``tp`` is binomial
    in ``J``. So Wilson's interval for ``J``, mapped through ``2J / (1 + J)`` (increasing), bounds F1.
    A percentile bootstrap of a perfect small sample is degenerate: every resample is perfect, and
    5 of 5 read "1.00 (1.00-1.00)".

    Examples
    --------
    >>> [round(x, 3) for x in f1_interval(5, 0, 0)]
    [0.722, 1.0]
    """
    low, high = wilson(tp, tp + fp + fn)
    return 2 * low / (1 + low), 2 * high / (1 + high)
