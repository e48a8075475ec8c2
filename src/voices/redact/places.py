"""Places and bodies named after saints, titles or people, which no one is: "St Mary's Hospital", "Tel Aviv".

The name rules read "Mary", "Aviv" and "Spencer" as first names and "PC World" as a constable, so
redacted output read "St [PERSON]'s Hospital", "Tel [PERSON]" and "Marks & [PERSON]". A person
span that lies wholly inside one of these names is dropped:

- a saint's name (``_SAINTS``) after "St", "St." or "Saint", possessive ("St Thomas' Hospital", "St John's
  Church"), before a Title-case word ("St John Ambulance") or a town's ("St Helens", "St Albans"), unless a
  title comes before it ("Dr St John said": the rare surname), a Title-case word that a street abbreviation
  follows ("Church St. Mary said" is a street, then Mary) or a person's verb after it ("St John rang");
  "St Kemi" and "Saint Laurent" are no saints' places, and a bare "St John" a verb reaches is a person
  ("I spoke to St John");
- a name before the word that makes it a place ("Victoria Station", "Alexandra Palace"), or after "the
  Royal" ("the Royal Victoria Infirmary", "the Royal Marsden"), unless a person's verb or a title comes
  before the name ("I told Amelia Hospital was safe", "Dr Amelia Hospital") or after the place ("Mary
  Station rang me"), or a Title-case word after it ("Priya's Hospital Passport");
- a short list of places and shops that hold a name or a title (``_NAMED_AFTER``), and countries and cities
  of two or three words (``_WORLD_NAMES``: "United Kingdom", "Sierra Leone", "New Zealand").

A longer span ("St John Smith") is not inside and stays, and a name that crosses the edge of such a
name makes it names ("Lucy Marks and Spencer came": "Spencer" stays hidden). "John Lewis" stays redacted: as a shop and
as a person it reads the same, and a leaked name costs more than a hidden shop.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

from voices.redact.celtic import celtic_words
from voices.redact.named_towns import named_towns
from voices.redact.names import _LO, _UP, PERSON, TITLES, Span
from voices.redact.title_shapes import council_towns
from voices.redact.unlisted import _AFTER_STRONG, _BEFORE
from voices.redact.us_places import us_places

# Saints places are named after; the towns among them stand alone ("St Helens"), the rest are possessive or
# lead a longer name ("St Mary's", "St John Ambulance"): "St Kemi", "Saint Laurent" and a bare "St John" are people.
_SAINT_TOWNS = frozenset("""Albans Andrews Annes Asaph Austell Helens Ives Neots Davids Leonards Edmunds Columb Germans
    Mawes Agnes Blazey Bees Boswells Fagans Athan Clears Ninians Monans Osyth Margarets Helier Pancras Brelades Dogmaels
    Erth Keverne Mellion Breward Teath Tudy Minver Issey Merryn Mabyn Cleer Budeaux Just Day Helier""".split())
_SAINTS = _SAINT_TOWNS | frozenset("""Aidan Alban Aldhelm Alphege Ambrose Andrew Ann Anne Anselm Anthony Antony
    Augustine Austin Barnabas Bartholomew Bede Benedict Bernadette Bernard Botolph Brendan Bride Brigid Catherine
    Katharine Katherine Cecilia Chad Christopher Clare Clement Columba Cuthbert Cyprian David Dominic Dunstan Edmund
    Edward Elizabeth Francis Gabriel George Giles Gregory Helen Hilda Hugh Ignatius James Jerome Joan John Joseph Jude
    Julian Kentigern Laurence Lawrence Leonard Luke Margaret Mark Martin Mary Matthew Matthias Michael Monica Mungo
    Nicholas Ninian Olave Oswald Patrick Paul Peter Philip Piran Raphael Richard Saviour Sebastian Simon Stephen
    Swithun Teresa Theresa Thomas Vincent Werburgh Wilfrid Winifred""".split())
_SAINT = re.compile(rf"(?<![\w'’-])(?:St\.?|Saint)[ \t]+(?P<name>{_UP}{_LO}+)(?P<own>['’]s\b|['’])?")
_TITLE_NEXT = re.compile(rf"[ \t]+{_UP}")
# Countries and cities of two or three words, which NER labels places and the name rules read as a first name
# and a surname ("Based in Leeds, United Kingdom", "She trained in South Africa", "from Sierra Leone").
_WORLD_NAMES = """United_Kingdom United_States Great_Britain New_Zealand Saudi_Arabia Hong_Kong South_Africa
    Sri_Lanka Sierra_Leone Costa_Rica El_Salvador South_Sudan North_Korea South_Korea Czech_Republic
    Dominican_Republic United_Arab_Emirates Ivory_Coast Cape_Verde Papua_New_Guinea East_Timor Burkina_Faso
    Equatorial_Guinea Puerto_Rico New_York New_Delhi Abu_Dhabi Kuala_Lumpur Buenos_Aires Sao_Paulo Cape_Town
    Addis_Ababa Mexico_City Los_Angeles San_Francisco""".split()
_WORLD = "|".join(n.replace("_", r"[ \t]+") for n in _WORLD_NAMES)
_NAMED_AFTER = re.compile(r"(?<![\w'’-])(?:Tel[ \t]+Aviv|Addenbrooke['’]s"
                          r"|Guy['’]s[ \t]+(?:Hospital|(?:and|&)[ \t]+St\.?[ \t]+Thomas['’]?)"
                          r"|Alder[ \t]+Hey|PC[ \t]+World|Marks[ \t]+(?:&|and)[ \t]+Spencer"
                          r"|Elizabeth[ \t]+line|Great[ \t]+Ormond[ \t]+Street|Queen[ \t]+Elizabeth[ \t]+Hospital"
                          r"|King['’]s[ \t]+College(?:[ \t]+(?:London|Hospital))?"
                          rf"|{_WORLD})(?![\w-])")
# A name before the word that makes it a place ("Victoria Station", "Alexandra Palace", "the Evelina Children's
# Hospital", "Hollybank Family Centre"), unless a Title-case word follows ("Priya Hospital Passport"); not a
# possessive: "Amelia's Hospital appointment" is hers (the possessive places are on ``_NAMED_AFTER``: "Guy's Hospital").
_PLACE_WORD_AFTER = re.compile(rf"(?<![\w'’-])(?:{_UP}{_LO}+[ \t]+)?(?P<name>{_UP}{_LO}+)[ \t]+(?P<place>Hospital"
                               rf"|Infirmary|Station|Palace|Airport|Hospice|Children['’]s[ \t]+(?:Hospital|Centre)"
                               rf"|Family[ \t]+(?:Centre|Hub))(?![\w'’-])(?![ \t]+{_UP})")
# "the Royal Victoria Infirmary", "the Royal Marsden"; not "Royal" as a surname ("Amelia Royal", "Royal Okafor rang")
_ROYAL = re.compile(rf"(?<![\w'’-])(?:(?<=\b[Tt]he[ \t])Royal[ \t]+{_UP}{_LO}+(?:['’]s)?(?:[ \t]+(?:Infirmary|Hospital))?"
                    rf"|Royal[ \t]+{_UP}{_LO}+(?:['’]s)?[ \t]+(?:Infirmary|Hospital))")
_TITLE_BEFORE = re.compile(rf"(?i:\b(?:{'|'.join(sorted(TITLES))})\.?)[ \t]+$")
# A Title-case word before "St": a street ("Church St Mary"), unless a word opening a sentence ("At St Mary's").
_STREET_BEFORE = re.compile(rf"(?<![\w'’-])(?P<w>{_UP}{_LO}+)[ \t]+$")
_OPENERS = frozenset("at in to from near by on opposite of the and outside behind past via into with for".split())


def named_places(text: str, title: bool = False) -> list[tuple[int, int]]:
    """Where ``text`` names a place or a body after a saint, a title or a person; in a ``title``, a council's town
    before an answer word ("Chester response": ``title_shapes.council_towns``).

    >>> text = "Born at St Mary's Hospital, now in Tel Aviv. Dr St John said so."
    >>> [text[s:e] for s, e in named_places(text)]
    ["St Mary's", 'Tel Aviv']
    """
    found = [(m.start(), m.end()) for m in _NAMED_AFTER.finditer(text)]
    found += us_places(text)  # "Austin TX", "Denver, Colorado"
    found += named_towns(text)  # "I grew up in Boston", "the Hilton Metropole"
    found += celtic_words(text)  # "Mae angen mwy o weithwyr": a Welsh verb, no one's name
    found += council_towns(text) if title else []
    found += [(m.start(), m.end()) for m in _ROYAL.finditer(text) if not _AFTER_STRONG.match(text, m.end())]
    for m in _PLACE_WORD_AFTER.finditer(text):
        if _AFTER_STRONG.match(text, m.end()):  # "Mary Station rang me": a person
            continue
        # before the match and before the name next to the place word: "Dr Amelia Hospital", "Ask Amelia Hospital";
        # a verb before a place of two words is a visit ("We visited Hollybank Family Centre")
        one = " " not in m.group("place")
        if any(_TITLE_BEFORE.search(text[max(0, at - 40):at]) or (one and _BEFORE.search(text[max(0, at - 40):at]))
               for at in (m.start(), m.start("name"))):  # "I told Amelia Hospital was safe"
            continue
        found.append((m.start(), m.end()))
    for m in _SAINT.finditer(text):
        name = m.group("name")
        if name not in _SAINTS or _AFTER_STRONG.match(text, m.end("name")):  # "St Kemi", "St John rang"
            continue
        bare = not (m.group("own") or _TITLE_NEXT.match(text, m.end()) or name in _SAINT_TOWNS)
        before = text[max(0, m.start() - 40):m.start()]
        if bare or _TITLE_BEFORE.search(before):  # "I spoke to St John", "Dr St John"
            continue
        street = _STREET_BEFORE.search(before)
        if street and street.group("w").lower() not in _OPENERS:
            continue
        found.append((m.start(), m.end()))
    return sorted(found)


def without_places(text: str, spans: Iterable[Span], title: bool = False) -> list[Span]:
    """``spans`` less the person spans that lie wholly inside a named place (``named_places``; ``title``: the text
    is a source title). Spans and places are looked up by bisect: a long text of "Austin TX" names thousands."""
    spans = list(spans)
    people = sorted((a, b) for a, b, label in spans if label == PERSON)
    starts, longest = [a for a, _ in people], max((b - a for a, b in people), default=0)

    def crossed(s: int, e: int) -> bool:  # a place a person span crosses is names: "Lucy Marks and Spencer came"
        near = people[bisect_left(starts, s - longest):bisect_left(starts, e)]
        return any(a < e and s < b and not (s <= a and b <= e) for a, b in near)

    places = sorted((s, e) for s, e in named_places(text, title) if not crossed(s, e))
    if not places:
        return spans
    opens, reach = [s for s, _ in places], list(accumulate((e for _, e in places), max))

    def inside(a: int, b: int) -> bool:  # a place opening at or before ``a`` reaches ``b``
        i = bisect_right(opens, a)
        return i > 0 and reach[i - 1] >= b

    return [sp for sp in spans if sp[2] != PERSON or not inside(sp[0], sp[1])]
