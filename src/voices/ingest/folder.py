"""``voices ingest DIR``: the files of a folder, each with its reader, or skipped with the reason.

A file given by name is refused when voices cannot read it: the user asked for it. A folder
is a collection the user did not list, and such folders hold more than inputs (the
``MANIFEST.json`` of ``benchmarks/generate_corpus.py``, a README, notes): each file voices reads
is ingested, each other file is skipped with a one-line warning naming it and why, as a README
given along with the inputs already was. But a file named as one voices reads (``.csv``, ``.txt``,
``.json``, ``.xls`` ...) that it cannot read is a response the user meant to give (an email saved
as text, answers in one JSON object): skipped, with exit 0, the user believed it stored. The folder
is refused, naming each such file, and nothing is stored; an empty one, one named as documentation
(``README.txt``, ``notes.txt``), and a JSON object holding no list of records (a manifest, settings),
are skipped. A folder with no file voices reads is refused,
naming what was in it. Hidden files (``.DS_Store``) are passed over unsaid; folders inside are not
entered (warned about). A file that is read and then found broken still stops the whole ingest.

A folder holding Parquet files and nothing else is a voices export dataset: read as one input, as before; a
Parquet file beside other files is one file of the folder, and a dataset folder inside it is not entered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from voices.errors import InputError
from voices.ingest.base import IngestOptions
from voices.ingest.sniff import SKIP, is_parquet_dataset, sniff


class Checked(NamedTuple):
    """One input with its reader (``SKIP``: not read; ``why`` then says why)."""

    path: Path
    fmt: str
    why: str = ""


# the endings of the files voices reads (and of an old workbook): such a file it cannot read is a response
_READ_SUFFIXES = frozenset({".csv", ".tsv", ".tab", ".txt", ".text", ".json", ".jsonl", ".ndjson", ".xml", ".html",
                            ".htm", ".xlsx", ".xlsm", ".xls", ".parquet"})
# named as a folder's documentation is (README.txt, LICENSE, notes.txt, MANIFEST.json): no response
_DOC_NAMES = re.compile(r"(?:read[ _-]?me|licen[cs]e|copying|notes?|manifest|change[ _-]?log)(?:[ _.-].*)?", re.IGNORECASE)
_DOC_SUFFIXES = frozenset({".txt", ".text", ".json"})
_MANIFEST_MAX = 1 << 20  # a manifest or settings file is small: a larger JSON object is taken for data
UNREADABLE = "unreadable"  # a file of a kind voices reads that it cannot read: refuses the folder


def is_dataset(path: Path) -> bool:
    """A folder voices reads as one input: a Parquet dataset (a voices export), Parquet files and nothing else."""
    return is_parquet_dataset(path)


def folder_inputs(folder: Path, options: IngestOptions) -> list[Checked]:
    """The files directly in ``folder``, by name, each with its reader or skipped with the reason.

    Raises
    ------
    InputError
        No file in the folder is one voices reads (the message names each and why).
    """
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    out = [_checked(p, options) for p in entries]
    unread = [c for c in out if c.fmt == UNREADABLE]
    if unread:
        n = len(unread)
        found = "; ".join(f"{c.path.name} ({c.why})" for c in unread)
        raise InputError(f"{folder}: {n} file{'s' if n != 1 else ''} of a kind voices reads cannot be read: {found}; "
                         "nothing was stored: fix each one (or give --format), or move it out of the folder if it "
                         "is not comments or responses")
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
        if _meant_as_input(path):
            return Checked(path, UNREADABLE, reason)
        return Checked(path, SKIP, f"not a file voices reads ({reason})")
    if fmt == SKIP:
        return Checked(path, SKIP, "a documentation file, not comments or responses")
    return Checked(path, fmt)


def _meant_as_input(path: Path) -> bool:
    """Whether a file voices cannot read is named as a response would be, and may hold one."""
    suffix = path.suffix.lower()
    if suffix not in _READ_SUFFIXES or (suffix in _DOC_SUFFIXES and _DOC_NAMES.fullmatch(path.stem)):
        return False  # a PDF, an image, a README.txt: skipped with the reason
    with open(path, "rb") as fh:
        head = fh.read(_MANIFEST_MAX + 1)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return False  # empty: no answer in it to lose
    if suffix == ".json" and len(head) <= _MANIFEST_MAX:
        try:
            return _holds_records(json.loads(head.decode("utf-8-sig")))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return True
    return True


def _holds_records(value: Any, depth: int = 0) -> bool:
    """Whether a JSON value holds a list of objects (records), a few levels down: a manifest holds none."""
    if depth > 3:
        return False
    if isinstance(value, list):
        return any(isinstance(v, dict) for v in value) or any(_holds_records(v, depth + 1) for v in value[:50])
    return isinstance(value, dict) and any(_holds_records(v, depth + 1) for v in value.values())


def sniff_named(path: Path, options: IngestOptions, given: int) -> str:
    """``sniff`` of a file given by name: refused when unreadable; among several, saying how to pass it over."""
    try:
        return sniff(path, options)
    except InputError as exc:
        if given < 2 or path.is_dir():
            raise
        raise InputError(f"{exc}; or leave it out, or give its folder: voices skips the files of a folder "
                         "it cannot read") from None
