"""``voices train``: train a stance or themes model from labelled files."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command, corpus_path, not_empty, refuse_undecodable_corpus
from voices.cli._output import emit_json, figure, per_label_table, stderr_console

TaskOpt = Annotated[str, typer.Option("--task", metavar="stance|themes", help="What to predict.")]
DataOpt = Annotated[
    list[Path] | None,
    typer.Option("--data", exists=True, dir_okay=True, metavar="FILE", help="Labelled .jsonl/.csv file, or a folder of them (repeatable)."),
]


@command("train", corpus=False)
def train_cli(
    *,
    task: TaskOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write.")],
    data: DataOpt = None,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Also learn from this corpus's human labels (validation sample left out): "
                     "a stance model adapts the shipped one to them (see --adapt).",
                     show_default=False, callback=corpus_path),
    ] = None,
    scheme: Annotated[
        Path | None,
        typer.Option("--scheme", help="Scheme TOML (or a shipped scheme's name): check labels, add cue features."),
    ] = None,
    adapt: Annotated[
        str | None,
        typer.Option("--adapt", metavar="map|pooled",
                     help="With --corpus, stance: map (default) adapts the shipped model to your labels (MAP, its "
                     "prior's C chosen by CV on your labels); pooled retrains on the shipped labelled texts and "
                     "yours, weighted by CV. Themes, another scheme, --data or labels of one stance only: pooled.", show_default=False),
    ] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Column holding the text.", callback=not_empty)] = "text",
    label_field: Annotated[
        str | None, typer.Option("--label-field", help="Column holding the label (default: the task).",
                                   callback=not_empty)
    ] = None,
    group_field: Annotated[
        str | None,
        typer.Option("--group-field", help="Column grouping texts for CV (default source_id/group, else file).",
                     callback=not_empty),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed for splits and intervals.")] = 0,
    abstain_precision: Annotated[
        float,
        typer.Option("--abstain-precision", min=0.0, max=1.0, help="Stance: flag predictions below the "
                     "probability at which out-of-fold accuracy reaches this."),
    ] = 0.9,
    objective: Annotated[
        str,
        typer.Option("--objective", metavar="macro_f1|f_avg",
                     help="What model selection maximises on out-of-fold predictions: macro_f1 (every "
                     "label), or f_avg (SemEval-2016: mean F1 of FAVOR and AGAINST; also tunes an offset "
                     "on the other labels, recorded in meta.json)."),
    ] = "macro_f1",
    tokenizer: Annotated[
        str,
        typer.Option("--tokenizer", metavar="default|tweets",
                     help="default: the prepared text as is; tweets: drop hashtags at least half the training "
                     "texts carry (e.g. #SemST), keep each hashtag as one token and add its words "
                     "(#HillaryClinton -> #hillaryclinton hillary clinton). Recorded in meta.json."),
    ] = "default",
    no_redact: Annotated[
        bool,
        typer.Option("--no-redact", help="Fit on your files' texts as written, names and all (default: redacted "
                     "first, so the model folder holds no name, e-mail or phone number). Only for texts naming "
                     "public figures alone; not with --corpus. Recorded in meta.json and the model card."),
    ] = False,
    common: Common,
) -> None:
    """Train a model: grouped cross-validation picks the settings, then calibration and thresholds.

    With --corpus, the model learns from the corpus's own labels (voices label --from):
    a stance model adapts the shipped one to them (--adapt). Example: voices train --task stance --corpus c.duckdb --out models/mine
    """
    from voices import api

    if corpus is not None:  # train opens no shared --corpus: its own reaches DuckDB, which takes UTF-8 paths only
        refuse_undecodable_corpus(corpus)
    console = stderr_console()
    with console.status("training", spinner="dots") as status:
        result = api.train(
            data or [], task, out, corpus=corpus, scheme=scheme, text_field=text_field, label_field=label_field,
            group_field=group_field, seed=seed, abstain_precision=abstain_precision,
            objective=objective, tokenizer=tokenizer, redact=not no_redact, adapt=adapt,
            progress=None if common.quiet else (lambda p: status.update(p.message)),
        )
    meta = result.meta
    for warning in result.warnings:
        common.say(f"warning: {warning}")
    if common.json:
        emit_json(_summary(meta, result))
    elif not common.quiet:
        _render(console, meta, result)


def _summary(meta: dict, result) -> dict:
    keys = ("model_id", "task", "labels", "config", "objective", "tokenizer", "abstain_threshold", "thresholds", "selection",
            "adapt", "adaptation", "redaction")
    return {k: meta[k] for k in keys if k in meta} | {
        "model_dir": str(result.model_dir), "seconds": round(result.seconds, 1), "cv": meta["cv"],
    }


def _render(console, meta: dict, result) -> None:
    cv = meta["cv"]
    console.print(per_label_table(f"{meta['task']} model: {result.model_dir}  ({cv['splits']})", cv["per_label"]))
    head = "macro_f1" if meta["task"] == "stance" else "micro_f1"
    console.print(f"{head} {figure(cv[head])}; "
                  f"config {meta['config']}; {result.seconds:.1f}s; model_id {meta['model_id'][:12]}")
    adapted = meta.get("adaptation")
    if adapted and list(adapted.get("weights_tried") or ()) == [1]:  # no other texts: no weight was chosen
        console.print(f"learnt from your {adapted['user_labels']['n']} labels alone (no other labelled texts to weigh "
                      f"them against; {head} {adapted['cv_score']} out of fold before calibration, the figures above "
                      "after it)")
    elif adapted and adapted.get("method") == "map":
        console.print(f"adapted the shipped model to {adapted['user_labels']['n']} of your labels (MAP, C "
                      f"{adapted['C']:g}, chosen by {head} {adapted['cv_score']} on your labels only, out of fold, "
                      "before calibration; the figures above are after it)")
    elif adapted:
        # two figures of one kind side by side: say which is which, or the larger reads as a typo
        console.print(f"learnt from {adapted['user_labels']['n']} of your labels, weight {adapted['weight']} "
                      f"(chosen by {head} {adapted['cv_score']} on your labels only, out of fold, "
                      f"before calibration; the figures above are after it)")
    else:
        console.print(measured_on(meta, result.model_dir))


def measured_on(meta: dict, model_dir: object) -> str:
    """Whose texts the cross-validated figures above are on, and how to measure the model on others.

    The headline score of a model trained on the shipped labelled corpus is on AI-written texts; printed
    bare, it reads as how well the model does on the user's real texts (the card and reports say so too).
    """
    origin = (meta.get("training_data") or {}).get("origin", "shipped")
    on = {"yours": "the files it learnt from (cross-validated), not on texts it never saw",
          "mixed": "your files and the shipped AI-written texts together (cross-validated), not on real "
                   "people's writing alone",
          }.get(origin, "AI-written texts (the shipped labelled corpus, cross-validated), not on real people's "
                        "writing")
    return (f"these figures are on {on}: measure it with voices evaluate --model {shlex.quote(str(model_dir))} --data FILE "
            "(other labelled texts), or on a labelled validation sample of a corpus")
