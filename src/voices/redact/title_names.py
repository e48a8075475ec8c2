"""Names in a file-name title that the shapes of ``joined.file_name_spans`` and ``title_shapes`` miss, one rule each:

- a surname and an initial in brackets ("Smith (J) answers.docx", "patel (r) response");
- a short East Asian name, a common Chinese, Korean or Vietnamese surname and a given name of one or two syllables
  as romanised, opening a title before a date or an answer word ("wang-fang-response", "Li_Wei_2024",
  "nguyen-van-an-feedback"): each part alone is too short or an English word ("fang", "min") for the lists;
- a name beside a body's name before an answer word or a date ("smith-oxfam-response", "lloyds-smith-2024"): the
  surname goes, the body stays;
- a particle or a middle name joining a first name to a surname already found ("rhys-ap-[PERSON]",
  "ffion-wyn-[PERSON]"), or a listed first name, an Irish or Scottish particle and a word ("Aoife_Ní_Bhriain"):
  the whole name goes, not its end;
- a word-name and a common surname making a whole title ("MARK WOOD.docx"), or a word-name and a common surname
  that is an English word before a date ("hope-king-2024"): not when the two are one English word ("will-power",
  "joy-rider": ``title_shapes.one_word``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from itertools import pairwise

Part = tuple[int, int, str]

# A surname of at most 40 letters: unbounded, "a-a-a-..." read the rest of the title again from each of its words
_BRACKETED = re.compile(r"(?<![^\W\d_])(?P<s>[A-Za-z][a-z'’-]{1,40}|[A-Z][A-Z'’-]{1,40})[ _-]?\((?P<i>[A-Za-z])\.?\)")
# The commonest surnames of China, Korea and Vietnam as romanised, less those that are English words in a title
# ("he", "do", "ma", "sun", "song", "park", "pan", "hu")
_EAST_ASIAN = frozenset("""wang li zhang liu chen yang huang zhao wu zhou xu zhu guo gao lin luo zheng liang xie tang
    feng deng cao peng zeng xiao tian dong yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin fu zhong kim
    lee choi jung kang cho yoon jang lim nguyen tran le pham hoang phan vu vo dang bui ngo duong ly""".split())
_SYLLABLE = (r"(?:zh|ch|sh|ng|nh|th|tr|ph|kh|gi|qu|[bcdfghjklmnpqrstvwxyz])?"
             r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|oa|oe|er|a|e|i|o|u)(?:ng|nh|n|c|t)?")
_GIVEN = re.compile(rf"(?:{_SYLLABLE}){{1,2}}")
_ONE_SYLLABLE = re.compile(_SYLLABLE)
# Joining a first name to a surname: Welsh "ap", "ab", "ferch", a Welsh middle name ("wyn", "wynn"), Irish and Scots
# "ní", "nic", "ó", "ua", "uí", "mac", "mc"
_PARTICLES = frozenset("ap ab ferch verch wyn wynn ni nic o ua ui mac mc".split())


def bracketed_initial(title: str) -> list[tuple[int, int]]:
    """A listed surname, then an initial in brackets: "Smith (J) answers.docx"."""
    from voices.redact.joined_words import surnames
    from voices.redact.title_shapes import WORD_SURNAMES, listed_alone

    return [(m.start(), m.end()) for m in _BRACKETED.finditer(title)
            if (w := m.group("s").casefold()) in WORD_SURNAMES or listed_alone(w) or w in surnames()]


def east_asian(title: str, parts: list[Part], told_at: Callable[[int], bool]) -> list[tuple[int, int]]:
    """A common East Asian surname and one or two given names opening the title, a date or an answer word right
    after (``told_at``): "wang-fang-response", "Li_Wei_2024", "nguyen-van-an-feedback", "wei-li-2024"; not
    "li-ion-battery-2024"."""
    if len(parts) < 2 or parts[0][0] != 0:
        return []
    for n in (3, 2):
        run = parts[:n]
        if (len(run) < n or not told_at(run[-1][1])
                or not all(title[a[1]:b[0]] in ("-", "_", " ") for a, b in pairwise(run))):
            continue
        words = [_plain(p[2]) for p in run]
        if not all(_written_as_name(title[s:e]) for s, e, _ in run) or _english(words):
            continue
        if ((words[0] in _EAST_ASIAN and all(_GIVEN.fullmatch(w) for w in words[1:]))
                or (n == 2 and words[1] in _EAST_ASIAN and _GIVEN.fullmatch(words[0]))):
            return [(run[0][0], run[-1][1])]
    return []


def beside_body(title: str, parts: list[Part], told_at: Callable[[int], bool]) -> list[tuple[int, int]]:
    """A listed surname next to a body's name (``title_shapes.organisation``) that an answer word or a date
    follows: "smith-oxfam-response", "lloyds-smith-2024"; the body stays."""
    from voices.redact.title_shapes import listed_alone, organisation

    found = []
    for a, b in pairwise(parts):
        if title[a[1]:b[0]] not in ("-", "_", " ") or not told_at(b[1]):
            continue
        name = a if organisation(b[2]) else b if organisation(a[2]) else None
        if name is not None and not organisation(name[2]) and _written_as_name(title[name[0]:name[1]]) \
                and listed_alone(name[2]):
            found.append(name[:2])
    return found


def joined_by_particle(title: str, parts: list[Part], start: int) -> int:
    """Where a found name starts once a particle or a middle name and the first name before them are taken in
    ("rhys-ap-[gwilym]", "ffion-wyn-[jones]"): ``start`` when no particle stands before it."""
    from voices.redact.joined_words import _first_name, _lone_name

    parts = near(parts, start)
    before = [p for p in parts if p[1] <= start]
    first = next((p for p in parts if p[0] == start), None)
    if first is not None and first[2] in _PARTICLES:  # the span found opens with the particle: "wyn-jones"
        before.append(first)
    if (len(before) >= 2 and before[-1][2] in _PARTICLES and title[before[-1][1]:max(start, before[-1][1])]
            in ("", "-", "_", " ") and title[before[-2][1]:before[-1][0]] in ("-", "_", " ")
            and (_first_name(before[-2][2]) or _lone_name(_plain(before[-2][2])))):
        return before[-2][0]
    return start


def near(parts: list[Part], start: int) -> list[Part]:
    """The three parts before ``start`` and the one it opens: all a found name's start is widened by (a particle,
    "Mc", "O'"). Looked up, not read through, as a long title finds a name at each of thousands of parts."""
    i = bisect_left(parts, start, key=lambda p: p[0])
    return parts[max(0, i - 3):i + 1]


def gaelic_name(title: str, parts: list[Part]) -> list[tuple[int, int]]:
    """A first name, a particle or a Welsh middle name, and a surname: "Aoife_Ní_Bhriain", "Bethan Wyn Jones.docx",
    "ffion-wyn-jones". The first name is listed, or on no list and shaped as a name
    ("ffion"); the surname is listed or no English word (``joined_words._surname``)."""
    from voices.redact.joined_words import _first_name, _lone_name, _surname, surnames

    def first(word: str) -> bool:
        return len(word) >= 3 and (_first_name(word) or _lone_name(word))

    def last(word: str) -> bool:
        return word in surnames() or _surname(word)

    return [(a[0], c[1]) for a, b, c in zip(parts, parts[1:], parts[2:], strict=False)
            if _particle(title[b[0]:b[1]]) and first(_plain(a[2])) and last(_plain(c[2]))
            and title[a[1]:b[0]] in ("-", "_", " ") and title[b[1]:c[0]] in ("-", "_", " ", "'", "’")]


def _particle(written: str) -> bool:
    """A particle or a Welsh middle name as written; "o" only with its accent ("Ó"), as "mark-o-matic" is a word."""
    return written.casefold() in ("ó", "ø") or (written.casefold() != "o" and _plain(written.casefold()) in _PARTICLES)


def word_name_and_surname(title: str, a: Part, b: Part, told: bool, whole: bool) -> bool:
    """A word-name ("mark", "hope") and a common surname that is an English word ("wood", "king"), making the whole
    title ("MARK WOOD.docx") or before a date or an answer word ("hope-king-2024"), and not one word ("will-power")."""
    from voices.redact.names import listed_names
    from voices.redact.title_shapes import WORD_SURNAMES, one_word

    return ((told or whole) and a[2] in listed_names()[1] and (b[2] in WORD_SURNAMES or b[2] in _MORE_SURNAMES)
            and not one_word(title, a, b))


# Common British surnames that are English words and on no shipped list at all ("king"), read only after a
# word-name in a title that a date or an answer word says names someone
_MORE_SURNAMES = frozenset("king hill young ward price green hall day grant page french".split())




def _english(words: list[str]) -> bool:
    """The parts run together are an English word or a loanword ("su-doku", ``title_shapes.LOANWORDS``), or a given name of
    two syllables is ("tonic")."""
    from voices.redact.title_shapes import LOANWORDS
    from voices.redact.unlisted import english_words

    english, joined = english_words(), "".join(words)
    return joined in english or joined in LOANWORDS or any(w in english and not _ONE_SYLLABLE.fullmatch(w) for w in words[1:])


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _written_as_name(written: str) -> bool:
    return written.islower() or written.istitle() or written.isupper()
