"""Rule names: first names NER tends to miss, found by what stands around them.

A name after a relation word ("her daughter Amelia", "my twins Ruby and Maisie"), after
"called"/"named" or "call me", before an age ("Amelia (aged 4)"), after a title ("Mr Okafor",
"Dr Helen Marsh", "cllr smith" in lower case, a peer's "Lord Pellow"), and a nickname after what gives one
("known as 'Smudge'"); after a name found, a peer's place ("Lord [PERSON] of Bradford") and a quoted
nickname with the surname after it (``names_continued``). The vocabulary they share lives in
``voices.redact.names``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from voices.redact.labelled_names import labelled_full_names
from voices.redact.names import (
    _LO,
    _ORG_WORDS,
    _PLACES,
    _POSSESSIVE_END,
    _ROLE_WORDS,
    _UP,
    NOT_NAMES,
    OFFICE_WORDS,
    PERSON,
    TITLES,
    Span,
    _english_words,
    _is_name_word,
    _opener_words,
    listed_names,
)
from voices.redact.title_shapes import listed_alone
from voices.redact.us_places import a_state

_RELATIONS = (r"(?:daughters?|sons?|child(?:ren)?|kids?|baby|boy|girl|toddler|teenager|grandson|granddaughter|grandchild|"
              r"niece|nephew|brother|sister|stepson|stepdaughter|step-son|step-daughter|twins?|"
              r"husband|wife|partner|ex-partner|ex|boyfriend|girlfriend|mum|mother|dad|father|"
              r"nan|nana|gran|grandma|grandmother|grandad|granddad|grandfather|cousin|aunt|auntie|uncle|"
              r"foster\s+(?:child|son|daughter|carer)|adopted\s+(?:son|daughter|child)|youngest|eldest|"
              r"middle\s+one|friend|neighbour|colleague|client|service\s+user|young\s+person)")
_NAME = rf"{_UP}{_LO}+(?:['’-]{_UP}?{_LO}+)*"
_AFTER_RELATION = re.compile(
    rf"\b(?:my|her|his|their|our|your|the|a|an|whose|older|younger|little|baby|new|late|\w+['’]s)\s+{_RELATIONS}(?:\s*\(\s*\d{{1,2}}\s*\))?,?\s+(?:(?:is\s+)?called\s+|named\s+)?(?P<n>{_NAME}(?:\s+{_NAME})?)",
    re.IGNORECASE)
_AND_NAME = re.compile(rf"\s*(?:,|,?\s+and|,?\s*&)\s+(?P<n>{_NAME})")
_CALLED = re.compile(rf"\b(?:[Mm]y\s+name\s+is|(?:boy|girl|man|woman|lad|lady|baby|person)\s+(?:called|named))\s+(?P<n>{_NAME}(?:\s+{_NAME})?)")  # noqa: E501 - one regex, read whole
# "Call me Bex." one word, not "call me Old Fashioned"
_CALL_ME = re.compile(rf"\b[Cc]all\s+me\s+(?P<n>{_NAME})(?![\w'’-]|\s+{_UP})")
_AGED = re.compile(rf"\b(?P<n>{_NAME})\s*(?:\(\s*(?:aged?\s*)?\d{{1,2}}\s*(?:yrs?|years?)?\s*\)|,\s*aged\s+\d{{1,2}}\b)")
_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir|Dame|"
                     rf"DCI|DI|DS|DC|PC|PCSO|Sgt|Insp|Supt|Det|Inspector|Sergeant|Detective|Constable)\.?\s+"
                     rf"(?P<n>(?:{_UP}\.\s*)?{_NAME}(?:\s+{_NAME})?)")


# A peer's title: "Lord Pellow", "Baroness Ivel"; not an office or a faith's ("Lord Chancellor", "Lady Justice",
# "Lord Mayor", "the Lord God"), and not the title of the next ("Lady Quennell" after "Baroness, ").
_PEER_TITLED = re.compile(rf"\b(?:Lord|Lady|Baroness|Viscount|Viscountess|Earl|Countess)\s+(?P<n>{_NAME})")
_PEER_NOT_NAMES = OFFICE_WORDS | frozenset("god jesus christ almighty lord lady baroness".split())

_NICKNAME = re.compile(
    r"(?i:\b(?:(?:he|she|they|who|boy|girl|child|lad|kid|baby|son|daughter|brother|sister|mum|dad)\s+(?:is\s+|was\s+)?"
    r"\(?\s*known\s+as|nicknamed|nick-?name\s+(?:is|was)|goes\s+by|(?:we|they|everyone|people|she|he|i)\s+"
    r"call(?:s|ed)?\s+(?:him|her|them|me)))\s+[\"'“‘](?P<n>[A-Za-z][\w’'-]*(?:\s[A-Za-z][\w’'-]*)?)[\"'”’]")


# The same without quotes ("he is known as Dazza on the estate"), after a person only: "the bus goes by Wembley".
_NICKNAME_BARE = re.compile(
    r"(?i:\b(?:(?:he|she|they|who|boy|girl|child|lad|kid|baby|son|daughter|brother|sister|mum|dad)\s+(?:is\s+|was\s+)?"
    r"\(?\s*known\s+as|nicknamed|(?:we|they|everyone|people|she|he|i)\s+call(?:s|ed)?\s+(?:him|her|them|me)))"
    rf"\s+(?P<n>{_UP}{_LO}+(?:-{_UP}{_LO}+)?)(?![\w'’-])")


def _nicknames(text: str) -> Iterator[Span]:
    for m in _NICKNAME.finditer(text):
        yield m.start("n"), m.end("n"), PERSON
    names, words = listed_names()
    for m in _NICKNAME_BARE.finditer(text):  # a listed name, or a word no list holds: "Dazza", not "Trouble"
        parts = m.group("n").lower().split("-")
        if all(p in names or p in words or not _a_known_word(p) for p in parts):
            yield m.start("n"), m.end("n"), PERSON


def _a_known_word(word: str) -> bool:
    return (word in _english_words() or word in _opener_words() or word in NOT_NAMES or word in _PLACES
            or word in _ORG_WORDS)


# A title in lower case ("cllr smith", "mrs jones"): the next word is a surname, unless a word of grammar or
# a verb ("the cllr said"). "dr", "prof" and "councillor" are as often the nouns ("a dr appointment", "the
# councillor surgery"): after them only a word no list holds, or an English word this field does not write
# every day ("dr okafor", "dr smith").
_TITLED_LOWER = re.compile(r"\b(?:mr|mrs|ms|mx|cllr)\.?\s+(?P<n>[a-z][a-z'’-]+[a-z])\b")
_NOUN_TITLED_LOWER = re.compile(r"\b(?:dr|prof|councillor)\.?[ \t]+(?P<n>[a-z][a-z'’-]+[a-z])\b")
_VERB_ENDING = re.compile(r"(?:ed|ing|ly|s)$")
_GRAMMAR = frozenset("a an the and or of to in on at for with by from is was who his her their my our your said says "
                     "told asked rang called came went did does has had have will would could should can".split())


def _lower_titled(text: str) -> Iterator[Span]:
    for m in _TITLED_LOWER.finditer(text):
        if m.group("n") not in _GRAMMAR:
            yield m.start("n"), m.end("n"), PERSON
    for m in _NOUN_TITLED_LOWER.finditer(text):
        word = _POSSESSIVE_END.sub("", m.group("n"))  # "dr okafor's letter"
        if word not in _GRAMMAR and word not in _opener_words() and word not in NOT_NAMES and word not in _ORG_WORDS \
                and word not in TITLES and word not in _ROLE_WORDS \
                and not (word in _english_words() and _VERB_ENDING.search(word)):  # "my dr prescribed"
            yield m.start("n"), m.start("n") + len(word), PERSON


def rule_name_spans(text: str) -> Iterator[Span]:
    """Names NER tends to miss: after a relation word, "called"/"named", a title, or before an age."""
    yield from _lower_titled(text)
    yield from labelled_full_names(text)  # "Name: Tamsin Home": a person, though a place's word ends it
    for m in _PEER_TITLED.finditer(text):
        name = _POSSESSIVE_END.sub("", m.group("n"))  # "Lord Ivel's speech": the name, not its 's
        if name.lower() not in _PEER_NOT_NAMES and _is_name_word(name):
            yield m.start("n"), m.start("n") + len(name), PERSON
    yield from _nicknames(text)
    for pattern in (_AFTER_RELATION, _CALLED, _CALL_ME, _AGED, _TITLED):
        for m in pattern.finditer(text):
            end = None
            for w in re.finditer(r"\S+", m.group("n")):  # "her son Jake Said" -> Jake: stop at a non-name
                if not _is_name_word(w.group()):
                    break
                end = m.start("n") + w.end()
            if end is None:
                continue
            if _POSSESSIVE_END.search(text, m.start("n"), end):
                end -= 2  # "Mr Jones's car": the name, not its 's ("Mr [PERSON]'s car", not "Mr [PERSON] car")
            yield m.start("n"), end, PERSON
            if pattern is _AFTER_RELATION:  # "my twins Ruby and Maisie", "her sons Jack, Leo and Sam"
                while (more := _AND_NAME.match(text, end)) and _is_name_word(more.group("n")):
                    yield more.start("n"), more.end("n"), PERSON
                    end = more.end("n")



# What follows a found name and is the same person's: a peer's place ("Lord [PERSON] of Bradford": the title
# and the place name one peer), and a nickname in quotes before a surname ('Chris "Big C" Pellow').
_PEER_BEFORE = re.compile(r"\b(?:Lord|Baroness|Lady|Viscount|Viscountess|Earl|Countess)\s+$")
_PEER_PLACE = re.compile(rf"\s+of\s+{_NAME}(?:(?:\s+(?:and|upon|on|under|in)\s+|-){_NAME})?(?!\s+{_UP}|['’]?\w)")
_QUOTED_NICKNAME = re.compile(rf"\s+[\"“'‘]{_UP}[^\"”'’\n]{{0,30}}[\"”'’]\s+(?P<n>{_NAME})")
# A surname and a comma before a found first name: a list's order ("Smith, Georgia", "Present: Patel, Ruth")
_COMMA_SURNAME = re.compile(rf"(?<![\w'’-])(?P<n>{_UP}{_LO}+),[ \t]+$")


def names_continued(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """A found name run on to the peer's place or the quoted nickname and surname after it, or back to the listed
    surname and comma before a one-word name ("Smith, Georgia": ``title_shapes.listed_alone``, no first name: not
    "Sadly, John", nor a list of first names, "Ngozi, Wojciech", nor a state: "Okafor, Texas").

    >>> text = 'Lady Quennell of Thornbury asked; Chris "Big C" Pellow laughed; Lord Ivel of Social Work England'
    >>> [text[s:e] for s, e, _ in names_continued(text, [(5, 13, PERSON), (34, 39, PERSON), (69, 73, PERSON)])]
    ['Quennell of Thornbury', 'Chris "Big C" Pellow']
    """
    found = list(found)
    ends = {e for _, e, label in found if label == PERSON}  # "Whitby, Sarah, Hexham, Jane": a list runs on
    for s, e, label in found:
        if label != PERSON:
            continue
        if _PEER_BEFORE.search(text, max(0, s - 12), s) and (m := _PEER_PLACE.match(text, e)) \
                and not any(w.lower() in _ORG_WORDS for w in re.findall(r"\w+", m.group())):
            yield s, m.end(), PERSON
        elif (m := _QUOTED_NICKNAME.match(text, e)) and _is_name_word(m.group("n")):
            yield s, m.end("n"), PERSON
        elif (m := _COMMA_SURNAME.search(text, max(0, s - 30), s)) and " " not in text[s:e] \
                and _comma_surname(text, m, e, ends) and not a_state(text[s:e]):  # "Okafor, Texas"
            yield m.start("n"), e, PERSON


def _comma_surname(text: str, m: re.Match[str], end: int, ends: set[int]) -> bool:
    """A surname before a comma and the first name ending at ``end``: a listed one, or a UK town's name where a
    list of names opens (a line's start, a label, ";") or runs on (", " after a name in ``ends``), with the list
    going on after the first name ("Whitby, Sarah", "Attendees: Whitby, Sarah, Hexham, Jane"; not "In Harrogate,
    Sarah said", "Harrogate, Sarah and I met", "(Whitby, Sarah's home town)")."""
    from voices.redact.unlisted import _TOWNS

    word = m.group("n").casefold()
    if _surname(word):
        return True
    if word not in _TOWNS or not _LIST_GOES_ON.match(text, end):
        return False
    return (_LIST_OPENS.search(text, max(0, m.start() - 30), m.start()) is not None
            or (text.endswith(", ", 0, m.start()) and m.start() - 2 in ends))


_LIST_OPENS = re.compile(r"(?:^|[\n:;(])[ \t]*$")
_LIST_GOES_ON = re.compile(r"[ \t]*(?:[,;)\n(]|$)")


def _surname(word: str) -> bool:
    """A listed surname (``title_shapes.listed_alone``) that is no listed first name ("smith", not "ngozi")."""
    return listed_alone(word) and word not in listed_names()[0]
