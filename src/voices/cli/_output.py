"""Where a command's results go: messages on stderr, data and JSON on stdout (control-stripped on a terminal),
a binary format to a redirected stdout, rich consoles and progress bars, and the renderings several commands
share (a metric with its interval, the per-label table, the note on erased documents)."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from voices.terminal_text import escape_json_controls, safe_markup, strip_controls


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
