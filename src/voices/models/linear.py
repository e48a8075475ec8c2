"""A linear classifier built from NB-weighted logistic regression and a linear SVM.

``NBLinearClassifier`` fits, per class, a binary logistic regression on features
scaled by their naive-Bayes log-count ratio (Wang and Manning's NB-SVM idea: a
feature's weight starts from how much more often it occurs in the class than out of
it), and optionally a one-vs-rest linear SVM on the unscaled features. Both parts are
linear in the input, so each is folded into one ``coef_``/``intercept_`` and their
scale-matched average is a single linear model: predicting costs one sparse product,
like a plain ``LogisticRegression``, and the calibration in ``voices.models.calibrate``
folds into it the same way.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.special import expit, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["LinearScoresMixin", "NBLinearClassifier", "nb_log_ratio"]


def nb_log_ratio(X, positive: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Per feature, ``log`` of its smoothed presence rate in the positive class over the rest.

    Parameters
    ----------
    X : sparse or dense matrix (n, d)
        Features; only whether an entry is non-zero counts.
    positive : array of bool (n,)
    alpha : float
        Additive smoothing.

    Returns
    -------
    numpy.ndarray (d,)

    Examples
    --------
    >>> nb_log_ratio(np.array([[1, 0], [0, 1]]), np.array([True, False])).round(3).tolist()
    [0.693, -0.693]
    """
    present = sparse.csr_matrix(X, copy=True)
    present.data = (present.data != 0).astype(np.float64)
    p = alpha + np.asarray(present[positive].sum(0)).ravel()
    q = alpha + np.asarray(present[~positive].sum(0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


class LinearScoresMixin:
    """Scores, probabilities and predictions of a fitted linear classifier (``coef_``, ``intercept_``, ``classes_``),
    sparse input accepted: shared by ``NBLinearClassifier`` and ``voices.models.map_linear.MAPAdaptedClassifier``."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def decision_function(self, X):
        """Scores ``X @ coef_.T + intercept_``: ``(n, n_classes)``, or ``(n,)`` for ``classes_[1]`` if binary."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, accept_sparse="csr", reset=False, dtype=(np.float64, np.float32))
        scores = np.asarray(X @ self.coef_.T) + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        """Softmax of the decision values (the logistic function if binary); calibrated once
        ``voices train`` has folded its temperature or Platt scaling into ``coef_``."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            p = expit(scores)
            return np.column_stack([1 - p, p])
        return softmax(scores, axis=1)

    def predict(self, X):
        """The class with the highest decision value."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(1)]


class NBLinearClassifier(LinearScoresMixin, ClassifierMixin, BaseEstimator):
    """One-vs-rest NB-weighted logistic regression, optionally averaged with a linear SVM.

    Parameters
    ----------
    C : float
        Inverse regularisation of each class's logistic regression.
    alpha : float
        Smoothing of the naive-Bayes log-count ratios.
    svm_C : float or None
        With a value, a one-vs-rest ``LinearSVC`` with this ``C`` on the unscaled
        features is averaged in (each part's training decision values scaled to
        unit standard deviation first, so neither dominates by scale alone).
    class_weight : "balanced" or None
    random_state : int

    Attributes
    ----------
    classes_ : ndarray
    coef_ : ndarray (n_classes, n_features), or (1, n_features) for two classes
    intercept_ : ndarray (n_classes,), or (1,)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> NBLinearClassifier().fit(X, ["a", "a", "b", "b"]).predict([[1.0, 0.0]]).tolist()
    ['a']
    """

    def __init__(self, C: float = 10.0, alpha: float = 1.0, svm_C: float | None = None,
                 class_weight: str | None = "balanced", random_state: int = 0):
        self.C = C
        self.alpha = alpha
        self.svm_C = svm_C
        self.class_weight = class_weight
        self.random_state = random_state

    def fit(self, X, y):
        """Fit one NB-weighted logistic regression per class (and the SVM), fold into one linear model."""
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=(np.float64, np.float32))
        self.classes_ = unique_labels(y)
        if len(self.classes_) < 2:
            raise ValueError(f"need samples of at least 2 classes; the data contains only 1 class ({self.classes_[0]!r})")
        # Binary: one row, the score of classes_[1] (as sklearn's binary linear models).
        modelled = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        parts = [self._nb_part(X, y, modelled)]
        if self.svm_C is not None:
            parts.append(self._svm_part(X, y, modelled))
        coef = np.zeros((len(modelled), X.shape[1]))
        intercept = np.zeros(len(modelled))
        for w, b in parts:
            # scale-match the parts on their training decision values
            scale = float(np.std(np.asarray(X @ w.T) + b)) or 1.0
            coef += w / scale
            intercept += b / scale
        self.coef_ = coef / len(parts)
        self.intercept_ = intercept / len(parts)
        return self

    def _nb_part(self, X, y, modelled) -> tuple[np.ndarray, np.ndarray]:
        rows, bias = [], []
        for c in modelled:
            positive = y == c
            r = nb_log_ratio(X, positive, self.alpha)
            lr = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", dual=True,
                                    max_iter=1000, random_state=self.random_state)
            lr.fit(X @ sparse.diags(r) if sparse.issparse(X) else X * r, positive.astype(int))
            rows.append(lr.coef_[0] * r)
            bias.append(lr.intercept_[0])
        return np.vstack(rows), np.array(bias)

    def _svm_part(self, X, y, modelled) -> tuple[np.ndarray, np.ndarray]:
        rows, bias = [], []
        for c in modelled:
            svm = LinearSVC(C=self.svm_C, class_weight=self.class_weight, random_state=self.random_state)
            svm.fit(X, (y == c).astype(int))
            rows.append(svm.coef_[0])
            bias.append(svm.intercept_[0])
        return np.vstack(rows), np.array(bias)
