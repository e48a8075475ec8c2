"""What a hostile review of leak37 found: a name its US-town rule now shows, and the misses it left.

Texts and names are project-written; none is copied from ``../shared/data``.
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor


def _rules() -> Redactor:
    return Redactor(entities=lambda texts: [[] for _ in texts])


@pytest.mark.parametrize(("text", "shown"), [
    ("Contact J. Austin, TX", "Contact [PERSON], TX"),  # an initial with its stop before the surname
    ("Dr. Houston, TX", "Dr. [PERSON], TX"),  # a title with its stop
    ("ask Mr. Austin TX", "ask Mr. [PERSON] TX"),
    ("Jane\nAustin TX", "[PERSON]\n[PERSON] TX"),  # a first name closing the line before
    ("Best,\nAustin TX", "Best,\n[PERSON]"),  # a sign-off's name, its line whole
])
def test_a_surname_that_is_a_us_town_stays_hidden_after_a_name(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("From Austin TX to Denver, Colorado", "From Austin TX to Denver, Colorado"),
    ("I loved the USA. Austin TX was hot", "I loved the USA. Austin TX was hot"),
    ("Jane Smith, Austin TX", "[PERSON], Austin TX"),
    ("Dallas, tx 75201", "Dallas, tx [POSTCODE]"),  # a state in lower case, made sure by its ZIP
])
def test_a_us_town_before_its_state_is_shown(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("Smith, Georgia", "[PERSON]"),  # a list's order: the first name is a state's name
    ("Present: Patel, Ruth; Okafor, Kemi", "Present: [PERSON]; [PERSON]"),
    ("Smith, John said no", "[PERSON] said no"),
])
def test_a_surname_before_a_comma_and_a_first_name_goes(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize("text", ["Sadly, John left", "In Leeds, Mary agreed", "Well, Ruth was right"])
def test_a_word_before_a_comma_and_a_first_name_stays(text: str) -> None:
    assert _rules().redact(text) == text.split(", ")[0] + ", [PERSON]" + text.split(", ")[1][4:]


@pytest.mark.parametrize(("title", "shown"), [
    ("Chester response", "Chester response"),  # a council's town, Title case and a space
    ("Lincoln feedback.docx", "Lincoln feedback.docx"),
    ("ding-dong-2024", "ding-dong-2024"),  # words, not an East Asian name
    ("su-doku-2024", "su-doku-2024"),
    ("kim-chi-2024", "kim-chi-2024"),
    ("dawn-french-response", "[PERSON]-response"),
    ("Chester Bennington response", "[PERSON] response"),
    ("wang-fang-response", "[PERSON]-response"),
])
def test_titles(title: str, shown: str) -> None:
    assert _rules().source_title(title) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("We visited Hollybank Family Centre", "We visited Hollybank Family Centre"),
    ("I work at Brookfield Family Centre", "I work at [ORGANISATION]"),
])
def test_a_family_centre_is_a_place(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize("title", ["Bedford Borough Council response", "Warwick District response", "Lincoln City Council"])
def test_a_councils_town_before_its_council_word_is_shown(title: str) -> None:
    assert _rules().source_title(title) == title


@pytest.mark.parametrize(("url", "shown"), [
    ("https://example.gov.uk/search?q=care&by=date", "https://example.gov.uk/search?q=care&by=date"),
    ("https://example.org/list?sort=name&by=relevance", "https://example.org/list?sort=name&by=relevance"),
    ("https://example.org/p?who=all", "https://example.org/p?who=all"),
    ("https://example.org/p?by=smith", "https://example.org/p?by=[PROFILE]"),  # a surname that is a word too
    ("https://example.org/p?by=rose", "https://example.org/p?by=[PROFILE]"),  # a first name that is a word
    ("https://example.org/p?name=kemiokafor", "https://example.org/p?name=[PROFILE]"),
    ("https://example.org/p?user=admin", "https://example.org/p?user=[PROFILE]"),  # an account's key: any value
])
def test_a_generic_query_key_with_an_everyday_word_is_shown(url: str, shown: str) -> None:
    assert _rules().redact(url) == shown


@pytest.mark.parametrize("text", [
    "I work in Private Practice", "I work at the Job Centre", "I work at a Sure Start Centre",
    "I work at the Mother and Baby Unit", "I volunteer at the Food Bank Project", "I work at the Walk-In Centre",
    "I work in Adult Social Care Practice", "I work at the Crisis Centre", "I work at the Refugee Hostel",
])
def test_a_kind_of_workplace_is_no_workplace_named(text: str) -> None:
    assert _rules().redact(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("I work at the Jane Smith Centre", "I work at the [ORGANISATION]"),
    ("I work at Brookfield Crisis Centre in Hull", "I work at [ORGANISATION] in Hull"),
])
def test_a_workplace_named_stays_hidden(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown
