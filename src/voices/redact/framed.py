"""Names the way a text is written gives away: sign-offs, particles, minutes, capitals, lower case.

The other rules read a Title-case word in a sentence. These read what frames a name:

- greetings and sign-offs: "Dear Eilidh,", "Hi Oisín", "Regards, Dafydd ap Gruffydd",
  "Kind regards,\\nNneka", "REGARDS, SIOBHAN": the name-shaped words after them (Title case or
  capitals) that are no English word, or are a listed name;
- surname particles joining a name ("Aisling Ní Bhriain", "Rhys ab Owain", "Omar al-Rashid",
  "Pieter van der Berg") and Mac/Mc/O'/D'/Fitz surnames on no English list ("Macleod", "D'Arcy");
- minutes and case notes: a word on no English list before a role in brackets ("Femi (IRO)") or
  after a role label and colon ("TM: Oluwaseun.", "Chair: Adaeze");
- names in capitals inside a text that is not in capitals ("I told KEMI"), and listed first names
  in lower case inside a text written in lower case ("spoke to kemi"): read as if Title case, and
  kept only where a person's name goes (``unlisted._in_names_place``);
- initials with full stops, as case notes and minutes write people ("J.B. was seen", "Present: A.B.
  (chair), C.D."), unless a dotted abbreviation ("U.K.", "G.P.", "P.S."): ``dotted_initials``;
- a surname a line break parts from the name before it ("I spoke to Sarah\\nJones about it",
  "Regards,\\nSarah\\nJones"): ``line_broken_surnames``, given the names already found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from voices.redact.lower_sign_offs import lower_sign_off_names
from voices.redact.name_cues import ROLE_BEFORE, cued_surname, kin_word_name, labelled, labelled_shouted, paired, town_surname
from voices.redact.names import (
    _LO,
    _NAMED_PLACES,
    _ORG_WORDS,
    _SURNAME,
    _UP,
    PERSON,
    Span,
    _english_words,
    _is_surname,
    _opener_words,
    listed_names,
)
from voices.redact.unlisted import (
    _AFTER_STRONG,
    _BEFORE,
    _LINK,
    _PLACE_AFTER,
    _TOWNS,
    _WORD_SHAPE,
    _in_names_place,
    _never,
    _unknown,
    never_names,
)

_CAP = rf"(?:{_UP}{_LO}+(?:['’-]{_UP}?{_LO}+)*|{_UP}{{2,}}(?:['’-]{_UP}+)*)"  # "Dafydd", "SIOBHAN", "O'NEILL"
_PARTICLE = r"(?:ap|ab|ferch|verch|Ní|Nic|Ó|Ua|Mac|Mc|de|da|di|du|van|von|der|den|ten|ter|bin|binti|bint|ibn|la|le)"
_FULL = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_CAP}){{0,3}}"
_GREETING = re.compile(rf"(?:^|(?<=[\n.!?]))[ \t\"'“]*(?i:dear|hi|hiya|hello|hey|morning|afternoon|thanks|thank[ \t]+you)"
                       rf",?[ \t]+(?P<n>{_FULL})(?:[ \t]+(?:and|&)[ \t]+(?P<m>{_FULL}))?(?=[ \t]*(?:[,.!?:;\n-]|$))")
_SIGN_OFF = re.compile(rf"(?:^|(?<=[\n.!?]))[ \t]*(?i:(?:kind|best|warm|warmest)[ \t]+(?:regards|wishes)|regards|"
                       r"many[ \t]+thanks|thanks(?:[ \t]+again)?|thank[ \t]+you|best|cheers|yours(?:[ \t]+(?:sincerely|"
                       r"faithfully|truly))?|sincerely|all[ \t]+the[ \t]+best|take[ \t]+care|with[ \t]+thanks|love)"
                       rf"[ \t]*[,.!-]?[ \t]*\n?(?:[ \t]*\n)?[ \t]*(?:[-–—~][ \t]*)?(?P<n>{_FULL})(?=[ \t]*(?:[.!,(\n-]|$))")
# Particles that join a surname to the name before it ("Rhys ab Owain", "Ali bin Said"): on their own a name.
_STRONG = r"ap|ab|ferch|verch|Ní|Nic|Ó|Ua|bin|binti|bint|ibn"
_JOINED = re.compile(rf"(?<![\w'’-])(?P<n>{_UP}{_LO}+[ \t]+(?:(?:{_STRONG}|"
                     rf"de|da|van|von|der|den)[ \t]+)+(?:{_UP}{_LO}*[ \t]+)*{_UP}{_LO}+(?:['’-]{_UP}{_LO}+)*"
                     rf"|{_UP}{_LO}+[ \t]+(?:al|el)-{_UP}{_LO}+)(?![\w-])")
_STRONG_PARTICLE = re.compile(rf"[ \t](?:{_STRONG})[ \t]")
_GAELIC = re.compile(rf"(?<![\w'’-])(?:Ó|Ua|Ní|Nic)[ \t]+{_UP}{_LO}+(?![\w-])")  # "Mr Ó Dónaill"
_PREFIXED = re.compile(rf"(?<![\w'’-])(?:(?:Mac|Mc|O['’]|D['’]){_UP}{_LO}+|(?:Mac|Mc|Fitz){_LO}{{3,}})(?:-{_UP}{_LO}+)?"
                       r"(?![\w-])")
# O'/D' surnames in lower case ("o'neill", "d'souza-khan"); "o'clock" ends in an English word.
_LOWER_APOSTROPHE = re.compile(r"(?<![\w'’@./-])[od]['’](?P<rest>[a-z]{3,})(?:-[a-z]{3,})?(?=['’]s\b|(?![\w@/'’-]|\.\w))")
# Mc/Mac surnames in lower case: names where a person's name goes ("spoke to macleod"), as listed names are.
_LOWER_MAC = re.compile(r"ma?c[a-z]{3,}")
# Bodies and things these prefixes begin: "Macmillan nurse", "a Macbook", "McDonald's" as a place to eat.
_PREFIX_WORDS = frozenset("macmillan macbook macbooks mcdonalds mcdonald's mcdonald’s machine machines".split())
# Labels that open a list of who was there ("Present: A (SW), B"): ``_in_a_roll``.
_ROLL_LABELS = r"Present|Also[ \t]+present|Attendees|Attending|Apologies|Absent"
_ROLE_LABEL = re.compile(r"(?:^|(?<=[\n.;,(]))[ \t]*(?:[A-Z]{2,6}|Chair|Chaired[ \t]+by|Minutes|Minute[ \t]+taker|"
                         rf"{_ROLL_LABELS}|Author|Note[ \t]+taker"
                         # a message's or a form's header: "cc: Kemi Okafor", "From: Kemi Okafor", "Name: ..."
                         r"|From|To|(?i:cc|bcc)|Name|Full[ \t]+name|Sender|Contact|Respondent|Reviewer|Submitted[ \t]+by)"
                         r"[ \t]*[:–-][ \t]*$")
_BODY_AFTER = re.compile(r"[ \t]+(?:Care|Family|Nursery|Surgery|Clinic|Hub|Home|Project|Refuge|Hostel|Hospice)\b")
_ROLE_AFTER = re.compile(r"[ \t]*\((?:[A-Z]{2,6}|[a-z]+(?:[ \t]+[a-z]+)?)\)")
_WORD = re.compile(rf"(?<![\w'’-]){_CAP}(?![\w-])")
_LOWER_WORD = re.compile(r"(?<![\w'’@./-])[a-z]{3,}(?![\w@/'’-]|\.\w)")  # not "aren" of "aren't"
# Capitals that are the sector's abbreviations, not names ("IRO", "SEN", "CIN"), when written so.
_ACRONYMS = frozenset("""iro sen send cin lac cla cpp ehcp ehc neet asd adhd marac mappa plo icpc rcpc sgo dols mca dsl
    senco pep tac caf fsw ssw edt dass dcs adass icb ics ccg mash lado camhs nhs gp hv aps cse cce fgc ldd sdq mosaic lscb lscp
    dbs adoption nice nao ofsted unison sure pip esa uc dla ppe ehat ehcna ahp amhp bia rmo pru sar csr""".split())


def framed_name_spans(text: str) -> Iterator[Span]:
    """Names found by how the text frames them (the module docstring).

    >>> text = "Dear Eilidh, thanks.\\nRegards,\\nDafydd ap Gruffydd"
    >>> sorted({text[s:e] for s, e, _ in framed_name_spans(text)})  # two rules can find one name
    ['Dafydd ap Gruffydd', 'Eilidh']
    """
    names, words = listed_names()
    never = _never()
    lower_words = set(_LOWER_WORD.findall(text))
    for pattern in (_GREETING, _SIGN_OFF):
        for m in pattern.finditer(text):
            for group in ("n", "m"):
                if group in m.groupdict() and m.group(group) and _a_name(m.group(group), names, words, never):
                    yield m.start(group), m.end(group), PERSON
    yield from lower_sign_off_names(text, lambda word: _a_name(word, names, words, never))  # "regards\ndave h"
    for m in _JOINED.finditer(text):
        first = m.group().split()[0].lower()
        if _STRONG_PARTICLE.search(m.group()) or first in names or first in words or first not in never:
            yield m.start(), m.end(), PERSON
    for m in _GAELIC.finditer(text):
        yield m.start(), m.end(), PERSON
    yield from _prefixed(text, never)
    yield from _minutes(text, names, words, lower_words)
    yield from _recased(text, names, words)


def _prefixed(text: str, never: frozenset[str]) -> Iterator[Span]:
    """Mac/Mc/O'/D'/Fitz surnames on no English list ("Macleod", "D'Arcy"); one that is an English word
    ("Mackintosh") only where a person's name goes or listed beside such a surname ("Mackintosh and
    Fitzpatrick signed it off")."""
    sure, worded = [], []
    for m in _PREFIXED.finditer(text):
        word = m.group().lower()
        if _PLACE_AFTER.match(text, m.end()) or word in _PREFIX_WORDS:
            continue  # "MacArthur Park", "McIntyre House", "a Macmillan nurse"
        if word not in never and not (word.startswith("mac") and word[3:] in never):
            sure.append(m)
        elif word in _english_words():
            worded.append(m)
    for m in sure:
        yield m.start(), m.end(), PERSON
    for m in _LOWER_APOSTROPHE.finditer(text):  # "i spoke to o'neill", "d'souza said": "o'clock" is a word
        if m.group("rest") not in never:
            yield m.start(), m.end(), PERSON
    for m in worded:
        beside = any(_LINK.match(text[a.end():b.start()]) for o in sure for a, b in ((m, o), (o, m)) if a.end() <= b.start())
        if beside or _in_names_place(text, m):
            yield m.start(), m.end(), PERSON


