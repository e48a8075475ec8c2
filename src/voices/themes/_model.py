"""The discovery model: NMF on TF-IDF, its members, and its stability over resamples.

NMF (``init="nndsvd"``: an SVD start, no random draw) gives each document a
non-negative weight per theme and each theme a weight per term. A theme is kept
only when it comes back when the data change a little: it is refitted on
``resamples`` draws of 80% of the documents (fixed seeds), themes are matched
across fits by the Hungarian method on the Jaccard index of their top 20
documents, and a theme's stability is its mean matched Jaccard. Beyond 10,000
documents the resamples are drawn from a fixed 10,000 (``pool``), for speed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["Fit", "choose_k", "fit", "members", "pool", "resample_scores", "stability", "top_decile", "top_docs"]

TOP_DOCS = 20
SHARE = 0.8
STABLE = 0.8
KEEP = 0.5
POOL = 10_000
TOL = 1e-3  # 1e-4 took 3x the time for the same themes and stabilities (benchmark)
SEED = 0
MEMBER_SHARE = 0.3


@dataclass(frozen=True)
class Fit:
    """A fitted factorisation: ``W`` documents x themes, ``H`` themes x terms."""

    W: np.ndarray
    H: np.ndarray


def fit(X: sparse.csr_matrix, k: int, *, max_iter: int = 300) -> Fit:
    """NMF with ``k`` themes (deterministic: SVD start, coordinate descent, fixed seed)."""
    import warnings

    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    model = NMF(n_components=k, init="nndsvd", solver="cd", max_iter=max_iter, tol=TOL, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a near-converged fit is still a fit
        W = model.fit_transform(X)
    return Fit(W, model.components_)


def members(W: np.ndarray, j: int) -> np.ndarray:
    """Documents of theme ``j`` (sorted indices): the theme holds at least ``MEMBER_SHARE`` of
    the document's theme weight, so a text counts in the one or two themes it is mostly about.

    (The benchmark also scores ``top_decile``, the rule it applies to every method alike.)
    """
    total = W.sum(axis=1)
    return np.nonzero((W[:, j] > 0) & (W[:, j] >= MEMBER_SHARE * total))[0]


def top_decile(W: np.ndarray, j: int) -> np.ndarray:
    """Documents whose weight in theme ``j`` is above zero and in its top decile (ties at the cut in)."""
    w = W[:, j]
    if not (w > 0).any():
        return np.zeros(0, dtype=np.int64)
    return np.nonzero((w >= np.quantile(w, 0.9)) & (w > 0))[0]


def top_docs(W: np.ndarray, j: int, n: int = TOP_DOCS) -> np.ndarray:
    """The ``n`` documents weighing most in theme ``j`` (ties by position), only those above zero."""
    w = W[:, j]
    order = np.lexsort((np.arange(len(w)), -w))[:n]
    return order[w[order] > 0]


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    union = len(np.union1d(a, b))
    return len(np.intersect1d(a, b)) / union if union else 0.0


def match(ref: list[np.ndarray], other: list[np.ndarray]) -> np.ndarray:
    """Per reference theme, the Jaccard of its best partner under a one-to-one (Hungarian) matching."""
    from scipy.optimize import linear_sum_assignment

    J = np.array([[_jaccard(a, b) for b in other] for a in ref])
    rows, cols = linear_sum_assignment(J, maximize=True)
    out = np.zeros(len(ref))
    out[rows] = J[rows, cols]
    return out


def pool(n: int, cap: int = POOL) -> np.ndarray:
    """The documents stability resamples from: all of them, or a fixed draw of ``cap`` (sorted).

    Refitting 20 times on 80% of 50,000 answers costs minutes; 80% of a fixed 10,000
    measures the same thing (does the theme come back from other data?) in seconds,
    and no less strictly: the resample fits see fewer documents than the full fit.
    """
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.default_rng(SEED + 1).choice(n, size=cap, replace=False))


def stability(X: sparse.csr_matrix, full: Fit, *, resamples: int = 20, tick: Callable[[], None] | None = None,
              fits: dict | None = None) -> np.ndarray:
    """Each theme's mean Jaccard (top 20 documents) with its match in fits on 80% resamples.

    See ``resample_scores``; this is their mean per theme.
    """
    return resample_scores(X, full, resamples=resamples, tick=tick, fits=fits).mean(axis=0)


def resample_scores(X: sparse.csr_matrix, full: Fit, *, resamples: int = 20, tick: Callable[[], None] | None = None,
                    fits: dict | None = None) -> np.ndarray:
    """``(resamples, k)``: each theme's matched Jaccard in each resample.

    Resamples are drawn from ``pool(n)`` with a fixed seed, so the ``r``-th draw is the
    same whenever this runs on the same ``X``: ``fits`` keeps each resample's document
    weights by ``(k, r)`` for the next call with another ``full`` fit of the same ``k``
    (the resample fits do not depend on it). In a resample, the full fit's top documents
    are taken among the documents drawn, so both sides choose from the same documents.
    """
    base = pool(X.shape[0])
    k = full.W.shape[1]
    rng = np.random.default_rng(SEED)
    out = np.zeros((max(resamples, 1), k))
    for r in range(resamples):
        drawn = base[np.sort(rng.choice(len(base), size=max(round(SHARE * len(base)), k), replace=False))]
        sub_w = fits.get((k, r)) if fits is not None else None
        if sub_w is None:
            sub_w = fit(X[drawn], k).W
            if fits is not None:
                fits[(k, r)] = sub_w
        ref = [drawn[top_docs(full.W[drawn], j)] for j in range(k)]
        got = [drawn[top_docs(sub_w, j)] for j in range(k)]
        out[r] = match(ref, got)
        if tick is not None:
            tick()
    return out[:resamples] if resamples else out


def choose_k(X: sparse.csr_matrix, candidates: tuple[int, ...], *, resamples: int,
             tick: Callable[[], None] | None = None, fits: dict | None = None
             ) -> tuple[int, dict[int, tuple[Fit, np.ndarray]]]:
    """The candidate ``k`` that yields the most stable themes.

    Scored by how many of its themes reach ``STABLE`` (0.8), then how many pass the
    report's filter (``KEEP``, 0.5), then its mean stability, then the larger ``k``: more
    themes that come back every time beat fewer, and a ``k`` that only splits noise adds none. Returns the chosen ``k`` and each
    candidate's fit and ``(resamples, k)`` scores (``resample_scores``; ``fits`` as there).
    """
    tried: dict[int, tuple[Fit, np.ndarray]] = {}
    for k in candidates:
        f = fit(X, k)
        tried[k] = (f, resample_scores(X, f, resamples=resamples, tick=tick, fits=fits))

    def score(k: int) -> tuple:
        s = tried[k][1].mean(axis=0)
        return int((s >= STABLE).sum()), int((s >= KEEP).sum()), round(float(s.mean()), 6), k

    return max(candidates, key=score), tried
