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


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("THE DIRECTORS MUST BE SOCIAL WORKERS AND THAT IS THAT", "en"),  # capitals: long words still count
        ("Ni ddylai’r cyfarwyddwr fod yn ŵr busnes, ond yn weithiwr cymdeithasol.", "cy"),  # ’ inside Welsh words
        ("Straße GROẞ ǅemal ﬁne words here for the test", "en"),  # letters whose case folding changes length
        ("Les directeurs DOIVENT être des travailleurs sociaux qualifiés, sans aucun doute.", "other"),
    ],
)
def test_detect_language_with_capitals_and_folded_letters(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", [
    "", "A", "I AM", "’tis don’t", "CAN'T STAND IT", "Straße GROẞ ǅ ﬁne", "the DCS and HCPC", "Dylai ŵ ŷ yn y",
    "Rwy’n cytuno’n llwyr â’r cynnig", "x1 y_2 ABCDEF abcdef ÀB",
])
def test_word_counts_equal_the_word_by_word_reading(text):
    # _counts folds the joined words once; it must count exactly as folding word by word does
    import re

    from voices import language as lang

    words = [w.casefold().replace("’", "'") for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
             if not (w.isupper() and 1 < len(w) <= 5)]
    n, english, welsh = lang._counts(text)
    assert n == len(words)
    assert english == sum(w in lang._ENGLISH_WORDS for w in words)
    letters = 2 * len(re.findall("[ŵŷŴŶ]", text))
    welsh_words = sum(w in lang._WELSH_WORDS for w in words)
    assert welsh == welsh_words + letters + (len(re.findall("[âêîôûÂÊÎÔÛ]", text)) if welsh_words else 0)
