"""Running a command body: logging set up for the run, typed errors turned into one line on stderr and their
exit code, unexpected ones into one line and exit 1, Ctrl-C and SIGTERM into "nothing half-written was kept"."""

from __future__ import annotations

import contextlib
import errno
import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer

from voices.cli._output import message
from voices.errors import VoicesError

if TYPE_CHECKING:
    from voices.cli._common import Common


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
    except KeyboardInterrupt as exc:
        _say_interrupted(signals, getattr(exc, "kept", ""))
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except OSError as exc:
        if debug or exc.errno not in DISK_FULL:
            raise
        _say_disk_full(exc)
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


# A write the disk refused outside voices' own outputs (those say it as an OutputError): stdout sent to a file
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _say_disk_full(exc: OSError) -> None:
    """A full disk under a redirected stdout (``voices export > out.csv``) is no bug to rerun with --debug.

    It read "unexpected error: OSError: [Errno 28] No space left on device (rerun with --debug)", exit 1, and
    nothing said that the file the shell was writing holds only part of the output.
    """
    say_disk_full(exc)
    raise typer.Exit(2) from None


def say_disk_full(exc: OSError) -> None:
    """The one line for a write the disk refused (``voices.cli.main`` says it for --help too)."""
    message(f"error: the disk refused a write ({exc.strerror}): free space and run the command again; "
            "its output on standard output, if sent to a file, is incomplete")


def _say_interrupted(signals: list[int], kept: str = "") -> None:
    stopped = bool(signals)
    message(f"{'stopped (SIGTERM)' if stopped else 'interrupted'}; nothing half-written was kept"
            + (f" ({kept})" if kept else ""))
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
