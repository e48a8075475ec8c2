"""Evidence for each theme: quotes from every stance and where the theme is talked about (data only).

For each theme the report counts, this module gathers what a reader needs to trust
it (issue: evidence for each theme):

- quotes from every stance, ``none`` included (texts about burnout or pay mostly
  take no position on the proposition), at most ``QUOTES_PER_CELL`` per stance, each
  the sentence that names the theme's cue words best, redacted when the report is;
- the theme's share of the classified texts by source, question, respondent type
  and month (only the dimensions with at least two values);
- the themes ``voices themes discover`` found that the scheme does not have yet.

Renderers (``html``, ``markdown``, ``table``, ``machine``) only format what is here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voices.report._text import sentence_spans
from voices.report.data import Quote

if TYPE_CHECKING:
    from voices.models.scheme import Scheme
    from voices.report._text import Texts
    from voices.store.corpus import Corpus
    from voices.store.report_docs import ReportDocs

__all__ = ["DIMENSIONS", "DiscoveredTheme", "ThemeEvidence", "ThemeEvidenceBlock", "ThemeShare", "best_theme_sentence",
           "discovered_not_adopted", "theme_cues", "theme_evidence"]

QUOTES_PER_CELL = 2  # quotes per (theme, stance)
DIMENSIONS = ("source", "question", "respondent_type", "month")
_WORD = re.compile(r"\w+")


@dataclass
class ThemeShare:
    """How many of one group's classified texts carry the theme."""

    key: str
    count: int
    total: int
    share: float


@dataclass
class ThemeEvidence:
    """One theme's quotes (every stance) and its shares by source, question, respondent type and month."""

    theme: str
    count: int
    quotes: list[Quote]
    shares: dict[str, list[ThemeShare]]


@dataclass
class DiscoveredTheme:
    """A theme ``voices themes discover`` found and the scheme does not have (yet)."""

    id: str
    name: str
    size: int
    terms: list[str]
    stability: float | None


@dataclass
class ThemeEvidenceBlock:
    """The per-theme sections of a report."""

    themes: list[ThemeEvidence]
    discovered: list[DiscoveredTheme] = field(default_factory=list)
    discovered_run: str | None = None


def theme_cues(scheme: Scheme) -> dict[str, list[str]]:
    """Each theme's cue words (its keywords, else the words of its id): a quote is the sentence naming most."""
    return {k: list(d.keywords) or k.replace("_", " ").split() for k, d in scheme.themes.items()}


def best_theme_sentence(text: str, cues: Sequence[str]) -> tuple[int, int]:
    """The sentence with most of the theme's cue words (token prefixes), the first full one on a tie.

    Examples
    --------
    >>> t = "I agree with the article. We are burnt out and caseloads keep rising. Thanks."
    >>> s, e = best_theme_sentence(t, ["burn", "caseload"])
    >>> t[s:e]
    'We are burnt out and caseloads keep rising.'
    """
    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    # A cue counts when a word starts with it, or (a phrase) when the words hold it. Words are
    # runs of \w, so "a word starts with c" is " c" found in " " + the words joined by spaces:
    # one substring search per cue, not one startswith per word (297,000 calls per 20k report).
    needles = [(c, True) if " " in c else (" " + c, False) for c in (c.casefold() for c in cues if c)]

    def hits(span: tuple[int, int]) -> int:
        piece = " ".join(_WORD.findall(text[span[0]:span[1]].casefold()))
        padded = " " + piece
        return sum(1 for c, phrase in needles if c in (piece if phrase else padded))

    full = [len(text[s:e].split()) >= 5 for s, e in spans]
    best = max(range(len(spans)), key=lambda i: (hits(spans[i]), full[i], -i))
    return spans[best]


def _shares(docs: ReportDocs, dimension: str, texts: Texts) -> dict[str, list[ThemeShare]]:
    counts, totals = docs.theme_breakdown(dimension)
    if len(totals) < 2:
        return {}
    # a source is named by its title, and a title can name someone ("Letter from Sarah Jones")
    # and a question's header can name someone ("Comments on Dr Smith's proposal"), as can a respondent
    # type typed in an "Other" box
    shown = {"source": texts.source_title, "question": texts.question,
             "respondent_type": texts.field_value}.get(dimension, lambda key: key)
    out: dict[str, list[ThemeShare]] = {}
    for theme, key, n in counts:
        total = totals.get(key, 0)
        out.setdefault(theme, []).append(ThemeShare(shown(key), n, total, n / total if total else 0.0))
    for rows in out.values():
        rows.sort(key=lambda r: r.key)
    return out


