"""``voices train --tokenizer tweets``: hashtag handling on the prepared token string.

The fast preprocessing path (``voices.nlp.preprocess``) splits a hashtag into ``#``
and the lower-cased tag (``#HillaryClinton`` -> ``# hillaryclinton``). ``TweetTokens``
is the first step of a tweets model's pipeline, so it applies wherever the model
predicts (raw texts or the corpus's cached prepared texts), and the default prepared
text is untouched. It

- drops hashtags carried by at least ``drop_share`` of the training texts (SemEval's
  ``#SemST`` marker: it says nothing about any one text). ``dropped_`` names only those
  ``meta.json`` may name (``redacted.shareable_hashtags``: English words, no first name) and
  holds the others as ``hashtags.tag_digest``s, since a model folder is shared: a lower-case
  ``#justiceforkemiokafor`` gives the redactor no name shape to find;
- joins ``# tag`` into one token ``#tag`` and, when the tag splits into two or more
  words of the training vocabulary, appends those words (``#hillaryclinton hillary
  clinton``): the hashtag token is kept and its words count as words.
"""

from __future__ import annotations

from collections import Counter

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from voices.models.hashtags import COMMON, join_hashtags, segment, tag_digest, tokens_and_tags
from voices.models.vectorize import TextInput

__all__ = ["TweetTokens", "segment"]


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
            parsed = tokens_and_tags(str(text))
            tags.update({t for t, is_tag in parsed if is_tag})
            words.update(t for t, is_tag in parsed if not is_tag and t.isalpha())
        self.dropped_ = _stored(t for t, c in tags.items() if n and c >= self.drop_share * n)
        words.update(COMMON)
        self.vocab_ = {w: int(c) for w, c in sorted(words.items()) if c >= self.min_count}
        return self

    def transform(self, X):
        """Prepared strings with hashtags joined, split into words, ubiquitous ones dropped."""
        check_is_fitted(self, "vocab_")
        if isinstance(X, str):
            raise ValueError("TweetTokens expects an iterable of strings, not one string")
        return join_hashtags(X, set(self.dropped_), self.vocab_)


def _stored(tags) -> list[str]:
    """The dropped tags as a model file holds them: readable where meta.json names them, else digests."""
    from voices.models.redacted import shareable_hashtags

    tags = sorted(tags)
    shown = set(shareable_hashtags(tags)[0])
    return sorted(t if t in shown else tag_digest(t) for t in tags)
