"""Consultation sheets a policy team builds by hand: a question cell merged over its two halves, campaign copies.

Each shape lost answers without a word: the explanations under a merged question cell were read with
its sub-label row as an answer ("Please explain" stored as a respondent's text) and no question, and a
column of answers that a campaign's pasted text made repeat was ignored as a closed question's options.
"""

from __future__ import annotations

import csv
import json

import pytest
from ingest_helpers import documents, read
from openpyxl import Workbook
from typer.testing import CliRunner

from voices.cli import app

TOP = ["Respondent ID", "Date submitted", "Name", "Q1. Do you support the proposal?", "", "Q2. Anything else?"]
SUB = ["", "", "", "Agree/Disagree", "Please explain", ""]
ROWS = [
    ["R1", "2024-03-05", "Ann Example", "Agree", "Families would know who is accountable.",
     "Publish the cost estimates before you decide."],
    ["R2", "05/03/2024", "Anonymous", "Disagree", "Decisions move further from the people who use the service.", ""],
    ["R3", "6 March 2024", "Bo Sample", "Agree", "Caseloads are far too high in our team.",
     "Fund training for new social workers first."],
]


def _write(path, rows, merged: bool = True) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        return
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if merged:
        book.active.merge_cells("D1:E1")
    book.save(path)


@pytest.mark.parametrize("name", ["sheet.csv", "sheet.xlsx"])
def test_a_merged_question_cell_gives_its_explanations_their_question(tmp_path, name):
    path = tmp_path / name
    _write(path, [TOP, SUB, *ROWS])
    records, _ = read("consultation", path, date_order="day")
    assert [(r.respondent_id, r.question_id, r.closed_answer, r.text[:24]) for r in records] == [
        ("R1", "Q1", "Agree", "Families would know who "), ("R1", "Q2", None, "Publish the cost estimat"),
        ("R2", "Q1", "Disagree", "Decisions move further f"),
        ("R3", "Q1", "Agree", "Caseloads are far too hi"), ("R3", "Q2", None, "Fund training for new so"),
    ]
    assert records[0].question == "Q1. Do you support the proposal? Please explain"
    assert not any(r.text == "Please explain" for r in records)


def test_a_first_answer_row_without_an_id_is_no_sub_label_row(tmp_path):
    """A respondent who left the id blank is still an answer, not a header's second row."""
    path = tmp_path / "sheet.csv"
    first = ["", "2024-03-04", "Cy Person", "Agree", "I see why they want it.", "More staff."]
    _write(path, [TOP, first, *ROWS])
    records, _ = read("consultation", path, date_order="day")
    assert ("row-2", "I see why they want it.") in [(r.respondent_id, r.text) for r in records]


CAMPAIGN = "Keep our local social work offices open: people without cars cannot travel to a regional hub."
OWN = ["Our office closed last year and referrals dropped.", "The bus takes two hours each way from here.",
       "I support regional boards if the offices stay.", "Home visits would suffer most of all.",
       "Staff morale is already very low in rural teams.", "Please ask frontline staff before deciding.",
       "Agency costs should be capped nationally first.", "Welsh-speaking families need local workers."]


def test_a_column_of_campaign_copies_is_read(tmp_path):
    path = tmp_path / "campaign.csv"
    header = ["Respondent ID", "Q1. What do you think of the proposal?", "Q2. Any other comments?"]
    answers = [CAMPAIGN] * 12 + OWN  # 9 distinct of 20: fewer than half, as a closed question's labels
    _write(path, [header, *([f"R{i}", a, f"Respondent {i} adds a comment of their own here."]
                            for i, a in enumerate(answers))])
    records, ctx = read("consultation", path)
    assert [r.text for r in records if r.question_id == "Q1"] == answers
    assert len(records) == 40
    assert not ctx.warnings


def test_repeated_answers_left_out_are_said(tmp_path):
    path = tmp_path / "repeats.csv"
    header = ["Respondent ID", "Q1. Why did you leave?", "Q2. Anything else to tell us?", "Do you consent to publication?"]
    pasted = [f"Sentence {n} of a template that groups handed out for respondents to copy." for n in range(13)]
    consent = ["Yes, publish my response without my name", "No, do not publish my response"]
    rows = [[f"R{i}", f"Answer {i} in my own words, different from the rest.", pasted[i % 13], consent[i % 2]]
            for i in range(28)]  # 13 texts, each 2 or 3 times: none given once, more than a closed question's options
    _write(path, [header, *rows])
    records, ctx = read("consultation", path)
    assert {r.question_id for r in records} == {"Q1"}
    assert ctx.warnings == [  # the consent column's long options are no answers left out
        f"{path}: column 'Q2. Anything else to tell us?': 28 written answers left out, as they repeat like a closed "
        "question's options: to store them, name every answer column with --text-column, this one too"]


