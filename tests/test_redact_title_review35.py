"""What a hostile review of the file-name title shapes (leak35) found: a long title that crashed the redaction
of every output, and a surname read as a body's name. Titles are project-written and name no real person."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.redact import Redactor
from voices.redact.joined import file_name_spans

_NO_NER = {"entities": lambda texts: [[] for _ in texts]}


@pytest.mark.parametrize("title", ["re" * 600 + "_response", "unun" * 300 + "-response", "de" * 700 + " answers"])
def test_a_long_word_made_of_a_prefix_again_and_again_is_shown_not_a_crash(title):
    """Each made ``_made_of_words`` strip a prefix ("re", "un") and call itself once a prefix: a RecursionError
    that took down every redacted output (exit 1), one upload title of 1,200 letters."""
    assert Redactor(**_NO_NER).source_title(title) == title


_TITLE_CHARS = st.sampled_from(list("aeiorsnt-_. ,'0123SJ") + ["é", "\u0301", "\u200d", "\u200f", "张", "م", "😀", "\x00"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_TITLE_CHARS, max_size=60).map("".join), st.sampled_from(["", "_response", "-2024", ".docx"]))
def test_any_title_gives_spans_inside_it_in_order(stem, tail):
    """Hostile titles (marks, joiners, right-to-left marks, emoji, NUL) raise nothing and give spans within the title."""
    title = stem + tail
    spans = sorted(file_name_spans(title))
    assert all(0 <= s < e <= len(title) for s, e, _ in spans)
    shown = Redactor(**_NO_NER).source_title(title)
    assert isinstance(shown, str)


def test_no_body_taken_for_an_organisation_is_a_listed_surname_or_first_name():
    """leak35's list of bodies before an answer word held "macmillan" (a charity and a common Scottish surname,
    on the surnames' list): "macmillan-response.docx", hidden on main before, was shown whole."""
    from voices.redact.joined_words import surnames
    from voices.redact.names import listed_names
    from voices.redact.title_shapes import _ORGANISATIONS

    names = surnames() | listed_names()[0] | listed_names()[1]
    assert sorted(_ORGANISATIONS & names) == []


@pytest.mark.parametrize(("title", "shown"), [("macmillan-response.docx", "[PERSON]-response.docx"),
                                               ("macmillan response", "[PERSON] response"),
                                               ("macmillan_2024.docx", "[PERSON]_2024.docx")])
def test_a_surname_that_is_also_a_charity_stays_hidden_before_an_answer_word_or_a_date(title, shown):
    assert Redactor(**_NO_NER).source_title(title) == shown


# Accents written as a letter and a combining mark, as macOS writes file names (NFD); and Yoruba's dot and tone
# marks on one letter ("ọ̀"), which no single character composes
DECOMPOSED = {"josé-garcía-2024.docx": "[PERSON]-2024.docx", "josé-garcía-response.docx": "[PERSON]-response.docx",
              "José García response": "[PERSON] response", "siân-evans_response.docx": "[PERSON]_response.docx",
              "zoë-brontë-feedback.txt": "[PERSON]-feedback.txt", "Björn_Müller_answers.txt": "[PERSON]_answers.txt",
              "muñoz_response.csv": "[PERSON]_response.csv", "chloébrown.docx": "[PERSON].docx",
              "Adébáyọ̀_response.docx": "[PERSON]_response.docx"}


@pytest.mark.parametrize(("title", "shown"), DECOMPOSED.items())
def test_a_name_with_its_accents_as_combining_marks_is_hidden_as_a_composed_one_is(title, shown):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", title)
    assert decomposed != unicodedata.normalize("NFC", title)
    assert Redactor(**_NO_NER).source_title(decomposed) == shown
    assert Redactor(**_NO_NER).source_title("dementia-strategy\u0301-2024") == "dementia-strategy\u0301-2024"


@pytest.mark.parametrize(("title", "shown"), [("SMITH response", "[PERSON] response"),
                                               ("OKAFOR answers", "[PERSON] answers"),
                                               ("SHARMA feedback", "[PERSON] feedback"),
                                               ("NHS response", "NHS response"), ("HEE response", "HEE response"),
                                               ("UNISON response", "UNISON response"), ("NICE feedback", "NICE feedback"),
                                               ("OXFAM response", "OXFAM response")])
