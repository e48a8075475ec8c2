"""TF-IDF over whitespace tokens, computed in array code: word n-grams and in-word character n-grams.

The classifiers read ``voices.nlp.preprocess`` output: normalised tokens joined by
spaces. sklearn's ``TfidfVectorizer`` walks every n-gram of every document in
Python (about 14 dictionary lookups per word for character 2-5-grams), which made
it 15x slower than spaCy's tokenizer. These transformers give the same features
from array operations:

- a batch is split into tokens and dictionary-encoded by Arrow (no Python per token);
- word n-grams are integer keys over token ids, looked up with ``searchsorted``;
- character n-grams depend only on the token (sklearn's ``char_wb`` builds them
  word by word), so they are computed once per *distinct* token of the batch and
  the document counts are one sparse product: (documents x tokens) @ (tokens x n-grams).

Weighting is sklearn's: ``1 + log(tf)`` (sublinear), smooth idf, rows l2-normalised.
On the same vocabulary the matrices equal ``TfidfVectorizer(token_pattern=r"\\S+",
lowercase=False, sublinear_tf=True)`` and ``TfidfVectorizer(analyzer="char_wb", ...)``
(tests/test_models_vectorize.py holds this).
"""

from __future__ import annotations

import itertools
import numbers
import threading
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

__all__ = ["CharTfidf", "TokenBatch", "WordTfidf", "tokenize"]

# Word n-gram keys are token ids in base len(vocabulary) + 1; they must fit in int64.
_MAX_KEY = 2**62


@dataclass(frozen=True)
class TokenBatch:
    """A batch of documents as flat token codes.

    Attributes
    ----------
    n_docs : int
    doc : ndarray of int64
        The document of each token, non-decreasing.
    codes : ndarray of int64
        Each token's index into ``types``.
    types : list of str
        The distinct tokens of the batch.
    """

    n_docs: int
    doc: np.ndarray
    codes: np.ndarray
    types: list[str]

    def counts(self) -> sparse.csr_matrix:
        """``(n_docs, len(types))`` token counts."""
        ones = np.ones(len(self.codes), dtype=np.float32)
        shape = (self.n_docs, len(self.types))
        return sparse.csr_matrix((ones, (self.doc, self.codes)), shape=shape)


def _as_texts(X) -> list:
    if isinstance(X, str):
        raise ValueError("expected an iterable of strings, not one string")
    return X.tolist() if hasattr(X, "tolist") else list(X)


