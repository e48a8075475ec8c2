"""Author names: whether an output's own author reads as a person, and the forms to look for in its texts.

``Redactor`` hides every author that ``looks_like_personal_name`` wherever the name turns up in a
text: the full name, its surname and first name (``name_terms``), in the cases people write them
(``case_forms``); a part that is also an everyday word ("Grace", "Mark": ``word_names``) only where
it reads as a name (``mid_sentence_spans``). The vocabulary they share lives in ``voices.redact.names``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from voices.redact.names import (
    _COMMON_WORDS,
    _NAME_TOKEN,
    _NAME_WORD,
    _PARTICLES,
    _ROLE_WORDS,
    NOT_NAMES,
    PERSON,
    TITLES,
    Span,
    _named_here,
)
from voices.redact.recurring import safe_in_any_case

_BRACKETED = re.compile(r"\s*[(\[{][^)\]}]*[)\]}]")
_DECORATION = re.compile(r"[^\w\s.,'’-]+")  # emoji and symbols a site's display name carries


def author_name(author: str) -> str:
    """The name an author field gives, without what a display name adds to it: a bracketed role or
    place ("Kwame Mensah (retired SW)") and emoji or symbols ("Priya Ramaswamy 🌸").

    >>> author_name("Priya Ramaswamy 🌸"), author_name("Kwame Mensah (retired SW)"), author_name("@SWmum1985")
    ('Priya Ramaswamy', 'Kwame Mensah', 'SWmum1985')
    """
    return " ".join(_DECORATION.sub(" ", _BRACKETED.sub(" ", author)).split())


def looks_like_personal_name(author: str | None) -> bool:
    """True when an author name reads as a person's name ("Jane Smith", "Dr S. Rogowski", "Polly").

    Parameters
    ----------
    author : str or None

    Returns
    -------
    bool
        False for roles and descriptions ("Social worker", "Long in the tooth",
        "Anonymous", "Frontline SW") and for anything with digits or lower-case words
        other than a particle inside the name ("Ana de Souza", "Jan van Dijk").

    Examples
    --------
    >>> looks_like_personal_name("Dr Steve Rogowski"), looks_like_personal_name("Social worker")
    (True, False)
    >>> looks_like_personal_name("Maria de la Cruz"), looks_like_personal_name("Long in the tooth")
    (True, False)
    """
    if not isinstance(author, str) or not author.strip() or any(c.isdigit() for c in author):
        return False
    tokens = [t.strip(",") for t in author.split()]
    tokens = [t for t in tokens if t.rstrip(".").lower() not in TITLES]
    if any(t.lower().strip(".") in _ROLE_WORDS for t in tokens):
        return False
    tokens = [t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and t in _PARTICLES)]
    if not 1 <= len(tokens) <= 4:
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    return any(len(t.strip(".")) >= 3 for t in tokens)


# One word a sign-up form made: letters with digits, "_", "." or a capital inside ("SWmum1985", "frontline_fred",
# "KateB", "jo.smith"); a role ("Social worker") or a name ("McKay") is not one
_HANDLE_AUTHOR = re.compile(r"^(?=.*[^\W\d_])[^\W_][\w.]{2,29}[^\W_]$")
_HANDLE_MARK = re.compile(r"\d|_|\.(?=\w)|[a-z][A-Z]")


def looks_like_handle(author: str | None) -> bool:
    """True when an author is a user name, which a text quoting it would give away as much as a name.

    ``Redactor`` pseudonymises such an author as any other, and hides the handle wherever a text writes it
    ("SWmum1985 nailed it"). A word ("sparkle"), a role or a personal name is not a handle.

    >>> [looks_like_handle(a) for a in ("SWmum1985", "frontline_fred", "KateB", "sparkle", "Social worker", "McKay")]
    [True, True, True, False, False, False]
    """
    if not isinstance(author, str):
        return False
    handle = author.strip().lstrip("@")
    return (bool(_HANDLE_AUTHOR.match(handle)) and bool(_HANDLE_MARK.search(handle))
            and not looks_like_personal_name(handle) and handle.casefold() not in _ROLE_WORDS)


def name_terms(author: str) -> list[str]:
    """The forms of a personal name to look for in texts: full name, surname, first name."""
    tokens = [t.strip(",") for t in author.split() if t.rstrip(".").lower() not in TITLES]
    terms = {" ".join(tokens)}
    for t in (tokens[0], tokens[-1]):
        if len(t) >= 3 and t.lower() not in _COMMON_WORDS and not t.endswith("."):
            terms.add(t)
    return sorted(terms, key=lambda s: (-len(s), s))


def case_forms(term: str) -> set[str]:
    """The ways people write a name term: as given, in capitals, and in lower case where that
    cannot be an everyday word (a full name, one with an accent, apostrophe or hyphen, or a part
    that is no word: ``recurring.safe_in_any_case``).

    >>> sorted(case_forms("Smith-Jones")), sorted(case_forms("Green")), sorted(case_forms("Okafor"))
    (['SMITH-JONES', 'Smith-Jones', 'smith-jones'], ['GREEN', 'Green'], ['OKAFOR', 'Okafor', 'okafor'])
    """
    forms = {term, term.upper()}
    if " " in term or not term.isascii() or any(c in term for c in "'’-") or safe_in_any_case(term):
        forms.add(term.lower())
    return forms


def word_names(author: str) -> list[str]:
    """The parts of a personal name that are also everyday words ("Grace", "Mark"), which
    ``name_terms`` leaves out: found only inside a sentence (``mid_sentence_spans``).

    >>> word_names("Grace O'Connell"), word_names("April Jones"), word_names("Jane Smith")
    (['Grace'], [], [])
    """
    tokens = [t.strip(",") for t in author.split() if t.rstrip(".").lower() not in TITLES]
    return sorted({t for t in (tokens[0], tokens[-1])
                   if t.lower() in _COMMON_WORDS and t.lower() not in NOT_NAMES and _NAME_WORD.match(t)})



def mid_sentence_spans(text: str, pattern: re.Pattern[str], *, addressed: bool = True) -> Iterator[Span]:
    """Matches of ``pattern`` (capitalised everyday-word names) that do not open a sentence,
    or open one to address someone: "I agree with Grace", "look after yourself, Mark" and
    "Grace, I agree" are names; "Grace periods end" is a word. ``addressed=False`` leaves out
    the sentence openers followed by a comma, colon or dash."""
    for m in pattern.finditer(text):
        if _named_here(text, m.start(), m.end(), addressed=addressed):
            yield m.start(), m.end(), PERSON


def erased_name_terms(authors: Iterable[str | None]) -> dict[str, str]:
    """What ``voices delete`` keeps, as keyed digests, of the authors it erases: the terms ``Redactor``
    looks for, each with its kind (``voices.store.erased_names.KINDS``).

    >>> terms = erased_name_terms(["Zed Mulcahy", "Grace O'Connell", "Social worker", "@SWmum1985"])
    >>> sorted(t for t, kind in terms.items() if kind == "name"), [t for t, kind in terms.items() if kind != "name"]
    (["Grace O'Connell", 'Mulcahy', "O'Connell", 'Zed', 'Zed Mulcahy'], ['Grace', 'SWmum1985'])
    """
    terms: dict[str, str] = {}
    for author in authors:
        name = author_name(author) if isinstance(author, str) else None
        if looks_like_personal_name(name):
            terms.update(dict.fromkeys(name_terms(name), "name"))
            terms.update(dict.fromkeys(word_names(name), "word"))
        elif looks_like_handle(name):  # "SWmum1985 nailed it" in a reply that stays
            terms[name] = "handle"
    return terms
