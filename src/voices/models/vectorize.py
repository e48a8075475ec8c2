"""TF-IDF over whitespace tokens, computed in array code: word n-grams and in-word character n-grams.

The learning (vocabularies, idf) is here; the transform is ``voices.models.featurize``,
shared with the array-only inference bundle. The classifiers read ``voices.nlp.preprocess`` output: normalised tokens joined by
spaces. sklearn's ``TfidfVectorizer`` walks every n-gram of every document in
Python (about 14 dictionary lookups per word for character 2-5-grams), which made
it 15x slower than spaCy's tokenizer. These transformers give the same features
from array operations:

- a batch is split into tokens and dictionary-encoded by Arrow (no Python per token);
- word n-grams are integer keys over token ids, looked up in a hash index;
- character n-grams depend only on the token (sklearn's ``char_wb`` builds them
  word by word), so they are computed once per *distinct* token of the batch and
  the document counts are one sparse product: (documents x tokens) @ (tokens x n-grams).

Weighting is sklearn's: ``1 + log(tf)`` (sublinear), smooth idf, rows l2-normalised.
On the same vocabulary the matrices equal ``TfidfVectorizer(token_pattern=r"\\S+",
lowercase=False, sublinear_tf=True)`` and ``TfidfVectorizer(analyzer="char_wb", ...)``
(tests/test_models_vectorize.py holds this).
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from voices.models.featurize import (
    FeatureCache,
    TokenBatch,
    char_tfidf,
    char_wb_ngrams,
    idf_from_df,
    rows_matrix,
    tokenize,
    word_ngram_keys,
    word_tfidf,
)

__all__ = ["CharTfidf", "TokenBatch", "WordTfidf", "char_wb_ngrams", "tokenize"]

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scipy import sparse

# Word n-gram keys are token ids in base len(vocabulary) + 1; they must fit in int64.
_MAX_KEY = 2**62


def _min_count(min_df: float, n_docs: int) -> float:
    if isinstance(min_df, numbers.Integral):
        return float(min_df)
    return float(min_df) * n_docs


def _check_range(ngram_range, name: str) -> tuple[int, int]:
    lo, hi = (int(v) for v in ngram_range)
    if not 1 <= lo <= hi:
        raise ValueError(f"{name}={ngram_range!r}: need 1 <= min_n <= max_n")
    return lo, hi


_SCRATCH_ATTR = "_scratch_"


def _new_scratch(est: BaseEstimator) -> None:
    """Give ``est`` empty caches (``fit`` and unpickling call this; ``transform`` only reads them)."""
    est.__dict__[_SCRATCH_ATTR] = FeatureCache()


def _scratch(est: BaseEstimator) -> FeatureCache:
    """``est``'s caches (a ``threading.local``: never shared between threads, never saved)."""
    cache = est.__dict__.get(_SCRATCH_ATTR)
    if cache is None:  # (setdefault: two threads racing here still get one holder)
        cache = est.__dict__.setdefault(_SCRATCH_ATTR, FeatureCache())
    return cache


class ScratchOwner:
    """Mixin for estimators with ``_scratch`` caches: the caches are left out of pickles and
    skops files and made afresh when a model is loaded or copied."""

    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop(_SCRATCH_ATTR, None)
        return state

    def __setstate__(self, state) -> None:
        super().__setstate__(state)
        _new_scratch(self)


