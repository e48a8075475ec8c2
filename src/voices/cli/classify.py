"""``voices classify``: tag documents with stance and themes (ingesting files first when given)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.cli._common import Common, SourcesOpt, command, not_blank
from voices.cli._output import emit_json, progress_bar
from voices.cli.ingest import summary


def _summary(result: Any) -> str:
    text = f"{result.classified:,} documents classified, {result.up_to_date:,} already up to date"
    extras = [f"{n:,} {what}" for n, what in (
        (result.uncertain, "uncertain"),
        (result.not_english, "not in English (left without a stance)"),
        (result.articles, "article not classified" if result.articles == 1 else "articles not classified"),
    ) if n]
    return text + (f" ({'; '.join(extras)})" if extras else "")


@command("classify")
def classify_cmd(
    files: Annotated[list[Path] | None, typer.Argument(help="Files to ingest first, then classify and report on.", show_default=False, metavar="[FILE]...")] = None,
    source: SourcesOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Only documents posted on or after this date (YYYY-MM-DD).")] = None,
    stance_model: Annotated[Path | None, typer.Option("--stance-model", help="Stance model directory (shipped:stance: the shipped model); becomes the corpus's default (default: the corpus's, else the shipped model).")] = None,
    themes_model: Annotated[Path | None, typer.Option("--themes-model", help="Themes model directory (shipped:themes: the shipped model); becomes the corpus's default (default: the corpus's, else the shipped model).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Reclassify everything, even documents this model already tagged.")] = False,
    entities: Annotated[bool, typer.Option("--entities", help="Also find and store named entities (slow) so redacted exports and reports reuse them.")] = False,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Classify a Parquet dataset (folder, file or URL such as s3://bucket/docs/) on a Dask cluster instead of the corpus; needs --out.", show_default=False, callback=not_blank)] = None,
    out: Annotated[str | None, typer.Option("--out", "-o", help="With --dataset: the new dataset folder to write (path or URL).", show_default=False, callback=not_blank)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="With --dataset: address of a running Dask scheduler (tcp://host:8786); default: start local workers.", show_default=False, callback=not_blank)] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="With --dataset and no --scheduler: local worker processes (default: one per CPU core).", show_default=False)] = None,
    *,
    common: Common,
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
    from voices import api
    from voices.errors import UsageError

    if dataset is not None:
        if files or source or since or all_ or entities:
            raise UsageError("--dataset classifies a whole Parquet dataset: drop FILE, --source, --since, --all "
                             "and --entities")
        with progress_bar(common.bar, "classifying") as draw:
            done = api.classify_dataset(dataset, out, scheduler=scheduler, workers=workers,
                                        stance_model=stance_model, themes_model=themes_model, progress=draw)
        # as `voices classify` counts them: articles are written without a stance, not classified
        apart = f" ({done.articles:,} article{'s' if done.articles != 1 else ''} not classified)" if done.articles else ""
        n = done.documents - done.articles
        common.say(f"classified {n:,} document{'s' if n != 1 else ''}{apart} in {done.partitions} "
                   f"partition{'s' if done.partitions != 1 else ''} on {done.workers} worker"
                   f"{'s' if done.workers != 1 else ''} in {done.seconds:.0f}s; wrote {done.out}")
        if common.json:
            emit_json(asdict(done))
        return
    if out or scheduler or workers is not None:
        raise UsageError("--out, --scheduler and --workers go with --dataset")

    sources = list(source or [])
    if files:
        ingested = api.ingest(files, common.corpus, progress=common.progress())
        # the line ingest prints, so what was skipped, blank or not a document is counted here too
        common.say("ingested " + summary(ingested, "voices ingest FILE --readmit-erased"))
        sources += [s for s in sorted({s for f in ingested.files for s in f.sources}) if s not in sources]
    # read once for classify and the report; None: the corpus's default model, else the shipped one
    models = api.load_models(stance_model, themes_model, corpus=common.corpus, sources=sources)
    with progress_bar(common.bar, "classifying") as draw:
        result = api.classify(common.corpus, sources=sources, since=since, stance_model=models[0],
                              themes_model=models[1], force=all_, entities=entities,
                              progress=common.progress(draw))
    common.say(_summary(result))
    if result.themes_not_tagged:
        common.say(result.themes_not_tagged)
    for task, pinned in result.new_defaults.items():  # stored as the corpus's default: said, not silent
        now = "the shipped one again" if pinned["shipped"] else f"now {pinned['path']}"
        common.say(f"the corpus's {task} model is {now} (model {pinned['model_id'][:12]}): "
                   f"a plain voices classify uses it")
    if common.json:
        # the ingest's warnings were printed on stderr as it read: --json lists each once too (a field added)
        emit_json(result.to_dict() | {"warnings": list(ingested.warnings) if files else []})
    elif files:
        from voices.cli.report import print_table

        print_table(api.report(common.corpus, sources=sources, format="table", stance_model=models[0]).data)
