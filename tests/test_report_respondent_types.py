"""A redacted report redacts respondent types and closed answers, which a respondent can type.

A consultation's "responding as" column is mostly a tick box, but its "Other, please say" answer is
typed: "Individual (Bernard Ivel, 07700 900463)" was printed as it stood in every redacted report, as
a row of "Stance by respondent type", in the theme shares by respondent type, and under a quote
("a respondent (Individual (Bernard Ivel, 07700 900463))"). So was a closed answer's "Other: speak
to Ottoline Quarrie", as a row of the closed answer vs stance table.
"""

from __future__ import annotations

from report_fixtures import CONSULT, QUESTION, FakeStance, FakeThemes, no_entities
from store_fixtures import make_corpus

from voices.classify import classify_corpus
from voices.report import build_report, render
from voices.schemas import Record

TYPED = "Individual (Bernard Ivel, 07700 900463)"
SHOWN = "Individual ([PERSON], [PHONE])"
OTHER = "Other: speak to Ottoline Quarrie"


def _answer(resp: str, text: str, rtype: str, closed: str = "Agree") -> Record:
    return Record(CONSULT, "consultation_answer", text, f"{resp}:Q1", native_id=f"{resp}:Q1", question_id="Q1",
                  question=QUESTION, respondent_id=resp, respondent_type=rtype, closed_answer=closed,
                  posted_at="2024-03-01")


def _corpus(path):
    make_corpus(path, [
        _answer("R1", "Leaders must be social workers; my caseload proves it every week.", "Individual"),
        _answer("R2", "A director is a system leader and need not be a social worker; caseload is not theirs.", TYPED),
        _answer("R3", "Leaders need time with families on the frontline; caseload numbers tell you that.", "Organisation",
                OTHER),
    ])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def test_a_redacted_report_shows_a_typed_respondent_type_redacted_everywhere(tmp_path):
    path = _corpus(tmp_path / "c.duckdb")
    data = build_report(path, redact=True, stance_model=FakeStance(), entities=no_entities)
    assert data.consultation.by_respondent_type.rows == ["Individual", SHOWN, "Organisation"]
    shares = {s.key for t in data.theme_evidence.themes for s in t.shares.get("respondent_type", [])}
    assert shares == {"Individual", SHOWN, "Organisation"}
    [closed] = data.consultation.closed_vs_stance
    assert closed.rows == ["Agree", "Other: speak to [PERSON]"]
    for fmt in ("md", "html", "json", "csv"):
        out = render(data, fmt)
        assert not [w for w in ("Bernard", "Ivel", "900463", "Ottoline", "Quarrie") if w in out], fmt
    assert "a respondent (Individual (\\[PERSON\\], \\[PHONE\\]))" in render(data, "md")


def test_a_report_that_does_not_redact_shows_the_respondent_type_as_typed(tmp_path):
    path = _corpus(tmp_path / "c.duckdb")
    data = build_report(path, stance_model=FakeStance())
    assert data.consultation.by_respondent_type.rows == ["Individual", TYPED, "Organisation"]
    assert data.consultation.closed_vs_stance[0].rows == ["Agree", OTHER]
    assert f"a respondent ({TYPED})" in render(data, "md")


def test_a_redacted_ratings_table_redacts_a_typed_answer():
    """A rating no free text explains: its "Other: ..." answer headed a row of the ratings table as typed."""
    from voices.redact import Redactor
    from voices.report._text import Texts
    from voices.report.consultation import ratings

    rows = [(None, '{"How satisfied are you?": "Satisfied"}'),
            (None, '{"How satisfied are you?": "Other: ring Ottoline Quarrie on 07700 900462"}'),
            (None, '{"How satisfied are you?": "Satisfied"}')]
    [table] = ratings(rows, texts=Texts(Redactor(entities=no_entities)))
    assert (table.rows, table.counts) == (["Other: ring [PERSON] on [PHONE]", "Satisfied"], [[1], [2]])
    [plain] = ratings(rows)
    assert plain.rows == ["Other: ring Ottoline Quarrie on 07700 900462", "Satisfied"]


def _ner_taking_foster_for_a_name(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """As en_core_web_sm reads them: "Foster" (a surname too) and "Kemi Okafor" are PERSON."""
    import re

    return [[(m.start(), m.end(), "PERSON") for m in re.finditer(r"Foster(?: Carer)?|Kemi Okafor", t)]
            for t in texts]


def test_a_foster_carer_respondent_type_is_a_role_and_a_typed_name_beside_it_is_redacted():
    """"Foster carer" showed as "[PERSON] carer" (and "Foster Carer" as "[PERSON]") in redacted tables."""
    from voices.redact import Redactor

    shown = Redactor(entities=_ner_taking_foster_for_a_name).field_values(
        ["Foster carer", "Foster Carer", "Foster carer (Kemi Okafor)", "Individual (Kemi Okafor)", "Mr Foster"])
    assert shown == {"Foster carer": "Foster carer", "Foster Carer": "Foster Carer",
                     "Foster carer (Kemi Okafor)": "Foster carer ([PERSON])",
                     "Individual (Kemi Okafor)": "Individual ([PERSON])", "Mr Foster": "Mr [PERSON]"}
