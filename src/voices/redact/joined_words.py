"""Whether one word of a file name, a slug or a site's label is a name: a listed first name (``_first_name``) or
surname (``surnames``, ``_surname``), one on no list shaped as a name (``_lone_name``), a first name and a surname
run into one word (``_joined_name``, ``_name_then_words``, ``_joined_initial``), or a word English makes
(``_made_of_words``, ``_demonym``); and the words that are no surname in a file name (``_NOT_SURNAMES``) or say
whose answer it holds (``_FRAMES``).

Moved from ``voices.redact.joined``, which reads a title's or a handle's parts together with these.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from voices.redact.names import _NAMED_PLACES, _ORG_WORDS
from voices.redact.unlisted import english_words

# The last part of a host name: a compound ending in one is a site, whose short first part is no first name
_HOST_ENDINGS = frozenset("com org net uk io gov edu info me co ac nhs ie eu scot wales app dev blog".split())
# What follows a name in a file name but is no surname: file types and hosts' endings ("jack-json", "amy_docx");
# and no name before a frame: the field's acronyms in lower case and the tools that collect answers, on no word
# list ("senco-feedback", "qualtrics-responses")
_FILE_TYPES = frozenset("csv tsv txt pdf doc docx xls xlsx json jsonl html htm xml md zip odt ods".split())
_NOT_SURNAMES = _HOST_ENDINGS | _FILE_TYPES | frozenset(
    "senco sendco bame ehcp eyfs send qualtrics slido delib kahoot miro trello nvivo maxqda dedoose".split())
# Words that follow the name of the person a file holds the answer of ("olubankole_answers.csv"); not
# "survey", which follows what it asks about ("carolina-survey-results", "staff-survey")
_FRAMES = frozenset("""response responses answer answers feedback consultation submission submissions comment
    comments reply replies letter evidence statement views questionnaire interview transcript""".split())
_VOWELS = re.compile(r"[aeiouy]")
# No name, nor a name run into two words, is longer: a longer part is read as none. Unbounded, an upload title of
# one long word cost seconds a letter ("_name_then_words") or overflowed the stack ("rerere...": "_made_of_words")
_LONGEST_NAME = 40


def _joined_initial(word: str) -> bool:
    """An initial run into a listed surname of four letters or more, as a user name writes it ("jsmith"):
    not a vowel's ("ebook", "oneill" is "o'neill"), not a word, a name or a place itself ("bradford")."""
    from voices.redact.names import listed_names
    from voices.redact.unlisted import never_names

    names, words = listed_names()
    return (len(word) >= 5 and word[0] not in "aeiouxy" and word[1:] in surnames() and word[1:] not in _NOT_SURNAMES
            and word not in english_words() and word not in surnames() and word not in names and word not in words
            and word not in never_names())


def _first_name(part: str) -> bool:
    from voices.redact.names import listed_names
    from voices.redact.unlisted import never_names

    names, words = listed_names()
    return (part in names or part in words) and part not in never_names()


def _surname(part: str) -> bool:
    """A part of three letters or more that no list voices ships knows as a word."""
    from voices.redact.unlisted import english_words, never_names

    return (len(part) >= 3 and part not in english_words() and part not in never_names()
            and part not in _NOT_SURNAMES and not (part.endswith("s") and part[:-1] in english_words()))


@cache
def surnames() -> frozenset[str]:
    """The shipped surnames (``data/names/surnames.txt``), read once on first use."""
    from voices.redact.names import _word_list

    return _word_list("surnames.txt")


