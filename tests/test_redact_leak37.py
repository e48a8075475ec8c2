"""Leaks the leak37 review found left in redacted output, and words it hid that name no one: one group each.

Texts and names are project-written; none is copied from ``../shared/data``.
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor


def _rules() -> Redactor:
    return Redactor(entities=lambda texts: [[] for _ in texts])


@pytest.mark.parametrize(("text", "shown"), [
    ("see smithjane.net for more", "see [PROFILE] for more"),  # surname first
    ("read thejanesmith.com today", "read [PROFILE] today"),  # a word before the name
    ("visit janesmithmsw.co.uk or drjanesmith.org", "visit [PROFILE] or [PROFILE]"),  # letters after, a title before
    ("see ｊａｎｅｓｍｉｔｈ.com please", "see [PROFILE] please"),  # full-width letters
])
def test_a_host_built_from_a_name_goes(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


def test_ordinary_sites_stay() -> None:
    text = ("communitycare.co.uk, basw.co.uk, gov.uk, willpower.com, theguardian.com, mysocialwork.com, "
            "thekingsfund.org.uk and askthelawyer.com")
    assert _rules().redact(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("https://blog.example.org/posts?author=janesmith", "https://blog.example.org/posts?author=[PROFILE]"),
    ("see https://forum.example.net/t?user=jane.smith&page=2.", "see https://forum.example.net/t?user=[PROFILE]&page=2."),
    ("https://example.org/p?id=4&u=SWmum85#top", "https://example.org/p?id=4&u=[PROFILE]#top"),
])
def test_a_query_naming_an_account_goes(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


def test_a_query_naming_no_account_stays() -> None:
    text = "https://example.org/search?q=kinship+care&page=2 and a menu=3 in prose"
    assert _rules().redact(text) == text


@pytest.mark.parametrize("text", [
    "I moved here from Austin TX in 2019.",
    "I grew up in Denver, Colorado before moving.",
    "She trained in Phoenix, AZ and then Houston, Texas.",
    "In San Antonio, Texas the waits are long.",
])
def test_a_us_town_before_its_state_is_a_place_shown_as_a_uk_town_is(text: str) -> None:
    assert _rules().redact(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("Dr Jane Smith, MA wrote this", "Dr [PERSON], MA wrote this"),  # a degree, not Massachusetts
    ("Kemi Okafor, Texas", "[PERSON], [PERSON]"),  # a person and a state: a capitalised word before the town
    ("I met Jane Austin TX based", "I met [PERSON] TX based"),
    ("Written by Jane Houston, Texas", "Written by [PERSON], [PERSON]"),
])
def test_a_name_beside_a_state_stays_hidden(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize("title", ["chester-response", "lincoln-response", "warwick-2024", "Stafford-response",
                                   "bedford_feedback.csv", "harlow response", "Buckingham response"])
def test_a_town_a_council_is_named_after_is_shown_in_a_title(title: str) -> None:
    assert _rules().source_title(title) == title


@pytest.mark.parametrize(("title", "shown"), [("tom-chester-response", "[PERSON]-response"),
                                              ("jane_lincoln_2024.docx", "[PERSON]_2024.docx")])
def test_a_first_name_before_such_a_town_is_still_a_name(title: str, shown: str) -> None:
    assert _rules().source_title(title) == shown


@pytest.mark.parametrize(("title", "shown"), [
    ("Patel (R) answers.docx", "[PERSON] answers.docx"),  # a surname and an initial in brackets
    ("zhang-min-response", "[PERSON]-response"),  # a short East Asian name
    ("Chen_Jie_2023", "[PERSON]_2023"),
    ("lin-yi-response", "[PERSON]-response"),
    ("jones-barnardo-response", "[PERSON]-barnardo-response"),  # the surname goes, the body stays
    ("nspcc_patel_2024.csv", "nspcc_[PERSON]_2024.csv"),
    ("rhys-ap-gwilym-response", "[PERSON]-response"),  # a particle joining a first name and a surname
    ("eira-wyn-hughes-feedback.docx", "[PERSON]-feedback.docx"),
    ("Orla_Ní_Dhuibhir.docx", "[PERSON].docx"),
    ("Gwenllian Wyn Roberts.docx", "[PERSON].docx"),
    ("eleri-wyn-davies", "[PERSON]"),
    ("Cian Ó Dálaigh.docx", "[PERSON].docx"),
    ("GRACE HUNTER.docx", "[PERSON].docx"),  # a word-name and a common surname: the whole title
    ("faith-king-2024", "[PERSON]-2024"),
    ("Hope Baker.pdf", "[PERSON].pdf"),  # the same in Title case, the whole title
])
def test_a_title_names_its_writer_in_these_shapes(title: str, shown: str) -> None:
    assert _rules().source_title(title) == shown


@pytest.mark.parametrize("title", [
    "li-ion-battery-2024", "jin-tonic-2024", "Plan (B) 2024.docx", "Annex (A) response", "oxfam-response",
    "will-power-2024", "joy-rider-2024", "green-paper-2024", "Mark Scheme 2024", "leeds-oxfam-2024",
    "Ivy House.docx", "Grace Hall.docx", "Green Paper.docx", "Will Power.docx", "Mental Health.docx",
])
def test_titles_of_words_in_those_shapes_stay(title: str) -> None:
    assert _rules().source_title(title) == title


@pytest.mark.parametrize(("text", "shown"), [
    ("I work at Hollybank Family Centre in Wakefield.", "I work at [ORGANISATION] in Wakefield."),
    ("We're based at the Elmwood Family Hub now.", "We're based at the [ORGANISATION] now."),
    ("I volunteer at St Anne's Nursery on Fridays.", "I volunteer at [ORGANISATION] on Fridays."),
])
def test_a_small_workplace_the_writer_names_as_theirs_goes(text: str, shown: str) -> None:
    assert _rules().redact(text) == shown


@pytest.mark.parametrize("text", [
    "I work at the council and saw her at the weekend.", "I work at Ofsted.", "I work at Leeds City Council.",
    "I work in a Family Centre.", "I work at the GP Surgery.", "She works at Hollybank Family Centre.",
])
def test_a_large_body_a_kind_of_workplace_or_anothers_workplace_stays(text: str) -> None:
    assert _rules().redact(text) == text
