"""A host's label that names someone in a way the file-name rule does not read (``hosts.named_hosts``).

``joined.file_name_spans`` reads a first name and a surname run together ("janesmith"); a site's label also
writes them:

- surname first ("smithjane.net", "patelraj.com"): a listed surname, then a listed first name (not a
  word-name: "woodrose" is no one), not both English words;
- after a word a site's owner puts before their name ("thejanesmith.com", "askjanesmith.co.uk",
  "drjanesmith.org");
- before a letters' ending a practitioner or a company adds ("janesmithmsw.co.uk", "janesmithsw.com",
  "janesmithltd.co.uk");
- surname first with a first name on no list ("okaforkemi.com"): a listed surname that is no English word, then
  a word shaped as a name that is none (``unlisted_beside_surname``);
- before a trade word ("markbrowncoaching.co.uk", "kemiokafor-consulting.org"): the trade says a person sells it,
  so a first name and a surname that are both English words name someone there, and a first name on no list
  before a listed surname does (``traded_name``).

Ordinary sites stay: "communitycare", "basw", "willpower", "theguardian", "mumsnet" hold none of these.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The trades a practitioner names a site after themselves for: before one, a joined name is read as told
_TRADES = ("consulting", "consultancy", "coaching", "coach", "training", "therapy", "counselling", "counseling", "mentoring",
           "supervision", "tutoring", "psychology", "advocacy")
# Words before a name in a site's label ("thejanesmith", "askjanesmith")
_BEFORE = ("the", "ask", "meet", "hello", "hey", "dr", "its", "im", "iam", "my", "mrs", "mr", "ms", "miss")
# Letters after a name in a site's label: a qualification or a company's ("janesmithmsw", "janesmithltd")
_AFTER = ("msw", "lmsw", "lcsw", "sw", "phd", "msc", "mba", "bsc", "rn", "rmn", "ma", "ltd", "cic", "uk",
          "online", "official", "writes", "blog", *_TRADES)
_DIGITS = "0123456789"
# How a first name on no list opens and ends: a vowel or one consonant before a vowel, "h", "r", "l", "w" or "y"
# ("kemi", "chidi", "bronwen"), and no plural's "s" at its end
_LONGEST_UNLISTED = 8  # a first name on no list read beside a surname: longer, a run of words ("kidsinbusi")
_NAME_SHAPED = re.compile(r"(?:[aeiou]|[b-df-hj-np-tv-z][aeiouyhrlw])[a-z]*[a-rt-z]$")
_SHORTEST = 3  # a part shorter is a word's end as often as a name ("ann", "ed" are kept by the lists)


def surname_first(label: str) -> bool:
    """A listed surname, then a listed first name, run together ("smithjane", "patelraj").

    >>> [w for w in ("smithjane", "patelraj", "woodrose", "communitycare", "lambeth") if surname_first(w)]
    ['smithjane', 'patelraj']
    """
    from voices.redact.joined_words import _NOT_SURNAMES, surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    english, names, last_names = english_words(), listed_names()[0], surnames()
    label = label.rstrip(_DIGITS)  # "smithjane85": a year or a number after the name, as "janesmith1985"
    if label in english or label in names or label in last_names or label in never_names():  # "lambeth", "linkedin"
        return False
    for k in range(_SHORTEST, len(label) - _SHORTEST + 1):
        last, first = label[:k], label[k:]
        if (last in last_names and last not in _NOT_SURNAMES and first in names and first not in never_names()
                and not (last in english and first in english)):
            return True
    return False


def wrapped_name(label: str, names_someone: Callable[[str], bool]) -> bool:
    """A name ``names_someone`` finds once a word before it or letters after it are set aside
    ("thejanesmith", "janesmithmsw"), the name itself five letters or more.

    >>> wrapped_name("thejanesmith", lambda w: w == "janesmith"), wrapped_name("theguardian", lambda w: False)
    (True, False)
    """
    label = label.rstrip(_DIGITS)  # "janesmithmsw1"
    heads = [label[len(w):] for w in _BEFORE if label.startswith(w)]
    tails = [label[:-len(w)] for w in _AFTER if label.endswith(w)]
    both = [h[:-len(w)] for h in heads for w in _AFTER if h.endswith(w)]
    return any(len(core) >= 5 and (names_someone(core) or surname_first(core)) for core in heads + tails + both)


def unlisted_beside_surname(label: str, surname_first: bool = True) -> bool:
    """A listed surname that is no English word, four letters or more, and a word on no list shaped as a name
    (``joined_words._lone_name``: four letters or more, two vowels, not made of words), opening as a name does and not
    ending in "s" as a plural does (``_NAME_SHAPED``: not "sain|sburys", "sama|ritans"), eight letters at most (not
    "kidsinbusi|ness"), run together: surname first ("okaforkemi") or, with ``surname_first`` False, after it
    ("kemiokafor").

    >>> [w for w in ("okaforkemi", "adeyemifemi", "youngminds", "communitycare", "kemiokafor") if unlisted_beside_surname(w)]
    ['okaforkemi', 'adeyemifemi']
    """
    from voices.redact.joined_words import _NOT_SURNAMES, _lone_name, surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    english, names, last_names = english_words(), listed_names()[0], surnames()
    label = label.rstrip(_DIGITS)
    if label in english or label in last_names or label in never_names():  # "rotherham": "roth" and "erham"
        return False
    for k in range(4, len(label) - 3):
        last, first = (label[:k], label[k:]) if surname_first else (label[k:], label[:k])
        if (last in last_names and last not in english and last not in _NOT_SURNAMES and first not in names
                and first not in english and first not in last_names and len(first) <= _LONGEST_UNLISTED
                and _NAME_SHAPED.match(first) and _lone_name(first)):
            return True
    return False


def traded_name(label: str) -> bool:
    """A first name and a surname run together before a trade word (``_TRADES``), written on or parted by "-":
    a listed first name or word-name and a listed surname, even both English words ("markbrowncoaching"), a listed
    first name and four letters or more that are no English word ("sarahhexham-training": a town's name is a
    surname too), or a first name on no list and a listed surname ("kemiokafor-consulting").

    >>> [w for w in ("markbrowncoaching", "kemiokafor-consulting", "parentingcoaching", "familytraining") if traded_name(w)]
    ['markbrowncoaching', 'kemiokafor-consulting']
    """
    from voices.redact.joined_words import _NOT_SURNAMES, _first_name, surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    label = label.rstrip(_DIGITS)
    core = next((label[:-len(t)].rstrip("-_") for t in _TRADES if label.endswith(t)), "")
    parted, core = core, core.replace("-", "").replace("_", "")  # "mark-brown-coaching": parted as a title parts it
    if len(core) < 6 or not core.isalpha():
        return False
    last_names, names, english = surnames(), listed_names()[0], english_words()
    if parted == core and core in english and core not in names:
        return False  # "willpower.coaching", "rosewood-therapy": one English word, not "will" and "power"
    whole = core in names or core in english or core in never_names()  # "victoria-training": one name, a place's
    return any((core[k:] in last_names and core[k:] not in _NOT_SURNAMES and _first_name(core[:k]))
               or (not whole and core[:k] in names and _unlisted_surname(core[k:], english))
               for k in range(3, len(core) - 2)) or unlisted_beside_surname(core, surname_first=False)


def _unlisted_surname(word: str, english: frozenset[str]) -> bool:
    """Four letters or more, no English word, shaped as a name opens ("hexham"; not "dplay" of "sandplay"), and
    ending in no English word of five letters or more ("hexham"; not "ly" and "support" of "fami|lysupport")."""
    from voices.redact.joined_words import _NOT_SURNAMES

    return (len(word) >= 4 and word not in english and word not in _NOT_SURNAMES and _NAME_SHAPED.match(word) is not None
            and not any(word[i:] in english for i in range(1, len(word) - 4)))
