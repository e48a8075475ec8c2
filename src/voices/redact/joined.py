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


# What follows a name in a file name but is no surname: file types and hosts' endings ("jack-json", "amy_docx")
_NOT_SURNAMES = _HOST_ENDINGS | frozenset("csv tsv txt pdf doc docx xls xlsx json jsonl html htm xml md zip odt ods".split())


def file_name_spans(title: str) -> Iterator[Span]:
    """A first name joined to a surname in a source title made from a file name ("tom-hollis-feedback.csv",
    "kwamemensah_response.txt"): for titles only, where a slug or a joined word names its writer more often
    than prose does.

    - Two parts joined by "-" or "_": a listed first name, even one that is an English word or short
      ("tom", "will"), then a part of three letters or more that is no English word, no word voices never
      reads as a name, and no file type ("will-power", "mark-scheme", "rose-garden" stay).
    - One lower-case word: a listed first name, then four letters or more that are no English word
      (``_joined_name``). voices ships no surname list, so this is the smallest rule that splits "kwamemensah".

    >>> text = "tom-hollis-feedback.csv kwamemensah_response.txt will-power mark-scheme rose-garden summary-2024"
    >>> [text[s:e] for s, e, _ in file_name_spans(text)]
    ['tom-hollis', 'kwamemensah']
    """
    for m in _COMPOUND.finditer(title):
        word = m.group()
        parts = [(p.start(), p.end(), p.group().casefold()) for p in _PART.finditer(word)]
        for a, b in pairwise(parts):
            if b[0] - a[1] == 1 and word[a[1]] in "-_" and _first_name(a[2]) and _surname(b[2]):
                yield m.start() + a[0], m.start() + b[1], PERSON
        for start, end, part in parts:
            if word[start:end].islower() and _joined_name(part):
                yield m.start() + start, m.start() + end, PERSON


def _first_name(part: str) -> bool:
    from voices.redact.names import listed_names
    from voices.redact.unlisted import never_names

    names, words = listed_names()
    return (part in names or part in words) and part not in never_names()


def _surname(part: str) -> bool:
    from voices.redact.unlisted import english_words, never_names

    return (len(part) >= 3 and part not in english_words() and part not in never_names()
            and part not in _NOT_SURNAMES and not (part.endswith("s") and part[:-1] in english_words()))


def _joined_name(word: str) -> bool:
    """A first name and a surname written as one word ("kwamemensah"): the longest listed first name it starts
    with, then four letters or more that are no English word ("dianafund" is not "dian" and "afund"). Not a
    word that starts with a longer English word, ends in one of five letters or more, or is two English words
    ("marketingplan", "evalresults", "carerssurvey", "dataset", "waitrose")."""
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    english, never = english_words(), never_names()
    names, words = listed_names()
    if len(word) < 7 or word in english or word in never or word in names or word in words:
        return False
    if (any(word[:k] in english for k in range(5, len(word))) or any(word[k:] in english for k in range(1, len(word) - 4))
            or any(word[:k] in english and word[k:] in english for k in range(3, len(word) - 2))):
        return False
    first = next((k for k in range(len(word) - 4, 2, -1) if _first_name(word[:k])), None)
    return first is not None and _surname(word[first:])


def _adjacent(parts: list[tuple[int, int, str]]) -> bool:
    """The parts follow one another with at most one "-", "_" or "." between them."""
    return all(b[0] - a[1] <= 1 for a, b in pairwise(parts))
