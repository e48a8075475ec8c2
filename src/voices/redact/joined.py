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

Whether one part is a name (listed, on no list, or a first name and a surname run into one word) is read in
``voices.redact.joined_words``; here the parts are read together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from voices.redact import title_names as more
from voices.redact import title_shapes as shapes
from voices.redact.hashtags import tag_names_someone
from voices.redact.joined_words import (
    _FILE_TYPES,
    _FRAMES,
    _HOST_ENDINGS,
    _NOT_SURNAMES,
    _first_name,
    _joined_initial,
    _joined_name,
    _lone_name,
    _name_then_words,
    _surname,
    surnames,
)
from voices.redact.names import _NAMED_PLACES, _ORG_WORDS, PERSON, TITLES, Span
from voices.redact.unlisted import _TOWNS, english_words

# A word of letters joined by "-", "_" or "." (a slug, a file name, a user name), or one CamelCase run.
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:[-_.]?[^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_](?:[^\W\d_A-Z]|(?<=[A-Z])[A-Z](?![^\W\d_A-Z]))*", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+")


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
    "en.wikipedia.org"), nor a loanword ("feng-shui")."""
    shortest = 4 if parts[-1][2] in _HOST_ENDINGS or parts[0][2] == "www" else 2
    for a, b in pairwise(parts):
        if (b[0] - a[1] == 1 and len(a[2]) >= shortest and len(b[2]) > 3 and b[2] not in _FILE_TYPES
                and a[2] + b[2] not in shapes.LOANWORDS and tag_names_someone(a[2].capitalize() + b[2].capitalize())):
            yield a[0], b[1]


# First names of two letters, which the first-names list leaves out: read only before a listed surname
_SHORT_FIRST = frozenset("jo al ed di bo cy ty vi mo".split())


def file_name_spans(title: str) -> Iterator[Span]:
    """A person's name in a source title made from a file name ("tom-hollis-feedback.csv",
    "kwamemensah_response.txt", "olubankole_answers.csv"): for titles only, where a slug or a joined word
    names its writer more often than prose does.

    - Two parts joined by "-", "_", "." or a change of case: a listed first name (or one of two letters,
      ``_SHORT_FIRST``, before a listed surname), then a surname (``_pair``): "tom-hollis", "jo-wilkins".
    - One lower-case word that splits into a listed first name and a listed surname (``_joined_name``):
      "chloebrown", "kwamemensah"; or before one or two English words (``_name_then_words``: a site named after
      its writer, "chloebrownsocialwork.com"); not a word that merely starts with a name ("elizabethan", "santander").
    - A name before a word that says the file is someone's answer (``_FRAMES``: "-response", "_answers"),
      even one on no list (``_framed``): "olubankole_answers"; a common surname that is a word too
      ("smith_response"), not an organisation's name ("oxfam-response"): ``title_shapes``.
    - A listed name opening the title before a date ("jones-2024.csv") or closing it after an answer word
      ("Response_Smith.docx"), and words in another script ("张伟_response.txt"): ``title_shapes``.

    >>> text = "tom-hollis-feedback.csv kwamemensah_response.txt will-power mark-scheme elizabethan-poor-law"
    >>> [text[s:e] for s, e, _ in file_name_spans(text)]
    ['tom-hollis', 'kwamemensah']
    """
    parts = _title_parts(title)
    found = [(parts[i][0], parts[i + 1][1]) for i in range(len(parts) - 1) if _named_pair(title, parts, i)]
    found += [(start, start + n) for start, end, part in parts if title[start:end].islower()
              and (n := len(part) if _joined_name(part) or _joined_initial(part) else _name_then_words(part))]
    found += [span for i in range(1, len(parts)) if parts[i][2] in _FRAMES and (span := _framed(title, parts, i))]
    found += [(s, e) for s, e, _ in shapes.other_script_spans(title, _FRAMES)]  # "张伟_response.txt"
    found += [dated[:2] for dated in [shapes.dated_name(title, parts)] if dated]  # "jones-2024.csv"
    found += [after[:2] for after in [shapes.name_after_frame(title, parts, _FRAMES)] if after]  # "Response_Smith"
    found += _more_shapes(title, parts)  # "Smith (J)", "wang-fang-response", "smith-oxfam-response"
    yield from ((*_prefixed(title, parts, more.joined_by_particle(title, parts, start), end), PERSON)
                for start, end in dict.fromkeys(found))


def _more_shapes(title: str, parts: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The shapes ``title_names`` reads: an initial in brackets, a short East Asian name, a name beside a body's,
    a first name, an Irish particle and a surname."""
    def told_at(end: int) -> bool:  # a date or an answer word after ``end``, or nothing but an extension
        return _told(title, end) or shapes.ends_title(title, end)

    return (more.bracketed_initial(title) + more.east_asian(title, parts, told_at)
            + more.beside_body(title, parts, told_at) + more.gaelic_name(title, parts))


