"""What a hostile review of leak37 found: names its US-town rule showed again, ordinary words its rules hid,
and the misses it left. One table for texts, one for titles, each row grouped under the fix it pins.

Texts and names are project-written; none is copied from ``../shared/data``.
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor

BODIES = [
    # a surname that is a US town, after an initial or a title with its stop, a first name closing the line, a sign-off
    ("Contact J. Austin, TX", "Contact [PERSON], TX"),
    ("Dr. Houston, TX", "Dr. [PERSON], TX"),
    ("ask Mr. Austin TX", "ask Mr. [PERSON] TX"),
    ("Jane\nAustin TX", "[PERSON]\n[PERSON] TX"),
    ("Best,\nAustin TX", "Best,\n[PERSON]"),  # a sign-off's name, its line whole
    # a US town before its state is shown still, and with a state in lower case before its ZIP
    ("From Austin TX to Denver, Colorado", "From Austin TX to Denver, Colorado"),
    ("I loved the USA. Austin TX was hot", "I loved the USA. Austin TX was hot"),
    ("Jane Smith, Austin TX", "[PERSON], Austin TX"),
    ("Dallas, tx 75201", "Dallas, tx [POSTCODE]"),
    # a listed surname and a comma before a first name: a list's order; not a word, nor a state
    ("Smith, Georgia", "[PERSON]"),
    ("Present: Patel, Ruth; Okafor, Kemi", "Present: [PERSON]; [PERSON]"),
    ("Smith, John said no", "[PERSON] said no"),
    ("Sadly, John left", "Sadly, [PERSON] left"),
    ("In Leeds, Mary agreed", "In Leeds, [PERSON] agreed"),
    ("Well, Ruth was right", "Well, [PERSON] was right"),
    ("Ngozi, Wojciech and Aoife", "[PERSON], [PERSON] and [PERSON]"),  # first names listed
    # a Family Centre is a place; a workplace named as the writer's own stays hidden
    ("We visited Hollybank Family Centre", "We visited Hollybank Family Centre"),
    ("I work at Brookfield Family Centre", "I work at [ORGANISATION]"),
    ("I work at the Jane Smith Centre", "I work at the [ORGANISATION]"),
    ("I work at Brookfield Crisis Centre in Hull", "I work at [ORGANISATION] in Hull"),
    # a query key sites sort by, with an everyday word, stays; a name after it goes, and anything after an account's key
    ("https://example.gov.uk/search?q=care&by=date", "https://example.gov.uk/search?q=care&by=date"),
    ("https://example.org/list?sort=name&by=relevance", "https://example.org/list?sort=name&by=relevance"),
    ("https://example.org/p?who=all", "https://example.org/p?who=all"),
    ("https://example.org/p?by=smith", "https://example.org/p?by=[PROFILE]"),  # a surname that is a word too
    ("https://example.org/p?by=rose", "https://example.org/p?by=[PROFILE]"),  # a first name that is a word
    ("https://example.org/p?name=kemiokafor", "https://example.org/p?name=[PROFILE]"),
    ("https://example.org/p?user=admin", "https://example.org/p?user=[PROFILE]"),
    # a host built from a name another way, with digits after it, as "janesmith1985.com" already goes
    ("see smithjane85.net now", "see [PROFILE] now"),
    ("see janesmithmsw1.co.uk now", "see [PROFILE] now"),
    ("see thejanesmith2024.com now", "see [PROFILE] now"),
    ("see basw2024.co.uk and theguardian1.com", "see basw2024.co.uk and theguardian1.com"),
] + [(text, text) for text in (  # a kind of workplace is no workplace named
    "I work in Private Practice", "I work at the Job Centre", "I work at a Sure Start Centre",
    "I work at the Mother and Baby Unit", "I volunteer at the Food Bank Project", "I work at the Walk-In Centre",
    "I work in Adult Social Care Practice", "I work at the Crisis Centre", "I work at the Refugee Hostel",
)]

TITLES = [
    ("Chester response", "Chester response"),  # a council's town, Title case and a space
    ("Lincoln feedback.docx", "Lincoln feedback.docx"),
    ("Bedford Borough Council response", "Bedford Borough Council response"),  # before its council's word
    ("Warwick District response", "Warwick District response"),
    ("Lincoln City Council", "Lincoln City Council"),
    ("ding-dong-2024", "ding-dong-2024"),  # words, not an East Asian name
    ("su-doku-2024", "su-doku-2024"),
    ("kim-chi-2024", "kim-chi-2024"),
    ("dawn-french-response", "[PERSON]-response"),
    ("Chester Bennington response", "[PERSON] response"),
    ("wang-fang-response", "[PERSON]-response"),
]


def _rules() -> Redactor:
    return Redactor(entities=lambda texts: [[] for _ in texts])


@pytest.mark.parametrize(("text", "shown"), BODIES)
def test_texts(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize(("title", "shown"), TITLES)
def test_titles(title: str, shown: str) -> None:
    assert _rules().source_title(title) == shown
