"""A survey respondent's name and a question's header name no one in a redacted output.

SurveyMonkey writes the respondent's name over "First Name" and "Last Name" columns
(Qualtrics: "RecipientLastName", "RecipientFirstName"), which were read as metadata: the
name was never an author, so another answer naming that respondent kept the name. And
the ``question`` field, a free-text header that can name someone ("Comments on Dr
Hargreave's proposal"), was shown as stored in every redacted output.
"""

from __future__ import annotations

import json

import pytest
from ingest_helpers import read
from redacted_outputs import REDACTED, run
from report_fixtures import FakeStance, FakeThemes
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()

SURVEYMONKEY = """\
"Respondent ID","Collector ID","Start Date","End Date","IP Address","Email Address","First Name","Last Name",\
"Custom Data 1","Q1. Should the director be a qualified social worker?",\
"Q2. What else should change? Comments on Dr Hargreave's proposal","Q3. How do you rate Dr Hargreave's plan?"
"","","","","","","","","","Open-Ended Response","Open-Ended Response","Response"
"1101","431","03/14/2024 09:15:10 AM","03/14/2024 09:27:44 AM","198.51.100.21","oswin.pellow@example.org","Oswin",\
"Pellow","zq-77","Yes, a director who has held cases understands why a visit cannot wait until Monday.",\
"Pay parity with neighbouring authorities, as Pellow argued at the forum last spring.","Good"
"1102","431","03/14/2024 11:02:18 AM","03/14/2024 11:20:02 AM","198.51.100.22","","Marguerite","","zq-78",\
"No, leading a whole directorate needs budget and partnership skills more than a degree.",\
"I agree with what Oswin Pellow said at the meeting: our pay must rise first.","Poor"
"1103","431","03/15/2024 02:45:00 PM","03/15/2024 02:58:30 PM","198.51.100.23","","","Thistlewood","zq-79",\
"Not sure, the question is whether the post holder listens to frontline staff at all.",\
"Marguerite told us the pay rota changes were rushed; Thistlewood agreed with her in the team meeting.",\
"Fair"
"""
# every trace of a respondent: names, e-mail, IP address, custom data, and the name in the question
# (custom data as "zq-7…": "cd-7" could be read across a dash in the random qdpx GUIDs, and failed CI once)
PRIVATE = ("oswin", "pellow", "marguerite", "thistlewood", "hargreave", "198.51.100", "zq-7")


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    from voices.classify import classify_corpus

    folder = tmp_path_factory.mktemp("respondents")
    (folder / "workforce.csv").write_text(SURVEYMONKEY, encoding="utf-8")
    path = folder / "c.duckdb"
    result = runner.invoke(app, ["ingest", str(folder / "workforce.csv"), "--monthfirst", "--corpus", str(path)])
    assert result.exit_code == 0, result.output
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return folder


def test_surveymonkey_first_and_last_name_are_the_author(survey):
    records, ctx = read("consultation", survey / "workforce.csv", date_order="month")
    assert [(r.respondent_id, r.question_id, r.author) for r in records] == [
        ("1101", "Q1", "Oswin Pellow"), ("1101", "Q2", "Oswin Pellow"),
        ("1102", "Q1", "Marguerite"), ("1102", "Q2", "Marguerite"),  # either name alone will do
        ("1103", "Q1", "Thistlewood"), ("1103", "Q2", "Thistlewood"),
    ]
    roles = {column: role for column, role, _examples in ctx.columns}
    assert [roles[c] for c in ("First Name", "Last Name", "Email Address", "IP Address", "Custom Data 1")] == [
        "first_name", "last_name", "email", "ignore", "ignore"]
    # IP address and custom data go nowhere; the rating no text explains is kept with each answer
    assert [json.loads(r.attributes) for r in records[::2]] == [
        {"Q3. How do you rate Dr Hargreave's plan?": grade} for grade in ("Good", "Poor", "Fair")]


def test_qualtrics_recipient_names_are_joined_first_then_last(tmp_path):
    export = tmp_path / "qualtrics.csv"
    export.write_text(
        "EndDate,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,Q1\n"
        "End Date,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,Why?\n"
        '"{""ImportId"":""endDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""recipientLastName""}",'
        '"{""ImportId"":""recipientFirstName""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""QID1_TEXT""}"\n'
        "2024-03-04 09:08:12,R_1,Okafor,Ada,ada@example.org,Leaders who never held a case make worse calls on risk.\n"
        "2024-03-04 10:08:12,R_2,,,,A director needs to know what a caseload of thirty does to people.\n",
        encoding="utf-8")
    records, _ = read("consultation", export)
    assert [(r.respondent_id, r.author) for r in records] == [("R_1", "Ada Okafor"), ("R_2", None)]


