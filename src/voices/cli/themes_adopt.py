"""``voices themes adopt``: a discovered theme joins the corpus's scheme; its texts are queued for review."""

from __future__ import annotations

import shlex
from typing import Annotated

import typer

from voices.cli._common import Common, command, not_blank
from voices.cli._output import emit_json


@command("adopt", group="themes")
def themes_adopt_cmd(
    theme_id: Annotated[str, typer.Argument(metavar="ID", help="A theme id from voices themes discover (d-...).")],
    *,
    name: Annotated[str, typer.Option("--name", help="The new theme's label (letters, digits, _ or -).")],
    description: Annotated[str, typer.Option("--description", help="What texts of this theme are about, "
                                             "in one sentence.")],
    run: Annotated[str | None, typer.Option("--run", help="The discovery run (default: the newest).",
                                            show_default=False, callback=not_blank)] = None,
    common: Common,
) -> None:
    """Add a discovered theme to the corpus's scheme and queue its texts for review.

    Label the queued texts (voices review --queue learning), then retrain: voices train --task themes
    --corpus PATH --out DIR.

    Example: voices themes adopt d-1a2b3c4d --name lone_working --description "Working alone, unsupported"
    """
    from voices import api

    result = api.adopt_theme(common.corpus, theme_id, name=name, description=description, run=run,
                             progress=common.progress())
    if common.json:
        emit_json({"corpus": str(result.corpus), "theme_id": result.theme_id, "name": result.name,
                   "scheme": result.scheme, "run_id": result.run_id, "queued": result.queued, "queue": result.queue})
    # The queued texts are in the learning queue, not the validation sample a plain `voices review` shows,
    # and `train --corpus` needs the path and --out: give commands that run as printed.
    corpus = shlex.quote(str(result.corpus))
    common.say(f"added theme {result.name!r} to the scheme of {result.corpus} and queued {result.queued} texts "
               f"for review (queue {result.queue!r}); label them: voices review --queue {result.queue} "
               f"--corpus {corpus}; then retrain: voices train --task themes --corpus {corpus} --out models/themes")
