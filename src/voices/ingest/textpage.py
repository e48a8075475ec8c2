"""A comment page copied from a publisher's site as plain text.

The layout (as browsers copy a WordPress article page)::

    <article title>
    <standfirst, picture caption and credit, article body...>
    More from <publisher>
    9 Responses to <article title>
      1. Name November 30, 2017 at 1:59 pm #
        body, indented under its header
        • Replier December 2, 2017 at 11:03 am #
          reply body; deeper bullets reply to this reply
      2. Next Name ...

Top-level comments are numbered in sequence; replies are bullets, and a reply's
parent is the comment it is nested under, at any depth. A line inside a body that
merely looks like a header stays body text: a numbered line counts only at the
top-level indent with the next number, and a bullet only when it is indented
under an open comment and is not dated before it (replies come after what they
answer; a quoted earlier header does not). A page pasted without its indentation
has its bullets at the numbered comments' indent: each, not dated before the
numbered comment above it, is a reply to that comment, or to the earlier reply
to it whose author its text opens by naming ("@Ben Q"), and a warning says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from voices.errors import InputError
from voices.ingest.base import MONTH_RE, ReadContext
from voices.ingest.encoding import read_text
from voices.ingest.header_dates import NUMERIC, RELATIVE, HeaderDates, list_item
from voices.ingest.pasted import drop_repeats, flat_parents
from voices.ingest.textpage_layout import cut_comment, indent_of, page_article, tidy_block
from voices.schemas import Record, Source

_RESPONSES = re.compile(
    r"^\s*(?P<n>\d+|one|no)\s+(?:responses?|comments?|replies|thoughts?)\s+(?:to|on)\s+"
    r"[“\"‘']?(?P<title>.+?)[”\"’']?\s*$",
    re.IGNORECASE,
)
_DATE = (
    rf"(?:(?:{MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_RE})\.?,?)"
    r"\s+\d{4}(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?"
    rf"|{NUMERIC}|{RELATIVE}"  # read by ``voices.ingest.header_dates``: as a name, they were the author's
)
_HEADER = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<num>\d{1,6})\.|(?P<bullet>[•◦▪‣∙·*–-]))\s+"
    rf"(?P<author>\S.*?)\s+(?P<date>{_DATE})\s*#?\s*$",
    re.IGNORECASE,
)
# a numbered comment's header that shows no date, its permalink "#" kept ("2. Bob Example #"): read only as the next
# number at the numbered comments' indent, a space before the "#" ("2. Learn C#" in a list is text), and taken back
# when a dated header comes with that number (``_Parser._retract``)
_UNDATED = re.compile(r"^[ \t]*(?P<num>\d{1,6})\.\s+(?P<author>\S.*?)\s+#\s*$")
_MAX_HEADER_LINE = 400  # longer lines are body text; keeps matching linear on huge lines


@dataclass
class _Comment:
    line: int
    indent: int
    author: str
    posted_at: str | None
    parent: _Comment | None
    body: list[str] = field(default_factory=list)
    key: str = ""
    #: a reply whose comment is not in the file (copied from mid-thread): a reply, with no parent
    orphan: bool = False
    #: a reply whose bullet is not indented under its comment (the paste lost the page's indentation)
    flat: bool = False
    #: its header's shape (``_shape``): a flat bullet of another shape is the comment's text, not a reply
    shape: tuple[bool, bool] = (False, False)
    num: int | None = None  # a numbered comment's number


def _shape(m: re.Match[str]) -> tuple[bool, bool]:
    """A header's shape: whether its date has a time, whether a "#" ends it (WordPress' permalink)."""
    return bool(re.search(r"\d[:.]\d{2}", m["date"])), m.group(0).rstrip().endswith("#")


def has_numbered_comments(text: str) -> bool:
    """Whether ``text`` has a numbered comment header ("1. Name November 30, 2017 at 1:59 pm")."""
    return any(m["num"] for line in text.split("\n") if len(line) < _MAX_HEADER_LINE
               for m in [_HEADER.match(line)] if m)


def _header_dates(lines: list[str]) -> list[str]:
    """The dates of the page's header-shaped lines: the order of its slashed ones is told from them all."""
    return [m["date"] for line in lines if len(line) < _MAX_HEADER_LINE and (m := _HEADER.match(line))]


