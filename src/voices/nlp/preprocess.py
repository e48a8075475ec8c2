"""The fast preprocessing path: raw text -> the normalised token string the classifiers read.

Only spaCy's rule tokenizer runs (no tagger, parser or NER). Each token becomes its
lookup norm (lower case, ``n't`` -> ``not``, ``ca`` -> ``can``), URLs, e-mail addresses
and @-mentions become placeholders, and tokens in the scope of a negation cue (up
to the next clause punctuation) get a ``neg_`` prefix, so "not qualified" and
"qualified" are different features. The output is the tokens joined by single
spaces; the corpus caches it keyed by ``PREPROCESS_VERSION``.

Measured on this machine (benchmarks/preprocess_speed.py): see the models' README.
"""

from __future__ import annotations

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


def _normalise(doc: object, negation: bool = True) -> str:
    out: list[str] = []
    scope = 0
    for tok in doc:  # type: ignore[attr-defined]
        if tok.is_space:
            continue
        if tok.like_url:
            norm = "<url>"
        elif tok.like_email:
            norm = "<email>"
        else:
            norm = tok.norm_
            if norm[0] == "@" and len(norm) > 1:
                norm = "@user"
        if negation:
            if norm in SCOPE_END:
                scope = 0
            elif scope:
                norm = NEGATION_PREFIX + norm
                scope -= 1
            elif norm in NEGATION_CUES:
                scope = MAX_SCOPE
        out.append(norm)
    return " ".join(out)


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
    from voices.nlp._pipeline import blank_tokenizer

    return _normalise(blank_tokenizer().tokenizer(text.lower()))


def _prepare_chunk(texts: list[str]) -> list[str]:
    from voices.nlp._pipeline import blank_tokenizer

    tokenizer = blank_tokenizer().tokenizer
    # Lower-casing first lets the tokenizer's exceptions (don't, CAN'T) apply whatever the case.
    return [_normalise(tokenizer(t.lower())) for t in texts]


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

    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process <= 1:
        for chunk in _chunks(texts, batch_size):
            yield from _prepare_chunk(chunk)
        return
    yield from _preprocess_parallel(texts, n_process, batch_size)


def _preprocess_parallel(texts: Iterable[str], n_process: int, batch_size: int) -> Iterator[str]:
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the already-imported spaCy; workers build their own tokenizer once.
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
        pending: deque = deque()
        for chunk in _chunks(texts, batch_size):
            pending.append(pool.submit(_prepare_chunk, chunk))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
