"""``voices label``: record a person's stance (and themes) for a document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command
from voices.cli._output import emit_json


@command("label")
def label_cmd(
    doc_id: Annotated[str | None, typer.Argument(help="Document id (or a unique prefix) as the report's review lists show, or the id your own file gave it (export's original_id).", show_default=False)] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="The stance label.", show_default=False)] = None,
    themes: Annotated[str | None, typer.Option("--themes", help="Comma-separated themes (omit to keep the model's; '' for none).", show_default=False)] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who labels (default: $USER).", show_default=False)] = None,
    from_file: Annotated[Path | None, typer.Option("--from", help="Import many labels from a .csv, .jsonl or .xlsx "
                                                   "file (columns id, stance, themes; optional by, validation).",
                                                   show_default=False)] = None,
    *,
    common: Common,
) -> None:
    """Record a person's label for a document, kept apart from the predictions.

    Reports use human labels in place of predictions and say how many;
    `voices export --labelled` writes them for `voices train`.

    With --from FILE, every row is checked against the corpus's scheme and stored in
    one transaction; any bad row stores nothing and names the row. An empty themes
    cell means no themes; no themes column keeps the themes a label already has.

    Example: voices label d136c42d --stance system_leaders --themes pay,burnout
    """
    from voices import api
    from voices.errors import UsageError

    if from_file is not None:
        if doc_id is not None or stance is not None or themes is not None:
            raise UsageError("--from FILE labels many documents: give no document id, --stance or --themes with it")
        result = api.label_from(common.corpus, from_file, by=by, progress=common.progress())
        if common.json:
            emit_json({"path": result.path, "labelled": result.labelled, "validation_added": result.validation_added,
                       "unchanged": result.unchanged, "blank": result.blank,
                       "model_guesses": result.model_guesses})
        same = result.unchanged
        # a file read again stores nothing new: say so, or a second run reads as if it added copies
        common.say(f"stored {result.labelled} label{'s' * (result.labelled != 1)} from {result.path}"
                   + (f" ({'all' if same == result.labelled else same} already stored as given, left as they were)"
                      if same else "")
                   + (f"; {result.validation_added} joined the validation sample" if result.validation_added else "")
                   + _skipped(result.blank, result.model_guesses))
        return
    if doc_id is None or stance is None:
        raise UsageError("give a document id and --stance, or --from FILE")

    theme_list = None if themes is None else [t.strip() for t in themes.split(",") if t.strip()]
    label = api.label(common.corpus, doc_id, stance=stance, themes=theme_list, by=by, progress=common.progress())
    if common.json:
        emit_json({"doc_id": label.doc_id, "stance": label.stance, "themes": label.themes,
                   "labelled_by": label.labelled_by, "labelled_at": label.labelled_at})
    common.say(f"labelled {label.doc_id} as {label.stance}"
               + (f" with themes {', '.join(label.themes) or '(none)'}" if label.themes is not None else ""))


def _skipped(blank: int, guesses: int) -> str:
    """The rows ``label --from`` stored nothing from, said, so "stored 19 labels" from 20 rows adds up."""
    parts = [f"{blank} row{'s' if blank != 1 else ''} left blank (no stance or themes)"] if blank else []
    if guesses:
        parts.append(f"{guesses} row{'s' if guesses != 1 else ''} of the model's guesses (label_source model)")
    return f"; skipped {' and '.join(parts)}" if parts else ""
