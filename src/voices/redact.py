"""Redaction: personal identifiers in comment text become placeholders, authors become pseudonyms.

Comments in this field can name children, families and colleagues, so every text a
redacted output holds (report quotes, snippets, whole texts in an export) goes
through a ``Redactor``:

- person names found by spaCy's statistical NER (``voices.nlp.ner_entities``) and the
  thread's own author names, where an author name looks like a personal name (an
  author called "Social worker" does not blank the profession) -> ``[PERSON]``;
- e-mail addresses -> ``[EMAIL]``, UK phone numbers -> ``[PHONE]``, UK postcodes -> ``[POSTCODE]``;
- authors -> ``Commenter 1``, ``Commenter 2``, ... numbered by first appearance.

NER is the slow part (the full pipeline), so entities are computed once per
document and can be cached (``entity_cache``: the corpus keeps them in its
``prepared`` table under ``NER_VERSION``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

__all__ = [
    "NER_VERSION",
    "Redactor",
    "looks_like_personal_name",
    "pattern_spans",
    "redact_frame",
]

NER_VERSION = "ner-1"
PERSON, EMAIL, PHONE, POSTCODE = "[PERSON]", "[EMAIL]", "[PHONE]", "[POSTCODE]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+44|0044)\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\w])"
)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_TITLES = frozenset("dr mr mrs ms miss mx prof professor cllr sir dame rev lord lady".split())
# Words that make an author name a role or a description, not a person's name.
_ROLE_WORDS = frozenset(
    """social work worker workers manager managers director directors practitioner practitioners
    parent parents carer carers anonymous anon guest reader readers student students teacher nurse
    retired frontline front line team leader leaders principal senior lecturer academic concerned
    citizen admin administrator editor user member adult adults child children services service
    council foster agency former ex newly qualified nqsw asye locum independent consultant
    psw dcs adcs basw swe hcpc observer commenter someone another one old hand tooth long the a
    in of and at for on by sw swer ofsted local authority authorities england wales scotland
    professional professionals family families mum dad grandparent survivor leaver care
    experienced officer chief head deputy assistant nhs trust group union association""".split()
)
# First names that are also everyday words: matched only as part of the full name.
_COMMON_WORDS = frozenset(
    """will may mark grace hope joy faith bill rose summer frank rich sue pat rob ray dawn april
    june august guy jack jean carol iris ruby amber holly heather jay dean bob victor""".split()
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]\.?)$")


def looks_like_personal_name(author: str | None) -> bool:
    """True when an author name reads as a person's name ("Jane Smith", "Dr S. Rogowski", "Polly").

    Parameters
    ----------
    author : str or None

    Returns
    -------
    bool
        False for roles and descriptions ("Social worker", "Long in the tooth",
        "Anonymous", "Frontline SW") and for anything with digits or lower-case words.

    Examples
    --------
    >>> looks_like_personal_name("Dr Steve Rogowski"), looks_like_personal_name("Social worker")
    (True, False)
    """
    if not isinstance(author, str) or not author.strip() or any(c.isdigit() for c in author):
        return False
    tokens = [t.strip(",") for t in author.split()]
    tokens = [t for t in tokens if t.rstrip(".").lower() not in _TITLES]
    if not 1 <= len(tokens) <= 4:
        return False
    if any(t.lower().strip(".") in _ROLE_WORDS for t in tokens):
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    return any(len(t.strip(".")) >= 3 for t in tokens)


def _name_terms(author: str) -> list[str]:
    """The forms of a personal name to look for in texts: full name, surname, first name."""
    tokens = [t.strip(",") for t in author.split() if t.rstrip(".").lower() not in _TITLES]
    terms = {" ".join(tokens)}
    for t in (tokens[0], tokens[-1]):
        if len(t) >= 3 and t.lower() not in _COMMON_WORDS and not t.endswith("."):
            terms.add(t)
    return sorted(terms, key=lambda s: (-len(s), s))


def _phone_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    return 10 <= len(digits) <= 11 and digits.startswith("0")


def pattern_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of e-mail addresses, UK phone numbers and UK postcodes: ``(start, end, placeholder)``."""
    spans = [(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    spans += [(m.start(), m.end(), PHONE) for m in _PHONE.finditer(text) if _phone_ok(m.group())]
    spans += [(m.start(), m.end(), POSTCODE) for m in _POSTCODE.finditer(text)]
    return spans


class EntityCache(Protocol):
    """Where entities computed once are kept (the corpus, or nothing)."""

    def load(self, doc_ids: Sequence[str]) -> Mapping[str, str]: ...

    def save(self, data: Mapping[str, str]) -> None: ...


EntityFinder = Callable[[list[str]], list[list[tuple[int, int, str]]]]


def _default_finder(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from voices.nlp import ner_entities

    return ner_entities(texts)


class Redactor:
    """Redacts texts and pseudonymises authors, consistently across one output.

    Parameters
    ----------
    authors : iterable of str or None
        Every author of the documents in the output, in document order: pseudonyms
        are numbered by first appearance, and personal-looking names are redacted
        wherever they appear in texts.
    entities : callable or None
        Texts -> entity spans per text (default: spaCy NER via ``voices.nlp.ner_entities``).
        Pass ``lambda texts: [[] for _ in texts]`` to use patterns and author names only.
    cache : EntityCache or None
        Keeps entities per document id between runs.

    Examples
    --------
    >>> r = Redactor(["Jane Smith", "Social worker"], entities=lambda ts: [[] for _ in ts])
    >>> r.redact("Jane, email me at jane@example.org - a social worker.")
    '[PERSON], email me at [EMAIL] - a social worker.'
    >>> r.pseudonym("Social worker")
    'Commenter 2'
    """

    def __init__(self, authors: Iterable[str | None] = (), entities: EntityFinder | None = None,
                 cache: EntityCache | None = None) -> None:
        self._pseudonyms: dict[str, str] = {}
        names: set[str] = set()
        for author in authors:
            self.pseudonym(author)
            if looks_like_personal_name(author):
                names.update(_name_terms(author))
        ordered = sorted(names, key=lambda s: (-len(s), s))
        self._names = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)") if ordered else None
        self._finder = entities or _default_finder
        self._cache = cache
        self._entities: dict[str, list[tuple[int, int, str]]] = {}

    def pseudonym(self, author: str | None) -> str | None:
        """``Commenter N`` for an author (None stays None); the same author always gets the same N."""
        if not isinstance(author, str) or not author.strip():
            return None
        key = str(author).strip().casefold()
        if key not in self._pseudonyms:
            self._pseudonyms[key] = f"Commenter {len(self._pseudonyms) + 1}"
        return self._pseudonyms[key]

    def prefetch(self, docs: Iterable[tuple[str, str]]) -> None:
        """Find the entities of many ``(doc_id, text)`` at once (cache first, then one NER pass)."""
        todo = {d: t for d, t in docs if d not in self._entities}
        if not todo:
            return
        if self._cache is not None:
            for doc_id, data in self._cache.load(list(todo)).items():
                self._entities[doc_id] = [tuple(e) for e in json.loads(data)]  # type: ignore[misc]
                todo.pop(doc_id, None)
        if not todo:
            return
        found = self._finder(list(todo.values()))
        fresh = {}
        for doc_id, ents in zip(todo, found, strict=True):
            people = [(int(s), int(e), str(lab)) for s, e, lab in ents if lab == "PERSON"]
            self._entities[doc_id] = people
            fresh[doc_id] = json.dumps(people)
        if self._cache is not None:
            self._cache.save(fresh)

    def spans(self, text: str, doc_id: str | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping spans to replace in ``text``, in order: ``(start, end, placeholder)``."""
        if doc_id is None:
            found = [(s, e, PERSON) for s, e, lab in self._finder([text])[0] if lab == "PERSON"]
        else:
            self.prefetch([(doc_id, text)])
            found = [(s, e, PERSON) for s, e, _ in self._entities[doc_id]]
        if self._names is not None:
            found += [(m.start(), m.end(), PERSON) for m in self._names.finditer(text)]
        candidates = sorted(pattern_spans(text) + found, key=lambda s: (s[0], -(s[1] - s[0])))
        chosen: list[tuple[int, int, str]] = []
        for span in candidates:
            if chosen and span[0] < chosen[-1][1]:
                last = chosen[-1]
                chosen[-1] = (last[0], max(last[1], span[1]), last[2])
                continue
            chosen.append(span)
        return chosen

    def redact(self, text: str, doc_id: str | None = None, start: int = 0, end: int | None = None) -> str:
        """The text (or its ``[start:end]`` window) with identifiers replaced by placeholders.

        Entities are found on the whole text, so a quote cut from it is redacted exactly
        as the whole would be; a span crossing the window's edge becomes one placeholder.
        """
        end = len(text) if end is None else end
        out, pos = [], start
        for s, e, placeholder in self.spans(text, doc_id):
            if e <= start or s >= end:
                continue
            out.append(text[pos:max(s, start)])
            out.append(placeholder)
            pos = min(e, end)
        out.append(text[pos:end])
        return "".join(out)


def redact_frame(frame: pd.DataFrame, redactor: Redactor | None = None, **kwargs: object) -> pd.DataFrame:
    """A copy of an export frame with ``text`` redacted and ``author`` pseudonymised.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``id``, ``author`` and ``text`` (the export fields).
    redactor : Redactor or None
        Built from the frame's authors when None (``kwargs`` go to ``Redactor``).

    Returns
    -------
    pandas.DataFrame
    """
    redactor = redactor or Redactor(list(frame["author"]), **kwargs)  # type: ignore[arg-type]
    ids = [str(i) for i in frame["id"]]
    texts = ["" if t is None else str(t) for t in frame["text"]]
    redactor.prefetch(zip(ids, texts, strict=True))
    out = frame.copy()
    out["text"] = [redactor.redact(t, d) for d, t in zip(ids, texts, strict=True)]
    out["author"] = [redactor.pseudonym(a) for a in frame["author"]]
    return out


class PreloadedCache:
    """Entities already in the corpus, and the fresh ones to write back after the report."""

    def __init__(self, data: Mapping[str, str]) -> None:
        self.data = dict(data)
        self.fresh: dict[str, str] = {}

    def load(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return {d: self.data[d] for d in doc_ids if d in self.data}

    def save(self, data: Mapping[str, str]) -> None:
        self.fresh.update(data)
        self.data.update(data)


def ner_version() -> str:
    """The cache key of NER results: the redaction rules and the spaCy pipeline used."""
    from voices.nlp import resolve_pipeline_name

    return f"{NER_VERSION}:{resolve_pipeline_name()}"


def save_entities(corpus_path: Path | str, fresh: Mapping[str, str]) -> None:
    """Best effort: keep newly found entities for the next report (skipped when the corpus is busy)."""
    if not fresh:
        return
    import duckdb

    from voices.errors import VoicesError
    from voices.store import Corpus
    from voices.store import predictions as store

    try:
        with Corpus.open(corpus_path, write=True, create=False) as corpus, corpus.transaction():
            store.store_cached(corpus, fresh, ner_version())
    except (VoicesError, OSError, duckdb.Error) as exc:  # a full disk or a read-only corpus never fails a read
        log.info("entity cache not saved (%s); the next report recomputes it", exc)
