"""The employer after a senior post one person holds: "as the Director of Children's Services at Rotherham Council".

A local authority has one director of children's services and one principal social worker, a hospital
one head of safeguarding: such a post with the body that holds it names its holder as surely as a name
does, and a commenter who writes "I am the principal social worker for Kent" has signed the comment. The
body goes (``[ORGANISATION]``, the placeholder an export's organisation field shows); the post stays, so the
sentence still says who is speaking in the field's terms.

Only where the post is one person's:

- a singular post (``_POSTS``): a director, a head of a service, a principal social worker, a chief
  executive, a headteacher, a designated safeguarding lead, a chair of something or an independent chair, a lead
  or cabinet member, in any case
  ("the principal social worker", "Director of Adult Social Care"); not a plural ("directors of children's
  services in England") and not a post many hold at one body ("team manager", "social worker");
- written as the writer's own ("I am", "I was", "I work as", "as", "my role as", with "the", "a" or
  neither: "I am a head of service with Leeds City Council" has signed too), with "the" ("the DCS for Kent"),
  or opening a line, as a signature's second line does ("Head of Safeguarding at St Mary's Hospital"); "I
  spoke to a director of children's services at Rotherham" is one of several;
- then "at", "for", "in", "with" or "within" and a body written with capitals ("Rotherham Council", "Kent",
  "St Mary's Hospital", "the London Borough of Hackney"): "social workers at the council" and "the director
  at the local trust" name no body, and a nation names no employer ("the Chief Social Worker for England",
  a public office the field's prose discusses by its title).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import Span

ORGANISATION = "[ORGANISATION]"

# What a post is "of" ("Children's Services", "Adult Social Care", "safeguarding and quality assurance"): one
# to five words, each written with a capital or one a service is named by, so "the head of service told us in
# Leeds" is no post at Leeds
_SERVICE_WORDS = """children's childrens children’s child adult adults social care services service safeguarding
    education health nursing quality assurance practice operations commissioning public early help family families
    people young housing learning disability disabilities mental integrated community communities wellbeing
    workforce development strategy performance resources finance legal fostering adoption residential youth
    justice inclusion send governance partnerships transformation improvement prevention protection adolescent
    and &""".split()
_WORD = rf"(?:[A-Z][\w'’]*|(?i:{'|'.join(sorted(map(re.escape, _SERVICE_WORDS), key=len, reverse=True))})(?![\w'’]))"
_PORTFOLIO = rf"(?:{_WORD}(?:[ \t]+{_WORD}){{0,4}}?)"
_POSTS = (
    rf"(?:(?i:executive|assistant|deputy|interim|acting|corporate|strategic|statutory|medical)[ \t]+)?"
    rf"(?i:director)[ \t]+of[ \t]+{_PORTFOLIO}"
    rf"|(?i:DCS|DASS|PSW|CEO|DSL)"
    rf"|(?i:chief[ \t]+executive(?:[ \t]+officer)?|chief[ \t]+officer)"
    rf"|(?i:principal[ \t]+social[ \t]+worker(?:[ \t]+for[ \t]+(?:adults|children(?:[ \t]+and[ \t]+families)?))?)"
    rf"|(?i:head)[ \t]+of[ \t]+{_PORTFOLIO}|(?i:head[ \t]?teacher|designated[ \t]+safeguarding[ \t]+lead)"
    rf"|(?i:independent[ \t]+chair)|(?i:chair[ \t]+of[ \t]+(?:the[ \t]+)?){_PORTFOLIO}"  # not "the chair at Leeds station"
    rf"|(?i:lead|cabinet)[ \t]+(?i:member)[ \t]+for[ \t]+{_PORTFOLIO}"
)
# Who holds it: the writer ("I am", "as"), "the" one, or a signature's line
_HOLDER = (r"(?:(?i:\bI[ \t]+am|\bI['’]m|\bI[ \t]+was|\bI[ \t]+have[ \t]+been|\bI['’]ve[ \t]+been"
           r"|\bI[ \t]+work[ \t]+as|\bI[ \t]+worked[ \t]+as|\bmy[ \t]+role[ \t]+as|\bas)[ \t]+"
           r"(?:(?i:the|a|an)[ \t]+)?|\b(?i:the)[ \t]+|^[ \t]*)")
_FORMER = r"(?:(?i:then|new|former|current|interim|acting|outgoing|incoming)[ \t]+)?"
# A word written with a capital ("Rotherham", "St", "Mary's", "NHS", "Stoke-on-Trent"; not "I": "Kent I see", and
# a stop only inside one, "N.H.S", or after "St"), and the small words a body's name holds between two of them
# ("London Borough of Hackney", "Brighton and Hove", "Stoke on Trent"), but not before a day or a month ("Leeds
# on Monday", "Kent in May")
_CAP = r"(?:St\.|(?!I(?![\w'’.-]))[A-Z](?:[\w'’]|\.(?=\w))*(?:-[\w'’]+)*)"
_WHEN = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
         r"August|September|October|November|December)(?![\w'’])")
_BODY = rf"(?P<body>{_CAP}(?:[ \t]+(?:(?:of|and|&|upon|on|under|in|the)[ \t]+(?!{_WHEN}))*{_CAP})*)"
_POSTED = re.compile(rf"{_HOLDER}{_FORMER}(?P<post>{_POSTS})(?![\w'’])[ \t]+(?i:at|for|in|with|within)[ \t]+"
                     rf"(?:(?i:the)[ \t]+)?{_BODY}", re.MULTILINE)
# Not an employer: a nation, and the people a post serves ("Chief Social Worker for Adults")
_NOT_BODIES = frozenset(w.replace("_", " ") for w in """england scotland wales britain uk u.k. united_kingdom
    great_britain northern_ireland ireland adults children families young_people""".split())


def employer_spans(text: str) -> Iterator[Span]:
    """``(start, end, "[ORGANISATION]")`` for the body named after a post one person holds.

    >>> text = "I am the principal social worker for Kent; the Director of Children's Services at Rotherham Council."
    >>> [text[s:e] for s, e, _ in employer_spans(text)]
    ['Kent', 'Rotherham Council']
    """
    for m in _POSTED.finditer(text):
        if m.group("body").casefold() not in _NOT_BODIES:
            yield m.start("body"), m.end("body"), ORGANISATION
