"""A consultation whose header gives one question twice: the second copy, its header ending in an invisible
character (a zero-width space a web form or a copy leaves), was stored as question '...answer\u200b' under another
id: two identical-looking questions in reports, and not a word."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from ingest_helpers import documents, read
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

Q = "Q1. Do you agree? Please explain your answer"


def _sheet(path, second):
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Respondent ID", Q, second])
        out.writerow(["R1", "Leaders should listen first, always and everywhere.", "I agree with it, mostly."])
        out.writerow(["R2", "Services should be judged by their users.", "Not sure this will work in practice."])
    return path


@pytest.mark.parametrize("second", [Q, Q + "\u200b", Q + "\ufeff", "\u2060" + Q])
def test_the_second_copy_of_a_question_is_named_visibly_and_said_once(tmp_path, second):
    path = _sheet(tmp_path / "dup.csv", second)
    records, ctx = read("consultation", path)
    assert Counter(r.question for r in records) == {Q: 2, f"{Q} (2)": 2}
    assert ctx.warnings == [
        f"{path}: column 3: its header repeats column 2's ({Q!r}): its answers are stored as question "
        f"'{Q} (2)' (those stored before take the name when the file is ingested again with --replace, ids and "
        "labels kept): if it is another question, give it a header of its own and ingest the file again with "
        "--replace"]


def test_the_second_copys_ids_stay_as_stored(tmp_path):
    """Only its name changes: its answers' ids, stored before, are the same (nothing stored twice on re-ingest)."""
    path = _sheet(tmp_path / "dup.csv", Q + "\u200b")
    records, _ = read("consultation", path)
    assert sorted({r.question_id for r in records}) == ["Q1", "Q1-cfdc0c95"]  # main's ids for this file


def test_a_header_of_its_own_says_nothing(tmp_path):
    path = _sheet(tmp_path / "two.csv", "Q2. Why?")
    _records, ctx = read("consultation", path)
    assert ctx.warnings == []


def test_a_corpus_stored_before_takes_the_name_with_replace_ids_kept(tmp_path):
    """Stored before this change under '...answer\u200b': ingested again, nothing is stored twice; with --replace the
    stored answers take the visible name under the same ids."""
    path, corpus = _sheet(tmp_path / "dup.csv", Q + "\u200b"), tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    ids = sorted(d["id"] for d in documents(corpus))
    with Corpus.open(corpus, write=True) as c:  # as main stored it
        c.sql("UPDATE documents SET question = ? WHERE question = ?", [Q + "\u200b", f"{Q} (2)"])
    for flags in ([], ["--replace"]):
        res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), *flags])
        assert res.exit_code == 0, res.output
    assert sorted(d["id"] for d in documents(corpus)) == ids
    assert Counter(d["question"] for d in documents(corpus)) == {Q: 2, f"{Q} (2)": 2}
