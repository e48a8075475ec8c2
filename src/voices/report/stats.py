"""The statistics a report states: Wilson intervals and shares corrected for the model's errors."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from voices.models.intervals import wilson  # the one Wilson interval; the report names it here too

__all__ = ["AdjustedShares", "adjusted_shares", "wilson"]

# Above this condition number the confusion matrix barely separates some labels, and
# inverting it amplifies sampling noise more than it removes bias.
ILL_CONDITIONED = 10.0
# Above this it is singular in all but rounding: some label is never predicted (or never seen).
SINGULAR = 1e12


@dataclass(frozen=True)
class AdjustedShares:
    """Shares corrected with the out-of-fold confusion matrix, and how far to trust them."""

    shares: dict[str, float]
    condition_number: float
    ill_conditioned: bool
    clipped: bool
    note: str | None


def adjusted_shares(
    predicted: Mapping[str, int], confusion: Sequence[Sequence[float]], labels: Sequence[str]
) -> AdjustedShares:
    """Adjusted classify-and-count: the label shares that best explain the predicted counts.

    With ``M[i][j] = P(predicted j | true i)`` (the row-normalised out-of-fold
    confusion matrix), predicted shares ``q`` satisfy ``q = Mᵀ p`` for true shares
    ``p``. ``p`` is solved by least squares, clipped at zero and renormalised to sum
    to one (Forman 2008; Vaz et al. 2019).

    Parameters
    ----------
    predicted : mapping of str to int
        Best-guess counts per label (uncertain items included: the matrix counts them too).
    confusion : 2-D sequence
        Rows true labels, columns predicted labels, in ``labels`` order.
    labels : sequence of str

    Returns
    -------
    AdjustedShares
        ``note`` says when the matrix is ill-conditioned, singular, or clipping was needed.

    Examples
    --------
    >>> a = adjusted_shares({"a": 60, "b": 40}, [[80, 20], [10, 90]], ["a", "b"])
    >>> {k: round(v, 4) for k, v in a.shares.items()}
    {'a': 0.7143, 'b': 0.2857}
    """
    import numpy as np

    cm = np.asarray(confusion, dtype=float)
    k = len(labels)
    if cm.shape != (k, k):
        raise ValueError(f"confusion matrix is {cm.shape}, expected {k}x{k} for labels {list(labels)}")
    rows = cm.sum(axis=1, keepdims=True)
    # A label never seen in training (an empty row) is assumed to be predicted correctly.
    m = np.where(rows > 0, cm / np.where(rows > 0, rows, 1), np.eye(k))
    q = np.array([predicted.get(lab, 0) for lab in labels], dtype=float)
    total = q.sum()
    if total == 0:
        return AdjustedShares(dict.fromkeys(labels, 0.0), float("nan"), False, False, "nothing predicted")
    q /= total
    cond = float(np.linalg.cond(m.T))
    if cond > SINGULAR:  # floating point leaves a singular matrix at ~1e16, not inf
        cond = math.inf
    p, *_ = np.linalg.lstsq(m.T, q, rcond=None)
    clipped = bool((p < -1e-12).any())
    p = np.clip(p, 0.0, None)
    p = p / p.sum() if p.sum() > 0 else q
    notes = []
    if not math.isfinite(cond) or cond > ILL_CONDITIONED:
        notes.append(
            f"the model's confusion matrix is ill-conditioned (condition number "
            f"{'inf' if not math.isfinite(cond) else f'{cond:.1f}'}): corrected shares are unstable, read the raw ones"
        )
    if clipped:
        notes.append("some corrected shares fell below zero and were clipped (sampling noise or a shifted corpus)")
    return AdjustedShares(
        {lab: float(v) for lab, v in zip(labels, p, strict=True)},
        cond,
        not math.isfinite(cond) or cond > ILL_CONDITIONED,
        clipped,
        "; ".join(notes) or None,
    )
