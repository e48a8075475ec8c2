"""Throughput of ``voices classify --dataset`` on Dask with 1 and 2 workers, against one process.

Usage::

    .venv/bin/python benchmarks/dask_bench.py [--docs 60000] [--json results.json]
        [--stance-model DIR --themes-model DIR]

It builds a dataset of ``--docs`` documents from ``corpora/labelled`` (varied
openers, closers and sentence order, so texts differ), written as one Parquet
file of 10,000-row row groups as ``voices export`` would, and times:

- the single-process fast path: read the file, ``classify_frame`` in batches of
  ``voices.classify.BATCH_SIZE``, write one Parquet file (models already loaded);
- the Dask job (``voices.scale.classify_dataset``) on a ``LocalCluster`` of 1, then
  2, single-threaded worker processes, after a warm-up job that loads the models
  on every worker (cold start is reported apart);
- two plain processes without Dask, each on half the data, started together: what
  this machine gives two processes at all, the ceiling for Dask's efficiency.

Parallel efficiency = 2-worker throughput / (2 x 1-worker throughput), goal >= 0.8.
Dask overhead = 1-worker Dask time / single-process time - 1, goal <= 15%: the goal is
judged on wall-clock time (what a user waits); the CPU overhead is reported beside it.
The load average is printed too: other processes on the machine skew both, so
CPU seconds are reported as well (this process, which holds the client, the
scheduler and the nannies, plus every worker): Dask's CPU overhead per document
does not depend on what else the machine runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPENERS = ["", "Agreed. ", "Honestly, ", "From experience: ", "I'd add that ", "Speaking as a manager, "]
CLOSERS = ["", " That's my view anyway.", " Happy to be proved wrong.", " We need to talk about this.", " Just saying."]


def build_dataset(n: int, folder: Path, seed: int = 13) -> Path:
    """``n`` export-shaped documents from the labelled corpus, with variation, as one Parquet file."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from voices.arrow import arrow_schema
    from voices.schemas import EXPORT_FIELDS

    texts = [json.loads(line)["text"] for p in sorted((ROOT / "corpora" / "labelled").glob("batch-*.jsonl")) for line in p.open()]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        sentences = texts[rng.randrange(len(texts))].split(". ")
        if len(sentences) > 2 and rng.random() < 0.3:
            rng.shuffle(sentences)
        text = rng.choice(OPENERS) + ". ".join(sentences) + rng.choice(CLOSERS)
        rows.append(
            {"id": f"doc{i:07d}", "source_id": f"src{i // 500:05d}", "source_title": f"Thread {i // 500}",
             "kind": "reply" if i % 3 == 0 else "comment", "position": i % 500 + 1, "author": f"Writer {i % 311}",
             "posted_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00", "text": text}
        )
    frame = pd.DataFrame(rows)
    for name in EXPORT_FIELDS:  # fields the rows leave out are nulls of any type (lists included)
        if name not in frame.columns:
            frame[name] = pd.Series([None] * n, dtype=object)
    frame = frame[list(EXPORT_FIELDS)]
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, schema=arrow_schema(EXPORT_FIELDS), preserve_index=False)
    pq.write_table(table, folder / "part-00000.parquet", row_group_size=10_000)
    return folder


def single_process(data: Path, out: Path, stance_dir: str | None, themes_dir: str | None) -> dict:
    """The fast path in this process: read, classify in batches, write. Models loaded before timing."""
    import pandas as pd
    import pyarrow.parquet as pq

    from voices.classify import BATCH_SIZE, classify_frame, load_models
    from voices.scale.output import frame_to_table
    from voices.scale.worker import pin_threads

    stance, themes = load_models(stance_dir, themes_dir)
    pin_threads()
    classify_frame(pd.read_parquet(data).head(50), stance, themes)  # first-call set-up, as the warm-up does for Dask
    started, cpu = time.perf_counter(), _cpu()
    frame = pd.read_parquet(data)
    parts = [classify_frame(frame.iloc[i : i + BATCH_SIZE], stance, themes) for i in range(0, len(frame), BATCH_SIZE)]
    pq.write_table(frame_to_table(pd.concat(parts)), out)
    seconds = time.perf_counter() - started
    return {"mode": "single process", "workers": 1, "docs": len(frame), "seconds": seconds, "cpu_seconds": _cpu() - cpu}


def _cpu() -> float:
    """CPU seconds this process has used (all threads): unlike wall time, other load does not skew it."""
    t = os.times()
    return t.user + t.system


