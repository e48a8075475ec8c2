"""Which unlabelled text to show next: the learning queue's rule is ``pick_learning``.

Pure functions over arrays, so the review page, ``voices review --export`` and the
learning-curve benchmark select texts the same way. Deterministic: ties go to the
lower index, random draws are seeded.

``pick_learning``: with a model, information density with entropy as the
uncertainty (``pick_density``); before one, k-means++ picks continued from the
labelled texts (``pick_diverse``). ``benchmarks/learning_curve.py`` compared the
other strategies here on development seeds 100-104 (far-margin ``pick``,
``pick_margin``, ``pick_batch``, density with margin, entropy or side-risk
uncertainty, thinned batches, random or diverse first texts) before a final run on
fresh seeds (``benchmarks/results/learning-curve.md``); the losers stay for the benchmark.
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


PRODUCT_CELLS = 20_000_000  # pool rows x labelled rows per block: the product is dense-ish (~160 MB at most)


def max_similarity(pool: sparse.spmatrix, labelled: sparse.spmatrix) -> np.ndarray:
    """Each pool row's highest cosine similarity to any labelled row (rows L2-normalised).

    Computed in blocks of pool rows, so memory stays flat: the full product of a large
    pool with many labels is nearly dense (1,000,000 x 20,000 would be 160 GB).
    """
    out = np.zeros(pool.shape[0])
    n_lab = labelled.shape[0]
    if n_lab == 0:
        return out
    pool, lab_t = sparse.csr_matrix(pool), sparse.csr_matrix(labelled).T.tocsc()
    step = max(1, PRODUCT_CELLS // n_lab)
    for start in range(0, pool.shape[0], step):
        sims = sparse.csr_matrix(pool[start:start + step] @ lab_t)
        stored = np.diff(sims.indptr)
        rows = stored > 0
        block = np.zeros(sims.shape[0])
        if sims.nnz:  # a row max over the stored values, without sparse max's index sort (1 s on 50k x 1k)
            block[rows] = np.maximum.reduceat(sims.data, sims.indptr[:-1][rows])
        # a row with fewer stored values than columns also holds zeros
        out[start:start + step] = np.where(stored < n_lab, np.maximum(block, 0.0), block)
    return out


def _similarity_to(pool: sparse.spmatrix, row: int) -> np.ndarray:
    """Cosine of every pool row to pool row ``row``: a sparse-dense product, no sparse result."""
    return np.asarray(pool @ pool[row].toarray().ravel()).ravel()


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
        sim = np.maximum(sim, _similarity_to(pool, best))
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


def entropies(proba: np.ndarray) -> np.ndarray:
    """Shannon entropy per row, divided by its maximum (1 = the model has no idea)."""
    if proba.shape[1] < 2:
        return np.zeros(proba.shape[0])
    p = np.clip(proba, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=1) / np.log(proba.shape[1])


def side_risks(proba: np.ndarray, classes: np.ndarray, neutral: str) -> np.ndarray:
    """Expected cost of the model's best guess when mixing up two sides costs 2 and a side with ``neutral`` 1.

    F_avg averages the F1 of the two sides: a FAVOR text called AGAINST costs both
    F1s, one called NONE only one. Bayes risk ``min_c sum_j p_j C[c, j]``, scaled to 0-1.
    """
    side = np.asarray(classes) != neutral
    cost = np.where(side[:, None] & side[None, :], 2.0, 1.0)
    np.fill_diagonal(cost, 0.0)
    return (proba @ cost.T).min(axis=1) / 2.0


def densities(pool: sparse.spmatrix) -> np.ndarray:
    """Each row's mean cosine to every pool row (rows L2-normalised)."""
    # the dot product with the pool's mean row: O(nnz), not O(n^2)
    return np.asarray(pool @ np.asarray(pool.mean(axis=0)).ravel()).ravel()


