"""``voices review``: texts to label; ``--export FILE`` writes a sheet that ``voices label --from`` reads back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command, emit_json


@command("review")
def review_cmd(
    export: Annotated[Path | None, typer.Option("--export", help="Write a .xlsx or .csv sheet to label.",
                                                show_default=False)] = None,
    queue: Annotated[str, typer.Option("--queue", help="validation (the sample's unlabelled texts) or learning "
                                                       "(the least confident predictions).")] = "validation",
    n: Annotated[int, typer.Option("--n", help="At most this many texts.")] = 100,
    *,
    common: Common,
) -> None:
    """Texts for a person to label, with their context and the model's guess.

    Fill the stance, themes and by columns, then `voices label --from FILE`.

    Example: voices review --export to-label.xlsx --queue validation
    """
    from voices import api
    from voices.errors import UsageError

    if export is None:
        raise UsageError("give --export FILE.xlsx (or .csv) to write texts to label")
    result = api.review_export(common.corpus, export, queue=queue, n=n, progress=common.progress())
    if common.json:
        emit_json({"path": result.path, "queue": result.queue, "rows": result.rows})
    common.say(f"wrote {result.rows} texts from the {result.queue} queue to {result.path}")
