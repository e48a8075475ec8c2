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
  "St Mary's Hospital", "the London Borough of Hackney"), or in lower case with a council, trust or hospital
  closing it ("leeds city council"): "social workers at the council" and "the director at the local trust"
  name no body, and a nation names no employer ("the Chief Social Worker for England", a public office the
  field's prose discusses by its title);
- or, the writer's post or a signature's, with its body after a comma or on the next line, the body closing
  the line or clause ("Head of Safeguarding, St Mary's Hospital", "Director of Children's Services\nRotherham
  Council"), or before it as a possessive ("As Rotherham's Director of Children's Services"), or after "of"
  where the post is the writer's own and not itself "of" something ("I am the CEO of Rotherham Council").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import Span
from voices.redact.patterns import SPACES
from voices.redact.workplaces import workplace_spans

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
_WRITER = (r"(?:(?i:\bI[ \t]+am|\bI['’]m|\bI[ \t]+was|\bI[ \t]+have[ \t]+been|\bI['’]ve[ \t]+been"
           r"|\bI[ \t]+work[ \t]+as|\bI[ \t]+worked[ \t]+as|\bmy[ \t]+role[ \t]+as|\bas)[ \t]+)")
_HOLDER = rf"(?:{_WRITER}(?:(?i:the|a|an)[ \t]+)?|\b(?i:the)[ \t]+|^[ \t]*)"
_FORMER = r"(?:(?i:then|new|former|current|interim|acting|outgoing|incoming)[ \t]+)?"
# A word written with a capital ("Rotherham", "St", "Mary's", "NHS", "Stoke-on-Trent"; not "I": "Kent I see", and
# a stop only inside one, "N.H.S", or after "St"), and the small words a body's name holds between two of them
# ("London Borough of Hackney", "Brighton and Hove", "Stoke on Trent"), but not before a day or a month ("Leeds
# on Monday", "Kent in May")
_CAP = r"(?:St\.|(?!I(?![\w'’.-]))[A-Z](?:[\w'’]|\.(?=\w))*(?:-[\w'’]+)*)"
_WHEN = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
         r"August|September|October|November|December)(?![\w'’])")
_BODY = rf"(?:{_CAP}(?:[ \t]+(?:(?:of|and|&|upon|on|under|in|the)[ \t]+(?!{_WHEN}))*{_CAP})*)"
# A body in lower case, named by a word or three and a council, trust or hospital ("leeds city council", "st
# mary's hospital"), whose first words are no mere kind ("the local council", "a small trust", "our hospital")
_END_WORDS = "council|hospital|infirmary|trust"
_ENDS = rf"(?:{_END_WORDS})"
_KIND = (r"(?:the|a|an|our|my|their|his|her|its|this|that|these|local|same|other|another|each|every|one|any|which|"
         rf"whose|new|old|big|small|large|rural|nearby|neighbouring|and|or|of|in|at|for|with|to|by|{_END_WORDS})")
_LOWER_WORD = rf"(?!{_KIND}(?![\w'’]))[a-z][\w'’.-]*"
_LOWER_BODY = rf"(?:{_LOWER_WORD}(?:[ \t]+{_LOWER_WORD}){{0,2}}[ \t]+{_ENDS}(?![\w'’]))"
_POSTED = re.compile(rf"{_HOLDER}{_FORMER}(?P<post>{_POSTS})(?![\w'’])[ \t]+(?i:at|for|in|with|within)[ \t]+"
                     rf"(?:(?i:the)[ \t]+)?(?P<body>{_BODY}|{_LOWER_BODY})", re.MULTILINE)
# A signature's post with its body after a comma or on the next line, the body closing its line or clause
# ("Head of Safeguarding, St Mary's Hospital", "Principal Social Worker\nKent County Council"): not "As the
# director of children's services, Ofsted and the DfE agreed", nor a heading's next line ("The role involves"),
# nor the next of a list of posts ("PSW, AD, DCS, all registered": a short word in capitals is no body here)
_LISTED = re.compile(rf"(?:{_WRITER}(?:(?i:the|a|an)[ \t]+)?|^[ \t]*|(?<=,)[ \t]*){_FORMER}(?:{_POSTS})"
                     rf"(?:,[ \t]*|[ \t]*\r?\n[ \t]*)(?![A-Z]{{1,4}}(?![\w'’]))(?P<body>{_BODY})(?=[ \t]*(?:[.,;)]|$))",
                     re.MULTILINE)
# The writer's own post "of" its body, for a post not itself "of" something ("I am the CEO of Rotherham Council",
# "as chief executive of Brenley Carers' Trust"); another's ("the chief executive of the NHS Confederation") stays
_LEADS = (r"(?i:DCS|DASS|PSW|CEO|DSL|chief[ \t]+executive(?:[ \t]+officer)?|chief[ \t]+officer|head[ \t]?teacher"
          r"|principal[ \t]+social[ \t]+worker|designated[ \t]+safeguarding[ \t]+lead|independent[ \t]+chair)")
_OF = re.compile(rf"{_WRITER}(?:(?i:the|a|an)[ \t]+)?{_FORMER}{_LEADS}(?![\w'’])[ \t]+(?i:of)[ \t]+(?:(?i:the)[ \t]+)?"
                 rf"(?P<body>{_BODY}|{_LOWER_BODY})")
# The writer's post after its body's possessive ("As Rotherham's Director of Children's Services")
_OWNED = re.compile(rf"{_WRITER}(?P<body>{_BODY})['’]s[ \t]+{_FORMER}(?:{_POSTS})(?![\w'’])")
# Not an employer: a nation, and the people a post serves ("Chief Social Worker for Adults")
_NOT_BODIES = frozenset(w.replace("_", " ") for w in """england scotland wales britain uk u.k. united_kingdom
    great_britain northern_ireland ireland adults children families young_people""".split())


def employer_spans(text: str) -> Iterator[Span]:
    """``(start, end, "[ORGANISATION]")`` for the body named after a post one person holds.

    >>> text = "I am the principal social worker for Kent; the Director of Children's Services at Rotherham Council."
    >>> [text[s:e] for s, e, _ in employer_spans(text)]
    ['Kent', 'Rotherham Council']
    """
    text = text.translate(SPACES)  # "at\u00a0Rotherham Council"
    for pattern in (_POSTED, _LISTED, _OWNED, _OF):
        for m in pattern.finditer(text):
            if m.group("body").casefold() not in _NOT_BODIES:
                yield m.start("body"), m.end("body"), ORGANISATION
    yield from workplace_spans(text)  # "I work at Brookfield Family Centre": a small workplace, no post
