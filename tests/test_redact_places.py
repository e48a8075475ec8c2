"""Places and bodies named after saints, titles or people stay; the people beside them do not.

Every sentence is made up. The real NER runs (``Redactor()``), as it is the source of most of
these "people": "St Helens", "Alder Hey" and "St Albans" came back as ``[PERSON]`` whole.
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor
from voices.redact.places import named_places

PLACES = [
    "The children were seen at St Mary's Hospital after the accident.",
    "The family moved from St Helens to Wigan last year.",
    "We have three foster carers in St Albans.",
    "He was transferred to Great Ormond Street for surgery.",
    "She spent a month at Alder Hey last year.",
    "The father works in Tel Aviv and visits twice a year.",
    "The mother bought a laptop from PC World.",
    "The young person has a Saturday job at Marks & Spencer.",
    "The family shops at Marks and Spencer at Christmas only.",
    "The baby was born at Queen Elizabeth Hospital.",
    "She studied at King's College London before qualifying.",
    "The training was held at St John's Church hall.",
    "Our office is opposite St Thomas' Hospital.",
    "We met at the Saint Andrew's community centre.",
    "At St Anne's they were kind.",
    "He was taken to Guy's Hospital after the fall.",
    "The baby was born at Guy's and St Thomas'.",
    "She was transferred to Addenbrooke's overnight.",
    "The clinic is at the Royal Victoria Infirmary.",
    "We drove past Victoria Station on the way.",
    "Take the Elizabeth line to the hospital.",
    "He was seen at the Evelina Children's Hospital.",
    "The review is at Alexandra Palace this year.",
]


@pytest.mark.parametrize("text", PLACES)
def test_a_place_named_after_a_saint_a_title_or_a_person_stays(text):
    assert Redactor().redact(text, "d1") == text


@pytest.mark.parametrize(("text", "expected"), [
    ("Dr St John said the plan was fine.", "Dr [PERSON] said the plan was fine."),
    ("Mr St Clair rang.", "Mr [PERSON] rang."),
    ("I spoke to Mary at St Mary's.", "I spoke to [PERSON] at St Mary's."),
    ("We met Spencer at Marks & Spencer.", "We met [PERSON] at Marks & Spencer."),
    ("Aviv from Tel Aviv rang me.", "[PERSON] from Tel Aviv rang me."),
    ("I went past Church St. Mary said hello.", "I went past Church St. [PERSON] said hello."),
    ("St John Smith came to the meeting.", "[PERSON] came to the meeting."),
    ("Lucy Marks and Spencer came to the meeting.", "[PERSON] and [PERSON] came to the meeting."),
    ("Dr Amy St John said the plan was fine.", "Dr [PERSON] said the plan was fine."),
    ("John Lewis said the plan was fine.", "[PERSON] said the plan was fine."),  # the shop's name is a person's too
    ("Mia is in Year 3 at St Mary's Primary.", "[PERSON] is in Year 3 at [SCHOOL]."),
    ("Amelia's Hospital appointment was cancelled.", "[PERSON]'s Hospital appointment was cancelled."),
    ("Priya's Hospital Passport was updated.", "[PERSON]'s Hospital Passport was updated."),
])
def test_a_person_beside_or_inside_such_a_name_is_still_redacted(text, expected):
    assert Redactor().redact(text, "d1") == expected


def test_named_places_leaves_a_titled_saint_and_a_street_out():
    text = "St Helens and Tel Aviv; Dr St John; Church St. Mary; At St Anne's."
    assert [text[s:e] for s, e in named_places(text)] == ["St Helens", "Tel Aviv", "St Anne's"]


@pytest.mark.parametrize(("text", "names"), [
    # a title or a person's verb before the name, when a second Title-case word opens the match
    ("Dr Amelia Hospital rang.", ["Amelia", "Hospital"]),
    ("Dr Amelia Station rang.", ["Amelia", "Station"]),
    ("Mrs Priya Okafor Station said no.", ["Priya", "Okafor"]),
    # a person's verb after the "place"
    ("Mary Station rang me.", ["Mary", "Station"]),
    ("Royal Olumide rang me.", ["Olumide"]),
    # no saint: any Title-case word after St was a place
    ("St Kemi rang me.", ["Kemi"]),
    ("St Oluwaseun said hello.", ["Oluwaseun"]),
    ("Saint Olumide told me.", ["Olumide"]),
    ("Saint Laurent rang me yesterday.", ["Laurent"]),
    # a bare saint's name that is no town is the surname
    ("I spoke to St John about the case.", ["John"]),
    ("My social worker, St John, was kind.", ["John"]),
])
def test_a_person_whose_name_looks_like_a_place_is_still_redacted(text, names):
    out = Redactor().redact(text, "d1")
    assert "[PERSON]" in out and not [n for n in names if n in out], out


def test_named_places_needs_a_saint_a_town_or_the_royal():
    text = "St Kemi; St John; St John Ambulance; St Helens; Royal Okafor; the Royal Marsden; Royal Free Hospital."
    assert sorted({text[s:e] for s, e in named_places(text)}) == [
        "Royal Free Hospital", "Royal Marsden", "St Helens", "St John"]
    assert [text[s:e] for s, e in named_places(text) if text[e:].startswith(" Ambulance")] == ["St John"]
