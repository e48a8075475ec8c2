"""The typed errors voices raises; the CLI turns each into one line and an exit code.

Every message says what was wrong, where (file, line or row) and what to do.
Core code raises these and never prints or exits.
"""

from __future__ import annotations


class VoicesError(Exception):
    """Base of every error voices reports to a user (exit code 2: input refused)."""

    exit_code = 2


class InputError(VoicesError):
    """A file, option or value the user gave cannot be used."""


class UsageError(VoicesError):
    """Options that do not fit together."""


class CorpusBusyError(VoicesError):
    """Another process holds the corpus (exit 3: try again)."""

    exit_code = 3


class OutputError(UsageError):
    """An output path that is not a place for output (a corpus, a device, a folder), or a failed write."""


class CorpusError(VoicesError):
    """The corpus file is missing, damaged or from a newer schema."""


class ModelError(VoicesError):
    """A model directory is missing, tampered, truncated or incompatible."""


class LabelError(VoicesError):
    """Labelled data that cannot be trained or evaluated on."""


class NotFoundError(VoicesError):
    """A source, respondent or document id that the corpus does not hold."""


class ClusterError(VoicesError):
    """The Dask cluster cannot be reached, has no workers, or kept losing a partition's worker.

    Exit 1: not the user's input, and it may work on another try.
    """

    exit_code = 1


class StoppedPartway(KeyboardInterrupt):
    """Ctrl-C or SIGTERM after a command had committed part of its work: ``kept`` says what stays stored.

    A ``KeyboardInterrupt``, so every cleanup on the way out runs as for any interruption; the CLI adds
    ``kept`` to its "nothing half-written was kept" line (a user otherwise learnt what stayed only from
    the next run)."""

    def __init__(self, kept: str) -> None:
        super().__init__(kept)
        self.kept = kept


def json_kind(value: object) -> str:
    """A JSON value as a message names it where text or an object belonged.

    >>> [json_kind(v) for v in (None, True, 3, 2.5, "x", [1], {"a": 1})]
    ['null', 'true/false', 'a number', 'a number', 'a string', 'a list', 'an object']
    """
    if value is None:
        return "null"
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}
    return kinds.get(type(value), type(value).__name__)


def refuse_bad_rows(bad: list[tuple[str, Exception]]) -> None:
    """Raise the first bad row's error, naming the other bad rows after it (at most ten), or nothing.

    >>> refuse_bad_rows([("l.csv row 3", InputError("l.csv row 3: no id")), ("l.csv row 7", InputError("x")),
    ...                  ("l.csv row 9", InputError("y"))])
    Traceback (most recent call last):
    ...
    voices.errors.InputError: l.csv row 3: no id (2 more bad rows: 7, 9)
    """
    if not bad:
        return
    first = str(bad[0][1])
    if len(bad) == 1:
        raise InputError(first)
    rows = [where.rsplit(" row ", 1)[-1] for where, _ in bad[1:]]
    shown = ", ".join(rows[:10]) + (", ..." if len(rows) > 10 else "")
    raise InputError(f"{first} ({len(rows)} more bad row{'s' * (len(rows) != 1)}: {shown})")
