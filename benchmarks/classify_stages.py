"""Where ``voices classify FILES`` spends its time, stage by stage, in one process (issue 14 item 2).

    python benchmarks/classify_stages.py [--comments 20000] [--data DIR] [--processes N] [--profile F]
                                         [--profile-stages DIR]

Runs what the CLI runs, through ``voices.api``: ingest, load the models, classify,
build the terminal report and draw it (into a 110-column buffer, as a terminal would
show it). Prints wall and CPU seconds per stage (CPU includes finished worker
processes) and the load average. ``--processes 1`` keeps
classify in this process, so ``--profile F`` (cProfile stats) sees all of its work;
``--profile-stages DIR`` writes one cProfile stats file per stage (``DIR/ingest.prof``...).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _cpu() -> float:
    """CPU seconds of this process and its finished workers (on 2 shared cores, steadier than wall time)."""
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def stages(data: Path, corpus: Path, processes: int,
           profile_dir: Path | None = None) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each stage of ``voices classify FILES`` on the files in ``data``."""
    import cProfile

    times: dict[str, tuple[float, float]] = {}
    prof = cProfile.Profile() if profile_dir else None
    if prof:
        prof.enable()
    start, cpu = time.perf_counter(), _cpu()

    def lap(name: str) -> None:
        nonlocal start, cpu, prof
        now, now_cpu = time.perf_counter(), _cpu()
        if prof:
            prof.disable()
            prof.dump_stats(profile_dir / f"{name.replace(' ', '-')}.prof")
            prof = cProfile.Profile()
        times[name] = (round(now - start, 3), round(now_cpu - cpu, 3))
        start, cpu = time.perf_counter(), _cpu()
        if prof:
            prof.enable()

    from voices import api
    from voices.classify import classify_corpus

    lap("import voices.api")
    files = sorted(p for p in data.iterdir() if p.suffix in {".txt", ".csv"})
    ingested = api.ingest(files, corpus)
    sources = sorted({s for f in ingested.files for s in f.sources})
    lap("ingest")
    models = api.load_models(None, None, corpus=corpus, sources=sources)
    lap("load models")
    if processes == -1:
        api.classify(corpus, sources=sources, stance_model=models[0], themes_model=models[1])
    else:  # the same work, with the worker count fixed
        api.migrate(corpus, None)
        classify_corpus(corpus, source_ids=sources, stance_model=models[0], themes_model=models[1],
                        n_process=processes)
    lap("classify")
    report = api.report(corpus, sources=sources, format="table", stance_model=models[0]).data
    lap("report build")
    from voices.report.table import render_text

    render_text(report)
    lap("table drawing")
    if prof:
        prof.disable()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--data", type=Path, help="a generated corpus folder to reuse (default: generate one)")
    parser.add_argument("--processes", type=int, default=-1)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--profile-stages", type=Path, help="a folder for one cProfile stats file per stage")
    parser.add_argument("--json", action="store_true", help="print the stages as one JSON line, nothing else")
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            from generate_corpus import generate

            data = Path(tmp) / "data"
            generate(args.comments, data)
        corpus = Path(tmp) / "corpus.duckdb"
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            times = prof.runcall(stages, data, corpus, args.processes)
            prof.dump_stats(args.profile)
        elif args.profile_stages:
            args.profile_stages.mkdir(parents=True, exist_ok=True)
            times = stages(data, corpus, args.processes, args.profile_stages)
        else:
            times = stages(data, corpus, args.processes)
    if args.json:
        import json

        print(json.dumps(times))
        return
    wall, cpu = (sum(v[i] for v in times.values()) for i in (0, 1))
    print("; ".join(f"{k} {w:.2f} s (CPU {c:.2f})" for k, (w, c) in times.items())
          + f"; total {wall:.2f} s (CPU {cpu:.2f})")
    print(f"load average before {load[0]:.2f} / {load[1]:.2f}, after {os.getloadavg()[0]:.2f} / "
          f"{os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
