"""Where classify's CPU goes, parent and workers, part by part (issue 14 item 2, session 32).

    python benchmarks/generate_corpus.py --comments 20000 --out DATA
    python benchmarks/classify_cpu_account.py --data DATA [--processes N] [--json]

Ingests ``DATA`` into a scratch corpus, loads the models (as ``voices classify FILES``
does after ingest), then runs ``classify_corpus`` with timers wrapped around its parts:
in the parent, the main thread's CPU per part (``time.thread_time``) and the other
threads' (DuckDB's, the pool's) as the rest of the process's; in each worker, its CPU
per part (``time.process_time``) and what it spent outside the jobs (start, receiving
batches, sending results, exit: the worker's whole CPU from ``RUSAGE_CHILDREN`` less
its jobs). Minor page faults and system CPU are reported beside. The timers cost a few
per cent; the parts are for finding where the time goes, the totals for comparing.
Runs with whatever ``voices`` is on ``PYTHONPATH``, so an old checkout's ``src`` can be
accounted the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

_PARENT: dict[str, float] = defaultdict(float)
_JOBS: dict[str, float] = defaultdict(float)  # in a worker (or in the parent with --processes 1)
_IN_WORKER = [False]


def _timed(owner: object, name: str, label: str) -> None:
    """Wrap ``owner.name`` so its CPU is added to ``label`` (in the parent's or the job's table)."""
    fn = getattr(owner, name)

    def timed(*args, **kwargs):
        table, clock = (_JOBS, time.process_time) if _IN_WORKER[0] else (_PARENT, time.thread_time)
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            table[label] += clock() - start

    setattr(owner, name, timed)


def _wrapped(preprocess, predictions, language, classify, bundle) -> list[tuple[object, str, str]]:
    """What to time (owner, attribute), and the row of the table it counts in.

    ``classify`` is the package; each name is patched in the module that calls it.
    """
    rows, columns = sys.modules["voices.classify.rows"], sys.modules["voices.classify.columns"]
    return [
        (predictions, "pending_ids", "parent: pending ids, counts, model meta"),
        (predictions, "count_articles", "parent: pending ids, counts, model meta"),
        (predictions, "save_model_meta", "parent: pending ids, counts, model meta"),
        (preprocess, "load_normaliser", "parent: import spaCy, build its tokenizer"),
        (language, "load_identifier", "parent: load the langid model"),
        (predictions, "fetch_documents", "parent: read the texts (DuckDB, order)"),
        (classify, "_store_batches", "parent: write predictions and prepared texts"),
        (rows, "detect_language", "job: language check"),
        (preprocess._Normaliser, "__call__", "job: preprocess (spaCy tokenizer, normaliser)"),
        (bundle, "tokenize", "job:   of which features: split, encode tokens"),
        (bundle, "word_tfidf", "job:   of which features: word n-gram TF-IDF"),
        (bundle, "char_tfidf", "job:   of which features: char n-gram TF-IDF"),
        (bundle, "cue_counts", "job:   of which features: cue counts"),
        (columns, "_stance_columns", "job: probability columns and JSON"),
        (columns, "_theme_columns", "job: probability columns and JSON"),
        (classify, "_classify_rows", "job: all (gross)"),
    ]


def _instrument(out: Path, models: tuple) -> None:
    import voices._forkpool as forkpool
    import voices.classify as classify
    import voices.language as language
    import voices.models.bundle as bundle
    from voices.store import predictions

    for owner, name, label in _wrapped(sys.modules["voices.nlp.preprocess"], predictions, language, classify, bundle):
        _timed(owner, name, label)
    for model in models:
        _timed(model, "probabilities", "job: both models (features, products)")

    _ORIGINAL["call"], _ORIGINAL["out"] = forkpool._call, out
    forkpool._call = _job


_ORIGINAL: dict = {}


def _job(fn, payload):
    """In a worker, in place of ``voices._forkpool._call``: the job, then this worker's sums so far to a file."""
    _IN_WORKER[0] = True
    try:
        return _ORIGINAL["call"](fn, payload)
    finally:
        use = resource.getrusage(resource.RUSAGE_SELF)
        (_ORIGINAL["out"] / f"{os.getpid()}.json").write_text(json.dumps(
            {**_JOBS, "cpu": use.ru_utime + use.ru_stime, "minflt": use.ru_minflt}))


