"""A file-name title's writer named by less than a first name and a surname on the lists
(``voices.redact.joined.file_name_spans`` reads the rest), and the words before an answer word that
name an organisation, not a person.

- A common surname that is also an English word, alone before a word saying whose answer the file
  holds ("smith_response.txt", "Baker-feedback.csv"): the English list kept it from every rule.
- A listed surname or first name opening a title before a date or a number ("jones-2024.csv",
  "patel_2023-11.txt", "Hughes 2024").
- A listed first name and surname making the whole title ("JOHN SMITH.docx", "john smith.docx"), though
  both are English words: a file holding nothing else is named after its writer.
- "Surname, Given" where the given name is on no list ("Okafor, Kemi - response").
- One to three words in a script the lists do not hold (Chinese, Arabic, Cyrillic, ...), with no other word
  in the title but answer words ("张伟_response.txt", "محمد_احمد.docx"): voices cannot tell a name from a
  word there, and a name shown costs more than a title hidden.

Not a person's: two parts that are one English word ("will-power-2024", "d-day-response"), and the bodies
that answer consultations whose names no list holds (``_ORGANISATIONS``: "oxfam", "barclays").
"""

from __future__ import annotations

import re
import unicodedata

from voices.redact.names import PERSON, Span

# The commonest surnames in Britain (about the 200 most frequent, written for this rule from the usual rankings)
# that both shipped lists hold, the surnames' and the English words' ("smith", "baker", "wood"), less those a file's
# title opens with for its subject ("green-paper", "ward-feedback", "price-review", "young-carers", "day-centre",
# "grant-response", "page-2", "hall", "field", "cross", "rose-garden", "burns"): alone before an answer word
# they name its writer.
WORD_SURNAMES = frozenset("""smith brown wright walker wood turner martin cooper lee baker cook bell miller cox
    rogers mason hunt mills knight butler barker fisher fox ford brooks gill watts booth hart hunter parsons newton
    woods reed dean bates parry shepherd freeman warren griffin hardy wheeler potter chandler fuller sims dyer hale
    carpenter weaver brewer salter thatcher tanner archer bowman""".split())
# Bodies that answer consultations whose names are on no word list and read as a person's before an answer word
# ("oxfam-response", "barclays_feedback"): charities, unions, banks, shops and employers. Named one by one: a
# listed name and an "s" ("barclays", "lloyds") is a surname as often ("josephs", "bartholomews"). None on the surnames'
# or first names' lists: "macmillan" and "starling" name people too, and a name shown costs more than a body hidden.
_ORGANISATIONS = frozenset("""oxfam unicef actionaid christianaid wateraid savethechildren barnardo nspcc rnib rnid
    mencap turn2us centrepoint stonewall mumsnet natwest hsbc santander halifax nationwide monzo barclays
    lloyds asda aldi lidl morrisons waitrose sainsburys greggs harrods primark argos debenhams selfridges
    deloitte kpmg accenture capita serco sodexo mitie unilever vodafone ofgem ofcom ofwat ofqual acas usdaw aslef
    nasuwt napo""".split())
# Towns a council is named after, and a small city ("ely-response"), that the name lists hold as a first name or
# surname ("chester-response", "warwick-2024", "Lincoln response"): alone before an answer word or a date, a title
# names the place whose consultation it answers far more often than a writer by one name. A name beside one stays a name
# ("tom-chester-response": a first name and a surname, ``joined._named_pair``).
_TOWNS = frozenset("""chester lincoln warwick stafford buckingham bedford harlow stirling selby kendal hastings
    barrow ely hythe""".split())
_COUNCIL_WORD = re.compile(r"[ _-]+(?i:borough|district|city|county|council)(?![^\W\d_])")  # "Bedford Borough"
_TOWN_WORD = re.compile(rf"(?<![^\W\d_])(?i:{'|'.join(sorted(_TOWNS))})(?![^\W\d_])")
# Words of a letter, a hyphen and a word ("d-day", "t-shirt"): no initial and a surname
# Words English writes from Chinese, Korean or Japanese, or makes to sound so, on no list of English words: shaped
# as a surname and a given name ("su-doku-2024", "kim-chi", "ding-dong", "yin-yang-2024", "feng-shui-2024")
LOANWORDS = frozenset("sudoku kimchi dingdong yinyang fengshui pingpong taichi kungfu mahjong dimsum".split())
_LETTER_WORDS = frozenset("d-day t-shirt u-turn b-road a-road t-junction s-bend v-neck u-boat k-pop t-cell b-cell".split())
# A date or a number after a name ("-2024", "_2023-11", " 15-03-2024", "-v2")
_DATED = re.compile(r"[-_. ]+(?:v?\d)")
# A word: letters, and the marks written on them (combining accents, Arabic and Hebrew vowels, Indic vowel signs)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
                   r"\u0900-\u0dff])*")
