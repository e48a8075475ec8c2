"""Predictions -> ``ReportData``: every figure, table and list of a stance report.

The counting happens in SQL (``voices.store.report_docs``), so a million documents
never become Python objects: only group counts, the few quote and review candidates
and their texts come back. Input is a corpus (via ``build_report``) or a pandas
frame with the export fields and the prediction fields (what ``voices export``
writes, what a Dask classify writes, what the corpus holds), and
optionally ``classification_status``, ``language`` and the human-label columns
``label_stance``, ``label_themes``, ``labelled_by``. A human label replaces the
prediction (and is never uncertain).

Every document falls into one group: ``confident`` (a stance the report counts),
``uncertain`` (under the model's abstention threshold: its best guess is kept but
counted apart), ``not_english``, ``unclassified`` or ``article``.

This module puts the report together and owns its theme counts, months and review
list; the parts beside it own the stance tables (``shares``), the methods block
(``methods``) and the quotes (``stance_quotes``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from voices.report import campaigns as camp
from voices.report import consultation as cons
from voices.report import threads
from voices.report._text import Texts
from voices.report.about import default_title
from voices.report.data import MonthRow, ReportData, ReviewItem, ThemeRow
from voices.report.methods import _methods, uncertain_note
from voices.report.shares import Cell, Flagged, _distribution, _labels
from voices.report.stance_quotes import SentenceScorer, _quotes
from voices.report.stats import wilson
from voices.report.themes import ThemeEvidenceBlock, theme_evidence

if TYPE_CHECKING:
    import pandas as pd

    from voices.redact import Redactor
    from voices.store.report_docs import ReportDocs

__all__ = ["aggregate", "aggregate_docs"]

REVIEW_LOW_CONFIDENCE = 10
LEAST_CONFIDENT = "among the least confident quarter"
_MONTH = re.compile(r"^\d{4}-\d{2}")


def _themes(docs: ReportDocs, labels: list[str]) -> tuple[list[ThemeRow], int]:
    rows, n = docs.theme_counts()
    counts: Counter = Counter()
    by_stance: dict[str, Counter] = {}
    for theme, stance, group, count in rows:
        counts[theme] += count
        by_stance.setdefault(theme, Counter())[stance if group == "confident" else cons.UNCERTAIN] += count
    cols = [*labels, cons.UNCERTAIN]
    out = [
        ThemeRow(t, c, c / n if n else 0.0, *wilson(c, n), {s: by_stance[t][s] for s in cols})
        for t, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return out, n


def _by_month(docs: ReportDocs, labels: list[str]) -> list[MonthRow]:
    tally: dict[str, Counter] = {}
    for prefix, stance, count in docs.month_counts():
        if isinstance(prefix, str) and (m := _MONTH.match(prefix)):
            tally.setdefault(m.group(), Counter())[stance] += count
    if len(tally) < 2:
        return []
    out = []
    for month in sorted(tally):
        c, n = tally[month], sum(tally[month].values())
        out.append(MonthRow(month, n, {s: c[s] / n for s in labels}, {s: c[s] for s in labels}))
    return out


def _low_confidence(docs: ReportDocs, texts: Texts) -> list[ReviewItem]:
    """The uncertain items and the lowest-confidence quarter, least confident first (at most 10)."""
    import numpy as np

    probabilities = docs.review_probabilities()
    if not len(probabilities):
        return []
    cut = float(np.percentile(probabilities, 25.0))
    rows = docs.least_confident(cut, REVIEW_LOW_CONFIDENCE)
    texts.prefetch_rows(rows)
    # the quarter is relative: where the model is sure of nearly every text (or tagged only a few, the rest
    # labelled by people) it holds texts at 0.99, which "low confidence" beside "0.99" misdescribed
    return [
        ReviewItem(doc_id=texts.doc_id(r["id"]),
                   reason="low confidence (uncertain)" if r["grp"] == "uncertain" else LEAST_CONFIDENT,
                   stance=r["stance"], stance_probability=float(r["p"]),
                   snippet=texts.snippet(r["id"], r["text"], parent=r["parent"]))
        for r in rows
    ]


def aggregate(frame: pd.DataFrame, **kwargs: Any) -> ReportData:
    """Compute every figure, table and list of a stance report from a frame of predictions.

    Parameters
    ----------
    frame : pandas.DataFrame
        Documents with the export and prediction fields (see the module docstring).
    **kwargs
        As ``aggregate_docs``.

    Returns
    -------
    ReportData
    """
    from voices.store.report_docs import ReportDocs

    with ReportDocs.from_frame(frame) as docs:
        return aggregate_docs(docs, **kwargs)


def aggregate_docs(
    docs: ReportDocs,
    *,
    model_metas: Mapping[str, dict] | None = None,
    closed_answers: cons.ClosedAnswerMap | None = None,
    sentence_scorer: SentenceScorer | None = None,
    redactor: Redactor | None = None,
    title: str | None = None,
    generated: str | None = None,
    by: Sequence[str] = (),
    theme_cues: Mapping[str, Sequence[str]] | None = None,
) -> ReportData:
    """Compute every figure, table and list of a stance report.

    Parameters
    ----------
    docs : voices.store.report_docs.ReportDocs
        The documents (a corpus's or a frame's), queried in SQL.
    model_metas : mapping or None
        model id -> meta.json, for the methods block and the corrected shares.
    closed_answers : ClosedAnswerMap or None
        Closed answer -> stance mapping from the scheme; None shows plain cross-tables.
    sentence_scorer : callable or None
        Sentences -> stance probabilities each, to pick the sentence that best supports a quote's stance.
    redactor : voices.redact.Redactor or None
        Redact every text and author the report shows.
    title : str or None
    generated : str or None
        The report date (ISO); today (UTC) when None.
    by : sequence of str
        Respondent attributes to cross stances with (consultations).
    theme_cues : mapping or None
        Theme -> cue words (the scheme's keywords): each theme's quotes are the sentences naming most.

    Returns
    -------
    ReportData
    """
    metas = dict(model_metas or {})
    texts = Texts(redactor)
    docs.mark_campaigns(camp.campaign_groups(docs, classified_only=True))
    cells = [Cell(*row) for row in docs.group_counts()]
    flagged = [Flagged(*row) for row in docs.flagged_uncertain()]
    labels = _labels(docs, metas)
    generated = generated or datetime.now(UTC).date().isoformat()
    sources = sorted(docs.sources(), key=lambda s: s[0])
    texts.source_titles(title_ for _, title_, _ in sources)  # a title can name someone: one NER pass for all
    per_source = [_distribution(str(texts.source_id(sid, title_)), str(texts.source_title(title_)),
                                [c for c in cells if c.source_id == sid],
                                labels, metas, [f for f in flagged if f.source_id == sid])
                  for sid, title_, _ in sources]
    dynamics, flips = threads.dynamics(docs, texts)
    themes, themes_n = _themes(docs, labels)
    human_labels = sum(c.n for c in cells if c.human)
    overall, by_month = _distribution("overall", "All sources", cells, labels, metas, flagged), _by_month(docs, labels)
    methods = _methods(docs, metas, human_labels, generated)
    methods.notes += [note] if (note := uncertain_note(overall)) else []
    return ReportData(
        title=title or default_title([d.title for d in per_source]),
        stance_labels=labels,
        sources=[{"source_id": d.scope, "source_title": d.title, "documents": int(n)}  # the ids shown (redacted)
                 for (_, _, n), d in zip(sources, per_source, strict=True)],
        overall=overall, per_source=per_source,
        methods=methods, themes=themes, themes_n=themes_n,
        quotes=_quotes(docs, labels, sentence_scorer, texts), dynamics=dynamics,
        consultation=cons.consultation(docs, labels, closed_answers, texts, by),
        campaigns=camp.campaigns(docs, texts), by_month=by_month,
        undated=overall.n - sum(m.n for m in by_month) if by_month else 0,
        review_low_confidence=_low_confidence(docs, texts), review_flips=flips,
        not_english=sum(c.n for c in cells if c.grp == "not_english"), human_labels=human_labels,
        redacted=redactor is not None, documents=sum(c.n for c in cells if c.grp != "article"),
        articles=sum(c.n for c in cells if c.grp == "article"),
        human_labels_copies=sum(c.n for c in cells if c.human and c.copy),
        human_labels_articles=sum(c.n for c in cells if c.human and c.grp == "article" and not c.copy),
        theme_evidence=ThemeEvidenceBlock(theme_evidence(docs, texts, {t.theme: t.count for t in themes}, labels,
                                                         theme_cues)) if themes else None,
    )