def _named_pair(title: str, parts: list[tuple[int, int, str]], i: int) -> bool:
    """``parts[i]`` and the next name someone, in a file name's order: first name and surname ("tom-hollis"),
    surname and first name ("SMITH_John_2024", "okafor_kemi"), or an initial and a surname ("j-smith-response",
    "Response from J Smith", "patel_p"). Two words that are both English ("mark-brown", "smith_john") name
    someone before a date or an answer word ("smith_john_2024", "mark-brown-response")."""
    a, b = parts[i], parts[i + 1]
    if not _apart(title, a, b) or (a[1] == b[0] and a[2] in ("mac", "mc")):  # "MacArthur": one surname, or a place
        return False
    if title[a[1]:b[0]] == ", ":
        return _comma_name(a[2], b[2])
    if shapes.one_word(title, a, b):  # "will-power-2024", "d-day-response": a word, hyphen or none
        return False
    told = _told(title, b[1]) or shapes.whole_title_name(title, a, b)  # "JOHN SMITH.docx"
    if len(a[2]) == 1 or len(b[2]) == 1:
        return _initialled(title, a, b, told)
    written = title[a[0]:a[1]], title[b[0]:b[1]]
    whole = a[0] == 0 and not shapes.extension_free(title[b[1]:]).strip(" ")
    return (_pair(a[2], b[2], told) or more.word_name_and_surname(title, a, b, told, whole)  # "MARK WOOD.docx"
            or (written[0].isupper() and written[1].istitle() and _pair(b[2], a[2], True))  # "SMITH_John"
            or (len(b[2]) > 2 and _pair(b[2], a[2], told)))


