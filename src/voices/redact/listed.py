"""Listed names: Title-case words on the shipped first-name list, with the surname after them.

A listed name is a name wherever it stands ("Amelia is four."); one that is also an everyday
word ("Grace", "Hope", "Will") only inside a sentence, or opening one as a name does ("Grace's
mum", "Grace Okafor rang", "Grace and Priya", "Hope cried"), and never inside a title or a
place's name ("Ward 7", "the Supporting Families Grant", "Holly Bank School"). The list itself,
and the vocabulary the rules share, live in ``voices.redact.names``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import (
    _LO,
    _LOWER_NEXT,
    _NAMED_PLACES,
    _POSSESSIVE,
    _SURNAME,
    _TITLE_WORD,
    _UP,
    AGE_WORDS,
    GROUP_DOES,
    PERSON,
    PERSON_DOES,
    TITLES,
    Span,
    _english_words,
    _is_surname,
    _named_here,
    listed_names,
)

_FEAST = re.compile(r"(?:Christmas|Year['’]s|Midsummer|Hallows)\s+$")


def listed_name_spans(text: str) -> Iterator[Span]:
    """First names from the shipped list, with the surname after them.

    A listed name is a name wherever it stands ("Amelia is four."); one that is also an
    everyday word only inside a sentence, or opening one as a name does: possessive,
    with a surname, or first in a list of listed names ("Grace's mum", "Grace Okafor
    rang", "Grace and Priya"). "Grace periods end" keeps its word. A following
    capitalised word that could be a surname joins the span.

    >>> text = "Amelia is four. Tell Priya Shah I said hi. Grace periods end; ask Grace."
    >>> [text[s:e] for s, e, _ in listed_name_spans(text)]
    ['Amelia', 'Priya Shah', 'Grace']
    """
    names, words = listed_names()
    for m in _TITLE_WORD.finditer(text):
        parts = m.group().lower().split("-")
        if parts == ["eve"] and _FEAST.search(text, max(0, m.start() - 20), m.start()):
            continue  # "Christmas Eve"
        sur = _SURNAME.match(text, m.end())
        if sur and sur.group("s").lower() in _NAMED_PLACES:
            continue  # "Trinity College", "Phoenix House", "the Autumn Statement": a place or an event, no one
        after = _SURNAME.match(text, sur.end()) if sur else None
        if after and after.group("s").lower() in _NAMED_PLACES:
            continue  # "Holly Bank School", "Grace Darling House": the place word ends the name
        sur = sur if sur and _is_surname(sur.group("s"), words) else None
        if not any(p in names for p in parts):  # a word-name, or no listed name at all
            if not any(p in words for p in parts):
                continue
            if _in_a_proper_noun(text, m.start(), m.end(), names, words):
                continue  # "Ward 7", "the Supporting Families Grant": a word-name inside a title is that word
            # a word-name is a name only inside a sentence, or opening one as a name; not addressed=True
            # as for a known author: "Numbers, because..." opens a sentence with a word
            if not (_named_here(text, m.start(), m.end(), addressed=False) or _opens_as_name(text, m.end(), sur, names)):
                continue
        yield m.start(), sur.end() if sur else m.end(), PERSON


_DIGIT_NEXT = re.compile(r"[ \t]+\d")
_WORD_BEFORE = re.compile(rf"(?:^|(?<=[^\w'’-]))(?P<w>{_UP}{_LO}+)[ \t]+$")
_LISTED_NEXT = re.compile(rf"\s*(?:,|,?\s+and|,?\s*&)\s+(?P<n>{_UP}{_LO}+)\b")
# What only a person does after a word-name opening a sentence: "Grace is four.", "Hope cried", "Will and I",
# "Grace hugged her brother". A verb that is also a plural noun, before a verb of its own, is the noun: "Dawn
# visits are sometimes needed", "Hope needs were met".
_ONLY_A_PERSON = re.compile(rf"[ \t]+(?:(?:is|was)[ \t]+(?:\d{{1,2}}|{AGE_WORDS})\b"
                            r"(?=[ \t]*(?:[.,;:!?)]|$|(?:years?|months?|now|today|and|next)\b))|"
                            r"(?:is|was)[ \t]+(?:doing|settled|settling|thriving|struggling|happier|upset|scared|asleep|"
                            r"excluded|pregnant|crying)\b|"
                            rf"said|says|told|tells|asked|asks|cried|phoned|rang|texted|and[ \t]+(?:I|me|his|her)\b|"
                            r"hugged|kissed|cuddled|kicked|punched|slapped|sobbed|whispered|yelled|giggled|nodded|waved|"
                            r"apologised|apologized|complained|insisted|confided|emailed|messaged|"
                            rf"(?:{PERSON_DOES})\b(?![ \t]+(?:are|were|have|had|can|could|will|would|may|might|must|"
                            r"should|do|did|aren['’]t|weren['’]t|haven['’]t)\b))")


def _in_a_proper_noun(text: str, start: int, end: int, names: frozenset[str], words: frozenset[str]) -> bool:
    """Whether a word-name at ``text[start:end]`` is part of a title, not a person's name: a
    number follows ("Ward 7"), or a capitalised word that is no title, name or sentence opener
    comes just before it ("Supporting Families Grant"; not "Dear Grant", "Mrs Grant", "Priya Grant")."""
    if _DIGIT_NEXT.match(text, end):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group("w").lower()
    if word in TITLES or word in names or word in words:
        return False
    return _named_here(text, before.start("w"), before.end("w"), addressed=False)


def _opens_as_name(text: str, end: int, surname: re.Match[str] | None, names: frozenset[str]) -> bool:
    """Whether a word-name opening a sentence reads as a name: "Grace's mum", "Grace Okafor
    rang" (a surname, then a lower-case word: not a Title-case heading), "Grace and Priya",
    "Grace is four", "Hope cried" (what only a person does)."""
    if _POSSESSIVE.match(text, end) or _ONLY_A_PERSON.match(text, end):
        return True
    if surname is not None and _LOWER_NEXT.match(text, surname.end()):
        return True
    nxt = _LISTED_NEXT.match(text, end)
    members = []
    while nxt and len(members) < 6:  # "Rose, Tendai and Alfie were placed together"
        members.append(nxt.group("n").lower())
        end = nxt.end()
        nxt = _LISTED_NEXT.match(text, end)
    if not members:
        return False
    return (any(w in names or w not in _english_words() for w in members)  # a listed name, or a name on no list
            or bool(GROUP_DOES.match(text, end)))
