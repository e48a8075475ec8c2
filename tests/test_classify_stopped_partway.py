"""Ctrl-C or SIGTERM after classify stored some chunks says how many documents' tags stayed stored."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from report_fixtures import FakeStance, FakeThemes, make_report_corpus

import voices.classify as classify_mod
from voices.classify import classify_corpus
from voices.errors import StoppedPartway
from voices.store import Corpus


def _stop_on_second_batch():
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    return progress


def test_a_stop_after_a_stored_chunk_says_how_many_were_kept(tmp_path, monkeypatch):
    """The user was told only "nothing half-written was kept"; what stayed showed at the next run."""
    path = make_report_corpus(tmp_path / "c.duckdb")
    monkeypatch.setattr(classify_mod, "STORE_CHUNK", 4)  # chunks of 4 documents, batches of 4
    with pytest.raises(StoppedPartway) as stopped:
        classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes(), batch_size=4, n_process=1,
                        progress=_stop_on_second_batch())
    with Corpus.open(path) as c:
        kept = c.sql("SELECT count(*) FROM predictions").fetchone()[0]
    assert kept == 8  # two chunks stored before the stop
    assert stopped.value.kept.startswith(f"the tags of {kept:,} of ")
    assert "run the same classify again" in stopped.value.kept


def test_a_stop_before_any_chunk_is_a_plain_interruption(tmp_path, monkeypatch):
    path = make_report_corpus(tmp_path / "c.duckdb")

    def progress(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as stopped:  # one chunk of 20,000: nothing stored before the stop
        classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes(), batch_size=4, n_process=1,
                        progress=progress)
    assert not isinstance(stopped.value, StoppedPartway)


def test_the_cli_line_carries_what_was_kept(capsys):
    from voices.cli._common import Common
    from voices.cli._handled import handled

    with pytest.raises(typer.Exit) as done, handled(Common(Path("c.duckdb"))):
        raise StoppedPartway("the tags of 8 of 15 documents were stored before the stop; run the same classify "
                             "again to tag the rest")
    assert done.value.exit_code == 130
    assert capsys.readouterr().err == ("voices: interrupted; nothing half-written was kept (the tags of 8 of 15 "
                                       "documents were stored before the stop; run the same classify again to tag "
                                       "the rest)\n")
