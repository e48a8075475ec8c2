"""Cells a spreadsheet reads as text: formula neutralising and line-break quoting for every CSV voices writes.

A spreadsheet runs a cell whose first visible character is ``=``, ``+``, ``-`` or
``@`` as a formula, even after leading spaces, a no-break space or a zero-width
character, and Excel set up for East Asian input takes the full-width forms
``＝ ＋ － ＠`` for them; a cell that starts with a tab or CR is treated the same way
(OWASP CSV injection). Such a cell gets one leading ``'``; a cell that already starts with
``'`` before one gets one more, so :func:`unneutralise` can always take exactly one
off and give back the text a person wrote.
"""

from __future__ import annotations

import csv
from typing import IO

FORMULA_CHARS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters a spreadsheet skips before deciding a cell is a formula, besides str.isspace().
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u034f\u061c\u200e\u200f")


def _formula_like(text: str) -> bool:
    if text.startswith(("\t", "\r", "\n")):
        return True
    i = 0
    while i < len(text) and (text[i].isspace() or text[i] in _INVISIBLE):
        i += 1
    return text[i:i + 1] in FORMULA_CHARS


def neutralise(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula.

    Examples
    --------
    >>> neutralise("=1+1"), neutralise("\\u00a0=HYPERLINK(x)"), neutralise("'=x"), neutralise("a=b")
    ("'=1+1", "'\\xa0=HYPERLINK(x)", "''=x", 'a=b')
    """
    return "'" + text if _formula_like(text.lstrip("'")) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a voices CSV.

    Examples
    --------
    >>> unneutralise(neutralise("''=x")), unneutralise("'plain")
    ("''=x", "'plain")
    """
    if text.startswith("'") and _formula_like(text.lstrip("'")):
        return text[1:]
    return text


def is_safe_cell(text: str) -> bool:
    """Whether no spreadsheet would run ``text`` as a formula (starts with ``'`` or is not formula-like)."""
    return text.startswith("'") or not _formula_like(text)


def csv_writer(fh: IO[str]) -> csv._writer:  # type: ignore[name-defined]
    """A CSV writer that quotes every cell holding a CR or LF.

    The line terminator is CRLF, so Python's writer quotes a cell with a bare CR as
    well as one with LF: a spreadsheet then never starts a new row inside a cell.
    """
    return csv.writer(fh, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
