"""What a paste of a plain-text thread lost or doubled, mended once ``voices.ingest.textpage`` has read its comments.

Replies pasted without indentation (``flat_parents``): kept apart, under the numbered comment above them.

Numbered comments starting again at "1." (``drop_repeats``): a second page of comments (a page's list numbers
its own from 1) or the thread pasted again. Read as text, they went into the last comment's words (page 2, or
Ann's and Bob's second copies, stored inside Cat's), and a reply under them became a second, merged reply.
``voices.ingest.textpage`` starts a comment at each restart (a header shaped as the first comment's) and, once
the file is read, hands its comments here: one repeating a comment of an earlier run (number, author, date,
words, and the comment it answers) is dropped, and a new one (a reply posted between two pastes) is kept,
under the earlier copy's comment it answers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from voices.ingest.base import ReadContext


def drop_repeats(comments: list[Any], restarts: list[int], text: Callable[[list[str]], str],
                 ctx: ReadContext) -> list[Any]:
    """``comments`` without those after a line of ``restarts`` that repeat one of an earlier run, said in one line.

    ``restarts``: the lines where the numbered comments start again at 1; ``text``: a comment's stored words.
    """
    if not restarts:
        return comments

    def signature(c: Any) -> tuple:
        """What makes two comments one: number, author, date, words, and (as kept) the comment answered."""
        parent = same.get(id(c.parent), c.parent) if c.parent is not None else None
        return c.num, c.author, c.posted_at, text(c.body), None if parent is None else id(parent)

    seen: dict[tuple, tuple[int, Any]] = {}  # a kept comment's signature -> its run and itself
    same: dict[int, Any] = {}  # id of a dropped comment -> the kept one it repeats
    kept: list[Any] = []
    for c in comments:
        run, sig = bisect_right(restarts, c.line), signature(c)
        if sig in seen and seen[sig][0] < run:
            same[id(c)] = seen[sig][1]
            continue
        if c.parent is not None and id(c.parent) in same:
            c.parent = same[id(c.parent)]  # a reply new in a later copy, under the comment it answers
        seen.setdefault(sig, (run, c))
        kept.append(c)
    dropped = len(comments) - len(kept)
    ctx.warn(f"line {restarts[0]}: the numbered comments start again at 1 (a second page, or the thread pasted "
             f"again?): read as comments of their own, {dropped} repeating one above"
             + (": each stored once" if dropped else ""))
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
