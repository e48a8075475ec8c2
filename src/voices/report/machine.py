"""The report's tables and figures in machine-readable form (per-document rows are ``export``'s job).

- JSON: the whole ``ReportData`` (quotes and review lists included).
- CSV: one tidy table, ``table, scope, row, stance, measure, value``, one figure a
  line, so R or pandas can pivot any part of it. Figures are rounded to 4 decimals
  (the JSON keeps full precision). Field names follow
  ``voices.schemas.PREDICTION_FIELDS`` where they overlap (``stance``,
  ``stance_probability``). Cells starting with ``= + - @`` are prefixed with ``'``
  (OWASP's advice against CSV injection in spreadsheets).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from voices.csvcells import csv_writer, neutralise
from voices.report.data import CrossTable, Distribution, ReportData

CSV_FIELDS = ("table", "scope", "row", "stance", "measure", "value")

Row = tuple[str, str, str, str, str, object]


def render_json(report: ReportData) -> str:
    """The report as one JSON object (sorted keys, UTF-8).

    Each model's ``cv`` and ``cross_writer`` scores come with the words the other formats print beside
    them (``cv_scored_on``, ``cross_writer_scored_on``): a shipped model's are scored on AI-written texts,
    and a reader of the JSON alone was not told so (its ``real_writing`` figures sit beside them).
    """
    from voices.report._format import cv_scores, other_writer_scores

    data = report.to_dict()
    for shown, info in zip(data["methods"]["models"], report.methods.models, strict=True):
        shown["cv_scored_on"] = cv_scores(info)
        shown["cross_writer_scored_on"] = other_writer_scores(info)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


CSV_DECIMALS = 4


def _safe(value: object) -> object:
    if isinstance(value, float):
        return round(value, CSV_DECIMALS)
    return neutralise(value) if isinstance(value, str) else value


def _distribution(d: Distribution) -> Iterator[Row]:
    for s in d.rows:
        for measure in ("count", "share", "ci_low", "ci_high", "adjusted_share"):
            value = getattr(s, measure)
            if value is not None:
                yield ("stance_distribution", d.scope, "", s.stance, measure, value)
    for measure in ("n", "uncertain", "not_english", "unclassified", "human_labelled", "campaign_copies",
                    "uncertain_labelled", "uncertain_copies"):
        yield ("counted_apart", d.scope, "", "", measure, getattr(d, measure))
    if d.adjusted_note:  # why the adjusted shares are shaky, as the JSON and the rendered tables say
        yield ("stance_distribution", d.scope, "", "", "adjusted_note", d.adjusted_note)


def _cross(name: str, t: CrossTable) -> Iterator[Row]:
    for r, counts in zip(t.rows, t.counts, strict=True):
        for col, n in zip(t.columns, counts, strict=True):
            yield (name, "overall", r, col, "count", n)


def _theme_evidence(r: ReportData) -> Iterator[Row]:
    """``theme_shares`` rows: scope ``DIMENSION:KEY`` (source title, question, respondent type or month), row the theme."""
    if r.theme_evidence is None:
        return
    for t in r.theme_evidence.themes:
        for dimension, shares in t.shares.items():
            for s in shares:
                for measure in ("count", "total", "share"):
                    yield ("theme_shares", f"{dimension}:{s.key}", t.theme, "", measure, getattr(s, measure))


def _validation(r: ReportData) -> Iterator[Row]:
    """``validation_accuracy`` rows: the "How accurate on these texts" block (none without a labelled sample)."""
    a = r.accuracy
    if a is None:
        return
    for measure, value in (("n", a.n), ("accuracy", a.accuracy), ("ci_low", a.accuracy_ci[0]),
                           ("ci_high", a.accuracy_ci[1])):
        yield ("validation_accuracy", "overall", "", "", measure, value)
    if a.note:  # the corrected shares below are unidentified or clipped: the JSON's note, as md and html print it
        yield ("validation_accuracy", "overall", "", "", "note", a.note)
    for x in a.labels:
        figures = {"support": x.support, "f1": x.f1, "f1_ci_low": x.f1_ci[0], "f1_ci_high": x.f1_ci[1],
                   "predicted_share": x.predicted_share, "corrected_share": x.corrected_share}
        if x.corrected_ci is not None:
            figures |= {"corrected_ci_low": x.corrected_ci[0], "corrected_ci_high": x.corrected_ci[1]}
        for measure, value in figures.items():
            if value is not None:  # no corrected share: too few validation texts of this stance
                yield ("validation_accuracy", "overall", "", x.label, measure, value)


def _rows(r: ReportData) -> Iterator[Row]:
    for d in (r.overall, *r.per_source):
        yield from _distribution(d)
    for t in r.themes:
        for measure in ("count", "share", "ci_low", "ci_high"):
            yield ("themes", "overall", t.theme, "", measure, getattr(t, measure))
        for stance, n in t.by_stance.items():
            yield ("themes_by_stance", "overall", t.theme, stance, "count", n)
    yield from _theme_evidence(r)
    if r.by_month:
        yield ("by_month", "overall", "", "", "undated", r.undated)
    for m in r.by_month:
        yield ("by_month", "overall", m.month, "", "n", m.n)
        for stance in r.stance_labels:
            yield ("by_month", "overall", m.month, stance, "count", m.counts[stance])
            yield ("by_month", "overall", m.month, stance, "share", m.shares[stance])
    d = r.dynamics
    for measure in ("replies", "same", "different", "not_comparable"):
        yield ("thread_dynamics", "overall", "", "", measure, getattr(d, measure))
    for c in d.contested:  # what the rendered table shows: replies, how many disagree, each stance's count
        for measure in ("replies", "different", "comparable"):
            yield ("contested_threads", "overall", c.root_id, "", measure, getattr(c, measure))
        for stance, n in c.stances.items():
            yield ("contested_threads", "overall", c.root_id, stance, "count", n)
    if r.consultation is not None:
        c = r.consultation
        for q in c.questions:  # the question's text is in the JSON (consultation.questions)
            for s in q.rows:
                for measure in ("count", "share", "ci_low", "ci_high"):
                    if getattr(s, measure) is not None:  # no confident answer: no share, as stance_distribution
                        yield ("question_shares", q.key, "", s.stance, measure, getattr(s, measure))
            yield ("question_shares", q.key, "", "", "n", q.n)
            yield ("question_shares", q.key, "", "", "uncertain", q.uncertain)
            yield ("question_shares", q.key, "", "", "uncertain_labelled", q.uncertain_labelled)
            yield ("question_shares", q.key, "", "", "uncertain_copies", q.uncertain_copies)
        for t in c.by_question:
            yield from _cross("by_question", t)
        if c.by_respondent_type is not None:
            yield from _cross("by_respondent_type", c.by_respondent_type)
        for t in c.by_attribute:
            yield from _cross("by_attribute:" + t.row_name, t)
        for t in c.ratings:
            yield from _cross("ratings:" + t.title.removeprefix("Ratings: "), t)
        for t in c.closed_vs_stance:
            yield from _cross("closed_answer_vs_stance:" + t.title.split(":", 1)[0], t)
        yield ("consultation", "overall", "", "", "answers", c.answers)
        for x in c.disagreements:
            yield ("closed_answer_disagreements", x.question_id or "", x.doc_id, x.stance, "stance_probability",
                   x.stance_probability if x.stance_probability is not None else "")
            for measure in ("closed_answer", "expected_stance"):  # what it disagrees with, as the JSON says
                yield ("closed_answer_disagreements", x.question_id or "", x.doc_id, x.stance, measure,
                       getattr(x, measure))
    for x in r.campaigns:
        yield ("campaigns", "overall", x.campaign_id, x.stance or "", "size", x.size)
    for x in r.review_low_confidence:
        yield ("review_low_confidence", "overall", x.doc_id, x.stance or "", "stance_probability", x.stance_probability)
    for x in r.review_flips:
        yield ("review_flips", "overall", x.doc_id, x.stance or "", "parent_stance", x.parent_stance or "")
        yield ("review_flips", "overall", x.doc_id, x.stance or "", "parent_id", x.parent_id or "")
    yield from _validation(r)
    # the JSON's top-level counts: documents reported, the themes' denominator, sample texts not labelled yet
    for measure in ("documents", "articles", "themes_n", "human_labels", "not_english", "validation_unlabelled",
                    "human_labels_copies", "human_labels_articles"):
        yield ("methods", "overall", "", "", measure, getattr(r, measure))
    if r.scheme is not None and not r.scheme.themes:  # stance only: the empty themes rows are not "none found"
        yield ("methods", "overall", "", "", "scheme_themes", 0)
    for info in r.methods.models:
        yield ("methods", info.task, info.model_id, "", "documents", info.documents)


def render_csv(report: ReportData) -> str:
    """The report's figures as one tidy CSV (UTF-8 BOM, so Excel reads it right)."""
    buf = io.StringIO()
    writer = csv_writer(buf)
    writer.writerow(CSV_FIELDS)
    for row in _rows(report):
        writer.writerow([_safe(v) for v in row])
    return "\ufeff" + buf.getvalue()


def report_rows(report: ReportData) -> Iterator[Row]:
    """The report's figures as ``CSV_FIELDS`` tuples, unrounded, in the CSV's order (the XLSX report reads them)."""
    return _rows(report)
