"""``voices export``: the corpus as CSV, JSONL or a Parquet dataset (the field contract)."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, OutOpt, SourcesOpt, command, data_stream, format_option, progress_bar


@command("export", json=False)
def export_cmd(
    format_: format_option("csv (default), jsonl or parquet (a folder; needs --out); --labelled: jsonl (default) or csv.") = None,
    source: SourcesOpt = None,
    labelled: Annotated[bool, typer.Option("--labelled", help="Write human labels in the training format (JSONL or CSV).")] = False,
    redact: Annotated[bool, typer.Option("--redact", help="Replace names, emails, phones, postcodes; pseudonymise authors.")] = False,
    out: OutOpt = None,
    *,
    common: Common,
) -> None:
    """Export documents (and predictions, once classified) with the documented fields:
    id, source_id, source_title, kind, position, author, posted_at, parent_id,
    question_id, question, respondent_id, respondent_type, organisation, closed_answer,
    text, then stance, stance_probability, stance_uncertain, themes,
    theme_probabilities, stance_model, themes_model.

    Example: voices export --format csv --out thread.csv
    """
    from voices import api

    with progress_bar(common.bar and redact, "redacting") as draw:
        result = api.export(common.corpus, format=format_, out=out, sources=source or (), redact=redact,
                            labelled=labelled, stream=data_stream(), progress=common.progress(draw))
    if out is not None:
        common.say(f"wrote {result.rows} rows to {out}")
