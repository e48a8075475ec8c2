"""A name a text writes once properly, hidden where the same text writes it again in lower case or capitals."""

from __future__ import annotations

import pytest
from report_fixtures import no_entities

from voices.redact import Redactor


def _ner(*names: str):
    """An NER stand-in that finds exactly ``names`` wherever they stand (Title case, as written)."""
    def find(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out = []
        for text in texts:
            spans = []
            for name in names:
                at = text.find(name)
                while at >= 0:
                    spans.append((at, at + len(name), "PERSON"))
                    at = text.find(name, at + 1)
            out.append(spans)
        return out
    return find


def test_a_surname_in_lower_case_after_the_full_name_is_hidden():
    """'Kemi Okafor chaired it. ... okafor agreed later.' left 'okafor' in a redacted export."""
    r = Redactor(entities=_ner("Kemi Okafor"))
    assert r.redact("Kemi Okafor chaired it. The plan was agreed. okafor agreed later, and so did KEMI.") == (
        "[PERSON] chaired it. The plan was agreed. [PERSON] agreed later, and so did [PERSON].")


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr Thistlewood ran the team. everyone said thistlewood's rota was fair.",
     "Mr [PERSON] ran the team. everyone said [PERSON]'s rota was fair."),
    ("Siobhan O'Neill came. o'neill left, then o’neill rang.", "[PERSON] came. [PERSON] left, then [PERSON] rang."),
    ("Annette Smith-Jones came. smith-jones left; jones too.", "[PERSON] came. [PERSON] left; [PERSON] too."),
    ("Ian Macleod came to the review. macleod left early.", "[PERSON] came to the review. [PERSON] left early."),
])
def test_the_other_forms_of_a_name_found_are_hidden(text, expected):
    assert Redactor(entities=_ner("Siobhan O'Neill", "Annette Smith-Jones", "Ian Macleod")).redact(text) == expected


def test_a_name_part_that_is_also_a_word_stays_a_word_elsewhere():
    """'Will Rose' must not make every 'will' and 'rose' vanish, nor 'Sarah Green' every 'green'."""
    r = Redactor(entities=_ner("Will Rose", "Sarah Green", "Jo Smith"))
    text = ("Will Rose chaired it. I will go; the rose garden stays. Sarah Green rang about the green space. "
            "Jo Smith came; the smith and jo were fine.")
    assert r.redact(text) == ("[PERSON] chaired it. I will go; the rose garden stays. [PERSON] rang about the green "
                              "space. [PERSON] came; the smith and jo were fine.")


def test_a_name_is_hidden_in_other_cases_only_within_its_own_text():
    """Learning names across texts was withdrawn: another text's 'okafor' is left to its own rules."""
    r = Redactor(entities=_ner("Kemi Okafor"))
    r.prefetch([("a", "Kemi Okafor chaired it."), ("b", "the okafor file was closed.")])
    assert r.redact("Kemi Okafor chaired it.", "a") == "[PERSON] chaired it."
    assert r.redact("the okafor file was closed.", "b") == "the okafor file was closed."


def test_an_authors_surname_that_is_no_word_is_hidden_in_lower_case():
    """An author's surname was matched in lower case only with an accent, apostrophe or hyphen."""
    r = Redactor(["Kemi Okafor", "Tom Green"], entities=no_entities)
    assert r.redact("i agree with okafor, and with green policies.") == "i agree with [PERSON], and with green policies."
