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
