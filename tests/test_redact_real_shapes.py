"""Shapes a read of real writing (forum posts, speeches, blogs) found redaction getting wrong, one test each.

Texts are project-written look-alikes; none is copied from the writing that was read.
"""

from __future__ import annotations

from report_fixtures import no_entities

from voices.redact import Redactor
from voices.redact.ner_people import person_span


def test_a_plural_abbreviation_in_capitals_is_no_name():
    # NER took "Qualified SWs" and "Good SWs" for people: "SWs" passed for a name written as "McKay" is
    assert person_span("Good SWs are hard to keep", 0, 8) is None
    assert Redactor().redact("Qualified SWs should run the service, not accountants.") == (
        "Qualified SWs should run the service, not accountants.")
    assert Redactor().redact("Experienced SWs know the families best.") == "Experienced SWs know the families best."
    assert Redactor().redact("Good SWs are hard to keep, said Maria Lopez") == (
        "Good SWs are hard to keep, said [PERSON]")


def test_a_title_and_a_name_in_a_url_path_is_redacted():
    r = Redactor(entities=no_entities)
    assert r.source_title("https://hansard.example.org/lord/lord-pellow/vs/baroness-ivel-of-thornbury/2019") == (
        "https://hansard.example.org/lord/lord-[PERSON]/vs/baroness-[PERSON]/2019")
    assert r.redact("Her speech: https://example.org/mp/baroness-quennell/debate?x=1 today") == (
        "Her speech: https://example.org/mp/baroness-[PERSON]/debate?x=1 today")
    assert r.redact("see https://example.org/cllr-jo-bloggs.html") == "see https://example.org/cllr-[PERSON].html"


def test_an_office_or_a_phrase_after_a_title_in_a_url_stays():
    r = Redactor(entities=no_entities)
    for url in ("https://example.org/lord-chancellor/speech", "https://example.org/lady-chapel/",
                "https://example.org/lord-of-the-rings/", "https://example.org/dr-who/"):
        assert r.redact(url) == url
        assert r.source_title(url) == url


def test_a_site_named_after_its_writer_then_a_word_is_hidden():
    r = Redactor(entities=no_entities)
    assert r.source_title("https://danielhughesfostering.co.uk/2024/05/notes") == "[PROFILE]"
    assert r.source_title("https://chloebrownsocialwork.com/about") == "[PROFILE]"
    for kept in ("https://marketingplanning.com/2024/notes", "https://socialworkandthecity.org/a",
                 "https://victoriahouseclinic.org/a"):
        assert r.source_title(kept) == kept


def test_a_peer_named_by_title_is_redacted_with_the_place_the_peer_is_of():
    r = Redactor(entities=no_entities)
    assert r.redact("the noble Lord, Lord Pellow of Thornbury, who chairs it") == (
        "the noble Lord, Lord [PERSON], who chairs it")
    assert r.redact("as the noble Baroness, Lady Quennell of Stoke-on-Trent, said.") == (
        "as the noble Baroness, Lady [PERSON], said.")
    assert r.redact("Baroness Ivel's amendment") == "Baroness [PERSON]'s amendment"


def test_an_office_a_faith_or_a_body_after_a_peers_title_stays():
    r = Redactor(entities=no_entities)
    for text in ("The Lord Chancellor and the Lord Mayor met.", "Praise the Lord God.", "the Lady Chapel",
                 "My Lords, I rise to speak."):
        assert r.redact(text) == text
    assert r.redact("Lord Ivel of Social Work England spoke") == "Lord [PERSON] of Social Work England spoke"


def test_a_surname_after_a_quoted_nickname_is_redacted():
    assert Redactor().redact('Coined by his friend Christopher "Big Tel" Pellow, it stuck.') == (
        "Coined by his friend [PERSON], it stuck.")


def _ner_says(*pieces: str):
    """An NER stand-in that calls each of ``pieces`` a PERSON wherever a text holds it."""
    def find(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [[(t.find(p), t.find(p) + len(p), "PERSON") for p in pieces if p in t] for t in texts]
    return find


def test_a_name_ner_runs_past_a_blank_line_is_cut_there():
    # NER ran a quote's attribution into the heading after it: the whole span was refused for its "--"
    text = "Ship it, then fix it. --Oswin Pellow\n\nNext Heading\n\nMore."
    r = Redactor(entities=_ner_says("--Oswin Pellow\n\nNext Heading"))
    assert r.redact(text) == "Ship it, then fix it. --[PERSON]\n\nNext Heading\n\nMore."


def test_a_heading_ner_runs_into_the_next_paragraph_hides_nothing_past_the_blank_line():
    text = "Intro text.\n\nLists\n\nSingle line example:"
    assert Redactor(entities=_ner_says("Lists\n\nSingle")).redact(text) == text
    text = "Intro text.\n\nCaptions\n\nSingle line example:"  # a word alone on a line may be a signature
    assert Redactor(entities=_ner_says("Captions\n\nSingle")).redact(text) == (
        "Intro text.\n\n[PERSON]\n\nSingle line example:")


def test_a_country_of_two_words_is_no_name():
    r = Redactor()
    for text in ("Based in Leeds, United Kingdom.", "Moved from United States to here.", "New Zealand pays more.",
                 "She trained in South Africa.", "She moved here from Sierra Leone."):
        assert r.redact(text) == text
    assert r.redact("I spoke to Amara Okonkwo in Sierra Leone.") == "I spoke to [PERSON] in Sierra Leone."
