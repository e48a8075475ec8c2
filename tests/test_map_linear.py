"""MAP adaptation around a fixed prior linear model (``voices.models.map_linear``): the fit, the folding
into one linear model, and what a prior changes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.special import softmax

from voices.models.bundle import _compile_classifier
from voices.models.map_linear import MAPAdaptedClassifier, map_fit

RNG = np.random.default_rng(0)
X1 = sparse.csr_matrix(RNG.random((40, 6)) * (RNG.random((40, 6)) < 0.5))
Y = RNG.integers(0, 3, 40)
Z0 = RNG.normal(size=(40, 3))


def test_a_constant_per_text_changes_nothing_so_log_probabilities_and_logits_fit_alike():
    w, b = map_fit(X1, Z0, Y, C=1.0)
    log_probs = Z0 - np.log(np.exp(Z0).sum(1, keepdims=True))
    w2, b2 = map_fit(X1, log_probs + 5.0, Y, C=1.0)
    np.testing.assert_allclose(w, w2, atol=1e-4)
    np.testing.assert_allclose(b - b.mean(), b2 - b2.mean(), atol=1e-4)


def test_a_narrow_prior_keeps_the_prior_model_and_a_wide_one_learns():
    narrow, _ = map_fit(X1, Z0, Y, C=1e-6)
    wide, _ = map_fit(X1, Z0, Y, C=100.0)
    assert np.abs(narrow).max() < 1e-4
    assert np.abs(wide).max() > 1.0


def test_the_fit_is_the_penalised_log_loss_minimum():
    """The gradient is zero at the answer: compared with a small step each way along every weight."""
    C = 0.7
    w, b = map_fit(X1, Z0, Y, C=C, max_iter=1000)

    def loss(w_, b_):
        z = Z0 + X1 @ w_ + b_
        return -np.log(softmax(z, 1)[np.arange(len(Y)), Y]).sum() + (w_ ** 2).sum() / (2 * C)

    best = loss(w, b)
    for i, j in [(0, 0), (3, 2), (5, 1)]:
        for step in (1e-3, -1e-3):
            moved = w.copy()
            moved[i, j] += step
            assert loss(moved, b) >= best - 1e-7


def test_one_linear_model_over_both_feature_sets():
    prior_coef, prior_b = RNG.normal(size=(3, 4)), RNG.normal(size=3)
    x_prior = sparse.csr_matrix(RNG.random((40, 4)))
    X = sparse.hstack([x_prior, X1]).tocsr()
    clf = MAPAdaptedClassifier(C=2.0, prior_coef=prior_coef, prior_intercept=prior_b, classes=np.arange(3)).fit(X, Y)
    w, b = map_fit(X1, x_prior @ prior_coef.T + prior_b, Y, C=2.0)
    np.testing.assert_allclose(clf.coef_[:, :4], prior_coef)
    np.testing.assert_allclose(clf.coef_[:, 4:], w.T, atol=1e-8)
    np.testing.assert_allclose(clf.decision_function(X), x_prior @ prior_coef.T + prior_b + X1 @ w + b, atol=1e-8)
    recipe, coef, intercept = _compile_classifier(clf)  # the bundle holds it as any linear model
    assert recipe["link"] == "softmax"
    np.testing.assert_array_equal(coef, clf.coef_)
    np.testing.assert_array_equal(intercept, clf.intercept_)


def test_a_class_the_user_never_labelled_keeps_the_prior_column():
    prior_coef = np.zeros((3, 1))
    X = sparse.hstack([sparse.csr_matrix(np.ones((40, 1))), X1]).tocsr()
    y = np.where(Y == 2, 0, Y)  # no label of class 2
    clf = MAPAdaptedClassifier(prior_coef=prior_coef, prior_intercept=np.zeros(3), classes=np.arange(3)).fit(X, y)
    assert clf.classes_.tolist() == [0, 1, 2]
    assert clf.predict_proba(X).shape == (40, 3)


def test_a_prior_that_does_not_fit_the_classes_is_refused():
    X = sparse.hstack([sparse.csr_matrix(np.ones((40, 2))), X1]).tocsr()
    with pytest.raises(ValueError, match="the prior has 2 rows and 2 intercepts for 3 classes"):
        MAPAdaptedClassifier(prior_coef=np.zeros((2, 2)), prior_intercept=np.zeros(2)).fit(X, Y)


def test_a_prior_on_b_is_part_of_the_penalised_minimum():
    """With ``C_b`` the intercepts are penalised too: the gradient along each of them is zero at the answer."""
    C, C_b = 0.7, 0.5
    w, b = map_fit(X1, Z0, Y, C=C, max_iter=1000, C_b=C_b)

    def loss(b_):
        z = Z0 + X1 @ w + b_
        return (-np.log(softmax(z, 1)[np.arange(len(Y)), Y]).sum() + (w ** 2).sum() / (2 * C)
                + (b_ ** 2).sum() / (2 * C_b))

    best = loss(b)
    for j in range(3):
        for step in (1e-3, -1e-3):
            moved = b.copy()
            moved[j] += step
            assert loss(moved) >= best - 1e-7
    assert abs(b.sum()) < 1e-4  # the log-loss's gradient sums to 0 over classes, so the prior centres b


def test_without_a_prior_on_b_a_class_never_labelled_is_driven_out_and_with_one_it_is_not():
    """Issue 12's absent stance: labels of classes 0 and 1 only. A free ``b`` pushes class 2 down as far as the
    optimiser goes; a prior at 0 on ``b`` stops it where the prior outweighs the labels."""
    y = np.where(Y == 2, 0, Y)
    _, free = map_fit(X1, np.zeros((40, 3)), y, C=1.0, max_iter=1000)
    _, held = map_fit(X1, np.zeros((40, 3)), y, C=1.0, max_iter=1000, C_b=1.0)
    assert free[2] - free[:2].max() < -5.0
    assert -3.0 < held[2] - held[:2].max() < 0.0


def test_balanced_weights_fit_as_each_class_repeated_to_the_same_count():
    """``class_weight="balanced"`` weighs class j's texts n / (k c_j), sklearn's ``compute_sample_weight``. The
    oracle: classes of 6, 3 and 2 texts repeated 1, 2 and 3 times, each then weighing 18 / 11 times as much, so
    the same fit with both priors' variances times 11 / 18."""
    y = np.array([0] * 6 + [1] * 3 + [2] * 2)
    x, z0 = X1[:11], Z0[:11]
    w, b = map_fit(x, z0, y, C=2.0, max_iter=2000, C_b=4.0, class_weight="balanced")
    rows = np.repeat(np.arange(11), np.array([1, 2, 3])[y])
    w_rep, b_rep = map_fit(x[rows], z0[rows], y[rows], C=2.0 * 11 / 18, max_iter=2000, C_b=4.0 * 11 / 18)
    np.testing.assert_allclose(w, w_rep, atol=1e-4)
    np.testing.assert_allclose(b, b_rep, atol=1e-4)
    plain, _ = map_fit(x, z0, y, C=2.0, max_iter=2000, C_b=4.0)
    assert np.abs(plain - w).max() > 0.05  # the weights change the fit


