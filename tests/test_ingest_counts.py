"""Ingest's messages count in words: "1 record replies", "2 records reply", never "1 record(s) reply"."""

from __future__ import annotations

import json

import openpyxl
from ingest_helpers import read
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()


def _orphans(tmp_path, n: int):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"msg": "Directors must be social workers.", "rid": "1"}\n'
                    + "".join(f'{{"msg": "No, they need not be ({i}).", "rid": "{i + 2}", "re": "1"}}\n'
                              for i in range(n)), encoding="utf-8")
    return path, read("records", path, text_field="msg", parent_field="re")[1].warnings


def test_orphaned_replies_are_counted_in_words(tmp_path):
    path, warnings = _orphans(tmp_path, 1)
    assert warnings[0].startswith(f"{path}: 1 record replies to an id that no record in the file has (field 're'")
    path, warnings = _orphans(tmp_path, 2)
    assert warnings[0].startswith(f"{path}: 2 records reply to an id that no record in the file has (field 're'")


def _formulas(tmp_path, n: int):
    path = tmp_path / f"f{n}.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Response ID", "Please explain your views"])
    book.active.append(["R1", "Caseloads are too high."])
    for i in range(n):
        book.active.append([f"R{i + 2}", "=B2"])  # openpyxl saves no value for a formula
    book.save(path)
    return path, read("consultation", path)[1].warnings


def test_formula_cells_without_a_value_are_counted_in_words(tmp_path):
    path, warnings = _formulas(tmp_path, 1)
    assert warnings == [f"{path}: 1 formula cell without a saved value (B3) read as empty: open the workbook in "
                        "Excel and save it, so each formula's value is stored"]
    path, warnings = _formulas(tmp_path, 2)
    assert warnings[0].startswith(f"{path}: 2 formula cells without a saved value (B3, B4) read as empty")


def _unnamed(tmp_path, extra: list[str]):
    path = tmp_path / "answers.csv"
    path.write_text(",".join(["Response ID", "Your views", *extra]) + "\n"
                    + ",".join(["R1", "Caseloads are too high.", *("x" for _ in extra)]) + "\n", encoding="utf-8")
    _, ctx = read("consultation", path, mapping=(("Response ID", "id"), ("Your views", "text")))
    return ctx.warnings


def test_columns_a_mapping_leaves_out_are_counted_in_words(tmp_path):
    assert any(w.endswith("the mapping does not name 1 column, ignored: Region") for w in _unnamed(tmp_path, ["Region"]))
    assert any(w.endswith("the mapping does not name 2 columns, ignored: Region; Age band")
               for w in _unnamed(tmp_path, ["Region", "Age band"]))


def test_a_sources_documents_missing_from_a_file_are_counted_in_words(tmp_path):
    corpus = tmp_path / "c.duckdb"
    for name, texts in (("a", ["One.", "Two.", "Three."]), ("b", ["Four."]), ("c", ["Five."])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "comments.jsonl").write_text(
            "".join(json.dumps({"text": t, "author": t}) + "\n" for t in texts), "utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a" / "comments.jsonl"), "--corpus", str(corpus)]).exit_code == 0
    res = runner.invoke(app, ["ingest", str(tmp_path / "b" / "comments.jsonl"), "--corpus", str(corpus), "--json"])
    sid = json.loads(res.stdout)["files"][0]["sources"][0]
    assert f"3 documents of source {sid} are not in this file and stay in the corpus;" in res.stdout
    res = runner.invoke(app, ["ingest", str(tmp_path / "c" / "comments.jsonl"), "--corpus", str(corpus), "--json"])
    assert f"4 documents of source {sid} are not in this file and stay in the corpus;" in res.stdout
    corpus = tmp_path / "d.duckdb"
    assert runner.invoke(app, ["ingest", str(tmp_path / "b" / "comments.jsonl"), "--corpus", str(corpus)]).exit_code == 0
    res = runner.invoke(app, ["ingest", str(tmp_path / "c" / "comments.jsonl"), "--corpus", str(corpus), "--json"])
    assert f"1 document of source {sid} is not in this file and stays in the corpus;" in res.stdout


def test_texts_not_added_are_counted_in_words(tmp_path):
    """The singular ("1 text was not added: it has the id ...") is in tests/test_ingest_cli.py."""
    corpus = tmp_path / "c.duckdb"
    for year, texts in (("2023", ["Directors must be social workers.", "Keep the rules."]),
                        ("2024", ["Pay is the real problem.", "Caseloads are far too high."])):
        (tmp_path / year).mkdir()
        (tmp_path / year / "comments.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), "utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "2023" / "comments.jsonl"), "--corpus", str(corpus)]).exit_code == 0
    res = runner.invoke(app, ["ingest", str(tmp_path / "2024" / "comments.jsonl"), "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    (warning,) = json.loads(res.stdout)["warnings"]
    assert (": 2 texts were not added: each has the id of a stored document whose text or author differs "
            "(first on line 1)") in warning
