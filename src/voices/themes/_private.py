"""Words a discovered theme must not show: names, streets and other identifiers its texts hold.

A theme's terms are the words its texts share, so a colleague named in a dozen
comments ("Sarah Jones", "Jones blames...") or an address repeated in a campaign
becomes a term, and with it the theme's name, shown in ``voices themes discover``
and in the report's list of themes not yet adopted. Redaction runs on sentences;
terms are words cut from their sentences, so each candidate word is judged where it
stands: in a few of the theme's texts that hold it, the redactor (NER, the rules and
the patterns) is run, and a word that lies inside a redacted span in at least half of
its occurrences there is hidden, unless people write it in lower case in at least two
of the theme's texts and never capitalise it inside a sentence (an everyday word that
NER took for a name at a sentence start; a name written "thanks sarah" is still judged,
and so is an author's name the redactor hides in lower case, ``Redactor.hides_word``).
Counting occurrences keeps a theme word that NER once took for a person ("Burnout is
everywhere") while dropping a surname that is redacted wherever it appears.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["hidden_words"]

TEXTS_PER_WORD = 3  # texts read for each candidate word: enough for a majority, cheap enough for NER
SCAN_LIMIT = 500  # a word's texts are looked for among the theme's heaviest members first
LOWER_CASE_TEXTS = 2  # a word written in lower case in this many of a theme's texts (never capitalised
#                        inside a sentence) is never hidden


def _word(word: str) -> re.Pattern[str]:
    # a hyphen joins the words of a term ("Vasquez-Lind" gives the terms vasquez and lind), so
    # each part is judged where it stands; were the hyphen part of the word, neither part would be
    return re.compile(rf"(?<![\w']){re.escape(word)}(?![\w'])", re.IGNORECASE)


def _texts_with(word: str, order: Sequence[int], texts: Sequence[str], lowered: Sequence[str],
                found: list[int]) -> None:
    """Add to ``found`` up to ``TEXTS_PER_WORD`` texts holding ``word``, those where it is
    capitalised first: redaction finds a name where it is written as one, so reading only
    'thanks dev' would let 'dev' through though 'our manager Dev Okonkwo' is redacted."""
    pattern = _word(word)
    for capitalised in (True, False):
        for i in order:
            if len(found) >= TEXTS_PER_WORD:
                return
            if i in found or word not in lowered[i]:
                continue
            forms = [m.group() for m in pattern.finditer(texts[i])]
            if forms and (not capitalised or any(f != word for f in forms)):
                found.append(i)


def _in_lower_case(word: str, order: Sequence[int], texts: Sequence[str], lowered: Sequence[str]) -> bool:
    """True when ``word`` is written in lower case in at least ``LOWER_CASE_TEXTS`` of the texts
    and never capitalised inside a sentence: an everyday word, whatever NER makes of it at a
    sentence start ("Morale is on the floor"). A name people also write in lower case
    ("thanks sarah") is capitalised inside a sentence somewhere ("our manager Sarah").
    """
    from voices.redact.names import mid_sentence_spans

    anycase = _word(word)
    seen = 0
    for i in order:
        if word not in lowered[i]:
            continue
        text = texts[i]
        if any(text[s:e] != word for s, e, _ in mid_sentence_spans(text, anycase, addressed=False)):
            return False
        seen += any(m.group() == word for m in anycase.finditer(text))
    return seen >= LOWER_CASE_TEXTS


def hidden_words(frame, W: np.ndarray, pools: Sequence[Sequence[str]], redactor) -> frozenset[str]:
    """The words of the candidate terms (``pools[j]`` for theme ``j``) that identify someone.

    Parameters
    ----------
    frame : pandas.DataFrame
        The discovery's documents (``id``, ``text``), in the fit's row order.
    W : numpy.ndarray
        Document-by-theme weights of the fit.
    pools : sequence of sequences of str
        Each theme's candidate terms (``voices.themes._describe.candidate_terms``).
    redactor : voices.redact.Redactor
        The output's redactor: its entities are reused for the exemplars.

    Returns
    -------
    frozenset of str
        Lower-cased words redacted in at least half of their occurrences in the texts read.
    """
    ids = frame["id"].astype(str).tolist()
    texts = ["" if not isinstance(t, str) else t for t in frame["text"]]
    lowered = [t.lower() for t in texts]
    everyone = np.arange(len(texts))
    where: dict[str, list[int]] = {}
    common: set[str] = set()
    for j, pool in enumerate(pools):
        w = W[:, j]
        heaviest = np.lexsort((everyone, -w))[:SCAN_LIMIT].tolist()
        for word in sorted({x for term in pool for x in term.split()}):
            # an author's (or an erased author's) name is hidden in lower case too: "blackwood" is no word
            if word in common or (not redactor.hides_word(word) and _in_lower_case(word, heaviest, texts, lowered)):
                common.add(word)
                continue
            found = where.setdefault(word, [])
            _texts_with(word, heaviest, texts, lowered, found)
            if not found:  # the term's weight came from lighter texts
                _texts_with(word, everyone.tolist(), texts, lowered, found)
    rows = sorted({i for found in where.values() for i in found})
    redactor.prefetch((ids[i], texts[i]) for i in rows)
    spans = {i: redactor.spans(texts[i], ids[i]) for i in rows}
    hidden = set()
    for word, found in where.items():
        pattern = _word(word)
        inside = total = 0
        for i in found:
            for m in pattern.finditer(texts[i]):
                total += 1
                inside += any(s <= m.start() and m.end() <= e for s, e, _ in spans[i])
        if total and 2 * inside >= total:
            hidden.add(word)
    return frozenset(hidden)
