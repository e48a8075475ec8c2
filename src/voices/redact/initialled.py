"""A listed surname after initials written with full stops: "J. Smith", "J.P. Brown", "Present: J. Smith, K. Baker".

A surname that is also an English word ("Smith", "Baker", "Hill", "Brown") is read as a word by the rules that
find surnames, so "Report by J. Smith." and "J. Brown said no" showed whole; an initial with its full stop before
it says a person. Not a lettered list's item ("A. Green spaces should..." opening a line, unless a comma, a
bracket, the line's end or a person's verb follows the surname), nor a part of a document ("Section B. Young
carers", "Option C. Long term"), nor a thing's name a Title-case word goes on ("A. Green Paper", "J. Paul Getty
Trust").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import PERSON, Span

_INITIALLED = re.compile(r"(?<![\w.’'-])(?P<i>(?:[A-Z]\.[ \t]?){1,3})[ \t]*"
                         r"(?P<s>[A-Z][a-z]+(?:['’][A-Z]?[a-z]+)?(?:-[A-Z][a-z]+)?)(?![\w'’-])")
_LINE_OPENS = re.compile(r"(?:^|\n)[ \t*•>-]*(?:\d{1,3}[.)][ \t]*)?$")  # "A. Green", "1. A. Young"
_TITLE_NEXT = re.compile(r"[ \t]+[A-Z][a-z]")  # "A. Green Paper", "J. Paul Getty Trust": a thing's name
# What after a surname opening a line says a person, not a lettered list's item
_PERSON_AFTER = re.compile(r"[ \t]*(?:[,(]|\r?\n|$|[ \t](?:said|says|told|asked|rang|emailed|wrote|agreed|chaired"
                           r"|noted|explained|confirmed|reported|replied|and[ \t]+[A-Z]\.))")
_PARTS = re.compile(r"(?i:section|part|appendix|annex|option|question|schedule|table|figure|fig|grade|class|step"
                    r"|phase|stage|type|category|item|point|paragraph|para|chapter|plan|model|route|box|level)[ \t]*$")


def initialled_surnames(text: str) -> Iterator[Span]:
    """Initials and the listed surname after them (the module docstring).

    >>> text = "Report by J.P. Brown.\\nA. Green spaces matter."
    >>> [text[s:e] for s, e, _ in initialled_surnames(text)]
    ['J.P. Brown']
    """
    if "." not in text:
        return
    from voices.redact.framed import _ABBREVIATIONS
    from voices.redact.joined_words import _NOT_SURNAMES, surnames

    last_names = surnames()
    for m in _INITIALLED.finditer(text):
        parts = m.group("s").casefold().replace("’", "'").split("-")
        if not all(p in last_names and p not in _NOT_SURNAMES for p in parts):
            continue
        if re.sub(r"[.\s]", "", m.group("i")) in _ABBREVIATIONS - {"JP"}:
            continue  # "the U.K. Young carers' fund", "our G.P. Baker's": an abbreviation; "J.P. Smith" a person
        if _TITLE_NEXT.match(text, m.end()):
            continue
        if _PARTS.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Section B. Young carers"
        if _LINE_OPENS.search(text, max(0, m.start() - 8), m.start()) and not _PERSON_AFTER.match(text, m.end()):
            continue  # "A. Green spaces should be kept": a lettered list's item
        yield m.start(), m.end(), PERSON
