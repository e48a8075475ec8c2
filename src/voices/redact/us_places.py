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

A state code left out above stands for a state in a list with a US place ("Austin TX and Boston MA"), and a town
of two words with a town's word in it stands alone after a comma ("Jones, Virginia Beach", "Okoro, Santa Monica").

A listed surname and a comma before a town where a name may open (a line's or a label's start, a list's ";") is a
person, the town shown ("Smith, Florence SC": ``surnames_before_towns``), and the town too where its one word is a
first name in a list of such pairs or after a label ("Contact: Reid, Dallas TX": ``_named_pair``).

The other way round, a name found just before a state ("[Hilton], CA") is a person's, and the capitalised word
before it their first name, whatever list holds it as a town ("Paris Hilton, CA": ``first_names_before_state``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from voices.redact.joined_words import _NOT_SURNAMES, surnames
from voices.redact.names import _LO, _UP, PERSON, Span
from voices.redact.title_shapes import organisation

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
# The state codes ``_CODES`` leaves out, a degree or a word as often: a place only beside a US place found
_AMBIGUOUS = "MA|MD|PA|ME|MS|OR|IN|OK|HI|ID|DE|CO|LA"
_AMBIGUOUS_PLACE = re.compile(rf"(?<![\w'’.-]){_TOWN},?[ \t]+(?:{_AMBIGUOUS})(?![\w'’-])")
# Between two places of a list: a comma, "and", "or", "&" or "to"
_LIST_GAP = re.compile(r"(?:,|,?[ \t]+(?:and|or|&|to))?[ \t]+")
_GAP_BEFORE = re.compile(_LIST_GAP.pattern + "$")
# A town of two words after a surname and a comma ("Jones, Virginia Beach", "Okoro, Santa Monica"): a first word
# towns open with and no name has, or a second word towns end with after a state's name or a word no first name
# ("Hannah Beach" in "Tom Jones, Hannah Beach, Ali Khan" is a person in a list: ``_comma_town``)
_COMMA_TOWN = re.compile(rf"(?<=,[ \t])(?:(?:San|Santa|Los|Las|New|Fort|Ft|El|Des|Baton|Palm|Salt|Sioux|Corpus|Palo)"
                         rf"\.?[ \t]+{_UP}{_LO}+|(?P<first>{_UP}{_LO}+)[ \t]+(?:City|Springs|Beach|Falls|Heights|Creek"
                         rf"|Valley|Rapids|Harbor))(?![\w'’-])(?![ \t]+{_UP})")
# States' names left out of ``_STATES`` as women's first names: before a town's word, a town's ("Virginia Beach")
_NAMED_STATES = frozenset("Virginia Georgia Florida Carolina".split())
# A surname-shaped word and its comma just before a town ("Smith, Florence SC"); where such a pair may open: a
# line's start, a label's colon, a list's ";" or "("; a label a list of people follows; a list's next pair
_SURNAME_COMMA = re.compile(rf"(?<![\w'’.-])(?P<s>{_UP}{_LO}+),[ \t]+$")
_PAIR_OPENS = re.compile(r"(?:^|[\n:;(])[ \t]*$")
# A line a label opens, up to the pair ("To: Reid, Dallas TX and Okafor, Houston TX"), and "and" or "&" between pairs
_LABELLED = re.compile(r"[ \t]*(?i:attendees?|contacts?|from|to|cc|bcc|signed|present|apologies|authors?|names?"
                       r"|by|members|respondents?|reviewers?|chair|sender|panel)[ \t]*:")
# A label of a place or a thing, not of people, before the pair ("Hotel: Hilton, Dallas TX", "Offices: Boston, ...")
_THING_LABELS = frozenset("""hotel hotels venue venues office offices location locations address addresses site sites
    base bases branch branches store stores shop shops company companies employer employers headquarters hq campus
    campuses school schools clinic clinics hospital hospitals destination destinations stop stops where place places
    restaurant restaurants firm firms brand brands""".split())
# The name a thing's label gives from its colon to a comma and a US place: "Hotel: Hilton, Dallas TX" (a hotel)
_THING_NAME = re.compile(rf"[ \t]*(?P<w>{_UP}{_LO}+(?:[ \t]+{_UP}{_LO}+){{0,2}}),[ \t]+")
_AND_BEFORE = re.compile(r"(?:\band|&)[ \t]+$")
_LINE_REACH = 200  # how far back a label opening the pair's line is looked for
_LIST_BEFORE = re.compile(r";[ \t]*$")
_NEXT_PAIR = re.compile(rf"[ \t]*;[ \t]*{_UP}{_LO}+,[ \t]+{_UP}{_LO}+")
# "Surname, Town ST" pairs a comma parts ("Reid, Dallas TX, Okafor, Houston TX"), any state code: a list of people
_PAIR = re.compile(rf"(?<![\w'’.-])(?P<s>{_UP}{_LO}+(?:-{_UP}{_LO}+)?),[ \t]+(?P<town>{_TOWN})(?:,?[ \t]+"
                   rf"(?:{'|'.join(_CODES)}|{_AMBIGUOUS})|,[ \t]+(?:{'|'.join(sorted(_STATES, key=len, reverse=True))}))"
                   r"(?![\w'’-])")
_PAIR_GAP = re.compile(r",[ \t]+")
# What before a town says it is a surname: a capitalised word, with its stop ("J.", "Dr.") or closing the line
# before ("Jane\nAustin TX"), or a sign-off's comma closing it ("Best,\nAustin TX")
_WORD_BEFORE = re.compile(rf"(?:\b(?P<w>{_UP}{_LO}*)\.?[ \t]*|,[ \t]*\r?\n)(?:\r?\n)?[ \t]*$")
# Capitalised words that may stand before a town: a sentence's opening preposition ("In Austin TX we ...")
_OPENERS = frozenset("in at from to near outside around of for by via and or with".split())
_CALLED = re.compile(r"\b(?i:call|calls|called|calling)[ \t]+$")
_HOME = re.compile(r"[ \t]+(?i:home)\b")
# A verb one does to a person just before the town: "I met Austin TX", "I thanked Jackson, Mississippi" name a
# person (not "I called Austin TX home": ``_called_home``); so do a name's own words and a signature's ("My name is
# Dallas TX", "thanks Dallas TX!", "Written by Florence SC", "Regards Austin TX")
_CONTACT = re.compile(r"\b(?:met|meet|asked|ask|told|tell|thanked|thank|thanks|emailed|email|rang|ring|phoned|phone"
                      r"|contacted|contact|called|call|cc|(?:spoke|speak|talked|talk|wrote|write)[ \t]+to|name[ \t]+is"
                      r"|named|(?:written|signed|sent)[ \t]+by|signed|regards)[ \t]+$", re.I)


def a_state(word: str) -> bool:
    """A US state's name of one word as written ("Texas"): after "Okafor, " a place, not a first name."""
    return word in _STATES


def us_places(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` names a US town and its state.

    >>> text = "From Austin TX to Denver, Colorado; Dr Jane Smith, MA; Kemi Okafor, Texas; Jones, Virginia Beach"
    >>> [text[s:e] for s, e in us_places(text)]
    ['Austin TX', 'Denver, Colorado', 'Virginia Beach']
    """
    found = []
    listed = {m.start("town") for m in pair_lists(text) if _first_name_town(m.group("town"))}
    for m in _PLACE.finditer(text):
        if not (_town_at(text, m.start()) or _called_home(text, m)):
            continue
        # the state alone after a "surname, first name" pair ("Jones, Austin, Texas", "Okafor, Houston TX")
        if m.start() in listed or _named_pair(text, m):
            yield m.end("town"), m.end()
        else:
            found.append((m.start(), m.end()))
    yield from found
    yield from _listed_beside(text, found)
    yield from _labelled_things(text, found)
    yield from ((m.start(), m.end()) for m in _COMMA_TOWN.finditer(text) if _comma_town(m.group("first")))


def _named_pair(text: str, m: re.Match[str]) -> bool:
    """A surname, a comma and a town's one word that is a first name too, in a list of such pairs or after a
    label ("Attendees: Smith, Florence; Jones, Austin TX", "Contact: Reid, Dallas TX"): a person, "surname, first
    name", not a person and a town."""
    if not _first_name_town(m.group("town")):
        return False
    at = _surname_before(text, m.start())
    if at is None:
        return False
    return (_LIST_BEFORE.search(text, max(0, at[0] - 9), at[0]) is not None or _NEXT_PAIR.match(text, m.end()) is not None
            or _labelled_line(text, at[0]))


def _surname_before(text: str, start: int) -> tuple[int, int] | None:
    """Where a listed surname and a comma stand just before ``start`` where a name may open: a line's or a
    label's start, a list's ";", after a verb one does to a person ("I wrote to Hartley, Savannah GA"), after "and"
    or "&" on a line a label opens."""
    if text.find(",", max(0, start - 4), start) < 0:  # most towns: no comma before, no regex run
        return None
    m = _SURNAME_COMMA.search(text, max(0, start - 40), start)
    if m is None:
        return None
    if not _listed_surname(m.group("s")):
        return None  # "Leeds, Austin TX", "Texas, Austin TX", "Lincoln, Austin TX"
    s = m.start("s")
    if _thing_labelled(text, s):
        return None  # "Hotel: Hilton, Dallas TX": a hotel and its town
    if (_PAIR_OPENS.search(text, max(0, s - 30), s) or _CONTACT.search(text, max(0, s - 30), s)
            or (_AND_BEFORE.search(text, max(0, s - 6), s) and _labelled_line(text, s))):
        return s, m.end("s")
    return None


def _listed_surname(word: str) -> bool:
    """A listed surname (each part of a hyphenated one), not a state's, a body's or a town's name."""
    return not a_state(word) and all(part in surnames() and part not in _NOT_SURNAMES and not organisation(part)
                                     for part in word.casefold().split("-"))


def pair_lists(text: str) -> list[re.Match[str]]:
    """The pairs of each list of two or more "surname, town state" pairs a comma parts, every surname listed
    ("Reid, Dallas TX, Okafor, Houston TX", "Cc: Whitfield-Moore, Tulsa OK, Abernathy, Boise ID"): people, the
    surname and the town's one word where it is a first name too; not "Offices: Leeds, Austin TX, Denver, CO".

    >>> [m.group("s") for m in pair_lists("Cc: Reid, Dallas TX, Okafor, Boise ID; Leeds, Austin TX, Hill, Waco TX")]
    ['Reid', 'Okafor']
    """
    lists: list[re.Match[str]] = []
    run: list[re.Match[str]] = []
    for m in _PAIR.finditer(text):  # runs of pairs a comma parts, then their people: a pair alone is read no further
        if not (run and _PAIR_GAP.fullmatch(text, run[-1].end(), m.start())):
            lists += _people(text, run)
            run = []
        run.append(m)
    return lists + _people(text, run)


def _people(text: str, run: list[re.Match[str]]) -> list[re.Match[str]]:
    """The stretches of two or more pairs in ``run`` whose surnames are listed, after no label of a place or a
    thing ("Offices: Boston, Austin TX, ...": a list of places)."""
    if len(run) < 2:
        return []
    people: list[re.Match[str]] = []
    stretch: list[re.Match[str]] = []
    for m in run:
        if _listed_surname(m.group("s")) and not _thing_labelled(text, m.start()):
            stretch.append(m)
            continue
        people += stretch if len(stretch) > 1 else []
        stretch = []
    return people + (stretch if len(stretch) > 1 else [])


def _labelled_line(text: str, at: int) -> bool:
    """A label opens the line ``at`` stands on, ``_LINE_REACH`` characters back at the most ("To: Reid, ...")."""
    line = text.rfind("\n", max(0, at - _LINE_REACH), at) + 1
    if line == 0 and at > _LINE_REACH:  # the line opens further back
        return False
    return _LABELLED.match(text, line, at) is not None


def surnames_before_towns(text: str) -> Iterator[Span]:
    """A listed surname alone before a comma and a US town with its state, where a name may open: the person
    ("Smith, Florence SC", "Signed: Smith, Phoenix AZ"); not after a label of a place or a thing ("Offices: Boston,
    Austin TX", "Hotel: Hilton, Dallas TX").

    >>> text = "Smith, Florence SC; we met in Leeds, Austin TX"
    >>> [text[s:e] for s, e, _ in surnames_before_towns(text)]
    ['Smith']
    """
    for m in _PLACE.finditer(text):
        if (at := _surname_before(text, m.start())) is not None:
            yield at[0], at[1], PERSON
    for m in pair_lists(text):  # "Reid, Dallas TX, Okafor, Houston TX": the town's first name too
        yield m.start("s"), m.end("s"), PERSON
        if _first_name_town(m.group("town")):
            yield m.start("town"), m.end("town"), PERSON


def _first_name_town(town: str) -> bool:
    """A town's one word that is a first name too ("Dallas", "Houston"; not "Tulsa", "San Antonio")."""
    from voices.redact.joined_words import _first_name

    return " " not in town and "\t" not in town and bool(_first_name(town.casefold()))


def _comma_town(first: str | None) -> bool:
    """A town's first word before a town's word ("Beach"): a state's name ("Virginia Beach") or no first name."""
    from voices.redact.joined_words import _first_name

    return first is None or first in _STATES or first in _NAMED_STATES or not _first_name(first.casefold())


def _thing_labelled(text: str, at: int) -> bool:
    """A label of a place or a thing ends just before ``at`` ("Hotel: "); most texts have no colon there."""
    colon = text.rfind(":", max(0, at - 4), at)
    return colon >= 0 and not text[colon + 1:at].strip(" \t") and _thing_label(text, colon)


def _thing_label(text: str, colon: int) -> bool:
    """The word before the colon at ``colon`` labels a place or a thing ("Hotel:", "Head offices:")."""
    words = text[max(0, colon - 24):colon].split()
    return bool(words) and words[-1].strip("(\"'“‘").casefold() in _THING_LABELS


def _labelled_things(text: str, places: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The name a label of a place or a thing gives just before a US place ("Hotel: Hilton, Dallas TX", "Offices:
    Boston, Austin TX"): a hotel, a town, a firm, shown as the place is, whatever list holds it as a person's."""
    for start, _ in places:
        colon = text.rfind(":", max(0, start - 60), start)  # most places: no label before, no regex run
        if colon >= 0 and (m := _THING_NAME.fullmatch(text, colon + 1, start)) and _thing_label(text, colon):
            yield m.start("w"), m.end("w")


def _listed_beside(text: str, places: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """A town before a state code read apart on its own ("MA", "MD": a degree as often) in a list with a US place
    found ("Austin TX and Boston MA", "Boston MA, Austin TX"): a place too."""
    if not places:
        return
    ends, starts = {e for _, e in places}, {s for s, _ in places}
    for m in _AMBIGUOUS_PLACE.finditer(text):
        before = _GAP_BEFORE.search(text, max(0, m.start() - 12), m.start())
        after = _LIST_GAP.match(text, m.end())
        if ((before and before.start() in ends) or (after and after.end() in starts)) and _town_at(text, m.start()):
            yield m.start(), m.end()


def _called_home(text: str, m: re.Match[str]) -> bool:
    """A town one "called home" ("I called Austin TX home"): a place, though "called" is done to a person."""
    return _CALLED.search(text, max(0, m.start() - 12), m.start()) is not None and _HOME.match(text, m.end()) is not None


def _town_at(text: str, start: int) -> bool:
    """What stands before ``start`` lets a town open there: no capitalised word but an opening preposition, and
    no verb one does to a person."""
    if _CONTACT.search(text, max(0, start - 30), start):
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return before is None or (before.group("w") is not None and before.group("w").casefold() in _OPENERS)


# A state after a name found: ", CA", " TX", ", Texas"
_STATE_AFTER = re.compile(rf",?[ \t]+(?:{'|'.join(_CODES)}|{'|'.join(_STATES)})(?![\w'’-])")
# The capitalised word just before a name found, one space apart
_FIRST_BEFORE = re.compile(rf"(?<![\w'’.-])(?P<w>{_UP}{_LO}+)[ \t]$")


def first_names_before_state(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """A person span found just before a US state, run back over the capitalised word before it: the first name,
    even one a list holds as a town ("Paris Hilton, CA"); not a sentence's opening preposition ("In [Hilton], CA").

    >>> text = "I met Paris Hilton, CA; In Hilton, CA we stayed"
    >>> [text[s:e] for s, e, _ in first_names_before_state(text, [(12, 18, PERSON), (27, 33, PERSON)])]
    ['Paris Hilton']
    """
    for start, end, label in found:
        if label != PERSON or not _STATE_AFTER.match(text, end):
            continue
        m = _FIRST_BEFORE.search(text, max(0, start - 30), start)
        if m and m.group("w").casefold() not in _OPENERS and _may_be_first(m.group("w").casefold()):
            yield m.start("w"), end, PERSON


def _may_be_first(word: str) -> bool:
    """A first name, or a word English does not make ("paris"): not "signed" or "regards" before a name."""
    from voices.redact.joined_words import _first_name
    from voices.redact.unlisted import english_words

    return word not in english_words() or _first_name(word)
