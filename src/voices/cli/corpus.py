"""``voices corpus``: what the corpus holds, source by source."""

from __future__ import annotations

from voices.cli._common import Common, command
from voices.cli._output import emit_json, safe_markup, stdout_console


@command("corpus")
def corpus_cmd(*, common: Common) -> None:
    """Show the sources in the corpus: documents by kind, date range, reply depth, classified.

    Example: voices corpus --corpus study.duckdb
    """
    from voices import api

    summary = api.corpus_summary(common.corpus)
    if common.json:
        emit_json(summary.to_dict())
    else:
        _render(summary.sources)
    if summary.schema_version < summary.current_schema:
        common.say(f"corpus {summary.path} has schema {summary.schema_version}, older than this voices' "
                   f"{summary.current_schema}: the next command that writes to it migrates it")


def _render(rows) -> None:
    from rich.table import Table

    table = Table(title="voices corpus", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("title", max_width=44, overflow="ellipsis", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("docs", justify="right")
    table.add_column("by kind")
    table.add_column("dates", no_wrap=True)
    table.add_column("depth", justify="right")
    table.add_column("classified", justify="right")
    for r in rows:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(r.kinds.items()))
        first, last = (r.first_posted or "")[:10], (r.last_posted or "")[:10]
        dates = first if first == last else f"{first} to {last}"
        cells = (r.id, r.title, r.kind, str(r.documents), kinds, dates, str(r.max_depth), str(r.classified))
        table.add_row(*(safe_markup(c) for c in cells))  # titles come from the documents
    total = sum(r.documents for r in rows)
    table.caption = (f"{len(rows)} source{'' if len(rows) == 1 else 's'}, "
                     f"{total:,} document{'' if total == 1 else 's'}")
    stdout_console().print(table)
