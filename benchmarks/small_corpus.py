"""Small corpora as fast as big ones (issue 14 item 2): ``voices classify FILES`` against spaCy's tokenizer.

    python benchmarks/small_corpus.py [--comments 20000] [--profile PREFIX] [--json F]

On one generated corpus (benchmarks/generate_corpus.py), in the same run:
- the spaCy blank tokenizer's words/s over the same comments (one process);
- ``voices classify FILES --corpus NEW`` as a user runs it: ingest, classify and the
  terminal report, in its own process; its words/s over the comments' words;
- the redacted markdown report, ``voices report --format md`` (redaction is the default),
  and the terminal table, ``voices report --format table`` (not redacted by default).
Goal: classify / tokenizer >= 0.33. ``--profile P`` also writes cProfile stats of the
classify run to ``P-classify.prof`` (read with ``python -m pstats``; forked workers are
profiled too, so its wall times are inflated). The per-stage profile (wall and CPU
seconds of ingest, model loading, classify, report build, table drawing) comes from
``benchmarks/classify_stages.py`` run on the same files in its own process.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402
from latency import compile_sources  # noqa: E402
from run_all import corpus_words, sample_texts  # noqa: E402


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], profile: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of ``voices ARGS`` (CPU includes its worker processes)."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    head = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else []) + ["-m", "voices"]
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(head + args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start, _children_cpu() - cpu


def stage_profile(data: Path) -> dict[str, dict[str, float]]:
    """``classify_stages.stages`` on ``data`` in a fresh process: {stage: {"wall": s, "cpu": s}}."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    out = subprocess.run([sys.executable, str(HERE / "classify_stages.py"), "--data", str(data), "--json"],
                         check=True, capture_output=True, text=True, env=env).stdout
    return {k: {"wall": w, "cpu": c} for k, (w, c) in json.loads(out.strip().splitlines()[-1]).items()}


def tokenizer_words_per_s(texts: list[str]) -> tuple[float, float]:
    """spaCy's blank English tokenizer over ``texts`` (one process, batches of 1,000): words per
    wall second and per CPU second."""
    import spacy

    blank = spacy.blank("en")
    words = sum(len(t.split()) for t in texts)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in blank.pipe(texts, batch_size=1000):
        pass
    return words / (time.perf_counter() - start), words / (time.process_time() - cpu)


def measure(comments: int, profile: str | None) -> dict:
    compile_sources()  # voices' bytecode, as an install has it (see latency.py)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        data, corpus = Path(tmp) / "data", Path(tmp) / "corpus.duckdb"
        generate(comments, data)
        files = sorted(str(p) for p in data.iterdir() if p.suffix in {".txt", ".csv"})
        classify, classify_cpu = _run(["classify", *files, "--corpus", str(corpus), "-q"],
                                      Path(f"{profile}-classify.prof") if profile else None)
        docs, words = corpus_words(corpus)
        report_md, _ = _run(["report", "--format", "md", "--corpus", str(corpus), "--out", str(Path(tmp) / "r.md"),
                             "-q"])
        # --format table: without it a report to a pipe is Markdown (redacted), not the terminal table
        report_table, _ = _run(["report", "--format", "table", "--corpus", str(corpus), "-q"])
        tok, tok_cpu = tokenizer_words_per_s(sample_texts(corpus, docs))
        stages = stage_profile(data)
    return {
        "command": f"python benchmarks/small_corpus.py --comments {comments}",
        "documents": docs, "words": words,
        "classify_files_seconds": round(classify, 2),
        "classify_files_words_per_s": round(words / classify),
        "tokenizer_words_per_s": round(tok),
        "classify_vs_tokenizer": round(words / classify / tok, 3),
        # CPU seconds (the command with its workers; the tokenizer's process): steadier than wall
        # time on shared cores, but not the goal's measure
        "classify_files_cpu_seconds": round(classify_cpu, 2),
        "tokenizer_words_per_cpu_s": round(tok_cpu),
        "classify_vs_tokenizer_cpu": round(words / classify_cpu / tok_cpu, 3),
        "report_table_seconds": round(report_table, 2),
        "report_md_redacted_seconds": round(report_md, 2),
        "goal": "classify_vs_tokenizer >= 0.33",
        "bytecode": "src compiled before timing (python -m compileall), as an install is",
        "goal_met": words / classify / tok >= 0.33,
        "stages_seconds": stages,
        "cpus": os.cpu_count(), "load_average_before": load_before, "load_average_after": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--profile", default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    res = measure(args.comments, args.profile)
    print(f"{res['documents']:,} comments, {res['words']:,} words: voices classify FILES "
          f"{res['classify_files_seconds']} s = {res['classify_files_words_per_s']:,} words/s; tokenizer "
          f"{res['tokenizer_words_per_s']:,} words/s; ratio {res['classify_vs_tokenizer']} (goal >= 0.33; "
          f"CPU {res['classify_files_cpu_seconds']} s, CPU ratio {res['classify_vs_tokenizer_cpu']}); "
          f"report table {res['report_table_seconds']} s, md redacted {res['report_md_redacted_seconds']} s")
    print("stages (one process, wall / CPU s): " + "; ".join(
        f"{k} {v['wall']:.2f} / {v['cpu']:.2f}" for k, v in res["stages_seconds"].items()))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
