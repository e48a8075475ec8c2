"""A first respondent without an id who answered only a question with a blank header cell beside it is an answer.

``merged_halves`` took such a row for a merged question cell's labels ("Agree/Disagree", "Please explain")
when its written answer named reasons or comments: the respondent's answers were dropped without a word,
and their words became every other explanation's question ("Q1. Do you support A? My reasons are in my
letter"), shown as a heading in reports. A label row's cells are not given again as answers below them.
"""

from __future__ import annotations

from ingest_helpers import read

TOP = ["Respondent ID", "Q1. Do you support A?", "", "Q2. Anything else?"]
ROWS = [["R1", "Yes", "A helps families a lot.", "Nothing more to add."],
        ["R2", "No", "A is rushed and unfunded.", "Fund it properly please."]]


def _csv(path, rows) -> None:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


def test_a_first_answer_that_names_its_reasons_is_no_label_row(tmp_path):
    path = tmp_path / "sheet.csv"
    _csv(path, [TOP, ["", "Yes", "My reasons are in my letter", ""], *ROWS])
    records, _ = read("consultation", path)
    # read as a sheet without a label row is read: the blank-headed column is its own question
    assert [(r.respondent_id, r.text) for r in records] == [
        ("row-2", "My reasons are in my letter"), ("R1", "A helps families a lot."), ("R1", "Nothing more to add."),
        ("R2", "A is rushed and unfunded."), ("R2", "Fund it properly please.")]
    assert not any("letter" in (r.question or "") for r in records)


def test_a_label_row_is_still_read_as_labels(tmp_path):
    path = tmp_path / "sheet.csv"
    _csv(path, [TOP, ["", "Yes/No", "Please explain", ""], *ROWS])
    records, _ = read("consultation", path)
    assert [(r.respondent_id, r.question_id, r.closed_answer) for r in records] == [
        ("R1", "Q1", "Yes"), ("R1", "Q2", None), ("R2", "Q1", "No"), ("R2", "Q2", None)]
    assert records[0].question == "Q1. Do you support A? Please explain"
