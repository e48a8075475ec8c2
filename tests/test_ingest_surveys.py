"""Issue 13: real survey-tool exports ingest without flags, and no metadata column becomes an answer.

One project-written fixture per tool (``fixtures/ingest/surveys/``), in the layout
the tool exports: every document, respondent, question, closed answer, author and
date is asserted.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from ingest_helpers import FIX, read
from typer.testing import CliRunner

from voices.cli import app

SURVEYS = FIX / "surveys"


def _docs(name: str, **options):
    records, ctx = read("consultation", SURVEYS / name, **options)
    return [(r.respondent_id, r.question_id, r.closed_answer, r.author, r.posted_at, r.text[:30]) for r in records], ctx


def test_citizen_space_export_takes_answers_only():
    docs, _ = _docs("citizen_space.csv")
    assert docs == [
        ("ANON-1A2B-3C4D-5E6F", "Q1", "Strongly agree", "Priya Raman", "2024-03-04T09:14:40", "If you have never carried a chi"[:30]),  # noqa: E501 - one row of the expected table
        ("ANON-1A2B-3C4D-5E6F", "Q3", None, "Priya Raman", "2024-03-04T09:14:40", "Smaller caseloads and proper s"),
        ("ANON-2B3C-4D5E-6F7A", "Q1", "Disagree", "Graham Osei", "2024-03-04T10:40:51", "A director runs education, SEN"),
        ("ANON-2B3C-4D5E-6F7A", "Q3", None, "Graham Osei", "2024-03-04T10:40:51", "A national pay scale so neighb"),
        ("ANON-3C4D-5E6F-7A8B", "Q1", "Neither agree nor disagree", "Lena Fischer", "2024-03-05T08:31:27", "Background matters less than w"),  # noqa: E501 - one row of the expected table
        ("ANON-3C4D-5E6F-7A8B", "Q3", None, "Lena Fischer", "2024-03-05T08:31:27", "Protected time for reflective "),
        ("ANON-4D5E-6F7A-8B9C", "Q3", None, "Tom Achebe", "2024-03-05T11:09:03", "Bursaries that cover living co"),
        ("ANON-5E6F-7A8B-9C0D", "Q1", "Tend to agree", "Mary Quinn", "2024-03-06T15:02:19", "Registration would make it a p"),
        ("ANON-5E6F-7A8B-9C0D", "Q3", None, "Mary Quinn", "2024-03-06T15:02:19", "Cap caseloads at twenty, and m"),
        ("ANON-6F7A-8B9C-0D1E", "Q1", "Strongly disagree", "Sam Patel", "2024-03-07T09:48:45", "Families care whether the dire"),
        ("ANON-6F7A-8B9C-0D1E", "Q3", None, "Sam Patel", "2024-03-07T09:48:45", "Less agency churn: children ke"),
    ]
    records, _ = read("consultation", SURVEYS / "citizen_space.csv")
    first = records[0]
    assert first.question.startswith("1. Do you agree that directors") and first.question.endswith("Please explain your answer")
    assert [(r.respondent_type, r.organisation) for r in records[2:4]] == [("Organisation", "Northshire Council")] * 2
    # consent, e-mail, role, region and dates never become answers; the Q2 rating is not paired with Q3
    assert not any(r.text in ("Yes, anonymously", "Social worker") or "@" in r.text for r in records)


def test_microsoft_forms_csv_reads_month_first_completion_times():
    docs, ctx = _docs("microsoft_forms.csv")
    assert [d[0] for d in docs] == ["1", "1", "2", "2", "3", "3", "4", "4"]
    assert [d[4] for d in docs[::2]] == ["2024-03-14T09:12:40", "2024-03-14T13:31:59", "2024-03-15T08:50:01",
                                        "2024-03-18T16:15:10"]
    assert [d[2] for d in docs[::2]] == ["Agree", "Disagree", "Neither agree nor disagree", "Strongly agree"]
    assert [d[2] for d in docs[1::2]] == [None] * 4
    assert {d[3] for d in docs} == {None}  # "anonymous" is no author
    assert not ctx.warnings


def test_microsoft_forms_xlsx_reads_datetime_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Why do you say that?"])
    sheet.append([1, datetime(2024, 3, 14, 9, 5, 11), datetime(2024, 3, 14, 9, 12, 40), "anonymous", None,
                  "Leaders who never visited a family make worse decisions about caseloads."])
    book.save(tmp_path / "forms.xlsx")
    records, _ = read("consultation", tmp_path / "forms.xlsx")
    assert [(r.respondent_id, r.posted_at) for r in records] == [("1", "2024-03-14T09:12:40")]


_TITLED = [["Leading social work survey - exported 12/03/2024"], [],
           ["Respondent ID", "End Date", "Email Address", "Why do you say that?"],
           [7001, "14/03/2024 09:12", "ana@example.org", "Leaders who never visited a family decide caseloads badly."],
           [],
           [7002, "15/03/2024 10:40", "bo@example.org", "A director needs budget skills more than a social work degree."]]


def _titled_docs(path):
    records, ctx = read("consultation", path)
    return [(r.respondent_id, r.posted_at, r.author, r.text[:24]) for r in records], ctx


_TITLED_DOCS = [("7001", "2024-03-14T09:12:00", "ana@example.org", "Leaders who never visite"),
                ("7002", "2024-03-15T10:40:00", "bo@example.org", "A director needs budget ")]


def test_a_title_row_above_the_header_is_not_the_header(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for row in _TITLED:
        book.active.append(row)
    book.save(tmp_path / "titled.xlsx")
    (tmp_path / "titled.csv").write_text("\n".join(",".join(map(str, r)) for r in _TITLED) + "\n", encoding="utf-8")
    for name in ("titled.xlsx", "titled.csv"):
        docs, ctx = _titled_docs(tmp_path / name)
        assert docs == _TITLED_DOCS, name
        assert not [w for w in ctx.warnings if "extra cells" in w], name


@pytest.mark.parametrize("titles", [4, 5])
def test_as_many_title_rows_as_the_lookahead_allows_are_skipped(tmp_path, titles):
    """_TITLE_LOOKAHEAD (5) title rows above the header: the fifth made the first title the header."""
    from voices.ingest._tabular import _TITLE_LOOKAHEAD

    assert titles <= _TITLE_LOOKAHEAD
    rows = [[f"Leading social work survey, part {n}"] for n in range(titles)] + [r for r in _TITLED[2:] if r]
    path = tmp_path / "titles.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    assert _titled_docs(path)[0] == _TITLED_DOCS


def test_section_names_over_the_header_are_not_the_header(tmp_path):
    """A row of section names over groups of questions (cells merged across them) was read as
    the header: no id or date column, and the real header became an answer."""
    from openpyxl import Workbook

    sections = ["", "", "About you", "", "About leadership", ""]
    rows = [[*r[:2], "Social worker", "Northshire", *r[2:]] for r in _TITLED[2:] if r]
    rows[0][2:4] = ["Your role", "Your area"]
    book = Workbook()
    book.active.append(sections)
    book.active.merge_cells("C1:D1")
    book.active.merge_cells("E1:F1")
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "sections.xlsx")
    (tmp_path / "sections.csv").write_text("\n".join(",".join(map(str, r)) for r in [sections, *rows]), encoding="utf-8")
    for name in ("sections.xlsx", "sections.csv"):
        assert _titled_docs(tmp_path / name)[0] == _TITLED_DOCS, name


def test_the_responses_sheet_is_read_past_a_summary_sheet_of_one_column(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Leading social work survey"])
    book.active.append(["Responses: 2"])
    responses = book.create_sheet("Responses")
    for row in _TITLED[2:]:
        responses.append(row)
    book.save(tmp_path / "two sheets.xlsx")
    assert _titled_docs(tmp_path / "two sheets.xlsx")[0] == _TITLED_DOCS


def test_a_one_column_file_of_answers_keeps_its_first_row_as_the_header(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("Any other comments?\nPay us properly.\nCaseloads are too high.\n", encoding="utf-8")
    records, _ = read("consultation", path)
    assert [(r.question, r.text) for r in records] == [("Any other comments?", "Pay us properly."),
                                                       ("Any other comments?", "Caseloads are too high.")]
    # an answer whose commas were never quoted is no header under a title
    path.write_text("Any other comments?\nPay us, properly, now\nCaseloads are too high.\n", encoding="utf-8")
    records, _ = read("consultation", path)
    assert [(r.question, r.text) for r in records] == [("Any other comments?", "Pay us"),
                                                       ("Any other comments?", "Caseloads are too high.")]


def test_smartsurvey_second_header_row_is_not_a_respondent():
    docs, _ = _docs("smartsurvey.csv")
    assert [(d[0], d[1], d[2], d[4]) for d in docs] == [
        ("1100231", "Q3", "Agree", "2024-03-04T09:21:00"), ("1100231", "Q4", None, "2024-03-04T09:21:00"),
        ("1100232", "Q3", "Disagree", "2024-03-04T10:14:00"), ("1100232", "Q4", None, "2024-03-04T10:14:00"),
        ("1100233", "Q3", "Strongly agree", "2024-03-05T13:55:00"),
    ]


def test_surveymonkey_two_header_rows_and_us_dates():
    records, ctx = read("consultation", SURVEYS / "surveymonkey.csv")
    assert [(r.respondent_id, r.closed_answer, r.posted_at) for r in records] == [
        ("11873455210", "Yes", "2024-03-04T09:27:44"), ("11873455210", None, "2024-03-04T09:27:44"),
        ("11873455311", "No", "2024-03-04T11:20:02"), ("11873455311", None, "2024-03-04T11:20:02"),
        ("11873455422", "Not sure", "2024-03-05T14:58:30"), ("11873455422", None, "2024-03-05T14:58:30"),
    ]
    assert records[0].question.startswith("Should the director of children's services be a qualified")
    assert any("--dayfirst" in w for w in ctx.warnings)  # ambiguous dates: the guess is said out loud
    flipped, _ = read("consultation", SURVEYS / "surveymonkey.csv", date_order="day")
    assert flipped[0].posted_at == "2024-04-03T09:27:44"


def test_qualtrics_three_header_rows():
    records, _ = read("consultation", SURVEYS / "qualtrics.csv")
    assert [(r.respondent_id, r.question_id, r.closed_answer, r.posted_at) for r in records] == [
        ("R_1aBcDeFgHiJkLmN", "Q4", "Strongly agree", "2024-03-04T09:08:12"),
        ("R_2bCdEfGhIjKlMnO", "Q4", "Somewhat disagree", "2024-03-04T12:45:02"),
        ("R_3cDeFgHiJkLmNoP", "Q4", "Neither agree nor disagree", "2024-03-05T08:02:59"),
    ]
    assert records[0].question.startswith("Q3. To what extent do you agree")


def test_google_forms_email_is_the_respondent():
    docs, _ = _docs("google_forms.csv")
    assert [(d[0], d[1] is not None, d[2], d[4]) for d in docs] == [
        ("a.person@example.org", True, "Agree", "2024-03-04T09:17:33"),
        ("a.person@example.org", True, None, "2024-03-04T09:17:33"),
        ("b.person@example.org", True, "Disagree", "2024-03-04T14:02:10"),
        ("c.person@example.org", True, "Neither agree nor disagree", "2024-03-05T08:45:51"),
        ("c.person@example.org", True, None, "2024-03-05T08:45:51"),
        ("d.person@example.org", True, "Agree", "2024-03-05T19:12:05"),
        ("d.person@example.org", True, None, "2024-03-05T19:12:05"),
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in SURVEYS.iterdir()))
def test_every_survey_export_ingests_without_flags(tmp_path, name):
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / name), "--corpus", str(tmp_path / "c.duckdb")])
    assert res.exit_code == 0, res.output


def test_dayfirst_and_monthfirst_together_are_refused(tmp_path):
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / "google_forms.csv"), "--dayfirst", "--monthfirst",
                                   "--corpus", str(tmp_path / "c.duckdb")])
    assert res.exit_code == 2 and "contradict" in res.output


def test_preview_shows_column_roles_and_stores_nothing(tmp_path):
    corpus = tmp_path / "c.duckdb"
    mapping = tmp_path / "m.toml"
    res = CliRunner().invoke(app, ["ingest", "--preview", str(SURVEYS / "citizen_space.csv"), "--json",
                                   "--save-mapping", str(mapping), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    import json

    shown = json.loads(res.stdout)
    roles = {c["column"]: c["role"] for c in shown["columns"]}
    assert roles["May we publish your response?"] == "ignore"
    assert roles["What is your email address?"] == "email"
    assert roles["Which region do you work in?"] == "category"
    assert roles["Please explain your answer"] == "text"
    assert roles["2. How would you rate current leadership in your authority?"] == "closed"
    assert shown["documents"] == 11 and not corpus.exists()
    assert '"May we publish your response?" = "ignore"' in mapping.read_text(encoding="utf-8")


def _warning_lines(res) -> list[str]:
    """Every line of stdout and stderr that carries a warning, with its prefix taken off."""
    lines = [*res.stdout.splitlines(), *res.stderr.splitlines()]
    return [line.split("WARNING: ", 1)[-1].split("warning: ", 1)[-1] for line in lines if "warning: " in line.lower()]


def test_preview_prints_each_warning_once(tmp_path):
    """Each reader warning was logged to stderr and printed again on stdout ("warning: ..."): twice."""
    path = tmp_path / "survey.csv"
    path.write_text("Consultation on the bus lane\nExported 2024-03-05\n"
                    "Respondent ID,Submitted,Q1. What do you think about the bus lane?\n"
                    "R1,03/04/2024 09:00,A reasonably long comment about the bus lane and the traffic in town.\n"
                    "R2,04/05/2024 10:00,Another opinion about parking spaces near the station and the shops.\n"
                    "R3,not a date,Der Bus sollte öfter fahren, weil die Leute sonst mit dem Auto fahren.\n",
                    encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "--preview", str(path)])
    assert res.exit_code == 0, res.output
    assert f"{path}: consultation, 3 documents (nothing stored)" in res.stdout
    assert _warning_lines(res) == [
        f"{path}: row 4 (line 6): 4 cells but 3 columns; extra cells ignored, their words not stored (an answer's "
        "comma unquoted?): quote such cells or head every column, and ingest the file again with --replace",  # the
        # German answer's comma
        f"{path}: column 'Submitted': dates such as '03/04/2024 09:00' could be day-first or month-first; "
        "read day-first: give --monthfirst if that is wrong",
        f"{path}: line 6: 'not a date' is not a date voices can read; posted_at left empty (use ISO 8601, e.g. "
        "2024-03-01T14:05)"]
    assert all(line.startswith("voices: WARNING: ") for line in res.stderr.splitlines())
    shown = json.loads(CliRunner().invoke(app, ["ingest", "--preview", str(path), "--json"]).stdout)
    assert len(shown["warnings"]) == 3  # --json keeps them as data


@pytest.mark.parametrize("name, content", [
    ("page.txt", "A page\n\n2 Comments\n\nAnn\n2 days ago\nI disagree with the plan for the bus lane.\n\n"
                 "Bob\n3 days ago\nThe plan is fine but the timing is awful for shops.\n"),
    ("README.md", "# Notes\n\nThese files are the March export.\n"),
])
def test_preview_of_a_page_or_a_skipped_file_prints_its_warning_once(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "--preview", str(path)])
    assert res.exit_code == 0, res.output
    warned = _warning_lines(res)
    assert len(warned) == 1 and res.stderr.count(warned[0]) == 1, res.output
    assert warned[0].startswith(f"{path}: ") and ("relative times" in warned[0] or "ingest skips it" in warned[0])


def test_preview_reads_repeated_rows_and_long_texts_as_ingest_does(tmp_path):
    """The preview counted a repeated row as a document and said nothing of it, and showed a file with a
    text over --max-text-chars as fine, which ingest then refused: it now counts, warns and refuses alike."""
    path = tmp_path / "answers.jsonl"
    rows = [json.dumps({"id": f"a{i}", "text": f"An answer of its own, number {i}."}) for i in range(3)]
    path.write_text("\n".join([*rows, *[rows[0]] * 11, rows[1]]) + "\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    shown = CliRunner().invoke(app, ["ingest", "--preview", str(path)])
    stored = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
    assert shown.exit_code == stored.exit_code == 0, (shown.output, stored.output)
    assert f"{path}: records, 3 documents (nothing stored)" in shown.stdout
    assert json.loads(stored.stdout)["documents_added"] == 3
    warned = _warning_lines(shown)
    assert warned[0] == f"{path}: line 4: duplicate of an earlier row; stored once"
    assert len(warned) == 11 and warned[-1] == f"{path}: 12 duplicate rows in all, each stored once"
    assert _warning_lines(stored) == warned  # the same warnings, each once ("in all" reached only --json)
    long = tmp_path / "long.csv"
    long.write_text("id,comment\n1,A short answer of a few words.\n2," + "word " * 30_000 + "\n", encoding="utf-8")
    for args in (["--preview", str(long)], [str(long), "--corpus", str(tmp_path / "d.duckdb")]):
        res = CliRunner().invoke(app, ["ingest", *args])
        assert res.exit_code == 2, res.output
        assert res.stderr.strip() == (f"voices: error: {long}: row 3: a text of 149,999 characters, over the limit "
                                      "of 100,000: check that row, or raise the limit with --max-text-chars")


def test_preview_reads_standard_input_as_ingest_does(tmp_path):
    """ingest reads '-'; its --preview said "-: no such file: check the path" (exit 2)."""
    rows = "".join(json.dumps({"text": t, "author": a}) + "\n" for t, a in (("Pay is too low here.", "Ann"),
                                                                            ("Directors lead systems.", "Bo")))
    res = CliRunner().invoke(app, ["ingest", "--preview", "-", "--json"], input=rows)
    assert res.exit_code == 0, res.output
    shown = json.loads(res.stdout)
    assert (shown["path"], shown["format"], shown["documents"]) == ("-", "records", 2)
    assert [(e["author"], e["text"]) for e in shown["examples"]] == [("Ann", "Pay is too low here."),
                                                                     ("Bo", "Directors lead systems.")]
    empty = CliRunner().invoke(app, ["ingest", "--preview", "-"], input="")
    assert empty.exit_code == 2
    assert empty.stderr.strip() == "voices: error: -: the file is empty: give a file with comments or responses in it"


def test_save_mapping_to_a_folder_is_refused_before_anything_is_stored(tmp_path):
    corpus = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--save-mapping", str(tmp_path),
                                   "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert f"Invalid value for '--save-mapping': file '{tmp_path}' is a directory." in res.stderr
    assert not corpus.exists()


def test_save_mapping_of_a_file_without_columns_warns_and_keeps_the_ingest(tmp_path):
    from ingest_helpers import SAMPLES, count

    corpus, mapping = tmp_path / "c.duckdb", tmp_path / "m.toml"
    res = CliRunner().invoke(app, ["ingest", str(SAMPLES / "thread.txt"), "--save-mapping", str(mapping),
                                   "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == (
        f"voices: WARNING: --save-mapping {mapping} not written: these files are not consultation exports "
        "(CSV or XLSX), so they have no column roles to save")
    assert count(corpus) > 0 and not mapping.exists()


def test_save_mapping_again_never_writes_over_an_edited_mapping(tmp_path):
    """The README's flow is preview --save-mapping, edit the file, ingest --mapping; the same preview
    command run again (from the shell's history) wrote over the edited roles without a word. An edited
    mapping is now kept: refused (exit 2) in a preview, a warning after an ingest (the documents are stored);
    the same mapping again is no change and passes."""
    from ingest_helpers import count

    corpus, mapping = tmp_path / "c.duckdb", tmp_path / "m.toml"
    preview = ["ingest", "--preview", str(SURVEYS / "citizen_space.csv"), "--save-mapping", str(mapping)]
    assert CliRunner().invoke(app, preview).exit_code == 0
    written = mapping.read_text(encoding="utf-8")
    again = CliRunner().invoke(app, preview)
    assert again.exit_code == 0 and mapping.read_text(encoding="utf-8") == written, again.output
    edited = written.replace('"Which region do you work in?" = "category"', '"Which region do you work in?" = "ignore"')
    assert edited != written
    mapping.write_text(edited, encoding="utf-8")
    refused = CliRunner().invoke(app, preview)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.splitlines()[-1] == (
        f"voices: error: --save-mapping {mapping} exists and differs from this mapping (edited since?): give another "
        "path, or delete it to write it again")
    stored = CliRunner().invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--save-mapping", str(mapping),
                                      "--corpus", str(corpus)])
    assert stored.exit_code == 0, stored.output
    assert (f"voices: WARNING: --save-mapping {mapping} exists and differs from this mapping (edited since?): give "
            "another path, or delete it to write it again; the documents were stored") in stored.stderr.splitlines()
    assert mapping.read_text(encoding="utf-8") == edited and count(corpus) > 0


def test_saved_mapping_applies_and_a_missing_column_lists_the_columns(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"Response ID" = "id"\n"Submitted" = "date"\n'
                       '"2. How would you rate current leadership in your authority?" = "closed"\n'
                       '"3. What would most improve retention of social workers?" = "text"\n', encoding="utf-8")
    records, ctx = read("consultation", SURVEYS / "citizen_space.csv",
                        mapping=(("Response ID", "id"), ("Submitted", "date"),
                                 ("2. How would you rate current leadership in your authority?", "closed"),
                                 ("3. What would most improve retention of social workers?", "text")))
    assert [(r.respondent_id, r.question_id, r.closed_answer) for r in records][:2] == [
        ("ANON-1A2B-3C4D-5E6F", "Q3", None), ("ANON-2B3C-4D5E-6F7A", "Q3", None)]  # Q2 does not pair with Q3
    assert len(records) == 6 and any("does not name" in w for w in ctx.warnings)
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--mapping", str(mapping),
                                   "--corpus", str(tmp_path / "c.duckdb")])
    assert res.exit_code == 0, res.output
    mapping.write_text('[columns]\n"No such column" = "text"\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--mapping", str(mapping),
                                   "--corpus", str(tmp_path / "d.duckdb")])
    assert res.exit_code == 2 and "'No such column' matches no single column" in res.output
    assert "columns found: Response ID; Start date" in res.output and not (tmp_path / "d.duckdb").exists()
    assert res.stderr.strip().endswith("retention of social workers?: name one of them (or a start only it has)")
    mapping.write_text('[columns]\n"Response ID" = "respondent"\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--mapping", str(mapping),
                                   "--corpus", str(tmp_path / "d.duckdb")])
    assert res.exit_code == 2 and "not one of id, date" in res.output


def test_replace_swaps_a_sources_documents_and_keeps_surviving_labels(tmp_path):
    from voices.store import Corpus
    from voices.store.labels import add_label

    corpus = tmp_path / "c.duckdb"
    old = tmp_path / "consultation.csv"
    old.write_text("Response ID,May we publish?,Please explain your views\n"
                   "R1,\"Yes, anonymously\",Leaders must have held cases before they lead others.\n"
                   "R2,\"No, do not publish\",A director runs a whole system; the job is wider than practice.\n",
                   encoding="utf-8")
    runner = CliRunner()
    # an earlier, wrong mapping took the consent column as answers too
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\n"Response ID" = "id"\n"May we publish?" = "text"\n"Please explain your views" = "text"\n')
    assert runner.invoke(app, ["ingest", str(old), "--mapping", str(bad), "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus) as c:
        docs = {r[1]: r[0] for r in c.sql("SELECT id, text FROM documents").fetchall()}
    assert len(docs) == 4
    with Corpus.open(corpus, write=True) as c, c.transaction():
        add_label(c, docs["Yes, anonymously"], "none", None, "A. Reviewer")
        add_label(c, docs["Leaders must have held cases before they lead others."], "social_work_leaders", None, "A. Reviewer")
    res = runner.invoke(app, ["ingest", str(old), "--replace", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "labelled document" in res.output and docs["Yes, anonymously"] in res.output
    assert "--replace would remove 1 labelled document (" in res.output and "drop its labels too" in res.output  # was "(s)"
    res = runner.invoke(app, ["ingest", str(old), "--replace", "--drop-labels", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    import json

    out = json.loads(res.stdout)
    assert out["documents_removed"] == 2 and out["labels_dropped"] == [docs["Yes, anonymously"]]
    with Corpus.open(corpus) as c:
        texts = sorted(r[0] for r in c.sql("SELECT text FROM documents").fetchall())
        kept = c.sql("SELECT doc_id FROM labels").fetchall()
    assert texts == ["A director runs a whole system; the job is wider than practice.",
                     "Leaders must have held cases before they lead others."]
    assert kept == [(docs["Leaders must have held cases before they lead others."],)]


def test_drop_labels_without_replace_is_refused(tmp_path):
    res = CliRunner().invoke(app, ["ingest", str(SURVEYS / "google_forms.csv"), "--drop-labels",
                                   "--corpus", str(tmp_path / "c.duckdb")])
    assert res.exit_code == 2 and "--drop-labels goes with --replace" in res.output


def test_breakdown_fields_and_unexplained_ratings_go_to_attributes_and_round_trip(tmp_path):
    import json

    from voices.schemas import CORE_EXPORT_FIELDS, EXPORT_FIELDS

    records, _ = read("consultation", SURVEYS / "citizen_space.csv")
    assert json.loads(records[0].attributes) == {
        "Which of these best describes your role?": "Social worker", "Which region do you work in?": "North West",
        "2. How would you rate current leadership in your authority?": "Poor"}
    corpus = tmp_path / "c.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--corpus", str(corpus)]).exit_code == 0
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"export.{fmt}"
        assert runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--corpus", str(corpus)]).exit_code == 0
        again = tmp_path / f"again-{fmt}.duckdb"
        assert runner.invoke(app, ["ingest", str(out), "--corpus", str(again)]).exit_code == 0
        res = runner.invoke(app, ["export", "--format", "jsonl", "--corpus", str(again)])
        rows = [json.loads(line) for line in res.stdout.splitlines()]
        assert list(rows[0]) == list(EXPORT_FIELDS)
        assert json.loads(rows[0]["attributes"])["Which region do you work in?"] == "North West"
    # an export written before the field existed still reads back
    old = tmp_path / "old.jsonl"
    old.write_text("\n".join(json.dumps({k: r[k] for k in CORE_EXPORT_FIELDS}) for r in rows) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(old), "--corpus", str(tmp_path / "old.duckdb")])
    assert res.exit_code == 0, res.output


def test_report_by_breakdown_field(tmp_path):
    from voices.errors import InputError
    from voices.report import build_report

    corpus = tmp_path / "c.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SURVEYS / "citizen_space.csv"), "--corpus", str(corpus)]).exit_code == 0
    assert runner.invoke(app, ["classify", "--corpus", str(corpus)]).exit_code == 0
    data = build_report(corpus, by=["region"])
    table = data.consultation.by_attribute[0]
    assert table.title == "Stance by Which region do you work in?"
    assert table.rows == ["London", "Midlands", "North West", "South East"]
    assert [sum(r) for r in table.counts] == [4, 2, 4, 1]  # every answer counted once, under its respondent's region
    with pytest.raises(InputError, match="names no single breakdown field; the fields are: 2. How would"):
        build_report(corpus, by=["salary band"])


def _rated_survey(tmp_path, london: str = "London"):
    """Three respondents with a region and a rating; R2 rated and wrote nothing. Ingested and classified."""
    path = tmp_path / "survey.csv"
    path.write_text(
        "Response ID,Which region do you work in?,How would you rate your workload?,"
        "What would most improve retention?\n"
        f"R1,{london},Poor,Caseloads that a person can actually hold without working every evening.\n"
        f"R2,{london},Very poor,\n"  # rated, wrote nothing: still counted
        "R3,Midlands,Fair,Protected time for supervision and reflection on difficult cases.\n",
        encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus)]).exit_code == 0
    assert runner.invoke(app, ["classify", "--corpus", str(corpus)]).exit_code == 0
    return corpus, runner


def test_ratings_no_text_explains_count_every_respondent_once_and_erase_with_them(tmp_path):
    from voices.report import build_report
    from voices.store import Corpus

    corpus, runner = _rated_survey(tmp_path)
    data = build_report(corpus, by=["region"])
    overall, by_region = data.consultation.ratings
    assert overall.title == "Ratings: How would you rate your workload?"
    assert dict(zip(overall.rows, (c[0] for c in overall.counts), strict=True)) == {"Fair": 1, "Poor": 1, "Very poor": 1}
    assert by_region.columns == ["London", "Midlands"]
    assert dict(zip(by_region.rows, by_region.counts, strict=True)) == {"Fair": [0, 1], "Poor": [1, 0], "Very poor": [1, 0]}
    res = runner.invoke(app, ["delete", "--respondent", "R2", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output  # a respondent who only rated can still be erased
    with Corpus.open(corpus) as c:
        assert [r[0] for r in c.sql("SELECT respondent_id FROM responses ORDER BY 1").fetchall()] == ["R1", "R3"]
    assert b"Very poor" not in corpus.read_bytes()


def test_a_redacted_report_redacts_breakdown_values_typed_by_respondents(tmp_path):
    """--by Role headed rows with 'Team manager, ring 07700 900777' in the redacted md report."""
    from voices.report import build_report, render

    corpus, _ = _rated_survey(tmp_path, london="London ring 07700 900777")
    redacted = build_report(corpus, by=["region"], redact=True, entities=lambda ts: [[] for _ in ts])
    by_region, (_overall, ratings_by_region) = redacted.consultation.by_attribute[0], redacted.consultation.ratings
    assert by_region.rows == ["London ring [PHONE]", "Midlands"]
    assert ratings_by_region.columns == ["London ring [PHONE]", "Midlands"]
    assert dict(zip(ratings_by_region.rows, ratings_by_region.counts, strict=True)) == {
        "Fair": [0, 1], "Poor": [1, 0], "Very poor": [1, 0]}
    assert "900777" not in render(redacted, "md")
    plain = build_report(corpus, by=["region"])
    assert plain.consultation.by_attribute[0].rows == ["London ring 07700 900777", "Midlands"]


def test_export_redact_redacts_breakdown_values_typed_by_respondents(tmp_path):
    """export --redact kept attributes as typed: {"Which region...": "London ring 07700 900777"}."""
    import json

    corpus, runner = _rated_survey(tmp_path, london="London ring 07700 900777")
    res = runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    shown = [json.loads(json.loads(line)["attributes"]) for line in res.stdout.splitlines()]
    assert [a["Which region do you work in?"] for a in shown] == ["London ring [PHONE]", "Midlands"]
    assert [a["How would you rate your workload?"] for a in shown] == ["Poor", "Fair"]
    plain = runner.invoke(app, ["export", "--format", "jsonl", "--corpus", str(corpus)])
    assert "London ring 07700 900777" in plain.stdout


def test_a_breakdown_value_that_is_a_name_ner_cut_short_is_redacted_whole(tmp_path):
    """NER tags only 'Nowak' in a cell 'Tomasz Nowak', so the redacted report's 'Stance by'
    rows and export --redact's attributes read 'Tomasz [PERSON]'."""
    import pandas as pd

    from voices.redact import Redactor, redact_frame
    from voices.report import build_report

    def surname_only(texts):
        return [[(t.index("Nowak"), t.index("Nowak") + 5, "PERSON")] if "Nowak" in t else [] for t in texts]

    corpus, _ = _rated_survey(tmp_path, london="Tomasz Nowak")
    redacted = build_report(corpus, by=["region"], redact=True, entities=surname_only)
    assert redacted.consultation.by_attribute[0].rows == ["Midlands", "[PERSON]"]
    frame = pd.DataFrame({"id": ["a", "b", "c"], "author": [None] * 3, "text": ["x"] * 3, "attributes": [
        '{"manager": "Tomasz Nowak"}', '{"manager": "Team manager Nowak"}', '{"manager": "North Yorkshire"}']})
    shown = redact_frame(frame, Redactor([], entities=surname_only))["attributes"].tolist()
    assert shown == ['{"manager": "[PERSON]"}', '{"manager": "Team manager [PERSON]"}', '{"manager": "North Yorkshire"}']


def test_replace_erases_a_respondent_who_only_rated_from_the_file(tmp_path):
    """--replace dropped the rating-only respondent's row from the table, but no document went,
    so the file was not rewritten and their region cell (a phone number here) stayed in its bytes."""
    from voices.store import Corpus

    header = ("Response ID,Which region do you work in?,How would you rate your workload?,"
              "What would most improve retention?\n")
    kept = ("R1,London,Poor,Caseloads that a person can actually hold without working every evening.\n"
            "R3,Midlands,Fair,Protected time for supervision and reflection on difficult cases.\n")
    first, again = tmp_path / "a" / "survey.csv", tmp_path / "b" / "survey.csv"
    for path, body in ((first, kept + "R2,London ring 07700 900888,Very poor,\n"), (again, kept)):
        path.parent.mkdir()
        path.write_text(header + body, encoding="utf-8")
    corpus, runner = tmp_path / "c.duckdb", CliRunner()
    assert runner.invoke(app, ["ingest", str(first), "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus):
        pass
    assert b"900888" in corpus.read_bytes()
    res = runner.invoke(app, ["ingest", str(again), "--replace", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_removed"], out["documents_updated"]) == (0, 0)
    assert b"900888" not in corpus.read_bytes()
    with Corpus.open(corpus) as c:
        assert [r[0] for r in c.sql("SELECT respondent_id FROM responses ORDER BY 1").fetchall()] == ["R1", "R3"]
        assert c.sql("SELECT count(*) FROM meta WHERE key = 'erase_pending'").fetchall()[0][0] == 0


def test_replace_keeps_the_respondents_of_every_file_of_the_call(tmp_path):
    """A survey split in two files named alike is one source: with --replace each file cleared the
    source's response rows, so only the second file's respondents kept their region and rating
    (R1's and R2's rows went, their documents stayed) and the rewrite took the first file's bytes."""
    from voices.store import Corpus

    header = ("Response ID,Which region do you work in?,How would you rate your workload?,"
              "What would most improve retention?\n")
    parts = {"a": "R1,London,Poor,Caseloads that a person can actually hold without working every evening.\n"
                  "R2,Leeds,Fair,\n",
             "b": "R3,Midlands,Fair,Protected time for supervision and reflection on difficult cases.\n"}
    for folder, body in parts.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "survey.csv").write_text(header + body, encoding="utf-8")
    corpus, runner = tmp_path / "c.duckdb", CliRunner()
    files = [str(tmp_path / folder / "survey.csv") for folder in parts]
    res = runner.invoke(app, ["ingest", *files, "--replace", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 2
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT respondent_id, attributes FROM responses ORDER BY 1").fetchall()
    assert [(r, json.loads(a)["Which region do you work in?"]) for r, a in rows] == [
        ("R1", "London"), ("R2", "Leeds"), ("R3", "Midlands")]
    res = runner.invoke(app, ["ingest", files[1], "--replace", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output  # a later call with one file still replaces the source's rows
    with Corpus.open(corpus) as c:
        assert [r[0] for r in c.sql("SELECT respondent_id FROM responses ORDER BY 1").fetchall()] == ["R3"]


def test_google_forms_download_timestamps_keep_their_offset(tmp_path):
    """Forms' own "Download responses (.csv)" writes "2024/04/03 9:12:01 AM GMT+1", not the Sheets layout."""
    path = tmp_path / "forms_download.csv"
    path.write_text(
        "Timestamp,Email address,Why do you say that?\n"
        "2024/04/03 9:12:01 AM GMT+1,one@example.org,A director who never held a caseload cannot judge the risk.\n"
        "2024/04/05 2:30:00 PM GMT+1,two@example.org,Running a service well matters more than the job title.\n"
        "2024/11/20 12:05:09 AM GMT,three@example.org,Leaders should spend a day a month with a frontline team.\n",
        encoding="utf-8",
    )
    records, ctx = read("consultation", path)
    assert [(r.respondent_id, r.posted_at) for r in records] == [
        ("one@example.org", "2024-04-03T09:12:01+01:00"),
        ("two@example.org", "2024-04-05T14:30:00+01:00"),
        ("three@example.org", "2024-11-20T00:05:09+00:00"),
    ]
    assert not [w for w in ctx.warnings if "not a date" in w]


def test_preview_counts_blank_answers_and_non_answers_as_ingest_does(tmp_path):
    """`--preview` said "2 documents" for a file of four answers: the blank answer and the "N/A" went
    uncounted on the terminal, and --json had no "blank", so the figures did not add up to the file."""
    path = tmp_path / "survey.csv"
    path.write_text("ID,Do you agree that directors should be social workers?,Please explain your answer\n"
                    "r1,Agree,A director who has held a caseload knows what a team is carrying.\n"
                    "r2,Disagree,Running a whole service well needs more than one profession's training.\n"
                    "r3,Agree,N/A\n"
                    "r4,Disagree,\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "--preview", str(path)])
    assert res.exit_code == 0, res.output
    shown_line = " ".join(res.stdout.split("┏")[0].split())  # the terminal width wraps the long path
    assert shown_line == f"{path}: consultation, 2 documents (nothing stored); not documents: 1 non-answer, 1 blank answer"
    shown = json.loads(CliRunner().invoke(app, ["ingest", "--preview", str(path), "--json"]).stdout)
    assert (shown["documents"], shown["skipped"], shown["blank"]) == (2, {"non-answer": 1}, 1)
