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


def test_another_debate_maps_its_own_question_without_patterns():
    """A user's own scheme (no question patterns, no subject words): its question is found by likeness alone."""
    from voices.models.scheme import parse_scheme

    scheme = parse_scheme(
        'name = "library"\nproposition = "Open the town library on Sundays"\n'
        '[stance.for]\ndefinition = "Wants Sunday opening."\n[stance.against]\ndefinition = "Does not."\n'
        '[stance.none]\ndefinition = "No position."\n'
        '[consultation.closed_answers.map]\n"agree" = "for"\n"disagree" = "against"\n', "library.toml")
    mapping = closed_answer_map(scheme)
    assert mapping is not None and mapping.subject == ()
    question = "Q1. Do you agree that the town library should open on Sundays?"
    assert mapping.expected(question, "Strongly agree") == "for"
    assert mapping.expected(question, "Tend to disagree") == "against"
    assert mapping.expected("Q1. Do you agree the town library should not open on Sundays?", "Agree") == "against"
    assert mapping.expected("Q2. How often do you visit the swimming pool?", "Agree") is None


def test_the_shipped_scheme_names_its_subject_words(shipped):
    # a question sharing three words with the proposition but naming no leader is not about the debate
    question = "Do you agree that children's social work services need more social workers?"
    assert asks_proposition(question, shipped.proposition)
    assert not asks_proposition(question, shipped.proposition, shipped.subject)
    assert shipped.expected(question, "Agree") is None


def test_subject_words_that_are_not_a_list_of_words_are_refused():
    from voices.errors import InputError
    from voices.models.scheme import parse_scheme

    scheme = parse_scheme('name = "library"\nproposition = "Open the library on Sundays"\n'
                          '[stance.for]\ndefinition = "For."\n[stance.none]\ndefinition = "No position."\n'
                          '[consultation.closed_answers]\nsubject_words = "library"\n'
                          '[consultation.closed_answers.map]\n"agree" = "for"\n', "library.toml")
    with pytest.raises(InputError, match="subject_words must be a list of words"):
        closed_answer_map(scheme)
