"""``voices report``: the stance report, on the terminal or as md, html, csv or json."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from voices.cli import app
from voices.cli._common import CorpusOpt, DebugOpt, JsonOpt, OutOpt, QuietOpt, VerboseOpt, default_corpus
from voices.cli._common import emit_json, handled, message, set_quiet, stdout_console, write_text

_FORMATS = "table|md|html|csv|json"


@app.command("report")
def report_cmd(
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Only this source id or id prefix (repeatable).")] = None,
    format_: Annotated[str | None, typer.Option("--format", "-f", help=f"{_FORMATS} (default: table on a terminal, else md).", show_default=False)] = None,
    out: OutOpt = None,
    redact: Annotated[bool | None, typer.Option("--redact/--no-redact", help="Replace names, e-mails, phones, postcodes and authors (default: on for md and html, off otherwise).", show_default=False)] = None,
    stance_model: Annotated[Path | None, typer.Option("--stance-model", help="The stance model that tagged the corpus, if not the shipped one (picks each quote's best sentence).")] = None,
    scheme: Annotated[Path | None, typer.Option("--scheme", help="Scheme TOML with the closed-answer mapping (default: the model's scheme).")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Report on a classified Parquet dataset (what voices classify --dataset ... --out wrote; path or URL) instead of the corpus.", show_default=False)] = None,
    corpus: CorpusOpt = None,  # type: ignore[assignment]
    json_: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Report who argues what: stance shares with 95% intervals and corrected shares,
    themes, quotes, thread dynamics, consultation breakdowns and items to review.

    HTML is one self-contained file (charts inline, no network). HTML and Markdown
    are redacted by default (--no-redact shows names); other formats with --redact.

    Example: voices report --format html --out report.html
    """
    set_quiet(quiet)
    with handled(debug, verbose, quiet):
        from voices.errors import UsageError
        from voices.report import FORMATS, build_report, default_redaction, render

        fmt = "json" if json_ else (format_ or ("table" if sys.stdout.isatty() and out is None else "md"))
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r} is not one of {_FORMATS}")
        if dataset is not None:
            from voices.scale import load_dataset_predictions

            data = load_dataset_predictions(dataset)
        else:
            data = corpus or default_corpus()
        report = build_report(data, source or None, redact=default_redaction(fmt, redact),
                              stance_model=stance_model, scheme=scheme)
        if json_:
            emit_json(report.to_dict())
        elif fmt == "table" and out is None:
            from voices.report.table import renderables

            console = stdout_console()
            for item in renderables(report):
                console.print(item)
                console.print()
        else:
            write_text(render(report, fmt), out)
            if out is not None:
                message(f"wrote {fmt} report to {out}")