def _find_comments_start(lines: list[str], name: str) -> tuple[int, str | None, int | None]:
    """Index of the "N Responses to" line (or the first header), its title and count."""
    for i, line in enumerate(lines):
        m = _RESPONSES.match(line) if len(line) < _MAX_HEADER_LINE else None
        if m and any(_HEADER.match(ln) for ln in lines[i + 1:i + 40] if len(ln) < _MAX_HEADER_LINE):
            n = m["n"].lower()
            count = 1 if n == "one" else 0 if n == "no" else int(n)
            return i, m["title"].strip(), count
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if len(lines[first]) < _MAX_HEADER_LINE and _HEADER.match(lines[first]):
        return first - 1, None, None  # comments copied from mid-thread: no title, no article above them
    numbered = next((i for i, line in enumerate(lines) if len(line) < _MAX_HEADER_LINE
                     and (m := _HEADER.match(line)) and m["num"]), None)
    end = len(lines) if numbered is None else numbered
    if cut_comment(lines[:end]):
        # a paste opening inside a comment: the replies under it start at their own bullet headers
        reply = next((i for i, line in enumerate(lines[:end]) if len(line) < _MAX_HEADER_LINE
                      and (m := _HEADER.match(line)) and m["bullet"]), numbered)
        if reply is not None:
            return reply - 1, None, None
    if numbered is not None:
        return numbered - 1, None, None
    raise InputError(
        f"{name}: no comments section found (expected a line like '9 Responses to <title>' "
        "followed by numbered comments 'Name Month D, YYYY at H:MM am'): check the file, "
        "or give --format for another layout"
    )


