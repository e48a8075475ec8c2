"""Hashtags that name someone: a hashtag is one word to every other rule, so a name inside it stayed.

"#JusticeForKemiOkafor" reached redacted exports whole, and a model's vocabulary and ``meta.json``
(``train --tokenizer tweets`` splits it into "kemi okafor", and lists the hashtags it drops). A hashtag
is hidden when it spells a name found elsewhere in the text (``hashtag_names``), or when, split where its
case changes, it spells a name by itself (``tag_names_someone``). A hashtag written in lower case gives
no split; ``voices.models.redacted.shareable_hashtags`` keeps such a one out of ``meta.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from voices.redact.names import PERSON, Span, _english_words, listed_names
from voices.redact.unlisted import _unknown, never_names

_HASHTAG = re.compile(r"(?<![\w#])#(?P<tag>\w+)")
_CAMEL = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")


def hashtag_names(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """A hashtag that spells a name found in the text ("Kemi Okafor ... #JusticeForKemiOkafor"): its words.

    A hashtag is one word to every rule, so the name stayed in it, in a redacted export and in a model's
    vocabulary (``train --tokenizer tweets`` splits it into "kemi okafor"). The name's words must be whole
    parts of the tag ("#TeamKemi", not "#Kemistry"); two or more run together need not be ("#kemiokafor").

    >>> text = "Kemi Okafor was let down. #JusticeForKemiOkafor #Kemistry #kemiokafor"
    >>> [text[s:e] for s, e, _ in hashtag_names(text, [(0, 11, PERSON)])]
    ['JusticeForKemiOkafor', 'kemiokafor']
    """
    if "#" not in text:
        return
    names = {tuple(w.lower() for w in re.findall(r"[^\W\d_]+", text[s:e])) for s, e, label in found if label == PERSON}
    names = {n for n in names if n and len("".join(n)) >= 3}
    for m in _HASHTAG.finditer(text):
        tag = m.group("tag")
        parts = [w.lower() for w in _CAMEL.findall(tag)]
        joined = tag.lower().replace("_", "")
        if any(_runs(parts, n) or (len(n) > 1 and "".join(n) in joined) for n in names) or tag_names_someone(tag):
            yield m.start("tag"), m.end("tag"), PERSON


def tag_names_someone(tag: str) -> bool:
    """Whether a hashtag, split where its case changes, spells someone though the text never writes it out:
    two name-shaped words in a row, each a listed first name or a word on no list, neither an English word
    ("#JusticeForKemiOkafor", "#SaveSarahOkafor"), or one such word after a campaign's words ("#TeamSarah",
    "#JusticeForKemi", "#PrayForTunde"). "#SemST", "#HopeNotHate", "#StandWithUkraine" and "#BlackLivesMatter"
    spell no one; a tag in lower case gives no split ("#kemiokafor" is missed).

    >>> tags = ("JusticeForKemiOkafor", "SaveSarahOkafor", "TeamSarah", "SemST", "HopeNotHate", "StandWithUkraine")
    >>> [t for t in tags if tag_names_someone(t)]
    ['JusticeForKemiOkafor', 'SaveSarahOkafor', 'TeamSarah']
    """
    names, _ = listed_names()
    parts = _CAMEL.findall(tag)
    named = [bool(_NAME_PART.fullmatch(p)) and p.lower() not in never_names() and (_unknown(p, set()) or (
        p.lower() in names and p.lower() not in _english_words())) for p in parts]
    campaign = [p.lower() in _CAMPAIGN for p in parts]
    return any(a and b for a, b in pairwise(named)) or any(c and n for c, n in zip(campaign[:-1], named[1:], strict=True))


_NAME_PART = re.compile(r"[A-Z][a-z]+")
# A hashtag's words before the one person it is about: "#TeamSarah", "#JusticeForKemi", "#RIPTunde".
_CAMPAIGN = frozenset("team justice for save free rip pray find bring love missing with".split())


def _runs(parts: list[str], name: tuple[str, ...]) -> bool:
    return any(tuple(parts[i:i + len(name)]) == name for i in range(len(parts) - len(name) + 1))
