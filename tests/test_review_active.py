"""The learning queue's selection strategies (``voices.review.active``): exact picks on tiny pools."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from voices.review.active import (
    entropies,
    pick_batch,
    pick_density,
    pick_diverse,
    pick_margin,
    side_risks,
)

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


def test_entropy_is_zero_when_sure_and_one_when_uniform():
    got = entropies(np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]]))
    assert np.allclose(got, [0.0, 1.0, np.log(2) / np.log(3)])


def test_side_risk_weighs_a_mix_up_of_the_two_sides_double():
    classes = np.array(["AGAINST", "FAVOR", "NONE"])
    # same top-2 margin, but the first hesitates between the sides, the second between a side and NONE
    got = side_risks(np.array([[0.5, 0.4, 0.1], [0.5, 0.1, 0.4], [0.0, 0.0, 1.0]]), classes, "NONE")
    assert np.allclose(got, [(2 * 0.4 + 0.1) / 2, (2 * 0.1 + 0.4) / 2, 0.0])


def test_thinned_density_skips_a_near_duplicate_of_the_batch():
    # by score alone: 1 then its duplicate 2; thinned, 3 (different text) comes second
    assert pick_density(PROBA, POOL, NONE, k=2) == [1, 2]
    assert pick_density(PROBA, POOL, NONE, k=2, thin=2) == [1, 3]


def test_diverse_picks_are_seeded_distinct_and_never_repeat_a_labelled_text():
    first = pick_diverse(POOL, NONE, 3, seed=4)
    assert first == pick_diverse(POOL, NONE, 3, seed=4) and len(set(first)) == 3
    # row 1 labelled: its duplicates (1, 2) have distance 0, so 0 and 3 come first; then the lowest index
    got = pick_diverse(POOL, POOL[[1]], 4, seed=0)
    assert set(got[:2]) == {0, 3} and got[2:] == [1, 2]


def test_max_similarity_equals_the_dense_row_max_signs_and_empty_rows_included():
    from voices.review.active import max_similarity

    pool = sparse.random(30, 8, density=0.2, random_state=4, format="csr")
    pool.data -= 0.5  # some negative values: a row's implicit zeros must count
    lab = sparse.random(5, 8, density=0.4, random_state=5, format="csr")
    assert np.allclose(max_similarity(pool, lab), (pool @ lab.T).toarray().max(axis=1))
    assert np.array_equal(max_similarity(pool, lab[:0]), np.zeros(30))


def test_max_similarity_in_blocks_equals_one_product(monkeypatch):
    from voices.review import active

    rng = np.random.default_rng(3)
    dense = rng.random((57, 12)) * (rng.random((57, 12)) < 0.3)
    pool = sparse.csr_matrix(dense[:45])
    lab = sparse.csr_matrix(dense[45:])
    whole = active.max_similarity(pool, lab)
    monkeypatch.setattr(active, "PRODUCT_CELLS", 25)  # blocks of 2 pool rows (12 labelled)
    assert np.array_equal(active.max_similarity(pool, lab), whole)
    assert np.allclose(whole, (pool @ lab.T).toarray().max(axis=1))


def test_top_k_equals_a_full_lexsort_with_ties_and_nan():
    from voices.review.active import top_k

    rng = np.random.default_rng(5)
    for n, k in [(50, 1), (50, 7), (50, 50), (50, 60), (1, 1)]:
        score = rng.integers(0, 6, size=n).astype(float)  # many ties
        want = np.lexsort((np.arange(n), -score))[:k]
        assert np.array_equal(top_k(score, k), want), (n, k)
    score = np.array([0.5, np.nan, 0.9, 0.9])
    assert np.array_equal(top_k(score, 2), np.lexsort((np.arange(4), -score))[:2])
    assert len(top_k(score, 0)) == 0


def test_order_cache_keeps_probabilities_until_the_model_changes():
    from voices.review.learner import OrderCache

    class Model:
        def __init__(self, p):
            self.p, self.calls = p, 0

        def predict_proba(self, X):
            self.calls += 1
            return np.full((X.shape[0], 2), self.p)

    X = sparse.csr_matrix(np.eye(3))
    cache, first, refit = OrderCache(), Model(0.5), Model(0.25)
    assert cache.probabilities(first, X)[0, 0] == 0.5 and cache.probabilities(first, X)[0, 0] == 0.5
    assert first.calls == 1
    assert cache.probabilities(refit, X)[0, 0] == 0.25 and refit.calls == 1
    pool, out = np.array([0, 2]), np.array([1])
    from voices.review.active import densities

    assert np.allclose(cache.densities(X, pool, out), densities(X[pool]))


def test_learning_queue_vectorises_in_batches_the_same_matrix(monkeypatch):
    """The learning sheet's TF-IDF is fitted and applied READ_BATCH texts at a time (1.5 GB -> 0.7 GB peak on
    100,000 comments), and is the matrix one fit on every text gives: the same rows are chosen."""
    from voices.models import vectorize
    from voices.review import learner

    words = learner.normalise([f"Pay is frozen, leaders {i % 7} must lead #{i % 3}" for i in range(23)] + ["", "x"])
    sizes = []
    real = vectorize.tokenize
    monkeypatch.setattr(vectorize, "tokenize", lambda X: sizes.append(len(X)) or real(X))
    monkeypatch.setattr(learner, "READ_BATCH", 10)
    X = learner.vectorise(words)
    assert max(sizes) == 10 and sum(sizes) == 2 * len(words)  # fitted, then transformed, 10 texts at a time
    want = learner.make_vectorizer().fit_transform(words)
    assert X.shape == want.shape == (25, 38)
    np.testing.assert_array_equal(X.indptr, want.indptr)
    np.testing.assert_array_equal(X.indices, want.indices)
    np.testing.assert_array_equal(X.data, want.data)
    assert learner.vectorise([]) is None