def theme_evidence(docs: ReportDocs, texts: Texts, themes: Mapping[str, int], stance_labels: Sequence[str],
                   cues: Mapping[str, Sequence[str]] | None = None) -> list[ThemeEvidence]:
    """Quotes from every stance and shares by group for each theme in ``themes`` (theme -> count), in that order."""
    cues = cues or {}
    order = {s: i for i, s in enumerate(stance_labels)}
    rows = docs.theme_quote_candidates(QUOTES_PER_CELL)
    texts.prefetch_rows(rows)
    texts.source_titles(r["source_title"] for r in rows)
    quotes: dict[str, list[Quote]] = {}
    for r in sorted(rows, key=lambda r: (order.get(r["eff_stance"], len(order)), r["eff_stance"] or "")):
        text = r["text"] or ""
        start, end = best_theme_sentence(text, cues.get(r["theme"], ()))
        quotes.setdefault(r["theme"], []).append(Quote(
            stance=r["eff_stance"], doc_id=texts.doc_id(r["id"]),
            text=texts.window(r["id"], text, start, end, question=r["question"], parent=r["parent"]),
            author=texts.who(r), posted_at=r["posted_at"] if isinstance(r["posted_at"], str) else None,
            source_title=texts.source_title(r["source_title"]), stance_probability=None, human_label=bool(r["human"]),
            source_id=texts.source_id(r["source_id"], r["source_title"]),
        ))
    by_dim = {d: _shares(docs, d, texts) for d in DIMENSIONS}
    return [ThemeEvidence(theme, int(n), quotes.get(theme, []),
                          {d: by_dim[d][theme] for d in DIMENSIONS if theme in by_dim[d]})
            for theme, n in themes.items()]


ADOPTED_OVERLAP = 0.5


def discovered_not_adopted(corpus: Corpus, scheme_themes: Sequence[str],
                           redacted: bool = False) -> tuple[list[DiscoveredTheme], str | None]:
    """The newest ``themes discover`` run's themes not adopted, and the run's id.

    A redacted report lists none from a run whose terms were not screened for names and
    addresses (``--no-redact``, or a run stored before screening): terms are words of the texts.

    A theme counts as adopted when the scheme has its name, when its id was adopted, or
    when its members are mostly the texts an adopted theme queued (Jaccard at least
    ``ADOPTED_OVERLAP``): ids are hashed from the terms, so rediscovering the same theme
    after new texts arrive, or with another method version, gives it a new id.
    A reading command never migrates: a corpus without the table has none.
    """
    from voices.store.discovered import latest_run

    run = latest_run(corpus)
    if not run or (redacted and not run.get("terms_screened")):
        return [], None
    run_id, found = run.get("run_id"), run.get("themes") or []
    known = {t.casefold() for t in scheme_themes}
    adopted: dict[str, set[str]] = {}
    if corpus.has_table("review_queue"):  # `themes adopt` queues a theme's texts with reason "adopted:<id>"
        for reason, doc_id in corpus.sql(
                "SELECT reason, doc_id FROM review_queue WHERE reason LIKE 'adopted:%'").fetchall():
            adopted.setdefault(reason.removeprefix("adopted:"), set()).add(doc_id)
    known |= {a.casefold() for a in adopted}
    out = []
    for t in found:
        if not isinstance(t, dict) or str(t.get("name", "")).casefold() in known or str(t.get("id")) in known:
            continue
        members = {str(d) for d in t.get("doc_ids") or []}
        if members and any(len(members & q) >= ADOPTED_OVERLAP * len(members | q) for q in adopted.values()):
            continue
        stability = t.get("stability")
        out.append(DiscoveredTheme(str(t.get("id", "")), str(t.get("name", "")), int(t.get("size") or 0),
                                   [str(x) for x in t.get("terms") or []][:10],
                                   float(stability) if isinstance(stability, int | float) else None))
    return out, str(run_id)
