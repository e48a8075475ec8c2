"""Files voices wrote that are no input (a labelling sheet, a labelled export, a quotes file) are refused by ingest.

Each was stored again as a new source of duplicate documents (exit 0), and reports counted those texts twice.
"""

from __future__ import annotations

import json

import pytest
from ingest_helpers import SAMPLES, count, documents
from typer.testing import CliRunner

from voices.cli import app
from voices.ingest.outputs import output_kind

runner = CliRunner()


def voices(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """A corpus of the sample thread, one text labelled (stance and theme), a validation sample of 3."""
    folder = tmp_path_factory.mktemp("outputs")
    corpus = folder / "c.duckdb"
    assert voices("ingest", str(SAMPLES / "thread.txt"), "--corpus", str(corpus)).exit_code == 0
    first = documents(corpus)[1]["id"]
    res = voices("label", first, "--stance", "none", "--themes", "burnout", "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    res = voices("sample", "--validation", "3", "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    return folder, corpus


def _write(kind: str, folder, corpus) -> tuple[str, str]:
    """Write one voices output with the CLI; its path and what the refusal says to do."""
    c = ["--corpus", str(corpus)]
    if kind.startswith("sheet"):
        out = folder / f"to-label.{kind.split('.')[1]}"
        res = voices("review", "--export", str(out), *c)
        todo = f"voices label --from {out}"
    elif kind.startswith("labelled"):
        fmt = kind.split(".")[1]
        out = folder / f"my-labels.{fmt}"
        res = voices("export", "--labelled", "--format", fmt, "--out", str(out), *c)
        todo = f"voices label --from {out}"
    else:
        out = folder / (f"{kind}.json" if kind == "quotes-json" else f"{kind}.csv")
        redact = ["--no-redact"] if kind == "quotes-plain" else []
        res = voices("quotes", "--theme", "burnout", "--out", str(out), *redact, *c)
        todo = "an output, not an input"
    assert res.exit_code == 0, res.output
    return str(out), todo


@pytest.mark.parametrize("kind,what", [
    ("sheet.csv", "a labelling sheet"), ("sheet.xlsx", "a labelling sheet"),
    ("labelled.jsonl", "a labelled export"), ("labelled.csv", "a labelled export"),
    ("quotes", "a quotes file"), ("quotes-plain", "a quotes file"), ("quotes-json", "a quotes file"),
])
def test_a_voices_output_is_refused_and_nothing_is_stored(labelled, kind, what):
    folder, corpus = labelled
    path, todo = _write(kind, folder, corpus)
    before = count(corpus)
    res = voices("ingest", path, "--corpus", str(corpus))
    assert res.exit_code == 2, res.output
    message = res.stderr.strip()
    assert "\n" not in message
    assert message.startswith(f"voices: error: {path}: {what} voices wrote")
    assert todo in message and message.endswith("nothing was stored")
    assert count(corpus) == before == 35


def test_a_full_export_still_reads_back(labelled, tmp_path):
    _, corpus = labelled
    out = tmp_path / "all.csv"
    assert voices("export", "--format", "csv", "--out", str(out), "--corpus", str(corpus)).exit_code == 0
    other = tmp_path / "other.duckdb"
    res = voices("ingest", str(out), "--corpus", str(other), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 35
    assert [d["id"] for d in documents(other)] == [d["id"] for d in documents(corpus)]


def test_the_signs_match_the_writers_columns():
    from voices.api.quotes import QUOTE_FIELDS
    from voices.labelfile_rows import SHEET_COLUMNS

    assert output_kind(SHEET_COLUMNS) == "sheet"
    assert output_kind(QUOTE_FIELDS) == "quotes"
    assert output_kind(("id", "text", "stance", "themes", "source_id", "stance_labelled", "themes_labelled",
                        "labelled_by", "labelled_at")) == "labelled"
    # people's own files: an id, a text and a stance column of their own are no voices output
    assert output_kind(("id", "text", "stance", "themes")) is None
    assert output_kind(("ID", "Text", "Quote", "Stance")) is None


@pytest.mark.parametrize("fmt", ["records", "consultation", "voices"])
@pytest.mark.parametrize("kind,what", [
    ("sheet.csv", "a labelling sheet"), ("labelled.csv", "a labelled export"), ("quotes", "a quotes file"),
])
def test_a_voices_output_is_refused_with_a_forced_format_too(labelled, tmp_path, kind, what, fmt):
    """``--format records`` (or consultation) skipped the guess, and the check with it: a labelling sheet was
    stored as new documents (exit 0) that reports counted twice. ``--format voices`` said "use --format records
    or consultation", which stored it."""
    folder, corpus = labelled
    path, todo = _write(kind, folder, corpus)
    before = count(corpus)
    res = voices("ingest", path, "--format", fmt, "--corpus", str(corpus))
    assert res.exit_code == 2, res.output
    message = res.stderr.strip()
    assert "\n" not in message and message.startswith(f"voices: error: {path}: {what} voices wrote")
    assert todo in message and message.endswith("nothing was stored")
    assert count(corpus) == before == 35


@pytest.mark.parametrize("kind,fmt", [("sheet.xlsx", "consultation"), ("labelled.jsonl", "records")])
def test_a_forced_format_on_a_sheet_workbook_or_labelled_jsonl_is_refused(labelled, kind, fmt):
    folder, corpus = labelled
    path, todo = _write(kind, folder, corpus)
    res = voices("ingest", path, "--format", fmt, "--corpus", str(corpus))
    assert res.exit_code == 2, res.output
    assert todo in res.stderr and res.stderr.strip().endswith("nothing was stored")
    assert count(corpus) == 35


def _strip_columns(path, out, drop):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keep = [c for c in rows[0] if c not in drop]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, keep, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return keep


@pytest.mark.parametrize("fmt", ["auto", "records"])
def test_a_sheet_whose_model_columns_were_deleted_is_still_refused(labelled, tmp_path, fmt):
    """With model_stance, model_themes and confidence deleted, a sheet read as records and was stored again.
    Its id, text and the label columns a person fills in (stance, themes, by, validation) still tell it."""
    folder, corpus = labelled
    sheet, _ = _write("sheet.csv", folder, corpus)
    out = tmp_path / "to-label-trimmed.csv"
    kept = _strip_columns(sheet, out, {"model_stance", "model_themes", "confidence", "stance_probability",
                                       "parent_text", "question", "closed_answer"})
    assert kept == ["id", "text", "stance", "themes", "by", "validation"]
    assert output_kind(kept) == "sheet"
    res = voices("ingest", str(out), "--format", fmt, "--corpus", str(corpus))
    assert res.exit_code == 2, res.output
    assert res.stderr.strip() == (f"voices: error: {out}: a labelling sheet voices wrote (voices review --export), "
                                  f"not new texts: to store the labels filled in, run: voices label --from {out}; "
                                  "nothing was stored")
    assert count(corpus) == 35


@pytest.mark.parametrize("header", ["id,text,stance", "id,text,stance,themes", "id,text,stance,themes,by",
                                    "ID,Text,Stance,Validation"])
def test_another_tools_file_with_an_id_and_a_stance_column_is_still_read(tmp_path, header):
    """Fewer of the sheet's columns tell nothing: a coded file from another tool is records like any other."""
    path = tmp_path / "coded.csv"
    cells = {"id": ["q1", "q2"], "text": ["Keep the bus lane on the high street.", "The new signs wasted money."],
             "stance": ["support", "oppose"], "themes": ["transport", "spending"], "by": ["AB", "AB"],
             "validation": ["", ""]}
    names = header.split(",")
    rows = [",".join(cells[n.casefold()][i] for n in names) for i in range(2)]
    path.write_text("\n".join([header, *rows, ""]), encoding="utf-8")
    assert output_kind(names) is None
    corpus = tmp_path / "c.duckdb"
    res = voices("ingest", str(path), "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 2
    assert [(d["original_id"], d["text"]) for d in documents(corpus)] == list(zip(cells["id"], cells["text"],
                                                                                 strict=True))


@pytest.mark.parametrize(("suffix", "fmt"), [("csv", "auto"), ("csv", "records"), ("jsonl", "auto"),
                                             ("jsonl", "records")])
def test_another_tools_file_with_the_trimmed_sheets_six_columns_is_read(tmp_path, suffix, fmt):
    """A coding tool's export with id, text, stance, themes, by and validation columns was refused as a
    voices sheet whose model columns were deleted ("run voices label --from"), with no way to read it:
    its ids ("r1", "17") are none of a corpus's document ids, which a sheet's always are."""
    rows = [{"id": "r1", "text": "Keep the bus lane on the high street.", "stance": "support", "themes": "transport",
             "by": "AB", "validation": "no"},
            {"id": "17", "text": "The new signs wasted money.", "stance": "oppose", "themes": "spending",
             "by": "AB", "validation": ""}]
    path = tmp_path / f"coded.{suffix}"
    if suffix == "csv":
        lines = [",".join(rows[0])] + [",".join(r.values()) for r in rows]
    else:
        lines = [json.dumps(r) for r in rows]
    path.write_text("\n".join([*lines, ""]), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    res = voices("ingest", str(path), "--format", fmt, "--corpus", str(corpus), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 2
    assert [(d["original_id"], d["text"]) for d in documents(corpus)] == [(r["id"], r["text"]) for r in rows]
    sheet_ids = path.read_text(encoding="utf-8").replace("r1", "d0123456789abcde")  # a sheet's ids: refused still
    path.write_text(sheet_ids, encoding="utf-8")
    res = voices("ingest", str(path), "--format", fmt, "--corpus", str(corpus))
    assert res.exit_code == 2 and "a labelling sheet voices wrote" in res.stderr
    assert count(corpus) == 2
