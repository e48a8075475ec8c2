"""What a discovered theme shows: its name and terms, exemplars, shares and codebook overlap."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence

import numpy as np

__all__ = ["best_sentence", "candidate_terms", "clip", "overlap", "shares", "theme_id", "top_terms"]

N_TERMS = 10
N_NAME = 3
MAX_QUOTE = 400


def candidate_terms(H: np.ndarray, terms: Sequence[str], j: int, n: int = N_TERMS) -> list[str]:
    """The pool ``top_terms`` picks theme ``j``'s ``n`` terms from, best first."""
    h = H[j]
    score = h * np.sqrt(h / np.maximum(H.sum(axis=0), 1e-12))
    order = np.lexsort((np.arange(len(h)), -np.round(score, 12)))
    return [terms[i] for i in order[score[order] > 0][: 4 * n]]


def top_terms(H: np.ndarray, terms: Sequence[str], j: int, n: int = N_TERMS,
              hidden: Collection[str] = frozenset()) -> list[str]:
    """Theme ``j``'s most distinctive terms: weight times exclusivity, a phrase before its own words.

    Exclusivity is the term's weight in this theme over its weight in all themes (its square
    root, so a rare word does not win on exclusivity alone), so
    words every theme leans on ("social", "work") give way to the theme's own. A
    word already inside a chosen phrase is skipped ("pay rise" makes "pay" redundant).
    A term holding any of the ``hidden`` words (a name, a street) is never shown.
    """
    hide = frozenset(hidden)
    picked = [t for t in candidate_terms(H, terms, j, n) if hide.isdisjoint(t.split())]
    phrases = [t for t in picked if " " in t]
    covered = {w for p in phrases for w in p.split()}
    seen: set[str] = set()
    out = []
    for t in picked:
        if (" " not in t and t in covered) or t in seen:
            continue
        seen.add(t)
        out.append(t)
    return out[:n]


def theme_name(terms: Sequence[str]) -> str:
    """A readable name: the first few terms (``"caseloads / burnout / supervision"``)."""
    return " / ".join(terms[:N_NAME]) if terms else "(no terms)"


def theme_id(terms: Sequence[str]) -> str:
    """``d-`` and 8 hex digits hashed from the terms: the same terms give the same id."""
    return "d-" + hashlib.sha256("\n".join(terms).encode("utf-8")).hexdigest()[:8]


def best_sentence(text: str, weight_of: Callable[[str], float]) -> str:
    """The sentence of ``text`` that carries most of the theme's term weight (first wins ties).

    ``weight_of`` maps a prepared sentence to its summed term weight; the score divides
    by the square root of the sentence's length so a long sentence does not win on length.
    """
    from voices.nlp.preprocess import prepare_one
    from voices.nlp.sentences import sentences

    best, best_score = text.strip(), -1.0
    for s in sentences(text) or [text]:
        prepared = prepare_one(s)
        score = weight_of(prepared) / np.sqrt(len(prepared.split()) + 1.0)
        if score > best_score + 1e-12:
            best, best_score = s, score
    return clip(best)


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with an ellipsis (a run-on post
    may have no sentence end at all).

    >>> clip("one two three", 8)
    'one two…'
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip() + "…"


def shares(member_mask: np.ndarray, values: Sequence[object]) -> dict[str, float]:
    """Per value: the share of that value's documents in the theme (missing values left out)."""
    out: dict[str, float] = {}
    totals: dict[str, int] = {}
    hits: dict[str, int] = {}
    for inside, v in zip(member_mask.tolist(), values, strict=True):
        if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "":
            continue
        key = str(v)
        totals[key] = totals.get(key, 0) + 1
        hits[key] = hits.get(key, 0) + int(inside)
    for key in sorted(totals):
        out[key] = round(hits[key] / totals[key], 4)
    return out


def overlap(member_mask: np.ndarray, codebook: Sequence[Sequence[str] | None]) -> dict[str, float]:
    """Jaccard of the theme's members with each codebook theme's documents.

    ``codebook`` holds each document's themes (a person's label, else the model's), or
    None where the document has neither; those documents count on neither side.
    Empty when no document has any.
    """
    known = np.array([c is not None for c in codebook], dtype=bool)
    if not known.any():
        return {}
    names = sorted({t for c in codebook if c is not None for t in c})
    mine = member_mask & known
    out = {}
    for name in names:
        theirs = np.array([c is not None and name in c for c in codebook], dtype=bool)
        union = int((mine | theirs).sum())
        out[name] = round(int((mine & theirs).sum()) / union, 4) if union else 0.0
    return out
