"""Theme discovery: recurring themes in a corpus, including ones the codebook does not name.

Data only (no command line, no SQL): ``discover`` takes the documents as a table and
returns the result as plain JSON-ready data, the same bytes for the same input.

Method (chosen by ``benchmarks/theme_discovery.py`` against LDA and k-means):

1. tokens from the classifier's fast path, content words and two-word phrases,
   sublinear TF times damped IDF (``voices.themes._terms``);
2. NMF with an SVD start (``voices.themes._model``); with ``n="auto"`` each candidate
   number of themes is scored by the stability below on 5 resamples: the one with the
   most themes at 0.8 or more wins (ties: the most at 0.5 or more, then the higher mean);
3. stability over 20 resamples of 80% of the documents, themes matched by the
   Hungarian method on the Jaccard index of their top 20 documents; themes below
   0.5 are dropped (listed under ``dropped``);
4. per theme: ``terms`` (most distinctive words and phrases, as written, lower-cased),
   a ``name`` from the first three, members (see ``voices.themes._model.members``),
   shares by source, question and respondent type, three exemplar sentences
   (redacted unless asked not to) and the overlap with the codebook's themes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from voices.errors import InputError, UsageError

__all__ = ["AUTO_CANDIDATES", "DiscoveryOptions", "Fitted", "discover", "fit_themes"]

AUTO_CANDIDATES = (6, 8, 10, 12, 16, 20, 24)
"""The numbers of themes ``--n auto`` tries (those the corpus has about 10 texts per theme for).

20 and 24 were added in session 24: the rule (most themes at 0.8 or more) took the largest
candidate, 16, on the 3,589-text labelled corpus, and `benchmarks/theme_k_scan.py` showed
both goals met at 20 and 24 on it and on it plus real-dev, where 16 misses them
(`benchmarks/results/theme-k-scan*.md`). Corpora under 200 texts are unaffected."""
METHOD = "nmf-tfidf-v2"  # v2: IDF raised to 0.6 (v1: full IDF)


@dataclass(frozen=True)
class DiscoveryOptions:
    """How to discover.

    Attributes
    ----------
    n : int or "auto"
        The number of themes to fit, or ``"auto"`` to choose among ``candidates`` by stability.
    candidates : tuple of int
        The numbers ``"auto"`` tries (those too large for the corpus are skipped).
    resamples : int
        Resamples for each theme's stability (20).
    auto_resamples : int
        Resamples per candidate when choosing ``n`` (the chosen one is then measured on ``resamples``).
    min_stability : float
        Themes less stable than this are dropped.
    max_df : float
        Words in more than this share of the texts are background, not theme words.
    redact : bool
        Redact exemplar sentences (as md and html reports do).
    """

    n: int | str = "auto"
    candidates: tuple[int, ...] = AUTO_CANDIDATES
    resamples: int = 20
    auto_resamples: int = 5
    min_stability: float = 0.5
    redact: bool = True
    max_df: float = 0.25

    def as_json(self) -> dict:
        """The options as stored with a run (everything that changes its result)."""
        return {"n": self.n, "candidates": list(self.candidates), "resamples": self.resamples,
                "auto_resamples": self.auto_resamples, "min_stability": self.min_stability, "redact": self.redact,
                "max_df": self.max_df}


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress reports."""


def _check(options: DiscoveryOptions) -> None:
    n = options.n
    if isinstance(n, str):
        if n != "auto":
            raise UsageError(f"--n {n!r}: give a number of themes (2 or more) or auto")
    elif isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise UsageError(f"--n {n}: give a number of themes of 2 or more, or auto")
    if options.resamples < 1:
        raise UsageError(f"resamples {options.resamples}: give at least 1")


def _fingerprint(frame, options: DiscoveryOptions) -> str:
    """A run's identity: the method, the options and every (id, text), in id order."""
    h = hashlib.sha256(METHOD.encode())
    h.update(json.dumps(options.as_json(), sort_keys=True).encode())
    for doc_id, text in zip(frame["id"], frame["text"], strict=True):
        h.update(f"{doc_id}\x1f{text}\x1e".encode())
    return h.hexdigest()


