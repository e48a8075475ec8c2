"""Consultation exports: column roles, closed answers, non-answers, CSV and XLSX agreeing."""

from __future__ import annotations

from collections import Counter

import pytest
from ingest_helpers import FIX, SAMPLES, read

from voices.errors import InputError


def test_small_export_roles_and_paired_closed_answers():
    records, ctx = read("consultation", FIX / "small_consultation.csv")
    got = [(r.respondent_id, r.question_id, r.closed_answer) for r in records]
    assert got == [
        ("A1", "Q1", "Agree"), ("A1", "Q2", None),
        ("A2", "Q1", "Disagree"),
        ("A1", "Q1", "Agree"), ("A1", "Q2", None),  # the repeated row: the use case stores it once
        ("A4", "Q2", None),
    ]
    a1 = records[0]
    assert a1.text == "Registration keeps leaders close to practice.\nSecond line of the same answer."
    assert a1.question == "Q1. Should directors be registered? Please explain your answer."
    assert a1.respondent_type == "Individual" and a1.organisation is None
    assert records[2].organisation == "Westshire Council" and records[2].respondent_type == "Organisation"
    assert a1.native_id == "A1|Q1" and a1.kind == "consultation_answer"
    assert ctx.skipped == {"non-answer": 3}  # N/A, none, -


def test_sample_csv_and_xlsx_give_identical_records():
    csv_records, csv_ctx = read("consultation", SAMPLES / "consultation.csv")
    xlsx_records, _ = read("consultation", SAMPLES / "consultation.xlsx")
    fields = ("native_id", "text", "question", "closed_answer", "respondent_type", "organisation", "posted_at")
    assert [tuple(getattr(r, f) for f in fields) for r in csv_records] == \
           [tuple(getattr(r, f) for f in fields) for r in xlsx_records]
    assert csv_records[0].source == xlsx_records[0].source
    assert len(csv_records) == 33
    assert Counter(r.respondent_type for r in csv_records)["Organisation"] == 11
    welsh = [r for r in csv_records if r.respondent_id == "R-1004"]
    assert welsh[0].text.startswith("Y mae angen i arweinwyr")
    ticks_agree = next(r for r in csv_records if r.native_id == "R-1003|Q1")
    assert ticks_agree.closed_answer == "Agree" and "don't think directors need" in ticks_agree.text
    assert csv_records[0].posted_at == "2024-03-04T09:12:00"
    # every Submitted date has a day <= 12, so the column is ambiguous: read day-first, said out loud
    assert len(csv_ctx.warnings) == 1 and "could be day-first or month-first" in csv_ctx.warnings[0]


def test_explicit_roles_override_detection():
    records, _ = read(
        "consultation", FIX / "small_consultation.csv", id_column="respondent id",
        text_columns=("Q2. Any other comments?",),
        closed_columns=("Q1. Should directors be registered?=Q2. Any other comments?",),
    )
    assert [(r.respondent_id, r.question_id, r.closed_answer) for r in records][:2] == [
        ("A1", "Q2", "Agree"), ("A1", "Q2", "Agree")]


def test_unknown_column_lists_the_columns():
    with pytest.raises(InputError, match=r"--text-column 'Q9' matches no single column; columns found: Respondent ID"):
        read("consultation", FIX / "small_consultation.csv", text_columns=("Q9",))


def test_no_text_like_column_lists_the_columns_found():
    with pytest.raises(InputError, match=r"no_text_column\.csv: no free-text column found \(columns found: "
                                         r"Response ID; Q1\. Do you agree\?; Score\)"):
        read("consultation", FIX / "no_text_column.csv")


