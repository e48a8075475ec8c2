"""Documents -> a (damped) TF-IDF matrix over content words and two-word phrases, for theme discovery.

Tokens come from the classifier's fast path (``voices.nlp.preprocess``: spaCy's rule
tokenizer and lookup norms, no tagger or parser), so a classified corpus's ``prepared``
cache is reused as it is. Negation marks (``neg_``) are dropped: "no pay rise" is about
pay. A content word is alphabetic, at least three letters and not an English stop word;
a phrase is two content words side by side in the text (never across a stop word or
punctuation), so a name reads as written ("caseload", "pay rise"), never as a stem.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from voices.nlp.preprocess import NEGATION_PREFIX

__all__ = ["TermMatrix", "term_matrix", "tokens_of"]

_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")
# Words that carry no theme in this genre even though spaCy does not list them.
_EXTRA_STOP = frozenset({"like", "just", "think", "know", "really", "going", "get", "got", "want", "way",
                         "thing", "things", "lot", "yes", "people", "said", "say", "says", "actually", "also",
                         "don't", "i'm", "it's", "can't", "that's", "didn't", "doesn't", "isn't", "you're",
                         "i've", "they're", "won't", "let", "sure", "make", "makes", "need", "needs", "time"})


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | _EXTRA_STOP


@dataclass(frozen=True)
class TermMatrix:
    """Documents x terms, sublinear TF times damped IDF (``IDF_POWER``), l2-normalised rows.

    Attributes
    ----------
    X : scipy.sparse.csr_matrix, float64
    counts : scipy.sparse.csr_matrix
        Raw term counts (for LDA in the benchmark).
    terms : list of str
        Column names: words and ``"word word"`` phrases, sorted.
    """

    X: sparse.csr_matrix
    counts: sparse.csr_matrix
    terms: list[str]


def _is_content(token: str, stop: frozenset[str]) -> bool:
    return len(token) >= 3 and token not in stop and _WORD.fullmatch(token) is not None


def tokens_of(prepared: str) -> list[str | None]:
    """A prepared string's tokens with negation marks dropped; None where a non-content token was.

    Examples
    --------
    >>> tokens_of("no neg_pay neg_rise for the staff .")
    [None, 'pay', 'rise', None, None, 'staff', None]
    """
    stop = _stop_words()
    n = len(NEGATION_PREFIX)
    out: list[str | None] = []
    for t in prepared.split():
        t = t[n:] if t.startswith(NEGATION_PREFIX) else t
        out.append(t if _is_content(t, stop) else None)
    return out


def _terms(prepared: str) -> list[str]:
    toks = tokens_of(prepared)
    words = [t for t in toks if t is not None]
    phrases = [f"{a} {b}" for a, b in itertools.pairwise(toks) if a is not None and b is not None and a != b]
    return words + phrases


IDF_POWER = 0.6
"""The IDF is damped: raised to 0.6. Full IDF lets one rare word dominate a short text, so
which texts top a theme changed from one resample to the next. Chosen with
``benchmarks/theme_idf_scan.py`` (16 themes, labelled corpus, AI-written): powers 0.45-0.65
met both goals there (recovery at least LDA + 0.10, reported-theme stability at least 0.8;
full IDF: stability 0.72), and between 0.5 and 0.6 real-dev decided: at 0.6 discovery
recovers the hidden themes best there and surfaces a pay theme. So real-dev's theme
figures are development figures. Notes: ``benchmarks/results/theme-discovery-notes.md``."""


def term_matrix(prepared: Sequence[str], *, min_df: int = 3, max_df: float = 0.5,
                max_terms: int = 20_000, idf_power: float = IDF_POWER) -> TermMatrix:
    """The TF-IDF matrix of prepared texts (``voices.nlp.preprocess`` output).

    Parameters
    ----------
    prepared : sequence of str
    min_df : int
        A term is kept when at least this many documents use it (and at least 2).
    max_df : float
        ... and at most this share of them (more is background, not a theme).
    max_terms : int
        Then the terms in most documents, ties by term.
    idf_power : float
        The IDF is raised to this power (``IDF_POWER``; 1 is plain TF-IDF).

    Returns
    -------
    TermMatrix
    """
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(prepared):
        for term in _terms(text):
            rows.append(i)
            cols.append(index.setdefault(term, len(index)))
    n = len(prepared)
    names = np.array(list(index), dtype=object)
    counts = sparse.csr_matrix((np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
                               shape=(n, len(index)))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(index))
    keep = np.nonzero((df >= max(2, min_df)) & (df <= max(max_df * n, 2)))[0]
    # the most widely used terms first, ties by name, then columns in name order
    keep = keep[np.lexsort((names[keep], -df[keep]))][:max_terms]
    keep = keep[np.argsort(names[keep], kind="stable")]
    counts = counts[:, keep].tocsr()
    counts.sort_indices()
    idf = (np.log((1.0 + n) / (1.0 + df[keep])) + 1.0) ** idf_power
    X = counts.copy()
    X.data = (1.0 + np.log(X.data)) * idf[X.indices]
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    X = sparse.diags(1.0 / norms) @ X
    return TermMatrix(X.tocsr(), counts, [str(t) for t in names[keep]])
