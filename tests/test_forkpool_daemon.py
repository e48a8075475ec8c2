"""Inside a daemon process (a Dask worker) pools are not made: the work runs in that process, unchanged.

A daemon process may not have children (``multiprocessing`` refuses), so every
caller of ``voices._forkpool.ordered_map`` must run serially there instead of failing.
"""

from __future__ import annotations

import multiprocessing
import os

import pandas as pd
import pytest
from report_fixtures import FakeStance, FakeThemes, make_report_corpus

import voices.classify as classify_mod
import voices.nlp.entities as entities
from voices import _forkpool
from voices.store import Corpus

pytestmark = pytest.mark.skipif(_forkpool.start_method() != "fork", reason="the daemon inherits the test's state by fork")

_COLS = "doc_id, status, language, stance, stance_probabilities, themes, theme_probabilities"
_TEXTS = ["Priya Patel ran the team in Leeds for six years.", "", "Ring Tom Hughes at Social Work England.",
          "Maria Lopez moved to Cardiff.", "Nobody at the NHS asked us, said Gareth Evans in Bristol."]


def _in_daemon(fn, *args) -> None:
    """Run ``fn(*args)`` in a forked daemon process; fail if it did not end cleanly."""
    proc = multiprocessing.get_context("fork").Process(target=fn, args=args, daemon=True)
    proc.start()
    proc.join(120)
    assert proc.exitcode == 0, f"the daemon process ended with {proc.exitcode}"


def _predictions(path) -> pd.DataFrame:
    with Corpus.open(path) as c:
        return c.sql(f"SELECT {_COLS} FROM predictions ORDER BY doc_id").df()


def _classify(path, n_process) -> None:
    classify_mod.classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes(),
                                 batch_size=4, n_process=n_process)


def _add_pid(state: int, item: int) -> tuple[int, int]:
    return item + state, os.getpid()


def _map_in_daemon(out) -> None:
    out.put([(item, got) for item, got in _forkpool.ordered_map(_add_pid, range(5), 2, 100)])


def _ner_in_daemon(out) -> None:
    out.put((entities._workers(2, 40, 10_000, 1), entities.ner_entities(_TEXTS, n_process=2, batch_size=1)))


def _preprocess_in_daemon(out) -> None:
    from voices.nlp import preprocess

    out.put(list(preprocess(_TEXTS * 3, n_process=2, batch_size=2)))


def test_preprocess_in_a_daemon_gives_what_one_process_gives():
    from voices.nlp import preprocess

    out = multiprocessing.get_context("fork").SimpleQueue()
    _in_daemon(_preprocess_in_daemon, out)
    got = out.get()
    assert got == list(preprocess(_TEXTS * 3, n_process=1))
    assert got[1] == "" and got[0].startswith("priya patel ran the team")


def test_ordered_map_runs_in_the_daemon_itself():
    out = multiprocessing.get_context("fork").SimpleQueue()
    _in_daemon(_map_in_daemon, out)
    got = out.get()
    assert [(item, value) for item, (value, _) in got] == [(0, 100), (1, 101), (2, 102), (3, 103), (4, 104)]
    assert len({pid for _, (_, pid) in got}) == 1 and got[0][1][1] != os.getpid()  # one process: the daemon


def test_classify_in_a_daemon_writes_what_one_process_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(classify_mod, "MIN_PARALLEL_DOCS", 0)  # 15 documents would ask for two workers
    serial, daemon = make_report_corpus(tmp_path / "one.duckdb"), make_report_corpus(tmp_path / "daemon.duckdb")
    assert classify_mod._workers(2, 15, 4) == 2  # outside a daemon: a pool
    _classify(serial, 1)
    _in_daemon(_classify, daemon, 2)
    want = _predictions(serial)
    assert len(want) == 15 and sorted(want["status"].value_counts().items()) == [("classified", 14), ("not_english", 1)]
    pd.testing.assert_frame_equal(_predictions(daemon), want)


def test_ner_in_a_daemon_finds_what_one_process_finds():
    out = multiprocessing.get_context("fork").SimpleQueue()
    _in_daemon(_ner_in_daemon, out)
    workers, found = out.get()
    assert workers == 1
    assert entities._workers(2, 40, 10_000, 1) == 2  # outside a daemon: a pool
    assert found == entities.ner_entities(_TEXTS, n_process=1, batch_size=1)
    assert ("PERSON", "Priya Patel") in [(lab, _TEXTS[0][s:e]) for s, e, lab in found[0]]
    assert found[1] == []
