"""The array-code TF-IDF transformers: sklearn's features exactly, batch-independent, estimator contract."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.estimator_checks import parametrize_with_checks

from voices.models.vectorize import CharTfidf, WordTfidf, char_wb_ngrams, tokenize

TEXTS = [
    "directors must be registered social workers .",
    "a dcs leads a whole system , not neg_one neg_profession",
    "social workers need leaders who know practice",
    "leaders lead ; workers work , and aaaa aaa aa a",
    "pay and caseloads : burnout burnout burnout",
    "registered managers , registered workers",
    "",
    "   leading   and trailing   spaces  ",
]
OTHER = ["registered leaders know social work practice", "unseen tokens everywhere", "a", ""]


def _same_matrix(mine, ref, texts):
    names = list(mine.get_feature_names_out())
    assert sorted(names) == sorted(ref.get_feature_names_out())
    col = {n: i for i, n in enumerate(names)}
    perm = [col[n] for n in ref.get_feature_names_out()]
    got = mine.transform(texts)[:, perm].toarray()
    np.testing.assert_allclose(got, ref.transform(texts).toarray(), atol=1e-6)


@pytest.mark.parametrize(("ngrams", "min_df"), [((1, 1), 1), ((1, 2), 2), ((1, 3), 1), ((2, 2), 1)])
def test_word_tfidf_equals_sklearn(ngrams, min_df):
    ref = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=ngrams, min_df=min_df,
                          sublinear_tf=True, dtype=np.float32).fit(TEXTS)
    mine = WordTfidf(ngrams, min_df).fit(TEXTS)
    _same_matrix(mine, ref, TEXTS + OTHER)


@pytest.mark.parametrize(("ngrams", "min_df"), [((2, 5), 1), ((2, 5), 2), ((1, 3), 1), ((3, 3), 1)])
def test_char_tfidf_equals_sklearn_char_wb(ngrams, min_df):
    ref = TfidfVectorizer(analyzer="char_wb", lowercase=False, ngram_range=ngrams, min_df=min_df,
                          sublinear_tf=True, dtype=np.float32).fit(TEXTS)
    mine = CharTfidf(ngrams, min_df).fit(TEXTS)
    _same_matrix(mine, ref, TEXTS + OTHER)


def test_char_max_features_keeps_the_most_frequent():
    from sklearn.feature_extraction.text import CountVectorizer

    counts = CountVectorizer(analyzer="char_wb", lowercase=False, ngram_range=(2, 3)).fit(TEXTS)
    total = dict(zip(counts.get_feature_names_out(), np.asarray(counts.transform(TEXTS).sum(0)).ravel(), strict=True))
    kept = set(CharTfidf((2, 3), 1, max_features=10).fit(TEXTS).get_feature_names_out())
    dropped = set(total) - kept
    assert len(kept) == 10
    assert min(total[g] for g in kept) >= max(total[g] for g in dropped)


def test_char_ngrams_count_a_short_token_once():
    assert char_wb_ngrams("a", 2, 5) == [" a", "a ", " a "]


@pytest.mark.parametrize("cls", [WordTfidf, CharTfidf])
def test_rows_do_not_depend_on_the_batch(cls):
    est = cls(min_df=1).fit(TEXTS)
    whole = est.transform(TEXTS + OTHER)
    parts = [est.transform([t]) for t in TEXTS + OTHER]
    for i, part in enumerate(parts):
        row = whole[i]
        assert list(row.indices) == list(part.indices)
        assert row.data.tobytes() == part.data.tobytes()  # bit for bit, not just close


def test_sorted_product_equals_scipys_product_with_sorted_columns():
    from scipy import sparse

    from voices.models.featurize import sorted_product

    rng = np.random.default_rng(3)
    a = sparse.random(40, 30, density=0.2, format="csr", random_state=rng, dtype=np.float32)
    b = sparse.random(30, 50, density=0.3, format="csr", random_state=rng, dtype=np.float32)
    a.data, b.data = np.ceil(a.data * 3), np.ceil(b.data * 3)  # whole counts, as the features use
    got, want = sorted_product(a, b), a @ b
    assert got.has_sorted_indices and got.shape == (40, 50)
    for i in range(40):
        assert np.all(np.diff(got.indices[got.indptr[i]:got.indptr[i + 1]]) > 0)
    np.testing.assert_array_equal(got.toarray(), want.toarray())
    want.sort_indices()
    assert got.indices.tolist() == want.indices.tolist() and got.data.tobytes() == want.data.tobytes()


def test_tokenize_drops_empty_tokens_and_keeps_documents():
    batch = tokenize(["  a  b ", "", "b\tc\n"])
    assert [batch.types[c] for c in batch.codes] == ["a", "b", "b", "c"]
    assert batch.doc.tolist() == [0, 0, 2, 2]


@pytest.mark.parametrize("cls", [WordTfidf, CharTfidf])
def test_refuses_a_single_string_and_empty_vocabularies(cls):
    with pytest.raises(ValueError, match="not one string"):
        cls().fit("one string")
    with pytest.raises(ValueError, match="no .* remain"):
        cls(min_df=5).fit(["a b", "c d"])


def test_fingerprint_tracks_the_fitted_state():
    a, b = WordTfidf(min_df=1).fit(TEXTS), WordTfidf(min_df=1).fit(TEXTS)
    assert a.fingerprint_ == b.fingerprint_
    assert WordTfidf(min_df=2).fit(TEXTS).fingerprint_ != a.fingerprint_
    assert WordTfidf(min_df=1).fit(TEXTS[:4]).fingerprint_ != a.fingerprint_


@parametrize_with_checks([WordTfidf(min_df=1), CharTfidf(min_df=1, max_features=50)])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_cue_phrases_count_within_documents_only():
    # Phrases match whole tokens, the last as a prefix, never across a document boundary;
    # the positions now come from one sort of the batch, so pin the counts on a small batch.
    from voices.models.featurize import FeatureCache, cue_counts, split_keywords

    texts = ["pay cuts hurt and pay cutting more", "we want pay", "cuts for pay cut", "", "pay cu pay"]
    single, phrases = split_keywords(["money", "staff"], {"money": ["pay cut", "salar"], "staff": ["cuts"]}, False)
    got = cue_counts(tokenize(texts), single, phrases, 2, FeatureCache()).toarray()
    # money: "pay cut*" (pay cuts, pay cutting; pay cut) and salar*; staff: tokens starting "cuts"
    want = np.log1p(np.array([[2, 1], [0, 0], [1, 1], [0, 0], [0, 0]], dtype=float))
    np.testing.assert_array_equal(got, want)


def test_tfidf_weighting_is_bit_identical_to_the_plain_formula():
    # tfidf sums squares with a CSR product and divides in place; pin it to the straightforward
    # float64 formula (bincount over rows, divide, round to float32) bit for bit
    from scipy import sparse

    from voices.models.featurize import tfidf

    rng = np.random.default_rng(7)
    counts = sparse.random(300, 500, density=0.05, format="csr", random_state=rng, dtype=np.float32)
    counts.data = np.ceil(counts.data * 5)
    counts.sort_indices()
    counts = sparse.vstack([counts, sparse.csr_matrix((1, 500), dtype=np.float32)]).tocsr()  # an empty row
    idf = (rng.random(500) * 5 + 1).astype(np.float32)
    data = np.log(counts.data) + np.float32(1.0)
    data = (data * idf[counts.indices]).astype(np.float32)
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    norms = np.sqrt(np.bincount(rows, weights=(data * data).astype(np.float64), minlength=counts.shape[0]))
    norms[norms == 0.0] = 1.0
    want = (data / norms[rows]).astype(np.float32)
    got = tfidf(counts.copy(), idf)
    assert got.indices.tolist() == counts.indices.tolist()
    assert got.data.tobytes() == want.tobytes()


@pytest.mark.parametrize(("ngrams", "min_df"), [((1, 2), 1), ((1, 2), 2), ((1, 3), 0.2), ((2, 2), 1)])
def test_word_fit_batches_is_fit_on_all_the_texts(ngrams, min_df):
    """The learning sheet fits 10,000 texts at a time: the same vocabulary, idf and matrix as one fit."""
    texts = TEXTS + OTHER + ["registered social workers ."]
    whole = WordTfidf(ngrams, min_df).fit(texts)
    batched = WordTfidf(ngrams, min_df).fit_batches(texts[i:i + 3] for i in range(0, len(texts), 3))
    assert batched.fingerprint_ == whole.fingerprint_  # tokens, keys, columns and idf, bit for bit
    assert batched.get_feature_names_out().tolist() == whole.get_feature_names_out().tolist()
    got, want = batched.transform(texts), whole.transform(texts)
    assert got.nnz == want.nnz > 0
    np.testing.assert_array_equal(got.toarray(), want.toarray())


def test_word_fit_batches_counts_a_gram_across_batches_for_min_df():
    # "b" is in one text of each batch: kept at min_df=2 only when the batches' counts add up
    assert WordTfidf((1, 1), 2).fit_batches([["a b"], ["b c"]]).get_feature_names_out().tolist() == ["b"]
