"""Warnings name the input as given and are printed once and listed once in --json.

A decoder's warnings first: each reader's project-written fixture gets one line holding "é" in
UTF-8 and a later one in Windows-1252, as a file appended to from two programs is: the warning
names ``-`` for standard input (not its temporary copy), is in ``--json``'s ``warnings`` exactly
once and on stderr once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import documents
from typer.testing import CliRunner

from voices.cli import app
from voices.ingest.encoding import decode_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# fixture, a text on one line made to hold "é" in UTF-8, a text on a later line made to hold it in Windows-1252
CASES = {
    "records.csv": ("records.csv", "Supervision kept", "a fair caseload"),
    "records.jsonl": ("records.jsonl", "Who decides", "The director, in the end"),
    "consultation.csv": ("small_consultation.csv", "Registration keeps", "Directors lead whole"),
    "textpage.txt": ("short_thread.txt", "Caps only work", "Pay first"),
    "guardian.txt": ("pages/guardian.txt", "Supervision starts", "Running a department"),
    "reddit.json": ("pages/reddit_thread.json", "Our council", "Finance directors"),
    "page.html": ("small.html", "Reflective supervision", "Third level"),
}


def _mixed(case: str) -> tuple[bytes, int]:
    """The fixture with "é" added as UTF-8 on one line and as Windows-1252 on a later one; that line's number."""
    fixture, first, second = CASES[case]
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    assert first in text and second in text and text.index(first) < text.index(second)
    line = text[:text.index(second)].count("\n") + 1
    head, tail = text.split(second, 1)
    head = head.replace(first, f"Café: {first}", 1)
    return head.encode("utf-8") + f"Café: {second}".encode("cp1252") + tail.encode("utf-8"), line


def _printed(stderr: str) -> list[str]:
    """The warnings a command printed on stderr."""
    return [line.removeprefix("voices: WARNING: ") for line in stderr.splitlines()
            if line.startswith("voices: WARNING: ")]


def _warning(name: str, line: int) -> str:
    return (f"{name}: mixed encodings: line {line} read as Windows-1252, the rest as UTF-8; check accented "
            "characters")


def test_the_decoder_returns_its_warnings_without_logging_them(caplog):
    decoded = decode_bytes("id,text\n1,Café open\n".encode() + "2,Café shut\n".encode("cp1252"), "/tmp/x/stdin")
    assert decoded.text == "id,text\n1,Café open\n2,Café shut\n"
    assert decoded.warnings == ["mixed encodings: line 3 read as Windows-1252, the rest as UTF-8; check accented "
                                "characters"]
    assert caplog.records == []  # the reader forwards it, named as the user gave the file


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("stdin", [False, True], ids=["path", "stdin"])
@pytest.mark.parametrize("preview", [False, True], ids=["ingest", "preview"])
def test_a_mixed_encoding_warning_names_the_input_and_is_in_the_json_once(tmp_path, case, stdin, preview):
    data, line = _mixed(case)
    path = tmp_path / case
    path.write_bytes(data)
    args = ["ingest", "-" if stdin else str(path), "--corpus", str(tmp_path / "c.duckdb"), "--json",
            "--as-of", "2024-03-06"] + (["--preview"] if preview else [])
    res = CliRunner().invoke(app, args, input=data if stdin else None)
    assert res.exit_code == 0, res.output
    warning = _warning("-" if stdin else str(path), line)
    out = json.loads(res.stdout)
    assert out["warnings"].count(warning) == 1, out["warnings"]
    assert res.stderr.count(warning) == 1, res.stderr
    assert "mixed encodings" not in res.stderr.replace(warning, "")  # no second copy under another name
    assert "voices-stdin-" not in res.stderr + res.stdout
    assert sorted(_printed(res.stderr)) == sorted(out["warnings"])  # every warning printed once, and listed
    if not preview:
        assert out["documents_added"] >= 2


def test_classify_file_keeps_the_warning_in_its_json(tmp_path):
    data, line = _mixed("records.csv")
    res = CliRunner().invoke(app, ["classify", "-", "--corpus", str(tmp_path / "c.duckdb"), "--json"], input=data)
    assert res.exit_code == 0, res.output
    warning = _warning("-", line)
    warnings = json.loads(res.stdout)["warnings"]
    assert warnings.count(warning) == 1, warnings
    assert sorted(_printed(res.stderr)) == sorted(warnings)  # every warning printed once, and listed
    assert "voices-stdin-" not in res.stderr + res.stdout


def test_a_workbook_warning_met_while_sniffing_is_printed_once(tmp_path):
    # sniffing reads a workbook's first row to tell a voices export from a consultation: its warning
    # (extra cells) was logged then, and again by the reader, so stderr showed it twice
    import openpyxl

    path = tmp_path / "extra.xlsx"
    book = openpyxl.Workbook()
    for row in (["Respondent ID", "Q1. Please explain your answer."],
                ["R1", "Directors should be registered social workers and accountable.", "extra"],
                ["R2", "Pay is why my colleagues leave for agencies every single year."]):
        book.active.append(row)
    book.save(path)
    res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(tmp_path / "c.duckdb"), "--json"])
    assert res.exit_code == 0, res.output
    warning = (f"{path}: row 2 (line 2): 3 cells but 2 columns; extra cells ignored, their words not stored (an "
               "answer's comma unquoted?): quote such cells or head every column, and ingest the file again with "
               "--replace")
    assert json.loads(res.stdout)["warnings"] == [warning]
    assert _printed(res.stderr) == [warning]


def test_a_guessed_encoding_warning_names_standard_input_and_is_in_the_json_once(tmp_path):
    # Shift_JIS is neither UTF-8 nor Windows-1252: charset_normalizer's guess is read, with a warning
    data = ("text\n" + "".join(f"{n}件目: ソーシャルワークの指導者は現場の実践を知っている必要があります。\n"
                               for n in range(1, 4))).encode("shift_jis")
    res = CliRunner().invoke(app, ["ingest", "-", "--format", "records", "--corpus", str(tmp_path / "c.duckdb"),
                                   "--json"], input=data)
    assert res.exit_code == 0, res.output
    warning = "-: encoding guessed as cp932; check accented characters"
    out = json.loads(res.stdout)
    assert out["warnings"] == [warning] and _printed(res.stderr) == [warning]
    assert out["documents_added"] == 3
    assert sorted(d["text"] for d in documents(tmp_path / "c.duckdb"))[0] == (
        "1件目: ソーシャルワークの指導者は現場の実践を知っている必要があります。")
