"""``voices evaluate``: score a model on labelled data it was not trained on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command, not_empty
from voices.cli._output import emit_json, figure, per_label_table, safe_markup, stdout_console


@command("evaluate", corpus=False)
def evaluate_cli(
    *,
    model: Annotated[Path, typer.Option("--model", "-m", metavar="DIR", help="Model directory, or shipped:stance / shipped:themes for a shipped model.")],
    data: Annotated[
        list[Path],
        typer.Option("--data", exists=True, dir_okay=True, metavar="FILE", help="Labelled .jsonl/.csv file, or a folder of them (repeatable)."),
    ],
    text_field: Annotated[str, typer.Option("--text-field", help="Column holding the text.", callback=not_empty)] = "text",
    label_field: Annotated[
        str | None, typer.Option("--label-field", help="Column holding the label (default: the task).",
                                   callback=not_empty)
    ] = None,
    allow_overlap: Annotated[
        bool, typer.Option("--allow-overlap", help="Also score texts the model was trained on.")
    ] = False,
    common: Common,
) -> None:
    """Per-label precision/recall/F1, macro-F1 and accuracy with 95% intervals, confusion matrix."""
    from voices import api

    result = api.evaluate(model, data, text_field=text_field, label_field=label_field, allow_overlap=allow_overlap)
    if common.json:
        emit_json(result.to_dict())
    else:
        _render(result.to_dict())


def _render(r: dict) -> None:
    from rich.table import Table

    console = stdout_console()
    console.print(per_label_table(f"{r['task']} model {r['model_id'][:12]} on {r['n']} texts", r["per_label"]))
    if r["task"] == "stance":
        console.print(f"macro-F1 {figure(r['macro_f1'])}   accuracy {figure(r['accuracy'])}")
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
            console.print(f"SemEval-2016 F_avg (FAVOR, AGAINST) {figure(r['semeval_f_avg'])}")
    else:
        console.print(f"micro-F1 {figure(r['micro_f1'])}   macro-F1 {figure(r['macro_f1'])}   "
                      f"exact match {r['exact_match']:.3f}")