class _Parser:
    def __init__(self, name: str, dates: HeaderDates) -> None:
        self.name = name
        self.dates = dates
        self.comments: list[_Comment] = []
        self.top_indent: int | None = None
        self.next_number: int | None = None
        self.open: list[_Comment] = []
        #: lines of bullets at the numbered comments' indent dated before the comment above: kept as its text
        self.quoted: list[int] = []
        #: lines of numbered comments whose header shows no date (``_UNDATED``): stored undated
        self.undated: list[int] = []
        self.undated_headers: list[str] = []
        self.restarts: list[int] = []  # the lines where the numbered comments start again at 1
        # the last restart: its comment's index, its header, and the next number and open comments before it
        self._restart: tuple[int, str, int | None, list[_Comment]] | None = None

    def _top_level(self, m: re.Match[str], indent: int) -> bool:
        if self.top_indent is not None and indent != self.top_indent:
            return False
        return self.next_number is None or int(m["num"]) == self.next_number

    def _pasted_again(self, m: re.Match[str], indent: int, number: int) -> bool:
        """Whether a "1." at the comments' indent, its header shaped as the first comment's, starts the numbered
        comments again: a second page, or the thread pasted again (``voices.ingest.pasted``)."""
        first = next((c for c in self.comments if c.num == 1), None)
        if first is None or int(m["num"]) != 1 or indent != self.top_indent or _shape(m) != first.shape:
            return False
        self.restarts.append(number)
        self._restart = (len(self.comments), m.group(0), self.next_number, list(self.open))
        return True

    def take_back_empty_restart(self) -> None:
        """A restart with no words before the next header is a line of the comment above, given back: a dated list
        item ("1. Open meeting March 3, 2018 at 10:00 am") in a paste without indentation, not a comment."""
        restart, self._restart = self._restart, None
        if restart is None or restart[0] != len(self.comments) - 1 or tidy_block(self.comments[-1].body):
            return
        _, header, self.next_number, self.open = restart
        comment = self.comments.pop()
        self.comments[-1].body.extend([header, *comment.body])
        self.restarts.pop()
        for said in self.dates.said.values():  # what its header's date could not tell is not said either
            if said and said[-1][0] == comment.line:
                said.pop()

    def _list_item(self, m: re.Match[str]) -> bool:
        first = next((c for c in self.comments if c.num is not None), None)
        return first is not None and list_item(m["date"], _shape(m), first.shape, bool(m["num"]))

    def _parent_for(self, indent: int, posted_at: str | None) -> _Comment | None:
        stack = [c for c in self.open if c.indent < indent]
        if not stack or (self.top_indent is None and not stack[-1].orphan) or (
                self.top_indent is not None and indent <= self.top_indent):
            return None
        parent = stack[-1]
        if posted_at and parent.posted_at and posted_at < parent.posted_at:
            return None  # dated before what it would answer: a quoted header, not a reply
        return parent

    def _flat_parent(self, number: int, indent: int, posted_at: str | None,
                     shape: tuple[bool, bool]) -> _Comment | None:
        """The numbered comment a bullet at (or left of) the numbered comments' indent replies to, if any.

        Pasted without indentation, a page's replies sit at its comments' indent: they were read as text,
        and stored, headers and all, inside the comment above them. Not dated before that comment (a quoted
        header is), a bullet there is a reply to it; an "@Name" may name a nearer parent
        (``voices.ingest.pasted.flat_parents``).
        A bullet whose date is not shaped as that comment's header (a time, a "#") is a list in its text
        ("- Consultation closes March 31, 2024"): split off, its words were a reply by "Consultation closes".
        """
        if self.top_indent is None or indent > self.top_indent:
            return None
        root = next((c for c in reversed(self.comments) if c.parent is None and not c.orphan), None)
        if root is not None and shape != root.shape:
            return None
        if root is not None and posted_at and root.posted_at and posted_at < root.posted_at:
            self.quoted.append(number)  # the comment's text keeps it, and a warning says so
            return None
        return root

    def feed(self, number: int, line: str) -> None:
        m = _HEADER.match(line) if len(line) < _MAX_HEADER_LINE else None
        header = m is not None and not self._list_item(m)
        if header or (len(line) < _MAX_HEADER_LINE and _UNDATED.match(line)):
            self.take_back_empty_restart()
        if header:
            indent = indent_of(line)
            posted_at = self.dates.read(m["date"], number)
            if m["num"]:
                self._retract(int(m["num"]), indent)
            if m["num"] and (self._top_level(m, indent) or self._pasted_again(m, indent, number)):
                self.top_indent = indent
                self.next_number = int(m["num"]) + 1
                self._start(number, indent, m["author"], posted_at, None)
                self.comments[-1].shape, self.comments[-1].num = _shape(m), int(m["num"])
                return
            if m["bullet"]:
                parent = self._parent_for(indent, posted_at)
                if parent is not None:
                    self._start(number, indent, m["author"], posted_at, parent)
                    return
                root = self._flat_parent(number, indent, posted_at, _shape(m))
                if root is not None:
                    self._start(number, indent, m["author"], posted_at, root)
                    self.comments[-1].flat = True
                    return
                if self.top_indent is None and (not self.comments or self.comments[0].orphan) and (
                        not self.open or indent <= self.open[0].indent):
                    # before any numbered comment, in a paste that opens with replies (their comment was not
                    # copied): each reply at the paste's outer indent is one, kept without its parent
                    self._start(number, indent, m["author"], posted_at, None)
                    self.comments[-1].orphan = True
                    return
        if self._undated(number, line):
            return
        if self.comments:
            self.comments[-1].body.append(line)

    def _undated(self, number: int, line: str) -> bool:
        """Start the next numbered comment at a header that shows no date (``_UNDATED``), if ``line`` is one.

        Read as text, it and every later comment went into the comment above ('2. Bob Example #' and Cat's
        dated '3.' stored as Ann's words; "the page says 3 responses but 1 were found").
        """
        m = _UNDATED.match(line) if len(line) < _MAX_HEADER_LINE else None
        if m is None or self.top_indent != indent_of(line) or int(m["num"]) != self.next_number:
            return False
        self.next_number += 1
        self._start(number, self.top_indent, m["author"], None, None)
        self.comments[-1].shape = (self.comments[-2].shape if len(self.comments) > 1 else (False, True))
        self.undated.append(number)
        self.undated_headers.append(line)  # given back as text if taken back (``_retract``)
        return True

    def _retract(self, num: int, indent: int) -> None:
        """Give an undated comment's lines back to the comment above when a dated header has its number.

        The dated '2. Cat Example ...' shows that '2. Bob said #' in Ann's numbered list was her text: taken for a
        comment, it took Ann's words after it and Cat's comment (no longer the next number) as Bob's.
        """
        last = self.comments[-1] if len(self.comments) > 1 else None
        if (last is None or not self.undated or last.line != self.undated[-1] or indent != self.top_indent
                or num != self.next_number - 1):
            return
        self.comments.pop()
        self.open = [c for c in self.open if c is not last]
        self.comments[-1].body.extend([self.undated_headers.pop(), *last.body])
        self.undated.pop()
        self.next_number -= 1

    def _start(self, number: int, indent: int, author: str, posted_at: str | None,
               parent: _Comment | None) -> None:
        self.open = [c for c in self.open if c.indent < indent]
        comment = _Comment(number, indent, author.strip(), posted_at, parent)
        self.dates.taken(number)
        comment.key = f"c{len(self.comments) + 1}"
        self.comments.append(comment)
        self.open.append(comment)


