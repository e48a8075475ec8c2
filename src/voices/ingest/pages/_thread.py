"""What every copied comment page shares: posts split at their headers, tidy bodies, reply trees.

A layout (``layouts.py``) only says what a post header looks like. This module
splits the page's lines at those headers, cleans each body (site furniture such
as "Reply", "Share ›" or vote counts dropped, quoted lines set aside), finds
each reply's parent and yields the records.

Reply structure, first found wins: a reply marker ("in reply to X", "replied to X",
"replying to X", "Response to X, <date>", Disqus' "author > X"); the nesting
depth (Reddit's "level N" lines, or the header's indentation); an "@Name"
naming an earlier author; a "> " quote of an earlier post. A marker opening a post's body that names no
earlier author of the page ("Replied to the minister last week", "In response to the consultation, I ...")
or goes on in words where a date would be ("In reply to Kwame, I disagree ...") is the post's own words, and
stays in its text (a named author still gives the parent).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from voices.errors import InputError
from voices.ingest.base import ReadContext, iso_datetime
from voices.ingest.textpage_layout import tidy_block
from voices.schemas import Record, Source

MAX_HEADER_LINE = 300  # longer lines are body text; keeps header matching cheap

_FURNITURE_WORD = re.compile(
    r"^(?:reply|report|share|recommend|like|liked|save|follow|permalink|embed|edit|delete|avatar|give"
    r"|award|vote|upvote|downvote|quote|flag|see|all|add|message|poster|pick|[-+−]?\d+(?:\.\d+)?k?"
    r"|points?|votes?|likes?|recommendations?|[-+^v−▲▼↑↓›»]+)$",
    re.IGNORECASE,
)
_FURNITURE_LINE = re.compile(
    r"^(?:(?:show|load|view|see) (?:\d+ )?more(?: comments| replies| repl(?:y|ies))?|\d+ more repl(?:y|ies)"
    r"|continue this thread|liked by (?:\d+ (?:people|persons?)|one person|you)|sort by .{1,30}|loading\W*"
    r"|(?:guardian|staff|editor'?s'?) picks?|report abuse|(?:hide|show) repl(?:y|ies)|collapse|expand"
    r"|op posts?:.{0,40}|(?:like\s+)?liked by .{1,40}|(?:u/)?\S{1,40} avatar|\(?\d+ child(?:ren)?\)?"
    r"|message poster|\[score hidden\]|copy link|facebook|twitter|email|linkedin|whatsapp)$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s*[•·|]\s*|\s+")
_LEVEL = re.compile(r"^\s*level\s+(\d{1,3})\s*$", re.IGNORECASE)
REPLY_MARK = re.compile(
    r"^\s*(?:in reply to|replying to|replied to|reply to|response to|in response to)\s+@?(?P<name>[^,]{1,60}?)"
    r"(?:\s*,\s*(?P<date>.+?))?\s*:?\s*$",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"^\s*>\s?(?P<text>.*)$")
_RELATIVE = re.compile(
    r"^(?:(?P<n>\d{1,4}|an?|one)\s*(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?"
    r"|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)\.?(?:\s+ago)?|just now|yesterday|today)$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^\d+(?:s|m|h|d|w|mo|y)$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks", "mo": "months", "y": "years"}


@dataclass
class Post:
    """One comment as found on the page, before its parent is known."""

    line: int
    author: str
    when: str | None
    indent: int = 0
    level: int | None = None
    reply_to: str | None = None
    reply_date: str | None = None
    body: list[str] = field(default_factory=list)
    posted_at: str | None = None
    text: str = ""
    quotes: list[str] = field(default_factory=list)
    parent: Post | None = None
    #: the header named the post replied to on a line of its own (a guess until that author is known)
    pair: bool = False
    #: ``reply_to`` came from the body's first line, which is the comment's text if it names nobody on the page
    marked: bool = False


#: ``header(lines, i) -> (post, lines used)`` when a post starts at line ``i``
Header = Callable[[list[str], int], "tuple[Post, int] | None"]


def is_furniture(line: str) -> bool:
    """A line of site furniture ("Reply", "Share ›", "12 points", "Add message | Report")."""
    text = line.strip()
    if not text:
        return False
    if _FURNITURE_LINE.match(text):
        return True
    return all(_FURNITURE_WORD.match(part) for part in _SEPARATORS.split(text) if part)


# a line of a comment's text, not a page's title or heading: six words or more, ending a sentence
_SENTENCE = re.compile(r"^\s*\S+(?:\s+\S+){5,}.*[.!][\"'”’)]?\s*$")


def warn_text_above(lines: list[str], posts: list[Post], ctx: ReadContext) -> None:
    """Say so when sentences stand above the first comment's header: they are not read.

    A comment copied without its date line, or the end of one the copy opened inside, is text no header starts:
    above the first one it was dropped without a word ('Bob Example' / 'Services should be judged ...' over
    Ann's dated comment: 2 documents, Bob's gone). A page's title and headings are no sentences, and not said.
    """
    above = lines[:posts[0].line - 1] if posts else []
    said = [n for n, line in enumerate(above, 1) if not is_furniture(line) and _SENTENCE.match(line)]
    if said:
        ctx.warn(f"line {said[0]}: text above the first comment's header is not read: if it is a comment whose "
                 "header or date line was not copied, add its author and date lines as the page shows them (or "
                 "copy the page again from its header) and ingest again")


def is_relative(text: str) -> bool:
    """Whether ``text`` is a relative time such as "2 days ago", "3 yr. ago" or "5d"."""
    text = text.strip()
    m = _RELATIVE.match(text)
    if not m:
        return False
    return "ago" in text.lower() or not m["n"] or bool(_COMPACT.match(text)) or text.lower() in (
        "just now", "yesterday", "today")


def _unit(raw: str) -> str:
    raw = raw.lower().rstrip(".")
    if raw.startswith("mo"):
        return "months"
    if raw.startswith("mi") or raw == "m":
        return "minutes"
    return _UNITS.get(raw[0], "days")


def resolve_relative(text: str, as_of: str) -> str | None:
    """A relative time ("2 days ago") as ISO 8601, counted back from ``as_of``.

    Days and longer give a date; hours and shorter a date and time when
    ``as_of`` has one. Months and years go back by the calendar.

    Examples
    --------
    >>> resolve_relative("2 days ago", "2024-03-06")
    '2024-03-04'
    >>> resolve_relative("3 yr. ago", "2024-02-29")
    '2021-02-28'
    >>> resolve_relative("an hour ago", "2024-03-06T10:30")
    '2024-03-06T09:30:00'
    """
    m = _RELATIVE.match(text.strip())
    if not m:
        return None
    start = datetime.fromisoformat(as_of)
    timed = len(as_of) > 10
    word = m.group(0).lower()
    if not m["n"]:
        back = 1 if word == "yesterday" else 0
        if word == "just now" and timed:
            return start.isoformat()
        return (start.date() - timedelta(days=back)).isoformat()
    n = 1 if m["n"].lower() in ("a", "an", "one") else int(m["n"])
    unit = _unit(m["unit"])
    if unit in ("months", "years"):
        months = start.year * 12 + start.month - 1 - n * (12 if unit == "years" else 1)
        year, month = divmod(months, 12)
        day = min(start.day, _month_days(year, month + 1))
        return date(year, month + 1, day).isoformat()
    when = start - timedelta(**{unit: n})
    return when.isoformat() if timed and unit in ("seconds", "minutes", "hours") else when.date().isoformat()


def _month_days(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def split_posts(lines: list[str], header: Header) -> list[Post]:
    """The posts of a page: each starts at a header line, its body runs to the next."""
    posts: list[Post] = []
    level: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        lv = _LEVEL.match(line)
        if lv:
            level, i = int(lv[1]), i + 1
            continue
        hit = header(lines, i) if len(line) < MAX_HEADER_LINE and line.strip() else None
        if hit and hit[0].pair and not any(_same(p.author, hit[0].reply_to or "") for p in posts):
            hit = None  # "Comments" / "Alice" / date: the first line is no author, "Alice" starts the post
        if hit:
            post, used = hit
            post.line, post.level, level = i + 1, level, None
            posts.append(post)
            i += used
            continue
        if posts:
            posts[-1].body.append(line)
        i += 1
    return posts


def _clean_body(post: Post, marks: bool = True) -> None:
    kept: list[str] = []
    post.quotes = []
    for line in post.body:
        if marks and (not kept or not any(k.strip() for k in kept)):
            mark = REPLY_MARK.match(line)
            if mark and post.reply_to is None:
                post.reply_to, post.reply_date, post.marked = mark["name"].strip(), mark["date"], True
                continue
        quote = _QUOTE.match(line)
        if quote:
            if quote["text"].strip():
                post.quotes.append(quote["text"].strip())
            continue
        if not is_furniture(line):
            kept.append(line)
    post.text = tidy_block(kept)


def _depths(posts: list[Post]) -> list[int]:
    if any(p.level is not None for p in posts):
        return [max((p.level or 1) - 1, 0) for p in posts]
    indents = sorted({p.indent for p in posts})
    rank = {indent: n for n, indent in enumerate(indents)}
    return [rank[p.indent] for p in posts]


def _same(a: str, b: str) -> bool:
    return a.casefold().strip().removeprefix("u/") == b.casefold().strip().removeprefix("u/")


def _by_name(earlier: list[Post], name: str, when: str | None) -> Post | None:
    named = [p for p in reversed(earlier) if _same(p.author, name)]
    dated = iso_datetime(when) if when else None
    return next((p for p in named if dated and p.posted_at == dated), named[0] if named else None)


def _mentioned(earlier: list[Post], text: str) -> Post | None:
    folded = text.casefold()
    for p in reversed(earlier):
        at = "@" + p.author.casefold()
        k = folded.find(at)
        if k >= 0 and not folded[k + len(at):k + len(at) + 1].isalnum():
            return p
    return None


def _quoted(earlier: list[Post], quotes: list[str]) -> Post | None:
    wanted = " ".join(" ".join(quotes).split()).casefold()
    return next((p for p in reversed(earlier) if wanted and wanted in " ".join(p.text.split()).casefold()), None)


def _a_date(text: str | None) -> bool:
    """Whether a reply marker's date part is missing or a date ("March 3, 2024", "2 days ago")."""
    return text is None or iso_datetime(text) is not None or is_relative(text)


