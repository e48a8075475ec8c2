"""The fast preprocessing path: raw text -> the normalised token string the classifiers read.

Only spaCy's rule tokenizer runs (no tagger, parser or NER). Each token becomes its
lookup norm (lower case, ``n't`` -> ``not``, ``ca`` -> ``can``), URLs, e-mail addresses
and @-mentions become placeholders, and tokens in the scope of a negation cue (up
to the next clause punctuation) get a ``neg_`` prefix, so "not qualified" and
"qualified" are different features. The output is the tokens joined by single
spaces; the corpus caches it keyed by ``PREPROCESS_VERSION``.

Token norms and flags are read with ``Doc.to_array`` (no Python ``Token`` per token):
about 85% of the bare tokenizer's speed (benchmarks/preprocess_speed.py).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator

# Change whenever the output of ``preprocess`` for some text would change.
PREPROCESS_VERSION = "fast-1"

NEGATION_CUES = frozenset(
    {"not", "no", "never", "nobody", "nothing", "neither", "nor", "none", "cannot", "without",
     "hardly", "nowhere"}
)
# Tokens that end a negation scope (clause punctuation and a contrasting "but").
SCOPE_END = frozenset({".", ",", ";", ":", "!", "?", "but", "-", "--", "(", ")", '"'})
NEGATION_PREFIX = "neg_"
MAX_SCOPE = 6
DEFAULT_BATCH_SIZE = 1000


class _Normaliser:
    """Batch normalisation over spaCy's token arrays: no Python ``Token`` object per token.

    ``Doc.to_array`` gives each token's norm hash and flags in C; hashes become
    strings through a per-process table (one entry per distinct norm), and only
    negation cues (a few per cent of tokens) are walked in Python.
    """

    def __init__(self) -> None:
        from spacy.attrs import IS_SPACE, LIKE_EMAIL, LIKE_URL, NORM

        from voices.nlp._pipeline import blank_tokenizer

        nlp = blank_tokenizer()
        self.tokenizer = nlp.tokenizer
        self.strings = nlp.vocab.strings
        self.attrs = [NORM, IS_SPACE, LIKE_URL, LIKE_EMAIL]
        self.text_of: dict[int, str] = {}
        # A cue's norm is the cue itself (placeholders and @user never are cues).
        self.cue_hashes = sorted(self.strings.add(c) for c in NEGATION_CUES)

    def _text(self, norm_hash: int) -> str:
        norm = self.strings[norm_hash]
        return "@user" if norm[0] == "@" and len(norm) > 1 else norm

    def _texts(self, norm_hashes) -> list[str]:
        """The text of each norm hash, as a new list.

        Each distinct hash is looked up once (pandas' hash factorising, in C) and the
        texts are spread over the tokens by one take: a dictionary lookup per token
        took about 0.2 s of CPU per 20,000 comments, this about 0.05 s.
        """
        import numpy as np
        import pandas as pd

        codes, distinct = pd.factorize(norm_hashes)
        text_of, lookup = self.text_of, self._text
        names = [text_of[h] if h in text_of else text_of.setdefault(h, lookup(h)) for h in distinct.tolist()]
        return np.array(names, dtype=object)[codes].tolist()

    def __call__(self, texts: list[str], negation: bool = True) -> list[str]:
        import numpy as np

        # Lower-casing first lets the tokenizer's exceptions (don't, CAN'T) apply whatever the case.
        arrays = [self.tokenizer(t.lower()).to_array(self.attrs) for t in texts]
        if not arrays:
            return []
        table = np.concatenate(arrays).reshape(-1, len(self.attrs))
        doc = np.repeat(np.arange(len(arrays)), [len(a) for a in arrays])
        keep = table[:, 1] == 0
        table, doc = table[keep], doc[keep]
        tokens = self._texts(table[:, 0])
        for col, placeholder in ((3, "<email>"), (2, "<url>")):  # a URL wins, as before
            for i in np.nonzero(table[:, col])[0].tolist():
                tokens[i] = placeholder
        if negation:
            cues = np.nonzero(np.isin(table[:, 0], np.array(self.cue_hashes, dtype=np.uint64)))[0].tolist()
            _negate(tokens, doc, cues)
        bounds = np.searchsorted(doc, np.arange(len(arrays) + 1)).tolist()
        return [" ".join(tokens[bounds[i] : bounds[i + 1]]) for i in range(len(arrays))]


def _negate(tokens: list[str], doc, cues: list[int]) -> None:
    """Prefix tokens in a negation scope with ``neg_``, in place.

    A cue (at the positions ``cues``, ascending) outside any scope opens one over the
    next ``MAX_SCOPE`` tokens of its document, closed early by clause punctuation or
    "but"; cues inside a scope are themselves negated and open nothing.
    """
    if not cues:
        return
    doc = doc.tolist() if hasattr(doc, "tolist") else doc
    n = len(tokens)
    covered = -1
    for c in cues:
        if c <= covered:
            continue
        j, stop = c + 1, min(c + MAX_SCOPE, n - 1)
        while j <= stop and doc[j] == doc[c] and tokens[j] not in SCOPE_END:
            tokens[j] = NEGATION_PREFIX + tokens[j]
            j += 1
        covered = j - 1


@functools.lru_cache(maxsize=1)
def _normaliser() -> _Normaliser:
    """One per process, built on first use (a forked worker inherits the parent's)."""
    return _Normaliser()


def load_normaliser() -> None:
    """Build this process's normaliser now (spaCy's import and tokenizer, about 0.8 s).

    A parent that calls it before forking workers pays once, instead of once in every
    worker; the report's sentence splitting reuses the same tokenizer afterwards.
    """
    _normaliser()


def prepare_one(text: str) -> str:
    """Preprocess one text (convenience for tests and single predictions).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        The normalised token string.

    Examples
    --------
    >>> prepare_one("Directors DON'T need to be social workers.")
    'directors do not neg_need neg_to neg_be neg_social neg_workers .'
    """
    return _normaliser()([text])[0]


def _prepare_chunk(texts: list[str]) -> list[str]:
    return _normaliser()(texts)


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def preprocess(
    texts: Iterable[str], n_process: int = 1, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[str]:
    """Turn raw texts into the token strings the classifiers consume, lazily and in order.

    Parameters
    ----------
    texts : iterable of str
        Read lazily; memory stays bounded by ``batch_size * 2 * n_process`` texts.
    n_process : int
        Worker processes; 1 runs in this process, -1 uses every core. Workers pay
        off from a few thousand texts on.
    batch_size : int
        Texts sent to a worker at a time.

    Yields
    ------
    str
        One normalised string per input text (``PREPROCESS_VERSION`` names the scheme).

    Examples
    --------
    >>> list(preprocess(["Never met our DCS!", "ok"]))
    ['never neg_met neg_our neg_dcs !', 'ok']
    """
    import os

    from voices._forkpool import in_daemon

    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process <= 1 or in_daemon():  # a daemon (a Dask worker) may not have children
        for chunk in _chunks(texts, batch_size):
            yield from _prepare_chunk(chunk)
        return
    yield from _preprocess_parallel(texts, n_process, batch_size)


def _preprocess_parallel(texts: Iterable[str], n_process: int, batch_size: int) -> Iterator[str]:
    from collections import deque

    from voices._forkpool import process_pool

    # fork shares the already-imported spaCy; workers build their own tokenizer once.
    with process_pool(n_process) as pool:
        pending: deque = deque()
        for chunk in _chunks(texts, batch_size):
            pending.append(pool.submit(_prepare_chunk, chunk))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
