"""A report's quotes: for each stance, the most confident texts of different authors, cut to one sentence.

The sentence is the one the stance model scores highest for the stance (with a scorer),
else the first full sentence; every text and author shown goes through ``Texts``, so a
redacted report redacts them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from voices.placeholders import names_nobody
from voices.report import threads
from voices.report._text import Texts, sentence_spans
from voices.report.data import Quote

if TYPE_CHECKING:
    from voices.store.report_docs import ReportDocs

SentenceScorer = Callable[[list[str]], list[Mapping[str, float]]]
QUOTES_PER_STANCE = 3
QUOTE_CANDIDATES = 12


def _best_sentence(text: str, stance: str, scorer: SentenceScorer | None) -> tuple[int, int]:
    """The sentence the stance model scores highest for ``stance`` (the first full one without a model)."""
    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    if len(spans) == 1 or scorer is None:
        return next((s for s in spans if len(text[s[0]:s[1]].split()) >= 5), spans[0])
    scores = scorer([text[s:e] for s, e in spans])
    best = max(range(len(spans)), key=lambda i: (scores[i].get(stance, 0.0), -i))
    return spans[best]


def _quotes(docs: ReportDocs, labels: list[str], scorer: SentenceScorer | None, texts: Texts) -> dict[str, list[Quote]]:
    candidates: dict[str, list[dict[str, Any]]] = {}
    rows = docs.quote_candidates(QUOTE_CANDIDATES)
    texts.prefetch_rows(rows)
    for row in rows:  # most confident first, ties by id
        candidates.setdefault(row["eff_stance"], []).append(row)
    out: dict[str, list[Quote]] = {}
    for stance in labels:
        if threads.is_none_label(stance):
            continue
        picked: list[Quote] = []
        authors: set[str] = set()
        for row in candidates.get(stance, []):
            # "Anonymous" twice is two people as far as anyone knows: each is its own author here
            author_key = f"#{row['id']}" if names_nobody(row["author"]) else str(row["author"]).casefold()
            if author_key in authors:
                continue
            start, end = _best_sentence(row["text"], stance, scorer)
            picked.append(Quote(
                stance=stance, doc_id=texts.doc_id(row["id"]),
                text=texts.window(row["id"], row["text"], start, end, question=row["question"], parent=row["parent"]),
                author=texts.who(row), posted_at=row["posted_at"] if isinstance(row["posted_at"], str) else None,
                source_title=texts.source_title(row["source_title"]),
                stance_probability=None if row["human"] else float(row["p"]),
                human_label=bool(row["human"]), source_id=texts.source_id(row["source_id"], row["source_title"]),
            ))
            authors.add(author_key)
            if len(picked) == QUOTES_PER_STANCE:
                break
        out[stance] = picked
    return out
