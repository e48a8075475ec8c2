"""The speed and memory benchmark (issue 5): one run, one data set, every figure.

    python benchmarks/run_all.py --comments 100000 [--json benchmarks/results/speed.json]

Measures, on the same generated corpus (benchmarks/generate_corpus.py):
- spaCy blank tokenizer words/s (one process): the floor for any spaCy-based tool;
- en_core_web_sm full pipeline words/s on a sample of at most 10,000 comments;
- voices ingest documents/s, classify words/s and documents/s cold (preprocessing
  included) and warm (cached), report seconds, each run as a user runs it (the CLI,
  in its own process) with its peak resident memory;
- the ratios voices-classify / tokenizer and voices / full pipeline;
- accuracy of the fast path against full-pipeline features (benchmarks/fast_vs_full.py).
Prints a markdown table and writes the same figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402

# The full pipeline runs at a few thousand words/s: the issue allows at most 10,000
# comments; 2,000 (about 100k words) give a stable figure in under a minute.
FULL_PIPELINE_SAMPLE = 2_000

_WRAP = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "sys.stderr.write(f'\\nPEAK_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
    "sys.exit(rc)\n"
)


def run_step(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak MB, stdout).

    The peak is the summed PSS of the whole process tree (forked classify workers
    included), sampled every 100 ms: PSS shares a page between the processes that
    map it, so copy-on-write pages of forked workers are not counted twice (their
    RSS would be). A single-process command's kernel max RSS is taken when larger.
    """
    import threading

    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _WRAP, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    tree_peak = [0]
    stop = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                tree_peak[0] = max(tree_peak[0], sum(_pss(p) for p in procs))
            except psutil.Error:
                pass
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"step failed ({proc.returncode}): {' '.join(args)}\n{err[-2000:]}")
    peak_kb = int(err.rsplit("PEAK_KB=", 1)[1].split()[0])
    single = peak_kb / 1024 if tree_peak[0] == 0 else 0.0  # too short to sample
    return seconds, max(single, tree_peak[0] / 2**20), out


def _pss(proc) -> int:
    import psutil

    try:
        return proc.memory_full_info().pss
    except psutil.Error:
        return 0


def sample_texts(corpus: Path, limit: int) -> list[str]:
    """Comments of the benchmark corpus itself (spread over it by id), so every figure is on the same data."""
    import duckdb

    con = duckdb.connect(str(corpus), read_only=True)
    try:
        return [r[0] for r in con.execute(
            f"SELECT text FROM documents WHERE kind <> 'article' ORDER BY id LIMIT {int(limit)}"
        ).fetchall()]
    finally:
        con.close()


def spacy_speeds(texts: list[str]) -> dict:
    """Tokenizer-only and full-pipeline words/s, one process each, on the same texts."""
    import spacy

    from voices.nlp import load_pipeline

    words = sum(len(t.split()) for t in texts)
    blank = spacy.blank("en")
    t0 = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=1000):
        pass
    tok = words / (time.perf_counter() - t0)
    nlp = load_pipeline()
    sample = texts[:FULL_PIPELINE_SAMPLE]
    sw = sum(len(t.split()) for t in sample)
    t0 = time.perf_counter()
    for _ in nlp.pipe(sample, batch_size=256):
        pass
    full = sw / (time.perf_counter() - t0)
    return {"tokenizer_words_per_s": tok, "full_pipeline_words_per_s": full,
            "full_pipeline_sample_comments": len(sample)}


