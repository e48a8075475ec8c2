"""Names ``voices delete`` erased, found by their keyed digests: an erased author stays hidden in others' texts.

The corpus keeps no erased name, only keyed digests of its terms (``voices.store.erased_names``). A
redactor built for the corpus (``IdMask.for_corpus`` brings them) digests each word of a text, and each
run of two to four words, and hides those whose digest is among them, as it hides an author's name:
a term in any case where a name term would be (``authors.case_forms``), an everyday word ("Grace")
only where a name goes (``mid_sentence_spans``' rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from voices.redact.authors import looks_like_handle
from voices.redact.names import PERSON, Span, _named_here
from voices.redact.patterns import PROFILE
from voices.redact.recurring import safe_in_any_case
from voices.store.erased_names import name_digest

_TOKEN = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w-])")
_GAP = re.compile(r"[ \t]+")
_HANDLE = re.compile(r"(?<![\w.])[^\W_][\w.]*[^\W_](?!\w|\.\w)")  # a user name: letters, digits, "_" and "."
_CACHE_SIZE = 200_000  # words digested per output: texts repeat their words, so each is hashed once


class ErasedNames:
    """The keyed digests of erased names, and the words of a text that match one.

    >>> from voices.store.erased_names import name_digest
    >>> key = b"corpus secret"
    >>> erased = ErasedNames(key, {name_digest(key, "name", t) for t in ("Zed Mulcahy", "Zed", "Mulcahy")})
    >>> text = "Zed never listened; ZED MULCAHY and mulcahy did not either. A zed is a letter."
    >>> [text[s:e] for s, e, _ in erased.spans(text)]
    ['Zed', 'ZED MULCAHY', 'mulcahy']
    """

    def __init__(self, key: bytes, digests: frozenset[str] | set[str]) -> None:
        self._key = key
        self._digests = frozenset(digests)
        self._seen: dict[tuple[str, str], bool] = {}

    def __bool__(self) -> bool:
        return bool(self._digests)

    def spans(self, text: str) -> Iterator[Span]:
        """``(start, end, PERSON)`` of each erased name in ``text``, longest first where runs overlap."""
        if not self._digests:
            return
        words, covered = list(_TOKEN.finditer(text)), 0
        for i, m in enumerate(words):
            for n in (4, 3, 2):  # a full name, of words one space or tab apart
                run = words[i:i + n]
                if len(run) == n and all(_GAP.fullmatch(text[a.end():b.start()]) for a, b in pairwise(run)):
                    term = " ".join(w.group() for w in run)
                    if _cased(term) and self._erased("name", term):
                        yield run[0].start(), run[-1].end(), PERSON
                        covered = run[-1].end()
                        break
            if m.start() < covered:
                continue
            word = m.group()
            if (_cased(word) and self._erased("name", word)) or self._word_name(text, m):
                yield m.start(), m.end(), PERSON
        for m in _HANDLE.finditer(text):  # an erased author's user name, as Redactor hides a present one's
            if looks_like_handle(m.group()) and self._erased("handle", m.group()):
                yield m.start(), m.end(), PROFILE

    def _word_name(self, text: str, m: re.Match[str]) -> bool:
        """An erased name that is also an everyday word ("Grace"), where a name goes."""
        return m.group()[:1].isupper() and self._erased("word", m.group()) and _named_here(
            text, m.start(), m.end(), addressed=True)

    def _erased(self, kind: str, term: str) -> bool:
        found = self._seen.get((kind, term))
        if found is None:
            if len(self._seen) >= _CACHE_SIZE:
                self._seen.clear()
            found = self._seen[(kind, term)] = name_digest(self._key, kind, term) in self._digests
        return found


def _cased(term: str) -> bool:
    """Written as a name term can be: capitalised, or in lower case where no word could be (as ``case_forms``)."""
    if term[:1].isupper():
        return True
    return " " in term or not term.isascii() or any(c in term for c in "'’-") or safe_in_any_case(term)
