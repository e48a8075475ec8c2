"""The inputs of one ingest call: each path checked and given its reader, and standard input spooled to a file.

``check_paths`` refuses a missing or non-regular path, opens a folder into its files (``voices.ingest.folder``)
and marks a file given twice; ``spooled_stdin`` makes ``-`` a file readers can read twice. Shared by the ingest
(``voices.ingest.pipeline``) and ``--preview`` (``voices.ingest.preview``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from voices.errors import InputError
from voices.ingest.base import STDIN_SPOOL_PREFIX, IngestOptions
from voices.ingest.folder import Checked, folder_inputs, is_dataset, sniff_named
from voices.ingest.sniff import SKIP

REPEATED = "repeated"  # a file given again in one call: read once


STDIN_MAX_BYTES = 4 << 30


def check_paths(paths: Sequence[Path], options: IngestOptions) -> list[Checked]:
    """Each input with the reader to use, refusing missing and non-regular files.

    A folder gives its files (``voices.ingest.folder``), those voices cannot read skipped with the reason.
    """
    if not paths:
        raise InputError("no input files given: voices ingest FILE...")
    checked: list[Checked] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file: check the path")
        if not (path.is_file() or path.is_dir()):
            # a device (/dev/zero), FIFO or socket never ends, or never starts
            raise InputError(f"{path}: not a regular file (a device, pipe or socket): save the data "
                             "to a file first, or give - to read standard input")
        inputs = (folder_inputs(path, options) if path.is_dir() and not is_dataset(path)
                  else [Checked(path, "")])
        for item in inputs:
            if item.path.resolve() in seen:
                checked.append(Checked(item.path, REPEATED))
                continue
            item = item if item.fmt else Checked(item.path, sniff_named(item.path, options, len(paths)))
            if item.fmt != SKIP:
                _refuse_undecodable_name(item.path)
            checked.append(item)
            seen.add(item.path.resolve())
    return checked


def _refuse_undecodable_name(path: Path) -> None:
    """Refuse a file whose name is not UTF-8 (a Latin-1 ``th\\xe9.txt``): its name goes with what is stored.

    The name (and the title made from it) reached DuckDB as lone surrogates: "unexpected error:
    InvalidInputException ... surrogate" (exit 1), for the file given by name or found in a folder.
    """
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise InputError(f"{shown}: the file name is not UTF-8 text, and voices keeps each file's name with what it "
                         "stores: rename the file to a UTF-8 name (convmv -f latin1 -t utf8), then ingest it; "
                         "nothing was stored") from None


@contextlib.contextmanager
def spooled_stdin() -> Iterator[Path]:
    """Standard input as a file readers can read twice, gone with this process however it ends.

    A killed ``cat big.jsonl | voices ingest -`` left the whole input in /tmp. On Linux the
    bytes are now in a file with no name, which the kernel frees when the process ends (even
    by SIGKILL); readers get a link to it in a scratch folder, named as the bytes say (openpyxl
    opens a workbook only under a workbook's name; messages show it as ``-``). Elsewhere the copy
    is a plain file in the folder; the folder goes with its reaper (``voices._scratch``).
    """
    import tempfile

    from voices._scratch import scratch_folder

    with scratch_folder(STDIN_SPOOL_PREFIX) as folder, tempfile.TemporaryFile(dir=folder) as data:
        path = folder / _copy_stdin(data)
        data.flush()
        try:
            os.symlink(f"/proc/{os.getpid()}/fd/{data.fileno()}", path)
            linked = path.is_file()
        except OSError:
            linked = False
        if not linked:  # no /proc: a plain copy
            path.unlink(missing_ok=True)
            data.seek(0)
            with open(path, "wb") as out:
                shutil.copyfileobj(data, out)
        yield path


def _copy_stdin(out: IO[bytes]) -> str:
    """Copy standard input to ``out``; returns the name its bytes call for."""
    import sys

    source = sys.stdin.buffer
    head = source.read(1 << 16)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    out.write(head)
    copied = len(head)
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if copied > STDIN_MAX_BYTES:
            raise InputError(f"-: standard input runs past {STDIN_MAX_BYTES >> 30} GiB: "
                             "save it to a file and give that")
        out.write(chunk)
    return "stdin.xlsx" if head.startswith(b"PK\x03\x04") else "stdin.jsonl" if first in (b"{", b"[") else "stdin"
