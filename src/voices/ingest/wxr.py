"""WordPress eXtended RSS (WXR) exports: each post or page with comments is a source.

Parsed with defusedxml and a DTD refused outright: an export never needs one,
and entity tricks (XXE, "billion laughs") live there. Only approved reader
comments become documents unless ``include_unapproved`` is set; pingbacks,
trackbacks, spam, trashed and (by default) unapproved comments are counted by
reason in ``ctx.skipped``. Comments are yielded in threaded order (each reply
right after its parent's earlier replies, siblings by date), which is how
WordPress shows them and guarantees parents come before replies.
"""

from __future__ import annotations

import codecs
import html
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from voices.errors import InputError
from voices.ingest._markup import html_to_text
from voices.ingest.base import ReadContext, iso_datetime
from voices.schemas import Record, Source

_NS_PREFIX = {
    "wordpress.org/export": "wp",
    "purl.org/rss/1.0/modules/content": "content",
    "wordpress.org/export/1.2/excerpt": "excerpt",
    "wordpress.org/export/1.1/excerpt": "excerpt",
    "wordpress.org/export/1.0/excerpt": "excerpt",
    "purl.org/dc/elements": "dc",
}
_READER_TYPES = frozenset({"", "comment", "review"})


def _tag(el: Any) -> str:
    """``{namespace}local`` as ``prefix:local`` with a fixed prefix per known namespace."""
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    best = max((k for k in _NS_PREFIX if k in uri), key=len, default=None)
    return f"{_NS_PREFIX[best]}:{local}" if best else local


def _fields(el: Any) -> dict[str, str]:
    return {_tag(child): (child.text or "") for child in el if len(child) == 0}


@dataclass
class _Comment:
    cid: str  # unique in its post: its wp:comment_id, or one of ``_own_id``'s
    parent: str
    author: str
    date: str
    text: str
    order: int
    native: str | None = None  # the wp:comment_id its document id hashes; None: its author, date and place


def _own_id(order: int) -> str:
    """A comment's key in its post when its wp:comment_id is missing or another comment's: no id WordPress writes
    (digits) and no parent names it."""
    return f"#{order}"


def _skip_reason(fields: dict[str, str], include_unapproved: bool) -> str | None:
    kind = fields.get("wp:comment_type", "").strip().lower()
    if kind not in _READER_TYPES:
        return kind  # pingback, trackback, or a plugin's own type
    status = fields.get("wp:comment_approved", "1").strip().lower()
    if status in ("1", "approve", "approved"):
        return None
    if status in ("0", "hold", "unapproved"):
        return None if include_unapproved else "unapproved"
    return "trash" if "trash" in status else status or "unapproved"


def _comments(item: Any, ctx: ReadContext, title: str) -> list[_Comment]:
    """The post's reader comments, each once with a key of its own (``_keyed``)."""
    found: list[_Comment] = []
    for child in item:
        if _tag(child) != "wp:comment":
            continue
        f = _fields(child)
        reason = _skip_reason(f, ctx.options.include_unapproved)
        if reason:
            ctx.skipped[reason] += 1
            continue
        text = html_to_text(f.get("wp:comment_content", ""), newlines_are_breaks=True)
        if not text:
            ctx.skipped["empty"] += 1
            continue
        found.append(_Comment(
            cid=f.get("wp:comment_id", "").strip(), parent=f.get("wp:comment_parent", "0").strip() or "0",
            author=html.unescape(f.get("wp:comment_author", "")).strip(),
            date=f.get("wp:comment_date", "").strip(), text=text, order=len(found),
        ))
    return _keyed(found, ctx, title)


def _keyed(comments: list[_Comment], ctx: ReadContext, title: str) -> list[_Comment]:
    """Give each comment a key of its own: the threading walk takes a key once, so a comment sharing one was dropped
    without a word (every comment of an export without wp:comment_id; another's comment in a merged export).

    A comment without an id, or with the id of an earlier comment of other words, author or date, is stored under an
    id of its own (from its author, date and place); the same comment twice keeps its id, and is counted a duplicate.
    One author's "Agree." of two days under one id (two sites' exports merged) is two comments, not one twice.
    """
    first: dict[str, _Comment] = {}
    clashes: dict[str, int] = {}
    for c in comments:
        earlier = first.get(c.cid)
        if c.cid and earlier is None:
            first[c.cid], c.native = c, c.cid
            continue
        if earlier is not None and (earlier.author, earlier.text, earlier.date) == (c.author, c.text, c.date):
            c.native = c.cid  # the same comment again: its document is a duplicate of the first
        elif earlier is not None:
            clashes[c.cid] = clashes.get(c.cid, 0) + 1
        c.cid = _own_id(c.order)
    for cid, n in clashes.items():
        ctx.warn(f"comment {cid} on {title!r}: {n} more comment{'s' if n > 1 else ''} under its id with other words, "
                 "author or date (a merged export?): kept, under an id of its own" + _replies_said(comments, cid))
    return comments


def _replies_said(comments: list[_Comment], cid: str) -> str:
    """What the warning on a shared id adds of the replies naming it: kept under its first comment, which of the
    comments sharing it they answer not known (each counted once, a repeated copy not again)."""
    n = len({c.native or c.cid for c in comments if c.parent == cid})
    if not n:
        return ""
    one = n == 1
    return (f"; {n} {'reply' if one else 'replies'} naming id {cid} {'is' if one else 'are'} kept under the first "
            f"comment with it, which may not be the one {'it answers: check it' if one else 'they answer: check them'}")


