"""``voices classify``: tag documents with stance and themes (ingesting files first when given)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.cli import app
from voices.cli._common import CorpusOpt, DebugOpt, JsonOpt, QuietOpt, VerboseOpt, default_corpus
from voices.cli._common import emit_json, handled, message, set_quiet, stderr_console, stdout_console


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr when it is a terminal; otherwise no callback."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stderr_console(), transient=True) as bar:
        task = bar.add_task("classify", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _summary(result: Any) -> str:
    text = f"{result.classified:,} documents classified, {result.up_to_date:,} already up to date"
    extras = []
    if result.uncertain:
        extras.append(f"{result.uncertain:,} uncertain")
    if result.not_english:
        extras.append(f"{result.not_english:,} not in English (left without a stance)")
    if result.articles:
        extras.append(f"{result.articles:,} articles not classified")
    return text + (f" ({'; '.join(extras)})" if extras else "")


def _ingest(files: list[Path], corpus: Path, quiet: bool) -> list[str]:
    from voices.ingest import IngestOptions, ingest_paths

    result = ingest_paths(files, corpus, IngestOptions())
    message(f"ingested {len(result.files)} file(s): {result.added:,} documents added, "
            f"{result.duplicates + result.already_present:,} already there")
    return sorted({sid for f in result.files for sid in f.sources})


@app.command("classify")
def classify_cmd(
    files: Annotated[list[Path] | None, typer.Argument(help="Files to ingest first, then classify and report on.", show_default=False, metavar="[FILE]...")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Only this source id or id prefix (repeatable).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only documents posted on or after this date (YYYY-MM-DD).")] = None,
    stance_model: Annotated[Path | None, typer.Option("--stance-model", help="Stance model directory (default: the shipped model).")] = None,
    themes_model: Annotated[Path | None, typer.Option("--themes-model", help="Themes model directory (default: the shipped model).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Reclassify everything, even documents this model already tagged.")] = False,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Classify a Parquet dataset (folder, file or URL such as s3://bucket/docs/) on a Dask cluster instead of the corpus; needs --out.", show_default=False)] = None,
    out: Annotated[str | None, typer.Option("--out", "-o", help="With --dataset: the new dataset folder to write (path or URL).", show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="With --dataset: address of a running Dask scheduler (tcp://host:8786); default: start local workers.", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="With --dataset and no --scheduler: local worker processes (default: one per CPU core).", show_default=False)] = None,
    corpus: CorpusOpt = None,  # type: ignore[assignment]
    json_: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Tag documents with stance and themes, stored in the corpus beside them.

    Only new documents, and documents an older model tagged, are classified (--all
    forces). Articles are not classified; texts not in English are flagged and left
    without a stance. Given FILEs, they are ingested first and the report for their
    sources is printed: one command from a thread file to a report.

    With --dataset, a Parquet dataset (voices export --format parquet) is classified
    partition by partition on a Dask cluster (--scheduler, or --workers local
    processes) and written to --out with the export fields and the predictions.

    Example: voices classify thread.txt
    """
    set_quiet(quiet)
    with handled(debug, verbose, quiet):
        from voices.classify import classify_corpus
        from voices.errors import UsageError

        if dataset is not None:
            if files or source or since or all_:
                raise UsageError("--dataset classifies a whole Parquet dataset: drop FILE, --source, --since and --all")
            _classify_dataset(dataset, out, scheduler, workers, stance_model, themes_model, quiet, json_)
            return
        if out or scheduler or workers is not None:
            raise UsageError("--out, --scheduler and --workers go with --dataset")

        path = corpus or default_corpus()
        sources = list(source or [])
        if files:
            sources += [s for s in _ingest(files, path, quiet) if s not in sources]
        show_bar = sys.stderr.isatty() and not quiet and not json_
        with _progress_bar(show_bar) as progress:
            result = classify_corpus(path, source_ids=sources or None, since=since, stance_model=stance_model,
                                     themes_model=themes_model, force=all_, progress=progress)
        message(_summary(result))
        if json_:
            emit_json(result.to_dict())
        elif files:
            _print_report(path, sources, stance_model)


def _classify_dataset(dataset: str, out: str | None, scheduler: str | None, workers: int | None,
                      stance_model: Path | None, themes_model: Path | None, quiet: bool, json_: bool) -> None:
    from dataclasses import asdict

    from voices.scale import run_dataset_classify

    with _progress_bar(sys.stderr.isatty() and not quiet and not json_) as progress:
        result = run_dataset_classify(dataset, out, scheduler=scheduler, workers=workers,
                                      stance_model=stance_model, themes_model=themes_model, progress=progress)
    message(f"classified {result.documents:,} documents in {result.partitions} partitions on "
            f"{result.workers} worker(s) in {result.seconds:.0f}s; wrote {result.out}")
    if json_:
        emit_json(asdict(result))


def _print_report(path: Path, sources: list[str], stance_model: Path | None) -> None:
    from voices.report import build_report
    from voices.report.table import renderables

    report = build_report(path, sources or None, stance_model=stance_model)
    console = stdout_console()
    for item in renderables(report):
        console.print(item)
        console.print()
