"""``voices ingest DIR``: the files of a folder, each with its reader, or skipped with the reason.

A file given by name is refused when voices cannot read it: the user asked for it. A folder
is a collection the user did not list, and such folders hold more than inputs (the
``MANIFEST.json`` of ``benchmarks/generate_corpus.py``, a README, notes): each file voices reads
is ingested, each other file is skipped with a one-line warning naming it and why, as a README
given along with the inputs already was. A folder with no file voices reads is refused, naming
what was in it. Hidden files (``.DS_Store``) are passed over unsaid; folders inside are not
entered (warned about). A file that is read and then found broken still stops the whole ingest.

A folder holding Parquet files is a voices export dataset: read as one input, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from voices.errors import InputError
from voices.ingest.base import IngestOptions
from voices.ingest.sniff import SKIP, sniff


class Checked(NamedTuple):
    """One input with its reader (``SKIP``: not read; ``why`` then says why)."""

    path: Path
    fmt: str
    why: str = ""


def is_dataset(path: Path) -> bool:
    """A folder voices reads as one input: a Parquet dataset (a voices export)."""
    return any(path.rglob("*.parquet"))


def folder_inputs(folder: Path, options: IngestOptions) -> list[Checked]:
    """The files directly in ``folder``, by name, each with its reader or skipped with the reason.

    Raises
    ------
    InputError
        No file in the folder is one voices reads (the message names each and why).
    """
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    out = [_checked(p, options) for p in entries]
    if not any(c.fmt != SKIP for c in out):
        found = "; ".join(f"{c.path.name}: {c.why}" for c in out) or "nothing"
        raise InputError(f"{folder}: no file in this folder is comments or responses voices reads ({found}): "
                         "give the folder that holds the exports, or the files with --format")
    return out


def _checked(path: Path, options: IngestOptions) -> Checked:
    if path.is_dir():
        return Checked(path, SKIP, "a folder inside the folder, not entered; give it on its own")
    if not path.is_file():
        return Checked(path, SKIP, "not a regular file")
    try:
        fmt = sniff(path, options)
    except InputError as exc:  # its message starts with the path: keep the reason
        reason = str(exc).removeprefix(f"{path}: ")
        return Checked(path, SKIP, f"not a file voices reads ({reason})")
    if fmt == SKIP:
        return Checked(path, SKIP, "a documentation file, not comments or responses")
    return Checked(path, fmt)


def sniff_named(path: Path, options: IngestOptions, given: int) -> str:
    """``sniff`` of a file given by name: refused when unreadable; among several, saying how to pass it over."""
    try:
        return sniff(path, options)
    except InputError as exc:
        if given < 2 or path.is_dir():
            raise
        raise InputError(f"{exc}; or leave it out, or give its folder: voices skips the files of a folder "
                         "it cannot read") from None
