"""``voices scheme set``: the scheme a corpus (or one of its sources) is labelled with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command, not_blank
from voices.cli._output import emit_json


@command("set", group="scheme")
def scheme_set_cmd(
    scheme: Annotated[Path, typer.Argument(metavar="FILE", help="Scheme TOML file (or a shipped scheme's name).")],
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only for this source id, or the keyed id a "
                                               "redacted output shows (or a prefix), when a corpus mixes debates.",
                                               show_default=False, callback=not_blank)] = None,
    *,
    common: Common,
) -> None:
    """Store a checked scheme in the corpus; labels, training, classify and reports use it.

    Example: voices scheme set library.toml
    """
    from voices import api

    result = api.scheme_set(common.corpus, scheme, source=source, progress=common.progress())
    if common.json:
        emit_json({"corpus": str(result.corpus), "scheme": result.name, "source": result.source})
    common.say(f"{result.corpus} now uses scheme {result.name!r}"
               + (f" for source {result.source}" if result.source else ""))
