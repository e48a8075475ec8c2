"""Sites named after a person, linked in a text's body: "see janesmith.com", "www.tomhollis-socialwork.co.uk".

A source title made from a file name hides a first name and a surname run together or parted by "-"
(``joined.file_name_spans``: "kwamemensah_response.txt", "chloebrownsocialwork.com"), but a text's body
read a host as no name (``_redactor._off_hosts``), so "email me via kwamemensah.net" kept the writer's
name in every redacted output. Here each label of a host, the part before its ending and "www" aside,
and each two labels side by side ("jane.smith.com"), is read by that same title rule, and a host any of
which names someone goes whole as a profile, with its path: the rest of the URL can name the person again.
A stop may be written out ("janesmith[.]com", "janesmith(.)co(.)uk", "kwamemensah dot net") and, after a
scheme, a line break may follow one ("https://janesmith.\ncom/about", a wrapped line), and after a scheme or
"www." come before one ("www.janesmith\n.co.uk").

A bare host ("janesmith.com") counts only with an ending a site has (``_ENDINGS``), so "e.g.", "i.e.",
"notes.txt" and "Mr.Smith" are no hosts; with a scheme or "www." any ending will do. A trade (``host_labels._TRADES``)
counts as an ending, real (".coach", ".consulting", ".training") or not (".coaching", ".therapy": not on the Public
Suffix List of 2023-02-09), and a name before it is read as before a trade word ("markbrown.coaching"); an initial
parted from a surname ("j-smith.net") is read joined ("jsmith"). Ordinary sites stay,
as the title rule finds no name in them: "communitycare.co.uk", "basw.co.uk", "gov.uk", "theguardian.com",
"mumsnet.com", "markdownguide.org", "willpower.com" (two English words are no name), and a place's or a
body's site ("victoriahouse.org"). A name of two English words run together is missed, as in a title
("johnsmith.com").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import pairwise

from voices.redact.host_labels import _TRADES, surname_first, traded_name, unlisted_beside_surname, wrapped_name
from voices.redact.joined import file_name_spans
from voices.redact.names import _NAMED_PLACES, _ORG_WORDS
from voices.redact.patterns import PROFILE, Span

_ENDINGS = frozenset("""com org net uk io me info blog dev app site online website page xyz eu ie scot wales cymru
    london social care co us ca au nz biz tv space life world live studio coach consulting training academy ltd
    plc family healthcare clinic services solutions legal law fitness yoga""".split()) | frozenset(_TRADES)
# An initial parted from a surname in a label ("j-smith", "r_jones"), read joined as "jsmith" is
_INITIAL_PARTED = re.compile(r"[a-z][-_][a-z]{4,}")
# The second-level labels of a country's ending ("co.uk", "org.uk", "com.au"): no one's name
_SECOND_LEVEL = frozenset("co org ac gov nhs sch ltd plc me net com police mod".split())
# A label may hold "_" as people type it, though no host may ("jane_smith.com", the title rule's "_" parting)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?"
# A stop, one written out as a warning's links are ("janesmith[.]com", "janesmith(.)co(.)uk", "kwamemensah dot
# net"), or, after a scheme, one a line break follows ("https://janesmith.\ncom/about", a wrapped line), or, after
# a scheme or "www.", one a line break comes before ("www.janesmith\n.co.uk": a line wrapped before the stop)
_STOP = r"(?:(?(scheme)(?:\r?\n)?|(?(www)(?:\r?\n)?))\.(?(scheme)(?:\r?\n)?)|\[\.\]|\(\.\)|[ \t]dot[ \t])"
# A host starts at no stop of its own kind, so "a dot a dot ..." or "a[.]a[.]..." is read once, not from each label
_HOST = re.compile(
    rf"(?<![\w.@/+-])(?<!\[\.\])(?<!\(\.\))(?<!\bdot[ \t])(?P<scheme>[A-Za-z][\w+.-]*://)?"
    rf"(?P<host>(?P<www>(?i:www)\.)?(?:{_LABEL}{_STOP})+(?P<end>[A-Za-z]{{2,24}}))(?![\w-]|\.\w)(?::\d+)?(?P<path>/[^\s<>\"')\],]*)?")
# Full-width forms of ASCII (U+FF01 to U+FF5E: "ｊａｎｅｓｍｉｔｈ．ｃｏｍ", typed on an East Asian keyboard) and the
# ideographic full stop, read as the characters they stand for
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3002: ord(".")}
_STOPS = re.compile(r"\r?\n\.|\.\r?\n|\[\.\]|\(\.\)|[ \t]dot[ \t]|\.")
# In a title, a host's ending runs on into the file's name ("smithjane.net-2024", "okaforkemi.com_response.docx",
# "smithjane.net.pdf"), where a body's host may not go on (``_HOST``): there "-", "_" or a file type's stop after
# an ending a site has (``_parted``) parts the host from the rest, as a space does
_RUN_ON = re.compile(r"\.(?P<end>[A-Za-z]{2,24})(?:[-_]|\.(?=(?i:pdf|docx?|txt|csv|tsv|xlsx?|jsonl?|html?|md|odt|ods|rtf)\b))")
# Second levels only public bodies may hold ("nhs.uk", "gov.uk", "police.uk", "mod.uk"): a trust's or a council's
# site named after a person or a place ("tavistock-portman.nhs.uk", "mary-seacole.nhs.uk") is no one's own; not
# "ac" or "sch", whose hosts may be a person's page
_PUBLIC = frozenset("gov nhs police mod".split())
_PUBLIC_HINT = re.compile(r"\.(?:gov|nhs|police|mod)\.", re.IGNORECASE)
# What parts a label's words ("okaforkemi-uk", "smithjane_blog"), and the shortest part a label's own rules can find
# a name in (``host_labels``: two parts of three letters, a wrapped name of five and a word before it)
_PARTS = re.compile(r"[-_]")
_SHORTEST_PART = 6
# A label ending in a place's or a body's word names no one ("victoriahouse", "marygoldtrust"): one tuple, one call
_NOT_NAME_ENDINGS = tuple(sorted(_NAMED_PLACES | _ORG_WORDS))


def named_hosts(text: str) -> Iterator[Span]:
    """Whole URLs or hosts in ``text`` whose host names someone, as ``[PROFILE]``.

    >>> text = "see janesmith.com, www.tomhollis-socialwork.co.uk/about and communitycare.co.uk."
    >>> [text[s:e] for s, e, _ in named_hosts(text)]
    ['janesmith.com', 'www.tomhollis-socialwork.co.uk/about']
    """
    text = text.translate(_FULL_WIDTH)  # "ｊａｎｅｓｍｉｔｈ.com": one character for one, so spans stand
    if "." not in text and "dot" not in text:
        return
    for m in _HOST.finditer(text):
        labels = _STOPS.split(m.group("host"))
        if not (m.group("scheme") or labels[0].casefold() == "www" or m.group("end").casefold() in _ENDINGS):
            continue
        own = _own_labels(labels)  # and two side by side: "jane.smith.com"
        if _public(labels):
            continue
        ending = m.group("end").casefold()  # "markbrown.coaching": the trade its ending, real or not, says
        if any(map(_names_someone, own + [a + b for a, b in pairwise(own)])) or (
                own and ending in _TRADES and traded_name(own[-1].lower() + ending)):
            end = m.end()
            while end > m.end("host") and text[end - 1] in ".,;:!?":  # the sentence's stop, not the URL's
                end -= 1
            yield m.start(), end, PROFILE


def hosts_unread(text: str, found: Iterable[Span]) -> list[Span]:
    """The named hosts of a source title (``named_hosts``) no span ``found`` in it touches: the file-name rule hides
    the name it reads in a host ("[PERSON]socialwork.com"), but not one only a site's label writes so ("smithjane.net",
    "okaforkemi.com", "markbrowncoaching.co.uk").

    >>> text = "chloebrownsocialwork.com and okaforkemi.com"
    >>> [text[s:e] for s, e, _ in hosts_unread(text, [(0, 10, "[PERSON]")])]
    ['okaforkemi.com']
    """
    spans = sorted((s, e) for s, e, _ in found)
    starts = [s for s, _ in spans]
    longest = max((e - s for s, e in spans), default=0)

    def touched(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in spans[bisect_left(starts, s - longest):bisect_left(starts, e)])

    return [h for h in named_hosts(_RUN_ON.sub(_parted, text)) if not touched(h[0], h[1])]


def _parted(m: re.Match[str]) -> str:
    """A title's "-", "_" or file type's stop just after a site's ending, read as a space (``_RUN_ON``)."""
    return m.group(0) if m.group("end").casefold() not in _ENDINGS else m.group(0)[:-1] + " "