_EXTENSION = re.compile(r"\.[A-Za-z]{2,5}$")


def extension_free(text: str) -> str:
    """``text`` less a file's extension at its end (".docx")."""
    return _EXTENSION.sub("", text)


def ends_title(title: str, end: int) -> bool:
    """Nothing but separators and a file's extension follow ``end`` ("smith-jones.docx"), read where it stands:
    a copy of the rest for each of a long title's words made it quadratic."""
    return _ENDING.match(title, end) is not None


_ENDING = re.compile(r"[ _-]*(?:\.[A-Za-z]{2,5})?\Z")


def council_towns(title: str) -> list[tuple[int, int]]:
    """Where a title writes a town a council is named after (``_TOWNS``) alone before an answer word or a date,
    or a council's word ("Bedford Borough Council"), in any case and parted by a space too ("Chester response",
    "LINCOLN_2024"): a place, shown (``places.without_places``), as "chester-response" is; "Chester Bennington
    response" crosses it and stays a name."""
    from voices.redact.joined import _told

    found = []
    for m in _TOWN_WORD.finditer(title):
        if council := _COUNCIL_WORD.match(title, m.end()):  # the place runs on: "Bedford Borough" is no two names
            found.append((m.start(), council.end()))
        elif _told(title, m.end()):
            found.append((m.start(), m.end()))
    return found


def organisation(word: str) -> bool:
    """A body's name before an answer word, not a person's (``_ORGANISATIONS``), or a town's (``_TOWNS``)."""
    return word in _ORGANISATIONS or word in _TOWNS


