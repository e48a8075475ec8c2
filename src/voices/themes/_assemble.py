"""A fitted model -> the discovery result (plain data, rounded, in a fixed order)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from voices.themes import _describe as d
from voices.themes._terms import tokens_of

__all__ = ["assemble"]

N_EXEMPLARS = 3


def _weigher(H_row: np.ndarray, terms: Sequence[str]):
    weight = {t: float(w) for t, w in zip(terms, H_row, strict=True) if w > 0}

    def weight_of(prepared: str) -> float:
        toks = tokens_of(prepared)
        words = sum(weight.get(t, 0.0) for t in toks if t is not None)
        phrases = sum(weight.get(f"{a} {b}", 0.0) for a, b in itertools.pairwise(toks) if a and b)
        return words + phrases

    return weight_of


def _exemplars(frame, W: np.ndarray, j: int, mask: np.ndarray, weight_of, redactor) -> list[dict]:
    w = W[:, j]
    idx = np.nonzero(mask)[0]
    idx = idx[np.lexsort((idx, -w[idx]))][:N_EXEMPLARS]
    out = []
    for i in idx.tolist():
        doc_id, text = str(frame["id"].iat[i]), str(frame["text"].iat[i])
        sentence = d.best_sentence(text, weight_of)
        if redactor is not None:  # redacted in place, so entities are read on the whole text
            core = sentence.removesuffix("…")
            start = text.find(core)
            # an answer hides the names its question gives, a reply those of its parent, as in every
            # redacted output (``names_given``)
            given = redactor.question_names(frame["question"].iat[i]) if "question" in frame else frozenset()
            if "parent_text" in frame and isinstance(frame["parent_text"].iat[i], str):
                given = given | redactor.names_given(str(frame["parent_id"].iat[i]), frame["parent_text"].iat[i])
            shown = (redactor.redact(text, doc_id, start, start + len(core), context=given) if start >= 0
                     else redactor.redact(core, context=given))
            sentence = shown + sentence[len(core):]
        # ``id`` and ``quote`` name the same as ``voices quotes`` and the report's quotes do (added, never renamed)
        out.append({"doc_id": doc_id, "text": sentence, "id": doc_id, "quote": sentence})
    return out


def assemble(frame, tm, fit, stability: np.ndarray, codebook, options, redactor) -> dict:
    """The result's themes (kept and dropped) from a fit and its stabilities."""
    from voices.themes._model import members

    if options.redact and redactor is None:
        from voices.redact import Redactor

        redactor = Redactor(list(frame["author"]))
    if not options.redact:
        redactor = None
    kept, dropped = [], []
    ids = frame["id"].astype(str).tolist()
    hidden: frozenset[str] = frozenset()
    if redactor is not None:  # a name or a street shared by a theme's texts must not become its term
        from voices.themes._private import hidden_words

        pools = [d.candidate_terms(fit.H, tm.terms, j) for j in range(fit.W.shape[1])]
        hidden = hidden_words(frame, fit.W, pools, redactor)
    for j in range(fit.W.shape[1]):
        terms = d.top_terms(fit.H, tm.terms, j, hidden=hidden)
        mask = np.zeros(len(frame), dtype=bool)
        mask[members(fit.W, j)] = True
        theme = {"id": d.theme_id(terms), "name": d.theme_name(terms), "terms": terms, "size": int(mask.sum()),
                 "stability": round(float(stability[j]), 4)}
        if stability[j] < options.min_stability or not terms or not mask.any():
            dropped.append(theme)
            continue
        theme["doc_ids"] = [ids[i] for i in np.nonzero(mask)[0]]
        theme["exemplars"] = _exemplars(frame, fit.W, j, mask, _weigher(fit.H[j], tm.terms), redactor)
        theme["shares"] = {"source": d.shares(mask, list(frame["source_id"])),
                           "question": d.shares(mask, list(frame["question"])),
                           "respondent_type": d.shares(mask, list(frame["respondent_type"]))}
        theme["overlap"] = d.overlap(mask, codebook)
        kept.append(theme)
    kept.sort(key=lambda t: (-t["size"], t["id"]))
    dropped.sort(key=lambda t: (-t["stability"], t["id"]))
    every = [t["stability"] for t in kept] + [t["stability"] for t in dropped]
    return {
        "themes": kept, "dropped": dropped,
        "stability_mean": round(float(np.mean([t["stability"] for t in kept])), 4) if kept else 0.0,
        "stability_all": round(float(np.mean(every)), 4) if every else 0.0,
    }