def _a_name(full: str, names: frozenset[str], words: frozenset[str], never: frozenset[str]) -> bool:
    """Whether the words after a greeting or sign-off are a name: its first word is a listed name or no
    English word ("Dear Eilidh", "Regards, SIOBHAN"; not "Dear Sir", "Thanks All", "Best Practice")."""
    if any(w.lower() in _ORG_WORDS or w.lower() in _NAMED_PLACES for w in re.split(r"[ \t]+", full)):
        return False  # "Best wishes,\nBrackwell Council": a body signs off too
    first = re.split(r"[ \t]+", full)[0]
    if first.isupper() and len(first) < 3:
        return False  # "Thanks CC": initials
    parts = first.lower().replace("’", "'").split("-")
    return all(len(p) >= 2 for p in parts) and (
        any(p in names or p in words for p in parts) or all(p not in never and p not in _ACRONYMS for p in parts))


def _minutes(text: str, names: frozenset[str], words: frozenset[str], lower_words: set[str]) -> Iterator[Span]:
    """Names in minutes and case notes: before a role in brackets, or after a role label and colon."""
    for m in _WORD.finditer(text):
        if not (m.group()[1:].islower() or "-" in m.group()):
            continue
        word = m.group().lower()
        known = word in names or word in words or _unknown(m.group(), lower_words)
        if not known or _PLACE_AFTER.match(text, m.end()) or _BODY_AFTER.match(text, m.end()):
            continue  # "Chair: Brackenfield Care Home", "Contact: Oakley House": a body's or a place's name
        labelled = _ROLE_LABEL.search(text, max(0, m.start() - 30), m.start())
        if labelled or _ROLE_AFTER.match(text, m.end()) or _in_a_roll(text, m.start()):
            sur = _SURNAME.match(text, m.end())  # "SW: Tendai Moyo"
            yield m.start(), sur.end() if sur and _is_surname(sur.group("s"), words) else m.end(), PERSON


