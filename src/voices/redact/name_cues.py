"""Words just before a name that place it there, in any case: a role or a relative ("the social worker
marguerite dsouza", "my aunt edna"), a message's or a form's header label ("cc: kemi okafor", "FROM: TAMSIN
ELLERY"); and a first name with its surname one space after it ("DESMOND FAIRWEATHER"). Read by ``framed``.
"""

from __future__ import annotations

import re

# A role or a relative just before a name: "the social worker marguerite", "my grandson alfie"
ROLE_BEFORE = re.compile(r"(?<![\w'’-])(?i:worker|manager|colleague|supervisor|teacher|nurse|carer|mentor|assessor"
                         r"|practitioner|advocate|boss|doctor|paediatrician|therapist|solicitor|officer|leader|friend"
                         r"|neighbour|son|daughter|grandson|granddaughter|brother|sister|husband|wife|partner|niece"
                         r"|nephew|cousin|mum|mother|dad|father|nan|nana|gran|granny|grandma|grandmother|grandad"
                         r"|granddad|grandpa|grandfather|aunt|auntie|aunty|uncle|stepson|stepdaughter|stepmum"
                         r"|stepdad|fiance|fiancee|fiancé|fiancée|boyfriend|girlfriend|counsellor|visitor|midwife"
                         r"|councillor|cllr|psychologist|psychiatrist|caseworker|headteacher|guardian|childminder"
                         r"|keyworker|senco|sendco|lawyer|barrister|judge|magistrate|inspector|coordinator"
                         r"|co-ordinator|consultant|dentist|surgeon|physio|physiotherapist)"
                         r"(?:[ \t]+|[ \t]*[(,][ \t]*)$")  # "the social worker (marguerite dsouza)"
# A message's or a form's header label opening a line, in any case: "cc: kemi okafor", "FROM: TAMSIN ELLERY"
HEADER_BEFORE = re.compile(r"(?:^|(?<=\n))[ \t]*(?i:from|to|cc|bcc|name|full[ \t]+name|your[ \t]+name|sender|contact"
                           r"|respondent|submitted[ \t]+by|author|signed)(?:[ \t]*:|[ \t]+[-–])[ \t]*$")
_SPACED = re.compile(r"[ \t]+")
# A line a header or roll label opens, then lower-case names and their separators up to a name: "Attendees: priya
# okafor, tamsin ellery", "cc: kemi okafor; tamsin ellery (chair) and bill jones"
_LISTED_BEFORE = re.compile(r"[ \t]*(?i:from|to|cc|bcc|name|names|full[ \t]+names?|your[ \t]+name|sender|contacts?"
                            r"|respondents?|submitted[ \t]+by|authors?|signed|present|also[ \t]+present|attendees"
                            r"|attending|apologies|absent)(?:[ \t]*:|[ \t]+[-–])[ \t]*"
                            r"(?:[a-z][a-z'’-]*(?:[ \t]*\([^()\n]{0,30}\))?(?:[ \t]+|[ \t]*[,;&][ \t]*|[ \t]+and[ \t]+))*$")
_LIST_REACH = 200  # characters back to the label: a longer list is read no further (the rule stays linear)


def listed_after_label(text: str, start: int) -> bool:
    """A lower-case word at ``start`` in a list of lower-case names a header or roll label opens on its line
    ("Attendees: priya okafor, tamsin ellery": "priya" and "tamsin").

    >>> t = "Attendees: priya okafor, tamsin ellery"
    >>> [listed_after_label(t, t.index(w)) for w in ("priya", "tamsin")], listed_after_label("I met priya", 6)
    ([True, True], False)
    """
    line = text.rfind("\n", max(0, start - _LIST_REACH), start) + 1
    if line == 0 and start > _LIST_REACH:
        return False
    return _LISTED_BEFORE.match(text, line, start) is not None


def labelled(text: str, start: int) -> bool:
    """A header label just before ``start`` ("Name: tamsin", "CC: KEMI") or a labelled list of names it is in."""
    return HEADER_BEFORE.search(text, max(0, start - 24), start) is not None or listed_after_label(text, start)


def paired(text: str, end: int, starts: set[int]) -> bool:
    """Another candidate opens one space after ``end``: a first name and its surname."""
    m = _SPACED.match(text, end)
    return m is not None and m.end() in starts


# "my husband", "our eldest daughter" just before a word in lower case: a person's name, even one that is an
# English word ("my husband mark works nights"), unless a word a singular subject takes bare ("my son will go")
_KIN_BEFORE = re.compile(r"(?<![\w'’-])(?i:my|our|his|her|their)[ \t]+(?:(?i:late|eldest|youngest|older|younger|little"
                         r"|baby|twin)[ \t]+)?(?i:husband|wife|son|daughter|partner|brother|sister|mum|mother|dad|father"
                         r"|nan|gran|grandson|granddaughter|grandmother|grandfather|aunt|uncle|niece|nephew|cousin"
                         r"|stepson|stepdaughter|boyfriend|girlfriend|fiance|fiancee)[ \t]+$")
