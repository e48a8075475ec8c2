"""What every command shares: the common options, logging set-up, error-to-exit mapping, output.

Only ``voices.cli`` imports typer and rich. Command modules parse options, call one
plain function from the library, and render its result with the helpers here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.errors import VoicesError
from voices.terminal_text import escape_json_controls, strip_controls

DEFAULT_CORPUS = "voices.duckdb"

CorpusOpt = Annotated[
    Path,
    typer.Option(
        "--corpus",
        envvar="VOICES_CORPUS",
        help="The corpus file (DuckDB). Default ./voices.duckdb, or $VOICES_CORPUS.",
        show_default=False,
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write here instead of stdout.", show_default=False),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print a machine-readable JSON result on stdout.")
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show full tracebacks (without local variables).")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]


def default_corpus() -> Path:
    """The corpus path when ``--corpus`` is not given (typer resolves the env var first)."""
    return Path(os.environ.get("VOICES_CORPUS") or DEFAULT_CORPUS)


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    logging.basicConfig(
        level=level, format="voices: %(levelname)s: %(message)s", stream=sys.stderr, force=True
    )
    # libraries (distributed, for one) set their own loggers to INFO; the handler's
    # level keeps their chatter off stderr unless --verbose asks for it
    for handler in logging.getLogger().handlers:
        handler.setLevel(level)


@contextlib.contextmanager
def handled(debug: bool = False, verbose: bool = False, quiet: bool = False) -> Iterator[None]:
    """Run a command body: typed errors become one line on stderr and their exit code.

    Unexpected errors become one line and exit 1 ("rerun with --debug"); with
    ``--debug`` the traceback is shown (never local variables: texts hold personal data).
    """
    _configure_logging(verbose, quiet)
    try:
        yield
    except typer.Exit:
        raise
    except VoicesError as exc:
        if debug:
            raise
        message(f"error: {_one_line(str(exc))}", force=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        message("interrupted; nothing half-written was kept", force=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        if debug:
            raise
        first = _one_line(str(exc).splitlines()[0]) if str(exc) else ""
        message(
            f"unexpected error: {type(exc).__name__}: {first} (rerun with --debug)", force=True
        )
        raise typer.Exit(1) from None


def _one_line(text: str) -> str:
    """A message on one line: a column name or a library's message may hold line breaks."""
    return " ".join(text.split())


_QUIET = {"on": False}


def set_quiet(quiet: bool) -> None:
    """Remember ``--quiet`` for ``message``."""
    _QUIET["on"] = quiet


def message(text: str, force: bool = False) -> None:
    """A human message on stderr (never stdout: stdout is for data)."""
    if _QUIET["on"] and not force:
        return
    sys.stderr.write(f"voices: {strip_controls(text)}\n")
    sys.stderr.flush()


def emit_json(obj: Any) -> None:
    """Print a JSON result on stdout."""
    sys.stdout.write(escape_json_controls(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=str)))
    sys.stdout.write("\n")


def write_text(text: str, out: Path | None) -> None:
    """Write text to ``out`` atomically (temp file + rename), or to stdout."""
    if out is None:
        text = strip_controls(text) if sys.stdout.isatty() else text
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return
    from voices._atomic import atomic_write_text

    atomic_write_text(out, text)


class _TerminalStream:
    """stdout for data when it is a terminal: content's control sequences never reach it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(strip_controls(text))

    def flush(self) -> None:
        sys.stdout.flush()


def data_stream() -> Any:
    """Where data goes without ``--out``: stdout as it is in a pipe, control-stripped on a terminal."""
    return _TerminalStream() if sys.stdout.isatty() else sys.stdout


def stderr_console():  # noqa: ANN201 - rich is imported lazily
    """A rich console on stderr for progress bars and tables meant for people."""
    from rich.console import Console

    return Console(stderr=True)


def stdout_console():  # noqa: ANN201
    """A rich console on stdout (terminal reports)."""
    from rich.console import Console

    # piped or redirected: no terminal width to fit, so do not squeeze tables to 80 columns
    return Console(width=None if sys.stdout.isatty() else 160)


def expand_data_paths(paths: list[Path]) -> list[Path]:
    """Labelled-data arguments with folders expanded to their ``*.jsonl``/``*.csv`` files (sorted)."""
    from voices.errors import InputError

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".csv"))
            if not found:
                raise InputError(f"{path}: no .jsonl or .csv files in this folder: give labelled files")
            out += found
        else:
            out.append(path)
    return out