_ROLL = re.compile(r"(?:\)|[A-Z][a-z]+)[ \t]*(?:,|and|&)[ \t]*$")
_ROLL_LABEL = re.compile(rf"[ \t]*(?:{_ROLL_LABELS})[ \t]*[:–-]")


def _in_a_roll(text: str, start: int) -> bool:
    """Whether a word follows "Name (role)," in a list that a role label opened ("Present: A (SW), B"); only the
    200 characters before it are searched for that (the whole line, per word, was quadratic: 4 s at 100k)."""
    line_start = max(text.rfind("\n", 0, start), text.rfind(".", 0, start)) + 1
    return bool(_ROLL_LABEL.match(text, line_start, start) and _ROLL.search(text, max(line_start, start - 200), start))


def _recased(text: str, names: frozenset[str], words: frozenset[str]) -> Iterator[Span]:
    """Names in capitals in a text not in capitals, and listed names in lower case, read as Title case and
    kept where a person's name goes ("I told KEMI", "MARK said", "spoke to kemi", "spoke to sarah jones")."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return
    candidates: list[tuple[int, int]] = []
    weak: set[int] = set()  # words also English: a name only in a person's plainest place
    shouted = sum(c.isupper() for c in letters) / len(letters) >= 0.5  # a text written in capitals
    for s, e, is_weak in (_shouted_names(text, names, words) if shouted else _capitals(text, names, words)):
        candidates.append((s, e))
        if is_weak:
            weak.add(s)
    surnames = {}
    for s, e, after in _lower_names(text, names, words):
        candidates.append((s, e))
        surnames[s] = after
    if not candidates:
        return
    shadow = list(text)
    for s, e in candidates:
        shadow[s:e] = text[s:e].title()
    recased = "".join(shadow)
    starts = {s for s, _ in candidates}
    last = begin = None
    for s, e in sorted(candidates):
        m = re.compile(r"\S+").match(recased, s)
        joined = last is not None and last <= s and s not in weak and bool(_SPACED.fullmatch(text, last, s))  # "KEMI OKAFOR"
        listed = joined or (last is not None and last <= s and _LINK.match(text[last:s]) is not None)  # "KEMI and MARK"
        roled = ((s not in weak and ROLE_BEFORE.search(text, max(0, s - 30), s) is not None)  # "social worker kemi"
                 or labelled(text, s)  # "cc: kemi", "CC: KEMI", "Attendees: priya okafor, tamsin ellery"
                 or (shouted and paired(text, e, starts)))  # "DESMOND FAIRWEATHER": as "Desmond Fairweather"
        whole = _Span(recased, s, surnames.get(s) or e)  # "sarah okafor rang me": the verb after the surname
        if m is None or m.end() < e or not (listed or roled or _in_names_place(recased, whole)):
            continue
        if s in weak and (_DETERMINED.search(text, max(0, s - 20), s) or not (
                listed or _BEFORE.search(recased, max(0, s - 40), s) or _AFTER_STRONG.match(recased, e))):
            continue  # "we WILL fight", "no HOPE left": a word shouted; "ring BOLA", "MARK said": a person
        begin = begin if joined else s
        last = surnames.get(s) or e
        yield begin, last, PERSON


def _capitals(text: str, names: frozenset[str], words: frozenset[str]) -> Iterator[tuple[int, int, bool]]:
    """Words in capitals that may be names: ``(start, end, weak)``, weak for a word that is also an
    English word ("MARK", "BOLA") but none this field writes every day, nor shaped as an adverb or adjective;
    a UK town's name just after a first name is its surname ("SARAH WHITBY")."""
    named = -1  # where the last listed first name in capitals ends
    for m in re.finditer(rf"(?<![\w'’-])(?:{_UP}['’])?{_UP}{{2,}}(?![\w-])", text):
        word = m.group().lower()
        plain = word.replace("'", "").replace("’", "")
        if len(plain) < 3 or plain in _ACRONYMS or not re.search(r"[aeiouy]", plain):
            continue
        if word in _TOWNS and named >= 0 and _SPACED.fullmatch(text, named, m.start()):
            yield m.start(), m.end(), False
        elif (word in names and word not in _never()) or (len(plain) >= 4 and _unknown(m.group().title(), set())):
            named = m.end() if word in names else -1
            yield m.start(), m.end(), False
        elif (word in names or word in words or word in _english_words()) and word not in _opener_words() \
                and word not in _NOT_ENGLISH_ONLY and not _WORD_SHAPE.search(word) \
                and word not in never_names():  # "IMO", "SHELTER", "OFSTED"
            yield m.start(), m.end(), True


