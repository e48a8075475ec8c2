"""A consultation sheet's columns are told by its first rows: a question answered only further down, and the count of
a column's answers left out, are judged on more than those rows (``voices.ingest.consultation``).

A 5,000-row sheet whose 'Q2. Why do you say that?' was answered from row 600 on stored none of its 4,400 answers,
with no warning (the first 500 rows, all blank there, told the column's role); a column of repeated answers left out
was said to hold 500 of its 5,000. The answers here are made up.
"""

from __future__ import annotations

import csv
import json
from collections import Counter

from ingest_helpers import read

import voices.ingest.consultation as consultation

HEADER = ["Respondent ID", "Q1. What do you think of the proposal?", "Q2. Why do you say that?", "Q3. How likely?"]


def _sheet(path, rows: int, late: int, q2=lambda i: f"Because of reason {i}, which I explain at some length here."):
    """``rows`` respondents, each with a Q1 answer; Q2 and the closed Q3 answered from row ``late`` (0-based) on."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(rows):
            after = i >= late
            out.writerow([f"R{i}", f"Respondent {i} thinks the proposal needs work on {i % 97} points.",
                          q2(i) if after else "", ["Likely", "Unlikely", "Not sure"][i % 3] if after else ""])


def test_a_question_answered_only_after_the_first_500_rows_is_read(tmp_path):
    path = tmp_path / "late.csv"
    _sheet(path, 5000, 600)
    records, ctx = read("consultation", path)
    assert Counter(r.question_id for r in records) == {"Q1": 5000, "Q2": 4400}
    assert [role for _c, role, _e in ctx.columns] == ["id", "text", "text", "closed"]
    assert ctx.warnings == [] and ctx.blank == 600
    rated = [r for _s, r, _a, ratings in ctx.respondents if ratings]
    assert len(rated) == 4400 and rated[0] == "R600"


def test_the_rows_read_to_tell_the_columns_stay_bounded(tmp_path, monkeypatch):
    """A column blank all the way down is looked for in _SCAN_ROWS rows at most, not the whole file."""
    path = tmp_path / "blank.csv"
    _sheet(path, 6000, 6000)
    held = []
    sample_rows = consultation._sample_rows
    monkeypatch.setattr(consultation, "_sample_rows", lambda table: held.append(len(rows := sample_rows(table))) or rows)
    records, _ctx = read("consultation", path)
    assert held == [consultation._SCAN_ROWS] and len(records) == 6000


def test_a_column_of_repeated_answers_left_out_is_said_with_all_its_answers(tmp_path):
    """Counted in the first 500 rows alone, its 5,000 answers left out were said to be 500."""
    path = tmp_path / "repeats.csv"
    reasons = [f"Reason {n} given in a sentence of several words." for n in range(20)]
    _sheet(path, 5000, 0, q2=lambda i: reasons[i % 20])
    records, ctx = read("consultation", path)
    assert {r.question_id for r in records} == {"Q1"}
    assert ctx.warnings == [
        f"{path}: column 'Q2. Why do you say that?': 5000 written answers left out, as they repeat like a closed "
        "question's options: to store them, name every answer column with --text-column, this one too"]


def test_a_question_answered_only_after_the_rows_scanned_is_said_with_its_count(tmp_path):
    """Answered from row 6,000 of 7,000, past the 5,000 rows looked at, Q2 and Q3 were left out without a word."""
    path = tmp_path / "later.csv"
    _sheet(path, 7000, 6000)
    records, ctx = read("consultation", path)
    assert Counter(r.question_id for r in records) == {"Q1": 7000}
    said = [f"{path}: column '{HEADER[2]}': 1000 answers left out, as the first 5,000 rows leave it blank: to store "
            "them, name every answer column with --text-column, this one too", CLOSED_LATE.format(path=path, n=1000)]
    assert ctx.warnings == said
    records, ctx = read("consultation", path, text_columns=HEADER[1:3])  # the way the warning gives stores them
    assert Counter(r.question_id for r in records) == {"Q1": 7000, "Q2": 1000} and ctx.warnings == said[1:]


# Q3's answers are a closed question's options ("Likely", "Unlikely", "Not sure"): the advice was --text-column for it
# too ("name every answer column with --text-column, this one too"), which stores each option as a written answer
CLOSED_LATE = ("{path}: column 'Q3. How likely?': {n} answers left out, as the first 5,000 rows leave it blank: they "
               "are a closed question's options, not written answers (no --text-column for it): to count them, give "
               "it the role \"closed\" in a --mapping (ingest --preview FILE --save-mapping MAP.toml writes one to edit)")


def test_a_closed_question_answered_only_after_the_rows_scanned_is_never_advised_as_text(tmp_path):
    """20,000 rows, Q2 and Q3 answered only from row 5,001 on: both said with their whole count (nothing lost without
    a word), Q3 with the way to rate it, which works: every one of its 15,000 answers counted."""
    path = tmp_path / "late20k.csv"
    _sheet(path, 20000, 5000)
    records, ctx = read("consultation", path)
    assert Counter(r.question_id for r in records) == {"Q1": 20000}
    assert ctx.warnings[1:] == [CLOSED_LATE.format(path=path, n=15000)]
    assert ctx.warnings[0].startswith(f"{path}: column '{HEADER[2]}': 15000 answers left out")
    mapping = [(HEADER[0], "id"), (HEADER[1], "text"), (HEADER[2], "text"), (HEADER[3], "closed")]
    records, ctx = read("consultation", path, mapping=mapping)
    assert Counter(r.question_id for r in records) == {"Q1": 20000, "Q2": 15000} and ctx.warnings == []
    rated = Counter(json.loads(ratings)[HEADER[3]] for _s, _r, _a, ratings in ctx.respondents if ratings)
    assert rated == {"Likely": 5000, "Unlikely": 5000, "Not sure": 5000}

def test_a_column_blank_all_the_way_down_is_not_said(tmp_path):
    path = tmp_path / "blank.csv"
    _sheet(path, 5200, 5200)
    _records, ctx = read("consultation", path)
    assert ctx.warnings == []


def test_written_answers_under_a_header_that_names_none_after_the_rows_scanned_are_said(tmp_path):
    """'If other, please specify' names no answers (no question mark, no 'comments'): answered only after the 5,000
    rows scanned, its 15,000 written answers were left out with warnings []. Dates there say nothing."""
    path = tmp_path / "other.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Respondent ID", "Q1. What do you think of the proposal?", "If other, please specify", "Stamp"])
        for i in range(20000):
            late = i >= 5000
            out.writerow([f"R{i}", f"Respondent {i} thinks the proposal needs work on {i % 97} points.",
                          f"My own role is number {i}, which the list of roles did not include." if late else "",
                          f"2024-01-{i % 28 + 1:02d}" if late else ""])
    records, ctx = read("consultation", path)
    assert Counter(r.question_id for r in records) == {"Q1": 20000}
    assert ctx.warnings == [f"{path}: column 'If other, please specify': 15000 answers left out, as the first 5,000 "
                            "rows leave it blank: to store them, name every answer column with --text-column, this "
                            "one too"]
