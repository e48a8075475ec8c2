"""The offline English / not-English check that keeps Welsh answers out of the stance counts."""

from __future__ import annotations

import pytest

from voices.language import detect_language, is_english


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Directors should be social workers, not accountants.", "en"),
        ("Agree.", "en"),
        ("DCS should be SW qualified, full stop. ADCS wont say it", "en"),
        ("Diolch. I think the DCS must be qualified and registered with SWE.", "en"),
        ("Dylai arweinwyr gwaith cymdeithasol fod yn weithwyr cymdeithasol.", "cy"),
        ("Rwy’n cytuno’n llwyr. Mae angen i arweinwyr ddeall ymarfer a’r pwysau ar staff rheng flaen.", "cy"),
        ("Dim ond gweithiwr cymdeithasol all arwain gwasanaeth fel hwn.", "cy"),
        ("Mae’r gŵr yn dŷ", "cy"),
        ("Je pense que les directeurs doivent être des travailleurs sociaux qualifiés, sans aucun doute.", "other"),
        ("HCPC SWE CPD KPI DCS ADCS BASW NAAS", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language
    assert is_english(text) is (language == "en")


@pytest.mark.parametrize(
    "text",
    [
        "Caseloads unmanageable. Supervision nonexistent.",
        "Caseloads unmanageable. Supervision nonexistent. Morale shot. Agency staff everywhere, managers invisible.",
        "Burnout. Pay freeze. Staff leaving.",
        "Supervision: rare. Caseload: 28. Morale: gone. Retention: dire.",
        "Lived experience matters. Qualified leadership essential. Registration overdue.",
        "Agency locums, endless churn, nobody accountable.",
        "Ofsted inspections. Targets. Spreadsheets. Families forgotten.",
    ],
)
def test_terse_english_is_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Mae llwyth achosion yn ormod. Dim goruchwyliaeth o gwbl.",
        "Ydw, rwy'n cytuno'n llwyr gyda'r cynnig hwn.",
        "Dylai'r cyfarwyddwr fod yn weithiwr cymdeithasol cofrestredig.",
        "Staff yn gadael. Cyflogau'n isel. Morâl yn isel iawn.",
    ],
)
def test_short_welsh_is_welsh(text):
    assert detect_language(text) == "cy"
