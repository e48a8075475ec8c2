"""Hand-written numerics checked against their library twins: Wilson (scipy), TF-IDF (sklearn), JSON."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest
from sklearn.feature_extraction.text import TfidfVectorizer

from voices.classify.columns import _json_dicts
from voices.models.vectorize import CharTfidf, WordTfidf
from voices.report.stats import wilson


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_equals_scipy(kn):
    k, n = kn
    ref = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson(k, n) == pytest.approx((ref.low, ref.high), abs=1e-12)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1), (9, 9), (0, 9), (5, 10), (1, 1_000_000)])
def test_wilson_edges_equal_scipy(k, n):
    ref = binomtest(k, n).proportion_ci(method="wilson")
    assert wilson(k, n) == pytest.approx((ref.low, ref.high), abs=1e-12)


_WORDS = st.sampled_from(["social", "work", "workers", "lead", "a", "pay", "neg_pay", "é", "dcs", "ab"])
_TEXTS = st.lists(st.lists(_WORDS, max_size=12).map(" ".join), min_size=1, max_size=12)


def _matrix_by_name(est, texts):
    names = list(est.get_feature_names_out())
    return names, est.transform(texts).toarray()


def _assert_same(mine, ref, fit_texts, other):
    names, got = _matrix_by_name(mine, fit_texts + other)
    ref_names = list(ref.get_feature_names_out())
    assert sorted(names) == sorted(ref_names)
    perm = [names.index(n) for n in ref_names]
    np.testing.assert_allclose(got[:, perm], ref.transform(fit_texts + other).toarray(), atol=1e-6)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_TEXTS, _TEXTS, st.sampled_from([(1, 1), (1, 2), (2, 3)]), st.sampled_from([1, 2]))
def test_word_tfidf_equals_sklearn_on_any_texts(texts, other, ngrams, min_df):
    ref = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=ngrams, min_df=min_df,
                          sublinear_tf=True)
    try:
        ref.fit(texts)
    except ValueError:  # sklearn keeps no n-gram: so must voices
        with pytest.raises(ValueError, match="no word n-grams remain"):
            WordTfidf(ngrams, min_df).fit(texts)
        return
    _assert_same(WordTfidf(ngrams, min_df).fit(texts), ref, texts, other)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_TEXTS, _TEXTS, st.sampled_from([(2, 3), (1, 4), (3, 5)]), st.sampled_from([1, 2]))
def test_char_tfidf_equals_sklearn_char_wb_on_any_texts(texts, other, ngrams, min_df):
    ref = TfidfVectorizer(analyzer="char_wb", lowercase=False, ngram_range=ngrams, min_df=min_df, sublinear_tf=True)
    try:
        ref.fit(texts)
    except ValueError:
        with pytest.raises(ValueError, match="no character n-grams remain"):
            CharTfidf(ngrams, min_df).fit(texts)
        return
    _assert_same(CharTfidf(ngrams, min_df).fit(texts), ref, texts, other)


_PROBS = st.dictionaries(st.sampled_from(["a", "b%", 'c"', "none", "infra"]),
                         st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 1), min_size=1)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(_PROBS | st.none(), max_size=8))
def test_json_dicts_is_valid_json_equal_to_json_dumps(values):
    out = _json_dicts(values)
    for v, text in zip(values, out, strict=True):
        if v is None:
            assert text is None
            continue
        expected = {k: (x if math.isfinite(x) else None) for k, x in v.items()}
        assert json.loads(text, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}")) == expected
        assert text == json.dumps(expected, sort_keys=True)


def test_theme_term_matrix_idf_power_against_sklearn():
    """Theme discovery's weights: power 1 is sklearn's sublinear TF-IDF; power 0.5 takes the root of the IDF only."""
    from sklearn.feature_extraction.text import TfidfTransformer

    from voices.themes._terms import term_matrix

    prepared = ["pay rise pay rise staff morale low", "caseload burnout staff caseload high",
                "pay caseload burnout rise", "staff morale burnout pay", "agency staff pay rise caseload"] * 3
    full = term_matrix(prepared, min_df=2, max_df=0.9, idf_power=1.0)
    oracle = TfidfTransformer(sublinear_tf=True).fit_transform(full.counts)
    np.testing.assert_allclose(full.X.toarray(), oracle.toarray(), rtol=1e-12, atol=1e-12)

    damped = term_matrix(prepared, min_df=2, max_df=0.9, idf_power=0.5)
    counts = full.counts.toarray()
    n, df = counts.shape[0], (counts > 0).sum(axis=0)
    tf = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0.0)
    w = tf * np.sqrt(np.log((1 + n) / (1 + df)) + 1)
    np.testing.assert_allclose(damped.X.toarray(), w / np.linalg.norm(w, axis=1, keepdims=True), rtol=1e-12, atol=1e-12)
    assert damped.terms == full.terms and not np.allclose(damped.X.toarray(), full.X.toarray())
