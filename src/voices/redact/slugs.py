"""A URL's path segment that is a title and a name ("/lord-pellow/", "/cllr-jo-bloggs"): the name goes.

Moved from ``voices.redact.joined``, which reads names run together in one word; this reads a URL's path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import _COMMON_WORDS, NOT_NAMES, OFFICE_WORDS, PERSON, Span

# A path segment of a URL that is a title and a name ("/lord-pellow/", "/baroness-ivel-of-thornbury/",
# "/cllr-jo-bloggs"): a peer's or a councillor's page. Run together with its title, the name is no word
# another rule reads; a peer's place goes too, as "Baroness X of Y" names one person.
_SLUG_TITLES = "lord|baroness|lady|sir|dame|viscount|earl|cllr|councillor|dr|prof|professor|rev"
_TITLED_SLUG = re.compile(
    rf"(?<=/)(?:{_SLUG_TITLES})[-_](?P<n>[a-z]+(?:[-_][a-z]+){{0,2}}?(?:[-_]of[-_][a-z]+(?:[-_][a-z]+)?)?)"
    r"(?=[/?#]|\.html?\b|$|[\s\"')\],])", re.IGNORECASE)
# The offices and small words a title opens that are nobody's name ("/lord-chancellor/", "/lady-chapel",
# "/lord-of-the-rings/", "/dr-who/").
_OFFICES = OFFICE_WORDS | frozenset("of the a an and who what how in on to for my our".split())


def titled_slugs(text: str) -> Iterator[Span]:
    """The name in a URL's path segment that is a title and a name, with the place a peer is "of".

    >>> text = "https://example.org/lord/lord-pellow/vs/baroness-ivel-of-thornbury /lord-chancellor/"
    >>> [text[s:e] for s, e, _ in titled_slugs(text)]
    ['pellow', 'ivel-of-thornbury']
    """
    for m in _TITLED_SLUG.finditer(text):
        first = re.split(r"[-_]", m.group("n").casefold())[0]
        if first not in _OFFICES and first not in NOT_NAMES and first not in _COMMON_WORDS:
            yield m.start("n"), m.end("n"), PERSON