def _joined_name(word: str, framed: bool = False) -> bool:
    """A first name and a surname written as one word ("chloebrown", "kwamemensah"): the longest listed first
    name it starts with, then a listed surname, not both English words ("jackpot"), in a word that is none
    itself ("maxwell"). A word that merely starts with a name is none ("elizabethan" is "elizabeth" and "an",
    "santander", "marketingplan"). ``framed`` (before "-response"): a surname on no list will do
    ("kwameasante"), in a word not made of English words ("redacted" is no "reda" and "cted")."""
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    english = english_words()
    names, words = listed_names()
    if (not 6 <= len(word) <= _LONGEST_NAME or word in english or word in never_names() or word in names or word in words
            or word in surnames() or _demonym(word)):
        return False
    k = next((k for k in range(len(word) - 1, 2, -1) if _first_name(word[:k])), None)  # "elizabeth", not "elizabet"
    # a surname of three letters is too often a word's end ("carolina", "elizabethan": "an"), one of four after
    # a first name of three ("kenyan", "devnull", "haldane"), but for a file framed as someone's answer
    if k is None or len(word) - k < (3 if framed else 5 if k == 3 else 4):
        return False
    first, last = word[:k], word[k:]
    return not (first in english and last in english) and (
        (last in surnames() and last not in _NOT_SURNAMES) or (framed and _surname(last) and not _made_of_words(word)))


def _name_then_words(word: str) -> int:
    """How long the joined first name and surname a word opens before one or two English words are
    ("janesmithsocialwork" -> 9, a blog named after its writer), or 0. A name ending in a place's word
    is a place's ("victoriahouseclinic").

    >>> _name_then_words("janesmithsocialwork"), _name_then_words("marketingplanning")
    (9, 0)
    """
    from voices.redact.unlisted import english_words

    if len(word) > 2 * _LONGEST_NAME:
        return 0
    english = english_words()

    def words(tail: str) -> bool:
        return tail in english or any(tail[:k] in english and tail[k:] in english for k in range(3, len(tail) - 2))

    def name(head: str) -> bool:
        return not any(head.endswith(w) for w in _NAMED_PLACES | _ORG_WORDS) and _joined_name(head)

    return next((j for j in range(len(word) - 4, 5, -1) if words(word[j:]) and name(word[:j])), 0)


def _lone_name(word: str) -> bool:
    """A name standing alone in a file name: a listed first name, even an English word ("harry", "poppy"; not
    a word-name: "grace", "hope"), a listed surname, or a word on no list shaped as a name (four letters or
    more, two of them vowels); not one voices never reads as a name."""
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))  # "siân"
    if word in never_names() or word in _NOT_SURNAMES or word in _FRAMES:
        return False
    if word in listed_names()[0]:
        return True
    if word in english_words():
        return False
    return word in surnames() or (len(word) >= 4 and len(_VOWELS.findall(word)) >= 2 and not _made_of_words(word))


# What English adds to a word ("redacted", "consultee") and puts before one ("deidentified", "pseudonymised")
_SUFFIXES = ("s", "es", "d", "ed", "ing", "er", "ers", "ee", "ees", "ise", "ize", "ised", "ized")
_PREFIXES = ("de", "re", "un", "non", "pre", "pseudo", "anti", "co", "sub", "semi")
_DEMONYMS = ("n", "an", "ian", "i", "ese")  # after a country or a place voices never reads as a name


def _made_of_words(word: str) -> bool:
    """Whether a word on no list is made of English words: a word and an ending or a prefix ("redacted",
    "anonymized", "pseudonymised"), a place and a people's ending ("kenyan"), two words ("webform",
    "stakeholder"), or one of five letters or more and more letters ("publicconsultation", "onlinesurvey"); or one
    longer than a name is (``_LONGEST_NAME``)."""
    from voices.redact.unlisted import english_words

    english = english_words()

    def known(stem: str) -> bool:
        return stem in english or stem + "e" in english or stem.replace("iz", "is") in english

    n = len(word)
    if n > _LONGEST_NAME:
        return True
    return (any(word.endswith(x) and known(word[:-len(x)]) for x in _SUFFIXES)
            or _demonym(word)
            or any(word.startswith(x) and _made_of_words(word[len(x):]) for x in _PREFIXES if n - len(x) >= 4)
            or known(word)
            or any(word[:k] in english and word[k:] in english for k in range(3, n - 2))
            or any(word[:k] in english for k in range(5, n)) or any(word[k:] in english for k in range(1, n - 4)))


def _demonym(word: str) -> bool:
    """A people's word made from a place voices never reads as a name ("kenyan", "ghanaian", "pakistani")."""
    from voices.redact.unlisted import never_names

    return any(word.endswith(x) and word[:-len(x)] in never_names() for x in _DEMONYMS)
