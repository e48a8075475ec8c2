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


def json_kind(value: object) -> str:
    """A JSON value as a message names it where text or an object belonged.

    >>> [json_kind(v) for v in (None, True, 3, 2.5, "x", [1], {"a": 1})]
    ['null', 'true/false', 'a number', 'a number', 'a string', 'a list', 'an object']
    """
    if value is None:
        return "null"
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}
    return kinds.get(type(value), type(value).__name__)
