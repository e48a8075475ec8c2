"""A US town before its state ("Austin TX", "Denver, Colorado", "San Antonio, Texas"): a place, shown as a UK town is.

A British town stands in a redacted text as it is written ("based in Leeds"), but the name rules read many US
towns and states as first names or surnames ("Austin", "Denver", "Houston", "Colorado" on no list), so "I moved
from Austin TX" read "I moved from [PERSON] TX": a place hidden, and hidden as a person. A town followed by its
state is a place (``places.named_places`` drops the person spans inside it) where:

- the state is a two-letter code in capitals, less those that are a degree or a word as often ("MA", "MD",
  "PA", "ME", "MS", "OR", "IN", "OK", "HI", "ID", "DE", "CO", "LA": "Jane Smith, MA" is a name and a degree),
  or a state's name, less those that are women's first names as often ("Georgia", "Virginia", "Florida":
  "Smith, Georgia" is a list's order);
- the town is one capitalised word, or two with a first word towns open with ("San", "New", "Fort") or a
  second word towns end with ("City", "Springs");
- no capitalised word but a preposition stands before the town: "Kemi Okafor, Texas" is a person and a state,
  and a name crossing the place keeps it names in any case (``places.without_places``);
- no verb one does to a person stands just before it ("I met Austin TX", "I told Dallas TX": ``_CONTACT``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import _LO, _UP

_CODES = """AL AK AZ AR CA CT DC FL GA IA KS KY MI MN MO MT NE NV NH NJ NM NY NC ND OH RI SC SD TN TX
    UT VT VA WA WV WI WY""".split()
_STATES = [s.replace("_", r"[ \t]+") for s in """Alabama Alaska Arizona Arkansas California Colorado Connecticut
    Delaware Hawaii Idaho Illinois Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
    Mississippi Missouri Nebraska New_Hampshire New_Jersey New_Mexico New_York North_Carolina North_Dakota Ohio
    Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota Tennessee Texas Utah Vermont
    West_Virginia Washington Wisconsin Wyoming""".split()]
_OPENS = "San|Santa|Los|Las|New|Fort|Ft|St|Saint|El|Des|Baton|Palm|Long|Grand|Little|Salt|Sioux|Ann|Corpus|Palo"
_ENDS = "City|Springs|Beach|Falls|Heights|Rock|Lake|Park|Creek|Valley|Worth|Rapids|Harbor|Haven"
_TOWN = rf"(?:(?:{_OPENS})\.?[ \t]+{_UP}{_LO}+|{_UP}{_LO}+(?:[ \t]+(?:{_ENDS}))?)"
_PLACE = re.compile(rf"(?<![\w'’.-])(?P<town>{_TOWN})(?:,?[ \t]+(?:{'|'.join(_CODES)})(?![\w'’-])"
                    rf"|,[ \t]+(?:{'|'.join(sorted(_STATES, key=len, reverse=True))})(?![\w'’-])"
                    rf"|,?[ \t]+(?i:{'|'.join(_CODES)})(?=[ \t]+\d{{5}}(?:-\d{{4}})?\b))")  # "Dallas, tx 75201"
# What before a town says it is a surname: a capitalised word, with its stop ("J.", "Dr.") or closing the line
# before ("Jane\nAustin TX"), or a sign-off's comma closing it ("Best,\nAustin TX")
_WORD_BEFORE = re.compile(rf"(?:\b(?P<w>{_UP}{_LO}*)\.?[ \t]*|,[ \t]*\r?\n)(?:\r?\n)?[ \t]*$")
# Capitalised words that may stand before a town: a sentence's opening preposition ("In Austin TX we ...")
_OPENERS = frozenset("in at from to near outside around of for by via and or with".split())
# A verb one does to a person just before the town: "I met Austin TX", "I thanked Jackson, Mississippi" name a
# person (cost: "I called Austin TX home" hides "Austin")
_CONTACT = re.compile(r"\b(?:met|meet|asked|ask|told|tell|thanked|thank|emailed|email|rang|ring|phoned|phone|contacted"
                      r"|contact|called|call|cc|(?:spoke|speak|talked|talk|wrote|write)[ \t]+to)[ \t]+$", re.I)


def a_state(word: str) -> bool:
    """A US state's name of one word as written ("Texas"): after "Okafor, " a place, not a first name."""
    return word in _STATES


def us_places(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` names a US town and its state.

    >>> text = "From Austin TX to Denver, Colorado; Dr Jane Smith, MA; Kemi Okafor, Texas"
    >>> [text[s:e] for s, e in us_places(text)]
    ['Austin TX', 'Denver, Colorado']
    """
    for m in _PLACE.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if _CONTACT.search(text, max(0, m.start() - 30), m.start()):
            continue
        if before is None or (before.group("w") is not None and before.group("w").casefold() in _OPENERS):
            yield m.start(), m.end()