def parse_textpage(text: str, ctx: ReadContext) -> Iterator[Record]:
    """Records from a plain-text comment page: the article, then comments in page order.

    Parameters
    ----------
    text : str
        The decoded page (``\\n`` line endings).
    ctx : ReadContext
        Options (``source_title``, ``source_url``) and where warnings go.

    Yields
    ------
    Record
        An ``article`` (when the page has a body), then ``comment``/``reply`` records.

    Raises
    ------
    InputError
        The page has no comments section.
    """
    lines = text.split("\n")
    start, title, count = _find_comments_start(lines, ctx.name)
    above = lines[:max(start, 0)]
    cut = title is None and cut_comment(above)
    page_title, article = (None, "") if cut else page_article(above)
    title = ctx.options.source_title or title or page_title or ctx.path.stem
    source = Source(title=title, kind="thread", url=ctx.options.source_url)
    if article:
        yield Record(source=source, kind="article", text=article, key="article", line=1)
    if cut:
        # a paste opening inside a comment: its first line was taken as the page's title, a person's words
        # and all, and the rest as an "article"; it is the end of a comment whose header was not copied
        line = next(i for i, ln in enumerate(above, 1) if ln.strip())
        ctx.warn(f"line {line}: text above the first comment's header, indented as a comment's is: the end of a "
                 "comment whose header was not copied, stored as a comment with no author or date")
        yield Record(source=source, kind="comment", text=tidy_block(above), key="cut-comment", line=line)
    parser = _Parser(ctx.name, HeaderDates(lambda: _header_dates(lines[start + 1:]), ctx))
    for number, line in enumerate(lines[start + 1:], start + 2):
        parser.feed(number, line)
    parser.take_back_empty_restart()
    flat_parents(parser.comments, tidy_block, ctx)
    parser.comments = drop_repeats(parser.comments, parser.restarts, tidy_block, ctx)
    if parser.quoted:
        ctx.warn(f"line {parser.quoted[0]}: {len(parser.quoted)} reply header(s) at the comments' indent, dated "
                 "before the comment above, kept in its text (a quoted header, or a reply whose nesting and order "
                 "the paste lost): check the page")
    if parser.undated:
        ctx.warn(f"line {parser.undated[0]}: {len(parser.undated)} numbered comment(s) whose header shows no date, "
                 "stored undated: to date them, add each one's date to its header as the others give it, and ingest the page "
                 "again with --replace (without it, a dated comment is stored beside the undated one)")
    parser.dates.say(ctx)
    if count is not None and count != len(parser.comments):
        ctx.warn(f"the page says {count} responses but {len(parser.comments)} were found")
    for c in parser.comments:
        body = tidy_block(c.body)
        if not body:
            ctx.warn(f"line {c.line}: a comment with no text; skipped")  # no author: stderr ends up in logs
            ctx.skipped["empty"] += 1
            continue
        yield Record(
            source=source, kind="reply" if c.parent or c.orphan else "comment", text=body, key=c.key,
            parent_key=c.parent.key if c.parent else None, author=c.author,
            posted_at=c.posted_at, line=c.line,
        )


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """Read a plain-text comment page file (see ``parse_textpage``)."""
    decoded = read_text(path)
    ctx.note_decoded(decoded)
    yield from parse_textpage(decoded.text, ctx)
