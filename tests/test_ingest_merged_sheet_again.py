"""A merged-header sheet stored read right is read right again: its explanations are not stored twice.

``_read_as_stored`` read the sheet the old way (its labels row an answer) whenever the corpus held any of
its answers as the old reading ids them, and a column outside the merged cell ("Q2. Anything else?") has
the same ids either way: ingesting the sheet twice, or again after ``--replace``, stored its three
explanations a second time under the blank header's question, and its "Please explain" row (5 -> 9 documents).
"""

from __future__ import annotations

import json

import pytest
from ingest_helpers import documents
from test_ingest_hand_made_sheets import ROWS, SUB, TOP, _write
from typer.testing import CliRunner

from voices.cli import app


def _ingest(path, corpus, *more: str) -> dict:
    res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--dayfirst", "--json", *more])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.parametrize("name", ["sheet.csv", "sheet.xlsx"])
def test_a_merged_header_sheet_ingested_twice_is_stored_once(tmp_path, name):
    path, corpus = tmp_path / name, tmp_path / "c.duckdb"
    _write(path, [TOP, SUB, *ROWS])
    assert _ingest(path, corpus)["documents_added"] == 5
    stored = documents(corpus)
    again = _ingest(path, corpus)
    assert (again["documents_added"], again["warnings"]) == (0, [])
    assert documents(corpus) == stored
    preview = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--dayfirst", "--preview",
                                       "--json"])
    assert preview.exit_code == 0, preview.output
    assert (json.loads(preview.stdout)["documents"], json.loads(preview.stdout)["warnings"]) == (5, [])


def test_a_sheet_replaced_to_be_read_right_stays_read_right(tmp_path, monkeypatch):
    from voices.ingest import consultation

    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    _write(path, [TOP, SUB, *ROWS])
    with monkeypatch.context() as before:  # as voices read it before: the labels row an answer
        before.setattr(consultation, "merge_header_rows", lambda header, sample: (header, sample))
        assert _ingest(path, corpus)["documents_added"] == 6
    assert _ingest(path, corpus, "--replace")["documents_added"] == 3
    stored = documents(corpus)
    assert sorted(d["question_id"] for d in stored) == ["Q1", "Q1", "Q1", "Q2", "Q2"]
    again = _ingest(path, corpus)
    assert (again["documents_added"], again["warnings"]) == (0, [])
    assert documents(corpus) == stored


def test_a_respondent_erased_before_the_sheet_was_read_right_stays_erased(tmp_path, monkeypatch):
    """Stored the old way, R1 erased, then --replace (as the old-way warning says): R1's explanation came back.

    Read right, the explanation's question id is Q1, not the blank header's digest its erasure was recorded
    under, so neither its id nor its text's digest matched the suppression list.
    """
    from voices.ingest import consultation

    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    _write(path, [TOP, SUB, *ROWS])
    with monkeypatch.context() as before:
        before.setattr(consultation, "merge_header_rows", lambda header, sample: (header, sample))
        assert _ingest(path, corpus)["documents_added"] == 6
    gone = CliRunner().invoke(app, ["delete", "--respondent", "R1", "--corpus", str(corpus)])
    assert gone.exit_code == 0, gone.output
    done = _ingest(path, corpus, "--replace")
    assert sorted((d["respondent_id"], d["question_id"]) for d in documents(corpus)) == [
        ("R2", "Q1"), ("R3", "Q1"), ("R3", "Q2")]
    assert done["skipped_erased"] == 2


def test_preview_with_replace_reads_the_sheet_as_replace_stores_it(tmp_path, monkeypatch):
    """``--preview --replace`` dropped --replace: it read the old way and told the user to give --replace."""
    from voices.ingest import consultation

    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    _write(path, [TOP, SUB, *ROWS])
    with monkeypatch.context() as before:
        before.setattr(consultation, "merge_header_rows", lambda header, sample: (header, sample))
        assert _ingest(path, corpus)["documents_added"] == 6
    shown = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--dayfirst", "--preview",
                                     "--json", "--replace"])
    assert shown.exit_code == 0, shown.output
    preview = json.loads(shown.stdout)
    assert (preview["documents"], preview["warnings"]) == (5, [])
    assert preview["examples"][0]["question"] == "Q1. Do you support the proposal? Please explain"
    _ingest(path, corpus, "--replace")
    assert len(documents(corpus)) == preview["documents"]
