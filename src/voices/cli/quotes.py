"""``voices quotes``: every text of a theme with the sentence that shows it (redacted by default)."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, OutOpt, SourcesOpt, command, format_option, not_blank
from voices.cli._output import data_stream, emit_json


@command("quotes")
def quotes_cmd(
    theme: Annotated[str, typer.Option("--theme", "-t", help="A theme's id or readable name (any case), or a "
                                       "discovered theme's d-… id.", show_default=False)],
    stance: Annotated[str | None, typer.Option("--stance", help="Only texts of this stance (id or name; none "
                                               "works).", show_default=False, callback=not_blank)] = None,
    source: SourcesOpt = None,
    format_: format_option("csv (default: id, source_id, source_title, author, posted_at, stance, themes, "
                           "label_source, quote), md or json; without it, what --out's ending names.") = None,
    redact: Annotated[bool, typer.Option("--redact/--no-redact", help="Replace names, contacts and addresses; "
                                         "pseudonymise authors and ids (default: on, as md reports).")] = True,
    out: OutOpt = None,
    *,
    common: Common,
) -> None:
    """Every text of a theme with its best sentence, author and date; a person's label wins over the model's.

    Example: voices quotes --theme pay --stance none --format md
    """
    from voices import api
    from voices.errors import UsageError

    if common.json and out is None:
        raise UsageError("--json prints the summary, so the quotes need a file: give --out FILE")
    result = api.quotes(common.corpus, theme=theme, stance=stance, sources=source or (), format=format_,
                        out=out, redact=redact, stream=data_stream(), progress=common.progress())
    if common.json:
        emit_json({"theme": result.theme, "rows": result.rows, "format": result.format, "path": result.path,
                   "redacted": result.redacted, "fields": list(result.fields)})
        return
    if out is not None:
        common.say(f"wrote {result.rows} quote{'s' * (result.rows != 1)} of theme {result.theme} to {out}"
                   + ("" if result.redacted else " (not redacted)"))
    elif not result.rows:
        common.say(f"no texts of theme {result.theme}" + (f" with stance {stance}" if stance else ""))