_BARE_AFTER_SUBJECT = frozenset("will may might can must shall would could should did rose".split())
# After "rose": what says the name, not the verb ("my daughter rose is 14", not "my daughter rose to the challenge")
_NAMED_AFTER = re.compile(r"[ \t]*(?:[,.(!?]|$|\r?\n|[ \t]+(?:is|was|has|had|who|and)\b)")


# First names voices otherwise never reads as one ("the bill", "in june"), read only just after a relative and
# before what says the name ("our son bill arrived", "my daughter june is 7"; not "my son june 2023")
_KIN_ONLY_NAMES = frozenset("bill april june july august".split())


def kin_word_name(text: str, m: re.Match[str], words: frozenset[str]) -> bool:
    """A lower-case first name that is an English word (``words``) or one voices otherwise never reads
    ("bill"), just after "my husband", "our son": a person.

    >>> [kin_word_name(t, re.search("bill|june|has", t), frozenset()) for t in ("our son bill arrived",
    ...     "my daughter june is 7", "my son june 2023", "my son has gone", "pay the bill")]
    [True, True, False, False, False]
    """
    word = m.group()
    if word in _KIN_ONLY_NAMES and word != "bill" and _NAMED_AFTER.match(text, m.end()) is None:
        return False
    return (word in words or word in _KIN_ONLY_NAMES) and kin_named(text, m)


def kin_named(text: str, m: re.Match[str]) -> bool:
    """A lower-case word ``m`` just after "my husband", "my daughter": a first name, not a modal.

    >>> [kin_named(t, re.search("mark|will|rose", t)) for t in ("my husband mark works", "my son will go",
    ...                                                         "my daughter rose is 14", "my daughter rose early")]
    [True, False, True, False]
    """
    if not _KIN_BEFORE.search(text, max(0, m.start() - 40), m.start()):
        return False
    word = m.group()
    if word == "rose":
        return _NAMED_AFTER.match(text, m.end()) is not None
    return word not in _BARE_AFTER_SUBJECT


# Listed surnames that are also words a first name is often followed by: "my son liam said", "liam still waits"
_WORDS_AFTER_NAMES = frozenset("""said will still just too back each more read speaks sang waits lovely good little
    well soon rose hope love mark""".split())


def cued_surname(text: str, start: int, word: str) -> bool:
    """A listed surname that is also an English word ("pike", "hill", "brown") read as the surname of a lower-case
    first name at ``start`` that a role, a relative or a header label places ("my grandmother edna pike",
    "cc: priya brown"); not a word a first name is often followed by ("my aunt edna said").

    >>> [cued_surname(t, t.index(n), w) for t, n, w in (("my aunt edna pike", "edna", "pike"),
    ...     ("my aunt edna said", "edna", "said"), ("i saw edna pike", "edna", "pike"))]
    [True, False, False]
    """
    from voices.redact.joined_words import surnames

    if word in _WORDS_AFTER_NAMES or word not in surnames():
        return False
    window = max(0, start - 30)
    return bool(ROLE_BEFORE.search(text, window, start) or HEADER_BEFORE.search(text, window, start)
                or _KIN_BEFORE.search(text, window, start))


# The second word of a name in capitals after a header label, then the line's end or a list's mark: "TAMSIN ELLERY"
_SHOUTED_SURNAME = re.compile(r"[ \t]+(?P<s>[A-Z][A-Z'’-]+)(?=[ \t]*(?:$|[\r\n,;(]))")


def labelled_shouted(text: str, m: re.Match[str]) -> bool:
    """A word in capitals on no list, with one more on no list after it ending the line or a list's item, after a
    header label ("NAME: TAMSIN ELLERY", "CC: KEMI OKAFOR"); not a body's name ("TO: BRACKENFIELD CARE HOME").

    >>> [labelled_shouted(t, re.search("[A-Z]{4,}", t[4:]) and re.compile("[A-Z]{4,}").search(t, 4))
    ...  for t in ("NAME: TAMSIN ELLERY", "TO: BRACKENFIELD CARE HOME", "I SAW TAMSIN ELLERY")]
    [True, False, False]
    """
    from voices.redact.names import listed_names
    from voices.redact.unlisted import _unknown

    sur = _SHOUTED_SURNAME.match(text, m.end())
    return (len(m.group()) >= 4 and sur is not None and labelled(text, m.start()) and _unknown(m.group().title(), set())
            and (_unknown(sur.group("s").title(), set()) or sur.group("s").lower() in listed_names()[0]))


def town_surname(word: str) -> bool:
    """A lower-case word that may be a surname because a town's name is in it: "whitby", "whitby-jones" (each
    other part a listed name or a word on no list); not "whitby-based".

    >>> [town_surname(w) for w in ("whitby", "whitby-jones", "whitby-based", "jones")]
    [True, True, False, False]
    """
    from voices.redact.names import listed_names
    from voices.redact.unlisted import _TOWNS, _unknown

    parts = word.split("-")
    names = listed_names()[0]
    return any(p in _TOWNS for p in parts) and all(
        p in _TOWNS or p in names or _unknown(p.title(), set()) for p in parts)
