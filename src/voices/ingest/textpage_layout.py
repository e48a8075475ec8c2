"""What surrounds and shapes a pasted thread's comments: the page's title and article above them, the
furniture lines a browser copies with a page ("Share", "Reply", picture credits), and a comment's lines
dedented into paragraphs (``tidy_block``, also used by the site layouts in ``voices.ingest.pages``).
The comments themselves are read in ``voices.ingest.textpage``."""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"^(?:share(?: this(?: article| story)?)?:?|share on \w+|tweet|email|print|like|reply|report"
    r"|report (?:this )?comment|log ?in to (?:reply|comment)|sign in to (?:reply|comment)"
    r"|click here to reply|leave a (?:reply|comment)|cancel reply|related(?: articles| stories)?:?"
    r"|advertisement|sponsored(?: content)?|you must be logged in to post a comment\.?"
    r"|(?:picture|photo|photograph|image|illustration)(?: credit)?\s*:.*|credit\s*:.*)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(?:picture|photo|photograph|image|illustration|credit)(?: credit)?\s*:", re.I)
_MORE_FROM = re.compile(r"^more from\b.{0,80}$", re.IGNORECASE)


def indent_of(line: str) -> int:
    """The columns of space a line opens with, a tab as four."""
    line = line.expandtabs(4)
    return len(line) - len(line.lstrip(" "))


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip()))


def tidy_block(lines: list[str]) -> str:
    """Dedent, drop furniture lines, keep paragraphs (one blank line between them)."""
    kept = [ln.rstrip() for ln in lines if not _is_furniture(ln)]
    indents = [indent_of(ln) for ln in kept if ln.strip()]
    cut = min(indents) if indents else 0
    out: list[str] = []
    for ln in kept:
        ln = ln.expandtabs(4)[cut:] if ln.strip() else ""
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip("\n")


def cut_comment(lines: list[str]) -> bool:
    """Whether ``lines``, above the first comment header of a page without a "Responses to" line, are the
    end of a comment: every one indented, as a comment's text is (a page's title and article are not)."""
    text = [ln for ln in lines if ln.strip()]
    return bool(text) and all(ln[:1].isspace() for ln in text)


def page_article(lines: list[str]) -> tuple[str | None, str]:
    """The page title (first line) and the article body, furniture dropped."""
    body: list[str] = []
    title = None
    for line in lines:
        text = line.strip()
        if title is None:
            if text:
                title = text
            continue
        if _MORE_FROM.match(text):
            break  # what follows is the publisher's list of other articles
        if text and _CREDIT.match(text) and body and body[-1].strip():
            body.pop()  # the caption line sits right above its picture credit
            continue
        body.append(line)
    return title, tidy_block(body)
