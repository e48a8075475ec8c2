"""Towns and hotels named like people: "I grew up in Boston", "Boston, Lincolnshire", "the Hilton Metropole".

"Boston", "Lincoln", "Dallas" and "Hilton" are on the shipped first-name list, so "I grew up in Boston" read
"I grew up in [PERSON]" and "the Hilton in Dallas" read "the [PERSON] in [PERSON]". A town's name on that list
(``_TOWNS``, not one that is mostly a person's: "Florence", "Charlotte", "Victoria", "Jackson") is the town
where a place stands: after "in", "near", "from" (not after a verb done to a person: "heard from Boston"), before
a UK county or a council's word ("Boston, Lincolnshire", "Boston Borough Council"; a US state is ``us_places``' to
read: "Jones, Austin, Texas"), or listed after such a town ("near Lincoln and Stafford", "from Denver to Phoenix");
never with a surname, a possessive or a person's verb after it ("In Boston's view", "Boston said"). A hotel's
name after "the" or before "Hotel" is the hotel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import _LO, _UP
from voices.redact.unlisted import _AFTER_STRONG, _BEFORE, _PLACE_BEFORE

_TOWNS = """Boston Lincoln Chester Warwick Stafford Bedford Kendal Selby Stirling Ely Melrose Dallas Houston Austin
    Denver Phoenix Orlando Memphis Savannah Sydney Adelaide""".split()
_TOWN = re.compile(rf"(?<![\w'’-])(?:{'|'.join(_TOWNS)})(?![\w'’-])")
_COUNTY_AFTER = re.compile(r",?[ \t]+(?:in[ \t]+)?(?:Lincolnshire|Lancashire|Yorkshire|Cheshire|Bedfordshire|Cumbria"
                           r"|Staffordshire|Warwickshire|Derbyshire|Nottinghamshire|Lothian|Borders|Cambridgeshire"
                           r"|England|Scotland|Wales|Australia)\b|[ \t]+(?:Borough|District|City|County|Town)?[ \t]*"
                           r"Council\b")
_PERSON_AFTER = re.compile(rf"['’]s?\b|[ \t]+{_UP}{_LO}+['’]s\b|[ \t]+{_UP}{_LO}+[ \t]+[a-z]")  # "Boston's", "Boston Okafor rang"
_LISTED_AFTER = re.compile(r"(?:,|,?[ \t]+(?:and|or|&|to))[ \t]+$")
_HOTEL = re.compile(rf"(?<=\b[Tt]he[ \t])Hilton(?:[ \t]+(?!In\b){_UP}{_LO}+)?(?![\w'’-])|Hilton[ \t]+Hotel\b")


def named_towns(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` names a town or a hotel with a listed first name (the module docstring).

    >>> text = "I grew up in Boston and Lincoln. I spoke to Dallas. The Hilton Metropole, Boston said, was full."
    >>> [text[s:e] for s, e in named_towns(text)]
    ['Boston', 'Lincoln', 'Hilton Metropole']
    """
    last = -1  # where the last town found ends
    for m in _TOWN.finditer(text):
        if _PERSON_AFTER.match(text, m.end()) or _AFTER_STRONG.match(text, m.end()):
            continue
        window = max(0, m.start() - 40)
        placed = _PLACE_BEFORE.search(text, window, m.start()) and not _BEFORE.search(text, window, m.start())
        listed = last >= 0 and _LISTED_AFTER.fullmatch(text, last, m.start()) is not None
        county = _COUNTY_AFTER.match(text, m.end())  # the place reaches over it: "Boston Borough Council"
        if placed or listed or county:
            last = m.end()
            yield m.start(), county.end() if county else m.end()
    yield from ((m.start(), m.end()) for m in _HOTEL.finditer(text))
