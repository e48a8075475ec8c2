"""``voices report``: the stance report, on the terminal or as md, html, csv or json."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.cli._common import Common, OutOpt, SourcesOpt, command, format_option, not_blank
from voices.cli._output import binary_stdout, stdout_console, write_stdout

_FORMATS = "table|md|html|csv|json|xlsx"


@command("report")
def report_cmd(
    source: SourcesOpt = None,
    format_: format_option(f"{_FORMATS} (default: what --out's ending names, else table on a terminal, else md).") = None,
    out: OutOpt = None,
    redact: Annotated[bool | None, typer.Option("--redact/--no-redact", help="Replace names, e-mails, phones, postcodes and authors (default: on for md and html, off otherwise).", show_default=False)] = None,
    stance_model: Annotated[Path | None, typer.Option("--stance-model", help="The stance model that tagged the corpus, if not the shipped one (picks each quote's best sentence; default: the one classify --stance-model made the corpus's default).")] = None,
    scheme: Annotated[Path | None, typer.Option("--scheme", help="Scheme TOML (or a shipped scheme's name): the proposition, label names and definitions (default: the corpus's scheme) and the closed-answer mapping (default: the model's scheme).")] = None,
    by: Annotated[list[str] | None, typer.Option("--by", help="Also show stance by this breakdown field of a survey export (role, sector, region...; repeatable).", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help="The report's title (default: the source titles joined, or \"N sources\" when more than three).", show_default=False)] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Report on a classified Parquet dataset (what voices classify --dataset ... --out wrote; path or URL) instead of the corpus.", show_default=False, callback=not_blank)] = None,
    *,
    common: Common,
) -> None:
    """Report who argues what: stance shares with 95% intervals and corrected shares,
    themes, quotes, thread dynamics, consultation breakdowns and items to review.

    HTML is one self-contained file (charts inline, no network). HTML and Markdown
    are redacted by default (--no-redact shows names); other formats with --redact.
    --json is --format json; without --format, --out's ending picks it (report.html).
    XLSX (--out, or stdout sent to a file) has one titled sheet per table of
    the CSV, figures rounded to 4 decimals.

    Example: voices report --format html --out report.html
    """
    from voices import api
    from voices.errors import UsageError

    if common.json and format_ and format_.lower() != "json":
        raise UsageError(f"--json is --format json, so --format {format_} contradicts it: give one of them")
    # no --format: what --out is named for (api.report), else the terminal's table or Markdown
    fmt = "json" if common.json else format_ or (None if out is not None else "table" if sys.stdout.isatty() else "md")
    with binary_stdout(fmt, out) as target:
        result = api.report(common.corpus, dataset=dataset, sources=source or (), format=fmt, redact=redact,
                            stance_model=stance_model, scheme=scheme, out=target, by=by or (), title=title)
    if target != out:  # an XLSX report sent to a redirected stdout
        return
    if result.out is not None:
        common.say(f"wrote {result.format} report to {result.out}")
    elif result.text is not None:
        write_stdout(result.text)
    else:
        print_table(result.data)


def print_table(report: Any) -> None:
    """Draw a report's tables on the terminal."""
    from voices.report.table import renderables

    console = stdout_console()
    for item in renderables(report):
        console.print(item)
        console.print()
