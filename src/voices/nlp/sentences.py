"""Sentence splitting with spaCy's rule ``sentencizer`` (cheap: no parser)."""

from __future__ import annotations


def sentences(text: str) -> list[str]:
    """Split a text into sentences, for the quotes a report shows.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        Sentences with surrounding whitespace stripped; empty ones dropped.

    Examples
    --------
    >>> sentences("Leaders must know practice. Otherwise? Chaos.")
    ['Leaders must know practice.', 'Otherwise?', 'Chaos.']
    """
    from voices.nlp._pieces import pieces
    from voices.nlp._pipeline import sentencizer

    nlp = sentencizer()
    return [s.text.strip() for _, piece in pieces(text) for s in nlp(piece).sents if s.text.strip()]
