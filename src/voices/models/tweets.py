"""``voices train --tokenizer tweets``: hashtag handling on the prepared token string.

The fast preprocessing path (``voices.nlp.preprocess``) splits a hashtag into ``#``
and the lower-cased tag (``#HillaryClinton`` -> ``# hillaryclinton``). ``TweetTokens``
is the first step of a tweets model's pipeline, so it applies wherever the model
predicts (raw texts or the corpus's cached prepared texts), and the default prepared
text is untouched. It

- drops hashtags carried by at least ``drop_share`` of the training texts (SemEval's
  ``#SemST`` marker: it says nothing about any one text);
- joins ``# tag`` into one token ``#tag`` and, when the tag splits into two or more
  words of the training vocabulary, appends those words (``#hillaryclinton hillary
  clinton``): the hashtag token is kept and its words count as words.
"""

from __future__ import annotations

import math
from collections import Counter

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from voices.models.vectorize import TextInput

__all__ = ["TweetTokens", "segment"]

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


def _tokens_and_tags(text: str) -> list[tuple[str, bool]]:
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


class TweetTokens(TextInput, TransformerMixin, BaseEstimator):
    """Hashtag handling on prepared token strings (see the module docstring).

    Parameters
    ----------
    drop_share : float
        Hashtags in at least this share of the training texts are dropped.
    min_count : int
        Words seen at least this often outside hashtags form the splitting vocabulary.

    Examples
    --------
    >>> t = TweetTokens().fit(["hillary is here # semst", "clinton too # semst"])
    >>> t.transform(["go # hillaryclinton ! # semst"])
    ['go #hillaryclinton hillary clinton !']
    """

    def __init__(self, drop_share: float = 0.5, min_count: int = 1):
        self.drop_share = drop_share
        self.min_count = min_count

    def fit(self, X, y=None):
        """Learn the hashtags to drop and the word counts that split hashtags."""
        if isinstance(X, str):
            raise ValueError("TweetTokens expects an iterable of strings, not one string")
        words: Counter = Counter()
        tags: Counter = Counter()
        n = 0
        for text in X:
            n += 1
            parsed = _tokens_and_tags(str(text))
            tags.update({t for t, is_tag in parsed if is_tag})
            words.update(t for t, is_tag in parsed if not is_tag and t.isalpha())
        self.dropped_ = sorted(t for t, c in tags.items() if n and c >= self.drop_share * n)
        words.update(COMMON)
        self.vocab_ = {w: int(c) for w, c in sorted(words.items()) if c >= self.min_count}
        return self

    def transform(self, X):
        """Prepared strings with hashtags joined, split into words, ubiquitous ones dropped."""
        check_is_fitted(self, "vocab_")
        if isinstance(X, str):
            raise ValueError("TweetTokens expects an iterable of strings, not one string")
        dropped = set(self.dropped_)
        memo: dict[str, list[str]] = {}
        out = []
        for text in X:
            toks: list[str] = []
            for t, is_tag in _tokens_and_tags(str(text)):
                if not is_tag:
                    toks.append(t)
                    continue
                if t in dropped:
                    continue
                toks.append("#" + t)
                if t not in memo:
                    parts = segment(t, self.vocab_)
                    memo[t] = parts if len(parts) >= 2 else []
                toks.extend(memo[t])
            out.append(" ".join(toks))
        return out
