"""``voices export``: the corpus as CSV, JSONL or a Parquet dataset (the field contract)."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli import app
from voices.cli._common import CorpusOpt, DebugOpt, OutOpt, QuietOpt, VerboseOpt, default_corpus
from voices.cli._common import data_stream, handled, message


@app.command("export")
def export_cmd(
    format_: Annotated[str | None, typer.Option("--format", "-f", help="csv (default), jsonl or parquet (a folder; needs --out); --labelled: jsonl (default) or csv.", show_default=False)] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Only this source (repeatable).")] = None,
    labelled: Annotated[bool, typer.Option("--labelled", help="Write human labels in the training format (JSONL or CSV).")] = False,
    redact: Annotated[bool, typer.Option("--redact", help="Replace names, emails, phones, postcodes; pseudonymise authors.")] = False,
    out: OutOpt = None,
    corpus: CorpusOpt = None,  # type: ignore[assignment]
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Export documents (and predictions, once classified) with the documented fields:
    id, source_id, source_title, kind, position, author, posted_at, parent_id,
    question_id, question, respondent_id, respondent_type, organisation, closed_answer,
    text, then stance, stance_probability, stance_uncertain, themes,
    theme_probabilities, stance_model, themes_model.

    Example: voices export --format csv --out thread.csv
    """
    with handled(debug, verbose, quiet):
        path = corpus or default_corpus()
        if labelled:
            from voices.export import export_labelled

            result = export_labelled(path, format_ or "jsonl", out, data_stream())
        else:
            from voices.export import export_corpus

            result = export_corpus(path, format_ or "csv", out, source or None, data_stream(), redact=redact)
        if out is not None:
            message(f"wrote {result.rows} rows to {out}")