def _usage(who: int) -> tuple[float, float, int]:
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime, use.ru_stime, use.ru_minflt


def account(data: Path, processes: int) -> dict:
    """Ingest ``data``, load the models, classify with timers: the parts in CPU seconds."""
    from voices import api
    from voices.classify import classify_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "c.duckdb", Path(tmp)
        api.ingest(sorted(p for p in data.iterdir() if p.suffix in {".txt", ".csv"}), corpus)
        models = api.load_models(None, None, corpus=corpus, sources=None)
        _instrument(out, models)
        self0, kids0, main0 = _usage(resource.RUSAGE_SELF), _usage(resource.RUSAGE_CHILDREN), time.thread_time()
        wall = time.perf_counter()
        classify_corpus(corpus, stance_model=models[0], themes_model=models[1], n_process=processes)
        wall = time.perf_counter() - wall
        self1, kids1, main1 = _usage(resource.RUSAGE_SELF), _usage(resource.RUSAGE_CHILDREN), time.thread_time()
        workers = [json.loads(p.read_text()) for p in sorted(out.glob("*.json"))]
    parts = dict(_PARENT)  # with --processes 1 the jobs' parts are the parent's main thread's too
    main = main1 - main0
    parts["parent: the rest of the main thread (open, close, checkpoint, pool)"] = main - sum(
        v for k, v in _PARENT.items() if k.startswith("parent:") or k == "job: all (gross)")
    parts["parent: other threads (DuckDB's, the pool's)"] = (self1[0] - self0[0]) - main
    for w in workers:
        for k, v in w.items():
            if k.startswith("job:"):
                parts[k] = parts.get(k, 0.0) + v
    kids_cpu = kids1[0] - kids0[0]
    if workers:
        parts["workers: outside their jobs (start, batches in, results out, exit)"] = kids_cpu - sum(
            w["job: all (gross)"] for w in workers)
    return {
        "wall": wall, "parent_cpu": self1[0] - self0[0], "workers_cpu": kids_cpu,
        "parent_sys": self1[1] - self0[1], "workers_sys": kids1[1] - kids0[1],
        "parent_minflt": self1[2] - self0[2], "workers_minflt": kids1[2] - kids0[2],
        "workers": len(workers), "parts": parts, "load": os.getloadavg()[0],
    }


_ORDER = [
    "parent: pending ids, counts, model meta", "parent: import spaCy, build its tokenizer",
    "parent: load the langid model", "parent: read the texts (DuckDB, order)",
    "parent: write predictions and prepared texts",
    "parent: the rest of the main thread (open, close, checkpoint, pool)",
    "parent: other threads (DuckDB's, the pool's)", "job: language check",
    "job: preprocess (spaCy tokenizer, normaliser)", "job: both models (features, products)",
    "job:   of which features: split, encode tokens", "job:   of which features: word n-gram TF-IDF",
    "job:   of which features: char n-gram TF-IDF", "job:   of which features: cue counts",
    "job: probability columns and JSON", "job: all (gross)",
    "workers: outside their jobs (start, batches in, results out, exit)",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a generate_corpus.py folder")
    parser.add_argument("--processes", type=int, default=-1)
    parser.add_argument("--json", action="store_true", help="one JSON line, nothing else")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    result = account(args.data, args.processes)
    if args.json:
        print(json.dumps(result))
        return
    parts = result["parts"]
    for k in sorted(parts, key=_ORDER.index):
        print(f"{parts[k]:7.3f}  {k}")
    print(f"classify CPU {result['parent_cpu'] + result['workers_cpu']:.2f} s (parent {result['parent_cpu']:.2f}, "
          f"{result['workers']} workers {result['workers_cpu']:.2f}); system CPU parent {result['parent_sys']:.2f}, "
          f"workers {result['workers_sys']:.2f}; minor faults parent {result['parent_minflt']}, workers "
          f"{result['workers_minflt']}; wall {result['wall']:.2f} s; load {load:.2f} -> {result['load']:.2f}")


if __name__ == "__main__":
    main()
