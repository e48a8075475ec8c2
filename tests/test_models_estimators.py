"""sklearn's estimator contract for the custom transformer, and the pipeline factories."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from voices.models.features import CONFIGS, CueLexicon, FeatureConfig, make_pipeline
from voices.models.linear import NBLinearClassifier
from voices.models.map_linear import MAPAdaptedClassifier


def _expected_failures(estimator) -> dict[str, str]:
    if isinstance(estimator, NBLinearClassifier) and estimator.svm_C is None:
        # NB ratios count where a feature is non-zero: on sklearn's dense random data every
        # feature is non-zero in every row, so the ratios (and the model) carry no signal.
        return {"check_classifiers_train": "NB presence ratios are flat on dense data"}
    return {}


@parametrize_with_checks([
    CueLexicon(), CueLexicon({"pay": ["pay", "salar"], "burnout": ["stress"]}),
    NBLinearClassifier(), NBLinearClassifier(svm_C=0.3), MAPAdaptedClassifier(),
    MAPAdaptedClassifier(C_b=10.0, class_weight="balanced"),
], expected_failed_checks=_expected_failures)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_cue_counts_match_at_token_starts_only():
    lex = CueLexicon({"pay": ["salar", "pay"], "burnout": ["stress"]}).fit(["x"])
    got = lex.transform(["salaries and pay pay", "repay stressed", ""]).toarray()
    assert list(lex.get_feature_names_out()) == ["cue_burnout", "cue_pay"]
    np.testing.assert_allclose(got, np.log1p([[0, 3], [1, 0], [0, 0]]))


def test_cue_lexicon_refuses_a_single_string():
    with pytest.raises(ValueError, match="iterable of strings"):
        CueLexicon({"a": ["b"]}).fit("one string")


def test_cue_lexicon_params_survive_clone():
    lex = CueLexicon({"a": ["b"]})
    assert clone(lex).get_params() == {"keywords": {"a": ["b"]}, "match_negated": False}


def test_cue_lexicon_can_match_inside_a_negation_scope():
    texts = ["no neg_career neg_path here", "a career path"]
    plain = CueLexicon({"career_path": ["career path"]}).fit(["x"]).transform(texts).toarray()
    negated = CueLexicon({"career_path": ["career path"]}, match_negated=True).fit(["x"]).transform(texts).toarray()
    np.testing.assert_allclose(plain, np.log1p([[0], [1]]))
    np.testing.assert_allclose(negated, np.log1p([[1], [1]]))


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_factories_return_unfitted_named_pipelines(task):
    pipe = make_pipeline(task, CONFIGS[task][0], {"x": ["y"]})
    assert list(pipe.named_steps) == ["features", "classifier"]
    assert "features__words__ngram_range" in pipe.get_params()
    assert not hasattr(pipe.named_steps["classifier"], "classes_")


def _toy(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, 6)) * (rng.random((n, 6)) > 0.5)
    y = np.array(["a", "b", "c"])[X[:, :3].argmax(1)]
    return X, y


@pytest.mark.parametrize("svm_c", [None, 0.3])
def test_nb_linear_is_one_linear_model(svm_c):
    X, y = _toy()
    clf = NBLinearClassifier(svm_C=svm_c).fit(X, y)
    np.testing.assert_allclose(clf.decision_function(X), X @ clf.coef_.T + clf.intercept_)
    np.testing.assert_allclose(clf.predict_proba(X).sum(1), 1.0)
    assert (clf.predict(X) == y).mean() > 0.8


def test_nb_linear_binary_has_one_row_like_sklearn():
    X, y = _toy()
    yb = (y == "a").astype(int)
    clf = NBLinearClassifier().fit(X, yb)
    assert clf.coef_.shape == (1, X.shape[1]) and clf.decision_function(X).shape == (len(X),)
    np.testing.assert_array_equal(clf.predict(X), (clf.decision_function(X) > 0).astype(int))


def test_unknown_model_in_a_configuration_is_refused():
    with pytest.raises(ValueError, match="unknown model 'svm'"):
        make_pipeline("stance", FeatureConfig("x", model="svm"))
