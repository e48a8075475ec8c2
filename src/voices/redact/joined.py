"""Names run together into one word: file names, slugs, user names ("kemi-okafor-response", "kemi_okafor",
"KemiOkafor", "kemi.okafor").

Every other rule reads a name as words apart, so a source's title made from its file name
("kemi-okafor-response.csv") or a handle in a text kept the name whole. ``JoinedNames`` keeps the names
an output knows (its authors', and the names its texts are found to hold) as tuples of lower-case
parts, and finds them in any word whose parts, split at ``-``, ``_``, ``.`` and where the case
changes, run through one of them; or, of two or more parts, written together in lower case
("kemiokafor"). Two such parts in a row that spell a name by themselves, as a hashtag's words do
(``hashtags.tag_names_someone``: "tunde.bello.notes"), are hidden too, known or not: a report
shows every source's title but redacts only the texts it quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from voices.redact.hashtags import tag_names_someone
from voices.redact.names import PERSON, TITLES, Span

# A word of letters joined by "-", "_" or "." (a slug, a file name, a user name), or one CamelCase run.
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:[-_.]?[^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_](?:[^\W\d_A-Z]|(?<=[A-Z])[A-Z](?![^\W\d_A-Z]))*", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+")
# The last part of a host name: a compound ending in one is a site, whose short first part is no first name
_HOST_ENDINGS = frozenset("com org net uk io gov edu info me co ac nhs ie eu scot wales app dev blog".split())


class JoinedNames:
    """The names an output knows, found where a file name, slug or handle runs their parts together.

    >>> joined = JoinedNames()
    >>> joined.add("Dr Kemi Okafor")
    True
    >>> text = "kemi-okafor-response, kemi_okafor, KemiOkafor, kemiokafor, kemistry"
    >>> [text[s:e] for s, e, _ in joined.spans(text)]
    ['kemi-okafor', 'kemi_okafor', 'KemiOkafor', 'kemiokafor']
    """

    def __init__(self) -> None:
        self._names: dict[str, set[tuple[str, ...]]] = {}  # by first part: a word costs one lookup a part
        self._together: set[str] = set()

    def add(self, name: str) -> bool:
        """Know ``name`` (two to four words of letters, titles aside); True when it was new."""
        parts = tuple(w.casefold() for w in _WORD.findall(name) if w.casefold().rstrip(".") not in TITLES)
        if not 2 <= len(parts) <= 4 or len("".join(parts)) < 5 or parts in self._names.get(parts[0], ()):
            return False
        self._names.setdefault(parts[0], set()).add(parts)
        self._together.add("".join(parts))
        return True

    def update(self, names: Iterable[str]) -> None:
        for name in names:
            self.add(name)

    def spans(self, text: str) -> Iterator[Span]:
        """Where a name runs together inside one word of ``text``: a known one, or two parts that spell one."""
        for m in _COMPOUND.finditer(text):
            parts = [(p.start(), p.end(), p.group().casefold()) for p in _PART.finditer(m.group())]
            found = list(self._runs(parts)) if self._names else []
            if len(parts) > 1:
                found += _spelled(parts)
            yield from ((m.start() + s, m.start() + e, PERSON) for s, e in dict.fromkeys(found))

    def _runs(self, parts: list[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
        for i, (start, end, part) in enumerate(parts):
            if part in self._together:
                yield start, end  # "kemiokafor"
                continue
            for name in self._names.get(part, ()):
                n = len(name)
                if tuple(p for _, _, p in parts[i:i + n]) == name and _adjacent(parts[i:i + n]):
                    yield start, parts[i + n - 1][1]


def _spelled(parts: list[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
    """Two parts in a row that spell a name as a hashtag's would ("tunde.bello" as "#TundeBello"), joined by
    a separator: a CamelCase word is a place's or a brand's as often ("MacArthur"), and a second part of three
    letters or fewer a domain's or a file's ("dropbox.com", "notes.txt"); a short first name before a longer
    part is a name ("olu.bankole.feedback", "sam-okafor-letter"), but not in a host ("www.wordpress.com",
    "en.wikipedia.org")."""
    shortest = 4 if parts[-1][2] in _HOST_ENDINGS or parts[0][2] == "www" else 2
    for a, b in pairwise(parts):
        if (b[0] - a[1] == 1 and len(a[2]) >= shortest and len(b[2]) > 3
                and tag_names_someone(a[2].capitalize() + b[2].capitalize())):
            yield a[0], b[1]


def _adjacent(parts: list[tuple[int, int, str]]) -> bool:
    """The parts follow one another with at most one "-", "_" or "." between them."""
    return all(b[0] - a[1] <= 1 for a, b in pairwise(parts))
