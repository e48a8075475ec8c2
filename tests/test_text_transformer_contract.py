"""sklearn's estimator contract, run for the string-input transformers.

``parametrize_with_checks`` skips nearly every check for estimators that take strings
(it only generates numeric data), so the checks that matter are run here on texts:
sklearn's own data-free checks, then fit/transform checks written after sklearn's.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import estimator_checks as checks

from voices.models.features import CueLexicon
from voices.models.vectorize import CharTfidf, WordTfidf

TEXTS = [
    "directors must be registered social workers",
    "a dcs leads a whole system , not neg_one neg_profession",
    "social workers need leaders who know practice and pay",
    "pay and caseloads : burnout burnout stress",
    "registered managers , registered workers",
    "",
]
NEW = ["unseen words and social workers", "pay", ""]

ESTIMATORS = [WordTfidf(min_df=1), WordTfidf((1, 3), min_df=2), CharTfidf(min_df=1, max_features=40),
              CharTfidf((1, 3), min_df=2), CueLexicon({"pay": ["pay", "salar"], "burnout": ["stress", "burnout"]})]
IDS = ["word", "word13", "char", "char13", "cues"]


def _dense(m):
    return m.toarray() if hasattr(m, "toarray") else np.asarray(m)


@pytest.mark.parametrize("check", [checks.check_get_params_invariance, checks.check_set_params,
                                   checks.check_no_attributes_set_in_init,
                                   checks.check_parameters_default_constructible])
@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_sklearn_data_free_checks(est, check):
    check(type(est).__name__, clone(est))


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_fit_returns_self_keeps_params_and_learns_only_trailing_underscore_state(est):
    est = clone(est)
    params = est.get_params()
    before = set(vars(est))
    assert est.fit(TEXTS) is est
    assert est.get_params() == params
    learned = set(vars(est)) - before
    assert learned and all(a.endswith("_") for a in learned)
    assert not any(a.endswith("_") and not a.startswith("__") for a in vars(clone(est)))  # clone is unfitted


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_transform_before_fit_raises_not_fitted(est):
    with pytest.raises(NotFittedError):
        clone(est).transform(TEXTS)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_transform_leaves_the_estimator_unchanged(est):
    est = clone(est).fit(TEXTS)
    state = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in vars(est).items()}
    est.transform(NEW)
    est.transform(TEXTS)
    assert set(vars(est)) == set(state)
    for k, v in vars(est).items():
        if isinstance(v, np.ndarray):
            np.testing.assert_array_equal(v, state[k])
        else:
            assert v is state[k] or v == state[k], k


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_fit_is_idempotent_and_pickle_round_trips(est):
    a = clone(est).fit(TEXTS)
    b = clone(est).fit(TEXTS[:3] * 2).fit(TEXTS)
    np.testing.assert_array_equal(_dense(a.transform(NEW + TEXTS)), _dense(b.transform(NEW + TEXTS)))
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(_dense(a.transform(NEW + TEXTS)), _dense(c.transform(NEW + TEXTS)))
    assert list(c.get_feature_names_out()) == list(a.get_feature_names_out())


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_rows_do_not_depend_on_batch_or_order(est):
    # sklearn's check_methods_subset_invariance and check_methods_sample_order_invariance
    est = clone(est).fit(TEXTS)
    texts = NEW + TEXTS
    whole = _dense(est.transform(texts))
    one_by_one = np.vstack([_dense(est.transform([t])) for t in texts])
    np.testing.assert_array_equal(whole, one_by_one)
    order = np.random.default_rng(0).permutation(len(texts))
    np.testing.assert_array_equal(_dense(est.transform([texts[i] for i in order])), whole[order])
    np.testing.assert_array_equal(_dense(est.transform(np.array(texts, dtype=object))), whole)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_feature_names_match_the_columns(est):
    est = clone(est).fit(TEXTS)
    names = est.get_feature_names_out()
    assert len(names) == _dense(est.transform(TEXTS)).shape[1] and len(set(names)) == len(names)
    assert all(isinstance(n, str) for n in names)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_a_single_string_is_refused(est):
    with pytest.raises(ValueError, match="iterable of strings"):
        clone(est).fit("one string")
