"""Two consultations that both number their first question Q1: each question keeps its own figures.

Keyed by question id alone, the report pooled both Q1s under the first one's text (n = 35 on the walk's
corpus: 27 answers to "...a national social care service?" and 8 to "...directors ... registered social
workers?"), and the second question was shown nowhere.
"""

from __future__ import annotations

from report_fixtures import CONSULT, QUESTION, FakeStance, FakeThemes
from store_fixtures import make_corpus

from voices.classify import classify_corpus
from voices.report import build_report, render
from voices.schemas import Record, Source

OTHER = Source(title="Care service consultation", kind="consultation")
ASKED = "Q1. Do you agree with creating a national care service?"


def _answer(source: Source, question: str, resp: str, text: str, closed: str) -> Record:
    return Record(source, "consultation_answer", text, f"{resp}:Q1", native_id=f"{resp}:Q1", question_id="Q1",
                  question=question, respondent_id=resp, closed_answer=closed, posted_at="2024-03-01")


def test_two_consultations_q1_are_two_questions(tmp_path):
    path = tmp_path / "c.duckdb"
    make_corpus(path, [
        _answer(CONSULT, QUESTION, "R1", "Leaders must be social workers; my caseload proves it every week.", "Agree"),
        _answer(CONSULT, QUESTION, "R2", "A director is a system leader and need not be a social worker.", "Disagree"),
        _answer(OTHER, ASKED, "A1", "A national service would end the postcode lottery for families.", "Agree"),
        _answer(OTHER, ASKED, "A2", "Leaders need time with families on the frontline, wherever they sit.", "Agree"),
        _answer(OTHER, ASKED, "A3", "Another restructure will only distract experienced staff for years.", "Disagree"),
    ])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    data = build_report(path, stance_model=FakeStance())
    shown = [(q.key, q.text, q.n + q.uncertain) for q in data.consultation.questions]
    assert shown == [("Q1", ASKED, 3), ("Q1 (2)", QUESTION, 2)]  # in the order the report's answers come
    closed = {t.question_key: sum(map(sum, t.counts)) for t in data.consultation.closed_vs_stance}
    assert closed == {"Q1": 3, "Q1 (2)": 2}
    assert f"> {ASKED}" in render(data, "md")