def _shouted_names(text: str, names: frozenset[str], words: frozenset[str]) -> Iterator[tuple[int, int, bool]]:
    """In a text written in capitals, a listed first name that is no English word nor a place's, and the word
    one space after it that may be its surname ("PASS THIS TO DESMOND FAIRWEATHER", "CC: KEMI OKAFOR"); every
    other word in capitals is read as a word, as it was."""
    never, english = _never(), _english_words()
    named = -1  # where the last such first name ends
    for m in re.finditer(rf"(?<![\w'’-]){_UP}{{3,}}(?:-{_UP}{{2,}})*(?![\w'’-])", text):  # "WHITBY-JONES"
        word = m.group().lower()
        if (word in names or labelled_shouted(text, m)) and word not in words and word not in never \
                and word not in english and word not in _ACRONYMS:  # "PASS THIS TO DESMOND", "NAME: TAMSIN"
            named = m.end()
            yield m.start(), m.end(), False
        elif named >= 0 and _SPACED.fullmatch(text, named, m.start()) and word not in _ACRONYMS and (
                town_surname(word) or word in names or _unknown(m.group().title(), set())):
            named = -1
            yield m.start(), m.end(), False


def _lower_names(text: str, names: frozenset[str], words: frozenset[str]) -> Iterator[tuple[int, int, int | None]]:
    """Names in lower case: ``(start, end, end of a surname after it or None)``. In a text written in lower
    case, a listed first name, or a word on no list after "spoke to", "saw" (not "noone would"); in any
    other text, a listed first name that is no English word after such a verb ("I spoke to sarah jones")."""
    english = _never()
    lowered = _mostly_lower(text)
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        kin = kin_word_name(text, m, words)  # "my husband mark works nights": a name, though a word
        if (word in words or word in english or word in _ACRONYMS) and not kin:
            continue
        headed = labelled(text, m.start())  # "Name: tamsin", "Attendees: priya okafor, tamsin ellery"
        placed = headed or bool(_BEFORE.search(text, max(0, m.start() - 40), m.start())
                                or ROLE_BEFORE.search(text, max(0, m.start() - 30), m.start()))
        if kin or ((lowered or headed) and (word in names or (len(word) >= 4 and placed))) or (
                placed and (word in names or (_LOWER_MAC.fullmatch(word) and word not in _PREFIX_WORDS))):
            sur = _LOWER_SURNAME.match(text, m.end())
            name = sur is not None and sur.group("s") not in _ACRONYMS and (
                sur.group("s") in names or town_surname(sur.group("s"))  # a town is a surname too: "whitby-jones"
                or _unknown(sur.group("s").title(), set())  # not "to", "about", "at"
                or cued_surname(text, m.start(), sur.group("s")))  # "my grandmother edna pike"
            yield m.start(), m.end(), sur.end("s") if name else None


