"""Reading closed answers as stances: which question asks the proposition, and what each answer says.

A consultation's closed question ("Do you agree that directors should be registered
social workers?") states a stance through its answer. The scheme may list the
question patterns and answers; without them, the question is found by its likeness
to the scheme's proposition, and the usual answer scales are understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_STOP = frozenset(
    "a an the of and or to for in on at by be is are was were do does did you your we our that this these those "
    "what who whom which how why should would could must can will it its as with from than then there their they "
    "agree disagree extent think believe view views question answer please".split()
)
_WORD = re.compile(r"[a-z]+")
_AGREE = re.compile(r"^(?:strongly |tend to |somewhat |slightly |mostly |partly |partially )?agree$|^yes\b")
_DISAGREE = re.compile(r"^(?:strongly |tend to |somewhat |slightly |mostly |partly |partially )?disagree$|^no\b")
_NEUTRAL = re.compile(r"^(?:neither|neutral|don'?t know|do not know|not sure|unsure|undecided|no opinion|"
                      r"no view|prefer not)")
_NEGATED = re.compile(r"\b(?:not|n't|no longer|without|need not|needn't)\b")


def _stems(text: str) -> set[str]:
    return {w[:4] for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 2}


def asks_proposition(question: str | None, proposition: str | None, subject: Iterable[str] = ()) -> bool:
    """Whether a question asks about the proposition: three shared content words (all of them when
    the proposition has fewer), one of them a ``subject`` word when the scheme names any.

    ``subject`` comes from the scheme (``[consultation.closed_answers] subject_words``):
    the words a question must name to be about this debate at all. The shipped
    debate names leaders, so a question about social workers' pay is not about it.

    Examples
    --------
    >>> p = "Who should lead social work (directors of children's and adults' services)"
    >>> leaders = ["lead", "director", "manager"]
    >>> asks_proposition("Q1. Do you agree that directors should be registered social workers?", p, leaders)
    True
    >>> asks_proposition("Q2. Do you agree children's social work services need more social workers?", p, leaders)
    False
    >>> asks_proposition("Should the library open on Sundays?", "Open the town library on Sundays")
    True
    """
    if not question or not proposition:
        return False
    wanted = _stems(proposition)
    shared = _stems(question) & wanted
    core = {w for s in subject for w in _stems(s)}
    return bool(wanted) and len(shared) >= min(3, len(wanted)) and (not core or bool(shared & core))


def agreement(answer: str | None) -> str | None:
    """``"agree"``, ``"disagree"``, ``"neutral"`` or None for an answer on the usual scales.

    Examples
    --------
    >>> [agreement(a) for a in ("Tend to agree", "Strongly disagree", "Don't know", "Yes", "Blue")]
    ['agree', 'disagree', 'neutral', 'agree', None]
    """
    if not isinstance(answer, str):
        return None
    text = " ".join(answer.casefold().replace("’", "'").strip(" .!").split())
    if _NEUTRAL.match(text):
        return "neutral"
    if _DISAGREE.match(text):
        return "disagree"
    if _AGREE.match(text):
        return "agree"
    return None


def negated(question: str | None) -> bool:
    """A question asked the other way round ("...need not be social workers?"): agreeing means the opposite."""
    return bool(question and _NEGATED.search(question.casefold()))