def _apart(title: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two parts written as a file name parts a name: by "-", "_", "." or a change of case, or by a space where
    both are written alike in lower case or in capitals ("john smith 2024", the title of "john_smith_2024.csv"),
    or as a surname in capitals before a first name ("SMITH John"), or after an initial ("J Smith"), or by a comma
    between capitalised words ("Smith, John"), or in Title case making the whole title ("Mark Wood.docx")."""
    gap = title[a[1]:b[0]]
    if gap in ("-", "_", ".", ""):
        return True
    x, y = title[a[0]:a[1]], title[b[0]:b[1]]
    if gap == ", ":  # "Smith, John - response", "Smith, J": a list's order
        return (x.istitle() or x.isupper()) and (y.istitle() or y.isupper())
    return gap == " " and ((x.islower() and y.islower()) or (x.isupper() and (y.isupper() or y.istitle()))
                           or (x.istitle() and y.istitle() and a[0] == 0 and not shapes.extension_free(title[b[1]:])
                               and b[2] not in _NAMED_PLACES | _ORG_WORDS | {"hall"}))  # "Ivy House", "Grace Hall"


def _comma_name(last: str, first: str) -> bool:
    """A surname, a comma and a first name on the first-names list or an initial ("Smith, John", "Smith, J");
    not a word-name ("Wood, Will", "Hope, Grace")."""
    from voices.redact.names import listed_names

    if last in _NOT_SURNAMES or not (last in surnames() or _surname(last)):
        return False
    if len(first) == 1:
        return first not in _NO_INITIALS
    return first in listed_names()[0] or shapes.unlisted_given(last, first)  # "Okafor, Kemi"


def _told(title: str, end: int) -> bool:
    """A date, a number or a word saying whose answer the file holds follows ``end``: "smith_john_2024"."""
    m = _AFTER.match(title, end)
    return m is not None and (m.group(1) is None or m.group(1).casefold() in _FRAMES)


_AFTER = re.compile(r"[-_. ]+(?:\d|([^\W\d_]+))")
# Letters no one's initial in a file name: an article, a pronoun, "e-learning", "x-ray"
_NO_INITIALS = frozenset("a i e x".split())


def _initialled(title: str, a: tuple[int, int, str], b: tuple[int, int, str], told: bool) -> bool:
    """An initial and a surname ("j-smith", "J_Smith", "Response from J Smith") or a surname and an initial
    ("patel_p", "smith-j-2024"): a surname that is a word needs a date or an answer word after it, or, after a
    capital initial and a space, the title's end ("J Smith"; not "a-level", "plan_b", "x-ray")."""
    (start, end, initial), (_, _, last) = (a, b) if len(a[2]) == 1 else (b, a)
    if (len(last) < 3 or initial in _NO_INITIALS or title[end:end + 1].isdigit()  # "v2", "q3"
            or last in _NOT_SURNAMES or not (last in surnames() or _surname(last))):
        return False
    if last not in english_words() or told:
        return True
    at_end = title[b[1]:].strip(" .)]") == "" or title[b[1]:].startswith(".")
    return (start == a[0] and title[start:end].isupper() and title[a[1]:b[0]] == " " and at_end
            and _before_initial(title[:start]))


def _before_initial(head: str) -> bool:
    """What may come before "J Smith" at a title's end: nothing, a word in lower case ("Response from"), a title
    ("Mr") or a mark; not a capitalised word, which makes "Plan B Green" and "Annex B Hill" a heading's."""
    words = _WORD.findall(head)
    return not words or not head.rstrip().endswith(words[-1]) or words[-1].islower() or (
        words[-1].casefold() in TITLES)


def _prefixed(title: str, parts: list[tuple[int, int, str]], start: int, end: int) -> tuple[int, int]:
    """A found name with the "O'" or "Mc" before it ("mary_o'neill", "McDonald_response"), and a first name
    before an "O'" ("mary_o'neill_response"), so no part of it is left beside the placeholder."""
    if start >= 2 and title[start - 2:start].casefold() in ("o'", "o’") and (start == 2 or not title[start - 3].isalpha()):
        start -= 2
        before = [p for p in more.near(parts, start) if p[1] == start - 1 and title[start - 1] in "-_ ."]
        if before and _first_name(before[0][2]):
            start = before[0][0]
    before = [p for p in more.near(parts, start) if p[1] == start and p[2] in ("mc", "mac")]
    return (before[0][0] if before else start), end


def _title_parts(title: str) -> list[tuple[int, int, str]]:
    """The title's parts (``_PART``: split at "-", "_", "." and where the case changes), lower case; "Mac" or "Mc"
    and the part its capital starts are one ("MacLeod", as "macleod" is): a name read across them left half of it."""
    parts: list[tuple[int, int, str]] = []
    for m in _COMPOUND.finditer(title):
        for p in _PART.finditer(m.group()):
            start, end, part = m.start() + p.start(), m.start() + p.end(), p.group().casefold()
            if parts and parts[-1][2] in ("mac", "mc") and parts[-1][1] == start:
                start, part = parts[-1][0], parts.pop()[2] + part
            parts.append((start, end, part))
    return parts


def _pair(first: str, last: str, told: bool = False) -> bool:
    """A first name, then a surname: one on no list that is no English word ("hollis"), or a listed one
    ("brown") unless both are English words ("will-power", "rose-hill") and nothing after them says they
    name someone (``told``: "mark-brown-2024"); or a listed first name that is no English word and a UK town's
    name, a surname too ("jane-hexham", "sarah-whitby-response", "priya-penrith")."""
    if last in _TOWNS and first not in english_words() and (first in _SHORT_FIRST or _first_name(first)):
        return True
    if first in _SHORT_FIRST:
        return last in surnames() and (told or last not in english_words()) and last not in _NOT_SURNAMES
    if not (_first_name(first) or (told and _lone_name(first) and last in surnames() and last not in english_words())):
        return False  # "ruaridh_macdonald_2024": a first name on no list, before a listed surname and a date
    return _surname(last) or (last in surnames() and last not in _NOT_SURNAMES
                              and (told or not (first in english_words() and last in english_words())))


def _framed(title: str, parts: list[tuple[int, int, str]], at: int) -> tuple[int, int] | None:
    """The name before ``parts[at]``, a word saying whose answer the file holds ("olubankole_answers",
    "jo-wilkins-response"): one part that is a name on no list ("olubankole"), a listed first name or
    surname, or a joined one (``_joined_name``), or a common surname that is a word (``WORD_SURNAMES``:
    "smith_response"); with the name parts joined to it before ("jo-", "mark-"). A part in capitals is an
    acronym ("NHS-response") unless a listed surname ("SMITH_response"); English words are no one's name
    ("staff-survey"), nor an organisation's ("oxfam-response"). Before a space only a lower-case word, as a
    consultation's title made from "olubankole_answers.csv" writes it ("olubankole answers"), or a common
    surname ("Carter reply", "Jones response") or a listed one in capitals ("SMITH response"): "Nuffield response"
    is an organisation's (``title_shapes.spaced_name``)."""
    start, end, word = parts[at - 1]
    written, gap = title[start:end], title[end:parts[at][0]]
    if gap not in ("-", "_", ".", "", " ") or shapes.organisation(word) or not (
            _name_case(written) or (written.isupper() and shapes.listed_alone(word))):  # "SMITH_response", not "NHS-"
        return None
    if gap == " " and not shapes.spaced_name(written, word):  # "Jones response", "SMITH response"; not "Nuffield"
        return None
    if not (_lone_name(word) or word in shapes.WORD_SURNAMES or _joined_name(word, framed=True)):
        before = parts[at - 2][2] if at >= 2 and _joined(title, parts[at - 2], parts[at - 1]) else ""
        if not (word in surnames() and (before in _SHORT_FIRST or _first_name(before))):
            return None  # "mark-brown-response": a surname that is a word, after a first name
    first = at - 1
    while (first >= 1 and at - first < 3 and _joined(title, parts[first - 1], parts[first])
           and _name_case(title[parts[first - 1][0]:parts[first - 1][1]])
           and _name_before(title, parts[first - 1], parts[first])):
        first -= 1
    return parts[first][0], end


def _name_before(title: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """``a`` is part of the framed name ``b`` ends: a first name, a name on no list, or a listed surname and "-",
    the first half of a double-barrelled one ("Smith-Jones_response", "baker-wright_answers")."""
    return (a[2] in _SHORT_FIRST or _first_name(a[2]) or _lone_name(a[2])
            or (title[a[1]:b[0]] == "-" and a[2] in surnames() and a[2] not in _NOT_SURNAMES))


def _joined(title: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return title[a[1]:b[0]] in ("-", "_", ".", "")


def _name_case(written: str) -> bool:
    return written.islower() or written.istitle() or _MAC.fullmatch(written) is not None


_MAC = re.compile(r"Ma?c[A-Z][a-z]+")  # "McDonald", "MacLeod": one part (``_title_parts``)


def _adjacent(parts: list[tuple[int, int, str]]) -> bool:
    """The parts follow one another with at most one "-", "_" or "." between them."""
    return all(b[0] - a[1] <= 1 for a, b in pairwise(parts))

