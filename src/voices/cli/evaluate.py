"""``voices evaluate``: score a model on labelled data it was not trained on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli import app
from voices.cli._common import (
    DebugOpt,
    JsonOpt,
    QuietOpt,
    VerboseOpt,
    emit_json,
    expand_data_paths,
    handled,
    set_quiet,
    stdout_console,
)
from voices.terminal_text import safe_markup


@app.command("evaluate")
def evaluate_cli(
    *,
    model: Annotated[Path, typer.Option("--model", "-m", metavar="DIR", help="Model directory.")],
    data: Annotated[
        list[Path],
        typer.Option("--data", exists=True, dir_okay=True, metavar="FILE", help="Labelled .jsonl/.csv file, or a folder of them (repeatable)."),
    ],
    text_field: Annotated[str, typer.Option("--text-field", help="Column holding the text.")] = "text",
    label_field: Annotated[
        str | None, typer.Option("--label-field", help="Column holding the label (default: the task).")
    ] = None,
    allow_overlap: Annotated[
        bool, typer.Option("--allow-overlap", help="Also score texts the model was trained on.")
    ] = False,
    json_out: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Per-label precision/recall/F1, macro-F1 and accuracy with 95% intervals, confusion matrix."""
    set_quiet(quiet)
    with handled(debug, verbose, quiet):
        from voices.models.evaluate import evaluate

        result = evaluate(model, expand_data_paths(data), text_field=text_field, label_field=label_field,
                          allow_overlap=allow_overlap)
        if json_out:
            emit_json(result)
        else:
            _render(result)


def _fig(m: dict) -> str:
    return f"{m['value']:.3f} (95% CI {m['ci95'][0]:.3f}-{m['ci95'][1]:.3f})"


def _render(r: dict) -> None:
    from rich.table import Table

    console = stdout_console()
    table = Table(title=f"{r['task']} model {r['model_id'][:12]} on {r['n']} texts")
    for col in ("label", "precision", "recall", "F1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for lab, v in r["per_label"].items():
        table.add_row(safe_markup(lab), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"]))
    console.print(table)
    if r["task"] == "stance":
        console.print(f"macro-F1 {_fig(r['macro_f1'])}   accuracy {_fig(r['accuracy'])}")
        cm = Table(title="confusion (rows true, columns predicted)")
        cm.add_column("")
        for lab in r["labels"]:
            cm.add_column(safe_markup(lab), justify="right")
        for lab, row in zip(r["labels"], r["confusion"], strict=True):
            cm.add_row(safe_markup(lab), *map(str, row))
        console.print(cm)
        console.print(f"at abstention threshold {r['abstain_threshold']}: coverage {r['coverage']:.3f}, "
                      f"accuracy on covered {r['covered_accuracy']}")
        if "semeval_f_avg" in r:
            console.print(f"SemEval-2016 F_avg (FAVOR, AGAINST) {_fig(r['semeval_f_avg'])}")
    else:
        console.print(f"micro-F1 {_fig(r['micro_f1'])}   macro-F1 {_fig(r['macro_f1'])}   "
                      f"exact match {r['exact_match']:.3f}")
