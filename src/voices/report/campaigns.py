"""Campaign detection: one template text sent by many respondents.

Campaign responses are found by normalised text and, for near-identical copies,
word-bigram Jaccard similarity with MinHash candidate pairs, so a 100,000-answer
export is not compared pair by pair. The report marks all members of a campaign but
the first as copies (``ReportDocs.mark_campaigns``) and leaves copies out of its shares.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from voices.placeholders import names_nobody
from voices.report._text import Texts
from voices.report.data import Campaign

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from voices.store.report_docs import ReportDocs

log = logging.getLogger(__name__)

MIN_CAMPAIGN = 3
MIN_CAMPAIGN_WORDS = 8
JACCARD = 0.7
_BANDS, _ROWS = 8, 4
_PRIME = (1 << 61) - 1
_BLOCK_BIGRAMS = 2_000_000  # MinHash gathers this many bigrams at a time (16 MB a function)
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise_text(text: str) -> str:
    """Case-folded words only: the identity of a template text."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def find_campaigns(frame: pd.DataFrame, min_size: int = MIN_CAMPAIGN, threshold: float = JACCARD) -> list[list[str]]:
    """Groups of document ids whose texts are identical or near-identical, from ``min_size`` respondents.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``id``, ``text`` and optionally ``respondent_id``/``author``, in document order.
    min_size : int
        Distinct respondents needed for a campaign.
    threshold : float
        Word-bigram Jaccard similarity for "near-identical" (0.7 survives a changed word or two
        in a 20-word template).

    Returns
    -------
    list of list of str
        Each group in document order; groups ordered by their first document.
    """
    from voices.store.report_docs import ReportDocs

    with ReportDocs.from_frame(frame) as docs:
        return [docs.ids(group) for group in campaign_groups(docs, False, min_size, threshold)]


def campaign_groups(docs: ReportDocs, classified_only: bool, min_size: int = MIN_CAMPAIGN,
                    threshold: float = JACCARD) -> list[list[int]]:
    """Campaigns among the documents (only classified ones when asked): ``ord`` lists, as ``find_campaigns``.

    Identical texts share a normalised key (made in SQL, or here for texts Python's Unicode
    rules must normalise); near-identical keys are joined through MinHash candidate pairs.
    """
    extra = {o: normalise_text(t) for o, t in docs.unusual_texts(classified_only)}
    component = _near_duplicates(_shingles(docs.campaign_keys(classified_only, extra, MIN_CAMPAIGN_WORDS)), threshold)
    respondents = {pair: who for pair in docs.campaign_respondents() if (who := _respondent(*pair)) is not None}
    return docs.campaign_groups(component, respondents, min_size)


class _Shingles(NamedTuple):
    """Word bigrams of each key: key i has the distinct bigrams ``gram[start[i]:start[i + 1]]``,
    each an index into ``vocabulary``, which holds every distinct bigram once."""

    vocabulary: list[str]
    gram: np.ndarray
    start: np.ndarray


