"""A second hostile review of redaction after revleak37: Welsh and Gaelic words taken for names. Texts are project-written; none is copied from ``../shared/data``.
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor

# A Welsh, Irish or Scots Gaelic word opening a sentence in that language: no one's name
CELTIC = [
    "Mae angen mwy o weithwyr cymdeithasol yn y sir.",
    "Mae llawer o blant yn aros am asesiad.",
    "Mae hi'n anodd cael apwyntiad.",
    "Roedd y tîm yn gefnogol iawn.",
    "Diolch am y cyfle i ymateb.",
    "Nid oes digon o staff yn yr ardal.",
    "Efallai y dylid ystyried hyn eto.",
    "Chan eil gu leòr luchd ann.",
    "Tha feum air barrachd cuideachaidh.",
]
# The same words as names, in English sentences or before a surname, stay hidden
NAMES = [
    ("Mae said she would call back.", "[PERSON] said she would call back."),
    ("I spoke to Mae yesterday.", "I spoke to [PERSON] yesterday."),
    ("Chan Wai rang the office.", "[PERSON] rang the office."),
    ("Nia is four and Mae is six.", "[PERSON] is four and [PERSON] is six."),
    ("Ann okafor rang me", "[PERSON] okafor rang me"),
]


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize("text", CELTIC)
def test_celtic_words_stay(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text) == text


@pytest.mark.parametrize(("text", "shown"), NAMES)
def test_the_same_words_as_names_go(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown
