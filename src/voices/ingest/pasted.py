"""What a paste of a plain-text thread lost or doubled, mended once ``voices.ingest.textpage`` has read its comments.

Replies pasted without indentation (``flat_parents``): kept apart, under the numbered comment above them.

A thread pasted twice into one file (``drop_repeats``): the second copy's comments are stored once.

A page's numbered comments restart at "1." only when the thread is pasted again: read as text, the second
copy's comments went into the last comment's words (Ann's and Bob's stored inside Cat's), and a reply under
them became a second, merged reply. ``voices.ingest.textpage`` starts a comment at that restart (its header
the first comment's own) and, once the file is read, hands its comments here: a comment of the second copy
that repeats one above it (number, author, date, words, and the comment it answers) is dropped, and a new one
(a reply posted between the two pastes) is kept, under the first copy's comment it answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from voices.ingest.base import ReadContext


def drop_repeats(comments: list[Any], restart: int | None, text: Callable[[list[str]], str],
                 ctx: ReadContext) -> list[Any]:
    """``comments`` without those from line ``restart`` on that repeat an earlier one, said in one line.

    ``text``: a comment's words from its lines, as they are stored.
    """
    if restart is None:
        return comments

    def _signature(c: Any, same: dict[int, Any]) -> tuple:
        """What makes two comments one: number, author, date, words, and (as the first copy's) the one answered."""
        parent = same.get(id(c.parent), c.parent) if c.parent is not None else None
        return c.num, c.author, c.posted_at, text(c.body), None if parent is None else id(parent)

    first = [c for c in comments if c.line < restart]
    seen: dict[tuple, Any] = {}
    for c in first:
        seen.setdefault(_signature(c, {}), c)
    left = Counter(_signature(c, {}) for c in first)
    same: dict[int, Any] = {}  # id of a dropped comment -> the comment above it repeats
    kept, dropped = list(first), 0
    for c in comments[len(first):]:
        sig = _signature(c, same)
        if left[sig] > 0:
            left[sig] -= 1
            same[id(c)] = seen[sig]
            dropped += 1
            continue
        if c.parent is not None and id(c.parent) in same:
            c.parent = same[id(c.parent)]  # a reply posted between the pastes, under the comment it answers
        kept.append(c)
    new = len(kept) - len(first)
    ctx.warn(f"line {restart}: the comments from this line repeat {dropped} above (the thread pasted twice?): each "
             f"stored once, {new} new one{'' if new == 1 else 's'} kept")
    return kept


def flat_parents(comments: list[Any], text: Callable[[list[str]], str], ctx: ReadContext) -> None:
    """Give each reply pasted without indentation the earlier reply of its thread its "@Name" names, and say so.

    Its nesting is not in the paste: it stays under its numbered comment unless its text opens by naming
    ("@Ben Q") the author of an earlier reply to that comment, which it then answers.
    """
    flat = [c for c in comments if c.flat]
    if not flat:
        return
    roots = {id(c): c.parent for c in flat}  # each one's numbered comment
    for n, c in enumerate(flat):
        words = text(c.body)
        if words.startswith("@"):
            thread = [e for e in flat[:n] if roots[id(e)] is roots[id(c)]]
            c.parent = next((e for e in reversed(thread) if _names(words[1:].casefold(), e.author)), c.parent)
    ctx.warn(f"line {flat[0].line}: {len(flat)} {'reply' if len(flat) == 1 else 'replies'} pasted without "
             "indentation: each is kept apart, under the numbered comment above it (or the earlier reply its "
             "\"@Name\" names), as the paste lost their nesting")


def _names(text: str, author: str) -> bool:
    """Whether ``text`` (case-folded, after its "@") opens with ``author``'s whole name ("Ben Q", not "Ben Quinn")."""
    name = author.casefold()
    return text.startswith(name) and not text[len(name):len(name) + 1].isalnum()
