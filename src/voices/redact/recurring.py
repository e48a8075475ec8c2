"""A name found once in a text, hidden wherever else the text writes it, in any case.

The rules read a name where its shape or place gives it away ("Kemi Okafor chaired it"), so the
same name later in the text, in lower case or in capitals, stayed: "okafor agreed later",
"OKAFOR's report" (people who type fast drop capitals; a name in lower case stands nowhere a rule
looks). Once a text names someone, each part of that name that cannot be an everyday word is
hidden wherever the text writes it again, in any case.

A part that is also a word is not: "Will Rose chaired it" must not hide "I will go" or "the rose
garden", nor "Sarah Green" every "green". A part is safe in lower case when it is no English word
(``data/names/english-words.txt``), no word the field writes in lower case (``opener-words.txt``),
no word-name ("Grace", "Hope": ``word-names.txt``), none of the words voices never reads as a name
(places, bodies, titles, months) and none of the sector's abbreviations: "okafor", "thistlewood",
"o'neill" and "smith-jones" are; "will", "rose", "green" and "smith" are not.

Only within one text, and the text an output shows beside it (an answer's question, a reply's
parent: ``part_spans``): learning names across all an output's texts was tried and withdrawn (what
it hid depended on which texts were read first); an output's own author names are hidden all through
it by ``Redactor``, in the same cases (``authors.case_forms``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from voices.redact.framed import _ACRONYMS
from voices.redact.names import _COMMON_WORDS, _POSSESSIVE_END, PERSON, Span, listed_names
from voices.redact.unlisted import _never

# A name's part: letters, joined by apostrophes or hyphens ("O'Neill", "Smith-Jones"), less a possessive.
_PART = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def safe_in_any_case(part: str) -> bool:
    """Whether a name's part can be hidden wherever it is written, in any case: no word it could also be.

    >>> [p for p in ("Okafor", "O'Neill", "Smith-Jones", "Will", "Rose", "Green", "Smith", "Jo") if safe_in_any_case(p)]
    ['Okafor', "O'Neill", 'Smith-Jones']
    """
    word = _POSSESSIVE_END.sub("", part).lower().replace("’", "'")
    if len(word.replace("'", "").replace("-", "")) < 3 or word in _ACRONYMS or word in _COMMON_WORDS:
        return False
    never, (_, words) = _never(), listed_names()
    return word not in never and word not in words and not (word.endswith("s") and word[:-1] in never)


def name_parts(name: str) -> set[str]:
    """The parts of a name found that are safe to hide in any case, lower-cased: each capitalised part,
    and each part of a hyphenated one ("Smith-Jones": "smith-jones", "jones"; "smith" is a word).

    >>> sorted(name_parts("Kemi Okafor's")), sorted(name_parts("Will Rose")), sorted(name_parts("Ana de Souza-Smith"))
    (['kemi', 'okafor'], [], ['ana', 'souza', 'souza-smith'])
    """
    found = set()
    for m in _PART.finditer(name):
        part = _POSSESSIVE_END.sub("", m.group())
        if not part[:1].isupper():
            continue  # a particle ("de", "van") or a word a span took in
        for piece in {part, *part.split("-")}:
            if safe_in_any_case(piece):
                found.add(piece.lower().replace("’", "'"))
    return found


def recurring_names(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """Every other place ``text`` writes a part of a name already found, in any case.

    >>> text = "Kemi Okafor chaired it. okafor agreed; KEMI too. Will Rose came, so I will go."
    >>> [text[s:e] for s, e, _ in recurring_names(text, [(0, 11, PERSON), (49, 58, PERSON)])]
    ['Kemi', 'Okafor', 'okafor', 'KEMI']
    """
    names = {text[s:e] for s, e, label in found if label == PERSON}  # a name found many times is read once
    yield from part_spans(text, set().union(*map(name_parts, names)))


def part_spans(text: str, parts: Iterable[str]) -> Iterator[Span]:
    """Every place ``text`` writes one of ``parts`` (from ``name_parts``), in any case.

    ``recurring_names`` takes the parts from the text itself; a redactor also takes them from the
    text an output shows beside it (an answer's question, a reply's parent), so "thoughts on Mira
    Tallis's plan?" hides "Tallis" in the answer "Tallis plan is fine".

    >>> text = "Tallis plan is fine, tallis knows. Will it last?"
    >>> [text[s:e] for s, e, _ in part_spans(text, name_parts("Mira Tallis's"))]
    ['Tallis', 'tallis']
    """
    parts = set(parts)
    if not parts:
        return
    alternatives = "|".join(re.escape(p).replace("'", "['’]") for p in sorted(parts, key=lambda p: (-len(p), p)))
    for m in re.finditer(rf"(?<![\w'’@-])(?i:{alternatives})(?![\w-])", text):
        yield m.start(), m.end(), PERSON