def _half(data: Path, out: Path, index: int, n: int, models: tuple, barrier, results) -> None:
    import pandas as pd

    from voices.classify import BATCH_SIZE, classify_frame, load_models
    from voices.scale.worker import pin_threads

    stance, themes = load_models(*models)
    pin_threads()
    frame = pd.read_parquet(data)
    frame = frame.iloc[index * len(frame) // n : (index + 1) * len(frame) // n]
    classify_frame(frame.head(50), stance, themes)
    barrier.wait()
    started, cpu = time.perf_counter(), _cpu()
    parts = [classify_frame(frame.iloc[i : i + BATCH_SIZE], stance, themes) for i in range(0, len(frame), BATCH_SIZE)]
    pd.concat(parts).to_parquet(out / f"plain-{index}.parquet")
    results.put((time.perf_counter() - started, _cpu() - cpu))


def plain_processes(data: Path, out: Path, n: int, stance_dir: str | None, themes_dir: str | None) -> dict:
    """The machine's own ceiling: ``n`` independent processes, no Dask, each on 1/n of the data."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(n), ctx.Queue()
    env = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        procs = [ctx.Process(target=_half, args=(data, out, i, n, (stance_dir, themes_dir), barrier, results)) for i in range(n)]
        for p in procs:
            p.start()
        timings = [results.get() for _ in procs]
        seconds, cpu = max(t for t, _ in timings), sum(c for _, c in timings)
        for p in procs:
            p.join()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    import pyarrow.parquet as pq

    docs = pq.ParquetFile(data).metadata.num_rows
    return {"mode": "plain processes (no Dask)", "workers": n, "docs": docs, "seconds": seconds, "cpu_seconds": cpu}


def dask_run(data: Path, warm: Path, tmp: Path, workers: int, classifier) -> dict:
    from voices.scale import classify_dataset, dask_client

    started = time.perf_counter()
    with dask_client(workers=workers) as client:
        classify_dataset(str(warm), str(tmp / f"warm-{workers}"), client=client, classifier=classifier, partition_rows=100)
        cold = time.perf_counter() - started
        t0, cpu0, workers0 = time.perf_counter(), _cpu(), client.run(_cpu)
        result = classify_dataset(str(data), str(tmp / f"out-{workers}"), client=client, classifier=classifier)
        seconds = time.perf_counter() - t0
        # This process runs the client, the scheduler and the nannies; the workers are their own processes.
        workers1 = client.run(_cpu)
        cpu = _cpu() - cpu0 + sum(workers1[w] - workers0[w] for w in workers1)
    return {"mode": "dask", "workers": workers, "docs": result.documents, "seconds": seconds,
            "partitions": result.partitions, "cold_start_seconds": cold, "cpu_seconds": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=60_000)
    parser.add_argument("--stance-model", default=None)
    parser.add_argument("--themes-model", default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary datasets")
    args = parser.parse_args(argv)

    from voices.scale.dask_classify import resolve_models

    tmp = Path(tempfile.mkdtemp(prefix="voices-dask-bench-"))
    try:
        data = build_dataset(args.docs, tmp / "docs")
        warm = build_dataset(400, tmp / "warm", seed=1)
        classifier = resolve_models(args.stance_model, args.themes_model)
        load_before = os.getloadavg()
        runs = [
            single_process(data / "part-00000.parquet", tmp / "single.parquet", args.stance_model, args.themes_model),
            dask_run(data, warm, tmp, 1, classifier),
            dask_run(data, warm, tmp, 2, classifier),
            plain_processes(data / "part-00000.parquet", tmp, 2, args.stance_model, args.themes_model),
        ]
        load_after = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    for run in runs:
        run["docs_per_second"] = run["docs"] / run["seconds"]
    single, one, two, plain = runs
    summary = {
        "docs": args.docs,
        "cpus": os.cpu_count(),
        "runs": runs,
        "parallel_efficiency": two["docs_per_second"] / (2 * one["docs_per_second"]),
        "dask_overhead": one["seconds"] / single["seconds"] - 1,
        # What two processes get on this machine with no Dask at all: the ceiling for Dask's efficiency.
        "machine_efficiency": plain["docs_per_second"] / (2 * single["docs_per_second"]),
        # CPU work per document: the overhead Dask adds, whatever else the machine is doing.
        "dask_cpu_overhead_1_worker": one["cpu_seconds"] / single["cpu_seconds"] - 1,
        "dask_cpu_overhead_2_workers": two["cpu_seconds"] / single["cpu_seconds"] - 1,
        "command": "python benchmarks/dask_bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "goal_judged_on": "wall-clock seconds (dask_overhead); CPU seconds reported beside it",
        "load_average_before": load_before,
        "load_average_after": load_after,
        "stance_model": classifier.stance.model_id,
        "themes_model": classifier.themes.model_id,
    }
    print(render(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


def render(summary: dict) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"Dask classify benchmark: {summary['docs']:,} documents, {summary['cpus']} CPUs, "
        f"load average {summary['load_average_before'][0]:.1f} before / {summary['load_average_after'][0]:.1f} after",
        "",
        "| run | workers | partitions | seconds | docs/s | CPU s | CPU ms/doc | cold start (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in summary["runs"]:
        lines.append(
            f"| {run['mode']} | {run['workers']} | {run.get('partitions', '-')} | {run['seconds']:.1f} | "
            f"{run['docs_per_second']:,.0f} | {run['cpu_seconds']:.1f} | {1000 * run['cpu_seconds'] / run['docs']:.2f} | "
            f"{run.get('cold_start_seconds', float('nan')):.1f} |"
        )
    eff, over = summary["parallel_efficiency"], summary["dask_overhead"]
    lines += [
        "",
        f"Parallel efficiency (2 workers / 2 x 1 worker): **{eff:.2f}** (goal >= 0.80: {'met' if eff >= 0.8 else 'NOT met'})",
        f"Dask overhead vs single process, 1 worker, wall clock: **{over:+.1%}** (goal <= 15%, judged on wall "
        f"time: {'met' if over <= 0.15 else 'NOT met'}); CPU time: {summary['dask_cpu_overhead_1_worker']:+.1%}",
        f"Same machine, 2 plain processes without Dask / 2 x single process: {summary['machine_efficiency']:.2f} "
        "(the ceiling for the parallel efficiency while other work shares the cores)",
        f"CPU time vs single process (unaffected by other load): 1 worker {summary['dask_cpu_overhead_1_worker']:+.1%}, "
        f"2 workers {summary['dask_cpu_overhead_2_workers']:+.1%}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
