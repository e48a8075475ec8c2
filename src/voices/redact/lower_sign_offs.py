"""A name in lower case on its own line after a sign-off: "thanks for reading,\\ndave hollingworth", "regards\\nmarguerite".

``framed._SIGN_OFF`` reads a name after a sign-off in Title case or capitals; one typed in lower case showed whole.
On a line of its own after "regards", "thanks", "cheers" (and "thanks for reading"), and closing that line, a
lower-case run of one to three words is the writer's name where its first word is a listed first name or no English
word (``framed._a_name`` on it in Title case: not "thanks\\nall", "love\\nmum", "cheers\\nsee you soon") and each
word after it is a listed name, a word on no English list or an initial ("dave h"). An initial may open the run
("d. hollingworth": its surname is read), and a bracket may close the line ("dave hollingworth (foster carer)").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from voices.redact.names import PERSON, Span

_LOWER_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\n.!?]))[ \t]*(?i:(?:kind|best|warm|warmest)[ \t]+(?:regards|wishes)|regards|many[ \t]+thanks"
    r"|(?:thanks|thank[ \t]+you)(?:[ \t]+(?:again|so[ \t]+much|very[ \t]+much|a[ \t]+lot"
    r"|for[ \t]+(?:reading|listening|your[ \t]+time)))?|best|cheers|love|ta|speak[ \t]+soon|hope[ \t]+this[ \t]+helps"
    r"|yours(?:[ \t]+(?:sincerely|faithfully|truly))?|sincerely|all[ \t]+the[ \t]+best|take[ \t]+care|with[ \t]+thanks)"
    r"[ \t]*[,.!-]?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*(?:[-–—~][ \t]*)?"
    r"(?P<n>(?:[a-z]\.[ \t]?)?[a-z][a-z'’]+(?:-[a-z]+)?(?:[ \t]+[a-z](?:[a-z'’]+(?:-[a-z]+)?)?){0,2})[ \t]*[.!]?"
    r"[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?(?=\r?\n|$)")  # "dave hollingworth (foster carer)"
_INITIAL = re.compile(r"^[a-z]\.[ \t]?")


def lower_sign_off_names(text: str, a_name: Callable[[str], bool]) -> Iterator[Span]:
    """Names in lower case closing a sign-off's next line (the module docstring); ``a_name`` says whether a
    Title-case word after a sign-off is a name (``framed._a_name``).

    >>> text = "I disagree.\\nthanks for reading,\\ndave hollingworth"
    >>> [text[s:e] for s, e, _ in lower_sign_off_names(text, lambda word: word == "Dave")]
    ['dave hollingworth']
    """
    if "\n" not in text:
        return
    from voices.redact.names import listed_names
    from voices.redact.unlisted import _never

    names, never = listed_names()[0], _never()
    for m in _LOWER_SIGN_OFF.finditer(text):
        first, *rest = _INITIAL.sub("", m.group("n")).split()  # "d. hollingworth": the surname is read
        if a_name(first.title()) and all(
                len(w) == 1 or w in names or w not in never for w in rest):
            yield m.start("n"), m.end("n"), PERSON
