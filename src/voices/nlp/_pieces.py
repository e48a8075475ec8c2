"""Long texts in pieces, so spaCy never sees more than it can take (E088) or holds too much at once.

A stored text may run to any length (``voices ingest --max-text-chars``). The
statistical pipeline's memory grows with the length of each ``Doc``, and spaCy
refuses texts past ``nlp.max_length``, so texts longer than ``PIECE_CHARS`` are
cut at a paragraph break, else a sentence end, else a space, before the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PIECE_CHARS = 20_000
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))


def pieces(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pairs that join back to ``text``, each at most ``size`` characters.

    Examples
    --------
    >>> [(o, p) for o, p in pieces("one two. three", size=9)]
    [(0, 'one two. '), (9, 'three')]
    >>> "".join(p for _, p in pieces("x" * 25, size=10)) == "x" * 25
    True
    """
    size = size or PIECE_CHARS  # read at call time, so tests can lower it
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = size
        for pattern in _CUTS:
            found = [m.end() for m in pattern.finditer(window, size // 2)]
            if found:
                cut = found[-1]
                break
        yield start, window[:cut]
        start += cut
    if start < len(text) or not text:
        yield start, text[start:]