def _shingles(batches: Iterable[list[str]]) -> _Shingles:
    """Bigrams made and encoded by Arrow kernels (no Python per bigram: 0.24 s at 20k answers before)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    index: dict[str, int] = {}
    grams: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    for keys in batches:
        words = pc.split_pattern(pa.array(keys, type=pa.large_string()), " ")  # as str.split(" ")
        flat, ends = words.flatten(), np.asarray(words.offsets)[1:]
        # bigram i joins words i and i + 1 unless word i ends its key
        inside = np.ones(max(len(flat) - 1, 0), dtype=bool)
        inside[ends[(ends > 0) & (ends < len(flat))] - 1] = False
        pairs = pc.binary_join_element_wise(flat[:-1], flat[1:], pa.scalar(" ", pa.large_string())).filter(pa.array(inside))
        encoded = pc.dictionary_encode(pairs)
        # the batch's distinct bigrams -> process-wide indices (one dict operation per distinct bigram)
        local = np.array([index.setdefault(b, len(index)) for b in encoded.dictionary.to_pylist()], dtype=np.int64)
        n_pairs = np.diff(np.asarray(words.offsets)) - 1
        owner = np.repeat(np.arange(len(keys), dtype=np.int64), np.maximum(n_pairs, 0))
        # each key's distinct bigrams (a set, as the Jaccard similarity counts them)
        both = np.sort(owner * max(len(index), 1) + local[np.asarray(encoded.indices, dtype=np.int64)])
        both = both[np.r_[True, both[1:] != both[:-1]]] if len(both) else both  # np.unique hashes: 6x slower
        key, gram = np.divmod(both, max(len(index), 1))
        grams.append(gram)
        sizes.append(np.bincount(key, minlength=len(keys)))
    gram = np.concatenate(grams) if grams else np.zeros(0, np.int64)
    start = np.zeros(sum(len(x) for x in sizes) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(sizes) if sizes else np.zeros(0, np.int64), out=start[1:])
    return _Shingles(list(index), gram, start)


def _signatures(sh: _Shingles) -> np.ndarray:
    """MinHash signatures: per hash function (a*x + b) mod p, minimised over each key's bigrams,
    where x is the bigram's 4-byte BLAKE2b digest."""
    import numpy as np

    x = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big") for s in sh.vocabulary),
                    dtype=np.uint64, count=len(sh.vocabulary))
    rng = np.random.default_rng(0)
    mult = rng.integers(1, 1 << 31, size=_BANDS * _ROWS, dtype=np.uint64)
    add = rng.integers(0, 1 << 31, size=_BANDS * _ROWS, dtype=np.uint64)
    # a < 2**31 and x < 2**32 keep a*x + b below 2**64: no overflow in uint64
    hashed = (mult[:, None] * x[None, :] + add[:, None]) % np.uint64(_PRIME)  # function x distinct bigram
    n = len(sh.start) - 1
    sig = np.empty((n, _BANDS * _ROWS), dtype=np.uint64)
    lo = 0
    while lo < n:  # a block of keys at a time keeps the gathered bigrams small
        hi = min(n, max(lo + 1, int(np.searchsorted(sh.start, sh.start[lo] + _BLOCK_BIGRAMS, side="right")) - 1))
        block, at = sh.gram[sh.start[lo]:sh.start[hi]], sh.start[lo:hi] - sh.start[lo]
        for j, row in enumerate(hashed):  # one function at a time: its row stays in cache (8x faster)
            sig[lo:hi, j] = np.minimum.reduceat(row[block], at)
        lo = hi
    return sig


def _near_duplicates(sh: _Shingles, threshold: float) -> list[int]:
    """Component of each key: keys joined when a MinHash band puts them in one bucket with the
    bucket's first key and their bigram Jaccard similarity reaches ``threshold``."""
    import numpy as np

    n = len(sh.start) - 1
    if n == 0:
        return []
    sig = _signatures(sh)
    pairs = []
    for band in range(_BANDS):
        block = np.ascontiguousarray(sig[:, band * _ROWS:(band + 1) * _ROWS])
        _, first, inverse = np.unique(block, axis=0, return_index=True, return_inverse=True)
        first = first[inverse.ravel()]
        later = np.nonzero(first != np.arange(n))[0]
        pairs.append(np.stack([first[later], later], axis=1))
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    gram, start = sh.gram, sh.start
    cached: tuple[int, set[int]] = (-1, set())  # the bucket's first key, compared with many others
    for a, b in np.unique(np.concatenate(pairs), axis=0).tolist():
        if find(a) == find(b):
            continue
        if cached[0] != a:
            cached = (a, set(gram[start[a]:start[a + 1]].tolist()))
        other = gram[start[b]:start[b + 1]].tolist()
        both = len(cached[1].intersection(other))
        if both / (len(cached[1]) + len(other) - both) >= threshold:
            parent[find(b)] = find(a)
    return [find(i) for i in range(n)]


def _respondent(respondent_id: str | None, author: str | None) -> str | None:
    """Who sent a text (None: nobody named, or a placeholder such as "Anonymous" that several people post
    under; the document id stands in)."""
    for col, value in (("respondent_id", respondent_id), ("author", author)):
        if isinstance(value, str) and value.strip() and not (col == "author" and names_nobody(value)):
            return f"{col}:{value.strip().casefold()}"
    return None


def campaigns(docs: ReportDocs, texts: Texts) -> list[Campaign]:
    """Describe each campaign: its size, the stance most of its copies carry, a snippet."""
    best: dict[int, tuple[int, int, str]] = {}
    for number, stance, count, first in docs.campaign_stances():
        if number not in best or (-count, first) < (-best[number][0], best[number][1]):
            best[number] = (count, first, stance)
    members = docs.campaign_members()
    firsts = docs.texts([first for _, _, first in members])
    texts.prefetch((ids[0], firsts.get(first)) for _, ids, first in members)
    return [
        Campaign(f"campaign-{number}", len(ids), best[number][2] if number in best else None,
                 [texts.doc_id(i) for i in ids],
                 texts.snippet(ids[0], firsts.get(first)))
        for number, ids, first in members
    ]


# ---- consultation breakdowns ---------------------------------------------------------
