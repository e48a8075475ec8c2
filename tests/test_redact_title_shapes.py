"""A file-name title names its writer in shapes beyond a first name and a surname on the lists: a surname that
is a word ("smith_response.txt"), a surname before a date ("jones-2024.csv"), a name in capitals alone
("JOHN SMITH.docx"), "Okafor, Kemi" with a given name on no list, or another script ("张伟_response.txt").
Each came through a redacted output whole; the file names of bodies and words stay whole."""

from __future__ import annotations

import json

import pytest
from redacted_outputs import run
from typer.testing import CliRunner

from voices.cli import app
from voices.redact import Redactor

runner = CliRunner()
_NO_NER = {"entities": lambda texts: [[] for _ in texts]}

# Each came out whole before, but the two marked: the name in it was shown
HIDDEN = {
    # a common surname that is an English word, alone before an answer word
    "smith_response.txt": "[PERSON]_response.txt",
    "Baker-feedback.csv": "[PERSON]-feedback.csv",
    "wood_answers.xlsx": "[PERSON]_answers.xlsx",
    "SMITH_response.docx": "[PERSON]_response.docx",  # capitals: a listed surname, not an acronym
    "walker response": "[PERSON] response",  # the title of "walker_response.csv"
    "Carter reply": "[PERSON] reply",  # held before: "Carter" is a listed first name too
    # a listed surname opening the title before a date or a version
    "jones-2024.csv": "[PERSON]-2024.csv",
    "patel_2023-11.txt": "[PERSON]_2023-11.txt",
    "Hughes 2024": "[PERSON] 2024",
    "mensah-15-03-2024.txt": "[PERSON]-15-03-2024.txt",
    "kowalski-v2.docx": "[PERSON]-v2.docx",
    "smith_2024.csv": "[PERSON]_2024.csv",
    # a listed first name and surname, both English words, making the whole title
    "JOHN SMITH.docx": "[PERSON].docx",
    "john smith.docx": "[PERSON].docx",
    "EMMA WOOD.docx": "[PERSON].docx",  # held before, by the rule for names in capitals
    # "Surname, Given" with a given name on no list
    "Okafor, Kemi - response": "[PERSON] - response",
    "Adeyemi, Tolu - feedback.pdf": "[PERSON] - feedback.pdf",
    "Nguyen, Thi response.docx": "[PERSON] response.docx",  # was "[PERSON], [PERSON]": one name, one placeholder
    # another script, alone or before an answer word
    "张伟_response.txt": "[PERSON]_response.txt",
    "王芳 response": "[PERSON] response",
    "محمد_احمد.docx": "[PERSON].docx",
    "محمد احمد": "[PERSON]",  # the title of "محمد_احمد.csv"
    "Иван_Петров.docx": "[PERSON].docx",
    "राहुल_शर्मा_response.txt": "[PERSON]_response.txt",  # a vowel sign is a mark, not a break in the word
}
# Titles naming no one that the same shapes must leave whole: a subject before an answer word, a place or a word
# before a date, two words in capitals that are no name, a list of places, a title in another script at length
KEPT = """green-paper-response.pdf ward-feedback.csv grant-response.docx price-review-2024.pdf day-centre-feedback.csv
    budget-2024-response leeds-2024 CAMHS_2024 HOUSING_response NHS-response Smith-Square-response
    young-carers-answers.csv""".split() + [
    "MARK SCHEME.docx", "WILL POWER", "NHS ENGLAND.pdf", "Leeds, Bradford and Wakefield response", "Health, Care 2024",
    "Consultation on 住房 policy", "Наш ответ на консультацию об уходе"]


@pytest.mark.parametrize(("title", "shown"), HIDDEN.items())
def test_a_name_in_a_file_name_title_beyond_first_and_surname_is_hidden(title, shown):
    assert Redactor(**_NO_NER).source_title(title) == shown


@pytest.mark.parametrize("title", KEPT)
def test_a_file_name_title_in_those_shapes_that_names_no_one_is_shown_whole(title):
    assert Redactor(**_NO_NER).source_title(title) == title


def test_file_names_in_each_shape_are_hidden_in_a_redacted_export(tmp_path):
    """Through the CLI: a consultation CSV's title is its stem with "_" read as a space, a JSONL file's its stem."""
    corpus = tmp_path / "c.duckdb"
    stems = ["smith_response", "jones-2024", "JOHN SMITH", "Okafor, Kemi - response", "张伟_response", "محمد_احمد",
             "budget-2024-response"]
    for i, stem in enumerate(stems):
        (tmp_path / f"{stem}.csv").write_text(f'id,response\n1,"Our caseloads in team {i} are too high."\n')
        (tmp_path / f"{stem}.jsonl").write_text(json.dumps({"text": f"Pay in team {i} is frozen.", "author": "Sam"}) + "\n")
        for suffix in (".csv", ".jsonl"):
            result = runner.invoke(app, ["ingest", str(tmp_path / f"{stem}{suffix}"), "--corpus", str(corpus)])
            assert result.exit_code == 0, result.output
    rows = run(corpus, tmp_path, ["export", "--format", "jsonl", "--redact"], None, None).splitlines()
    assert {json.loads(r)["source_title"] for r in rows} == {
        "[PERSON] response", "[PERSON]_response",  # "smith response" and "张伟 response", as CSV and JSONL
        "[PERSON]-2024", "[PERSON]", "[PERSON] - response", "budget-2024-response"}


# Hidden before, naming no one: a body's name on no list before an answer word, two parts that are one English word
# (the last two were shown already: an acronym's capitals, "t-shirt" no initial and surname)
NOT_NAMES = ["oxfam-response", "barclays_feedback", "lloyds_response.pdf", "natwest-response.docx", "will-power-2024",
             "d-day-response", "OXFAM-response", "t-shirt-2024"]
# Names next to those shapes that must stay hidden: a surname that is a listed name and an "s", a name that spells
# a word with a name or a common surname in it, and a first name before a town that is a surname too
STILL_NAMES = {"josephs_response": "[PERSON]_response", "bartholomews-feedback": "[PERSON]-feedback",
               "jay-walker-2024": "[PERSON]-2024", "rose-mary-2024": "[PERSON]-2024",
               "carol-ling-response": "[PERSON]-response", "pat-ching-2024": "[PERSON]-2024",
               "frank-ness-2024": "[PERSON]-2024", "rose-woods-2024": "[PERSON]-2024", "woods_response": "[PERSON]_response",
               "tom-chester-response": "[PERSON]-response"}


@pytest.mark.parametrize("title", NOT_NAMES)
def test_a_body_or_a_word_before_an_answer_word_or_a_date_is_shown_whole(title):
    assert Redactor(**_NO_NER).source_title(title) == title


@pytest.mark.parametrize(("title", "shown"), STILL_NAMES.items())
def test_names_beside_those_bodies_and_words_stay_hidden(title, shown):
    assert Redactor(**_NO_NER).source_title(title) == shown


def test_a_word_read_as_a_name_in_one_title_is_no_longer_hidden_in_the_next():
    """An output redacts every title with one redactor, which hides a name it found wherever it stands again:
    "will-power-2024" read as a name hid "will-power.csv" and "willpower-survey.csv" after it."""
    titles = ["will-power-2024", "will-power.csv", "willpower-survey.csv"]
    assert list(Redactor(**_NO_NER).source_titles(titles).values()) == titles