def tokenize(X) -> TokenBatch:
    """Split texts on whitespace and encode the tokens (Arrow kernels; no Python loop per token).

    Parameters
    ----------
    X : iterable of str

    Returns
    -------
    TokenBatch

    Examples
    --------
    >>> b = tokenize(["a b a", "", "b"])
    >>> b.types, b.codes.tolist(), b.doc.tolist()
    (['a', 'b'], [0, 1, 0, 1], [0, 0, 0, 2])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = _as_texts(X)
    try:
        arr = pa.array(texts, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([str(t) for t in texts], type=pa.string())
    lists = pc.utf8_split_whitespace(arr)
    flat = lists.flatten()
    per_doc = np.diff(np.asarray(lists.offsets))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), per_doc)
    keep = np.asarray(pc.greater(pc.binary_length(flat), 0), dtype=bool)
    if not keep.all():  # leading/trailing whitespace leaves empty strings
        flat = flat.filter(pa.array(keep))
        doc = doc[keep]
    encoded = pc.dictionary_encode(flat)
    codes = np.asarray(encoded.indices, dtype=np.int64)
    return TokenBatch(len(texts), doc, codes, encoded.dictionary.to_pylist())


def _min_count(min_df: float, n_docs: int) -> float:
    if isinstance(min_df, numbers.Integral):
        return float(min_df)
    return float(min_df) * n_docs


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """``(1 + log tf) * idf``, rows l2-normalised, float32 (sklearn's sublinear TF-IDF)."""
    # Callers pass duplicate-free CSR (a COO conversion or a sparse product). Sorted
    # indices fix the order of every float sum (the norm here, the classifier's dot
    # product), so a text gets the same probabilities whatever batch it came in.
    counts = counts.tocsr().astype(np.float32, copy=False)
    counts.sort_indices()
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return normalize(counts, copy=False)


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def _check_range(ngram_range, name: str) -> tuple[int, int]:
    lo, hi = (int(v) for v in ngram_range)
    if not 1 <= lo <= hi:
        raise ValueError(f"{name}={ngram_range!r}: need 1 <= min_n <= max_n")
    return lo, hi


class _PerThread(threading.local):
    """Each thread's own ``_Scratch``: a Dask worker runs several tasks at once on one model."""

    def __init__(self) -> None:
        self.scratch = _Scratch()


_SCRATCH_ATTR = "_scratch_"


def _new_scratch(est: BaseEstimator) -> None:
    """Give ``est`` empty caches (``fit`` and unpickling call this; ``transform`` only reads them)."""
    est.__dict__[_SCRATCH_ATTR] = _PerThread()


def _scratch(est: BaseEstimator) -> _Scratch:
    """``est``'s cache for the calling thread: never shared between threads, never saved."""
    per_thread = est.__dict__.get(_SCRATCH_ATTR)
    if per_thread is None:  # (setdefault: two threads racing here still get one holder)
        per_thread = est.__dict__.setdefault(_SCRATCH_ATTR, _PerThread())
    return per_thread.scratch


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

    def _ngram_keys(self, batch: TokenBatch, ids: np.ndarray, base: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(document, key) of every n-gram whose tokens all have ids, within one document."""
        m = len(batch.codes) - n + 1
        if m <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        tok = ids[batch.codes]
        ok = batch.doc[: m] == batch.doc[n - 1 :]
        key = np.zeros(m, dtype=np.int64)
        for j in range(n):
            part = tok[j : j + m]
            ok &= part >= 0
            key = key * base + part
        return batch.doc[: m][ok], key[ok]

    def fit(self, X, y=None):
        """Learn the n-grams in at least ``min_df`` documents and their idf."""
        import pandas as pd

        lo, hi = _check_range(self.ngram_range, "ngram_range")
        batch = tokenize(X)
        n_types = len(batch.types)
        if (n_types + 1) ** hi >= _MAX_KEY:
            raise ValueError(f"ngram_range max {hi} is too large for {n_types} distinct tokens")
        local = np.arange(n_types, dtype=np.int64)
        floor = _min_count(self.min_df, batch.n_docs)
        kept_keys, kept_df = [], []
        for n in range(lo, hi + 1):
            doc, key = self._ngram_keys(batch, local, n_types, n)
            df = pd.DataFrame({"d": doc, "k": key}).drop_duplicates()["k"].value_counts()
            df = df[df >= floor]
            kept_keys.append((n, df.index.to_numpy(np.int64)))
            kept_df.append(df.to_numpy(np.float64))
        # Decode kept keys to token-index tuples, then to the (sorted) tokens they use.
        grams: list[tuple[int, ...]] = []
        for n, keys in kept_keys:
            parts = [(keys // n_types ** (n - 1 - j)) % n_types for j in range(n)]
            grams.extend(zip(*(p.tolist() for p in parts), strict=True))
        if not grams:
            raise ValueError("after pruning, no word n-grams remain; lower min_df")
        used = sorted({batch.types[t] for g in grams for t in g})
        # Vocabularies are kept as string arrays, not dicts: skops stores a dict entry by
        # entry, which made loading a model take seconds.
        self.tokens_ = np.array(used, dtype=str)
        index = {tok: i for i, tok in enumerate(used)}
        remap = np.array([index.get(t, -1) for t in batch.types], dtype=np.int64)
        names = [" ".join(batch.types[t] for t in g) for g in grams]
        order = np.argsort(np.array(names, dtype=object), kind="stable")
        col_of = np.empty(len(grams), dtype=np.int64)
        col_of[order] = np.arange(len(grams))
        df_all = np.concatenate(kept_df)[order]
        base = len(used)
        self.keys_, self.columns_ = [], []
        start = 0
        for n, keys in kept_keys:
            g = np.zeros(len(keys), dtype=np.int64)
            for j in range(n):
                g = g * base + remap[(keys // n_types ** (n - 1 - j)) % n_types]
            sort = np.argsort(g, kind="stable")
            self.keys_.append(g[sort])
            self.columns_.append(col_of[start : start + len(keys)][sort])
            start += len(keys)
        self.idf_ = _idf(df_all, batch.n_docs)
        self._set_n_features_out()
        self.fingerprint_ = _fingerprint(self, self.tokens_, *self.keys_, *self.columns_, self.idf_)
        _new_scratch(self)
        return self

    def transform(self, X):
        """Return the ``(n_texts, n_features)`` float32 CSR TF-IDF matrix."""
        return self.transform_tokens(tokenize(X))

    def transform_tokens(self, batch: TokenBatch) -> sparse.csr_matrix:
        """``transform`` for an already tokenized batch (shared by several transformers)."""
        check_is_fitted(self, "idf_")
        lo, _ = _check_range(self.ngram_range, "ngram_range")
        scratch = _scratch(self)
        vocab = scratch.lookup(self.tokens_, self.fingerprint_)
        ids = np.array([vocab.get(t, -1) for t in batch.types], dtype=np.int64)
        rows, cols = [], []
        for i, (keys, columns) in enumerate(zip(self.keys_, self.columns_, strict=True)):
            doc, key = self._ngram_keys(batch, ids, len(vocab), lo + i)
            if len(keys) == 0 or len(key) == 0:
                continue
            at = scratch.hashed(i, keys).get_indexer(key)  # a hash lookup: 9x a binary search
            hit = at >= 0
            rows.append(doc[hit])
            cols.append(columns[at[hit]])
        rows_a = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        cols_a = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        counts = sparse.csr_matrix(
            (np.ones(len(rows_a), dtype=np.float32), (rows_a, cols_a)),
            shape=(batch.n_docs, self.n_features_out_),
        )
        return _tfidf(counts, self.idf_)

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


def char_wb_ngrams(token: str, lo: int, hi: int) -> list[str]:
    """sklearn's ``char_wb`` n-grams of one token (padded with a space each side).

    Examples
    --------
    >>> char_wb_ngrams("ab", 2, 5)
    [' a', 'ab', 'b ', ' ab', 'ab ', ' ab ']
    """
    w = f" {token} "
    size = len(w)
    out = []
    for n in range(lo, hi + 1):
        if n >= size:  # a short token counts once, whole
            out.append(w)
            break
        out.extend(w[i : i + n] for i in range(size - n + 1))
    return out


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

    def _type_matrix(self, types: list[str], vocab: dict[str, int] | None) -> tuple[sparse.csr_matrix, dict]:
        """(distinct tokens x n-grams) counts; with ``vocab`` None, the n-grams are numbered here."""
        lo, hi = _check_range(self.ngram_range, "ngram_range")
        if vocab is None:
            grams: dict[str, int] = {}
            rows = [[grams.setdefault(g, len(grams)) for g in char_wb_ngrams(t, lo, hi)] for t in types]
        else:
            grams = vocab
            rows = _scratch(self).rows(types, vocab, lo, hi)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        indices = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=int(indptr[-1]))
        data = np.ones(len(indices), dtype=np.float32)
        # Repeated columns in a row (a token with an n-gram twice) are summed by the product.
        mat = sparse.csr_matrix((data, indices, indptr), shape=(len(types), len(grams)))
        return mat, grams

    def fit(self, X, y=None):
        """Learn the n-grams (``min_df``, then the ``max_features`` most frequent) and their idf."""
        batch = tokenize(X)
        per_type, grams = self._type_matrix(batch.types, None)
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
        self.idf_ = _idf(df[keep], batch.n_docs)
        self._set_n_features_out()
        self.fingerprint_ = _fingerprint(self, self.ngrams_, self.idf_)
        _new_scratch(self)
        return self

    def transform(self, X):
        """Return the ``(n_texts, n_features)`` float32 CSR TF-IDF matrix."""
        return self.transform_tokens(tokenize(X))

    def transform_tokens(self, batch: TokenBatch) -> sparse.csr_matrix:
        """``transform`` for an already tokenized batch (shared by several transformers)."""
        check_is_fitted(self, "idf_")
        per_type, _ = self._type_matrix(batch.types, _lookup(self, self.ngrams_))
        return _tfidf(batch.counts() @ per_type, self.idf_)

    def get_feature_names_out(self, input_features=None):
        """The n-grams, in column order."""
        check_is_fitted(self, "idf_")
        return self.ngrams_.astype(object)


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


class _Scratch:
    """Per fitted estimator, rebuilt on demand and never persisted: the string -> column
    dictionary, and each token's character n-gram columns (Zipf: most tokens recur)."""

    MAX_TYPES = 500_000

    def __init__(self) -> None:
        self.key: tuple = ()
        self.index: dict[str, int] = {}
        self.cols: dict[str, list[int]] = {}
        self.hashes: dict[int, tuple[np.ndarray, object]] = {}

    def lookup(self, names: np.ndarray, fingerprint: str) -> dict[str, int]:
        key = (fingerprint, id(names))  # a refit or a set attribute starts afresh
        if key != self.key:
            self.key, self.cols, self.hashes = key, {}, {}
            self.index = {t: i for i, t in enumerate(names.tolist())}
        return self.index

    def memo(self, key: tuple) -> dict:
        """A per-token memo valid while ``key`` (e.g. the keywords) stays the same."""
        if key != self.key or len(self.cols) > self.MAX_TYPES:
            self.key, self.cols = key, {}
        return self.cols

    def hashed(self, slot: int, keys: np.ndarray):
        """A pandas ``Index`` over ``keys`` (its hash table is built once, on first lookup)."""
        import pandas as pd

        held = self.hashes.get(slot)
        if held is None or held[0] is not keys:
            held = self.hashes[slot] = (keys, pd.Index(keys))
        return held[1]

    def rows(self, types: list[str], vocab: dict[str, int], lo: int, hi: int) -> list[list[int]]:
        cols = self.cols
        if len(cols) > self.MAX_TYPES:  # bounded memory on endless streams of new tokens
            cols.clear()
        out = []
        for t in types:
            row = cols.get(t)
            if row is None:
                row = cols[t] = [c for g in char_wb_ngrams(t, lo, hi) if (c := vocab.get(g)) is not None]
            out.append(row)
        return out


def _lookup(est: BaseEstimator, names: np.ndarray) -> dict[str, int]:
    return _scratch(est).lookup(names, est.fingerprint_)
