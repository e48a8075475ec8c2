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
