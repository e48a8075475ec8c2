"""The encoding a saved web page declares, found as a browser finds it.

A browser reads a page by its byte-order mark first, then by the ``<meta charset>``
(or ``<meta http-equiv="Content-Type" content="...; charset=...">``) in its first
1024 bytes, found by the WHATWG "prescan" (https://html.spec.whatwg.org/#prescan-a-byte-stream-to-determine-its-encoding),
and only then guesses. A page saved as Windows-1251 or Shift_JIS says so there;
read any other way its text is garbled. Labels name Python codecs through
``codecs.lookup``, except where the WHATWG Encoding Standard reads a label
otherwise: ``iso-8859-1`` and ``ascii`` mean Windows-1252, as every browser reads them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

PRESCAN_BYTES = 1024
_SPACE = b"\t\n\x0c\r "
_LETTERS = re.compile(rb"[A-Za-z]")

# labels the Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels) reads other than
# Python's codec of that name does, or that Python does not know
_WHATWG: dict[str, str] = {
    **dict.fromkeys((
        "ansi_x3.4-1968", "ascii", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
        "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "x-cp1252",
        "x-user-defined",  # the prescan reads it as Windows-1252
    ), "cp1252"),
    **dict.fromkeys((
        "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989",
        "l5", "latin5", "x-cp1254",
    ), "cp1254"),
    **dict.fromkeys(("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"), "cp874"),
    # a UTF-16 label in a <meta> that was read as ASCII is wrong: the page is UTF-8
    **dict.fromkeys(("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "unicodefffe",
                     "utf-16", "utf-16be", "utf-16le"), "utf-8"),
    **dict.fromkeys(("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"), "utf-8"),
    # browsers decode each East Asian label with Windows' superset (Shift_JIS with NEC's ①, Ⅰ, ㈱)
    **dict.fromkeys(("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
                     "x-sjis"), "cp932"),
    **dict.fromkeys(("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                     "iso-ir-58", "x-gbk"), "gb18030"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                     "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"), "cp949"),
    **dict.fromkeys(("cseucpkdfmtjapanese", "x-euc-jp"), "euc_jp"),
    **dict.fromkeys(("csiso88596e", "csiso88596i", "iso-8859-6-e", "iso-8859-6-i"), "iso8859-6"),
    **dict.fromkeys(("csiso88598e", "csiso88598i", "iso-8859-8-e", "iso-8859-8-i", "logical", "visual"),
                    "iso8859-8"),
    "sun_eu_greek": "iso8859-7",
    "csisolatin9": "iso8859-15",
    **dict.fromkeys(("koi", "koi8"), "koi8-r"),
    "koi8-ru": "koi8-u",
    **dict.fromkeys(("x-mac-cyrillic", "x-mac-ukrainian"), "mac-cyrillic"),
    **dict.fromkeys(("csmacintosh", "mac", "x-mac-roman"), "mac-roman"),
}
# "iso88592", "x-cp1251": spellings browsers take that Python does not
_ISO8859 = re.compile(r"iso[-_ ]?8859[-_ ]?(\d{1,2})")
_X_CP = re.compile(r"^x-(cp125\d)$")
_LABEL = re.compile(r"[a-z0-9._:-]+")  # what every WHATWG label is written with
# a web encoding reads the ASCII a <meta> is written in as ASCII: Python's other codecs (UTF-7,
# unicode_escape, punycode, EBCDIC, UTF-16/32, rot13, base64) do not, or are no text encodings;
# these two do, but are no encodings of a page (host names; Latin-1 under another name)
_PROBE = (b"<meta charset='x' content=\"text/html; charset=y\">\t\r\n 0123456789 ABCXYZ abcxyz "
          b"!#$%&()*,-./:;=?@[]^_`{|} \\x41 \\u0041 +AGEA- ~{")
_NOT_PAGES = frozenset({"idna", "charmap"})


@dataclass(frozen=True)
class Declaration:
    """An encoding a page declares in a ``<meta>``.

    Attributes
    ----------
    label : str
        The label as written (ASCII letters lowercased, as the prescan reads it).
    codec : str or None
        The Python codec that decodes it, or ``None`` for a label voices does not know.
    """

    label: str
    codec: str | None


def codec_for_label(label: str) -> str | None:
    """The Python codec a WHATWG encoding label names, or ``None`` when it names no web encoding.

    >>> codec_for_label("Windows-1251"), codec_for_label("ISO-8859-1"), codec_for_label("x-klingon")
    ('cp1251', 'cp1252', None)
    """
    name = label.strip("\t\n\x0c\r ").lower()
    m = _ISO8859.fullmatch(name)
    name = f"iso-8859-{m.group(1)}" if m else _X_CP.sub(r"\1", name)
    if name in _WHATWG:
        return _WHATWG[name]
    if not _LABEL.fullmatch(name):
        return None  # no web encoding's label; and "utf\n8" would reach Python's codec as "utf_8"
    try:
        info = codecs.lookup(name)
        if info.name in _NOT_PAGES or _PROBE.decode(info.name) != _PROBE.decode("ascii"):
            return None
    except (LookupError, ValueError, UnicodeError):
        return None
    return _WHATWG.get(info.name.replace("_", "-"), info.name)


def prescan(data: bytes) -> Declaration | None:
    """The encoding the first ``<meta>`` declaring a known one names, as a browser's prescan finds it.

    Only the first 1024 bytes are read. ``<!-- comments -->`` and other tags' attributes are passed
    over; a ``content`` charset counts only beside ``http-equiv="content-type"``. A declaration of a
    label voices does not know is passed over, as browsers do, and returned (``codec`` ``None``) only
    when no known one follows.

    Examples
    --------
    >>> prescan(b'<html><head><meta charset="windows-1251">')
    Declaration(label='windows-1251', codec='cp1251')
    >>> prescan(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-7">').codec
    'iso8859-7'
    >>> prescan(b"<p>no declaration</p>") is None
    True
    """
    head = data[:PRESCAN_BYTES]
    unknown: Declaration | None = None
    pos = 0
    try:
        while pos < len(head):
            pos, found = _step(head, pos)
            if found is not None and found.codec is not None:
                return found
            if found is not None and unknown is None and found.label.strip():
                unknown = found
    except _CutShortError:
        pass  # a tag or comment runs past the bytes read: it declares nothing, as in a browser
    return unknown


class _CutShortError(Exception):
    """The prescan ran out of bytes inside a tag or comment."""


def _step(head: bytes, pos: int) -> tuple[int, Declaration | None]:
    """Where the prescan goes on from ``pos``, and what a ``<meta>`` there declares."""
    if head.startswith(b"<!--", pos):
        return _past(head, b"-->", pos + 2), None
    if head[pos:pos + 5].lower() == b"<meta" and head[pos + 5:pos + 6] in (b"\t", b"\n", b"\x0c", b"\r", b" ", b"/"):
        pos, label = _meta(head, pos + 5)
        return pos, (Declaration(label, codec_for_label(label)) if label is not None else None)
    if head[pos:pos + 1] == b"<" and _LETTERS.match(head, pos + 1 + (head[pos + 1:pos + 2] == b"/")):
        return _tag_end(head, pos), None
    if head[pos:pos + 2] in (b"<!", b"</", b"<?"):
        return _past(head, b">", pos + 1), None
    return pos + 1, None


def _past(head: bytes, end: bytes, pos: int) -> int:
    found = head.find(end, pos)
    if found < 0:
        raise _CutShortError
    return found + len(end)


def _tag_end(head: bytes, pos: int) -> int:
    """Past a start or end tag's name and attributes (an attribute value may hold ``<meta``)."""
    while pos < len(head) and head[pos] not in _SPACE and head[pos] != 0x3E:
        pos += 1
    while (attr := _attribute(head, pos)) is not None:
        pos = attr[0]
    return pos


def _meta(head: bytes, pos: int) -> tuple[int, str | None]:
    """The charset label a ``<meta>`` declares (``None``: none that counts), and where it ends."""
    seen: set[bytes] = set()
    pragma, need_pragma, charset = False, None, None
    while (attr := _attribute(head, pos)) is not None:
        pos, name, value = attr
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv" and value == b"content-type":
            pragma = True
        elif name == b"content" and charset is None:
            charset = _content_charset(value)
            need_pragma = True if charset is not None else need_pragma
        elif name == b"charset":
            charset, need_pragma = value, False
    if need_pragma is None or (need_pragma and not pragma) or charset is None:
        return pos, None
    return pos, charset.decode("latin-1")


def _attribute(head: bytes, pos: int) -> tuple[int, bytes, bytes] | None:
    """(the position after it, name, value) of the attribute at ``pos``; ``None`` at ``>``.

    Names and values are lowercased (ASCII letters only), as the prescan compares them.

    Raises
    ------
    _CutShortError
        The attribute runs past the bytes read.
    """
    n = len(head)
    while pos < n and (head[pos] in _SPACE or head[pos] == 0x2F):
        pos += 1
    if pos >= n:
        raise _CutShortError
    if head[pos] == 0x3E:
        return None
    start = pos
    while pos < n and head[pos] not in _SPACE and head[pos] not in b"/>" and not (
            head[pos] == 0x3D and pos > start):
        pos += 1
    name = head[start:pos].lower()
    while pos < n and head[pos] in _SPACE:
        pos += 1
    if pos >= n:
        raise _CutShortError
    if head[pos] != 0x3D:
        return pos, name, b""
    pos += 1
    while pos < n and head[pos] in _SPACE:
        pos += 1
    if pos >= n:
        raise _CutShortError
    quote = head[pos]
    if quote in b"\"'":
        end = _past(head, bytes([quote]), pos + 1)
        return end, name, head[pos + 1:end - 1].lower()
    if quote == 0x3E:
        return pos, name, b""
    start = pos
    while pos < n and head[pos] not in _SPACE and head[pos] != 0x3E:
        pos += 1
    if pos >= n:
        raise _CutShortError
    return pos, name, head[start:pos].lower()


_CHARSET = re.compile(rb"charset[\t\n\x0c\r ]*=[\t\n\x0c\r ]*", re.IGNORECASE)


def _content_charset(value: bytes) -> bytes | None:
    """The label in a ``content="text/html; charset=..."`` value (HTML's "extract a character encoding")."""
    m = _CHARSET.search(value)
    if m is None:
        return None
    rest = value[m.end():]
    if rest[:1] in (b'"', b"'"):
        end = rest.find(rest[:1], 1)
        return rest[1:end] if end > 0 else None
    label = re.match(rb"[^\t\n\x0c\r ;]*", rest).group()
    return label or None
