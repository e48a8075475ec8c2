"""NER in worker processes finds exactly what one process finds, and stops cleanly when interrupted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import classified_corpus
from typer.testing import CliRunner
from worker_helpers import alive, stop

import voices.nlp._pieces as pieces_module
import voices.nlp.entities as entities
from voices.cli import app
from voices.nlp import ner_entities

SRC = Path(__file__).resolve().parents[1] / "src"

_PEOPLE = ["Priya Patel", "Tom Hughes", "Maria Lopez", "Gareth Evans", "Aisha Okafor", "Liam O'Connor"]
_PLACES = ["Leeds", "Cardiff", "Manchester", "Bristol", "Glasgow", "Norwich"]
_BODIES = ["Leeds City Council", "the NHS", "Social Work England", "Barnardo's", "the Department for Education"]
_FRAMES = [
    "{p} ran the children's team in {pl} for six years before joining {b}.",
    "When I worked in {pl}, {p} was the only director who came to our team meetings.",
    "{b} should listen to frontline staff. {p} said as much at the conference in {pl} last March.",
    "My caseload in {pl} is thirty families; {p} from {b} promised it would fall by 2025.",
    "Nobody at {b} asked us. Ring {p} in {pl} if you doubt it.",
]


def _texts(n: int) -> list[str]:
    """``n`` short texts naming people, places and organisations, plus an empty one and a long one."""
    out = [_FRAMES[i % len(_FRAMES)].format(p=_PEOPLE[i % len(_PEOPLE)], pl=_PLACES[(i // 2) % len(_PLACES)],
                                           b=_BODIES[(i // 3) % len(_BODIES)])
           for i in range(n)]
    out[7] = ""
    out[150] = "\n\n".join(out[:12])  # cut into pieces below: entities must land at the right offsets
    return out


def _spy(monkeypatch) -> list[tuple[int, int]]:
    """(workers, chunks) of every ``ordered_map`` that NER started."""
    calls: list[tuple[int, int]] = []
    real = entities.ordered_map

    def spy(fn, items, workers, state, payload=None):
        items = list(items)
        calls.append((workers, len(items)))
        return real(fn, items, workers, state, payload)

    monkeypatch.setattr(entities, "ordered_map", spy)
    return calls


def test_workers_find_exactly_what_one_process_finds(monkeypatch):
    monkeypatch.setattr(pieces_module, "PIECE_CHARS", 400)
    texts = _texts(300)
    calls = _spy(monkeypatch)
    alone = ner_entities(texts, n_process=1, batch_size=16)
    assert calls == []
    together = ner_entities(texts, n_process=2, batch_size=16)
    assert calls == [(2, 10)]  # 300 texts and the long one's extra pieces: 302 pieces, chunks of 2 x 16
    assert together == alone
    assert len(alone) == 300 and alone[7] == []
    found = [(lab, texts[1][s:e]) for s, e, lab in alone[1]]
    assert ("PERSON", "Tom Hughes") in found and ("GPE", "Leeds") in found
    cuts = [offset for offset, _ in pieces_module.pieces(texts[150])]
    assert cuts == [0, 304, 669]  # the long text is read in three pieces, its spans shifted back
    last = [(lab, texts[150][s:e]) for s, e, lab in alone[150] if s >= cuts[-1]]
    assert ("PERSON", "Aisha Okafor") in last and ("ORG", "Social Work England") in last
    assert sum(1 for ents in alone if any(lab == "PERSON" for _, _, lab in ents)) > 250


def test_only_large_batches_use_workers(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert entities._workers(None, 3_000, 900_000, 64) == 2  # a 20k corpus's report snippets
    assert entities._workers(None, 90, 40_000, 64) == 1  # below MIN_PARALLEL_CHARS
    assert entities._workers(None, 1, 20_000 * 3, 64) == 1  # one piece: nothing to share out
    assert entities._workers(1, 3_000, 900_000, 64) == 1
    assert entities._workers(-1, 3_000, 900_000, 64) == 2
    assert entities._workers(8, 200, 1_000, 64) == 4  # never more workers than batches
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert entities._workers(None, 3_000, 900_000, 64) == 1


def test_redacted_report_is_byte_identical_with_workers_on_and_off(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    # the small corpus's snippets in several chunks (a piece at a time, with workers or without)
    monkeypatch.setattr(entities, "DEFAULT_BATCH_SIZE", 1)
    monkeypatch.setattr(entities, "CHUNK_BATCHES", 1)
    calls = _spy(monkeypatch)
    # one corpus copied before any report: the same secret (keyed ids), and no entities cached yet
    first = classified_corpus(tmp_path / "c.duckdb")
    reports = {}
    for threshold in (10**12, 0):
        monkeypatch.setattr(entities, "MIN_PARALLEL_CHARS", threshold)
        (tmp_path / str(threshold)).mkdir()
        corpus = Path(shutil.copy(first, tmp_path / str(threshold) / "c.duckdb"))
        result = CliRunner().invoke(app, ["report", "--format", "md", "--corpus", str(corpus)])
        assert result.exit_code == 0, result.output
        reports[threshold] = result.stdout
    assert calls and all(workers == 2 and chunks > 1 for workers, chunks in calls), calls
    assert reports[0] == reports[10**12]
    assert "Ask \\[PERSON\\] at" in reports[0] and "Jane Smith" not in reports[0] and "Rogowski" not in reports[0]


_INTERRUPTED = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job starts with SIGINT ignored
import voices.nlp.entities as e
parent, real = os.getpid(), e._find

def slow(nlp, parts, batch_size):
    if os.getpid() != parent:
        os.write(1, f"{os.getpid()}\\n".encode())
        time.sleep(60)
    return real(nlp, parts, batch_size)

e._find, e.MIN_PARALLEL_CHARS, e.DEFAULT_BATCH_SIZE, e.CHUNK_BATCHES = slow, 0, 1, 1
os.cpu_count = lambda: 2
from voices.cli import app
app(["report", "--format", "md", "--corpus", sys.argv[1], "--out", sys.argv[2]])
"""


@pytest.mark.parametrize("how,code,said", [("SIGTERM", 143, "stopped (SIGTERM)"), ("SIGINT", 130, "interrupted")])
def test_interrupted_ner_exits_at_once_and_leaves_no_worker(tmp_path, how, code, said):
    """Stopped while workers read a redacted report's snippets: the command exits at once, as
    the CLI says, leaving no worker and no report (the chunks in flight each take 60 s here)."""
    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", _INTERRUPTED, str(corpus), str(out / "r.md")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(SRC)})
    workers = {int(proc.stdout.readline()) for _ in range(2)}
    assert len(workers) == 2 and all(alive(p) for p in workers)
    got, err, seconds, survivors = stop(proc, workers, how)
    assert (got, err) == (code, f"voices: {said}; nothing half-written was kept\n")
    assert seconds < 20  # the workers sleep 60 s
    assert not survivors, f"workers {survivors} outlived the command"
    assert list(out.iterdir()) == []
