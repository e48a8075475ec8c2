"""``voices review``: label texts one at a time on a local web page, or ``--export FILE`` a sheet to label."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command
from voices.cli._output import emit_json, message


@command("review")
def review_cmd(
    queue: Annotated[str, typer.Option("--queue", help="validation (the drawn sample, in order) or learning "
                                       "(the most informative next text).")] = "validation",
    export: Annotated[Path | None, typer.Option("--export", help="Write a .xlsx or .csv sheet to label instead "
                                                "of serving the page.", show_default=False)] = None,
    n: Annotated[int | None, typer.Option("--n", "-n", help="With --export: at most this many texts (default 100).",
                                          show_default=False)] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port on 127.0.0.1 (default 0: a free one).",
                                             show_default=False)] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Print the URL on stdout instead of "
                                             "opening the browser.")] = False,
    retrain_every: Annotated[int | None, typer.Option("--retrain-every", help="Retrain the learning queue's model "
                                                      "after this many labels (default 5: as the learning-curve "
                                                      "benchmark measured it).", show_default=False)] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who labels (default: $USER).", show_default=False)] = None,
    *,
    common: Common,
) -> None:
    """Label texts one at a time on a local page by keyboard (Ctrl-C stops it), or --export a sheet.

    Each label is stored as it is given. The page is served on 127.0.0.1 only and
    opened with a one-time link. With --export FILE, fill the sheet's stance, themes
    and by columns, then `voices label --from FILE`.

    Examples: voices review --queue learning --no-browser;
    voices review --export to-label.xlsx --queue validation
    """
    from voices import api
    from voices.errors import UsageError

    if export is not None:
        page_only = [o for o, v in (("--port", port), ("--retrain-every", retrain_every), ("--by", by),
                                    ("--no-browser", no_browser or None)) if v is not None]
        if page_only:
            one = len(page_only) == 1
            raise UsageError(f"{', '.join(page_only)} go{'es' if one else ''} with the review page, not with "
                             f"--export FILE: drop {'it' if one else 'them'}, or drop --export")
        written = api.review_export(common.corpus, export, queue=queue, n=100 if n is None else n,
                                    progress=common.progress())
        if common.json:
            emit_json({"path": written.path, "queue": written.queue, "rows": written.rows,
                       "copies_left_out": written.copies_left_out})
        copies = written.copies_left_out
        common.say(f"wrote {written.rows} text{'s' * (written.rows != 1)} from the {written.queue} queue to {written.path} "
                   "(as stored, not redacted: a sheet for labelling, not for sharing)"
                   + (f"; left out {copies} word-for-word cop{'ies' if copies != 1 else 'y'} of texts in it or "
                      "already labelled, so each text is labelled once" if copies else ""))
        return

    if n is not None:
        raise UsageError("--n goes with --export FILE (at most N texts in the sheet); the page shows the whole "
                         "queue: drop --n, or add --export FILE")

    def ready(url: str) -> None:
        if no_browser and common.json:
            message(url)  # stdout holds the one JSON result, printed when the page stops
        elif no_browser:
            print(url, flush=True)
        common.say("review page running; Ctrl-C stops it")

    result = api.review(common.corpus, queue=queue, port=0 if port is None else port, open_browser=not no_browser,
                        retrain_every=5 if retrain_every is None else retrain_every, by=by, on_ready=ready,
                        progress=common.progress())
    if common.json:
        emit_json(result.to_dict())
    common.say(f"stopped: {result.labelled} labelled, {result.skipped} skipped")
