"""Classify alone on a copy of an ingested corpus: the parent's CPU, the workers' and their page faults (issue 14).

    python benchmarks/classify_workers_cpu.py --corpus INGESTED.duckdb

Copies ``INGESTED`` (made once by ``voices.api.ingest``) to a scratch file, loads the models
as ``voices classify FILES`` does, then runs ``classify_corpus`` and prints its CPU seconds:
the parent's (``RUSAGE_SELF``), the workers' (``RUSAGE_CHILDREN``), each worker's CPU inside
its jobs and the number of jobs it ran, and the workers' minor page faults. Run it in
alternating fresh processes with the old and the new ``src`` on ``PYTHONPATH`` (session 32's
recipe; session 38 added the workers' parts and faults).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

_OUT: dict[str, Path] = {}


def _cpu(who: int) -> tuple[float, int]:
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime, use.ru_minflt


def _job(fn, payload):
    """In a worker, around ``voices._forkpool._call``: the job's CPU added to this worker's file."""
    start = time.process_time()
    try:
        return _ORIGINAL_CALL[0](fn, payload)
    finally:
        path = _OUT["dir"] / f"{os.getpid()}.json"
        sums = json.loads(path.read_text()) if path.exists() else {"jobs": 0.0, "n": 0}
        sums["jobs"] += time.process_time() - start
        sums["n"] += 1
        path.write_text(json.dumps(sums))


_ORIGINAL_CALL: list = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="an ingested corpus (copied, never written)")
    args = parser.parse_args()

    import voices._forkpool as forkpool
    from voices import api
    from voices.classify import classify_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus, _OUT["dir"] = Path(tmp) / "c.duckdb", Path(tmp)
        shutil.copy(args.corpus, corpus)
        _ORIGINAL_CALL.append(forkpool._call)
        forkpool._call = _job
        models = api.load_models(None, None, corpus=corpus, sources=None)
        (self0, _), (kids0, faults0) = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        classify_corpus(corpus, stance_model=models[0], themes_model=models[1])
        (self1, _), (kids1, faults1) = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        workers = [json.loads(p.read_text()) for p in sorted(Path(tmp).glob("*.json"))]
    jobs = ", ".join(f"{w['jobs']:.2f} s in {w['n']}" for w in workers)
    print(f"classify CPU {self1 - self0 + kids1 - kids0:.2f} s: parent {self1 - self0:.2f}, workers "
          f"{kids1 - kids0:.2f} (jobs: {jobs}); workers' minor faults {faults1 - faults0}; "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