def one_word(title: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two parts of a title that are one English word, joined or hyphenated: "will-power" ("willpower"), "d-day",
    or a loanword ("yin-yang", ``LOANWORDS``).
    Both must be words and neither a first name off the word-names' list nor a common surname second:
    "carol-ling", "rose-mary", "pat-ching", "frank-ness", "jay-walker", "rose-woods" stay names."""
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words

    if title[a[1]:b[0]] not in ("-", "_", ".", ""):
        return False
    names = listed_names()[0]
    return f"{a[2]}-{b[2]}" in _LETTER_WORDS or a[2] + b[2] in LOANWORDS or (
        a[2] + b[2] in english_words() and b[2] in english_words() and a[2] not in names and b[2] not in names
        and b[2] not in WORD_SURNAMES)


def dated_name(title: str, parts: list[tuple[int, int, str]]) -> Span | None:
    """A listed surname or first name opening ``title`` before a date or a number: "jones-2024.csv",
    "patel_2023-11.txt", "Hughes 2024", "kowalski-v2.docx"; not an English word ("budget-2024"), a place or a
    body ("leeds-2024", "oxfam-2024")."""
    if not parts or parts[0][0] != 0 or not _DATED.match(title, parts[0][1]):
        return None
    start, end, word = parts[0]
    written = title[start:end]
    if not (written.islower() or written.istitle() or (written.isupper() and len(word) > 3)):
        return None
    return (start, end, PERSON) if listed_alone(word) else None


def name_after_frame(title: str, parts: list[tuple[int, int, str]], frames: frozenset[str]) -> Span | None:
    """A listed surname or first name closing the title, a date or an extension aside, after an answer word
    (``frames``) and "by" or "from" or nothing: "Response_Smith.docx", "feedback_okafor.csv", "answers_by_baker.txt";
    not after "consultation", which a place or a topic follows as often ("consultation_chester")."""
    body = len(_EXTENSION.sub("", title))
    rest = [p for p in parts if p[1] <= body]
    if len(rest) < 2 or not _TAIL.fullmatch(title, rest[-1][1], body):
        return None
    start, end, word = rest[-1]
    frame = rest[-3][2] if rest[-2][2] in ("by", "from") and len(rest) > 2 else rest[-2][2]
    written = title[start:end]
    if frame not in frames or frame == "consultation" or not (
            written.islower() or written.istitle() or (written.isupper() and len(word) > 3)):
        return None
    return (start, end, PERSON) if listed_alone(word) else None


_TAIL = re.compile(r"[-_. \d]*")  # what may follow a name closing a title: "_2024", " v2"


def listed_alone(word: str) -> bool:
    """A listed surname or first name (not a word-name: "grace", "will"), no English word unless a common
    surname (``WORD_SURNAMES``), and none voices never reads as a name."""
    from voices.redact.joined_words import _NOT_SURNAMES, surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words, never_names

    if word in never_names() or word in _NOT_SURNAMES or organisation(word):
        return False
    if word in WORD_SURNAMES:
        return True
    return len(word) >= 3 and word not in english_words() and (word in surnames() or word in listed_names()[0])


def spaced_name(written: str, word: str) -> bool:
    """A name before a space and an answer word, as ingest titles a spreadsheet named "smith_response.csv"
    (``consultation.source_title``): a word in lower case ("olubankole answers"), or a listed surname or first name
    (``listed_alone``) in title case ("Jones response", "Carter reply") or in capitals of four letters or more
    ("SMITH response"; not an acronym such as "NHS", "HEE"), as "Jones_response" and "Jones 2024" are read; not a
    capitalised word on no list ("Nuffield response"). A town that is a listed surname is hidden as it is before a
    date or a "-" unless a council is named after it ("Harlow response", "Chester response": ``_TOWNS``)."""
    return written.islower() or ((written.istitle() or (written.isupper() and len(word) > 3)) and listed_alone(word))


def whole_title_name(title: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """``a`` and ``b`` make the whole title, an extension aside, as a listed first name (not a word-name:
    "mark-scheme", "will-power") and a listed surname: "JOHN SMITH.docx", "john smith.docx"."""
    from voices.redact.joined_words import _NOT_SURNAMES, surnames
    from voices.redact.names import listed_names

    if a[0] != 0:  # read first: a copy of the rest for each of a long title's pairs made it quadratic
        return False
    return (not _EXTENSION.sub("", title[b[1]:]).strip(" ") and a[2] in listed_names()[0] and b[2] in surnames()
            and b[2] not in _NOT_SURNAMES)


def unlisted_given(last: str, first: str) -> bool:
    """"Surname, Given" with a given name on no list: a listed surname that is no English word, then a word of
    two letters or more that is none either and that voices never reads as anything ("Okafor, Kemi",
    "Nguyen, Thi"; not "Leeds, Bradford", "Health, Care")."""
    from voices.redact.joined_words import surnames
    from voices.redact.unlisted import english_words, never_names

    english, never = english_words(), never_names()
    return (last in surnames() and last not in english and len(first) >= 2 and first not in english
            and first not in never and not organisation(first))


def other_script_spans(title: str, frames: frozenset[str]) -> list[Span]:
    """Words in a script voices holds no list of, in a file-name title of at most three such words and no Latin
    word but answer words (``frames``), dates and an extension: "张伟_response.txt", "محمد_احمد.docx",
    "Иван_Петров.docx". A longer title in such a script is prose's, left to its rules.

    >>> [t for t in ("张伟_response.txt", "محمد احمد", "Consultation on 住房 policy", "Наш ответ на консультацию")
    ...  if other_script_spans(t, frozenset({"response"}))]
    ['张伟_response.txt', 'محمد احمد']
    """
    words = _words(_EXTENSION.sub("", title))
    other = [i for i, (_, _, w) in enumerate(words) if _other_script(w)]
    if not other or len(other) > 3 or any(w.casefold() not in frames for i, (_, _, w) in enumerate(words)
                                          if i not in other):
        return []
    runs: list[list[int]] = []
    for i in other:  # words in a row, with only separators between them, are one name
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [(words[r[0]][0], words[r[-1]][1], PERSON) for r in runs]


def _words(text: str) -> list[tuple[int, int, str]]:
    """Runs of letters with the marks written on them (a Devanagari vowel sign is a mark, not a letter)."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _other_script(word: str) -> bool:
    """All the word's letters are of a script other than Latin ("张伟", "محمد", "Иван", "राहुल")."""
    return all(not unicodedata.name(c, "LATIN").startswith("LATIN") for c in word if c.isalpha())



def composed(title: str) -> tuple[str, list[tuple[int, int]]] | None:
    """``title`` with each letter and the accents after it as combining marks (U+0300 to U+036F, as macOS writes
    file names: "jose\u0301") written as one character where Unicode has one ("josé"), and those it has none for
    dropped ("ọ\u0300" -> "ọ"), with where in ``title`` each character of the result stands; None without such a
    mark. The rules read words of letters, and a mark between two parted "josé" into "jose" and "".

    >>> text, where = composed("zoe\u0308-2024")
    >>> text, where[2], where[3]
    ('zoë-2024', (2, 4), (4, 5))
    """
    if not _ACCENT.search(title):
        return None
    text: list[str] = []
    where: list[tuple[int, int]] = []
    for m in _LETTER_AND_ACCENTS.finditer(title):
        for c in unicodedata.normalize("NFC", m.group()):
            if not _ACCENT.match(c):
                text.append(c)
                where.append(m.span())
    return "".join(text), where


_ACCENT = re.compile("[\u0300-\u036f]")
_LETTER_AND_ACCENTS = re.compile("(?s).[\u0300-\u036f]*")
