"""MAP adaptation of a linear model (Chelba and Acero 2004): a new linear block learnt around a fixed prior one.

``MAPAdaptedClassifier`` takes the first ``prior_coef.shape[1]`` columns of its input as the prior
model's features: their scores ``x_prior @ prior_coef.T + prior_intercept`` are fixed logits, and it
learns ``w`` (Gaussian prior at 0: penalty ``||w||^2 / (2 C)``) and ``b`` (free, or with a Gaussian
prior at 0 of variance ``C_b``: penalty ``||b||^2 / (2 C_b)``) over the remaining columns by minimising
the multinomial log-loss of ``softmax(prior logits + x_new @ w + b)`` (scipy's L-BFGS). Softmax is
unchanged by a constant per text, so the prior model's log-probabilities and its logits give the same
fit, and the result is one linear model over both feature sets:
``coef_ = [prior_coef, w.T]``, ``intercept_ = prior_intercept + b``. It predicts, calibrates
(``voices.models.calibrate`` folds into ``coef_``) and compiles to the bundle like any linear model.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize
from scipy.special import logsumexp, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import validate_data

from voices.models.linear import LinearScoresMixin

__all__ = ["MAPAdaptedClassifier", "map_fit"]


def map_fit(x_new, z0: np.ndarray, y: np.ndarray, C: float, max_iter: int = 200,
            C_b: float | None = None, class_weight: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(w (d, k), b (k,))`` minimising the log-loss of ``softmax(z0 + x_new @ w + b)`` plus ``||w||^2 / (2 C)``
    (and ``||b||^2 / (2 C_b)`` when ``C_b`` is given).

    Parameters
    ----------
    x_new : sparse or dense matrix (n, d)
        The new features.
    z0 : array (n, k)
        The prior model's logits (or log-probabilities: the same fit).
    y : array (n,) of class indices in ``range(k)``
    C : float
        The prior's variance: smaller keeps ``w`` nearer 0, the prior model.
    max_iter : int
    C_b : float or None
        The variance of a Gaussian prior at 0 on ``b``; None: ``b`` free.
    class_weight : {"balanced"} or None
        "balanced": each text's log-loss weighted as sklearn's ``compute_sample_weight("balanced", y)``, so every
        class present weighs the same in the fit; None: every text counts once.

    Examples
    --------
    >>> w, b = map_fit(np.eye(2), np.zeros((2, 2)), np.array([0, 1]), C=1.0)
    >>> bool(w[0, 0] > w[0, 1] and w[1, 1] > w[1, 0])
    True
    """
    w, b, _ = _minimize(x_new, z0, y, C, max_iter, C_b, class_weight)
    return w, b


