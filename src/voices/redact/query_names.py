"""A URL's query naming its writer: "?author=janesmith", "&user=jane.smith", "?u=SWmum85".

A host read as no one's (``hosts.named_hosts``: "forum.example.org") can still carry a person in its query:
a blog's author, a forum's user, a profile's name. The value of such a key goes as ``[PROFILE]``, whatever
it is: a user name, a number or a name, each picks out one account on that site. Other keys stay
("?page=2", "?q=kinship+care").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.patterns import PROFILE, Span

# Keys whose value is one account or person
_KEYS = ("author|authors|user|username|user_name|userid|user_id|uid|u|member|memberid|profile|name|by|writer|poster"
         "|handle|who|display_name|displayname|screen_name|account|creator|owner|id_user")
_QUERY = re.compile(rf"(?<=[?&;])(?i:{_KEYS})=(?P<v>[^\s&#;<>\"')\],]+)")


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
        if end > m.start("v"):
            yield m.start("v"), end, PROFILE
