"""Hostile small files: time and peak memory of ``voices ingest`` on each (issue 10).

Every file is built by ``tests/hostile_files.py`` and is under 1 MB. The goal:
each is read or refused within 30 s and 1 GB. Each runs ``voices ingest`` in a
child process; peak memory is the child's max RSS (``RUSAGE_CHILDREN``, measured
in a fresh grandchild per file so one file's peak does not mask the next).

    .venv/bin/python benchmarks/hostile_inputs.py
    .venv/bin/python benchmarks/hostile_inputs.py --json benchmarks/results/hostile-inputs.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files  # noqa: E402 - the builders live beside the tests that use them

_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run([sys.executable, "-m", "voices", "ingest", *sys.argv[1:]], capture_output=True, text=True)
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(p.returncode, round(wall, 2), round(peak), (p.stderr.strip().splitlines() or [''])[-1][:140], sep='\\t')
"""


def _cases(folder: Path) -> list[tuple[str, Path, list[str]]]:
    cases = [(name, build(folder / f"case{i}.xlsx"), []) for i, (name, build) in
             enumerate(hostile_files.BUILDERS.items())]
    cases.append(("html reply chain 5,000 deep", hostile_files.nested_html_page(folder / "chain.html", 5_000), []))
    cases.append(("html 5,000 nested tags", hostile_files.nested_tags_page(folder / "tags.html", 5_000), []))
    cases.append(("/dev/zero as records", Path("/dev/zero"), ["--format", "records"]))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, path, extra in _cases(folder):
            corpus = folder / f"{abs(hash(name))}.duckdb"
            out = subprocess.run([sys.executable, "-c", _MEASURE, str(path), *extra, "--corpus", str(corpus)],
                                 capture_output=True, text=True, timeout=600).stdout.strip()
            code, wall, peak, last = out.split("\t")
            size = path.stat().st_size if path.is_file() else 0
            rows.append({"file": name, "bytes": size, "exit": int(code), "seconds": float(wall),
                         "peak_mb": int(peak), "message": last, "met": float(wall) < 30 and int(peak) < 1024})
            print(f"{name:40s} {size:>9,} B  exit {code}  {float(wall):6.2f} s  {int(peak):5d} MB  {last}")
    print(f"all under 30 s and 1 GB: {all(r['met'] for r in rows)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