# A word in lower case after a lower-case name: its surname unless a word voices knows ("sarah\njones"; "sarah about")
_LOWER_SURNAME = re.compile(r"(?:[ \t]|[ \t]*\r?\n[ \t]*)(?P<s>[a-z]{2,}(?:['’-][a-z]+)*)(?![\w@/-]|\.\w)")
# Words in capitals that are English words and are read only as themselves, however placed: pronouns and
# the offices one rings or asks ("ring PAYROLL").
_NOT_ENGLISH_ONLY = frozenset("""anyone anybody everyone everybody someone somebody nobody noone none all both each
    them him her his hers they their you your yours mine ours our the and but not now why what who how when where
    payroll reception switchboard helpdesk""".split())
# A word before a noun: a word in capitals after it is a thing shouted ("no HOPE left"), not a person.
_DETERMINED = re.compile(r"(?i:\b(?:no|the|a|an|any|some|more|much|less|of|with|without|my|our|your|their|its|this|"
                         r"that|real|false|new|own))[ \t]+$")
_OPENER = re.compile(r"(?:^|[.!?\n])[ \t\"'“(]*([^\W\d_])")


def _mostly_lower(text: str) -> bool:
    """Whether a text is written in lower case: most sentences open in lower case and no more than one
    word in ten is capitalised (not "I")."""
    tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
    openers = [c.islower() for c in _OPENER.findall(text)]
    if len(tokens) < 2 or sum(openers) * 2 < len(openers):
        return False
    capitalised = sum(t[0].isupper() and t not in ("I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll")
                      for t in tokens)
    return capitalised * 10 <= len(tokens)


