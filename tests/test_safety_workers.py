"""Issue 10, data loss 4: forked classify workers end when their parent is SIGKILLed, or is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from worker_helpers import alive, stop

SRC = Path(__file__).resolve().parents[1] / "src"

_POOL = """
import os, sys, time
from voices._forkpool import ordered_map

def slow(state, item):
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: two workers' lines never interleave
    time.sleep(60)
    return item

for _ in ordered_map(slow, range(4), 2, None):
    pass
"""


def test_killing_classify_with_sigkill_ends_its_workers():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", _POOL], stdout=subprocess.PIPE, text=True, env=env)
    workers = {int(proc.stdout.readline()) for _ in range(2)}
    assert len(workers) == 2 and all(alive(p) for p in workers)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in workers if alive(p)]
    for p in survivors:
        os.kill(p, signal.SIGKILL)
    assert not survivors, f"workers {survivors} outlived their SIGKILLed parent"


_CLASSIFY = """
import sys, time
sys.path.insert(0, {tests!r})
import voices.classify as c
from report_fixtures import FakeStance, FakeThemes

class SlowStance(FakeStance):
    def predict_prepared(self, prepared):
        time.sleep(60)
        return super().predict_prepared(prepared)

c.MIN_PARALLEL_DOCS = 0
c.classify_corpus(sys.argv[1], stance_model=SlowStance(), themes_model=FakeThemes(), batch_size=2, n_process=2)
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def test_sigkill_of_classify_leaves_no_worker_alive(tmp_path):
    from report_fixtures import make_report_corpus

    corpus = make_report_corpus(tmp_path / "c.duckdb")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    script = _CLASSIFY.format(tests=str(Path(__file__).parent))
    proc = subprocess.Popen([sys.executable, "-c", script, str(corpus)], env=env)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert len(workers) >= 2, f"classify never started its workers (exit {proc.poll()})"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in workers if alive(p)]
    for p in survivors:
        os.kill(p, signal.SIGKILL)
    assert not survivors, f"classify workers {survivors} outlived it"


_STOPPED = """
import os, signal, sys, time
from pathlib import Path
import typer
from voices._forkpool import ordered_map
from voices.cli._common import Common
from voices.cli._handled import handled

signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job starts with SIGINT ignored

def slow(state, item):
    os.write(1, f"{os.getpid()}\\n".encode())
    time.sleep(60)
    return item

try:
    with handled(Common(Path("c.duckdb"))):
        for _ in ordered_map(slow, ("x" * 300_000 for _ in range(8)), 2, None):
            pass
except typer.Exit as stop:
    sys.exit(stop.exit_code)
"""


@pytest.mark.parametrize("how,code,said", [("SIGTERM", 143, "stopped (SIGTERM)"), ("SIGINT", 130, "interrupted")])
def test_a_stopped_command_ends_its_busy_workers_at_once(how, code, said):
    """Leaving the pool waited for the work in flight: SIGTERM ended a command only when its
    items in flight were done (40 s with four 20 s items), and Ctrl-C reached the workers too."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", _STOPPED], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, start_new_session=True)
    workers = {int(proc.stdout.readline()) for _ in range(2)}
    assert all(alive(p) for p in workers)
    got, err, seconds, survivors = stop(proc, workers, how)
    assert (got, err) == (code, f"voices: {said}; nothing half-written was kept\n")
    assert seconds < 20  # each item sleeps 60 s
    assert not survivors, f"workers {survivors} outlived the command"
