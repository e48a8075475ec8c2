"""A Reddit thread as Reddit serves it in JSON (the page's URL with ``.json`` added).

The file is a list of two Listings: the first holds the post (``t3``), the
second its comments (``t1``), each with ``author``, ``body``, ``created_utc``,
``parent_id`` and ``replies`` (another Listing, or ``""``). "load more comments"
stubs (kind ``more``) are counted as skipped: the file does not hold those.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voices.errors import InputError
from voices.ingest.base import ReadContext, iso_datetime
from voices.ingest.encoding import read_text
from voices.schemas import Record, Source

_GONE = frozenset({"[deleted]", "[removed]"})
SIGN = re.compile(r'"kind"\s*:\s*"(?:Listing|t1|t3)"')
JSON_ARRAY = re.compile(r'\[\s*(?:[\[{"\]tfn]|-?\d)')  # a JSON list, not old Reddit's "[–]name 4 points"


def _children(listing: Any) -> list[dict[str, Any]]:
    if not isinstance(listing, dict) or listing.get("kind") != "Listing":
        return []
    children = (listing.get("data") or {}).get("children") or []
    return [c for c in children if isinstance(c, dict)]


def _when(data: dict[str, Any]) -> str | None:
    stamp = data.get("created_utc")
    return iso_datetime(int(stamp)) if isinstance(stamp, (int, float)) else None


def _author(data: dict[str, Any]) -> str | None:
    author = data.get("author")
    return author if isinstance(author, str) and author not in _GONE else None


def _name(data: dict[str, Any], prefix: str) -> str | None:
    """Reddit's fullname ("t1_abc"), from ``name`` or ``id``; None when the copy carries neither."""
    name, rid = data.get("name"), data.get("id")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return f"{prefix}_{rid}" if isinstance(rid, (str, int)) and str(rid).strip() else None


def _load(path: Path, ctx: ReadContext) -> list[Any]:
    decoded = read_text(path)
    ctx.note_decoded(decoded)  # a mixed or guessed encoding is warned about as in every reader
    try:
        thread = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{ctx.name}: line {exc.lineno}: not valid JSON ({exc.msg}): save the thread's "
                         ".json again") from None
    listings = isinstance(thread, list) and all(isinstance(x, dict) and x.get("kind") == "Listing" for x in thread)
    if not (listings and len(thread) == 2):
        raise InputError(f"{ctx.name}: not a Reddit thread's JSON (expected a list of two Listings, "
                         "the post and its comments): give the file Reddit serves at the thread's URL + .json")
    return thread


def _comments(children: list[dict[str, Any]], parent: str | None, ctx: ReadContext,
              source: Source, unnamed: list[int]) -> Iterator[Record]:
    """Each comment once, parents first; ``unnamed`` counts those carrying no Reddit id (a one-item list)."""
    for child in children:
        data = child.get("data") or {}
        if child.get("kind") == "more":
            ctx.skipped["not loaded"] += len(data.get("children") or []) or 1
            continue
        if child.get("kind") != "t1":
            continue
        name = _name(data, "t1")
        native = name
        if name is None:  # all were "t1_None": the first stored, every other dropped as its duplicate
            unnamed[0] += 1
            name = f"#{unnamed[0]}"  # a key no fullname has; the id comes from author, time and place
        body = data.get("body")
        body = html.unescape(body) if isinstance(body, str) else body  # Reddit escapes &, < and >
        kept = isinstance(body, str) and body.strip() and body.strip() not in _GONE
        if kept:
            yield Record(source=source, kind="reply" if parent else "comment", text=body.strip(), key=name,
                         native_id=native, parent_key=parent, author=_author(data), posted_at=_when(data))
        else:
            ctx.skipped["deleted"] += 1
        # replies to a deleted comment keep the thread but lose the parent they cannot point at
        yield from _comments(_children(data.get("replies")), name if kept else parent, ctx, source,
                             unnamed)


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """The post (as an ``article``, when it has text) and every comment, parents first.

    Raises
    ------
    InputError
        Not JSON, or not the two Listings of a Reddit thread.
    """
    post_listing, comment_listing = _load(path, ctx)
    posts = [c.get("data") or {} for c in _children(post_listing) if c.get("kind") == "t3"]
    post = posts[0] if posts else {}
    permalink = post.get("permalink")
    url = ctx.options.source_url or (f"https://www.reddit.com{permalink}" if isinstance(permalink, str) else None)
    title = ctx.options.source_title or html.unescape(str(post.get("title") or "")) or ctx.path.stem
    source = Source(title=str(title), kind="thread", url=url)
    text = post.get("selftext")
    text = html.unescape(text) if isinstance(text, str) else None
    if isinstance(text, str) and text.strip() and text.strip() not in _GONE:
        name = _name(post, "t3")
        yield Record(source=source, kind="article", text=text.strip(), key=name or "#post", native_id=name,
                     author=_author(post), posted_at=_when(post))
    unnamed = [0]
    yield from _comments(_children(comment_listing), None, ctx, source, unnamed)
    _say_no_ids(unnamed[0], ctx)
    if ctx.skipped.get("not loaded"):
        ctx.warn(f"{ctx.skipped['not loaded']} comments were not loaded in this JSON ('load more comments'); "
                 "they are not in the corpus")


def _say_no_ids(n: int, ctx: ReadContext) -> None:
    if n:
        ctx.warn(f"{n} comment{'s carry' if n > 1 else ' carries'} no Reddit id (neither 'name' nor 'id'): each is "
                 "kept under an id from its author, time and place in the thread; a copy of this thread with ids "
                 "would store them again: ingest that one with --replace")
