"""A saved web page with WordPress's standard comment markup.

WordPress renders comments as ``ol.comment-list`` (``ol.commentlist`` in older
themes) of ``li.comment`` items; replies sit in a nested ``ol.children`` inside
the comment they answer, at any depth. Each item holds ``.comment-author`` (the
name in ``.fn``), a ``time`` element and ``.comment-content``. Parsed with the
standard library HTML parser via BeautifulSoup; markup is dropped, scripts are
never run, and text a commenter typed that looks like HTML stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voices.errors import InputError
from voices.ingest._markup import node_text, tidy_text
from voices.ingest.base import ReadContext, iso_datetime, parse_written_date
from voices.ingest.encoding import read_text
from voices.schemas import Record, Source

_LIST = "ol.comment-list, ol.commentlist, ul.comment-list, ul.commentlist, #comments ol"
_QUOTED = re.compile(r"[“\"‘'](.+)[”\"’']\s*$")
_SAYS = re.compile(r"\s*says:?\s*$", re.IGNORECASE)
# a browser saves the whole document: <html> opens it and </html> (then at most comments) ends it
_OPENED = re.compile(r"<html[\s>]", re.IGNORECASE)
_CLOSED = re.compile(r"</html\s*>(?:\s|<!--.*?-->)*$", re.IGNORECASE | re.DOTALL)


def _title(soup: Any) -> str | None:
    heading = soup.select_one(".comments-title, #comments-title")
    if heading:
        m = _QUOTED.search(heading.get_text(" ", strip=True))
        if m:
            return m.group(1).strip()
    for sel in ("h1.entry-title", "article h1", "h1"):
        el = soup.select_one(sel)
        if el and el.get_text(strip=True):
            return tidy_text(el.get_text(" "))
    if soup.title and soup.title.string:
        return re.split(r"\s+[|–—-]\s+", soup.title.string.strip())[0]
    return None


def _url(soup: Any) -> str | None:
    link = soup.find("link", rel="canonical")
    if link and link.get("href"):
        return link["href"].strip()
    meta = soup.find("meta", property="og:url")
    return meta["content"].strip() if meta and meta.get("content") else None


# Inside the comment loop, bs4's find() and not CSS select_one(): soupsieve walks from
# each element up to the document root first, which is quadratic on deep reply chains.
def _author(body: Any) -> str | None:
    author = body.find(class_="comment-author")
    el = (author.find(class_="fn") or author) if author is not None else None
    if el is None:
        return None
    return _SAYS.sub("", tidy_text(el.get_text(" "))) or None


def _posted_at(body: Any) -> str | None:
    time = body.find("time")
    if time is not None:
        if time.get("datetime"):
            return iso_datetime(time["datetime"])
        return parse_written_date(time.get_text(" ", strip=True))
    meta = body.find(class_=("comment-metadata", "commentmetadata"))
    return parse_written_date(meta.get_text(" ", strip=True)) if meta else None


def _comment_items(top: Any, ctx: ReadContext) -> Iterator[tuple[Any, Any]]:
    """(li, parent li or None) in page order, walking nested ``.children`` lists."""
    stack: list[tuple[Any, Any]] = [(li, None) for li in reversed(top.find_all("li", recursive=False))]
    while stack:
        li, parent = stack.pop()
        classes = set(li.get("class") or [])
        if classes & {"pingback", "trackback"}:
            ctx.skipped["pingback" if "pingback" in classes else "trackback"] += 1
            continue
        yield li, parent
        for sub in li.find_all(["ol", "ul"], class_="children", recursive=False):
            stack.extend((child, li) for child in reversed(sub.find_all("li", recursive=False)))


def _records(soup: Any, ctx: ReadContext) -> Iterator[Record]:
    top = soup.select_one(_LIST)
    if top is None:
        raise InputError(
            f"{ctx.name}: no comments section found (expected WordPress comment markup: "
            "ol.comment-list with li.comment items): save the page with its comments, "
            "or give --format for another layout"
        )
    title = ctx.options.source_title or _title(soup) or ctx.path.stem
    source = Source(title=title, kind="thread", url=ctx.options.source_url or _url(soup))
    article = soup.select_one("article .entry-content, .entry-content, .post-content")
    if article is not None and not article.find_parent(class_="comment"):
        text = node_text(article)
        if text:
            yield Record(source=source, kind="article", text=text, key="article")
    keys: dict[int, str] = {}
    for n, (li, parent) in enumerate(_comment_items(top, ctx), 1):
        body = li.find(class_="comment-body", recursive=False) or li.find(class_="comment-body") or li
        content = body.find(class_="comment-content") or body
        text = node_text(content)
        key = li.get("id") or f"item-{n}"
        keys[id(li)] = key
        if not text:
            ctx.skipped["empty"] += 1
            continue
        native = li.get("id") if (li.get("id") or "").startswith("comment-") else None
        yield Record(
            source=source, kind="reply" if parent is not None else "comment", text=text, key=key,
            native_id=native, parent_key=keys.get(id(parent)) if parent is not None else None,
            author=_author(body), posted_at=_posted_at(body), line=getattr(li, "sourceline", None),
        )


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """Read a saved WordPress comment page.

    Parameters
    ----------
    path : Path
        An ``.html`` file saved from a browser.
    ctx : ReadContext
        Options (``source_title``, ``source_url`` override what the page says).

    Yields
    ------
    Record
        The ``article`` (when the page holds its body), then comments and replies in page order.

    Raises
    ------
    InputError
        The page has no WordPress comment list, or holds bytes that are not in the encoding
        its ``<meta charset>`` declares.
    """
    from bs4 import BeautifulSoup

    decoded = read_text(path, html=True)  # in the encoding its <meta charset> declares
    ctx.note_decoded(decoded)
    if _OPENED.search(decoded.text[:4096]) and not _CLOSED.search(decoded.text[-4096:]):
        ctx.warn("the page ends before </html>: it looks cut short, so later comments may be missing; "
                 "save the whole page again from the browser")
    yield from _records(BeautifulSoup(decoded.text, "html.parser"), ctx)
