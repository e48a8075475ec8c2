"""A small workplace the writer names as their own: "I work at Brookfield Family Centre in Leeds".

``voices.redact.employers`` hides the body after a post one person holds ("the principal social worker for
Kent"); a body after no post is one of many staff's, so "I work at Leeds City Council" stays. But a children's
centre, a nursery, a surgery or a refuge has a handful of staff: named as the writer's own workplace, it
narrows them to a few people, and with the town beside it to one. The body goes (``[ORGANISATION]``) where:

- the writer says it is theirs ("I work at", "I'm based at", "I volunteer at", "we were placed with", "I manage"),
  or names someone they work beside there ("my colleague Tamsin Ellery at", "... who works at", "our manager at");
- it is written with capitals and ends in a small workplace's word (``_SMALL``: "Centre", "Family Hub",
  "Nursery", "Surgery", "Refuge", "Care Home"), after at least one word of its own name, not only words a kind
  of workplace is named by ("a Family Centre", "the Mental Health Unit": ``_KIND``).

So "at the council", "at the weekend", "at Ofsted", "I work at Tesco" and "I work at Leeds City Council" stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import Span

ORGANISATION = "[ORGANISATION]"

_SMALL = (r"(?:Centre|Center|Hub|Nursery|Nurseries|Pre-?[Ss]chool|Playgroup|Surgery|Practice|Clinic|Refuge|Hostel"
          r"|Foyer|Project|Home|Lodge|Hospice|Unit)")
_NAME_WORD = r"(?:St\.?|[A-Z][\w'’]*(?:-[\w'’]+)*)"
# Between the one the writer works beside and the workplace: "my colleague Tamsin Ellery who works at"
_WHO_WORKS = (r"(?:(?:who[ \t]+(?:works|worked|is|was)|who['’]s|(?:now[ \t]+)?(?:works|worked))(?:[ \t]+based)?"
              r"[ \t]+|(?:based)[ \t]+)?")
_WRITER = (r"(?:\b(?:I|[Ww]e)(?:['’]m|['’]re|[ \t]+am|[ \t]+are|[ \t]+was|[ \t]+were|[ \t]+have[ \t]+been)?[ \t]+"
           r"(?:(?:currently|now|still|also|mainly)[ \t]+)?"
           r"(?:work|worked|working|volunteer|volunteered|volunteering|based|employed|placed|manage|managed|run|ran)"
           r"(?:[ \t]+(?:at|for|in|with|by|from))?[ \t]+(?:(?:the|a)[ \t]+)?"
           # one the writer works beside there, named or not: "my colleague Tamsin Ellery at", "our manager at"
           rf"|\b(?:[Mm]y|[Oo]ur)[ \t]+(?:(?:old|former|new|line)[ \t]+)?(?:colleagues?|co-workers?|manager|supervisor|boss"
           rf"|deputy|team[ \t]+leader)(?:,?[ \t]+(?:{_NAME_WORD}|[a-z][a-z'’-]+)){{0,3}}?,?[ \t]+{_WHO_WORKS}(?:at|from)"
           r"[ \t]+(?:the[ \t]+)?)")  # "my colleague priya at": a name in lower case too
_WORKPLACE = re.compile(rf"{_WRITER}(?P<body>{_NAME_WORD}(?:[ \t]+(?:&|and|of|for|the)?[ \t]*{_NAME_WORD}){{0,3}}?"
                        rf"[ \t]+{_SMALL})(?![\w'’-])")


# Words a kind of workplace is named by, not one workplace: "a Family Centre", "the Mental Health Unit"
_KIND = frozenset("""family families children's childrens children’s children child day community health mental
    resource resources care nursing medical residential secure assessment youth early years support respite contact
    local gp doctors' doctors the of for and & st private independent job sure start mother baby acute food bank
    leaving adult adults social work citizens advice drop-in walk-in out hours service services crisis refugee
    refugees women's womens women domestic abuse homeless drug alcohol recovery learning disability disabilities
    autism specialist intensive treatment therapeutic counselling parenting outreach emergency night hospital""".split())


def workplace_spans(text: str) -> Iterator[Span]:
    """``(start, end, "[ORGANISATION]")`` for a small workplace the writer names as their own.

    >>> text = "I work at Brookfield Family Centre in Leeds, not at the council or at Ofsted."
    >>> [text[s:e] for s, e, _ in workplace_spans(text)]
    ['Brookfield Family Centre']
    """
    for m in _WORKPLACE.finditer(text):
        own = m.group("body").split()[:-1]  # its name, less the workplace's word
        if any(w.casefold() not in _KIND for w in own):
            yield m.start("body"), m.end("body"), ORGANISATION
