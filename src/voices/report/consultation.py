"""Consultation breakdowns: answers per question, closed answer, respondent type and breakdown field.

Campaign detection (template texts sent by many respondents) is ``voices.report.campaigns``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voices.errors import InputError
from voices.report._text import Texts
from voices.report.data import Consultation, CrossTable, Disagreement
from voices.report.questions import question_shares
from voices.report.threads import is_none_label

if TYPE_CHECKING:

    from voices.models.scheme import Scheme
    from voices.store.report_docs import ReportDocs

log = logging.getLogger(__name__)

LIKERT_ORDER = (
    "strongly agree", "agree", "tend to agree", "neither agree nor disagree", "tend to disagree",
    "disagree", "strongly disagree", "yes", "no", "don't know", "not sure",
    "excellent", "very good", "good", "fair", "poor", "very poor",
)
NOT_GIVEN = "(not given)"
UNCERTAIN = "(uncertain)"


@dataclass
class ClosedAnswerMap:
    """Closed answers that state a stance: which questions, and answer -> stance.

    ``questions`` (regexes) and ``answers`` come from the scheme when it lists them.
    Without patterns, a question asks the proposition when it is like it
    (``voices.report.closed.asks_proposition``); an answer the scheme does not list
    is read on the usual scales (tend to agree, somewhat disagree, don't know...),
    the other way round for a question asked in the negative.
    """

    questions: list[re.Pattern[str]] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    proposition: str | None = None
    subject: tuple[str, ...] = ()

    def expected(self, question: str | None, answer: str | None) -> str | None:
        """The stance a closed answer states for this question, or None."""
        from voices.report.closed import agreement, asks_proposition, negated

        if not self.answers or not isinstance(answer, str):
            return None
        limited = bool(self.questions or self.proposition)  # else: every closed question counts
        if limited and not (any(p.search(question or "") for p in self.questions)
                            or asks_proposition(question, self.proposition, self.subject)):
            return None
        side = agreement(answer)
        if side == "neutral":
            return self.answers.get("neither agree nor disagree", "none")
        if side is not None and negated(question):
            side = "disagree" if side == "agree" else "agree"
            return self.answers.get(side)
        return self.answers.get(answer.strip().casefold()) or (self.answers.get(side) if side else None)


def closed_answer_map(scheme: Scheme) -> ClosedAnswerMap | None:
    """The ``[consultation.closed_answers]`` of a scheme (``voices.models.scheme.load_scheme``).

    A scheme without a mapping gives None (the report then shows the plain
    cross-table); question patterns that are not valid regexes are skipped with a log
    message.
    """
    section = scheme.closed_answers
    mapping = section.get("map", {})
    if not isinstance(mapping, dict) or not mapping:
        return None
    patterns = []
    for raw in section.get("questions", []) or []:
        try:
            patterns.append(re.compile(str(raw), re.IGNORECASE))
        except re.error as exc:
            log.warning("scheme %s: skipping question pattern %r (%s)", scheme.name, raw, exc)
    answers = {str(k).strip().casefold(): str(v) for k, v in mapping.items() if isinstance(v, str)}
    subject = section.get("subject_words", [])
    if not isinstance(subject, list) or not all(isinstance(w, str) for w in subject):
        raise InputError(f"scheme {scheme.name}: [consultation.closed_answers] subject_words must be a list of "
                         'words, like subject_words = ["director", "leader"]; fix the scheme file')
    words = tuple(subject)
    return ClosedAnswerMap(patterns, answers, scheme.proposition or None, words)


def _attribute_values(rows: list[tuple[str | None, str | None]], fields: Sequence[str]) -> list[object]:
    import json

    return [a.get(key) for a in (json.loads(a) for a, r in rows if a and r) for key in fields]


def ratings(rows: list[tuple[str | None, str | None]], fields: Sequence[str] = (),
            shown: dict[str, str] | None = None, texts: Texts | None = None) -> list[CrossTable]:
    """Closed questions no free text explains: respondents per answer, overall and by each breakdown field.

    Every respondent counts once, whether or not they wrote any free text. ``shown`` maps a
    breakdown value to how the report shows it (redacted), when it differs; ``texts`` shows
    each question as the report shows questions (redacted when redacting).
    """
    import json

    shown, texts = shown or {}, texts or Texts()
    parsed = [(json.loads(a) if a else {}, json.loads(r)) for a, r in rows if r]
    out: list[CrossTable] = []
    asked = texts.questions(sorted({q for _a, r in parsed for q in r}))
    for question in sorted({q for _a, r in parsed for q in r}):
        answered = [(a, r[question]) for a, r in parsed if r.get(question)]
        said = texts.field_values(ans for _a, ans in answered)  # an "Other: ..." answer is typed
        answered = [(a, said.get(ans, ans)) for a, ans in answered]
        order = _answer_order({ans for _a, ans in answered})
        total = Counter(ans for _a, ans in answered)
        out.append(CrossTable(f"Ratings: {asked.get(question, question)}", "answer", "respondents", order,
                              ["respondents"], [[total[o]] for o in order]))
        for key in fields:
            values = sorted({_given(shown.get(a.get(key), a.get(key))) for a, _ans in answered})
            cells = Counter((ans, _given(shown.get(a.get(key), a.get(key)))) for a, ans in answered)
            out.append(CrossTable(f"Ratings: {asked.get(question, question)} by {key}", "answer", key, order, values,
                                  [[cells[(o, v)] for v in values] for o in order]))
    return out


def _attribute(wanted: str, keys: list[str]) -> str:
    """The breakdown field ``--by`` names: exact, any case, a unique prefix, or a unique part of it."""
    low = wanted.casefold()
    for test in (lambda k: k == wanted, lambda k: k.casefold() == low,
                 lambda k: k.casefold().startswith(low), lambda k: low in k.casefold()):
        hits = [k for k in keys if test(k)]
        if len(hits) == 1:
            return hits[0]
    shown = "; ".join(keys) or "none (ingest a survey export with role, sector or region columns)"
    raise InputError(f"--by {wanted!r} names no single breakdown field; the fields are: {shown}")


def _answer_order(answers: set[str]) -> list[str]:
    known = [a for a in LIKERT_ORDER if a in {x.casefold() for x in answers}]
    rank = {a: i for i, a in enumerate(known)}
    return sorted(answers, key=lambda a: (rank.get(a.casefold(), len(rank)), a.casefold()))


def _given(value: object) -> str:
    return value if isinstance(value, str) and value.strip() else NOT_GIVEN


def _cross(title: str, row_name: str, cells: list[tuple[str, str | None, int]], labels: list[str],
           order: list[str] | None = None) -> CrossTable:
    """A cross-table from (row value, stance column or None for uncertain, count) cells."""
    cols = [*labels, UNCERTAIN]
    counts: dict[str, Counter] = {}
    for value, column, n in cells:
        counts.setdefault(_given(value), Counter())[UNCERTAIN if column is None else column] += n
    rows = order or sorted(counts)
    return CrossTable(title, row_name, "stance", rows, cols, [[counts.get(r, Counter())[c] for c in cols] for r in rows])


def consultation(docs: ReportDocs, labels: list[str], mapping: ClosedAnswerMap | None, texts: Texts,
                 by: Sequence[str] = ()) -> Consultation | None:
    """Breakdowns of consultation answers (campaign copies beyond the first left out).

    ``by`` names breakdown fields (``attributes`` keys) to cross with stance.
    Returns None when there are no classified consultation answers.

    Raises
    ------
    InputError
        A ``by`` field no answer carries (the fields there are are listed).
    """
    cells = docs.answer_cells()  # (question key, question, respondent type, closed answer, column, n, first ord)
    if not cells:
        if by:
            raise InputError(f"--by {by[0]!r}: no classified consultation answers to break down")
        return None
    result = Consultation(answers=sum(c[5] for c in cells), mapping_used=mapping is not None)
    # the closed-answer mapping reads it as stored
    asked, flagged = _one_key_a_question(_shown_questions(cells, texts),
                                         _shown_questions(docs.flagged_answer_cells(), texts))
    result.questions = question_shares(asked, labels, [(c[0], c[7], c[5]) for c in flagged])
    result.by_question = [_cross("Stance by question", "question", [(c[0], c[4], c[5]) for c in asked], labels)]
    kinds = texts.field_values(c[2] for c in cells)  # typed by respondents too: redacted when redacting
    result.by_respondent_type = _cross("Stance by respondent type", "respondent type",
                                       [(kinds.get(c[2], c[2]), c[4], c[5]) for c in cells], labels)
    keys = docs.attribute_keys() if by else []
    fields = [_attribute(wanted, keys) for wanted in by]
    for key in fields:
        values = docs.attribute_cells(key)
        shown = texts.field_values(v for v, _c, _n in values)
        result.by_attribute.append(_cross(f"Stance by {key}", key, [(shown.get(v, v), c, n) for v, c, n in values],
                                          labels))
    responses = docs.response_rows()
    result.ratings = ratings(responses, fields, texts.field_values(_attribute_values(responses, fields)), texts)
    combos: set[tuple[str | None, str, str]] = set()
    for q in sorted({c[0] for c in asked}):
        group = [c for c in asked if c[0] == q]
        closed = [c for c in group if c[3] is not None and str(c[3]).strip() != ""]
        if not closed:
            continue
        question = min(((c[6], c[1]) for c in group if isinstance(c[1], str)), default=(0, q))[1]
        answers = texts.field_values(str(c[3]) for c in closed)  # "Other: ask ..." is typed: redacted when redacting
        order = _answer_order(set(answers.values()))
        table = _cross(f"{q}: closed answer vs stance of the free text — {question}", "closed answer",
                       [(answers[str(c[3])], c[4], c[5]) for c in closed], labels, order)
        table.question_key = str(q)
        result.closed_vs_stance.append(table)
    if mapping is not None:
        combos.update((c[1], c[3], c[4]) for c in cells
                      if c[3] is not None and str(c[3]).strip() != "" and _disagrees(mapping, c[1], c[3], c[4]))
        result.disagreements = _disagreements(docs, combos, mapping, texts)
    return result


def _shown_questions(cells: list[tuple], texts: Texts) -> list[tuple]:
    """``answer_cells`` rows with the question as the report shows it (redacted when redacting);
    a key that is the question itself (no question id) too."""
    shown = texts.questions(c[1] for c in cells)
    return [(shown.get(c[0], c[0]) if c[0] == c[1] else texts.question_id(c[0], c[1]), shown.get(c[1], c[1]), *c[2:])
            for c in cells]


def _one_key_a_question(cells: list[tuple], also: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """``_shown_questions`` rows with one key for each question: "Q1" of two consultations asking other things
    becomes "Q1" and "Q1 (2)", in the order they first appear in ``cells``; ``also`` (rows of the same shape)
    keyed alike.

    Keyed by question id alone, their answers were pooled under the first one's text and the other
    question was not shown at all.
    """
    asked: dict[str, list[str]] = {}
    for c in sorted(cells, key=lambda c: c[6]):
        text = " ".join(c[1].split()) if isinstance(c[1], str) else None
        if text and text not in asked.setdefault(c[0], []):
            asked[c[0]].append(text)
    keys = {(key, text): f"{key} ({i})" if i > 1 else key
            for key, texts in asked.items() for i, text in enumerate(texts, 1)}
    def keyed(rows: list[tuple]) -> list[tuple]:
        return [(keys.get((c[0], " ".join(c[1].split()) if isinstance(c[1], str) else None), c[0]), *c[1:])
                for c in rows]

    return keyed(cells), keyed(also)


def _disagrees(mapping: ClosedAnswerMap, question: str | None, answer: str, stance: str | None) -> bool:
    """A confident stance (not ``none``) other than the one the closed answer states."""
    expected = mapping.expected(question, answer)
    if expected is None or is_none_label(expected) or stance is None or is_none_label(stance):
        return False
    return stance != expected


def _disagreements(docs: ReportDocs, combos: set[tuple[str | None, str, str]], mapping: ClosedAnswerMap,
                   texts: Texts) -> list[Disagreement]:
    """The answers whose free text argues another stance than their closed answer states, by question."""
    rows = docs.answers_matching(sorted(combos, key=repr))
    by_q: dict[str, list[dict]] = {}
    for row in rows:
        by_q.setdefault(row["qkey"], []).append(row)
    texts.prefetch((row["id"], row["text"]) for row in rows)
    out = []
    for q in sorted(by_q):
        for row in by_q[q]:
            prob = row["stance_probability"]
            out.append(Disagreement(
                doc_id=texts.doc_id(row["id"]), question_id=texts.question_id(row["question_id"], row["question"]),
                closed_answer=str(texts.field_value(str(row["closed_answer"]))),
                expected_stance=mapping.expected(row["question"], row["closed_answer"]), stance=row["eff_stance"],
                stance_probability=None if prob is None or prob != prob else float(prob),
                snippet=texts.snippet(row["id"], row["text"], question=row["question"]),  # shown by its question
            ))
    return out
