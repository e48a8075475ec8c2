"""Issue 13 item 4: the closed-answer check works with the shipped scheme, on real question wordings."""

from __future__ import annotations

import pytest
from ingest_helpers import ROOT

from voices.models.scheme import load_scheme
from voices.report.closed import agreement, asks_proposition
from voices.report.consultation import ClosedAnswerMap, closed_answer_map

SCHEME = ROOT / "corpora" / "schemes" / "social-work-leadership.toml"


@pytest.fixture(scope="module")
def shipped() -> ClosedAnswerMap:
    mapping = closed_answer_map(load_scheme(SCHEME))
    assert mapping is not None
    return mapping


@pytest.mark.parametrize("question, answer, stance", [
    # the bundled sample's question, and wordings survey tools use
    ("Q1. Do you agree that directors responsible for social work should be registered social workers? "
     "Please explain your answer.", "Strongly agree", "social_work_leaders"),
    ("To what extent do you agree that social work leaders must be registered social workers?",
     "Somewhat disagree", "system_leaders"),
    ("Should the director of children's services be a qualified social worker?", "Yes", "social_work_leaders"),
    ("Should the director of children's services be a qualified social worker?", "No", "system_leaders"),
    ("1. Do you agree that directors of children's services should be registered social workers?",
     "Tend to agree", "social_work_leaders"),
    ("1. Do you agree that directors of children's services should be registered social workers?",
     "Tend to disagree", "system_leaders"),
    ("Do you agree that senior leaders must have practised as social workers?", "Neither agree nor disagree", "none"),
    ("Do you agree that senior leaders must have practised as social workers?", "Don't know", "none"),
    ("Do you agree that directors need not be qualified social workers?", "Agree", "system_leaders"),
])
def test_usual_scales_on_the_proposition_question(shipped, question, answer, stance):
    assert shipped.expected(question, answer) == stance


@pytest.mark.parametrize("question", [
    "Q2. Do you agree that a national pay framework for social workers would improve retention?",
    "What else should the government do to address the shortage of social workers?",
    "How would you rate your workload?",
])
def test_other_questions_state_no_stance(shipped, question):
    assert shipped.expected(question, "Agree") is None
    assert not asks_proposition(question, shipped.proposition)


def test_agreement_reads_the_usual_scales():
    assert [agreement(a) for a in ("Strongly agree", "Tend to agree", "Somewhat Agree.", "Slightly disagree",
                                   "Neither agree nor disagree", "Not sure", "No", "Yes, definitely", "Maybe")] == [
        "agree", "agree", "agree", "disagree", "neutral", "neutral", "disagree", "agree", None]
