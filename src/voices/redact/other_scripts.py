"""Full names written in Greek or Cyrillic letters, which the English rules and NER cannot read.

The English pipeline reads Greek or Russian prose as noise: in "Ο Γιώργος Παπαδόπουλος είπε ναι."
it finds no entity at all, and the name lists hold Latin-script names only. Both scripts
capitalise only what opens a sentence and proper nouns, as English does, so two capitalised
words in a row of such letters are a name, a place or a body: all three are hidden, since
showing a place costs a reader little and showing a name costs its bearer much. One
capitalised word alone is not taken (every sentence opens with one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from voices.redact.names import PERSON

# A word: a run of letters (no digits, no underscore).
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = ("GREEK", "CYRILLIC")


def _capitalised_other_script(word: str) -> bool:
    """"Γιώργος", "Петров": a capital then lower-case letters, all Greek or all Cyrillic."""
    if len(word) < 2 or not (word[0].isupper() and word[1:].islower()):
        return False
    script = next((s for s in _SCRIPTS if unicodedata.name(word[0], "").startswith(s)), None)
    return script is not None and all(unicodedata.name(c, "").startswith(script) for c in word)


def other_script_full_names(text: str) -> Iterator[tuple[int, int, str]]:
    """Runs of two or more capitalised Greek or Cyrillic words, joined by single spaces or hyphens.

    >>> text = "Ο Γιώργος Παπαδόπουλος είπε ναι. Σίγουρα θα σχολιάσουμε. Ask Иван Петров."
    >>> [text[s:e] for s, e, _ in other_script_full_names(text)]
    ['Γιώργος Παπαδόπουλος', 'Иван Петров']
    """
    run: list[re.Match[str]] = []
    for m in _WORD.finditer(text):
        if _capitalised_other_script(m.group()) and (not run or text[run[-1].end():m.start()] in (" ", "-")):
            run.append(m)
            continue
        if len(run) > 1:
            yield run[0].start(), run[-1].end(), PERSON
        run = [m] if _capitalised_other_script(m.group()) else []
    if len(run) > 1:
        yield run[0].start(), run[-1].end(), PERSON
