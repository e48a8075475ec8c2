"""NER people: which spans the statistical NER calls a person (or a place, a work...) are names.

The small English pipeline takes job titles, platforms, months, places and organisations for
people ("Email", "Directors", "Twitter", "Phoenix House") and calls some names places
("Bethany Crowther" GPE). ``person_span`` keeps a span only when it looks like a name and trims
it to the name; ``only_name_words`` tells whether what is left around a cut-short span is the
rest of the name. The vocabulary they share lives in ``voices.redact.names``.
"""

from __future__ import annotations

import re

from voices.redact.names import (
    _COMMON_WORDS,
    _COMPASS,
    _NAME_TOKEN,
    _NAMED_PLACES,
    _ORG_WORDS,
    _PARTICLES,
    _PLACES,
    NOT_NAMES,
    TITLES,
    _is_name_word,
    _named_here,
    _opener_word,
)


def only_name_words(text: str) -> bool:
    """True when every word of ``text`` is shaped as a name word (none a stop-list word, place
    or organisation word): what is left of a breakdown value around a ``[PERSON]`` NER cut
    short ("Tomasz [PERSON]") is then the rest of the name.

    >>> only_name_words("Tomasz"), only_name_words("Team manager"), only_name_words("North Yorkshire")
    (True, False, False)
    """
    words = [w.strip(",.;") for w in text.split()]
    return all(w and _is_name_word(w) and w.lower() not in _ORG_WORDS for w in words)



def person_span(text: str, start: int, end: int, label: str = "PERSON") -> tuple[int, int] | None:
    """An NER PERSON span trimmed to the name it holds, or None when it is not a name.

    Leading titles and a trailing possessive are kept outside; a span of stop-list
    words ("Email", "Directors", "Twitter") or with digits, symbols or lower-case
    words (other than particles such as "van") is refused. A span NER labelled
    otherwise (``NAME_LABELS``) counts only as two or three name-shaped words none
    of which is a stop-list word, place or organisation word.

    Examples
    --------
    >>> text = "Email Directors about it, said Maria Lopez's manager"
    >>> person_span(text, 0, 15), text[slice(*person_span(text, 31, 44))]
    (None, 'Maria Lopez')
    """
    piece = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if piece.endswith(suffix):
            end -= len(suffix)
            piece = piece[: -len(suffix)]
            break
    words = piece.split()
    while words and words[0].lower().rstrip(".") in TITLES:
        start = text.index(words[0], start) + len(words[0])
        words = words[1:]
    if not words or any(not (w[0].isupper() or w.lower() in _PARTICLES) for w in words):
        return None
    if any(not (_NAME_TOKEN.match(w) or w.lower() in _PARTICLES) for w in words):
        return None
    lower = [w.lower().rstrip(".") for w in words]
    if label != "PERSON" and (not 2 <= len(lower) <= 3 or any(
            w in NOT_NAMES or w in _PLACES or w in _ORG_WORDS or w in _PARTICLES for w in lower)):
        return None
    start = text.index(words[0], start)
    if len(lower) == 1 and lower[0] in _COMMON_WORDS and not _named_here(text, start, end, addressed=True):
        return None  # "Grace periods", "Will anyone": a word opening a sentence; "I spoke to Mark": a name
    if len(lower) > 1 and lower[0].endswith("ing") and _opener_word(lower[0]):
        # "Working Together", "Ring Mum": a title or a note, not "Sterling Jones"; "Visiting Okonkwo": the rest,
        # unless a word of this field ("Visiting Smith" keeps its surname)
        if len(lower) == 2 and _opener_word(lower[1]):
            return None
        return person_span(text, text.index(words[1], start + len(words[0])), end, label)
    if len(lower) == 1 and _opener_word(lower[0]) and not _named_here(text, start, end, addressed=False):
        return None  # "Burnout is...", "Caseloads keep...": a word of this field opening a sentence, no one's name
    if all(w in NOT_NAMES or w in _PLACES or w in _PARTICLES for w in lower) or any(w in _ORG_WORDS for w in lower):
        return None
    if len(lower) > 1 and lower[-1] in _NAMED_PLACES:
        return None  # "Phoenix House", "Hazel Grove": a place NER took for a person (not "Sarah Green": a surname)
    if len(lower) > 1 and any(w in _COMPASS for w in lower) and all(w in _COMPASS or w in _PLACES for w in lower):
        return None
    return start, end


# A nickname in quotes after what gives one ("known as 'Smudge'", "we call her 'Princess'"); "known as" only
# after a person, so 'the model known as "Signs of Safety"' keeps its name.


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LEADING_MARKS = re.compile(r"[\s\-–—~*•]*")


def first_paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """An NER span up to the first blank line in it, less the dashes or bullets before it. NER runs a
    quote's attribution into the heading after it ("--Jane Doe", then "Next heading") and one heading into
    the next; a name never crosses a blank line, and the span starts where NER saw one.

    >>> text = "Ship it now. --Oswin Pellow\\n\\nNext Heading"
    >>> text[slice(*first_paragraph(text, 13, len(text)))]
    'Oswin Pellow'
    """
    start = _LEADING_MARKS.match(text, start, end).end()
    blank = _BLANK_LINE.search(text, start, end)
    return start, blank.start() if blank else end
