"""``voices scheme init``: write a labelling scheme for a new debate."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command, not_blank
from voices.cli._output import data_stream, emit_json


@command("init", group="scheme", corpus=False)
def scheme_init_cmd(
    *,
    proposition: Annotated[str, typer.Option("--proposition", help="What is debated, in one sentence.")],
    stance: Annotated[list[str], typer.Option("--stance", metavar="NAME=DEFINITION",
                                              help="A stance and what it means (repeat; at least two).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The scheme file to write (.toml); never replaced. "
                                      "'-': standard output (with --name).")],
    theme: Annotated[list[str] | None, typer.Option("--theme", metavar="NAME=DEFINITION",
                                                    help="A theme and what it means (repeatable).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="The scheme's name (default: the file name).",
                                             show_default=False, callback=not_blank)] = None,
    common: Common,
) -> None:
    """Write a scheme TOML for a new debate: its proposition, stances and themes.

    Then `voices scheme set FILE` makes a corpus use it; label, train --corpus,
    classify and report follow it.

    Example: voices scheme init --proposition "Open the library on Sundays" --stance for="Wants Sunday opening"
    --stance against="Does not" --stance none="No position" --out library.toml
    """
    from voices import api
    from voices.errors import UsageError

    to_stdout = str(out) == "-"
    if to_stdout and common.json:
        raise UsageError("--json prints a summary on stdout, where --out - prints the scheme: give --out FILE.toml")
    result = api.scheme_init(proposition, stance, out, themes=theme or [], name=name,
                             stream=data_stream() if to_stdout else None)
    if common.json:
        emit_json({"path": str(result.path), "name": result.name, "stances": result.stances, "themes": result.themes})
    saved = f"{result.name}.toml" if to_stdout else str(result.path)
    common.say(f"wrote scheme {result.name!r} to {'stdout' if to_stdout else result.path}: {len(result.stances)} "
               f"stances, {len(result.themes)} themes; next: "
               f"{f'save it as {saved}, then ' if to_stdout else ''}voices scheme set {shlex.quote(saved)}")
