"""A second hostile review of redaction after revleak37: Welsh and Gaelic words taken for names, a Welsh
public body taken for a person, a name left in a URL's query, addresses in a name-and-address answer. One table
for texts kept whole, one for texts and what shows. Texts are project-written; none is copied from ``../shared/data``.
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
# One table of (text, shown), grouped by the fix each row pins
SHOWN = [
    # the same words as names, in English sentences or before a surname, stay hidden
    ("Mae said she would call back.", "[PERSON] said she would call back."),
    ("I spoke to Mae yesterday.", "I spoke to [PERSON] yesterday."),
    ("Chan Wai rang the office.", "[PERSON] rang the office."),
    ("Nia is four and Mae is six.", "[PERSON] is four and [PERSON] is six."),
    ("Ann okafor rang me", "[PERSON] okafor rang me"),
    # a public body in Welsh is shown as in English; a Welsh school beside a child goes
    ("I work at Bristol City Council", "I work at Bristol City Council"),  # a large public body
    ("I work at Ysbyty Gwynedd", "I work at Ysbyty Gwynedd"),  # a district general hospital, written in Welsh
    ("I work at Royal Gwent Hospital", "I work at Royal Gwent Hospital"),  # the same in English
    ("My son goes to Ysgol Glan Clwyd", "My son goes to [SCHOOL]"),  # a child's school, as "Ashfield Primary School"
    ("She is in Year 4 at Ysgol y Graig now", "She is in Year 4 at [SCHOOL] now"),
    ("My daughter started at Ysgol Pen-y-bont last year.", "My daughter started at [SCHOOL] last year."),
    ("I work at Ysgol Glan Clwyd", "I work at Ysgol Glan Clwyd"),  # a workplace, as "I work at Ashfield Primary School"
    # after a verb one does to a person, a US town before its state is a surname, shown as 'I met Austin' is not
    ("I met Austin TX at the conference", "I met [PERSON] TX at the conference"),
    ("I told Austin TX about the plan.", "I told [PERSON] TX about the plan."),
    ("I thanked Jackson, Mississippi for his help.", "I thanked [PERSON], [PERSON] for his help."),  # state too
    ("I spoke to Dallas TX today", "I spoke to [PERSON] TX today"),
    ("I moved to Austin TX in 2019.", "I moved to Austin TX in 2019."),  # a place after any other verb
    ("I met my wife in Austin TX.", "I met my wife in Austin TX."),
    # a query's first name with a surname after an unencoded space goes whole
    ("see https://x.org/p?name=jane smith now", "see https://x.org/p?name=[PROFILE] now"),  # a space left unencoded
    ("see https://x.org/p?author=Kemi Okafor.", "see https://x.org/p?author=[PROFILE]."),
    ("see https://x.org/p?name=jane+smith now", "see https://x.org/p?name=[PROFILE] now"),
    ("see https://x.org/p?name=jane%20smith now", "see https://x.org/p?name=[PROFILE] now"),
    ("see https://x.org/p?name=jane and then", "see https://x.org/p?name=[PROFILE] and then"),
    ("see https://x.org/p?user=admin please", "see https://x.org/p?user=[PROFILE] please"),
    # answers to "Q9. What is your name and address?": a Welsh street opens with its word, a lower-case one abbreviated
    ("Name: Gareth Pritchard. Address: 5 Heol y Felin, Llandeilo, SA19 6BN",
     "Name: [PERSON]. Address: [ADDRESS], Llandeilo, [POSTCODE]"),
    ("I live at 12 Ffordd yr Orsaf now", "I live at [ADDRESS] now"),
    ("Ayesha Siddiqui, 101 high st, luton lu1 2ab", "[PERSON], [ADDRESS], luton [POSTCODE]"),
    ("write to 4 mill rd please", "write to [ADDRESS] please"),
    ("we were 2 days behind the first rd", "we were 2 days behind the first rd"),
]


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize("text", CELTIC)
def test_celtic_words_stay(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text) == text


@pytest.mark.parametrize(("text", "shown"), SHOWN)
def test_texts(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown
