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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from voices.placeholders import names_nobody
from voices.report import campaigns as camp
from voices.report import consultation as cons
from voices.report import threads
from voices.report._text import Texts, sentence_spans
from voices.report.about import default_title, plain_figures
from voices.report.data import (
    Distribution,
    Methods,
    ModelInfo,
    MonthRow,
    Quote,
    ReportData,
    ReviewItem,
    Share,
    ThemeRow,
)
from voices.report.stats import adjusted_shares, wilson
from voices.report.themes import ThemeEvidenceBlock, theme_evidence

if TYPE_CHECKING:
    import pandas as pd

    from voices.redact import Redactor
    from voices.store.report_docs import ReportDocs

__all__ = ["aggregate", "aggregate_docs"]

SentenceScorer = Callable[[list[str]], list[Mapping[str, float]]]
QUOTES_PER_STANCE = 3
QUOTE_CANDIDATES = 12
REVIEW_LOW_CONFIDENCE = 10
LEAST_CONFIDENT = "among the least confident quarter"
_MONTH = re.compile(r"^\d{4}-\d{2}")


class Cell(NamedTuple):
    """Documents sharing a source, group, copy flag, human flag, stances and stance model."""

    source_id: str | None
    grp: str
    copy: bool
    human: bool
    eff_stance: str | None
    stance: str | None
    stance_model: str | None
    n: int
    first: int


def _labels(docs: ReportDocs, metas: Mapping[str, dict]) -> list[str]:
    seen = docs.stances()
    for model_id in docs.first_stance_models():
        labels = metas.get(model_id, {}).get("labels")
        if labels:
            return list(labels) + sorted(seen - set(labels))
    ordered = sorted(seen)
    return [s for s in ordered if not threads.is_none_label(s)] + [s for s in ordered if threads.is_none_label(s)]


def _distribution(scope: str, title: str, cells: list[Cell], labels: list[str], metas: Mapping[str, dict]) -> Distribution:
    counts: Counter = Counter()
    groups: Counter = Counter()
    for c in cells:
        if not c.copy:
            groups[c.grp] += c.n
            if c.grp == "confident":
                counts[c.eff_stance] += c.n
    n = groups["confident"]
    rows = [Share(lab, counts[lab], counts[lab] / n if n else None, *wilson(counts[lab], n)) for lab in labels]
    dist = Distribution(
        scope=scope, title=title, n=n, rows=rows, uncertain=groups["uncertain"],
        not_english=groups["not_english"], unclassified=groups["unclassified"],
        human_labelled=sum(c.n for c in cells if c.human and c.grp == "confident" and not c.copy),
        campaign_copies=sum(c.n for c in cells if c.copy),
    )
    _adjust(dist, cells, metas)
    return dist


def _adjust(dist: Distribution, cells: list[Cell], metas: Mapping[str, dict]) -> None:
    """Fill ``adjusted_share``: model-tagged items corrected by the confusion matrix, human labels as they are."""
    predicted = [c for c in cells if not c.human and c.grp in ("confident", "uncertain") and not c.copy]
    human: Counter = Counter()
    for c in cells:
        if c.human and c.grp == "confident" and not c.copy:
            human[c.eff_stance] += c.n
    n_model, n_human = sum(c.n for c in predicted), sum(human.values())
    if not n_model and not n_human:
        return
    # a scope people labelled throughout has nothing to correct: its corrected share is its share, not a
    # dash beside another source's figures that reads as "could not be corrected"
    by_model: dict[str | None, Counter] = {}
    for c in predicted:
        by_model.setdefault(c.stance_model, Counter())[c.stance] += c.n
    # each model's counts corrected with its own out-of-fold matrix, then pooled
    pooled: Counter = Counter()
    notes: list[str] = []
    for model_id, stances in sorted(by_model.items(), key=lambda kv: kv[0] or ""):
        meta = metas.get(model_id or "", {})
        confusion, model_labels = meta.get("oof_confusion"), meta.get("labels")
        n_m = sum(stances.values())
        try:
            if not confusion or not model_labels:
                raise ValueError("no out-of-fold confusion matrix")
            adj = adjusted_shares(stances, confusion, model_labels)
        except ValueError as exc:
            if len(by_model) == 1:
                dist.adjusted_note = (
                    "no out-of-fold confusion matrix for the stance model: shares not corrected"
                    if not confusion or not model_labels else f"confusion matrix unusable ({exc}): shares not corrected")
                return
            pooled.update(stances)  # this model's share of the texts is left as predicted
            notes.append(f"{(model_id or 'unknown')[:12]}'s texts not corrected ({exc})")
            continue
        for lab, share in adj.shares.items():
            pooled[lab] += n_m * share
        if adj.note:
            notes.append(adj.note)
    for row in dist.rows:
        row.adjusted_share = (pooled[row.stance] + human[row.stance]) / (n_model + n_human)
    if len(by_model) > 1:
        notes.append(f"{len(by_model)} stance models tagged these documents (mixed models: rerun classify to "
                     "re-tag with one); each model's share corrected with its own error matrix")
    dist.adjusted_note = "; ".join(dict.fromkeys(notes)) or None


def _metric(value: object) -> str | None:
    if isinstance(value, Mapping):
        v, ci = value.get("value"), value.get("ci95")
        if isinstance(v, int | float):
            if isinstance(ci, Sequence) and len(ci) == 2:
                return f"{v:.3f} (95% CI {ci[0]:.3f}–{ci[1]:.3f})"
            return f"{v:.3f}"
        return None
    return f"{value:.3f}" if isinstance(value, int | float) and not isinstance(value, bool) else None


def _metrics(block: object) -> dict[str, str]:
    if not isinstance(block, Mapping):
        return {}
    keys = ("accuracy", "macro_f1", "micro_f1", "coverage", "covered_accuracy", "n")
    out = {k: m for k in keys if k in block and (m := _metric(block[k])) is not None}
    if "n" in block and isinstance(block["n"], int):
        out["n"] = str(block["n"])
    return out


def _methods(docs: ReportDocs, metas: Mapping[str, dict], human_labels: int, generated: str) -> Methods:
    models = []
    for task, col in (("stance", "stance_model"), ("themes", "themes_model")):
        for model_id, count in sorted(docs.model_counts(col)):
            meta = metas.get(model_id, {})
            data = meta.get("training_data") or {}
            thresholds = meta.get("thresholds") if isinstance(meta.get("thresholds"), Mapping) else {}
            models.append(ModelInfo(
                task=task, model_id=model_id, created=meta.get("created"),
                training_data_hash=data.get("hash"), training_n=data.get("n"),
                abstain_threshold=meta.get("abstain_threshold"),
                thresholds={k: float(v) for k, v in sorted(thresholds.items())},
                cv=_metrics(meta.get("cv")), cross_writer=_metrics(meta.get("cross_writer")), documents=count,
                **plain_figures(meta, task),
            ))
    notes = [] if metas else ["model metadata not available: metrics and training-data hash not shown"]
    notes += _real_writing_notes(models, metas)
    return Methods(generated=generated, models=models, human_labels=human_labels, notes=notes)


def _real_writing_notes(models: list[ModelInfo], metas: Mapping[str, dict]) -> list[str]:
    """What each model scored on real people's writing (from its meta.json), or that it was not measured."""
    notes = []
    for info in models:
        real = metas.get(info.model_id, {}).get("real_writing")
        block = real.get(info.task) if isinstance(real, Mapping) else None
        if not isinstance(block, Mapping):
            notes.append(f"{info.task} model {info.model_id[:12]}: not measured on real writing")
            continue
        figs = _metrics(block)
        label = real.get("label", "")
        notes.append(f"{info.task} model {info.model_id[:12]} on {real.get('n')} real texts"
                     + (f" ({label})" if label else "") + ": "
                     + ", ".join(f"{k} {v}" for k, v in figs.items() if k != "n"))
    if stance := [i for i in models if i.task == "stance"]:
        notes.append(_corrected_note(stance))
    return notes


def _corrected_note(stance: list[ModelInfo]) -> str:
    """Where the error rates behind the stance table's corrected shares were measured (each model's ``cv``).

    A model trained with the user's labels was cross-validated on those labels only: texts that may
    be this corpus's, but no random sample of it; the others, on their training texts.
    """
    own = [i.own_labels for i in stance if i.own_labels]
    where = ("other texts (the training corpus), not on this corpus" if not own
             else f"your {own[0]} labels (out of fold), not on a random sample of this corpus"
             if len(stance) == 1 else "your labels (out of fold) and other texts (the training corpus), "
             "not on a random sample of this corpus" if len(own) < len(stance)
             else "your labels (out of fold), not on a random sample of this corpus")
    return f"corrected shares use error rates measured on {where}: treat them as indicative"


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
    labels = _labels(docs, metas)
    generated = generated or datetime.now(UTC).date().isoformat()
    sources = sorted(docs.sources(), key=lambda s: s[0])
    texts.source_titles(title_ for _, title_, _ in sources)  # a title can name someone: one NER pass for all
    per_source = [_distribution(str(texts.source_id(sid, title_)), str(texts.source_title(title_)),
                                [c for c in cells if c.source_id == sid],
                                labels, metas)
                  for sid, title_, _ in sources]
    dynamics, flips = threads.dynamics(docs, texts)
    themes, themes_n = _themes(docs, labels)
    human_labels = sum(c.n for c in cells if c.human)
    overall, by_month = _distribution("overall", "All sources", cells, labels, metas), _by_month(docs, labels)
    return ReportData(
        title=title or default_title([d.title for d in per_source]),
        stance_labels=labels,
        sources=[{"source_id": d.scope, "source_title": d.title, "documents": int(n)}  # the ids shown (redacted)
                 for (_, _, n), d in zip(sources, per_source, strict=True)],
        overall=overall, per_source=per_source,
        methods=_methods(docs, metas, human_labels, generated), themes=themes, themes_n=themes_n,
        quotes=_quotes(docs, labels, sentence_scorer, texts), dynamics=dynamics,
        consultation=cons.consultation(docs, labels, closed_answers, texts, by),
        campaigns=camp.campaigns(docs, texts), by_month=by_month,
        undated=overall.n - sum(m.n for m in by_month) if by_month else 0,
        review_low_confidence=_low_confidence(docs, texts), review_flips=flips,
        not_english=sum(c.n for c in cells if c.grp == "not_english"), human_labels=human_labels,
        redacted=redactor is not None, documents=sum(c.n for c in cells if c.grp != "article"),
        articles=sum(c.n for c in cells if c.grp == "article"),
        theme_evidence=ThemeEvidenceBlock(theme_evidence(docs, texts, {t.theme: t.count for t in themes}, labels,
                                                         theme_cues)) if themes else None,
    )
