"""The learning queue's selection strategies (``voices.review.active``): exact picks on tiny pools."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from voices.review.active import pick_batch, pick_density, pick_margin

# rows 0-2 say nearly the same thing, row 3 is alone; rows 1 and 3 are the least certain
POOL = sparse.csr_matrix(np.array([[1.0, 0.0], [0.96, 0.28], [0.96, 0.28], [0.0, 1.0]]))
PROBA = np.array([[0.9, 0.1], [0.55, 0.45], [0.7, 0.3], [0.55, 0.45]])
NONE = sparse.csr_matrix((0, 2))


def test_margin_takes_the_least_certain_first_ties_by_index():
    assert pick_margin(PROBA, POOL, NONE, k=3) == [1, 3, 2]


def test_density_prefers_an_uncertain_text_like_many_others():
    # 1 and 3 are equally uncertain; 1 sits among 0 and 2, 3 is an outlier
    assert pick_density(PROBA, POOL, NONE, k=2) == [1, 2]


def test_density_equals_mean_cosine_to_the_pool():
    from sklearn.preprocessing import normalize

    x = normalize(sparse.random(40, 12, density=0.3, random_state=1, format="csr"))
    proba = np.random.default_rng(0).dirichlet([1, 1, 1], size=40)
    slow = (1 - (np.sort(proba)[:, -1] - np.sort(proba)[:, -2])) * np.asarray((x @ x.T).mean(axis=1)).ravel()
    assert pick_density(proba, x, NONE, k=5) == [int(i) for i in np.lexsort((np.arange(40), -slow))[:5]]


def test_batch_thins_the_shortlist_farthest_first():
    # shortlist (least margin): 1, 3, 2, 0; after 1 the farthest is 3, then 0 (2 duplicates 1)
    assert pick_batch(PROBA, POOL, NONE, k=2, shortlist=2) == [1, 3]


def test_without_a_model_every_strategy_falls_back_to_diversity():
    assert pick_density(None, POOL, NONE, k=2) == pick_margin(None, POOL, NONE, k=2) == pick_batch(None, POOL, NONE, k=2)
