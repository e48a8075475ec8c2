"""The guard an XLSX workbook passes before openpyxl reads it: limits that keep a small hostile workbook
(a compression bomb, millions of shared strings) from taking minutes or gigabytes, and the one-line
refusals for a file that is no workbook at all (a renamed CSV is told to be renamed). Used by
``voices.ingest._tabular``, which reads the sheets."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from voices.errors import InputError
from voices.ingest.base import ReadContext
from voices.ingest.encoding import binary_kind

# Limits that keep a small hostile workbook from taking minutes or gigabytes (issue 10):
# a real consultation export is far inside every one of them.
XLSX_MAX_MEMBERS = 10_000
XLSX_MAX_UNPACKED = 1 << 30  # bytes, all members together
XLSX_MAX_RATIO = 50  # unpacked / packed, once the unpacked size passes XLSX_RATIO_FLOOR
XLSX_RATIO_FLOOR = 32 << 20
XLSX_MAX_SHARED_STRINGS = 1_000_000
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit; row numbers past it are not a real sheet
XLSX_MAX_COLUMNS = 4_096


# what openpyxl, zipfile, zlib and the XML parser raise on a damaged workbook
# (lxml and expat report malformed XML as SyntaxError subclasses)
BROKEN_XLSX: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, TypeError, AttributeError,
    SyntaxError, IndexError, EOFError, NotImplementedError,
)


def xlsx_refusal(ctx: ReadContext, what: str) -> InputError:
    return InputError(f"{ctx.name}: {what}; voices refuses it rather than risk running out of "
                      "time or memory: open it in Excel and save it again (or export CSV)")


def check_xlsx_archive(path: Path, ctx: ReadContext) -> None:
    """Refuse a workbook whose ZIP members would unpack to far more than a real export.

    Reads only the ZIP directory and counts the shared strings in a streamed pass,
    so a 1 MB "bomb" is refused in well under a second.

    Raises
    ------
    InputError
        Too many members, too large unpacked, an unrealistic compression ratio,
        or too many shared strings.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if not any(m.filename.lower().endswith("workbook.xml") for m in members):
                raise InputError(f"{ctx.name}: a ZIP archive but not an XLSX workbook (no workbook part in it): "
                                 "give a workbook, CSV or JSONL file")
            if len(members) > XLSX_MAX_MEMBERS:
                raise xlsx_refusal(ctx, f"the workbook holds {len(members):,} parts")
            unpacked = sum(m.file_size for m in members)
            packed = max(1, path.stat().st_size)
            if unpacked > XLSX_MAX_UNPACKED or (
                unpacked > XLSX_RATIO_FLOOR and unpacked / packed > XLSX_MAX_RATIO
            ):
                raise xlsx_refusal(
                    ctx, f"the workbook unpacks to {unpacked / 2**20:,.0f} MB from "
                         f"{packed / 2**20:,.1f} MB (a compression bomb?)")
            for member in members:
                if member.filename.lower().endswith("sharedstrings.xml"):
                    _count_shared_strings(archive, member, ctx)
    except BROKEN_XLSX as exc:
        raise _not_a_workbook(path, ctx, exc) from None


def _not_a_workbook(path: Path, ctx: ReadContext, exc: Exception) -> InputError:
    """An ``.xlsx`` that is no ZIP: text (a CSV renamed) is told to be renamed, not to be "saved again from Excel"."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.strip() and binary_kind(head) is None:
        csv_like = any(d in head.split(b"\n", 1)[0] for d in (b",", b";", b"\t"))
        what, suffix = ("CSV text", ".csv") if csv_like else ("plain text", ".txt")
        return InputError(f"{ctx.name}: not an Excel workbook but {what}: rename it to end in {suffix} and give it "
                          "again")
    return InputError(f"{ctx.name}: not a readable XLSX workbook ({exc}): save it again from Excel")


def _count_shared_strings(archive: object, member: object, ctx: ReadContext) -> None:
    count, tail = 0, b""
    with archive.open(member) as stream:  # type: ignore[attr-defined]
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            # "<si>" or "<si " opens a shared string; "<sst" does not match
            count += data.count(b"<si>") + data.count(b"<si ")
            tail = data[-3:]
            if count > XLSX_MAX_SHARED_STRINGS:
                raise xlsx_refusal(
                    ctx, f"the workbook declares over {XLSX_MAX_SHARED_STRINGS:,} shared strings")
