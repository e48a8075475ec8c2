"""A renamed copy of a merged-header sheet stored the old way (its labels row an answer) is refused as a copy.

``copied_source`` compared the copy as read right (five answers, the explanations under Q1) with the source as
stored the old way (six, the labels row a respondent's): the places and texts differed, so "sheet copy.csv" was
stored whole a second time (5 added, no warning) where a renamed copy is refused (exit 2).
"""

from __future__ import annotations

import json

import pytest
from ingest_helpers import documents
from test_ingest_hand_made_sheets import ROWS, SUB, TOP, _write
from typer.testing import CliRunner

from voices.cli import app


def _run(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("preview", [False, True])
def test_a_renamed_copy_of_a_sheet_stored_the_old_way_is_refused(tmp_path, monkeypatch, preview):
    from voices.ingest import consultation

    path, copy, corpus = tmp_path / "sheet.csv", tmp_path / "sheet copy.csv", tmp_path / "c.duckdb"
    for p in (path, copy):
        _write(p, [TOP, SUB, *ROWS])
    with monkeypatch.context() as before:  # as voices read it before: the labels row an answer
        before.setattr(consultation, "merge_header_rows", lambda header, sample: (header, sample))
        first = _run("ingest", path, "--corpus", corpus, "--dayfirst", "--json")
        assert first.exit_code == 0, first.output
        assert json.loads(first.stdout)["documents_added"] == 6
    stored = documents(corpus)
    again = _run("ingest", copy, "--corpus", corpus, "--dayfirst", "--json", *(["--preview"] if preview else []))
    assert again.exit_code == 2, again.output
    assert "in source" in again.output and "('sheet')" in again.output and "--source-title sheet" in again.output
    assert documents(corpus) == stored
    named = _run("ingest", copy, "--corpus", corpus, "--dayfirst", "--json", "--source-title", "sheet")
    assert named.exit_code == 0, named.output
    assert json.loads(named.stdout)["documents_added"] == 0
    assert documents(corpus) == stored


def test_a_renamed_copy_of_a_sheet_stored_read_right_is_refused(tmp_path):
    """As before this change: the copy read as the source was stored (the old reading is offered only after)."""
    path, copy, corpus = tmp_path / "sheet.csv", tmp_path / "sheet copy.csv", tmp_path / "c.duckdb"
    for p in (path, copy):
        _write(p, [TOP, SUB, *ROWS])
    assert _run("ingest", path, "--corpus", corpus, "--dayfirst", "-q").exit_code == 0
    again = _run("ingest", copy, "--corpus", corpus, "--dayfirst")
    assert again.exit_code == 2 and "all 5 of its texts" in again.output, again.output