def public_site(url: str) -> bool:
    """A URL on a public body's own site, named after a person or a place as it may be (``_PUBLIC``).

    >>> public_site("https://www.mary-seacole.nhs.uk/about"), public_site("okaforkemi.blog.gov.uk")
    (True, False)
    """
    host = re.sub(r"^[A-Za-z][\w+.-]*://", "", url).split("/", 1)[0].split(":", 1)[0]
    return _public(_STOPS.split(host))


def public_hosts(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a public body's own site bare ("mary-seacole.nhs.uk", ``public_site``): no name is in it.

    >>> public_hosts("see mary-seacole.nhs.uk and janesmith.com")
    [(4, 23)]
    """
    if not _PUBLIC_HINT.search(text):
        return []
    text = text.translate(_FULL_WIDTH)
    return [m.span("host") for m in _HOST.finditer(text) if _public(_STOPS.split(m.group("host")))]


def _public(labels: list[str]) -> bool:
    """One label of its own under a public body's second level ("tavistock-portman.nhs.uk")."""
    return (len(labels) > 2 and len(_own_labels(labels)) == 1 and labels[-2].casefold() in _PUBLIC
            and len(labels[-1]) == 2)


def _own_labels(labels: list[str]) -> list[str]:
    """A host's labels less "www", its ending and a country's second level ("co" of "co.uk")."""
    own = labels[:-1]
    if len(own) > 1 and len(labels[-1]) == 2 and own[-1].casefold() in _SECOND_LEVEL:
        own = own[:-1]
    return [label for label in own if label.casefold() != "www"]


@lru_cache(maxsize=4096)  # a text of many links repeats its hosts' labels ("www", "janesmith" in each URL)
def _names_someone(label: str) -> bool:
    """A host's label the file-name rule finds a name in, read in lower case when written in capitals or with
    one capital ("JANESMITH", "Janesmith"); not one ending in a place's or a body's word ("victoriahouse", "marygoldtrust")."""
    label = label.lower() if label.isupper() or label.istitle() else label
    if label.casefold().endswith(_NOT_NAME_ENDINGS):
        return False
    # "okaforkemi-uk", "smithjane_blog": the file-name rule reads the parts, the label's own rules each one too
    parts = [p for p in _PARTS.split(label) if len(p) >= _SHORTEST_PART and not p.endswith(_NOT_NAME_ENDINGS)]
    if _INITIAL_PARTED.fullmatch(label) and _read_as_name(label[0] + label[2:]):  # "j-smith" as "jsmith"
        return True  # not "e-learning", "t-mobile": no initial's, as "elearning", "tmobile" are none
    return _read_as_name(label) or (label.islower() and (
        _label_names(label) or (parts != [label] and any(map(_label_names, parts)))))


def _label_names(label: str) -> bool:
    """A site's label writes a name as no file name does (``host_labels``): surname first, wrapped, beside a
    surname on no list, before a trade."""
    return (surname_first(label) or wrapped_name(label, _read_as_name) or unlisted_beside_surname(label)
            or unlisted_beside_surname(label, surname_first=False) or traded_name(label))


def _read_as_name(label: str) -> bool:
    """The file-name rule finds a name in ``label``."""
    return next(file_name_spans(label), None) is not None