def link_replies(posts: list[Post]) -> None:
    """Set each post's ``parent`` from reply markers, depth, "@Name" or quotes."""
    stack: list[Post] = []
    for n, (post, depth) in enumerate(zip(posts, _depths(posts), strict=False)):
        earlier = posts[:n]
        parent = _by_name(earlier, post.reply_to, post.reply_date) if post.reply_to else None
        if post.marked and (parent is None or not _a_date(post.reply_date)):
            # "Replied to the minister last week ..." or "In reply to Kwame, I disagree ...": a first line naming
            # no author on the page, or going on after the name in words, not a date, is the comment's own words
            # (dropped as a marker, they were lost); one naming an author still gives the parent
            post.reply_to = post.reply_date = None
            post.marked = False
            _clean_body(post, marks=False)
        if parent is None and depth > 0 and stack:
            parent = stack[min(depth, len(stack)) - 1]
        if parent is None:
            parent = _mentioned(earlier, post.text) or (_quoted(earlier, post.quotes) if post.quotes else None)
        post.parent = parent
        stack = stack[:depth] + [post]


def date_posts(posts: list[Post], ctx: ReadContext) -> None:
    """``posted_at`` for each post: absolute dates read, relative ones only against ``--as-of``."""
    as_of = ctx.options.as_of
    undated = 0
    for post in posts:
        if post.when is None:
            continue
        if is_relative(post.when):
            post.posted_at = resolve_relative(post.when, as_of) if as_of else None
            undated += as_of is None
        else:
            post.posted_at = ctx.date(post.when, post.line)
    if undated:
        ctx.warn(f"{undated} comments give only relative times such as {_first_relative(posts)!r}; "
                 "posted_at left empty: give --as-of DATE (the day the page was copied) to date them")


def _first_relative(posts: list[Post]) -> str:
    return next(p.when for p in posts if p.when and is_relative(p.when))


def thread_records(posts: list[Post], ctx: ReadContext, layout: str, title: str | None = None) -> Iterator[Record]:
    """Records for the posts of one page, parents first; refuses a page without any."""
    if not posts:
        raise InputError(f"{ctx.name}: no comments found in the {layout} layout: check the file, "
                         "or give --format for another layout")
    date_posts(posts, ctx)
    for post in posts:
        _clean_body(post)
    link_replies(posts)
    source = Source(title=ctx.options.source_title or title or ctx.path.stem, kind="thread",
                    url=ctx.options.source_url)
    keys: dict[int, str] = {}
    for n, post in enumerate(posts, 1):
        if not post.text:
            ctx.warn(f"line {post.line}: a comment with no text; skipped")  # no author: stderr ends up in logs
            ctx.skipped["empty"] += 1
            continue
        keys[id(post)] = f"c{n}"
        parent = keys.get(id(post.parent)) if post.parent is not None else None
        yield Record(source=source, kind="reply" if parent else "comment", text=post.text, key=f"c{n}",
                     parent_key=parent, author=post.author, posted_at=post.posted_at, line=post.line)
