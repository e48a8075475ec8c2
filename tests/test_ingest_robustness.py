"""A process killed mid-ingest leaves a readable corpus holding all or nothing of that call."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time

from ingest_helpers import FIX, ROOT, count

from voices.ingest import ingest_paths


def _generator():
    spec = importlib.util.spec_from_file_location("ingest_bench", ROOT / "benchmarks" / "ingest_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_threads


def test_sigkill_mid_ingest_keeps_all_or_nothing(tmp_path):
    corpus = tmp_path / "c.duckdb"
    ingest_paths([FIX / "short_thread.txt"], corpus)
    before = count(corpus)
    paths = _generator()(tmp_path / "in", comments=24_000, threads=4)
    proc = subprocess.Popen(
        [sys.executable, "-m", "voices", "ingest", *map(str, paths), "--corpus", str(corpus), "-v"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    # wait until it is reading the second file: well inside the transaction
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and seen < 2:
        line = proc.stderr.readline()
        if not line:
            break
        seen += "ingesting" in line
    assert seen == 2, "the ingest never got going"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    after = count(corpus)  # opens and reads: the corpus is not damaged
    assert after == before  # nothing of the killed call was committed
    # and the next ingest of the same files completes normally
    result = ingest_paths(paths, corpus)
    assert count(corpus) == before + result.added == before + 24_004