def _threaded(comments: list[_Comment], ctx: ReadContext, title: str) -> Iterator[_Comment]:
    """Depth-first: each comment, then its replies (siblings by date, then file order).

    Comments whose parents form a cycle (A replies to B, B to A) are never dropped:
    the earliest of each cycle becomes a top-level comment, with a warning.
    """
    ids = {c.cid for c in comments}
    for c in comments:
        parent = c.parent if c.parent in ids and c.parent != c.cid else "0"
        if parent == "0" and c.parent not in ("0", ""):
            ctx.warn(f"comment {c.cid} on {title!r} replies to comment {c.parent}, which is "
                     "not in the export or was skipped; kept as a top-level comment")
        c.parent = parent
    children = _children(comments)
    reached = {c.cid for c in _walk(children, "0")}
    for c in sorted(comments, key=lambda c: (c.date, c.order)):
        if c.cid in reached:
            continue
        ctx.warn(f"comment {c.cid} on {title!r} is in a cycle of replies (its parent {c.parent} "
                 "replies to it in turn); kept as a top-level comment")
        children[c.parent].remove(c)
        c.parent = "0"
        children["0"].append(c)
        reached.update(d.cid for d in _walk(children, c.cid))
        reached.add(c.cid)
    yield from _walk(children, "0")


def _children(comments: list[_Comment]) -> dict[str, list[_Comment]]:
    children: dict[str, list[_Comment]] = defaultdict(list)
    for c in comments:
        children[c.parent].append(c)
    return children


def _walk(children: dict[str, list[_Comment]], root: str) -> Iterator[_Comment]:
    """The descendants of ``root`` depth-first, siblings by date then file order (each once)."""
    seen: set[str] = set()
    stack = sorted(children.get(root, []), key=lambda c: (c.date, c.order), reverse=True)
    while stack:
        c = stack.pop()
        if c.cid in seen:
            continue
        seen.add(c.cid)
        yield c
        stack.extend(sorted(children.get(c.cid, []), key=lambda c: (c.date, c.order), reverse=True))


def _item_records(item: Any, ctx: ReadContext) -> Iterator[Record]:
    f = _fields(item)
    title = html.unescape(f.get("title", "")).strip() or f"post {f.get('wp:post_id', '?')}"
    comments = _comments(item, ctx, title)
    if not comments:
        return
    source = Source(title=title, kind="thread", url=(f.get("link") or "").strip() or None)
    body = html_to_text(f.get("content:encoded", ""), newlines_are_breaks=True)
    if body and f.get("wp:post_password", "").strip():
        body = ""  # the article is behind a password; its readers' comments are public
    if body:
        yield Record(
            source=source, kind="article", text=body, key="post", line=None,
            native_id=f"post-{f.get('wp:post_id', '').strip()}",
            author=html.unescape(f.get("dc:creator", "")).strip() or None,
            posted_at=iso_datetime(f.get("wp:post_date")),
        )
    for c in _threaded(comments, ctx, title):
        yield Record(
            source=source, kind="reply" if c.parent != "0" else "comment", text=c.text,
            key=c.cid, native_id=f"comment-{c.native}" if c.native else None,
            parent_key=c.parent if c.parent != "0" else None,
            author=c.author or None, posted_at=iso_datetime(c.date),
        )


class _WithoutNuls:
    """A binary XML stream with its NUL bytes dropped as it is read, noting their lines.

    XML forbids NUL, yet a damaged or badly converted export may hold a few: the
    text around them is kept rather than the whole export refused. A UTF-16 file
    (NUL in every other byte) is passed through untouched.
    """

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._line = 1
        self._utf16: bool | None = None
        self.nul_lines: list[int] = []

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        if self._utf16 is None and data:
            self._utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if b"\x00" in data and not self._utf16:
            at = -1
            while (at := data.find(b"\x00", at + 1)) >= 0:
                line = self._line + data.count(b"\n", 0, at)
                if not self.nul_lines or self.nul_lines[-1] != line:
                    self.nul_lines.append(line)
            self._line += data.count(b"\n")
            return data.replace(b"\x00", b"")
        self._line += data.count(b"\n")
        return data


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """Read a WordPress export, one item at a time.

    Parameters
    ----------
    path : Path
        A WXR file (``.xml``).
    ctx : ReadContext
        ``options.include_unapproved``; skipped comments are counted in ``ctx.skipped``.

    Yields
    ------
    Record
        Per post with comments: its ``article`` (when it has content), then its comments.

    Raises
    ------
    InputError
        A DOCTYPE or entity declaration, malformed XML (with its line), or no comments.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    if ctx.options.source_title or ctx.options.source_url:
        ctx.warn("--source-title/--source-url are ignored: each post in an export names itself")
    yielded = 0
    try:
        with open(path, "rb") as fh:
            source = _WithoutNuls(fh)
            for _event, el in iterparse(source, events=("end",), forbid_dtd=True):
                if _tag(el) == "item":
                    for record in _item_records(el, ctx):
                        yielded += 1
                        yield record
                    el.clear()
        ctx.note_nuls(source.nul_lines)
    except DefusedXmlException as exc:
        raise InputError(
            f"{ctx.name}: refused: the XML declares a DOCTYPE or entities ({type(exc).__name__}), "
            "which a WordPress export never needs and which can be used to attack the reader; "
            "export the site again from WordPress (Tools > Export)"
        ) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        raise InputError(
            f"{ctx.name}: line {line}: not well-formed XML ({exc}): the export is damaged or "
            "truncated; export it again"
        ) from None
    if not yielded and not sum(ctx.skipped.values()):
        raise InputError(f"{ctx.name}: no posts with comments in this WordPress export: export the site "
                         "again from WordPress (Tools > Export, All content), which writes each post's comments")