def test_a_surname_in_capitals_before_an_answer_word_is_hidden_in_the_title_a_spreadsheet_gets(title, shown):
    """leak35 hid "SMITH_response.docx", but ingest titles a CSV or XLSX with its file name's "_" as spaces
    (``consultation.source_title``), and "SMITH response" was shown: only lower case passed the space."""
    assert Redactor(**_NO_NER).source_title(title) == shown


@pytest.mark.parametrize(("title", "shown"), [("Jones response", "[PERSON] response"),
                                               ("Patel response", "[PERSON] response"),
                                               ("Kowalski feedback", "[PERSON] feedback"),
                                               ("Nuffield response", "Nuffield response"),
                                               ("Housing response", "Housing response"),
                                               ("Leeds response", "Leeds response")])
def test_a_listed_surname_in_title_case_before_an_answer_word_is_hidden_in_a_spreadsheets_title(title, shown):
    """"Jones_response.csv" is titled "Jones response" (``consultation.source_title``): hidden as "Jones_response"
    and "Jones 2024" were, not only a common surname that is a word ("Carter reply"). A name on no list in title
    case stays shown there, as a body's ("Nuffield response")."""
    assert Redactor(**_NO_NER).source_title(title) == shown


@pytest.mark.parametrize(("title", "shown"), [("Smith-Jones_response.docx", "[PERSON]_response.docx"),
                                               ("Smith-Jones response", "[PERSON] response"),
                                               ("baker-wright_answers.txt", "[PERSON]_answers.txt"),
                                               ("staff-jones-response", "staff-[PERSON]-response"),
                                               ("council-patel-feedback", "council-[PERSON]-feedback")])
def test_both_halves_of_a_double_barrelled_surname_before_an_answer_word_are_hidden(title, shown):
    """A listed surname and "-" before a framed name is its first half: "Smith-[PERSON]_response.docx" showed it."""
    assert Redactor(**_NO_NER).source_title(title) == shown


@pytest.mark.parametrize(("title", "shown"), [("John_McDonald_response.docx", "[PERSON]_response.docx"),
                                               ("Fiona-McLeod-feedback", "[PERSON]-feedback"),
                                               ("Kemi_MacArthur_2024.docx", "[PERSON]_2024.docx"),
                                               ("Fiona_MacLeod.docx", "[PERSON].docx"),
                                               ("Ruaridh_MacDonald_2024.docx", "[PERSON]_2024.docx"),
                                               ("ruaridh_macdonald_2024", "[PERSON]_2024"),
                                               ("McDonald_response.csv", "[PERSON]_response.csv"),
                                               ("MacBook-notes.txt", "MacBook-notes.txt")])
def test_a_mac_or_mc_surname_in_camel_case_is_one_part_of_the_name(title, shown):
    """The change of case parted "MacLeod" into "mac" and "leod", and a name was read across the split:
    "[PERSON]Leod.docx", "John_[PERSON]_response.docx" showed half the surname or the first name. And a first
    name on no list before a listed surname that is no word and a date ("ruaridh_macdonald_2024") was shown."""
    assert Redactor(**_NO_NER).source_title(title) == shown


@pytest.mark.parametrize(("title", "shown"), [("Response_Smith.docx", "Response_[PERSON].docx"),
                                               ("feedback_okafor.csv", "feedback_[PERSON].csv"),
                                               ("answers_by_baker.txt", "answers_by_[PERSON].txt"),
                                               ("Comments from Patel", "Comments from [PERSON]"),
                                               ("response_summary.csv", "response_summary.csv"),
                                               ("answers_by_topic.csv", "answers_by_topic.csv"),
                                               ("comments_leeds.csv", "comments_leeds.csv"),
                                               ("consultation_kowalski.csv", "consultation_kowalski.csv"),
                                               ("feedback_form_v2.docx", "feedback_form_v2.docx")])
def test_a_listed_surname_closing_a_title_after_an_answer_word_is_hidden(title, shown):
    """leak35 read a name before an answer word only; "Response_Smith.docx" put it after. Not after
    "consultation", which a place or a topic follows as often ("consultation_chester")."""
    assert Redactor(**_NO_NER).source_title(title) == shown