def _minimize(x_new, z0: np.ndarray, y: np.ndarray, C: float, max_iter: int,
              C_b: float | None = None, class_weight: str | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """``map_fit``'s ``(w, b)`` and the L-BFGS iterations it took."""
    d = x_new.shape[1]
    k = z0.shape[1]
    onehot = np.eye(k)[y]
    on_b = 0.0 if C_b is None else 1.0 / C_b
    sw = (compute_sample_weight(class_weight, y) if class_weight else np.ones(len(y)))[:, None]

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = p[: d * k].reshape(d, k), p[d * k:]
        z = z0 + np.asarray(x_new @ w) + b
        g = (softmax(z, axis=1) - onehot) * sw
        value = float(((logsumexp(z, axis=1) - (z * onehot).sum(1)) * sw[:, 0]).sum() + 0.5 / C * (w * w).sum()
                      + 0.5 * on_b * (b * b).sum())
        return value, np.r_[np.asarray(x_new.T @ g + w / C).ravel(), g.sum(0) + on_b * b]

    res = optimize.minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    return res.x[: d * k].reshape(d, k), res.x[d * k:], int(res.nit)


class MAPAdaptedClassifier(LinearScoresMixin, ClassifierMixin, BaseEstimator):
    """Multinomial logistic regression learnt around a fixed prior linear model.

    Parameters
    ----------
    C : float
        Variance of the Gaussian prior on the new block's weights (at 0: the prior model as it is).
    prior_coef : array (k, d0) or None
        The prior model's weights over the first ``d0`` input columns (one row per class; a single row
        for two classes scores the second). None: no prior model (plain logistic regression).
    prior_intercept : array (k,) or None
    classes : array or None
        The classes, in the prior's row order; None: those of ``y`` (sorted).
    max_iter : int
        L-BFGS iterations.
    C_b : float or None
        Variance of a Gaussian prior at 0 on the new block's intercepts; None: they are free.
    class_weight : {"balanced"} or None
        As ``map_fit``'s: "balanced" weighs every class present in ``y`` the same.

    Attributes
    ----------
    classes_ : ndarray
    coef_ : ndarray (k, d0 + d1), or (1, n_features) for two classes
    intercept_ : ndarray (k,), or (1,)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> MAPAdaptedClassifier().fit(X, ["a", "a", "b", "b"]).predict([[1.0, 0.0]]).tolist()
    ['a']
    """

    def __init__(self, C: float = 1.0, prior_coef=None, prior_intercept=None, classes=None, max_iter: int = 200,
                 C_b: float | None = None, class_weight: str | None = None):
        self.C = C
        self.C_b = C_b
        self.class_weight = class_weight
        self.prior_coef = prior_coef
        self.prior_intercept = prior_intercept
        self.classes = classes
        self.max_iter = max_iter

    def __setstate__(self, state: dict) -> None:
        """A model saved before ``C_b`` and ``class_weight`` was fitted with ``b`` free and every text counted once:
        without them, ``get_params`` (so ``repr`` and ``clone``) raised AttributeError on it."""
        super().__setstate__({"C_b": None, "class_weight": None} | state)

    def fit(self, X, y):
        """Fit the new block's ``w`` and ``b`` around the prior; fold both into ``coef_`` and ``intercept_``."""
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=(np.float64, np.float32))
        self.classes_ = np.asarray(self.classes) if self.classes is not None else unique_labels(y)
        if len(self.classes_) < 2:
            raise ValueError(f"need samples of at least 2 classes; the data contains only 1 class ({self.classes_[0]!r})")
        index = {c: i for i, c in enumerate(self.classes_.tolist())}
        if any(c not in index for c in y.tolist()):
            raise ValueError("y holds a class the classes parameter does not list")
        k = len(self.classes_)
        coef0, b0 = self._prior(k)
        d0 = coef0.shape[1]
        if d0 > X.shape[1]:
            raise ValueError(f"X has {X.shape[1]} features, fewer than the prior's {d0}")
        x_prior, x_new = X[:, :d0], X[:, d0:]
        z0 = np.asarray(x_prior @ coef0.T) + b0
        w, b, self.n_iter_ = _minimize(x_new, z0, np.array([index[c] for c in y.tolist()]), float(self.C),
                                       self.max_iter, None if self.C_b is None else float(self.C_b),
                                       self.class_weight)
        coef, intercept = np.hstack([coef0, w.T]), b0 + b
        if k == 2:  # as sklearn's binary linear models: one row scoring classes_[1]
            coef, intercept = coef[1:] - coef[:1], intercept[1:] - intercept[:1]
        self.coef_, self.intercept_ = coef, intercept
        return self

    def _prior(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The prior as ``(k, d0)`` weights and ``(k,)`` intercepts (zeros, ``d0 = 0``, without one)."""
        if self.prior_coef is None:
            return np.zeros((k, 0)), np.zeros(k)
        coef = np.atleast_2d(np.asarray(self.prior_coef, dtype=np.float64))
        b = np.zeros(len(coef)) if self.prior_intercept is None else np.ravel(self.prior_intercept).astype(np.float64)
        if k == 2 and len(coef) == 1:  # a binary prior scores classes_[1] against classes_[0]
            coef, b = np.vstack([np.zeros_like(coef), coef]), np.r_[0.0, b]
        if coef.shape[0] != k or b.shape != (k,):
            raise ValueError(f"the prior has {coef.shape[0]} rows and {b.size} intercepts for {k} classes")
        return coef, b
