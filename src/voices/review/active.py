"""Which unlabelled text to show next: the page uses information density (``pick_density``).

Pure functions over arrays, so the review page and the learning-curve benchmark
select texts the same way. Deterministic: ties go to the lower index.

``benchmarks/learning_curve.py`` compared four strategies on a development split of
seeds (100-102): ``pick`` (least margin among the texts least like those labelled,
the page's first rule), ``pick_margin``, ``pick_density`` and ``pick_batch``. Density
had the best mean over all sizes and was confirmed on seeds 0-4
(``benchmarks/results/learning-curve.md``); the others stay for the benchmark.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def margins(proba: np.ndarray) -> np.ndarray:
    """Top-1 minus top-2 probability per row (0 = the model cannot choose)."""
    if proba.shape[1] < 2:
        return np.ones(proba.shape[0])
    top = np.sort(proba, axis=1)
    return top[:, -1] - top[:, -2]


def max_similarity(pool: sparse.spmatrix, labelled: sparse.spmatrix) -> np.ndarray:
    """Each pool row's highest cosine similarity to any labelled row (rows L2-normalised)."""
    if labelled.shape[0] == 0:
        return np.zeros(pool.shape[0])
    sims = pool @ labelled.T
    return np.asarray(sims.max(axis=1).todense()).ravel()


def pick(proba: np.ndarray | None, pool: sparse.spmatrix, labelled: sparse.spmatrix, k: int = 1,
         far_share: float = 0.5) -> list[int]:
    """Indices (into ``pool``) of the ``k`` most informative texts.

    Parameters
    ----------
    proba : array (n_pool, n_classes) or None
        The current model's probabilities; None (no model yet) selects by diversity alone.
    pool, labelled : sparse matrices
        L2-normalised TF-IDF rows of the unlabelled pool and of the labelled texts.
    k : int
        How many to pick; each pick counts as labelled for the next (a batch stays diverse).
    far_share : float
        Only the ``far_share`` of the pool least similar to the labelled texts compete
        on margin.

    Returns
    -------
    list of int

    Examples
    --------
    >>> import numpy as np; from scipy import sparse
    >>> pool = sparse.csr_matrix(np.eye(3)); lab = sparse.csr_matrix((0, 3))
    >>> pick(np.array([[0.9, 0.1], [0.5, 0.5], [0.6, 0.4]]), pool, lab, k=2, far_share=1.0)
    [1, 2]
    """
    n = pool.shape[0]
    chosen: list[int] = []
    labelled = sparse.csr_matrix(labelled)
    sim = max_similarity(pool, labelled)
    margin = margins(proba) if proba is not None else np.zeros(n)
    free = np.ones(n, dtype=bool)
    for _ in range(min(k, n)):
        idx = np.flatnonzero(free)
        keep = max(1, int(np.ceil(far_share * len(idx))))
        far = idx[np.lexsort((idx, sim[idx]))[:keep]]  # least similar first, ties by index
        best = int(far[np.lexsort((far, margin[far]))[0]])
        chosen.append(best)
        free[best] = False
        sim = np.maximum(sim, np.asarray((pool @ pool[best].T).todense()).ravel())
    return chosen


def _batch_sim(pool: sparse.spmatrix, rows: np.ndarray) -> np.ndarray:
    sims = pool[rows] @ pool[rows].T
    return np.asarray(sims.todense())


def pick_margin(proba: np.ndarray | None, pool: sparse.spmatrix, labelled: sparse.spmatrix, k: int = 1) -> list[int]:
    """Plain least margin (uncertainty sampling); without a model, ``pick``'s diversity."""
    if proba is None:
        return pick(None, pool, labelled, k=k)
    m = margins(proba)
    idx = np.arange(len(m))
    return [int(i) for i in np.lexsort((idx, m))[:k]]


def pick_density(proba: np.ndarray | None, pool: sparse.spmatrix, labelled: sparse.spmatrix, k: int = 1) -> list[int]:
    """Information density (Settles & Craven 2008): uncertainty times mean similarity to the pool."""
    if proba is None:
        return pick(None, pool, labelled, k=k)
    # the mean cosine to every pool row is the dot product with the pool's mean row: O(nnz), not O(n^2)
    density = np.asarray(pool @ np.asarray(pool.mean(axis=0)).ravel()).ravel()
    score = (1.0 - margins(proba)) * density
    idx = np.arange(len(score))
    return [int(i) for i in np.lexsort((idx, -score))[:k]]


def pick_batch(proba: np.ndarray | None, pool: sparse.spmatrix, labelled: sparse.spmatrix, k: int = 1,
               shortlist: int = 4) -> list[int]:
    """The ``shortlist * k`` least-margin texts, thinned farthest-first so a batch covers different texts."""
    if proba is None or k == 1:
        return pick_margin(proba, pool, labelled, k=k)
    m = margins(proba)
    idx = np.arange(len(m))
    top = np.lexsort((idx, m))[:shortlist * k]
    sims = _batch_sim(pool, top)
    chosen = [0]
    nearest = sims[0].copy()
    while len(chosen) < min(k, len(top)):
        nearest[chosen] = np.inf
        nxt = int(np.lexsort((np.arange(len(top)), nearest))[0])
        chosen.append(nxt)
        nearest = np.maximum(nearest, sims[nxt])
    return [int(top[i]) for i in chosen]
