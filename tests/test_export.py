"""Exports: the field contract in CSV, JSONL and Parquet; Excel-safe CSV."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
from store_fixtures import make_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.export import neutralise_cell
from voices.schemas import EXPORT_FIELDS

runner = CliRunner()


def test_neutralise_cell():
    assert neutralise_cell("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise_cell("-1") == "'-1"
    assert neutralise_cell("@x") == "'@x" and neutralise_cell("+4") == "'+4"
    assert neutralise_cell("plain") == "plain"


def test_csv_export_contract(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["export", "--format", "csv", "--out", str(out), "--corpus", str(path)])
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0].keys()) == EXPORT_FIELDS
    assert len(rows) == 6
    texts = {r["text"] for r in rows}
    assert "'=SUM(A1) No: a DCS leads schools, health and police too." in texts
    assert any("£40k" in t for t in texts)
    reply = next(r for r in rows if r["author"] == "Jess")
    parent = next(r for r in rows if r["author"] == "Mo Khan")
    assert reply["parent_id"] == parent["id"] and reply["position"] == "2"


def test_jsonl_to_stdout_and_parquet_dataset(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["export", "--format", "jsonl", "--corpus", str(path)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 6 and list(rows[0]) == list(EXPORT_FIELDS)
    assert {r["closed_answer"] for r in rows} == {None, "Agree", "Disagree"}
    out = tmp_path / "ds"
    res = runner.invoke(app, ["export", "--format", "parquet", "--out", str(out), "--corpus", str(path)])
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(out)
    assert list(df.columns) == list(EXPORT_FIELDS) and len(df) == 6
    assert sorted(df["id"]) == sorted(r["id"] for r in rows)
    again = runner.invoke(app, ["export", "--format", "parquet", "--out", str(out), "--corpus", str(path)])
    assert again.exit_code == 0, again.output  # an earlier export's folder is replaced, as a file export is
    assert sorted(pd.read_parquet(out)["id"]) == sorted(r["id"] for r in rows)


def test_parquet_needs_out_and_unknown_format(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["export", "--format", "parquet", "--corpus", str(path)])
    assert res.exit_code == 2 and "--out" in res.output
    res = runner.invoke(app, ["export", "--format", "xml", "--corpus", str(path)])
    assert res.exit_code == 2 and "unknown export format" in res.output


def test_help_lists_every_export_field_in_the_order_written():
    """The walk: `voices export --help` listed the fields up to `text`, then the prediction fields, leaving out
    the six added since (attributes ... original_id) that every export writes between them."""
    from voices.schemas import PREDICTION_FIELDS

    res = runner.invoke(app, ["export", "--help"], terminal_width=200)
    assert res.exit_code == 0, res.output
    listed = " ".join(res.stdout.split()).split("fields: ", 1)[1].split(". ", 1)[0]
    assert listed.replace(" then ", " ").replace(",", "").split() == [*EXPORT_FIELDS, *PREDICTION_FIELDS]
