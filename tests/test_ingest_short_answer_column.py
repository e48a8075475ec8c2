"""A question's column of short answers beside a column of long ones is said not to be stored as answers.

Short answers ("More staff") are read as text only when no column of long answers is found
(``named_answers``); beside one, the column became a breakdown category, its answers no documents, and
a respondent who left the long question blank lost theirs without a word. The answers here are made up.
"""

from __future__ import annotations

from ingest_helpers import read

HEADER = ["Respondent ID", "Q1. What do you think of the proposal?", "Q2. What one thing would help most?"]
LONG = ["Caseloads are far too high in our team and nobody listens.",
        "Decisions move further from the people who use the service.",
        "Families would know who is accountable for the service.", "",
        "The bus takes two hours each way from here to the hub.", "Ask the people who use the service first.",
        "Leaders must know the work and the families we serve.", "Nothing will change without more funding."]
SHORT = ["More staff", "Better pay", "Less paperwork", "Local offices", "Training", "Fewer forms", "More staff",
         "Time with families"]


def _csv(path, rows) -> None:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


def test_a_question_column_of_short_answers_beside_long_ones_is_said_left_out(tmp_path):
    path = tmp_path / "short.csv"
    _csv(path, [HEADER, *([f"R{i}", a, b] for i, (a, b) in enumerate(zip(LONG, SHORT, strict=True), 1))])
    records, ctx = read("consultation", path)
    assert [(r.respondent_id, r.question_id) for r in records] == [("R1", "Q1"), ("R2", "Q1"), ("R3", "Q1"),
                                                                    ("R5", "Q1"), ("R6", "Q1"),
                                                                    ("R7", "Q1"), ("R8", "Q1")]
    assert ctx.warnings == [
        f"{path}: column 'Q2. What one thing would help most?': 8 short answers not stored as answers (read as a "
        "breakdown category): to store them, name every answer column with --text-column, this one too"]
    named, _ = read("consultation", path, text_columns=[HEADER[1], HEADER[2]])
    assert sum(r.question_id == "Q2" for r in named) == 8


def test_a_few_short_answers_may_be_a_role_s_labels_and_are_not_said(tmp_path):
    """Four respondents' "What is your current role?" cannot be told from short answers: no warning (a survey's)."""
    path = tmp_path / "four.csv"
    _csv(path, [HEADER, *([f"R{i}", a, b] for i, (a, b) in enumerate(zip(LONG[:4], SHORT[:4], strict=True), 1))])
    assert read("consultation", path)[1].warnings == []


def test_a_question_of_few_shared_labels_is_a_category_without_a_word(tmp_path):
    """ "Which region?" answered by 20 respondents from 8 regions: a closed question's options, nothing left out."""
    path = tmp_path / "regions.csv"
    regions = ["North Wales", "South East", "Mid Wales", "West", "North East", "London", "Scotland", "Midlands"]
    _csv(path, [[*HEADER[:2], "Q2. Which region are you in?"],
                *([f"R{i}", f"My own view number {i} is that the proposal needs more work.", regions[i % 8]]
                  for i in range(20))])
    records, ctx = read("consultation", path)
    assert len(records) == 20
    assert ctx.warnings == []
    assert ("Q2. Which region are you in?", "category") in [(name, role) for name, role, _ in ctx.columns]


def test_a_question_s_few_long_options_are_no_short_answers(tmp_path):
    """Five long options picked by 20 respondents: a closed question's (009a16d keeps them quiet), not short answers."""
    path = tmp_path / "options.csv"
    options = [f"Option {n}: keep the current arrangements for social work leadership as they are" for n in "ABCDE"]
    _csv(path, [[*HEADER[:2], "Q2. Which option do you prefer?"],
                *([f"R{i}", f"My own view number {i} is that the proposal needs more work.", options[i % 5]]
                  for i in range(20))])
    assert read("consultation", path)[1].warnings == []


def test_a_question_of_many_shared_options_is_a_category_without_a_word(tmp_path):
    """ "Which region do you live in?" with 15 regions, each picked by 40 of 600: read as a breakdown category (right),
    but said as "short answers not stored as answers ... name every answer column with --text-column, this one too",
    which would store each region as a written answer."""
    path = tmp_path / "regions15.csv"
    regions = ["North East", "North West", "Yorkshire", "East Midlands", "West Midlands", "East of England", "London",
               "South East", "South West", "Wales", "Scotland", "Northern Ireland", "Isle of Man", "Jersey", "Guernsey"]
    _csv(path, [[*HEADER[:2], "Q2. Which region do you live in?"],
                *([f"R{i}", f"My own view number {i} is that the proposal needs more work.", regions[i % 15]]
                  for i in range(600))])
    records, ctx = read("consultation", path)
    assert len(records) == 600 and ctx.warnings == []
    assert ("Q2. Which region do you live in?", "category") in [(name, role) for name, role, _ in ctx.columns]


def test_short_answers_many_give_alike_are_still_said(tmp_path):
    """600 short answers, 120 of them different, some given once: people's own words, said as before."""
    path = tmp_path / "short600.csv"
    words = [f"Staff {n}" for n in range(100)] + [f"Idea {n}" for n in range(20)]
    _csv(path, [HEADER, *([f"R{i}", f"My own view number {i} is that the proposal needs more work.",
                           words[i % 100] if i < 580 else words[100 + i - 580]] for i in range(600))])
    assert [w.split(": ", 1)[1][:44] for w in read("consultation", path)[1].warnings] == [
        "column 'Q2. What one thing would help most?'"]
