"""Feature and estimator factories: unfitted sklearn ``Pipeline``s with named steps.

Every pipeline reads the fast-path token strings of ``voices.nlp.preprocess`` and has
the steps ``features`` (a ``FeatureUnion`` of ``words``, ``chars`` and optionally
``cues``) and ``classifier``. ``CONFIGS`` lists the settings model selection tries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from voices.models.featurize import TokenBatch, cue_counts, split_keywords, tokenize
from voices.models.linear import NBLinearClassifier
from voices.models.vectorize import CharTfidf, ScratchOwner, TextInput, WordTfidf, _new_scratch, _scratch

SEED = 0


class CueLexicon(TextInput, ScratchOwner, TransformerMixin, BaseEstimator):
    """Count keyword cues per label: one ``log1p(count)`` feature per label.

    A keyword matches a token string at a token start (``"burn"`` matches ``burnout``);
    multi-word keywords match as phrases (every token exact but the last, a prefix),
    each occurrence counted. Keywords are matched on the same
    normalised form as the text, so pass them through ``voices.nlp.prepare_one``.

    Parameters
    ----------
    keywords : mapping of str to sequence of str, or None
        Label -> normalised keywords. None or empty gives no features.
    match_negated : bool
        Also match keywords inside a negation scope (``neg_``-prefixed tokens, see
        ``voices.nlp.preprocess``): "no career path" still talks about career paths.

    Examples
    --------
    >>> CueLexicon({"pay": ["salar", "pay"]}).fit_transform(["pay and salaries ."]).toarray()
    array([[1.09861229]])
    """

    def __init__(self, keywords: Mapping[str, Sequence[str]] | None = None, match_negated: bool = False):
        self.keywords = keywords
        self.match_negated = match_negated

    def fit(self, X, y=None):
        """Record the labels in a fixed order; nothing is learned from ``X``."""
        if isinstance(X, str):
            raise ValueError("CueLexicon expects an iterable of strings, not one string")
        self.labels_ = sorted(self.keywords or {})
        self._set_n_features_out()
        _new_scratch(self)
        return self

    def _set_n_features_out(self):
        self.n_features_out_ = len(self.labels_)

    def transform(self, X):
        """Return a sparse ``(n_texts, n_labels)`` matrix of ``log1p`` cue counts."""
        return self.transform_tokens(tokenize(X))

    def transform_tokens(self, batch: TokenBatch) -> sparse.csr_matrix:
        """``transform`` for an already tokenized batch (``voices.models.vectorize.tokenize``)."""
        check_is_fitted(self, "labels_")
        single, phrases = split_keywords(self.labels_, self.keywords or {}, self.match_negated)
        return cue_counts(batch, single, phrases, len(self.labels_), _scratch(self))

    def get_feature_names_out(self, input_features=None):
        """``cue_<label>`` for each label."""
        check_is_fitted(self, "labels_")
        return np.asarray([f"cue_{lab}" for lab in self.labels_], dtype=object)


@dataclass(frozen=True)
class FeatureConfig:
    """One setting model selection tries (names are recorded in ``meta.json``).

    ``model`` is ``"lr"`` (logistic regression) or ``"nblr"`` (``NBLinearClassifier``:
    NB-weighted logistic regression, averaged with a linear SVM of ``svm_C`` when set).
    """

    name: str
    C: float = 10.0
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    cues: bool = True
    cue_weight: float = 1.0
    min_df: int = 2
    model: str = "lr"
    svm_C: float | None = None
    cues_negated: bool = False


# Kept small so that training (selection and calibration included) stays under two
# minutes on two cores; configurations differing only in the classifier (model, C,
# svm_C) share their features. Measured by grouped CV over the writer batches:
# benchmarks/results/error-analysis.md lists every setting tried.
CONFIGS: dict[str, tuple[FeatureConfig, ...]] = {
    "stance": (
        FeatureConfig("word12+char25 C=10", C=10.0, cues=False),
        FeatureConfig("word12+char25 C=30", C=30.0, cues=False),
        FeatureConfig("word13+char25 min_df=1 C=10", C=10.0, word_ngrams=(1, 3), min_df=1, cues=False),
        FeatureConfig("word13+char25 NB-LR C=10", C=10.0, word_ngrams=(1, 3), cues=False, model="nblr"),
        FeatureConfig("word13+char25 NB-LR+SVM C=10/0.3", C=10.0, word_ngrams=(1, 3), cues=False,
                      model="nblr", svm_C=0.3),
        FeatureConfig("word13+char25 NB-LR+SVM C=10/1", C=10.0, word_ngrams=(1, 3), cues=False,
                      model="nblr", svm_C=1.0),
    ),
    "themes": (
        FeatureConfig("word12+char25+cues C=10", C=10.0, cues_negated=True),
        FeatureConfig("word12+char25+cues NB-LR C=3", C=3.0, model="nblr", cues_negated=True),
        FeatureConfig("word12+char25+cues NB-LR+SVM C=3/0.3", C=3.0, model="nblr", svm_C=0.3,
                      cues_negated=True),
    ),
}


def make_features(config: FeatureConfig, keywords: Mapping[str, Sequence[str]] | None) -> FeatureUnion:
    """The ``features`` step: word and character TF-IDF, plus scheme cues when asked."""
    parts: list = [("words", WordTfidf(ngram_range=config.word_ngrams, min_df=config.min_df))]
    if config.char_ngrams:
        parts.append(
            ("chars", CharTfidf(ngram_range=config.char_ngrams, min_df=config.min_df, max_features=200_000))
        )
    weights = None
    if config.cues and keywords:
        parts.append(("cues", CueLexicon(dict(keywords), match_negated=config.cues_negated)))
        weights = {name: 1.0 for name, _ in parts} | {"cues": config.cue_weight}
    return FeatureUnion(parts, transformer_weights=weights)


def make_pipeline(
    task: str, config: FeatureConfig, keywords: Mapping[str, Sequence[str]] | None = None
) -> Pipeline:
    """An unfitted pipeline for ``task``: ``features`` then ``classifier``.

    Parameters
    ----------
    task : {"stance", "themes"}
        Stance: multinomial logistic regression (``config.model == "lr"``) or
        ``NBLinearClassifier`` (``"nblr"``), balanced class weights. Themes: one
        balanced binary model of the same kind per theme (input ``y`` is a 0/1 matrix).
    config : FeatureConfig
    keywords : mapping or None
        Normalised cue keywords per label, for the ``cues`` feature.

    Returns
    -------
    sklearn.pipeline.Pipeline

    Examples
    --------
    >>> make_pipeline("stance", CONFIGS["stance"][0]).named_steps["classifier"].C
    10.0
    """
    if config.model not in ("lr", "nblr"):
        raise ValueError(f"unknown model {config.model!r} in configuration {config.name!r}; use lr or nblr")
    if config.model == "nblr":
        nb = NBLinearClassifier(C=config.C, svm_C=config.svm_C, class_weight="balanced", random_state=SEED)
        classifier = nb if task == "stance" else OneVsRestClassifier(nb)
    elif task == "stance":
        # tol 1e-3: the same held-out F1 as 1e-4 in a third of the iterations (measured)
        classifier = LogisticRegression(
            C=config.C, class_weight="balanced", max_iter=1000, tol=1e-3, random_state=SEED
        )
    else:
        # liblinear's dual solver: 15x faster than the primal here (more features than texts)
        classifier = OneVsRestClassifier(
            LogisticRegression(
                C=config.C, class_weight="balanced", solver="liblinear", dual=True,
                max_iter=1000, random_state=SEED,
            )
        )
    return Pipeline([("features", make_features(config, keywords)), ("classifier", classifier)])
