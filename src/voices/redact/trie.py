"""A regex group matching any of many words, built as a trie (``alternation``): the author names a
``Redactor`` hides, moved from ``voices.redact._redactor``, which imports it from here."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of ``words``, longest first, built as a trie.

    ``(?:Jo|Jones|Jo Smith)`` makes Python's regex engine try every word at every position
    of every text, so redacting slowed with each author name (25 ms a text at 50,000
    names). As a trie each position costs at most one branch per character, and greedy
    optional tails try the longest word first, as the longest-first alternation did.

    >>> alternation(["Jo", "Jones", "Joe"])
    '(?:Jo(?:(?:e|nes))?)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        tails = []
        for ch, child in sorted(node.items()):
            if not ch:
                continue
            run = ch  # a branchless run of characters is one literal: recursion follows branches only
            while len(child) == 1 and "" not in child:
                (nxt, child), = child.items()
                run += nxt
            tails.append(re.escape(run) + build(child))
        if not tails:
            return ""
        body = tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie) + ")"