SHORT = ["Too much paperwork.", "Pay is poor", "Yes", "Leaders should know practice", "No",
         "Burnout everywhere", "n/a", "agree", "Not sure"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_short_answers_under_a_comment_header_are_the_text(tmp_path, suffix):
    import pandas as pd

    frame = pd.DataFrame({"ID": [f"r{i}" for i in range(1, len(SHORT) + 1)], "Comment": SHORT})
    path = tmp_path / f"short{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_excel(path, index=False)
    records, ctx = read("consultation", path)
    assert [(r.respondent_id, r.text) for r in records] == [
        (f"r{i}", t) for i, t in enumerate(SHORT, 1) if t != "n/a"]
    assert ctx.skipped == {"non-answer": 1}


def test_a_comment_header_over_repeated_labels_is_still_refused(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("ID,Comments\n" + "".join(f"r{i},{'Yes' if i % 2 else 'No'}\n" for i in range(12)))
    with pytest.raises(InputError, match=r"labels\.csv: no free-text column found"):
        read("consultation", path)


def test_header_only_and_unterminated_quote_are_refused():
    with pytest.raises(InputError, match=r"header_only\.csv: only a header row"):
        read("consultation", FIX / "header_only.csv")
    with pytest.raises(InputError, match=r"unterminated\.csv: line 2: a quoted field opened here is never closed"):
        read("records", FIX / "unterminated.csv")


def test_without_an_id_column_rows_number_the_respondents(tmp_path):
    path = tmp_path / "noid.csv"
    path.write_text("Q1. Tell us what you think about pay for social workers\n"
                    "Pay is far too low for the responsibility we carry.\n"
                    "Raise it in line with nursing please.\n", encoding="utf-8")
    records, ctx = read("consultation", path)
    assert [r.respondent_id for r in records] == ["row-2", "row-3"]
    assert any("no respondent id column" in w for w in ctx.warnings)


def _formula_workbook(path, cached: str | None):
    """An export whose answer column holds formulas; ``cached`` is the value Excel would have saved."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Response ID", "Why do you say that?"])
    book.active.append(["R1", "Pay is the reason people leave."])
    book.active.append(["R2", '=B2&" And caseloads."'])
    book.active.append(["R3", "=UPPER(B2)"])
    book.save(path)
    if cached is not None:  # write the saved values openpyxl leaves out, as Excel would
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = parts[sheet].replace(b"<v></v>", f'<v>{cached}</v>'.encode()).replace(
            b"<c r=\"B3\">", b"<c r=\"B3\" t=\"str\">").replace(b"<c r=\"B4\">", b"<c r=\"B4\" t=\"str\">")
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_xlsx_formulas_without_a_saved_value_are_named_in_a_warning(tmp_path):
    records, ctx = read("consultation", _formula_workbook(tmp_path / "f.xlsx", cached=None))
    assert [r.respondent_id for r in records] == ["R1"]
    assert ctx.warnings == [f"{tmp_path / 'f.xlsx'}: 2 formula cells without a saved value (B3, B4) read as "
                            "empty: open the workbook in Excel and save it, so each formula's value is stored"]


def test_xlsx_formulas_with_a_saved_value_read_as_that_value(tmp_path):
    records, ctx = read("consultation", _formula_workbook(tmp_path / "f.xlsx", cached="Saved answer text."))
    assert [(r.respondent_id, r.text) for r in records] == [
        ("R1", "Pay is the reason people leave."), ("R2", "Saved answer text."), ("R3", "Saved answer text.")]
    assert ctx.warnings == []


def _write_csv(path, header: list[str], rows: list[list[str]]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])


# answers people write alike: a question's column repeats some of them word for word
ALIKE = ["Against. Families already wait too long for a visit", "In favour, as long as caseloads are reduced too",
         "Nothing to add", "Our IT system crashes daily", "Nothing to add", "Against. Families already wait too long"]


@pytest.mark.parametrize("question", ["Do you support a four-day week? Why?",
                                      "Do you support a four-day week? Please explain your answer"])
def test_a_question_header_holds_the_answers_even_when_some_repeat(tmp_path, question):
    path = tmp_path / "fourday.csv"
    rows = [ALIKE[i % len(ALIKE)] for i in range(18)]  # 6 distinct in 18: not "mostly differ"
    _write_csv(path, ["ID", question], [[f"FD{i}", t] for i, t in enumerate(rows)])
    records, _ctx = read("consultation", path)
    assert [(r.respondent_id, r.text) for r in records][:3] == [
        ("FD0", ALIKE[0]), ("FD1", ALIKE[1]), ("FD2", "Nothing to add")]
    assert len(records) == 18 and records[0].question == question


def test_a_question_header_over_a_few_short_options_is_not_the_free_text(tmp_path):
    path = tmp_path / "team.csv"
    teams = ["Duty and assessment", "Fostering", "Children in care", "Leaving care"]
    path.write_text("ID,Which team are you in? Please say\n"
                    + "".join(f"r{i},{teams[i % 4]}\n" for i in range(20)), encoding="utf-8")
    with pytest.raises(InputError, match=r"team\.csv: no free-text column found"):
        read("consultation", path)


@pytest.mark.parametrize("column", ["Role", "Job role", "What is your role?", "Organisation type", "Sector",
                                    "Responding as", "In what capacity are you responding?"])
def test_a_role_column_is_the_respondent_type_not_a_closed_question(tmp_path, column):
    path = tmp_path / "roles.csv"
    roles = ["Social worker", "Manager", "Business support", "Parent"]
    _write_csv(path, ["ID", column, "Do you support a four-day week? Why?"],
               [[f"FD{i}", roles[i % 4], ALIKE[i % len(ALIKE)]] for i in range(12)])
    records, ctx = read("consultation", path)
    assert [(r.respondent_type, r.closed_answer) for r in records][:4] == [
        ("Social worker", None), ("Manager", None), ("Business support", None), ("Parent", None)]
    assert {r.question for r in records} == {"Do you support a four-day week? Why?"}
    assert {c: role for c, role, _e in ctx.columns}[column] == "respondent_type"


def test_a_role_column_of_sentences_is_no_respondent_type(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text("ID,Role,Comments\n" + "".join(
        f"r{i},I lead a team of {i} practitioners in a busy duty service,Pay {i} is too low for the work we do\n"
        for i in range(12)), encoding="utf-8")
    records, _ctx = read("consultation", path)
    assert {r.respondent_type for r in records} == {None}


Q3 = "Q3. Should the director of children's services have to be a registered social worker? Please explain."
Q4 = "What would keep you in social work?"


def _long_export(path):
    answers = ["Only someone who has held a caseload knows the risk decisions staff make every day",
               "No, a director is a system leader who needs strong social work advice around them",
               "Pay that reflects the work, and caseloads we can manage in a week"]
    rows = [[f"R{i}", "Social worker", q, "Agree" if q == Q3 else "", f"{answers[i % 3]} ({q[:2]}, {i} years in)"]
            for i in range(1, 7) for q in (Q3, Q4)]
    _write_csv(path, ["Response ID", "Respondent type", "Question", "Q3 closed", "Q3 answer"], rows)
    return path


def test_a_question_column_gives_each_rows_question(tmp_path):
    records, ctx = read("consultation", _long_export(tmp_path / "long.csv"))
    q4 = "q" + __import__("hashlib").sha256(Q4.casefold().encode()).hexdigest()[:8]
    assert [(r.native_id, r.question_id, r.question) for r in records[:2]] == [
        ("R1|Q3", "Q3", Q3), (f"R1|{q4}", q4, Q4)]
    assert len({r.native_id for r in records}) == 12  # a respondent's two answers are two documents
    assert {c: role for c, role, _e in ctx.columns}["Question"] == "question"


def test_a_saved_mapping_keeps_the_question_column(tmp_path):
    from voices.ingest.mapping import mapping_toml, read_mapping

    path = _long_export(tmp_path / "long.csv")
    _records, ctx = read("consultation", path)
    saved = tmp_path / "m.toml"
    saved.write_text(mapping_toml((c, role) for c, role, _e in ctx.columns), encoding="utf-8")
    records, _ = read("consultation", path, mapping=read_mapping(saved))
    assert [(r.question_id, r.question, r.closed_answer) for r in records[:2]] == [
        ("Q3", Q3, "Agree"), (records[1].question_id, Q4, None)]


@pytest.mark.parametrize("follow_up", ["Q3. Please give reasons for your answer", "Q3. Reasons for your answer",
                                       "Q3. Please give an explanation"])
def test_a_numbered_reasons_question_pairs_with_the_closed_question_before_it(tmp_path, follow_up):
    """SmartSurvey numbers every question, so a council's "Q3. Please give reasons for your answer" follows
    "Q2. Should ...?" as a question of its own: "reasons" and "explanation" were no follow-up words, so the
    Yes/No answers became a breakdown field and no answer had its closed answer."""
    path = tmp_path / "smart.csv"
    answers = ["Directors who have practised understand the risk a team carries.",
               "Services should be judged by the people using them, not by badges.",
               "I am undecided and would like to hear how it would work in practice."]
    _write_csv(path, ["UserNo", "Q2. Should directors be registered social workers?", follow_up],
               [["1", "Yes", answers[0]], ["2", "No", answers[1]], ["3", "Don't know", answers[2]]])
    records, _ctx = read("consultation", path)
    assert [(r.respondent_id, r.question_id, r.closed_answer, r.text) for r in records] == [
        ("1", "Q3", "Yes", answers[0]), ("2", "Q3", "No", answers[1]), ("3", "Q3", "Don't know", answers[2])]
    assert records[0].question == f"Q2. Should directors be registered social workers? {follow_up[4:]}"
    assert [r.attributes for r in records] == [None, None, None]  # the closed answer is no breakdown field


def test_rows_with_more_cells_than_columns_are_said_with_the_way_to_keep_their_words(tmp_path):
    """An answer's unquoted comma cut it: 'extra cells ignored' on every such row (10,000 lines for 10,000 rows),
    and no word of how to keep the words after the comma."""
    path = tmp_path / "commas.csv"
    path.write_text("Respondent ID,Q1. What do you think?\n"
                    + "".join(f"R{i},Answer {i} says pay matters, and so do caseloads\n" for i in range(8)),
                    encoding="utf-8")
    records, ctx = read("consultation", path)
    assert [r.text for r in records][:1] == ["Answer 0 says pay matters"]
    assert ctx.warnings == [
        f"{path}: row {n} (line {n}): 3 cells but 2 columns; extra cells ignored, their words not stored (an answer's "
        "comma unquoted?): quote such cells or head every column, and ingest the file again with --replace"
        for n in range(2, 7)] + [f"{path}: 8 rows in all with more cells than columns, their extra cells not stored"]