def test_a_model_saved_before_c_b_and_class_weight_loads_with_the_settings_it_was_fitted_under():
    """A MAP model trained before session 38 has no ``C_b`` or ``class_weight`` attribute. Loaded (skops sets the
    saved attributes), it predicted the same, but ``get_params``, ``repr`` and ``clone`` raised AttributeError
    ('object has no attribute C_b'; seen on a model trained by ``git archive 21ba842``'s voices). It was fitted
    with ``b`` free and every text counted once: None, None."""
    import skops.io as sio
    from sklearn.base import clone

    from voices.models.skops_file import TRUSTED_TYPES

    X = sparse.hstack([X1, X1]).tocsr()
    old = MAPAdaptedClassifier(C=1.0, prior_coef=RNG.normal(size=(3, 6)), prior_intercept=np.zeros(3)).fit(X, Y)
    del old.C_b, old.class_weight  # as an object of the class before them
    loaded = sio.loads(sio.dumps(old), trusted=list(TRUSTED_TYPES))
    assert loaded.get_params()["C_b"] is None and loaded.get_params()["class_weight"] is None
    assert "MAPAdaptedClassifier(" in repr(loaded) and clone(loaded).C == 1.0
    np.testing.assert_array_equal(loaded.predict_proba(X), old.predict_proba(X))
