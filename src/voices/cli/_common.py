"""What every command shares: the common options, defined once, and ``command``, which adds them to a
command body, resolves them into a ``Common`` and registers the command (in its group, if any).

Only ``voices.cli`` imports typer and rich. Command modules parse options, call one
plain function from the library, and render its result with ``voices.cli._output``;
``voices.cli._handled`` runs the body (logging, errors to exit codes).
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.cli._handled import handled
from voices.cli._output import message
from voices.errors import UsageError

DEFAULT_CORPUS = "voices.duckdb"
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}

# ---- the shared options, defined once ------------------------------------------------------
def corpus_path(value: Path | None) -> Path | None:
    """Refuse a corpus path of nothing or spaces (typer makes ``--corpus ""`` the current folder, ``.``).

    ``--corpus ""`` said ". is a folder", and ``VOICES_CORPUS=' '`` "no corpus at  :".
    """
    if value is not None and (not str(value).strip() or str(value) == "."):
        what = "nothing, or the current folder '.'," if str(value) == "." else "nothing but spaces,"
        raise typer.BadParameter(f"{what} not a corpus file: give the corpus file's path (voices.duckdb by default)")
    return value


CorpusOpt = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        envvar="VOICES_CORPUS",
        help="The corpus file (DuckDB). Default ./voices.duckdb, or $VOICES_CORPUS.",
        show_default=False,
        callback=corpus_path,
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
def not_blank(value: Any) -> Any:
    """Refuse an option given as nothing or spaces (``--source "$S"`` with the variable unset).

    ``export --source ''`` said "source prefix '' is ambiguous", ``classify -s ' '`` "no source ' '", and
    ``quotes --stance ''`` or ``evaluate --label-field ''`` were taken as not given, unsaid.
    """
    if any(isinstance(v, str) and not v.strip() for v in (value if isinstance(value, list | tuple) else [value])):
        raise typer.BadParameter("an empty value: give one, or leave the option out")
    return value


def not_empty(value: Any) -> Any:
    """Refuse a field name given as nothing (``--text-field "$F"`` with the variable unset), as ``not_blank`` does.

    A name of spaces is let through: a JSONL key or CSV heading may be ``" "``, and the reader says when the
    labelled file has no such field (``no ' ' field``); refusing it made such a file unreadable.
    """
    if value == "":
        raise typer.BadParameter("an empty value: give one, or leave the option out")
    return value


SourcesOpt = Annotated[
    list[str] | None,
    typer.Option("--source", "-s", help="Only this source id, or the keyed id a redacted output shows, or a prefix (repeatable).", show_default=False,
                 callback=not_blank),
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
                if corpus:  # evaluate and scheme init open none: a $VOICES_CORPUS they never read is no reason to stop
                    refuse_undecodable_corpus(common.corpus)
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


def refuse_undecodable_corpus(corpus: Path) -> None:
    """Refuse a corpus path that is not UTF-8 (a Latin-1 ``é`` in a file name): DuckDB takes paths as UTF-8 only.

    ``voices ingest t.txt --corpus c<0xe9>.duckdb`` ended in "unexpected error: RuntimeError: std::bad_cast"
    (exit 1), and a reading command said there was no corpus at that path though there was.
    """
    try:
        str(corpus).encode("utf-8")
    except UnicodeEncodeError:
        shown = str(corpus).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise UsageError(f"--corpus {shown}: the path is not UTF-8 text, and DuckDB opens only UTF-8 paths: "
                         "rename the file (or its folder), or give another --corpus") from None


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
