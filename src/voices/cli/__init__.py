"""The ``voices`` command line: one module per command, each a thin layer over one library call.

| command  | module                 | does the work                        |
|----------|------------------------|--------------------------------------|
| ingest   | ``voices.cli.ingest``   | ``voices.ingest.ingest_paths``       |
| corpus   | ``voices.cli.corpus``   | ``voices.store.Corpus.summary``      |
| export   | ``voices.cli.export``   | ``voices.export.export_corpus``      |
| delete   | ``voices.cli.delete``   | ``voices.store.Corpus.delete``       |
| train    | ``voices.cli.train``    | ``voices.models.train.train``        |
| evaluate | ``voices.cli.evaluate`` | ``voices.models.evaluate.evaluate``  |
| classify | ``voices.cli.classify`` | ``voices.classify.classify_corpus``  |
| report   | ``voices.cli.report``   | ``voices.report.build_report``       |
| label    | ``voices.cli.label``    | ``voices.store.Corpus.add_label``    |
"""

from __future__ import annotations

from typing import Annotated

import typer

from voices import __version__

app = typer.Typer(
    name="voices",
    help="What practitioners are saying: stance and themes in comment threads and "
    "consultation responses, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"voices {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """What practitioners are saying: stance and themes, offline."""


def _register() -> None:
    # Command modules import only typer and light voices modules at import time,
    # so that `voices --help` stays instant; heavy libraries load inside commands.
    from voices.cli import (  # noqa: F401 - imported for their @app.command side effect
        classify,
        corpus,
        delete,
        evaluate,
        export,
        ingest,
        label,
        report,
        train,
    )


_register()


def main() -> None:
    """Entry point of the ``voices`` console script."""
    app()
