"""A URL's query naming its writer: "?author=janesmith", "&user=jane.smith", "?u=SWmum85".

A host read as no one's (``hosts.named_hosts``: "forum.example.org") can still carry a person in its query:
a blog's author, a forum's user, a profile's name. The value of such a key goes as ``[PROFILE]``, whatever
it is: a user name, a number or a name, each picks out one account on that site, but for an everyday word after a
key a site sorts by too ("?by=date", "?who=all": ``_GENERIC``). Other keys stay ("?page=2", "?q=kinship+care").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.patterns import PROFILE, Span

# Keys whose value is one account or person
_KEYS = ("author|authors|user|username|user_name|userid|user_id|uid|u|member|memberid|profile|name|by|writer|poster"
         "|handle|who|display_name|displayname|screen_name|account|creator|owner|id_user")
_QUERY = re.compile(rf"(?<=[?&;])(?P<k>(?i:{_KEYS}))=(?P<v>[^\s&#;<>\"')\],]+)")
_SPACED = re.compile(r" (?P<w>[A-Za-z][a-z'’-]+)\b")  # "?name=jane smith": a space a browser would encode
# Keys a site also sorts or filters by ("?by=date", "?who=all", "?name=asc"): their value goes unless an everyday word
# on no name list ("smith" goes)
_GENERIC = frozenset("by name who".split())


def query_names(text: str) -> Iterator[Span]:
    """The values of a URL's keys that name an account, as ``[PROFILE]``.

    >>> text = "https://b.example.org/p?author=janesmith&page=2 and /v?user=jane.smith."
    >>> [text[s:e] for s, e, _ in query_names(text)]
    ['janesmith', 'jane.smith']
    """
    if "=" not in text:
        return
    for m in _QUERY.finditer(text):
        end = m.end("v")
        while end > m.start("v") and text[end - 1] in ".,;:!?":  # the sentence's stop, not the value's
            end -= 1
        if end > m.start("v") and not (m.group("k").casefold() in _GENERIC and _everyday(text[m.start("v"):end])):
            yield m.start("v"), _surname_after(text, m.start("v"), end), PROFILE


def _surname_after(text: str, start: int, end: int) -> int:
    """Where a first name's value ends once a surname after an unencoded space is taken in ("?name=jane smith",
    "?author=Kemi Okafor"; a listed first name, or two words in Title case): a listed surname, or a word of three
    letters or more on no English list."""
    from voices.redact.joined_words import surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words

    after, value = _SPACED.match(text, end), text[start:end]
    if after is None or not (value.casefold() in listed_names()[0] or (value.istitle() and after.group("w").istitle())):
        return end
    word = after.group("w").casefold()
    if word in surnames() or (len(word) >= 3 and word not in english_words()):
        return after.end()
    return end


def _everyday(value: str) -> bool:
    """An English word on no list of names ("date", "relevance", "all"; not "smith", "rose", "mark")."""
    from voices.redact.names import listed_names
    from voices.redact.title_shapes import listed_alone
    from voices.redact.unlisted import english_words

    word, (first, word_names) = value.casefold(), listed_names()[:2]
    return word in english_words() and not (listed_alone(word) or word in first or word in word_names)