def discover(frame, *, options: DiscoveryOptions | None = None, codebook: Sequence[Sequence[str] | None] | None = None,
             redactor=None, progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Discover themes in documents.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per document with columns ``id``, ``text``, ``author``, ``source_id``,
        ``question``, ``respondent_type`` and optionally ``prepared`` (the fast path's
        cached token string; computed where missing or null).
    options : DiscoveryOptions or None
    codebook : sequence or None
        Per row (in ``frame``'s order): the document's codebook themes, or None when it has none.
    redactor : voices.redact.Redactor or None
        Used for exemplars when ``options.redact`` (default: one built from the authors).
    progress : callable or None
        Called as ``progress(stage, done, total)``.

    Returns
    -------
    dict
        The result described in the README (``run_id``, ``method``, ``n``, ``stability_mean``,
        ``themes``, ``dropped``, ...); sorted keys and rounded numbers make it byte-stable.

    Raises
    ------
    voices.errors.UsageError
        A bad ``n``.
    voices.errors.InputError
        Too few documents or words to find themes in.
    """
    options = options or DiscoveryOptions()
    _check(options)
    tell = progress or _quiet
    order = np.argsort(frame["id"].astype(str).to_numpy(), kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)
    codebook = [codebook[i] for i in order] if codebook is not None else [None] * len(frame)
    fitted = fit_themes(_prepared(frame, tell), options, tell)
    from voices.themes._assemble import assemble

    result = assemble(frame, fitted.terms, fitted.fit, fitted.stability, codebook, options, redactor)
    result.update({
        "run_id": "r-" + _fingerprint(frame, options)[:12], "method": METHOD, "n": fitted.k,
        "n_documents": len(frame), "terms_screened": bool(options.redact),
        "auto": {str(c): round(float(v), 4) for c, v in sorted(fitted.tried.items())},
    })
    return result


@dataclass(frozen=True)
class Fitted:
    """A discovery model before it is described: the term matrix, the NMF fit and its stabilities.

    ``tried`` maps each candidate number of themes to its mean stability (``n="auto"`` only).
    """

    terms: object
    fit: object
    stability: np.ndarray
    k: int
    tried: dict


def fit_themes(prepared: Sequence[str], options: DiscoveryOptions | None = None,
               progress: Callable[[str, int, int], None] | None = None) -> Fitted:
    """Fit the discovery model on prepared texts (``voices.nlp.preprocess`` output), in their order.

    Raises
    ------
    voices.errors.UsageError
        A bad ``n``.
    voices.errors.InputError
        Too few documents or words for the themes asked.
    """
    from voices.themes import _model
    from voices.themes._terms import term_matrix

    options = options or DiscoveryOptions()
    _check(options)
    tell = progress or _quiet
    n_docs = len(prepared)
    tm = term_matrix(prepared, min_df=2 if n_docs < 1000 else 3, max_df=options.max_df)
    fixed = [options.n] if isinstance(options.n, int) else list(options.candidates)
    fits = [k for k in fixed if k * 10 <= n_docs and k < len(tm.terms)]
    if not fits:
        smallest = min(fixed)
        texts = "1 text" if n_docs == 1 else f"{n_docs} texts"
        words = "1 recurring word" if len(tm.terms) == 1 else f"{len(tm.terms)} recurring words"
        fewer = " (or a smaller --n)" if n_docs >= 2 * 10 and smallest > 2 else ""  # 2 themes is the least
        raise InputError(f"{texts} with {words} {'is' if n_docs == 1 else 'are'} too few for {smallest} themes: "
                         f"discovery needs about {smallest * 10} texts or more{fewer}")
    done = [0]
    total = options.resamples + (len(fits) * options.auto_resamples if len(fits) > 1 else 0)  # ticks, at most

    def tick() -> None:
        done[0] += 1
        tell("stability", done[0], total)

    tried: dict[int, float] = {}
    resampled: dict = {}  # resample fits by (k, r): the same whichever fit they are compared with
    if len(fits) > 1:
        # choosing k needs a fit per candidate: on a large corpus, fit them on the stability pool
        base = _model.pool(n_docs)
        k, scored = _model.choose_k(tm.X[base], tuple(fits), resamples=options.auto_resamples, tick=tick,
                                    fits=resampled)
        tried = {c: float(v[1].mean()) for c, v in scored.items()}
        chosen = scored[k][0] if len(base) == n_docs else _model.fit(tm.X, k)
    else:
        k = fits[0]
        chosen = _model.fit(tm.X, k)
    stab = _model.stability(tm.X, chosen, resamples=options.resamples, tick=tick, fits=resampled)
    return Fitted(tm, chosen, stab, int(k), tried)


def _prepared(frame, tell: Callable[[str, int, int], None]) -> list[str]:
    from voices.nlp.preprocess import preprocess

    cached = list(frame["prepared"]) if "prepared" in frame else [None] * len(frame)
    todo = [i for i, p in enumerate(cached) if not isinstance(p, str)]
    if todo:
        tell("tokenize", 0, len(todo))
        texts = [str(frame["text"].iat[i]) for i in todo]
        for i, p in zip(todo, preprocess(texts, n_process=1), strict=True):
            cached[i] = p
        tell("tokenize", len(todo), len(todo))
    return cached
