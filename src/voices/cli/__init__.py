"""The ``voices`` command line: one module per command, each a thin layer over one use case.

Each command module parses its own options (the shared ones, ``--corpus``,
``--json``, ``--debug``, ``-v`` and ``-q``, come from ``voices.cli._common.command``),
calls its function in ``voices.api`` and renders the result:

| command  | module                 | calls                               |
|----------|------------------------|-------------------------------------|
| ingest   | ``voices.cli.ingest``   | ``voices.api.ingest``               |
| corpus   | ``voices.cli.corpus``   | ``voices.api.corpus_summary``       |
| export   | ``voices.cli.export``   | ``voices.api.export``               |
| delete   | ``voices.cli.delete``   | ``voices.api.delete``               |
| train    | ``voices.cli.train``    | ``voices.api.train``                |
| evaluate | ``voices.cli.evaluate`` | ``voices.api.evaluate``             |
| classify | ``voices.cli.classify`` | ``voices.api.classify`` (``classify_dataset``) |
| report   | ``voices.cli.report``   | ``voices.api.report``               |
| label    | ``voices.cli.label``    | ``voices.api.label`` (``label_from``) |
| sample   | ``voices.cli.sample``   | ``voices.api.sample``               |
| review   | ``voices.cli.review``   | ``voices.api.review`` (``review_export``) |
| scheme init | ``voices.cli.scheme_init`` | ``voices.api.scheme_init`` |
| scheme set  | ``voices.cli.scheme_set``  | ``voices.api.scheme_set``  |
| quotes   | ``voices.cli.quotes``   | ``voices.api.quotes``               |
| themes discover | ``voices.cli.themes_discover`` | ``voices.api.discover_themes`` |
| themes adopt    | ``voices.cli.themes_adopt``    | ``voices.api.adopt_theme``     |
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
    context_settings={"help_option_names": ["-h", "--help"]},
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
    from voices.cli import (  # noqa: F401 - imported for their @command side effect
        classify,
        corpus,
        delete,
        evaluate,
        export,
        ingest,
        label,
        quotes,
        report,
        review,
        sample,
        scheme_init,
        scheme_set,
        themes_adopt,
        themes_discover,
        train,
    )


_register()


def _one_line_usage_error(self, file=None) -> None:  # noqa: ARG001 - click's signature
    """A bad option or argument as one line on stderr, like every other refusal (click prints four)."""
    import sys

    # without a context (a missing option value) click cannot say which command: no hint then
    hint = f" (see {self.ctx.command_path} -h)" if self.ctx is not None else ""
    print(f"voices: error: {self.format_message()}{hint}", file=sys.stderr)


def main() -> None:
    """Entry point of the ``voices`` console script."""
    try:
        from typer._click import exceptions  # typer's own copy of click (typer >= 0.24), the one that raises
    except ImportError:  # pragma: no cover - an older typer uses click itself
        from click import exceptions

    exceptions.UsageError.show = _one_line_usage_error  # this process only: it is the CLI's
    try:
        app()
    except OSError as exc:
        # --help or --version on a full disk: printed by click, outside the commands' handled(), it ended in a
        # traceback and exit 1 ('voices --help > /dev/full'), where a command's output says one line, exit 2
        from voices.cli._handled import DISK_FULL, say_disk_full

        if exc.errno not in DISK_FULL:
            raise
        say_disk_full(exc)
        raise SystemExit(2) from None
