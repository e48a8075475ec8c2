"""Text from documents made safe to show on a terminal: no escape sequences, no console markup.

Comments and consultation answers are written by strangers. Printed raw, an
ESC or OSC sequence in one can clear the screen, retitle the window, plant a
hyperlink or hide text; a C1 control, a carriage return or a bidi override does
the same more quietly. And rich parses ``[bold]``-style markup in plain strings,
so a source title such as ``[/]`` crashes a table. Every renderer that prints
content passes it through :func:`safe_markup` (for rich) or
:func:`strip_controls` (for plain text on a terminal).
"""

from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), two-byte ESC x
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -~]?)"
)
# C0 controls but tab and newline; DEL and C1 (0x9b is a one-byte CSI); bidi overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# rich's own markup-escape rule (rich.markup.escape), here so the domain need not import rich
_MARKUP = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def strip_controls(text: str) -> str:
    r"""``text`` without escape sequences and control characters (tabs and newlines stay).

    Examples
    --------
    >>> strip_controls("a\x1b[2Jb\x1b]0;pwned\x07c\rd\x9b31me")
    'abcd31me'
    """
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def escape_markup(text: str) -> str:
    r"""``text`` with console markup escaped, so rich prints it as written.

    Examples
    --------
    >>> escape_markup("[/] and [bold red]x[/bold red]")
    '\\[/] and \\[bold red]x\\[/bold red]'
    """
    def escape(match: re.Match[str]) -> str:
        backslashes, tag = match.groups()
        return f"{backslashes}{backslashes}\\{tag}"

    text = _MARKUP.sub(escape, text)
    return text + "\\" if text.endswith("\\") and not text.endswith("\\\\") else text


def safe_markup(text: object) -> str:
    """Content as a string rich may parse as markup: controls stripped, markup escaped."""
    return escape_markup(strip_controls(str(text)))


def escape_json_controls(text: str) -> str:
    r"""JSON text with DEL, C1 and bidi controls as ``\uXXXX`` escapes (still the same JSON value).

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but writes these raw.

    Examples
    --------
    >>> escape_json_controls('{"t": "a\x9b2Jb"}')
    '{"t": "a\\u009b2Jb"}'
    """
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", text)
