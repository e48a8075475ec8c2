"""A host's label that names someone in a way the file-name rule does not read (``hosts.named_hosts``).

``joined.file_name_spans`` reads a first name and a surname run together ("janesmith"); a site's label also
writes them:

- surname first ("smithjane.net", "patelraj.com"): a listed surname, then a listed first name (not a
  word-name: "woodrose" is no one), not both English words;
- after a word a site's owner puts before their name ("thejanesmith.com", "askjanesmith.co.uk",
  "drjanesmith.org");
- before a letters' ending a practitioner or a company adds ("janesmithmsw.co.uk", "janesmithsw.com",
  "janesmithltd.co.uk").

Ordinary sites stay: "communitycare", "basw", "willpower", "theguardian", "mumsnet" hold none of these.
"""

from __future__ import annotations

from collections.abc import Callable

# Words before a name in a site's label ("thejanesmith", "askjanesmith")
_BEFORE = ("the", "ask", "meet", "hello", "hey", "dr", "its", "im", "iam", "my", "mrs", "mr", "ms", "miss")
# Letters after a name in a site's label: a qualification or a company's ("janesmithmsw", "janesmithltd")
_AFTER = ("msw", "lmsw", "lcsw", "sw", "phd", "msc", "mba", "bsc", "rn", "rmn", "ma", "ltd", "cic", "uk",
          "online", "official", "consulting", "coaching", "training", "writes", "blog")
_DIGITS = "0123456789"
_SHORTEST = 3  # a part shorter is a word's end as often as a name ("ann", "ed" are kept by the lists)


def surname_first(label: str) -> bool:
    """A listed surname, then a listed first name, run together ("smithjane", "patelraj").

    >>> [w for w in ("smithjane", "patelraj", "woodrose", "communitycare") if surname_first(w)]
    ['smithjane', 'patelraj']
    """
    from voices.redact.joined import _NOT_SURNAMES, surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    english, names, last_names = english_words(), listed_names()[0], surnames()
    label = label.rstrip(_DIGITS)  # "smithjane85": a year or a number after the name, as "janesmith1985"
    if label in english or label in names or label in last_names:
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
