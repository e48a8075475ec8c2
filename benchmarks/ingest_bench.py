"""Ingest benchmark: documents per second and peak memory of ``voices ingest``.

Generates a set of comment threads in the plain-text page layout (100,000
comments by default), built from the sample thread's comments with variation
(authors, dates, reply nesting up to four deep, sentences recombined), then runs
``voices ingest`` on them in a child process and reports wall time, documents/s
and the child's peak resident memory (``resource.getrusage(RUSAGE_CHILDREN)``).

    .venv/bin/python benchmarks/ingest_bench.py                # 100,000 comments
    .venv/bin/python benchmarks/ingest_bench.py --comments 20000 --threads 40

The same generator is used by the killed-process test (``generate_threads``).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "samples" / "thread.txt"
_AUTHORS = ["Bernadette K", "Tariq H", "Owen P", "Precious N", "Dev R", "Lou C", "Sue W",
            "Marcus O", "Gareth P", "Jen O", "Alan B", "Ruth A", "Tom H", "Kirsty M", "Nadia R",
            "Practice Educator", "Peter G", "Ciaran D", "Helen F", "Mo A", "Dr Y Castle", "Sam T"]


def sample_sentences(path: Path = SAMPLE) -> list[str]:
    """Sentences of the sample thread's comments (the raw material for variation)."""
    from voices.ingest.base import IngestOptions, ReadContext
    from voices.ingest.textpage import read

    ctx = ReadContext(path, IngestOptions())
    text = " ".join(r.text for r in read(path, ctx) if r.kind != "article")
    return [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.strip()) > 20]


def _when(t: datetime) -> str:
    hour = t.hour % 12 or 12
    return f"{t:%B} {t.day}, {t.year} at {hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def render_thread(title: str, n: int, sentences: list[str], rng: random.Random) -> str:
    """One thread of ``n`` comments in the page layout, replies nested up to four deep."""
    lines = [title, "", "A generated article body for benchmarking.", "",
             f"{n} Responses to {title}", ""]
    t = datetime(2024, 1, 1, 8, 0) + timedelta(days=rng.randrange(300))
    depth, number = 0, 0
    for i in range(n):
        depth = 0 if i == 0 or rng.random() < 0.55 else min(depth + rng.choice((0, 1)), 4)
        t += timedelta(minutes=rng.randrange(1, 90))
        pad = "  " * (depth + 1)
        author = rng.choice(_AUTHORS)
        if depth == 0:
            number += 1
            lines += [f"{pad}{number}. {author} {_when(t)} #", ""]
        else:
            lines += [f"{pad}• {author} {_when(t)} #", ""]
        for _ in range(rng.randrange(1, 3)):
            lines += [pad + "  " + " ".join(rng.sample(sentences, rng.randrange(1, 4))), ""]
    return "\n".join(lines)


def generate_threads(folder: Path, comments: int, threads: int, seed: int = 7) -> list[Path]:
    """Write ``threads`` thread files holding ``comments`` comments in all; return their paths."""
    rng = random.Random(seed)
    sentences = sample_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    per, extra = divmod(comments, threads)
    paths = []
    for k in range(threads):
        path = folder / f"thread-{k:04d}.txt"
        text = render_thread(f"Generated thread {k}: who should lead social work?", per + (k < extra),
                             sentences, rng)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(comments: int, threads: int) -> dict[str, float]:
    """Generate, ingest in a child process, and measure."""
    with tempfile.TemporaryDirectory(prefix="voices-bench-") as tmp:
        folder = Path(tmp)
        paths = generate_threads(folder / "in", comments, threads)
        corpus = folder / "bench.duckdb"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "voices", "ingest", *map(str, paths), "--corpus", str(corpus),
             "--json", "--quiet"],
            capture_output=True, text=True, check=False,
        )
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr.strip()}")
        added = json.loads(proc.stdout)["documents_added"]
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"comments": comments, "threads": threads, "documents": added, "seconds": round(elapsed, 2),
            "documents_per_second": round(added / elapsed), "peak_memory_mib": round(peak_kib / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=200)
    args = parser.parse_args()
    result = run(args.comments, args.threads)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
