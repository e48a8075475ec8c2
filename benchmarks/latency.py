"""Interactive latency (issue 14 item 1): ``voices classify`` on the seed page thread against imports alone.

    python benchmarks/latency.py [--runs 3] [--json benchmarks/results/latency.json]

Best of ``--runs`` each, interleaved in the same run:
- baseline: ``python -c "import numpy, pandas, duckdb, spacy; spacy.blank('en')"``;
- voices: ``python -m voices classify SEED --corpus NEW`` (ingest, classify, terminal
  report; a fresh corpus each time, as a first run on a thread is);
- ``voices --help``.
Goal: voices <= 2x baseline; ``--help`` < 0.3 s. The seed thread is
``../shared/seed/*.txt`` (9 comments) beside the repository.

voices' own modules are byte-compiled first (``python -m compileall src``), as ``pip
install`` does and as the baseline's libraries are: with ``PYTHONDONTWRITEBYTECODE=1``
set (as on the project's machine) every run compiled about 180 modules from source,
0.25-0.5 s of CPU that no installed voices pays (session 33, latency-seed.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed"
BASELINE = "import numpy, pandas, duckdb, spacy; spacy.blank('en')"


def _seconds(args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def compile_sources() -> None:
    """Byte-compile ``src`` (into its ``__pycache__`` folders, which git ignores), as an install does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True, capture_output=True)


def measure(runs: int) -> dict:
    """Best-of-``runs`` seconds for the baseline, ``voices classify`` on the seed thread and ``--help``."""
    seed = sorted(SEED.glob("*.txt"))
    if not seed:
        raise SystemExit(f"no seed thread in {SEED}")
    compile_sources()
    times: dict[str, list[float]] = {"baseline": [], "classify": [], "help": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            times["baseline"].append(_seconds([sys.executable, "-c", BASELINE]))
            corpus = Path(tmp) / f"c{i}.duckdb"
            times["classify"].append(_seconds([sys.executable, "-m", "voices", "classify", str(seed[0]),
                                               "--corpus", str(corpus)]))
            times["help"].append(_seconds([sys.executable, "-m", "voices", "--help"]))
    best = {k: min(v) for k, v in times.items()}
    return {
        "command": f"python benchmarks/latency.py --runs {runs}",
        "seed": seed[0].name,
        "runs": times,
        "best_seconds": best,
        "classify_over_baseline": round(best["classify"] / best["baseline"], 3),
        "goal": "classify <= 2x baseline; --help < 0.3 s",
        "bytecode": "src compiled before timing (python -m compileall), as an install is",
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    res = measure(args.runs)
    b = res["best_seconds"]
    print(f"baseline {b['baseline']:.2f} s, voices classify {b['classify']:.2f} s "
          f"({res['classify_over_baseline']:.2f}x), --help {b['help']:.2f} s (best of {args.runs})")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
