"""``voices export``: the corpus as CSV, JSONL or a Parquet dataset (the field contract)."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, OutOpt, SourcesOpt, command, format_option
from voices.cli._output import binary_stdout, data_stream, emit_json, progress_bar


@command("export")
def export_cmd(
    format_: format_option("csv (default), jsonl, parquet (a folder), xlsx or qdpx (REFI-QDA project); parquet needs --out, xlsx and qdpx --out or stdout sent to a file. Without --format, --out's ending picks it. --labelled and --label-history: jsonl (default) or csv.") = None,
    source: SourcesOpt = None,
    labelled: Annotated[bool, typer.Option("--labelled", help="Write human labels in the training format (JSONL or CSV).")] = False,
    label_history: Annotated[bool, typer.Option("--label-history", help="Write the labels ingest --replace set aside when their text changed (JSONL or CSV; no text): the ids to label again.")] = False,
    redact: Annotated[bool | None, typer.Option("--redact/--no-redact", help="Replace names, emails, phones, postcodes; pseudonymise authors (default: on for qdpx, off otherwise).", show_default=False)] = None,
    out: OutOpt = None,
    *,
    common: Common,
) -> None:
    """Export documents (and predictions, once classified) with the documented fields:
    id, source_id, source_title, kind, position, author, posted_at, parent_id,
    question_id, question, respondent_id, respondent_type, organisation, closed_answer,
    text, attributes, human_stance, human_themes, labelled_by, validation, original_id, id_rule,
    then stance, stance_probability, stance_uncertain, themes, theme_probabilities,
    stance_model, themes_model.

    XLSX adds one theme:<name> column per theme (1 = has it, 0 = not) and a
    "columns" sheet saying what each column holds; every cell is text, and texts
    over Excel's 32,767-character limit are cut with a marker (the count is
    reported). voices ingest reads the XLSX back. QDPX is a REFI-QDA project for
    NVivo, ATLAS.ti and MAXQDA: documents as sources, stances and themes as codes.

    Example: voices export --format csv --out thread.csv
    """
    from voices import api
    from voices.errors import UsageError

    if common.json and out is None:
        raise UsageError("--json prints the export's summary, so the data needs a file: give --out FILE")

    with progress_bar(common.bar and bool(redact), "redacting") as draw, binary_stdout(format_, out) as target:
        result = api.export(common.corpus, format=format_, out=target, sources=source or (), redact=redact,
                            labelled=labelled, stream=data_stream(), progress=common.progress(draw),
                            label_history=label_history)
    if common.json:
        summary = {"rows": result.rows, "path": result.path, "fields": list(result.fields), "cut": result.cut}
        emit_json(summary | ({"held_out": result.held_out} if labelled else {}))
        return
    if result.cut:
        common.say(f"{result.cut} cells were longer than Excel's 32,767-character limit and were cut "
                   f"(marked '[cut: ...]'): the CSV or JSONL export holds them whole")
    if out is not None:
        common.say(f"wrote {result.rows} row{'s' * (result.rows != 1)} to {out}")
    if result.held_out:  # to stderr also when the rows go to stdout: an empty training file says why
        common.say(f"{result.held_out} label{'s' if result.held_out != 1 else ''} on the validation sample left "
                   "out: they measure accuracy and are never trained on")
