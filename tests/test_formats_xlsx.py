"""XLSX export and report: every field, theme columns, text-only cells, the cell limit, ingest round trip."""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import THEMES, classified_corpus
from store_fixtures import make_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.formats.columns import FIELD_DOCS, THEME_PREFIX
from voices.formats.xlsx import CELL_LIMIT, fit_cell, sheet_title
from voices.schemas import EXPORT_FIELDS, PREDICTION_FIELDS
from voices.store import Corpus

runner = CliRunner()


def _export(corpus, out, *extra):
    res = runner.invoke(app, ["export", "--format", "xlsx", "--out", str(out), "--corpus", str(corpus), *extra])
    assert res.exit_code == 0, res.output
    return res


def _documents(corpus) -> pd.DataFrame:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT id, source_id, kind, position, author, posted_at, parent_id, question_id, "
                     "question, respondent_id, respondent_type, organisation, closed_answer, text "
                     "FROM documents ORDER BY id").df()


def test_every_documented_column_reads_back_with_pandas(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "out.xlsx"
    _export(corpus, out)
    sheets = pd.read_excel(out, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["documents", "columns"]
    docs, guide = sheets["documents"], sheets["columns"]
    theme_cols = [THEME_PREFIX + t for t in sorted(THEMES)]
    assert list(docs.columns) == [*EXPORT_FIELDS, *PREDICTION_FIELDS, *theme_cols]
    assert list(guide["column"]) == list(docs.columns)
    assert all(len(m) > 10 for m in guide["meaning"])
    assert len(docs) == 16
    for _, row in docs.iterrows():  # the 0/1 columns say what the themes column says
        has = set(filter(None, row["themes"].split(";")))
        assert {t for t in sorted(THEMES) if row[THEME_PREFIX + t] == "1"} == has
        flags = {row[c] for c in theme_cols}
        assert flags <= {"0", "1"} if row["themes_model"] else flags == {""}  # empty: not classified
    pay = docs[docs["text"].str.contains("pay is frozen")].iloc[0]
    assert pay[THEME_PREFIX + "pay"] == "1" and "pay" in pay["themes"].split(";")
    assert json.loads(pay["theme_probabilities"])["pay"] > 0.5


def test_cells_are_text_never_formulas(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "out.xlsx"
    _export(corpus, out)
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    assert 't="n"' not in sheet  # positions too are text
    docs = pd.read_excel(out, dtype=str)
    assert "=SUM(A1) No: a DCS leads schools, health and police too." in set(docs["text"])  # no ' prefix


def test_long_text_is_cut_with_a_marker_and_counted(tmp_path):
    from store_fixtures import THREAD

    from voices.schemas import Record

    long = "word " * 8000  # 40,000 characters
    corpus = make_corpus(tmp_path / "c.duckdb", [Record(THREAD, "comment", long.strip(), "1", author="A")])
    out = tmp_path / "out.xlsx"
    res = _export(corpus, out, "--json")
    assert json.loads(res.stdout)["cut"] == 1
    text = pd.read_excel(out, dtype=str)["text"][0]
    assert len(text) <= CELL_LIMIT and text.startswith("word word") and "[cut: " in text
    assert "of 39,999 characters" in text
    res = _export(corpus, tmp_path / "again.xlsx")
    assert "1 cells were longer than Excel's 32,767-character limit" in res.output
    res = runner.invoke(app, ["ingest", str(out), "--corpus", str(tmp_path / "d.duckdb"), "--json"])
    assert res.exit_code == 0, res.output
    assert any("1 texts were cut to Excel's cell limit when exported" in w
               for w in json.loads(res.stdout)["warnings"])
    # said on stderr too, once (it went only to --json's list), and once in a preview
    assert res.stderr.count("1 texts were cut to Excel's cell limit when exported") == 1
    res = runner.invoke(app, ["ingest", "--preview", str(out)])
    assert res.exit_code == 0, res.output
    assert (res.stdout + res.stderr).count("1 texts were cut to Excel's cell limit when exported") == 1


def test_fit_cell_replaces_characters_xml_cannot_hold():
    assert fit_cell("a\x01b") == ("a\ufffdb", False)


def test_xlsx_export_ingests_back_as_the_same_documents(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "out.xlsx"
    _export(corpus, out)
    res = runner.invoke(app, ["ingest", str(out), "--corpus", str(tmp_path / "d.duckdb")])
    assert res.exit_code == 0, res.output
    pd.testing.assert_frame_equal(_documents(corpus), _documents(tmp_path / "d.duckdb"))


def test_classified_and_redacted_xlsx_reads_back(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "out.xlsx"
    _export(corpus, out, "--redact")
    docs = pd.read_excel(out, dtype=str)
    assert not docs["text"].str.contains("jane.smith@council.gov.uk").any()
    res = runner.invoke(app, ["ingest", str(out), "--corpus", str(tmp_path / "d.duckdb")])
    assert res.exit_code == 0, res.output
    assert len(_documents(tmp_path / "d.duckdb")) == 16


def test_xlsx_export_needs_out_on_a_terminal(tmp_path, monkeypatch):
    """A redirected stdout takes the workbook (test_cli_common); a terminal is no place for one."""
    import voices.cli._output

    monkeypatch.setattr(voices.cli._output, "stdout_is_terminal", lambda: True)
    corpus = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["export", "--format", "xlsx", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "--out FILE.xlsx" in res.output and res.stdout == ""


def test_every_contract_field_is_explained():
    assert set(EXPORT_FIELDS + PREDICTION_FIELDS) <= set(FIELD_DOCS)


@pytest.mark.parametrize(("name", "title"), [("by_attribute:region", "by_attribute region"),
                                             ("x" * 40, "x" * 31), ("a/b?", "a b"),
                                             ("by_attribute:region'", "by_attribute region"),
                                             ("'quoted", "quoted"), ("x" * 30 + "'y", "x" * 30),
                                             ("history", "history~2"), ("'", "table")])
def test_sheet_titles_excel_accepts(name, title):
    assert sheet_title(name, set()) == title


def test_sheet_titles_stay_unique():
    taken: set[str] = set()
    assert sheet_title("ratings:" + "q" * 40, taken) != sheet_title("ratings:" + "q" * 41, taken)


def test_report_xlsx_one_titled_sheet_per_table(tmp_path):
    from voices.report.machine import CSV_FIELDS

    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "report.xlsx"
    res = runner.invoke(app, ["report", "--format", "xlsx", "--out", str(out), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    csv_path = tmp_path / "report.csv"
    res = runner.invoke(app, ["report", "--format", "csv", "--out", str(csv_path), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    tidy = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    sheets = pd.read_excel(out, sheet_name=None, header=None)
    contents = sheets.pop("contents")
    tables = list(dict.fromkeys(tidy["table"]))
    assert [sheet_title(t, set()) for t in tables] == list(sheets)
    assert len(contents) == len(tables) + 1
    dist = sheets["stance_distribution"]
    assert dist.iloc[0, 0].endswith("stance distribution")
    assert list(dist.iloc[2]) == list(CSV_FIELDS[1:])
    body = dist.iloc[3:]
    want = tidy[tidy["table"] == "stance_distribution"]
    assert len(body) == len(want)
    shares = body[body[3] == "share"][4].astype(float)
    assert all(round(v, 4) == v for v in shares)  # rounded to 4 decimals, kept as numbers
    assert sorted(shares) == sorted(want[want["measure"] == "share"]["value"].astype(float))


def test_export_json_needs_a_file(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["export", "--json", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "give --out FILE" in res.output


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))), min_size=1, max_size=200)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(texts=st.lists(_TEXT, min_size=1, max_size=5))
def test_any_text_reads_back_from_the_workbook_as_written(tmp_path_factory, texts):
    from voices.formats.xlsx import write_export
    from voices.ingest._tabular import read_xlsx_table
    from voices.ingest.base import IngestOptions, ReadContext

    out = tmp_path_factory.mktemp("x") / "t.xlsx"
    write_export([{"id": str(i), "text": t} for i, t in enumerate(texts)], ("id", "text"), [], out)
    table = read_xlsx_table(out, ReadContext(out, IngestOptions()))
    assert [cells[1] for _, _, cells in table.rows] == [t if t else "" for t in texts]


def _undated(path) -> bytes:
    """The workbook's bytes, once its zip entries and document properties are shown to carry no time of writing."""
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count(">1980-01-01T00:00:00Z<") == 2  # created and modified
    return path.read_bytes()


@pytest.mark.parametrize("command", [
    ("export", "--format", "xlsx"),
    ("report", "--format", "xlsx"),
    ("review", "--export", "{out}", "--queue", "learning", "--n", "5"),
], ids=["export", "report", "review-sheet"])
def test_two_runs_write_the_same_workbook_bytes(tmp_path, command):
    """openpyxl stamped the time of saving into docProps/core.xml and every zip entry: a rerun differed."""
    corpus = classified_corpus(tmp_path / "c.duckdb")
    written = []
    for run in ("a", "b"):
        out = tmp_path / run / "out.xlsx"
        out.parent.mkdir()
        args = [a.format(out=out) for a in command]
        if "{out}" not in command:
            args += ["--out", str(out)]
        res = runner.invoke(app, [*args, "--corpus", str(corpus)])
        assert res.exit_code == 0, res.output
        written.append(_undated(out))
    assert written[0] == written[1]
    assert b"docProps/core.xml" in written[0]
