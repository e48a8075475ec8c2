"""Reading input files as text without mangling them.

Consultation exports come out of Excel as Windows-1252 or UTF-16, comment pages
are pasted as UTF-8 with or without a BOM, and line endings are often mixed. The
rule here is "detect, never mangle": a "£" or a curly quote must survive, so a
decoding is only accepted when it is strict (no replacement characters).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from voices.errors import InputError
from voices.ingest.charset import Declaration, prescan
from voices.mojibake import UTF8_MULTIBYTE as _UTF8_MULTIBYTE
from voices.mojibake import garbled_utf8, refuse_other_encoding

__all__ = ["Decoded", "binary_kind", "bom_codec", "decode_bytes", "normalise_newlines", "read_text",
           "refuse_other_encoding", "utf16_without_bom"]

# Bytes that open common binary formats, and what to call them in a message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (XLSX files are read as consultations: use --format consultation)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"PAR1", "a Parquet file (use --format voices for a voices export)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (save it as CSV or XLSX)"),
    (b"SQLite format 3", "a SQLite database"),
    (b"DUCK", "a DuckDB database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x0b\x1b")


@dataclass
class Decoded:
    """A file's text, the encoding it was read with, and what was repaired.

    Attributes
    ----------
    text : str
        The text with line endings normalised to ``\\n`` and NUL characters removed.
    encoding : str
        The codec name the bytes were decoded with.
    bom : bool
        Whether the file started with a byte-order mark.
    nul_lines : list of int
        1-based lines where NUL characters were removed.
    warnings : list of str
        What the reader should warn about (without the file's name).
    """

    text: str
    encoding: str
    bom: bool = False
    nul_lines: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def bom_codec(head: bytes) -> tuple[str, int] | None:
    """The codec a byte-order mark at the start of ``head`` names, and the mark's length.

    >>> bom_codec(codecs.BOM_UTF8 + b"id,text")
    ('utf-8', 3)
    >>> bom_codec(b"id,text") is None
    True
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return None


def binary_kind(head: bytes) -> str | None:
    """Name the binary format ``head`` starts with, or ``None`` if it may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if not head or bom_codec(head) is not None:
        return None
    if utf16_without_bom(head):
        return None
    sample = head[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    # NUL aside (a few in text are stripped, with a warning), text has almost no control bytes
    others = controls - sample.count(0)
    if controls / len(sample) > 0.10 or others / len(sample) > 0.03:
        return "binary data"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """Spot UTF-16 text that lost its BOM: every other byte is NUL."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _utf8(data: bytes) -> str | None:
    """``data`` as UTF-8, or None when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_page(data: bytes, name: str, declared: Declaration, warnings: list[str]) -> tuple[str, str, bool]:
    """A saved page with a ``<meta>`` declaration: read as declared, as a browser reads it, except
    where that would lose or garble it (what to warn about is appended to ``warnings``)."""
    if declared.codec is None:
        warnings.append(f"its <meta> declares the encoding {declared.label.strip()!r}, which voices does not "
                        "know: read as if it declared none; check accented characters")
        return _decode(data, name, warnings)
    if declared.codec == "utf-8":
        text = _utf8(data)
        if text is not None:
            return text, "utf-8", False
        # Old pages often keep a template's UTF-8 declaration over Windows-1252 text: a browser
        # shows replacement characters, refusing would lose the page, and the guess reads it right.
        warnings.append("its <meta> declares UTF-8 but it holds bytes that are not: read as if it declared "
                        "none; check accented characters")
        return _decode(data, name, warnings)
    # The reverse: a template's single-byte <meta> over UTF-8 text. Text in a single-byte encoding is
    # next to never valid UTF-8 with accents in it; read as declared, every accent would be stored
    # garbled ("HÃ©lÃ¨ne") without a word, where before the <meta> was followed it was read right.
    text = _utf8(data) if _UTF8_MULTIBYTE.search(data) else None
    if text is not None:
        warnings.append(f"its <meta> declares the encoding {declared.label.strip()!r} but its text is UTF-8: "
                        "read as UTF-8; check accented characters")
        return text, "utf-8", False
    return _decode_declared(data, name, declared), declared.codec, False


def _decode_declared(data: bytes, name: str, declared: Declaration) -> str:
    """A page in the encoding its ``<meta>`` declares: no guess past it, as a browser reads it."""
    try:
        return data.decode(declared.codec or "")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{name}: line {line}: bytes that are not {declared.label.strip()}, the encoding its <meta> declares: "
            "re-save the page from the browser (as UTF-8), or correct its <meta charset>, and ingest it again"
        ) from None


def _decode(data: bytes, name: str, warnings: list[str]) -> tuple[str, str, bool]:
    """The text, its codec and whether a BOM opened it; what to warn about is appended to ``warnings``."""
    marked = bom_codec(data)
    if marked is not None:
        codec, skip = marked
        try:
            # a UTF-8-with-BOM file converted to UTF-16 keeps its BOM as a character after the new one:
            # left in, it glues itself to the first column's name ("\ufeffResponse ID" is no id column)
            return data[skip:].decode(codec).removeprefix("\ufeff"), codec, True
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: starts with a {codec} byte-order mark but byte {exc.start} is not "
                f"{codec}: re-save the file as UTF-8"
            ) from None
    guessed = utf16_without_bom(data)
    candidates = ([guessed] if guessed else []) + ["utf-8"]
    for codec in candidates:
        try:
            return data.decode(codec), codec, False
        except UnicodeDecodeError:
            continue
    if _UTF8_MULTIBYTE.search(data):
        mixed = _decode_lines(data, warnings)
        if mixed is not None:
            return *mixed, False
    try:
        return data.decode("cp1252"), "cp1252", False
    except UnicodeDecodeError:
        pass
    return _decode_guess(data, name, warnings), "guessed", False




def _cp1252(data: bytes) -> str | None:
    """``data`` as Windows-1252, or None where it holds one of the five bytes Windows-1252 leaves unassigned."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _decode_lines(data: bytes, warnings: list[str]) -> tuple[str, str] | None:
    """Each line as UTF-8 or Windows-1252 (files appended to from two programs), and the codec that says which.

    Windows-1252 text is at times valid UTF-8 too ("Ã©" is the bytes of "é"): such a line goes with the
    file's evident encoding, Windows-1252 when more lines can only be that than read as both, else UTF-8,
    and as Windows-1252 whenever its UTF-8 reading is no text (``voices.mojibake.garbled_utf8``).
    """
    readings = [(_utf8(line), _cp1252(line)) for line in data.split(b"\n")]
    if any(u is None and c is None for u, c in readings):
        return None
    legacy = {i for i, (u, c) in enumerate(readings) if u is None or (c is not None and garbled_utf8(u))}
    utf8 = {i for i, (u, _) in enumerate(readings) if i not in legacy and not u.isascii()}  # type: ignore[union-attr]
    if len(legacy) > len(utf8):  # a Windows-1252 file: its lines that look like UTF-8 are Windows-1252 too
        legacy |= {i for i in utf8 if readings[i][1] is not None}
    text = "\n".join(c if i in legacy else u for i, (u, c) in enumerate(readings))  # type: ignore[misc]
    if not utf8 - legacy:  # nothing read as UTF-8 after all: a Windows-1252 file
        if looked := [i for i in legacy if readings[i][0] is not None]:  # say where UTF-8 would have read
            warnings.append(f"line {_lines_shown(looked)} would read as UTF-8 too, but was read as Windows-1252 "
                            "as the rest of the file is; check accented characters")
        return text, "cp1252"
    warnings.append(f"mixed encodings: line {_lines_shown(legacy)} read as Windows-1252, the rest as UTF-8; "
                    "check accented characters")
    return text, "utf-8+cp1252"


def _lines_shown(indexes: Iterable[int]) -> str:
    """0-based line indexes as 1-based numbers, the first five."""
    numbers = sorted(i + 1 for i in indexes)
    return ", ".join(map(str, numbers[:5])) + (" ..." if len(numbers) > 5 else "")


def _decode_guess(data: bytes, name: str, warnings: list[str]) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            f"{name}: cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252): "
            "re-save the file as UTF-8"
        )
    warnings.append(f"encoding guessed as {best.encoding}; check accented characters")
    return str(best)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (files mixing them are common)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, name: str, *, html: bool = False) -> Decoded:
    """Decode a file's bytes to text, refusing binary data.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str
        The file's name, for messages.
    html : bool
        A web page: as in a browser, a byte-order mark decides, then the encoding a ``<meta>``
        in its first 1024 bytes declares (``voices.ingest.charset.prescan``), then the guess
        any file gets. An encoding voices does not know is warned about and guessed past, and so
        is a single-byte one declared over text that is valid UTF-8 with accents (read as UTF-8).

    Returns
    -------
    Decoded
        Its ``warnings`` (a mixed or guessed encoding, a ``<meta>`` not followed) are not
        logged here: the reader forwards them, naming the file as the user gave it.

    Raises
    ------
    InputError
        Empty, binary, in no encoding that decodes it strictly, or in another single-byte
        encoding that Windows-1252 would garble (``refuse_other_encoding``); a page with
        bytes that are not in the encoding it declares.

    Examples
    --------
    >>> decode_bytes("£5 “pay”".encode("cp1252"), "a.csv").text
    '£5 “pay”'
    """
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(f"{name}: the file is empty: give a file with comments or responses in it")
    kind = binary_kind(data[:8192])
    if kind:
        raise InputError(
            f"{name}: this is {kind}, not text: give a CSV, XLSX, JSONL, WordPress XML, "
            "HTML or plain-text comment page"
        )
    declared = prescan(data) if html and bom_codec(data) is None else None
    warnings: list[str] = []  # forwarded by the reader (ReadContext.note_decoded), named as the user gave the file
    if declared is not None:
        text, codec, bom = _decode_page(data, name, declared, warnings)
    else:
        text, codec, bom = _decode(data, name, warnings)
    text = normalise_newlines(text)
    if codec in ("cp1252", "utf-8+cp1252"):
        refuse_other_encoding(text, name)
    nul_lines: list[int] = []
    if "\x00" in text:
        nul_lines = [i for i, line in enumerate(text.split("\n"), 1) if "\x00" in line]
        text = text.replace("\x00", "")
    if not text.strip():
        raise InputError(f"{name}: the file is empty: give a file with comments or responses in it")
    return Decoded(text=text, encoding=codec, bom=bom, nul_lines=nul_lines, warnings=warnings)


def read_text(path: Path, *, html: bool = False) -> Decoded:
    """Read and decode a text file (see ``decode_bytes``; ``html``: a saved web page)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror}): check the path") from None
    return decode_bytes(data, str(path), html=html)
