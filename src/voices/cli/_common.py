"""What every command shares: the common options, logging set-up, error-to-exit mapping, output.

Only ``voices.cli`` imports typer and rich. Command modules parse options, call one
plain function from the library, and render its result with the helpers here.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.errors import UsageError, VoicesError
from voices.terminal_text import escape_json_controls, safe_markup, strip_controls

DEFAULT_CORPUS = "voices.duckdb"
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}

# ---- the shared options, defined once ------------------------------------------------------
CorpusOpt = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        envvar="VOICES_CORPUS",
        help="The corpus file (DuckDB). Default ./voices.duckdb, or $VOICES_CORPUS.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON result on stdout.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show full tracebacks (without local variables).")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]
def _dash_is_stdout(value: Path | None) -> Path | None:
    """``--out -`` is stdout, as ``-`` is stdin for ``ingest`` (it wrote a file named ``-``)."""
    return None if value is not None and str(value) == "-" else value


OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout (- is stdout).",
                                             show_default=False, callback=_dash_is_stdout)]
SourcesOpt = Annotated[
    list[str] | None,
    typer.Option("--source", "-s", help="Only this source id, or the keyed id a redacted output shows, or a prefix (repeatable).", show_default=False),
]


def _not_empty(value: str | None) -> str | None:
    """``--format ''`` was taken as no --format at all (the default format), exit 0."""
    if value is not None and not value.strip():
        raise typer.BadParameter("an empty value: give a format, or leave --format out for the default")
    return value


def format_option(help: str, show_default: bool = False):  # noqa: A002 - a typer type
    """The ``--format``/``-f`` option; the use case checks the value, in any case (``HTML`` is ``html``)."""
    return Annotated[str | None, typer.Option("--format", "-f", help=help, show_default=show_default,
                                              callback=_not_empty)]


@dataclass(frozen=True)
class Common:
    """The options every command shares, resolved once and passed to the command body."""

    corpus: Path
    json: bool = False
    debug: bool = False
    verbose: bool = False
    quiet: bool = False

    def say(self, text: str) -> None:
        """A human message on stderr, unless ``--quiet``."""
        if not self.quiet:
            message(text)

    @property
    def bar(self) -> bool:
        """Whether to draw a progress bar: stderr is a terminal and no --quiet or --json."""
        return sys.stderr.isatty() and not self.quiet and not self.json

    def progress(self, draw: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
        """A progress callback: migration notes become messages, the rest goes to ``draw``."""

        def relay(event: Any) -> None:
            if event.stage == "migrate":
                self.say(event.message)
            elif draw is not None:
                draw(event)

        return relay


_SHARED = {
    "corpus": (CorpusOpt, None),
    "json_": (JsonOpt, False),
    "debug": (DebugOpt, False),
    "verbose": (VerboseOpt, False),
    "quiet": (QuietOpt, False),
}


def command(name: str, *, corpus: bool = True, json: bool = True, group: str | None = None) -> Callable:
    """Register ``body(..., common: Common)`` as command ``name`` with the shared options added.

    The body declares only its own options; ``--corpus`` (unless ``corpus=False``),
    ``--json`` (unless ``json=False``), ``--debug``, ``-v`` and ``-q`` are appended
    to its signature here, resolved into a ``Common``, and the body runs inside
    ``handled`` (typed errors become one line and their exit code). With ``group``,
    the command is ``voices GROUP NAME``; the group takes ``--corpus`` too
    (``voices scheme --corpus C set FILE``), the subcommand's own winning.
    """
    shared = [k for k in _SHARED if (k != "corpus" or corpus) and (k != "json_" or json)]

    def decorate(body: Callable) -> Callable:
        own = [p for p in inspect.signature(body, eval_str=True).parameters.values() if p.name != "common"]
        extra = [inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY, annotation=_SHARED[k][0], default=_SHARED[k][1])
                 for k in shared]

        @functools.wraps(body)
        def run(*args: Any, **kwargs: Any) -> None:
            values = {k: kwargs.pop(k) for k in shared}
            ctx = kwargs.pop("voices_ctx", None)
            corpus_given = values.get("corpus") if _given(ctx, "corpus") else None
            common = Common(corpus=corpus_given or _group_corpus(ctx) or values.get("corpus") or default_corpus(),
                            json=values.get("json_", False),
                            debug=values["debug"], verbose=values["verbose"], quiet=values["quiet"])
            with handled(common):
                _refuse_undecodable(kwargs)
                body(*args, common=common, **kwargs)

        if group:  # typer passes the context, whose parent holds the group's --corpus
            extra.append(inspect.Parameter("voices_ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context))
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if p.kind is p.POSITIONAL_OR_KEYWORD else p
                  for p in own] + extra
        run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        from voices.cli import app

        (_group(app, group) if group else app).command(name, context_settings=HELP_OPTIONS)(run)
        return run

    return decorate


def _refuse_undecodable(options: dict[str, Any]) -> None:
    """Refuse a text option holding bytes the terminal could not decode (a Latin-1 terminal's ``é``).

    Python hands them over as lone surrogates, which no UTF-8 file, report or corpus can hold: ``report
    --title``, ``label --by`` or ``ingest --source-title`` failed with a UnicodeEncodeError (exit 1). Paths
    are left alone: a file name may be any bytes.
    """
    for name, value in options.items():
        for text in value if isinstance(value, list | tuple) else [value]:
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise UsageError(f"--{name.rstrip('_').replace('_', '-')}: holds bytes that are not UTF-8 "
                                     "text; type it in a UTF-8 terminal") from None


# One line of help per command group (``voices GROUP --help``).
GROUP_HELP = {
    "scheme": "Labelling schemes: write one for a new debate (init), set the one a corpus uses (set).",
    "themes": "Themes nobody coded: find them in the corpus (discover), add one to the scheme (adopt).",
}


def _group(app: typer.Typer, name: str) -> typer.Typer:
    """The command group ``name`` (made on first use), with ``--corpus`` for its subcommands."""
    for info in app.registered_groups:
        if info.name == name:
            return info.typer_instance

    def take_corpus(corpus: CorpusOpt = None) -> None:  # noqa: ARG001 - the subcommand reads it off the parent context
        return None

    sub = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False,
                      rich_markup_mode=None, context_settings=HELP_OPTIONS)
    sub.callback()(take_corpus)
    app.add_typer(sub, name=name, help=GROUP_HELP.get(name, ""))
    return sub


def _given(ctx: typer.Context | None, name: str) -> bool:
    """Whether option ``name`` was typed on the command line (not taken from the environment or defaulted).

    Without a context (a plain command) every value counts as given: only a group's
    subcommand has a second ``--corpus`` (the group's) that a typed one must outrank.
    """
    if ctx is None:
        return True
    source = ctx.get_parameter_source(name)
    # typer >= 0.24 has its own copy of click, so compare by name, not by enum class
    return source is not None and source.name == "COMMANDLINE"


def _group_corpus(ctx: typer.Context | None) -> Path | None:
    """``--corpus`` typed on the group of the running subcommand, if any ($VOICES_CORPUS is not typed)."""
    parent = ctx.parent if ctx is not None else None
    value = parent.params.get("corpus") if parent is not None and _given(parent, "corpus") else None
    return Path(value) if value else None


def default_corpus() -> Path:
    """The corpus path when ``--corpus`` is not given (typer resolves the env var first)."""
    return Path(os.environ.get("VOICES_CORPUS") or DEFAULT_CORPUS)


class _Stderr(logging.StreamHandler):
    """A handler writing to whatever ``sys.stderr`` is when a record comes (a test runner swaps it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class _Said(_Stderr):
    """Shows a library's INFO notes as ``say`` shows a message: "voices: created folder out"."""

    def __init__(self) -> None:
        super().__init__()
        self.setLevel(logging.INFO)
        self.setFormatter(logging.Formatter("voices: %(message)s"))
        self.addFilter(lambda record: record.levelno == logging.INFO)


# Library loggers whose INFO records are messages for the user, shown unless -q (with -v the root handler shows them)
_SAID = ("voices._atomic",)


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    logging.basicConfig(level=level, format="voices: %(levelname)s: %(message)s", handlers=[_Stderr()], force=True)
    # libraries (distributed, for one) set their own loggers to INFO; the handler's
    # level keeps their chatter off stderr unless --verbose asks for it
    for handler in logging.getLogger().handlers:
        handler.setLevel(level)
    for name in _SAID:
        said = logging.getLogger(name)
        said.handlers = [h for h in said.handlers if not isinstance(h, _Said)]  # one per run, not one per command
        said.setLevel(logging.NOTSET if quiet else logging.INFO)
        if not quiet and not verbose:
            said.addHandler(_Said())


@contextlib.contextmanager
def handled(common: Common) -> Iterator[None]:
    """Run a command body: typed errors become one line on stderr and their exit code.

    Unexpected errors become one line and exit 1 ("rerun with --debug"); with
    ``--debug`` the traceback is shown (never local variables: texts hold personal data).
    """
    debug = common.debug
    _configure_logging(common.verbose, common.quiet)
    signals: list[int] = []  # SIGTERM, once it came
    try:
        with _terminate_as_interrupt(signals):
            yield
    except typer.Exit:
        raise
    except VoicesError as exc:
        if debug:
            raise
        message(f"error: {_one_line(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _say_interrupted(signals)
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except Exception as exc:  # the last line of defence, by design
        if _interrupted_query(exc) and not debug:
            _say_interrupted(signals)
        if debug:
            raise
        first = _one_line(str(exc).splitlines()[0]) if str(exc) else ""
        message(
            f"unexpected error: {type(exc).__name__}: {first} (rerun with --debug)"
        )
        raise typer.Exit(1) from None


def _say_interrupted(signals: list[int]) -> None:
    stopped = bool(signals)
    message(f"{'stopped (SIGTERM)' if stopped else 'interrupted'}; nothing half-written was kept")
    raise typer.Exit(143 if stopped else 130) from None


def _interrupted_query(exc: BaseException | None) -> bool:
    """Whether ``exc`` is DuckDB's answer to Ctrl-C (or SIGTERM) during a query, or came from cleaning up after it.

    DuckDB turns the signal into its own error ('Query interrupted'), and closing what the
    query used can then fail on the aborted transaction: both read as an unexpected error
    asking for --debug, though the user stopped the command and the transaction rolled back.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__name__ == "InterruptException" or str(exc).strip() == "Query interrupted":
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@contextlib.contextmanager
def _terminate_as_interrupt(signals: list[int]) -> Iterator[None]:
    """Let SIGTERM unwind the command as Ctrl-C does, so the temporary files it was writing go.

    Python's default for SIGTERM ends the process on the spot: a half-written hidden output
    stayed beside its target, and a copy of standard input (people's texts) stayed in the
    temporary folder. Only the main thread can take signals; elsewhere nothing changes.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        signals.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _one_line(text: str) -> str:
    """A message on one line: a column name or a library's message may hold line breaks."""
    return " ".join(text.split())


def message(text: str) -> None:
    """A message on stderr (never stdout: stdout is for data); ``Common.say`` honours ``--quiet``."""
    sys.stderr.write(f"voices: {strip_controls(text)}\n")
    sys.stderr.flush()


def emit_json(obj: Any) -> None:
    """Print a JSON result on stdout."""
    sys.stdout.write(escape_json_controls(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=str)))
    sys.stdout.write("\n")


def write_stdout(text: str) -> None:
    """Data on stdout, ending with a line break (control-stripped when stdout is a terminal)."""
    text = strip_controls(text) if sys.stdout.isatty() else text
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


class _TerminalStream:
    """stdout for data when it is a terminal: content's control sequences never reach it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(strip_controls(text))

    def flush(self) -> None:
        sys.stdout.flush()


def data_stream() -> Any:
    """Where data goes without ``--out``: stdout as it is in a pipe, control-stripped on a terminal."""
    return _TerminalStream() if sys.stdout.isatty() else sys.stdout


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal (a binary file is not written there)."""
    return sys.stdout.isatty()


# Formats that are one binary file: without --out (or with --out -) they go to stdout when it is
# a pipe or a file (`voices export --format xlsx > corpus.xlsx`); a terminal keeps the refusal.
BINARY_FORMATS = frozenset({"xlsx", "qdpx"})
STDOUT_SCRATCH_PREFIX = "voices-stdout-"  # the folder such a file is written in before it is copied out


@contextlib.contextmanager
def binary_stdout(fmt: str | None, out: Path | None) -> Iterator[Path | None]:
    """Yield where the command writes: ``out``, or, for a binary format sent to a redirected stdout,
    a temporary file whose bytes are copied to stdout once it is written whole (never on an error).

    The temporary holds the output (unredacted unless asked): its folder goes even when the
    process is killed (``voices._scratch``); a plain temporary folder stayed in /tmp after a kill."""
    if out is not None or fmt is None or fmt.lower() not in BINARY_FORMATS or stdout_is_terminal():
        yield out
        return
    import shutil

    from voices._scratch import scratch_folder

    with scratch_folder(STDOUT_SCRATCH_PREFIX) as folder:
        path = folder / f"stdout.{fmt.lower()}"
        yield path
        sys.stdout.flush()
        with path.open("rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def stderr_console():
    """A rich console on stderr for progress bars and tables meant for people."""
    from rich.console import Console

    return Console(stderr=True)


@contextlib.contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Callable[[Any], None] | None]:
    """A bar on stderr that draws ``voices.api.Progress`` events (their message, done of total); None if off."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=stderr_console(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(event: Any) -> None:
            # the message names the file being read: markup in a file name is shown as written
            bar.update(task, description=safe_markup(event.message or label), completed=event.done, total=event.total)

        yield update


def stdout_console():
    """A rich console on stdout (terminal reports)."""
    from rich.console import Console

    # piped or redirected: no terminal width to fit, so do not squeeze tables to 80 columns
    return Console(width=None if sys.stdout.isatty() else 160)


def figure(m: dict) -> str:
    """A metric with its interval: ``0.812 (95% CI 0.790-0.834)``."""
    return f"{m['value']:.3f} (95% CI {m['ci95'][0]:.3f}-{m['ci95'][1]:.3f})"


def per_label_table(title: str, per_label: dict):
    """A rich table of per-label precision, recall, F1 and support (train and evaluate show one)."""
    from rich.table import Table

    table = Table(title=safe_markup(title))  # names a model folder the user chose
    for col in ("label", "precision", "recall", "F1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for lab, v in per_label.items():
        table.add_row(safe_markup(lab), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"]))
    return table


def erased_note(result: Any, readmit: str = "--readmit-erased") -> str:
    """The summary's part on documents ``voices delete`` erased earlier: skipped, or stored again."""
    text = ""
    if result.erased:
        n = result.erased
        text += (f"; {n:,} skipped: erased from this corpus earlier (voices delete); "
                 f"{readmit} stores {'them' if n != 1 else 'it'} again")
    if result.readmitted:
        text += f"; {result.readmitted:,} erased earlier stored again (--readmit-erased)"
    return text
