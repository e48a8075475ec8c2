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
                         r"|councillor|cllr|psychologist|psychiatrist|caseworker|headteacher|guardian|childminder)"
                         r"(?:[ \t]+|[ \t]*\([ \t]*)$")  # "the social worker (marguerite dsouza)"
# A message's or a form's header label opening a line, in any case: "cc: kemi okafor", "FROM: TAMSIN ELLERY"
HEADER_BEFORE = re.compile(r"(?:^|(?<=\n))[ \t]*(?i:from|to|cc|bcc|name|full[ \t]+name|sender|contact|respondent"
                           r"|submitted[ \t]+by)[ \t]*:[ \t]*$")
_SPACED = re.compile(r"[ \t]+")


def paired(text: str, end: int, starts: set[int]) -> bool:
    """Another candidate opens one space after ``end``: a first name and its surname."""
    m = _SPACED.match(text, end)
    return m is not None and m.end() in starts