def test_a_respondent_who_answered_twice_with_other_text_is_not_called_a_duplicate(tmp_path):
    """A resubmission's new text was left out with 'duplicate of an earlier row; stored once': it is said as lost."""
    path = tmp_path / "twice.csv"
    first = "Caseloads are far too high in our team."
    again = first + " I want to add that the pay gap with England matters too."
    _write(path, [["Respondent ID", "Q1. What do you think?"], ["R1", first], ["R2", "Publish every cost estimate first."],
                  ["R2", "Publish every cost estimate first."], ["R1", again]])
    corpus = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["warnings"] == [
        f"{path}: row 4 (line 4): duplicate of an earlier row (question Q1); stored once",
        f"{path}: row 5 (line 5): the same respondent as an earlier row (question Q1) with other text: the earlier "
        "text is stored, this one left out: to store this one instead, remove the earlier row and ingest the file "
        "again with --replace"]
    assert sorted(d["text"] for d in documents(corpus)) == ["Caseloads are far too high in our team.",
                                                            "Publish every cost estimate first."]


def test_a_sheet_stored_before_merged_cells_were_read_is_not_stored_twice(tmp_path, monkeypatch):
    """Read right, its explanations' ids changed (Q1, not the blank header's digest): every one was stored again."""
    from voices.ingest import consultation

    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    _write(path, [TOP, SUB, *ROWS])
    with monkeypatch.context() as before:  # as voices read it before: the labels row an answer
        before.setattr(consultation, "merge_header_rows", lambda header, sample: (header, sample))
        first = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--dayfirst"])
    assert first.exit_code == 0, first.output
    stored = documents(corpus)
    assert "Please explain" in [d["text"] for d in stored]
    again = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--dayfirst", "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["documents_added"] == 0
    assert f"{path}: stored before voices read its merged question cell" in json.loads(again.stdout)["warnings"][0]
    assert documents(corpus) == stored
    right = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--dayfirst", "--replace"])
    assert right.exit_code == 0, right.output
    assert sorted((d["question_id"], d["text"][:12]) for d in documents(corpus)) == [
        ("Q1", "Caseloads ar"), ("Q1", "Decisions mo"), ("Q1", "Families wou"), ("Q2", "Fund trainin"),
        ("Q2", "Publish the ")]


def _run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_column_of_copies_an_older_voices_left_out_is_stored_and_said_when_its_file_comes_again(tmp_path):
    """An older voices read a column of campaign copies as a closed question's options and stored none of it; the same
    file ingested again added its 20 answers without a word, as if the file had grown. Stored (nothing lost) and said,
    with the way to leave them out again, which works."""
    import voices.ingest.consultation_columns as columns
    from voices.store import Corpus

    path, corpus = tmp_path / "campaign.csv", tmp_path / "c.duckdb"
    header = ["Respondent ID", "Q1. What do you think of the proposal?", "Q2. Any other comments?"]
    answers = [CAMPAIGN] * 12 + OWN
    _write(path, [header, *([f"R{i}", a, f"Respondent {i} adds a comment of their own here."]
                            for i, a in enumerate(answers))])
    with pytest.MonkeyPatch.context() as m:  # as voices read it before e89aeb6
        m.setattr(columns, "copied_answers", lambda _header, _values: False)
        assert (r := _run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    r = _run("ingest", path, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (20, 20)
    (sid,) = done["files"][0]["sources"]
    assert done["warnings"] == [
        f"{path}: source {sid}: 20 answers to 'Q1. What do you think of the proposal?' added that its stored copy held "
        "none of: an older voices left this column out, as copies (a campaign's text) made its answers repeat like a "
        "closed question's options; to leave them out again, ingest with --replace and --text-column naming only the "
        "other answer columns"]
    again = _run("ingest", path, "--corpus", corpus, "--json")
    assert json.loads(again.stdout)["warnings"] == []  # said once: the source holds them now
    r = _run("ingest", path, "--corpus", corpus, "--replace", "--text-column", "Q2. Any other comments?", "-q")
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT question_id, count(*) FROM documents GROUP BY 1").fetchall() == [("Q2", 20)]
