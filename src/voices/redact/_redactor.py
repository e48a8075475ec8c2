"""The ``Redactor``: one per output, so placeholders, pseudonyms and ids agree across it.

NER is the slow part (the full pipeline), so its PERSON spans are computed once per
document and can be cached (the corpus keeps them in its ``prepared`` table under
``NER_VERSION``: ``voices.redact.entity_cache``); the name filter and every pattern run
each time, so the cache holds no decision that a later rule could want to change. An
export frame is redacted field by field in ``voices.redact.frames``; fields, source titles and
questions are shown once per output by ``voices.redact.shown``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from voices.placeholders import names_nobody
from voices.redact.authors import (
    author_name,
    case_forms,
    looks_like_handle,
    looks_like_personal_name,
    mid_sentence_spans,
    name_terms,
    word_names,
)
from voices.redact.employers import employer_spans
from voices.redact.erased import ErasedNames
from voices.redact.framed import (
    dotted_initials,
    first_names_before,
    framed_name_spans,
    line_broken_surnames,
    undotted_initials,
)
from voices.redact.hashtags import hashtag_names
from voices.redact.hosts import hosts_unread, named_hosts, public_hosts, public_site
from voices.redact.initialled import initialled_surnames
from voices.redact.joined import JoinedNames, file_name_spans
from voices.redact.listed import listed_name_spans
from voices.redact.names import NAME_LABELS, PERSON
from voices.redact.ner_people import first_paragraph, person_span
from voices.redact.other_scripts import other_script_full_names
from voices.redact.patterns import PROFILE, pattern_spans, url_hosts, urls_on_named_hosts
from voices.redact.places import without_places
from voices.redact.query_names import query_names
from voices.redact.recurring import name_parts, part_spans, recurring_names
from voices.redact.rule_names import names_continued, rule_name_spans
from voices.redact.shown import _TITLE_KEY, ShownValues
from voices.redact.slugs import titled_slugs
from voices.redact.title_shapes import composed
from voices.redact.trie import alternation
from voices.redact.unlisted import never_a_person, unlisted_name_spans
from voices.redact.us_places import first_names_before_state, surnames_before_towns

if TYPE_CHECKING:
    from voices.redact.entity_cache import EntityCache

log = logging.getLogger(__name__)

# A question id made from a hash of its header (``voices.ingest.consultation``): "q2cb15b45", "Q1-2cb15b45".
_HASHED_QUESTION = re.compile(r"(?:^q|-)[0-9a-f]{8}$")

# What a redacted report names as the author of an organisation's answer, and an export's organisation field.
ORGANISATION_AUTHOR, ORGANISATION_FIELD = "an organisation", "[ORGANISATION]"
# What it shows for "Anonymous", "Guest", "N/A": several people post so, and one "Commenter N" made them one
UNNAMED_AUTHOR = "an unnamed commenter"
_NO_NAMES: frozenset[str] = frozenset()  # one object for every text that names no one


EntityFinder = Callable[[list[str]], list[list[tuple[int, int, str]]]]


def _default_finder(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from voices.nlp import ner_entities

    return ner_entities(texts)


class Redactor(ShownValues):
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
    ids : callable or None
        Document id -> the id the output shows (``IdMask``); default: ids unchanged. An ``IdMask``
        made for a corpus brings the names ``voices delete`` erased from it (``ErasedNames``).
    erased : ErasedNames or None
        Erased names to hide as author names are (default: the ``ids`` mask's).

    Examples
    --------
    >>> r = Redactor(["Jane Smith", "Social worker"], entities=lambda ts: [[] for _ in ts])
    >>> r.redact("Jane, email me at jane@example.org - a social worker.")
    '[PERSON], email me at [EMAIL] - a social worker.'
    >>> r.pseudonym("Social worker")
    'Commenter 2'
    """

    def __init__(self, authors: Iterable[str | None] = (), entities: EntityFinder | None = None,
                 cache: EntityCache | None = None, ids: Callable[[str], str] | None = None,
                 erased: ErasedNames | None = None) -> None:
        self._pseudonyms: dict[str, str] = {}
        self._known: set[str] = set()
        words: set[str] = set()
        handles: set[str] = set()
        self._joined = JoinedNames()  # "kemi-okafor-response", "KemiOkafor": authors', then the texts' names
        for author in authors:
            self.pseudonym(author)
            name = author_name(author) if isinstance(author, str) else None  # "Priya Ramaswamy 🌸" names Priya
            if looks_like_personal_name(name):
                self._joined.add(name)
                self._known.update(f for term in name_terms(name) for f in case_forms(term))
                words.update(word_names(name))  # "Grace", "Mark": names only inside a sentence
            elif looks_like_handle(name):  # "SWmum1985 nailed it": the pseudonym is no use if texts name it
                handles.add(name.casefold())
        self._handles = re.compile(r"(?<![\w.])" + alternation(handles) + r"(?![\w]|\.\w)", re.I) if handles else None
        self._word_names = re.compile(r"(?<![\w'’-])" + alternation(words) + r"(?![\w-])") if words else None
        self._names: re.Pattern[str] | None = None
        self._compile_names()
        self._finder = entities or _default_finder
        self._cache = cache
        self._entities: dict[str, list[tuple[int, int, str]]] = {}
        self._ids = ids
        self._erased = erased if erased is not None else getattr(ids, "erased", None)
        self._respondents: dict[str, str] = {}
        self._labellers: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._fields: dict[str, str] = {}
        self._questions: dict[str, str] = {}
        self._source_ids: dict[str, str] = {}
        self._question_ids: dict[str, str] = {}
        self._names_given: dict[str, frozenset[str]] = {}  # per text redacted: its name parts (``names_given``)

    def _compile_names(self) -> None:
        # "_" parts a name as "-" does ("okafor_k"): a user name or a file name
        self._names = re.compile(r"(?<![^\W_])" + alternation(self._known) + r"(?![^\W_])") if self._known else None

    def hides_word(self, word: str) -> bool:
        """Whether ``word`` is hidden wherever a text writes it, as it is written here: a term of an
        author's name, or of a name ``voices delete`` erased, in that case ("okafor", "OKAFOR").

        A theme's terms are lower-case words, judged in the texts (``voices.themes._private``).

        >>> r = Redactor(["Kemi Okafor"], entities=lambda ts: [[] for _ in ts])
        >>> [w for w in ("okafor", "kemi", "caseload") if r.hides_word(w)]
        ['okafor', 'kemi']
        """
        if any(p is not None and p.fullmatch(word) for p in (self._names, self._handles)):
            return True
        return bool(self._erased) and any(s == 0 and e == len(word) for s, e, _ in self._erased.spans(word))

    def show_id(self, doc_id: str | None) -> str | None:
        """The id this output shows for a document (keyed or a row number when masking)."""
        return doc_id if doc_id is None or self._ids is None else self._ids(doc_id)

    def pseudonym(self, author: str | None) -> str | None:
        """``Commenter N`` for an author (None stays None); the same author always gets the same N.

        A placeholder several people post under ("Anonymous", "Guest", "N/A": ``voices.placeholders``) is
        ``an unnamed commenter``, numbered as no one.
        """
        if not isinstance(author, str) or not author.strip():
            return None
        if names_nobody(author):
            return UNNAMED_AUTHOR
        key = str(author).strip().casefold()
        if key not in self._pseudonyms:
            self._pseudonyms[key] = f"Commenter {len(self._pseudonyms) + 1}"
        return self._pseudonyms[key]

    def respondent(self, respondent_id: object) -> str | None:
        """``Respondent N`` for a respondent id (missing stays None), numbered by first appearance."""
        return _numbered(self._respondents, "Respondent", respondent_id)

    def labeller(self, name: object) -> str | None:
        """``Labeller N`` for the person who gave a label (missing stays None), numbered by first appearance."""
        return _numbered(self._labellers, "Labeller", name)

    def prefetch(self, docs: Iterable[tuple[str, str]]) -> None:
        """Find the entities of many ``(doc_id, text)`` at once (cache first, then one NER pass)."""
        todo = {d: t for d, t in docs if d not in self._entities}
        if not todo:
            return
        if self._cache is not None:
            for doc_id, data in self._cache.load(list(todo)).items():
                self._entities[doc_id] = [tuple(e) for e in json.loads(data)]  # type: ignore[misc]
                self._joined.update(_people(todo[doc_id], self._entities[doc_id]))
                todo.pop(doc_id, None)
        if todo:
            found = self._finder(list(todo.values()))
            fresh = {}
            for doc_id, ents in zip(todo, found, strict=True):
                people = [(int(s), int(e), str(lab)) for s, e, lab in ents if lab in NAME_LABELS]
                self._entities[doc_id] = people
                self._joined.update(_people(todo[doc_id], people))  # known before any title is shown
                fresh[doc_id] = json.dumps(people)
            if self._cache is not None:
                self._cache.save(fresh)

    def spans(self, text: str, doc_id: str | None = None, context: Iterable[str] = ()) -> list[tuple[int, int, str]]:
        """Non-overlapping spans to replace in ``text``, in order: ``(start, end, placeholder)``.

        ``context``: name parts of the text shown beside this one (``names_given``), hidden here
        wherever it writes them, as a name found in the text itself is (``recurring_names``).
        """
        if doc_id is not None and doc_id.startswith(_TITLE_KEY) and (plain := composed(text)) is not None:
            return self._composed_title(doc_id, context, *plain)  # "jose\u0301-garci\u0301a-2024.docx" from a Mac
        if doc_id is None:
            people = [(s, e, lab) for s, e, lab in self._finder([text])[0] if lab in NAME_LABELS]
        else:
            self.prefetch([(doc_id, text)])
            people = self._entities[doc_id]
        found = [(s, e, PERSON) for s, e in _person_spans(text, people)]
        found += rule_name_spans(text)
        found += listed_name_spans(text)
        found += unlisted_name_spans(text, people)
        found += framed_name_spans(text)
        found += dotted_initials(text)
        found += initialled_surnames(text)  # "Report by J. Smith": a surname that is an English word
        found += other_script_full_names(text)  # "Ο Γιώργος Παπαδόπουλος είπε": no entity to NER
        if self._names is not None:
            found += [(m.start(), m.end(), PERSON) for m in self._names.finditer(text)]
        if self._word_names is not None:
            found += mid_sentence_spans(text, self._word_names)
        if self._handles is not None:
            found += [(m.start(), m.end(), PROFILE) for m in self._handles.finditer(text)]
        joined = list(self._joined.spans(text))
        title = doc_id is not None and doc_id.startswith(_TITLE_KEY)
        if title:  # "tom-hollis-feedback.csv" (``source_titles``)
            joined += file_name_spans(text)
        found += joined
        found += titled_slugs(text)  # "https://example.org/lord-pellow/": a peer's page, named in its path
        if self._erased:  # "Zed never listened", after Zed Mulcahy's own comments were deleted
            found += self._erased.spans(text)
        found = _off_hosts(text, found)  # "https" and "Www" are no one's name
        found = without_places(text, found, title)  # "St [PERSON]'s Hospital", "Tel [PERSON]", "Chester response"
        found += list(line_broken_surnames(text, found))
        found += list(first_names_before(text, found))  # "cc: Tunde Bello" where only "Bello" is listed
        found += list(first_names_before_state(text, found))  # "Paris Hilton, CA": "Paris" is on the towns' list
        found += list(surnames_before_towns(text))  # "Smith, Florence SC": a surname alone before a town
        found += list(undotted_initials(text, found))
        found += list(names_continued(text, found))  # "Lord [PERSON] of Bradford", 'Chris "Big C" [PERSON]'
        found += without_places(text, part_spans(text, context))  # "Tallis plan is fine" under "Mira Tallis's plan?"
        found += without_places(text, recurring_names(text, found))  # "Kemi Okafor chaired it. okafor agreed later."
        found += list(hashtag_names(text, found))  # "#JusticeForKemiOkafor" beside "Kemi Okafor"
        found = _off_hosts(text, found)
        self._joined.update(text[s:e] for s, e, label in found if label == PERSON)  # a title after them names no one
        # "https://kemiokafor.com/about": a host is read as no name; "mary-seacole.nhs.uk" is a body's own site
        found += [u for u in urls_on_named_hosts(text, joined) if not public_site(text[u[0]:u[1]])]
        # "see janesmith.com"; a title reads its hosts by the file-name rule, then by a site's label ("smithjane.net")
        found += hosts_unread(text, found) if title else named_hosts(text)
        found += query_names(text)  # "?author=janesmith" on a host that names no one
        found += employer_spans(text)  # "I am the principal social worker for [ORGANISATION]"
        candidates = sorted(pattern_spans(text) + found, key=lambda s: (s[0], -(s[1] - s[0])))
        chosen: list[tuple[int, int, str]] = []
        for span in candidates:
            if chosen and span[0] < chosen[-1][1]:
                last = chosen[-1]
                chosen[-1] = (last[0], max(last[1], span[1]), last[2])
                continue
            chosen.append(span)
        if doc_id is not None:  # a later text shown beside this one hides them too; none kept too, so a
            # question that names no one is read once, not again for each of its answers (``names_given``)
            self._names_given[doc_id] = frozenset().union(*(name_parts(text[s:e]) for s, e, label in chosen
                                                            if label == PERSON)) or _NO_NAMES
        return chosen

    def _composed_title(self, doc_id: str, context: Iterable[str], plain: str,
                        where: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """The spans of a title whose accents are combining marks, read in ``plain`` (``title_shapes.composed``:
        "josé", not "jose" and a mark) and put back where the title has them."""
        key = _TITLE_KEY + plain
        found = [(where[s][0], where[e - 1][1], label) for s, e, label in self.spans(plain, key, context)]
        self._names_given[doc_id] = self._names_given[key]
        return found

    def names_given(self, key: str | None, text: str | None = None) -> frozenset[str]:
        """The name parts a text already redacted in this output gave (those that cannot be everyday words,
        ``recurring.name_parts``): the context for a text shown beside it (``redact``'s ``context``).

        ``key`` is the document id, or ``question:`` and the question as ``questions`` redacts it;
        with ``text``, a text not redacted yet is redacted first. Empty for a text that names no one.

        >>> r = Redactor(entities=lambda ts: [[(12, 23, "PERSON")] if "Mira" in t else [] for t in ts])
        >>> q = "thoughts on Mira Tallis's plan?"
        >>> r.redact("Tallis plan is fine", "d1", context=r.names_given(f"question:{q}", q))
        '[PERSON] plan is fine'
        """
        if key is None:
            return frozenset()
        if key not in self._names_given and isinstance(text, str) and text.strip():
            self.spans(text, key)
        return self._names_given.get(key, frozenset())

    def question_names(self, question: object) -> frozenset[str]:
        """The name parts a consultation question gives (``names_given``): an answer shown with it hides them."""
        if not isinstance(question, str) or not question.strip():
            return frozenset()
        return self.names_given(f"question:{question}", question)

    def names_beside(self, question: object = None, parent: str | None = None,
                     parent_text: str | None = None) -> frozenset[str]:
        """The name parts the texts shown beside one give (``redact``'s ``context``): its ``question``'s,
        and its ``parent``'s (a document id; with ``parent_text``, redacted first if it was not yet)."""
        return self.question_names(question) | self.names_given(parent, parent_text)

    def show_source_id(self, source_id: str | None, title: str | None = None) -> str | None:
        """The id this output shows for a source: keyed with the corpus's secret, else ``source N``.

        A source's id is a plain hash of its URL or title (``voices.ids.source_id``), so
        anyone who guessed a redacted title ("Letter from Sarah Jones") or a URL a redacted
        output never shows (a personal blog) could hash it and confirm the guess. With the
        corpus's ``IdMask`` the id is keyed (``ks`` and 12 hex digits; ``--source`` takes
        it), the same in every output of the corpus; without a key, ``source N`` by first
        appearance in this output. ``title`` no longer decides, as every source is hidden.

        >>> r = Redactor(entities=lambda ts: [[] for _ in ts])
        >>> r.show_source_id("s1", "Reply to jo@example.org"), r.show_source_id("s2", "Consultation")
        ('source 1', 'source 2')
        """
        if not isinstance(source_id, str):
            return source_id
        keyed = getattr(self._ids, "source", None)  # an IdMask with the corpus's key
        shown = keyed(source_id) if keyed is not None else None
        return shown or _numbered(self._source_ids, "source", source_id)

    def show_question_id(self, question_id: str | None, question: str | None) -> str | None:
        """The id this output shows for a question: ``question N`` when it hashes a header that is redacted.

        A question with no "Q1."-style number gets ``q`` and a hash of its header ("q2cb15b45"), and a
        repeated number one after it ("Q1-2cb15b45"): beside "Comments on Dr [PERSON]'s proposal" it
        let anyone who guessed the header confirm it. As ``show_source_id`` does for a source, such an
        id is ``question N`` (by first appearance in this output) where its question is redacted; a
        numbered id ("Q5") tells nothing, and one beside a question shown as it is hides nothing.

        >>> r = Redactor(["Oswin Pellow"], entities=lambda ts: [[] for _ in ts])
        >>> r.show_question_id("q2cb15b45", "Comments on Oswin Pellow's proposal"), r.show_question_id("Q5", "Q5. Why?")
        ('question 1', 'Q5')
        """
        if (not isinstance(question_id, str) or not _HASHED_QUESTION.search(question_id)
                or self.question(question) == question):
            return question_id
        return _numbered(self._question_ids, "question", question_id)

    def redact(self, text: str, doc_id: str | None = None, start: int = 0, end: int | None = None,
               context: Iterable[str] = ()) -> str:
        """The text (or its ``[start:end]`` window) with identifiers replaced by placeholders.

        Entities are found on the whole text, so a quote cut from it is redacted exactly
        as the whole would be; a span crossing the window's edge becomes one placeholder.
        ``context``: the name parts of a text shown beside it (``names_given``).
        """
        end = len(text) if end is None else end
        out, pos = [], start
        for s, e, placeholder in self.spans(text, doc_id, context):
            if e <= start or s >= end:
                continue
            out.append(text[pos:max(s, start)])
            out.append(placeholder)
            pos = min(e, end)
        out.append(text[pos:end])
        return "".join(out)


def _person_spans(text: str, entities: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The spans of NER's entities that are a person's name (most places and bodies are not)."""
    return [kept for kept in (person_span(text, *first_paragraph(text, s, e), lab) for s, e, lab in entities)
            if kept and not never_a_person(text[kept[0]:kept[1]])]


def _people(text: str, entities: Iterable[tuple[int, int, str]]) -> list[str]:
    return [text[s:e] for s, e in _person_spans(text, entities)]


def _off_hosts(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``found`` without the name spans inside a URL's scheme or host (``https://`` read as a name)."""
    hosts = (url_hosts(text) if "://" in text or "www." in text.lower() else []) + public_hosts(text)  # "x.nhs.uk"
    return [f for f in found if not any(s <= f[0] and f[1] <= e for s, e in hosts)] if hosts else found


def _numbered(seen: dict[str, str], word: str, value: object) -> str | None:
    if _missing(value) or not str(value).strip():
        return None
    return seen.setdefault(str(value).strip().casefold(), f"{word} {len(seen) + 1}")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)
