"""Issue 10, data loss 4: forked classify workers end when their parent is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_killing_classify_with_sigkill_ends_its_workers():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", _POOL], stdout=subprocess.PIPE, text=True, env=env)
    workers = {int(proc.stdout.readline()) for _ in range(2)}
    assert len(workers) == 2 and all(_alive(p) for p in workers)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in workers if _alive(p)]
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
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in workers if _alive(p)]
    for p in survivors:
        os.kill(p, signal.SIGKILL)
    assert not survivors, f"classify workers {survivors} outlived it"
