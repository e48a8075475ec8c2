"""A person's name after a form's name label, whatever its surname is: "Name: Tamsin Home", "Full name: Priya
Hall". Elsewhere a Title-case word before "Home", "House" or "Park" reads as a body's or a place's name
("Contact: Oakley House"); after a label that asks for a person's name, a first name and one more word
ending the line are that person. Read by ``rule_names``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voices.redact.names import PERSON, Span

# A label asking for a person's name, opening a line; the name and one more word ending that line
_NAME_LINE = re.compile(r"^[ \t]*(?i:name|full[ \t]+name|your[ \t]+name|respondent[ \t]+name|name[ \t]+of[ \t]+"
                        r"respondent)[ \t]*:[ \t]*(?P<full>(?P<n>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
                        r"[ \t]*\r?$", re.MULTILINE)


def labelled_full_names(text: str) -> Iterator[Span]:
    """A first name on the list or on no list, and the word after it, after a name label.

    >>> [m for m in labelled_full_names("Name: Tamsin Home\\nName: Oak House\\nContact: Priya Home")]
    [(6, 17, '[PERSON]')]
    """
    from voices.redact.unlisted import _unknown, listed_names

    names, words = listed_names()
    for m in _NAME_LINE.finditer(text):
        first = m.group("n")
        if first.lower() in names or first.lower() in words or _unknown(first, set()):
            yield m.start("full"), m.end("full"), PERSON
