"""Comment pages copied from real sites: the user selects the comments, copies, pastes into a file.

| layout           | what its posts start with                                        |
|------------------|------------------------------------------------------------------|
| ``guardian``     | a name line, then "4 Mar 2024 9.12"; "Reply", "Report", "Recommend" |
| ``disqus``       | "Avatar", then "author • 2 days ago"; "Reply • Share ›"           |
| ``mumsnet``      | "AuthorName · 04/03/2024 09:15"; "Add message | Report | See all"  |
| ``reddit``       | "u/name · 3 yr. ago" ("level N" lines or indentation nest them), or the thread's JSON |
| ``wordpress-com``| "N Comments" / "One Comment", then a name line and "March 4, 2024 at 9:12 am" |
| ``generic``      | any repeating author line and date line                           |

``detect`` picks the layout of a page (the sniffer asks it); ``READERS`` read one.
Relative times ("2 days ago") are dated only against ``--as-of``: ids depend on dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from voices.ingest.base import ReadContext
from voices.ingest.encoding import read_text
from voices.ingest.pages import reddit_json
from voices.ingest.pages._thread import MAX_HEADER_LINE, split_posts, thread_records, warn_text_above
from voices.ingest.pages.layouts import COUNT_LINE, HEADERS, SIGNS, says_line
from voices.schemas import Record

LAYOUTS: tuple[str, ...] = tuple(HEADERS)
_DETECT_LINES = 5000  # the head of a page is enough to tell its layout


def _count_title(lines: list[str]) -> str | None:
    for line in lines:
        m = COUNT_LINE.match(line)
        if m and m["title"]:
            return m["title"].strip()
    return None


def _signed(layout: str, text: str, lines: list[str]) -> bool:
    if layout == "wordpress-com":
        return any(COUNT_LINE.match(line) for line in lines)
    return bool(SIGNS[layout].search(text))


def detect(text: str) -> str | None:
    """The layout of a copied comment page, or ``None`` when no layout reads any comment in it.

    A site layout is chosen when its signs are on the page and its headers find
    comments (the most comments wins; ties go to the earlier layout in
    ``LAYOUTS``); ``generic`` only when no site layout fits and it finds two, or one headed "Name says:".

    Examples
    --------
    >>> detect("Avatar\\nann_b • 2 days ago\\nDirectors need a caseload past.\\nReply • Share ›\\n")
    'disqus'
    """
    lines = [line for line in text.split("\n")[:_DETECT_LINES] if len(line) < MAX_HEADER_LINE]
    head = "\n".join(lines)
    found = {layout: len(split_posts(lines, HEADERS[layout])) for layout in LAYOUTS
             if layout != "generic" and _signed(layout, head, lines)}
    best = max(found, key=lambda k: (found[k], -LAYOUTS.index(k)), default=None)
    if best and found[best]:
        return best
    # one comment is read when it opens the text and its header says so ("Name says:"): a name over a date alone
    # may head a letter, and a CSV's quoted cell may hold one comment
    posts = split_posts(lines, HEADERS["generic"])
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    return "generic" if len(posts) >= 2 or (posts and posts[0].line - 1 == first
                                            and says_line(lines[first])) else None


def read_page(path: Path, ctx: ReadContext, layout: str) -> Iterator[Record]:
    """Records of one copied page read in ``layout`` (see ``_thread.thread_records``)."""
    decoded = read_text(path)
    ctx.note_decoded(decoded)
    lines = decoded.text.split("\n")
    title = _count_title(lines) if layout == "wordpress-com" else None
    posts = split_posts(lines, HEADERS[layout])
    warn_text_above(lines, posts, ctx)
    yield from thread_records(posts, ctx, layout, title)


def _read_reddit(path: Path, ctx: ReadContext) -> Iterator[Record]:
    with open(path, "rb") as fh:
        head = fh.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith("{") or reddit_json.JSON_ARRAY.match(head):
        return reddit_json.read(path, ctx)
    return read_page(path, ctx, "reddit")


READERS: dict[str, Callable[[Path, ReadContext], Iterator[Record]]] = {
    layout: (_read_reddit if layout == "reddit" else partial(read_page, layout=layout)) for layout in LAYOUTS
}

__all__ = ["LAYOUTS", "READERS", "detect"]