def corpus_words(corpus: Path) -> tuple[int, int]:
    import duckdb

    con = duckdb.connect(str(corpus), read_only=True)
    try:
        n, w = con.execute(
            "SELECT count(*), sum(len(string_split(text, ' '))) FROM documents WHERE kind <> 'article'"
        ).fetchall()[0]
    finally:
        con.close()
    return int(n), int(w or 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=HERE / "out")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--consultation-share", type=float, default=0.1,
                    help="share of documents that are consultation answers (1.0: a consultation only)")
    args = ap.parse_args()

    work = args.workdir / f"speed-{args.comments}-{args.consultation_share:g}"
    if work.exists():
        shutil.rmtree(work)
    data = work / "data"
    manifest = generate(args.comments, data, consultation_share=args.consultation_share)
    corpus = work / "corpus.duckdb"
    voices = [sys.executable, "-m", "voices"]
    files = sorted(str(p) for p in data.iterdir() if p.suffix in {".txt", ".csv"})
    fig: dict = {"comments": args.comments, "manifest": manifest, "cores": os.cpu_count(),
                 "command": "python benchmarks/run_all.py " + " ".join(sys.argv[1:]),
                 # 1/5/15-minute load averages as each step starts: other work on the machine skews every figure
                 "load_average": {"start": os.getloadavg()}}

    secs, mem, _ = run_step(voices + ["ingest", *files, "--corpus", str(corpus), "-q"])
    docs, words = corpus_words(corpus)
    fig["load_average"]["classify_cold"] = os.getloadavg()
    fig.update(ingest_seconds=secs, ingest_docs_per_s=docs / secs, ingest_peak_mb=mem,
               documents=docs, words=words)
    secs, mem, _ = run_step(voices + ["classify", "--corpus", str(corpus), "-q"])
    fig.update(classify_cold_seconds=secs, classify_cold_words_per_s=words / secs,
               classify_cold_docs_per_s=docs / secs, classify_cold_peak_mb=mem)
    fig["load_average"]["classify_warm"] = os.getloadavg()
    secs, mem, _ = run_step(voices + ["classify", "--all", "--corpus", str(corpus), "-q"])
    fig.update(classify_warm_seconds=secs, classify_warm_words_per_s=words / secs,
               classify_warm_docs_per_s=docs / secs, classify_warm_peak_mb=mem)
    fig["load_average"]["report"] = os.getloadavg()
    secs, mem, _ = run_step(voices + ["report", "--format", "json", "--corpus", str(corpus),
                                      "--out", str(work / "report.json"), "-q"])
    fig.update(report_seconds=secs, report_peak_mb=mem)
    fig["end_to_end_seconds"] = fig["ingest_seconds"] + fig["classify_cold_seconds"] + secs

    fig["load_average"]["spacy"] = os.getloadavg()
    fig.update(spacy_speeds(sample_texts(corpus, 20_000)))
    fig["classify_vs_tokenizer"] = fig["classify_cold_words_per_s"] / fig["tokenizer_words_per_s"]
    fig["classify_vs_full_pipeline"] = fig["classify_cold_words_per_s"] / fig["full_pipeline_words_per_s"]
    if not args.skip_accuracy:
        from fast_vs_full import compare

        fig["accuracy"] = compare()
    fig["load_average"]["help"] = os.getloadavg()
    t0 = time.perf_counter()
    subprocess.run(voices + ["--help"], capture_output=True, check=True)
    fig["help_seconds"] = time.perf_counter() - t0
    fig["load_average"]["end"] = os.getloadavg()
    print(render(fig))
    if fig.get("accuracy"):
        from fast_vs_full import render as render_accuracy

        print("\n" + render_accuracy(fig["accuracy"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(fig, indent=2, sort_keys=True))


def render(f: dict) -> str:
    rows = [
        ("corpus", f"{f['documents']:,} documents, {f['words']:,} words, {f['cores']} cores"),
        ("spaCy blank tokenizer (1 process)", f"{f['tokenizer_words_per_s']:,.0f} words/s"),
        ("en_core_web_sm full pipeline (1 process)", f"{f['full_pipeline_words_per_s']:,.0f} words/s"),
        ("voices ingest", f"{f['ingest_docs_per_s']:,.0f} docs/s ({f['ingest_seconds']:.1f} s, peak {f['ingest_peak_mb']:.0f} MB)"),  # noqa: E501 - one README row per line
        ("voices classify, cold", f"{f['classify_cold_words_per_s']:,.0f} words/s, {f['classify_cold_docs_per_s']:,.0f} docs/s ({f['classify_cold_seconds']:.1f} s, peak {f['classify_cold_peak_mb']:.0f} MB)"),  # noqa: E501 - one README row per line
        ("voices classify, warm (cached)", f"{f['classify_warm_words_per_s']:,.0f} words/s, {f['classify_warm_docs_per_s']:,.0f} docs/s ({f['classify_warm_seconds']:.1f} s, peak {f['classify_warm_peak_mb']:.0f} MB)"),  # noqa: E501 - one README row per line
        ("voices report", f"{f['report_seconds']:.1f} s (peak {f['report_peak_mb']:.0f} MB)"),
        ("end to end (ingest + cold classify + report)", f"{f['end_to_end_seconds']:.1f} s"),
        ("classify / tokenizer-only", f"{f['classify_vs_tokenizer']:.2f} (goal >= 0.33)"),
        ("classify / full pipeline", f"{f['classify_vs_full_pipeline']:.1f}x (goal >= 25x)"),
        ("voices --help", f"{f['help_seconds']:.2f} s (goal < 0.3 s)"),
    ]
    rows += [(f"load average (1/5/15 min) at {step}", " / ".join(f"{x:.2f}" for x in load))
             for step, load in f.get("load_average", {}).items()]
    acc = f.get("accuracy")
    if acc:
        for k, v in acc.items():
            if "_f1_" in k:
                rows.append((f"accuracy: {k}", f"{v:+.3f}" if k.endswith("minus_full") else f"{v:.3f}"))
    lines = ["| measure | figure |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
