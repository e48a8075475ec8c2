"""Hashtag handling on prepared token strings, with no scikit-learn (``TweetTokens`` and the inference bundle share it)."""

from __future__ import annotations

import hashlib
import math

__all__ = ["is_digest", "join_hashtags", "segment", "tag_digest", "tokens_and_tags"]

# A dropped hashtag that could name someone is stored as this prefix and a hex digest (a tag is
# alphanumeric, so no plain tag starts with it); a model folder is shared and outlives a delete.
DIGEST_PREFIX = "sha256:"

MAX_WORD = 20
ONE_LETTER = frozenset({"a", "i"})
# Contractions and function words that tweets write without apostrophes or spaces
# (the prepared text splits "i'm" into "i 'm", so they are rare as tokens).
COMMON = frozenset(
    "im ive id ill dont doesnt didnt cant wont isnt arent wasnt werent shouldnt wouldnt couldnt "
    "youre theyre were weve thats whats lets its hes shes the and for not you your our we us "
    "me my he she it they them is are be am was to of in on at by no yes why who how what".split()
)


def segment(tag: str, vocab: dict[str, int]) -> list[str]:
    """Split ``tag`` into the fewest vocabulary words (ties: the more frequent words); [] if none.

    Examples
    --------
    >>> segment("hillaryclinton", {"hillary": 3, "clinton": 2, "hill": 1})
    ['hillary', 'clinton']
    >>> segment("xyz", {"x": 1})
    []
    """
    n = len(tag)
    # best[i]: (pieces, -sum log count) for tag[:i]
    best: list[tuple[int, float] | None] = [None] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0.0)
    for i in range(1, n + 1):
        for j in range(max(0, i - MAX_WORD), i):
            if best[j] is None:
                continue
            w = tag[j:i]
            c = vocab.get(w)
            if not c or (len(w) == 1 and w not in ONE_LETTER):
                continue
            cand = (best[j][0] + 1, best[j][1] - math.log(1 + c))
            if best[i] is None or cand < best[i]:
                best[i], back[i] = cand, j
    if best[n] is None:
        return []
    out, i = [], n
    while i > 0:
        out.append(tag[back[i] : i])
        i = back[i]
    return out[::-1]


def tokens_and_tags(text: str) -> list[tuple[str, bool]]:
    """``text``'s tokens as ``(token, is_hashtag)``; a ``#`` token followed by a word makes one tag."""
    toks = text.split()
    out, i = [], 0
    while i < len(toks):
        if toks[i] == "#" and i + 1 < len(toks) and toks[i + 1].isalnum():
            out.append((toks[i + 1], True))
            i += 2
        else:
            out.append((toks[i], False))
            i += 1
    return out


def tag_digest(tag: str) -> str:
    """How a model's files hold a dropped hashtag that could name someone: ``sha256:`` and a hex digest.

    No key: a model predicts where no corpus (and so no corpus secret) is at hand.

    >>> tag_digest("semst")[:15], len(tag_digest("semst"))
    ('sha256:637b35f3', 71)
    """
    return DIGEST_PREFIX + hashlib.sha256(("voices.hashtag.v1\0" + tag).encode("utf-8")).hexdigest()


def is_digest(entry: str) -> bool:
    """Whether a dropped-hashtag entry is a ``tag_digest`` rather than the tag itself."""
    return entry.startswith(DIGEST_PREFIX)


def join_hashtags(texts, dropped, vocab: dict[str, int]) -> list[str]:
    """``TweetTokens.transform``: hashtags joined, split into words, ``dropped`` ones left out.

    ``dropped`` holds tags and ``tag_digest``s of tags (a model folder before digests holds tags only).
    """
    dropped = set(dropped)
    by_digest = any(is_digest(d) for d in dropped)
    memo: dict[str, list[str]] = {}  # tag -> the tokens it becomes ([] when dropped)
    out = []
    for text in texts:
        toks: list[str] = []
        for t, is_tag in tokens_and_tags(str(text)):
            if not is_tag:
                toks.append(t)
                continue
            if t not in memo:
                if t in dropped or (by_digest and tag_digest(t) in dropped):
                    memo[t] = []
                else:
                    parts = segment(t, vocab)
                    memo[t] = ["#" + t, *(parts if len(parts) >= 2 else [])]
            toks.extend(memo[t])
        out.append(" ".join(toks))
    return out
