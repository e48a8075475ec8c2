"""``voices themes discover``: recurring themes in the corpus, including ones nobody coded."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, command, not_blank
from voices.cli._output import emit_json, progress_bar, safe_markup, stdout_console


@command("discover", group="themes")
def themes_discover_cmd(
    *,
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only this source id, or the keyed id a redacted output shows (or a prefix).",
                                               show_default=False, callback=not_blank)] = None,
    n: Annotated[str, typer.Option("--n", "-n", metavar="K|auto",
                                   help="How many themes to fit, or auto to choose by stability.")] = "auto",
    redact: Annotated[bool, typer.Option("--redact/--no-redact", help="Redact names, e-mails and phones in the "
                                         "exemplar quotes (on by default, as md and html reports).")] = True,
    common: Common,
) -> None:
    """Find recurring themes in the texts (no classified corpus needed) and store the run.

    Each theme shows a name from its most distinctive words and phrases, its size, its
    stability over 20 resamples (themes below 0.5 are dropped) and an exemplar quote;
    --json prints everything (ids, members, shares, overlap with the codebook).
    Then: voices themes adopt ID --name NAME --description TEXT.

    Example: voices themes discover --n auto
    """
    from voices import api

    with progress_bar(common.bar, "finding themes") as draw:
        run = api.discover_themes(common.corpus, source=source, n=n, redact=redact, progress=common.progress(draw))
    result = run.result
    if common.json:
        emit_json(result)
    else:
        _table(result)
    common.say(f"stored discovery run {run.run_id}: {len(result['themes'])} themes kept of {result['n']} fitted "
               f"(mean stability {result['stability_mean']:.2f}); adopt one with "
               "voices themes adopt ID --name NAME --description TEXT")


def _table(result: dict) -> None:
    from rich.table import Table

    table = Table(title=f"Discovered themes (run {result['run_id']}, {result['n']} fitted)")
    for col, justify in (("id", "left"), ("name", "left"), ("size", "right"), ("stability", "right"),
                         ("terms", "left"), ("exemplar", "left")):
        table.add_column(col, justify=justify)
    for t in result["themes"]:
        quote = t["exemplars"][0]["text"] if t["exemplars"] else ""
        table.add_row(t["id"], safe_markup(t["name"]), str(t["size"]), f"{t['stability']:.2f}",
                      safe_markup(", ".join(t["terms"][:6])), safe_markup(quote[:160]))
    stdout_console().print(table)