class TextInput:
    """Mixin for estimators that take a list of texts: sklearn's tags for string input that needs fitting."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags


class _TextTransformer(TextInput, ScratchOwner, TransformerMixin, BaseEstimator):
    def transform(self, X):
        """Return the ``(n_texts, n_features)`` float32 CSR TF-IDF matrix."""
        return self.transform_tokens(tokenize(X))

    def _set_n_features_out(self):
        self.n_features_out_ = len(self.idf_)


class WordTfidf(_TextTransformer):
    """Sublinear TF-IDF of word n-grams over whitespace tokens.

    Parameters
    ----------
    ngram_range : (int, int)
        Smallest and largest n.
    min_df : int or float
        Keep n-grams in at least this many documents (a float: this share of them).

    Examples
    --------
    >>> WordTfidf((1, 2), min_df=1).fit(["a b", "b c"]).get_feature_names_out().tolist()
    ['a', 'a b', 'b', 'b c', 'c']
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), min_df: float = 2):
        self.ngram_range = ngram_range
        self.min_df = min_df

    def fit(self, X, y=None):
        """Learn the n-grams in at least ``min_df`` documents and their idf."""
        lo, hi = _check_range(self.ngram_range, "ngram_range")
        batch = tokenize(X)
        grams, df = ngram_document_frequencies(batch, lo, hi, _min_count(self.min_df, batch.n_docs))
        return self._set_vocabulary(grams, df, batch.n_docs)

    def fit_batches(self, batches: Iterable[Iterable[str]]) -> WordTfidf:
        """``fit`` on the texts of every batch, holding one batch's n-grams at a time: the same vocabulary
        and idf (so the same ``transform``) as ``fit`` on them all, without its memory on a large corpus.

        >>> WordTfidf((1, 2), min_df=2).fit_batches([["a b"], ["a b c"]]).get_feature_names_out().tolist()
        ['a', 'a b', 'b']
        """
        lo, hi = _check_range(self.ngram_range, "ngram_range")
        df: dict[tuple[str, ...], float] = {}
        n_docs = 0
        for texts in batches:
            batch = tokenize(texts)
            n_docs += batch.n_docs
            grams, counts = ngram_document_frequencies(batch, lo, hi, 1)
            for gram, count in zip(grams, counts.tolist(), strict=True):
                df[gram] = df.get(gram, 0.0) + count
        floor = _min_count(self.min_df, n_docs)
        kept = [gram for gram, count in df.items() if count >= floor]
        return self._set_vocabulary(kept, np.array([df[g] for g in kept], dtype=np.float64), n_docs)

    def _set_vocabulary(self, grams: list[tuple[str, ...]], df: np.ndarray, n_docs: int) -> WordTfidf:
        """The fitted state from the kept n-grams (token tuples, any order) and their document frequencies."""
        lo, hi = _check_range(self.ngram_range, "ngram_range")
        if not grams:
            raise ValueError("after pruning, no word n-grams remain; lower min_df")
        used = sorted({t for g in grams for t in g})
        if (len(used) + 1) ** hi >= _MAX_KEY:
            raise ValueError(f"ngram_range max {hi} is too large for {len(used)} distinct tokens")
        # Vocabularies are kept as string arrays, not dicts: skops stores a dict entry by
        # entry, which made loading a model take seconds.
        self.tokens_ = np.array(used, dtype=str)
        index = {tok: i for i, tok in enumerate(used)}
        order = np.argsort(np.array([" ".join(g) for g in grams], dtype=object), kind="stable")
        col_of = np.empty(len(grams), dtype=np.int64)
        col_of[order] = np.arange(len(grams))
        sizes = np.array([len(g) for g in grams])
        self.keys_, self.columns_ = [], []
        for n in range(lo, hi + 1):
            at = np.flatnonzero(sizes == n)
            key = np.zeros(len(at), dtype=np.int64)
            for j in range(n):
                key = key * len(used) + np.array([index[grams[i][j]] for i in at], dtype=np.int64)
            sort = np.argsort(key, kind="stable")
            self.keys_.append(key[sort])
            self.columns_.append(col_of[at][sort])
        self.idf_ = idf_from_df(df[order], n_docs)
        self._set_n_features_out()
        self.fingerprint_ = _fingerprint(self, self.tokens_, *self.keys_, *self.columns_, self.idf_)
        _new_scratch(self)
        return self

    def transform_tokens(self, batch: TokenBatch) -> sparse.csr_matrix:
        """``transform`` for an already tokenized batch (shared by several transformers)."""
        check_is_fitted(self, "idf_")
        lo, _ = _check_range(self.ngram_range, "ngram_range")
        return word_tfidf(batch, self.tokens_, self.keys_, self.columns_, lo, self.idf_, _scratch(self),
                          self.fingerprint_)

    def get_feature_names_out(self, input_features=None):
        """The n-grams, tokens joined by a space, in column order."""
        check_is_fitted(self, "idf_")
        lo, _ = _check_range(self.ngram_range, "ngram_range")
        tokens = self.tokens_.tolist()
        base = len(tokens)
        names = np.empty(self.n_features_out_, dtype=object)
        for i, (keys, columns) in enumerate(zip(self.keys_, self.columns_, strict=True)):
            n = lo + i
            parts = [((keys // base ** (n - 1 - j)) % base).tolist() for j in range(n)]
            for col, *toks in zip(columns.tolist(), *parts, strict=True):
                names[col] = " ".join(tokens[t] for t in toks)
        return names


class CharTfidf(_TextTransformer):
    """Sublinear TF-IDF of character n-grams inside tokens (sklearn's ``char_wb`` analyzer).

    Parameters
    ----------
    ngram_range : (int, int)
    min_df : int or float
        As for ``WordTfidf``.
    max_features : int or None
        Keep at most this many n-grams, the most frequent (ties: alphabetical).

    Examples
    --------
    >>> CharTfidf((2, 3), min_df=1).fit(["ab"]).get_feature_names_out().tolist()
    [' a', ' ab', 'ab', 'ab ', 'b ']
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), min_df: float = 2,
                 max_features: int | None = None):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, X, y=None):
        """Learn the n-grams (``min_df``, then the ``max_features`` most frequent) and their idf."""
        lo, hi = _check_range(self.ngram_range, "ngram_range")
        batch = tokenize(X)
        grams: dict[str, int] = {}
        rows = [[grams.setdefault(g, len(grams)) for g in char_wb_ngrams(t, lo, hi)] for t in batch.types]
        per_type = rows_matrix(rows, len(grams))
        counts = (batch.counts() @ per_type).tocsr()
        df = np.bincount(counts.indices, minlength=len(grams)).astype(np.float64)
        tf = np.asarray(counts.sum(0)).ravel()
        names = np.array(sorted(grams, key=grams.__getitem__), dtype=object)
        keep = np.nonzero(df >= _min_count(self.min_df, batch.n_docs))[0]
        if self.max_features is not None and len(keep) > self.max_features:
            rank = np.lexsort((names[keep], -tf[keep]))
            keep = keep[rank[: self.max_features]]
        if len(keep) == 0:
            raise ValueError("after pruning, no character n-grams remain; lower min_df")
        keep = keep[np.argsort(names[keep], kind="stable")]
        self.ngrams_ = names[keep].astype(str)
        self.idf_ = idf_from_df(df[keep], batch.n_docs)
        self._set_n_features_out()
        self.fingerprint_ = _fingerprint(self, self.ngrams_, self.idf_)
        _new_scratch(self)
        return self

    def transform_tokens(self, batch: TokenBatch) -> sparse.csr_matrix:
        """``transform`` for an already tokenized batch (shared by several transformers)."""
        check_is_fitted(self, "idf_")
        lo, hi = _check_range(self.ngram_range, "ngram_range")
        return char_tfidf(batch, self.ngrams_, lo, hi, self.idf_, _scratch(self), self.fingerprint_)

    def get_feature_names_out(self, input_features=None):
        """The n-grams, in column order."""
        check_is_fitted(self, "idf_")
        return self.ngrams_.astype(object)


def ngram_document_frequencies(batch: TokenBatch, lo: int, hi: int, floor: float
                               ) -> tuple[list[tuple[str, ...]], np.ndarray]:
    """The word n-grams (``lo`` to ``hi`` tokens, as token tuples) in at least ``floor`` documents of
    ``batch``, and in how many.

    >>> ngram_document_frequencies(tokenize(["a b", "a"]), 1, 2, 2)
    ([('a',)], array([2.]))
    """
    import pandas as pd

    n_types = len(batch.types)
    if (n_types + 1) ** hi >= _MAX_KEY:
        raise ValueError(f"ngram_range max {hi} is too large for {n_types} distinct tokens")
    local = np.arange(n_types, dtype=np.int64)
    grams: list[tuple[str, ...]] = []
    dfs = [np.zeros(0)]
    for n in range(lo, hi + 1):
        doc, key = word_ngram_keys(batch, local, n_types, n)
        df = pd.DataFrame({"d": doc, "k": key}).drop_duplicates()["k"].value_counts()
        df = df[df >= floor]
        keys = df.index.to_numpy(np.int64)
        parts = [((keys // n_types ** (n - 1 - j)) % n_types).tolist() for j in range(n)]
        grams.extend(tuple(batch.types[t] for t in g) for g in zip(*parts, strict=True))
        dfs.append(df.to_numpy(np.float64))
    return grams, np.concatenate(dfs)


def _fingerprint(est: BaseEstimator, *arrays: np.ndarray) -> str:
    """A digest of the parameters and fitted arrays: equal digests give equal transforms.

    ``voices.models.trained`` uses it to compute a feature block once when the stance
    and themes models share it.
    """
    import hashlib

    h = hashlib.sha256(f"{type(est).__name__}{sorted(est.get_params().items())}".encode())
    for a in arrays:
        h.update(str(a.dtype).encode() + str(a.shape).encode())
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:32]
