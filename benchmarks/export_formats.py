"""XLSX and QDPX export benchmark: time and peak memory at two corpus sizes (memory should stay flat).

Builds two corpora through the store (``delete_bench.build``: realistic texts,
predictions for every document), then runs ``voices export --format xlsx`` and
``--format qdpx --no-redact`` on each in a child process and reads the child's
peak resident memory. Rows stream from the corpus into the file, so the peak at
the larger size should be close to the peak at the smaller one (the goal: under
1.5 times the small corpus's peak at 10 times the documents).

    .venv/bin/python benchmarks/export_formats.py --docs 20000
    .venv/bin/python benchmarks/export_formats.py --docs 100000 --out benchmarks/results/export-formats.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

GOAL_RATIO = 1.5


def exported(corpus: Path, fmt: str, out: Path) -> dict:
    """Seconds, peak RSS (MB) and file size of one export in a fresh child process."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", (
            "import resource, sys\n"
            "from voices.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(code)\n"),
         "export", "--format", fmt, "--out", str(out), "--corpus", str(corpus), "--no-redact", "--quiet"],
        check=True, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - started
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return {"seconds": round(seconds, 1), "peak_mb": round(peak_kb / 1024), "bytes": out.stat().st_size}


def main() -> None:
    from delete_bench import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="the larger corpus (the smaller is a tenth)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result: dict = {"documents": [args.docs // 10, args.docs]}
    with tempfile.TemporaryDirectory(prefix="voices-export-bench-") as tmp:
        for docs in result["documents"]:
            corpus = Path(tmp) / f"c{docs}.duckdb"
            build(corpus, docs)
            for fmt in ("xlsx", "qdpx"):
                result.setdefault(fmt, {})[str(docs)] = exported(corpus, fmt, Path(tmp) / f"o{docs}.{fmt}")
    for fmt in ("xlsx", "qdpx"):
        small, large = (result[fmt][str(d)]["peak_mb"] for d in result["documents"])
        result[fmt]["peak_ratio"] = round(large / small, 2)
        result[fmt]["goal_met"] = large / small < GOAL_RATIO
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