def top_k(score: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first, ties by the lower index.

    The same as ``np.lexsort((np.arange(n), -score))[:k]`` without sorting all n.

    >>> top_k(np.array([0.2, 0.9, 0.5, 0.9]), 3).tolist()
    [1, 3, 2]
    """
    n = len(score)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k >= n or np.isnan(score).any():  # (np.partition puts NaN last, lexsort ranks it last: keep lexsort's)
        return np.lexsort((np.arange(n), -score))[:k]
    cut = np.partition(score, n - k)[n - k]  # the k-th highest value: everything above or equal is a candidate
    cand = np.flatnonzero(score >= cut)
    return cand[np.lexsort((cand, -score[cand]))][:k]


def pick_density(proba: np.ndarray | None, pool: sparse.spmatrix | None, labelled: sparse.spmatrix, k: int = 1,
                 uncertainty: np.ndarray | None = None, thin: int = 1, density: np.ndarray | None = None
                 ) -> list[int]:
    """Information density (Settles & Craven 2008): uncertainty times mean similarity to the pool.

    ``uncertainty`` defaults to one minus the margin; ``density`` to ``densities(pool)``
    (a caller that keeps it between calls passes it, and may then pass ``pool=None``
    when ``thin`` is 1). With ``thin > 1`` the ``thin * k`` best scores are a shortlist,
    and each pick maximises score times (1 - its highest cosine to the texts picked
    before it in the batch): a batch of different texts.
    """
    if proba is None:
        return pick(None, pool, labelled, k=k)
    unc = 1.0 - margins(proba) if uncertainty is None else uncertainty
    score = unc * (densities(pool) if density is None else density)
    if thin <= 1 or k == 1:
        return [int(i) for i in top_k(score, k)]
    order = np.lexsort((np.arange(len(score)), -score))
    top = order[:thin * k]
    sims, gain = _batch_sim(pool, top), score[top].copy()
    chosen: list[int] = []
    nearest = np.zeros(len(top))
    while len(chosen) < min(k, len(top)):
        value = gain * (1.0 - nearest)
        value[chosen] = -np.inf
        nxt = int(np.lexsort((np.arange(len(top)), -value))[0])
        chosen.append(nxt)
        nearest = np.maximum(nearest, sims[nxt])
    return [int(top[i]) for i in chosen]


def pick_diverse(pool: sparse.spmatrix, labelled: sparse.spmatrix, k: int, seed: int = 0) -> list[int]:
    """k-means++ seeding (Arthur & Vassilvitskii 2007) continued from the labelled texts.

    Each pick is drawn with probability proportional to its squared distance to the
    nearest text labelled or picked so far (``2 - 2 cos`` for L2-normalised rows), so
    varied texts come first without chasing outliers. Seeded: deterministic.
    """
    rng = np.random.default_rng(seed)
    n = pool.shape[0]
    sim = max_similarity(pool, sparse.csr_matrix(labelled)) if labelled.shape[0] else None
    chosen: list[int] = []
    for _ in range(min(k, n)):
        if sim is None:
            best = int(rng.integers(n))
            sim = np.zeros(n)
        else:
            d2 = np.clip(2.0 - 2.0 * sim, 0.0, None)
            d2[chosen] = 0.0
            total = d2.sum()  # zero when every text left duplicates a picked one: the lowest index
            best = int(rng.choice(n, p=d2 / total)) if total > 0 else int(np.setdiff1d(np.arange(n), chosen)[0])
        chosen.append(best)
        sim = np.maximum(sim, _similarity_to(pool, best))
    return chosen


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


def pick_learning(proba: np.ndarray | None, pool: sparse.spmatrix | None, labelled: sparse.spmatrix | None,
                  k: int = 1, seed: int = 0, density: np.ndarray | None = None) -> list[int]:
    """The learning queue's rule: density x entropy with a model, k-means++ picks before one.

    Parameters
    ----------
    proba : array (n_pool, n_classes) or None
        The current model's probabilities; None before there is a model.
    pool, labelled : sparse matrices
        L2-normalised TF-IDF rows of the unlabelled pool and of the labelled texts.
    k : int
        How many to pick.
    seed : int
        Seeds the k-means++ draws (used only without a model).
    density : array (n_pool,) or None
        ``densities(pool)``, when the caller already has it; with a model, ``pool`` and
        ``labelled`` are then not read and may be None.

    Returns
    -------
    list of int
        Indices into ``pool``, best first.

    Examples
    --------
    >>> import numpy as np; from scipy import sparse
    >>> pool = sparse.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> pick_learning(np.array([[0.9, 0.1], [0.5, 0.5], [0.5, 0.5]]), pool, pool[:0], k=2)
    [1, 2]
    """
    if proba is None:
        return pick_diverse(pool, labelled, k, seed=seed)
    return pick_density(proba, pool, labelled, k, uncertainty=entropies(proba), density=density)
