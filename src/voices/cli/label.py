"""``voices label``: record a person's stance (and themes) for a document."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, command, emit_json


@command("label")
def label_cmd(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix), as the report's review lists show.", show_default=False)],
    stance: Annotated[str, typer.Option("--stance", help="The stance label.", show_default=False)],
    themes: Annotated[str | None, typer.Option("--themes", help="Comma-separated themes (omit to keep the model's; '' for none).", show_default=False)] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who labels (default: $USER).", show_default=False)] = None,
    *,
    common: Common,
) -> None:
    """Record a person's label for a document, kept apart from the predictions.

    Reports use human labels in place of predictions and say how many;
    `voices export --labelled` writes them for `voices train`.

    Example: voices label d136c42d --stance system_leaders --themes pay,burnout
    """
    from voices import api

    theme_list = None if themes is None else [t.strip() for t in themes.split(",") if t.strip()]
    label = api.label(common.corpus, doc_id, stance=stance, themes=theme_list, by=by, progress=common.progress())
    if common.json:
        emit_json({"doc_id": label.doc_id, "stance": label.stance, "themes": label.themes,
                   "labelled_by": label.labelled_by, "labelled_at": label.labelled_at})
    common.say(f"labelled {label.doc_id} as {label.stance}"
               + (f" with themes {', '.join(label.themes) or '(none)'}" if label.themes is not None else ""))