def test_a_mapping_names_first_and_last_name_columns(survey):
    mapping = (("Respondent ID", "id"), ("Last Name", "last_name"), ("First Name", "first_name"),
               ("Q2. What else should change? Comments on Dr Hargreave's proposal", "text"))
    records, _ = read("consultation", survey / "workforce.csv", mapping=mapping, date_order="month")
    assert [r.author for r in records] == ["Oswin Pellow", "Marguerite", "Thistlewood"]


@pytest.mark.parametrize("name", list(REDACTED))
def test_no_respondent_or_question_names_anyone_in_a_redacted_output(survey, tmp_path, name):
    shown = run(survey / "c.duckdb", tmp_path, *REDACTED[name])
    assert not [p for p in PRIVATE if p in shown.casefold()], name


def test_redacted_export_shows_the_names_and_the_question_redacted(survey, tmp_path):
    rows = [json.loads(x) for x in run(survey / "c.duckdb", tmp_path, ["export", "--format", "jsonl", "--redact"],
                                       None, None).splitlines()]
    second = [r for r in rows if r["question_id"] == "Q2"]
    assert [(r["author"], r["respondent_id"], r["text"]) for r in second] == [
        ("Commenter 1", "Respondent 1", "Pay parity with neighbouring authorities, as [PERSON] argued at the forum "
                                        "last spring."),
        ("Commenter 2", "Respondent 2", "I agree with what [PERSON] said at the meeting: our pay must rise first."),
        ("Commenter 3", "Respondent 3", "[PERSON] told us the pay rota changes were rushed; [PERSON] agreed with "
                                        "her in the team meeting."),
    ]
    assert {r["question"] for r in second} == {"Q2. What else should change? Comments on Dr [PERSON]'s proposal"}
    assert [json.loads(r["attributes"]) for r in second] == [
        {"Q3. How do you rate Dr [PERSON]'s plan?": grade} for grade in ("Good", "Poor", "Fair")]
    plain = [json.loads(x) for x in run(survey / "c.duckdb", tmp_path, ["export", "--format", "jsonl"], None, None)
             .splitlines()]
    assert plain[1]["question"] == "Q2. What else should change? Comments on Dr Hargreave's proposal"
    assert [r["author"] for r in plain] == ["Oswin Pellow"] * 2 + ["Marguerite"] * 2 + ["Thistlewood"] * 2


def test_redacted_report_shows_the_question_redacted_where_it_shows_it(survey, tmp_path):
    data = json.loads(run(survey / "c.duckdb", tmp_path, ["report", "--format", "json", "--redact"], None, None))
    assert [q["text"] for q in data["consultation"]["questions"]] == [
        "Q1. Should the director be a qualified social worker?",
        "Q2. What else should change? Comments on Dr [PERSON]'s proposal"]
    assert [t["title"] for t in data["consultation"]["ratings"]] == ["Ratings: Q3. How do you rate Dr [PERSON]'s plan?"]
    plain = json.loads(run(survey / "c.duckdb", tmp_path, ["report", "--format", "json", "--no-redact"], None, None))
    assert plain["consultation"]["questions"][1]["text"] == (
        "Q2. What else should change? Comments on Dr Hargreave's proposal")


def test_themes_discover_shows_the_question_redacted(tmp_path):
    import dataclasses

    from store_fixtures import make_corpus
    from themes_fixtures import theme_records

    from voices import api

    asked = "Q1. Comments on Dr Hargreave's proposal"
    records = [dataclasses.replace(r, question=asked) if i % 2 else r for i, r in enumerate(theme_records())]
    path = make_corpus(tmp_path / "c.duckdb", records)
    shown = api.discover_themes(path, n=4).result
    plain = api.discover_themes(path, n=4, redact=False).result
    assert {k for t in shown["themes"] for k in t["shares"]["question"]} == {
        "Q1. Comments on Dr [PERSON]'s proposal", "What would help the workforce?"}
    assert {k for t in plain["themes"] for k in t["shares"]["question"]} == {asked, "What would help the workforce?"}