class _Span:
    """A match-like ``(start, end, group)`` for ``unlisted._in_names_place`` over a recased text."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start:self._end]


# A Title-case word alone on the next line, or before lower case there ("Sarah\nJones about it").
_NEXT_LINE = re.compile(rf"[ \t]*\r?\n[ \t]*(?P<n>{_UP}{_LO}+(?:['’-]{_UP}?{_LO}+)*)(?=[ \t]*(?:[\r\n,.;:!?)]|$)|[ \t]+[a-z])")


_SPACED = re.compile(r"[ \t]+")
# A Title-case word just before a name found, on the same line ("cc: Tunde Bello", where only "Bello" is listed).
_WORD_BEFORE_NAME = re.compile(rf"(?<![\w'’-])(?P<n>{_UP}{_LO}+)[ \t]$")


def first_names_before(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """A word on no list just before a name already found joins it: the first name of a full name whose
    surname a rule found alone ("cc: Tunde Bello": "Bello" is a listed first name, "Tunde" on no list).

    >>> text = "cc: Tunde Bello. The Kooth Sarah chat."
    >>> [text[s:e] for s, e, _ in first_names_before(text, [(10, 15, PERSON), (26, 31, PERSON)])]
    ['Tunde Bello']
    """
    lower_words = set(_LOWER_WORD.findall(text))
    for start, end, label in found:
        m = _WORD_BEFORE_NAME.search(text, max(0, start - 40), start) if label == PERSON else None
        if m and _unknown(m.group("n"), lower_words):
            yield m.start("n"), end, PERSON


def line_broken_surnames(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """A surname on the line after a name already found, when it is no word voices knows.

    >>> text = "I spoke to Sarah\\nJones about it. Regards,\\nSarah\\nTeam Manager"
    >>> [text[s:e] for s, e, _ in line_broken_surnames(text, [(11, 16, PERSON), (42, 47, PERSON)])]
    ['Jones']
    """
    for _, end, label in found:
        m = _NEXT_LINE.match(text, end) if label == PERSON else None
        if m and _unknown(m.group("n"), set()):
            yield m.start("n"), m.end("n"), PERSON


# Initials without full stops before a name found ("J Smith", "A. B Okafor", "J K Rowling"); not "I".
_INITIALS_BEFORE = re.compile(r"(?:^|(?<=[\s(\"'“‘]))(?:(?!I[ \t])[A-Z](?:\.[ \t]*|[ \t]+)){1,3}(?<=[ \t])$")  # "J.P. "


def undotted_initials(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """A name found, with the initials just before it, dotted or not ("J Smith" is "[PERSON]", not "J [PERSON]").

    >>> text = "J Smith and A. B Okafor came; I Jones did not."
    >>> [text[s:e] for s, e, _ in undotted_initials(text, [(2, 7, PERSON), (17, 23, PERSON), (35, 40, PERSON)])]
    ['J Smith', 'A. B Okafor']
    """
    for start, end, label in found:
        m = _INITIALS_BEFORE.search(text, max(0, start - 12), start) if label == PERSON else None
        if m:
            yield m.start(), end, PERSON


_DOTTED = re.compile(r"(?<![\w.])[A-Z]\.[ \t]?[A-Z]\.(?:[ \t]?[A-Z]\.)?(?![\w])")
_ABBREVIATIONS = frozenset("""UK US USA EU NB PS AM PM QC KC BA MA GP IT RE PE DC TV AD BC EG IE OK MP NI RIP ASAP
    BSC MSC PHD UN JP DJ""".split())


def dotted_initials(text: str) -> Iterator[Span]:
    """Initials written with full stops ("J.B.", "A. B.", "K.M.P."), not a dotted abbreviation.

    >>> text = "J.B. was seen by the G.P. in the U.K."
    >>> [text[s:e] for s, e, _ in dotted_initials(text)]
    ['J.B.']
    """
    for m in _DOTTED.finditer(text):
        if re.sub(r"[.\s]", "", m.group()) not in _ABBREVIATIONS:
            yield m.start(), m.end(), PERSON
