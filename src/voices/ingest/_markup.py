"""HTML fragments to plain text: markup removed, entities decoded, paragraphs kept.

Used for WordPress comment content (in a WXR export or a saved page). Scripts
and styles are dropped, never run; the text a reader saw is what is kept.
"""

from __future__ import annotations

import re
from typing import Any

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol li blockquote pre table tr section article header footer "
    "figure figcaption dl dt dd hr address".split()
)
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


def tidy_text(text: str) -> str:
    """Collapse runs of spaces, trim each line, keep at most one blank line between paragraphs."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def node_text(node: Any, newlines_are_breaks: bool = False) -> str:
    """Plain text of a BeautifulSoup node: blocks become paragraphs, ``<br>`` a line break.

    Newlines inside text are source formatting in a web page (a space) but line
    breaks in WordPress's stored comment text (``newlines_are_breaks``).
    """
    from bs4 import NavigableString, Tag

    parts: list[str] = []
    # an explicit stack, not recursion: a comment may nest tags thousands deep
    stack: list[Any] = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, str) and not isinstance(child, NavigableString):
            parts.append(child)  # a block's closing break, queued below
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name in _DROP:
                continue
            if name == "br":
                parts.append("\n")
            elif name in _BLOCKS:
                parts.append("\n\n")
                stack.append(iter(("\n\n",)))
                stack.append(iter(child.children))
            else:
                stack.append(iter(child.children))
        elif isinstance(child, NavigableString) and type(child).__name__ in ("NavigableString", "CData"):
            text = str(child)
            parts.append(text if newlines_are_breaks else text.replace("\n", " "))

    return tidy_text("".join(parts))


def html_to_text(fragment: str, newlines_are_breaks: bool = True) -> str:
    """Plain text of an HTML fragment.

    Parameters
    ----------
    fragment : str
        HTML as WordPress stores it.
    newlines_are_breaks : bool
        WordPress stores comment text with raw newlines that it shows as line and
        paragraph breaks (``wpautop``); keep them.

    Examples
    --------
    >>> html_to_text("<p>Pay &amp; <b>conditions</b></p><p>matter.</p>")
    'Pay & conditions\\n\\nmatter.'
    """
    from bs4 import BeautifulSoup

    if "<" not in fragment and "&" not in fragment:
        return tidy_text(fragment if newlines_are_breaks else fragment.replace("\n", " "))
    return node_text(BeautifulSoup(fragment, "html.parser"), newlines_are_breaks)
