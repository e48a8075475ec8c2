"""Unlisted first names: a Title-case word that is no English word, standing where a person goes.

The shipped first-names list cannot hold every name ("Cerys", "Chidi", "Olumide", "Eilidh",
"Hodan" are on none of its sources) and the small NER misses many of them in short
sentences. A word is read as a name here when all of these hold:

- it is written in Title case and is no word of the shipped English list
  (``data/names/english-words.txt``, SCOWL's lower-case words), of the field's own
  lower-case words (``opener-words.txt``), or of the words voices never redacts (job
  titles, months, places, countries and world cities (``_TOWNS``, ``_WORLD``), organisations, the
  sector's bodies and systems in ``SECTOR``: "Ofsted", "Cafcass", "Liquidlogic"), nor written in
  lower case elsewhere in the text;
- NER does not put it in a longer place, organisation or nationality with a known word in it
  ("Ashbury Borough Council"; one word alone, or a list of names, it often mislabels);
- it stands where a person's name goes: after a verb that takes a person ("ask", "told",
  "visited", "phoned", "supervised by", "spoke to", "heard from", "worked with"), a
  greeting ("Hi", "Dear", "Thanks,"), or before one ("said", "asked", "was", "has",
  "and I", "'s", ", who", a modal: "and Tobenna will too"); opening a sentence before a finite
  verb or a possessive ("Babatunde had", "Tapiwa has autism", "Munashe keeps", "Kayode's appeal";
  a place on no list opening a sentence so is hidden too: the evidence is even, and a leaked name
  costs more than a hidden place), or after an initial ("B. Nwosu"). A word
  found so once is a name wherever else it stands in the same text. A word beside a name in a list
  ("Chidi, Tunde and Priya") is a name too, and a surname-shaped word after a name joins it.

Listed first names are ``listed_name_spans``'s; this adds only words on no list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from voices.redact.names import (
    _COMPASS,
    _LOWER_NEXT,
    _ORG_WORDS,
    _PLACES,
    _POSSESSIVE,
    _ROLE_WORDS,
    _SEASONS,
    _SURNAME,
    _TITLE_WORD,
    AGE_WORDS,
    GROUP_DOES,
    NOT_NAMES,
    PERSON,
    PERSON_DOES,
    TITLES,
    Span,
    _english_words,
    _is_surname,
    _named_here,
    _opener_words,
    listed_names,
)

# The field's bodies, programmes, case-management systems and services that people write in Title
# case where a person could stand ("I spoke to Cafcass", "trained with Frontline", "referred to Kooth").
SECTOR = frozenset(
    """ofsted cafcass basw adcs adass nagalro coram barnardo barnardos nspcc unison unite gmb mencap
    kooth childline samaritans shelter nacro rainbows catch22 tact fostertalk tsn nhs dfe dhsc mhclg
    lga hcpc swe amhp amhps lado mash psw nqsw asye frontline liquidlogic mosaic eclipse carefirst
    healthwatch estyn camhs cqc ciw iapt ukvi hmrc dwp dvla hmcts cps iopc ico nmc gmc
    servelec azeus capita serco sharepoint teams zoom tesco asda aldi lidl sainsbury sainsburys morrisons
    deliveroo uber airbnb amazon netflix spotify whatsapp ofqual ofcom unicef
    lumos buttle homestart refuge safelives""".split())
# Languages, nationalities and faiths of families in this field that no lower-case list holds; NER calls most
# of them NORP, not all ("spoke Somali at home", "#JusticeForMuslims").
_PEOPLES = frozenset(
    """somali bengali bangla sylheti urdu punjabi gujarati hindi tamil pashto dari farsi kurdish arabic
    tigrinya amharic eritrean ethiopian sudanese yoruba igbo hausa twi akan shona ndebele swahili lingala
    polish romanian lithuanian latvian slovak czech bulgarian albanian ukrainian russian turkish
    portuguese spanish italian french german welsh gaelic irish scottish cymraeg
    muslim muslims islamic christian christians hindu hindus sikh sikhs jewish jews buddhist buddhists""".split())
# Conditions named after people: "has Alzheimer's" names no one in the text.
_CONDITIONS = frozenset("alzheimer alzheimers parkinson parkinsons asperger aspergers crohn crohns huntington "
                        "huntingtons tourette tourettes munchausen hodgkin hodgkins ehlers danlos raynaud raynauds".split())
# Councils and towns of the UK that neither the English list nor ``names._PLACES`` holds and that NER
# does not always call places ("We work with Thurrock", "Caerphilly has the highest caseloads").
_TOWNS = frozenset(
    """aberdeenshire accrington aldershot andover anglesey argyll armagh ashford ashington auckland aylesbury
    ayrshire banbury barnstaple basildon basingstoke batley bexhill bicester bingley blaenau blyth bodmin
    bognor bournemouth bracknell bridgend bridgwater burnley bute buxton caerphilly canterbury carmarthenshire
    castleford ceredigion chelmsford cheltenham chesterfield chichester chippenham chorley christchurch
    clackmannanshire coalville colchester consett conwy crawley crewe cumberland cynon dartford darwen
    denbighshire devizes dewsbury dorchester dover dumfries dunbartonshire dunstable eastbourne eastleigh
    eilean falkirk falmouth fareham farnborough flintshire frome fulham furness galloway glamorgan gloucester
    gosport grantham gravesend grimsby guildford gwent gwynedd halifax halton hammersmith harpenden harrogate
    havant hemel hempstead hereford hexham hinckley horsham huddersfield huntingdon ilkley inverclyde keighley
    kettering kinross lanarkshire leamington lewes lichfield lisburn lothian loughborough lowestoft
    macclesfield maidstone matlock merthyr midlothian monmouthshire morecambe morpeth newquay newry nuneaton
    orkney ormskirk paignton pembrokeshire penrith penzance perth peterlee pontefract poole powys renfrewshire
    rhondda runcorn salisbury scarborough scilly scunthorpe seaham shetland shrewsbury siar skegness southend
    southport stevenage taf tamworth taunton thetford thurrock torbay torfaen torquay trowbridge truro tydfil
    tyneside warrington watford wellingborough westmorland weymouth whitby whitehaven widnes winchester wisbech
    woking wokingham worcester workington worksop worthing wrekin wycombe yarmouth yeovil
    llanelli aberystwyth tredegar llandudno pwllheli caernarfon holyhead rhyl prestatyn abergavenny aberdare
    pontypridd pontypool ebbw cwmbran porthcawl maesteg haverfordwest carmarthen brecon llandrindod welshpool
    machynlleth dolgellau ammanford penarth chepstow llangollen ruthin denbigh omagh strabane coleraine
    ballymena ballymoney larne lurgan portadown banbridge dungannon enniskillen cookstown magherafelt limavady
    downpatrick newtownards carrickfergus craigavon kilmarnock greenock motherwell dunfermline kirkcaldy
    inverness peterhead arbroath airdrie coatbridge cumbernauld clydebank""".split())
# Countries, continents and the cities of families' and recruits' countries of origin, which open sentences before
# a finite verb as a person would ("Nigeria has a different system", "Zimbabwe's social workers").
_WORLD = frozenset(
    """afghanistan albania algeria andorra angola antigua argentina armenia australia austria azerbaijan bahamas
    bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei
    bulgaria burkina burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba
    cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland
    france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary
    iceland india indonesia iran iraq israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo
    kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar
    malawi malaysia maldives mali malta mauritania mauritius mexico moldova monaco mongolia montenegro morocco
    mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua niger nigeria norway oman
    pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda
    samoa senegal serbia seychelles sierra singapore slovakia slovenia somalia somaliland spain sri lanka sudan
    suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga trinidad tobago tunisia
    turkey türkiye turkmenistan tuvalu uganda ukraine uruguay usa uzbekistan vanuatu venezuela vietnam yemen
    zambia zimbabwe africa america americas asia europe australasia oceania antarctica caribbean scandinavia
    balkans kurdistan darfur tigray punjab kashmir sylhet lagos abuja accra kumasi nairobi mombasa harare
    bulawayo lusaka kampala kigali addis ababa asmara khartoum mogadishu hargeisa kabul kandahar tehran baghdad
    damascus aleppo beirut cairo karachi lahore islamabad mirpur dhaka delhi mumbai kolkata chennai colombo
    kathmandu manila kerala bucharest warsaw krakow vilnius riga tirana kyiv kiev kharkiv moscow istanbul
    ankara athens rome madrid lisbon paris berlin brussels amsterdam dublin cork galway limerick toronto
    vancouver montreal sydney melbourne auckland wellington jamaica kingston johannesburg pretoria durban
    northumbria fermanagh antrim tyrone""".split())
# Everyday words newer than the English list or written by its speakers, family words and festivals:
# capitalised where a name could stand ("since Covid", "I told Nan", "after Eid"), never anyone's name.
_EVERYDAY = frozenset(
    """covid covid-19 brexit lockdown lockdowns xmas snapchat jobcentre wifi ipad iphone tories dems
    whitehall westminster holyrood senedd stormont inshallah alhamdulillah eid diwali hanukkah vaisakhi
    allah jehovah nan nanna nana nanny nain taid mam mammy mummy daddy grandpa granny grampa bro maam
    hiya nah innit cuz och erm umm omg fyi asap mandation imo imho tbh tbf btw fwiw iirc afaik idk smh ngl irl""".split())
# NER labels that make a word of a longer span a place, an organisation or a people ("Ashbury Borough
# Council"). A one-word span is no guide: the small pipeline calls "Cerys" ORG, "Eilidh" GPE and
# "Tobenna" NORP in the unlisted-names probe's sentences.
_NOT_PERSON_LABELS = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC"})

_VERB_BEFORE = (r"ask|asked|asking|tell|told|telling|met|meet|meeting|visit|visited|visiting|saw|see|seeing|"
                r"phone|phoned|phoning|rang|ring|ringing|email|emailed|emailing|texted|messaged|called|named|"
                r"thank|thanked|supervise|supervised|supervising|support|supported|supporting|help|helped|"
                r"helping|gave|give|giving|let|hug|hugged|remind|reminded|collect|collected|brought|bring|"
                r"took|take|placed|drove|picked|found|reassured|interviewed|assessed|observed|believed|trusted|"
                r"warned|followed|joined|advised|welcomed|taught|fostered|adopted|according\s+to|"
                r"(?:wait|waited|waiting|message|note|card|present|worried|looking|looked|asked|cover|covered|"
                r"advocate|advocated|fought)\s+for|"
                r"hi|hello|dear|thanks|cheers|bye|poor|little|congratulations|congrats|"
                r"(?:manager|worker|colleague|supervisor|teacher|nurse|carer|mentor|assessor|practitioner|"
                r"student|advocate|boss|friend|neighbour|son|daughter|child|brother|sister),|"
                r"(?:worker|manager|colleague|supervisor|teacher|nurse|carer|mentor|assessor|practitioner|"
                r"advocate|boss|name)\s+(?:is|was)")
_PREP_BEFORE = (r"(?:spoke|speak|speaking|talk|talked|talking|chat|chatted|said|say|wrote|write|writing|"
                r"explain|report|listen|listened|went|go|going|over|back)\s+to|"
                r"(?:explained|reported|passed|handed|gave|sent|introduced)(?:\s+[\w'’]+){0,3}\s+to|"
                r"(?:worried|concerned|thinking|talking|asked|heard)\s+about|"
                r"(?:heard|hear|report|call|message|text|email|letter|referral|note|visit|card|complaint)(?:\s+came)?\s+from|"
                r"(?:worked|work|working|spoke|speak|talked|met|meet|sat|live|lives|lived|living|stay|stayed|"
                r"staying|placed|place|left|leave|agreed|argued|shared|share|meeting|session|visit|chat|catch-up|"
                r"supervision|contact|time|me)\s+with|"
                r"\w+ed\s+by|(?:seen|written|told|taken|known|done|given|shown|run|led|brought|met)\s+by|"
                r"(?:me|I|you|him|her|us|them)\s+and")
_BEFORE = re.compile(rf"(?:^|(?<=[^\w'’-]))(?:{_VERB_BEFORE}|{_PREP_BEFORE}),?[ \t]+$", re.IGNORECASE)
# What follows a person's name and not a thing's, inside a sentence.
_PERSON_VERBS = (r"said|says|told|tells|asked|asks|cried|phoned|rang|emailed|texted|messaged|replied|"
                 r"wants|wanted|thinks|thought|feels|felt|knows|knew|loves|loved|likes|liked|hates|"
                 r"lives|lived|smiled|laughed|shouted|screamed|agreed|disclosed|admitted|explained|"
                 r"moved|started|starts|left|came|went|got|needs|needed|deserves|deserved|missed|turned|turns|"
                 r"stayed|stays|supervises|(?:is|was)\s+(?:angry|upset|scared|frightened|happy|sad|crying|tired|"
                 r"worried|pregnant|excluded|arrested|adopted|fostered|removed|off\s+sick|doing\s+(?:his|her))|"
                 rf"is\s+(?:\d|{AGE_WORDS}|aged)|"
                 r"was\s+(?:born|\d|one|two|three|four|five|six|seven|eight|nine|ten|aged)")
_ROLE = r"student|manager|worker|colleague|supervisor|teacher|nurse|carer|mentor|assessor|practitioner|advocate|boss"
_KIN = (r"mum|mom|dad|mother|father|brother|sister|nan|nana|gran|grandma|grandad|aunt|auntie|uncle|cousin|baby|son|"
        r"daughter|husband|wife|partner|boyfriend|girlfriend|foster|carers?|school|teacher|social|key|birthday|"
        r"bedroom|room|family|friend|class")
_AFTER_STRONG = re.compile(
    rf"(?:[ \t]+(?:{_PERSON_VERBS})\b"  # "Cerys told me", "Eilidh is four"
    r"|,[ \t]+who\b|[ \t]+and[ \t]+(?:his|her)[ \t]+|[ \t]+and[ \t]+(?:I|me)\b"  # "Chidi and I", "Ailsa and her mum"
    r"|,[ \t]+(?:can|could|would|will|did|do|are|have)[ \t]+you\b"  # "Mithu, can you cover Friday?"
    rf"|,[ \t]+(?:the|our|my|a|his|her|their)[ \t]+(?:new[ \t]+)?(?:{_ROLE})\b"  # "Farai, the student, ..."
    rf"|['’]s[ \t]+(?:{_KIN})\b)")  # "Tunde's mum"
_MODALS = r"will|would|can|could|should|might|must|shall|won['’]t|can['’]t|cannot|couldn['’]t|wouldn['’]t|shouldn['’]t"
# Inside a sentence: "and Tobenna will too", "I hope Tapiwa can stay".
_AFTER = re.compile(rf"(?:[ \t]+(?:was|is|has|had|who|{_MODALS}|{PERSON_DOES})\b|['’]s?\b|,[ \t]+who\b)")
# Opening a sentence, a word on no list before a finite verb or a possessive reads as a person in this
# field's writing ("Babatunde had a meeting", "Tapiwa has autism", "Kayode's appeal was refused"): places
# and bodies that open sentences so are on the lists (``_TOWNS``, ``SECTOR``, ``names._PLACES``).
_OPENER_AFTER = re.compile(rf"(?:[ \t]+(?:has|had|is|was|does|did|{_MODALS}|{PERSON_DOES}|made|took|gave|felt|found|"
                           r"knew|thought|told|said|began|fell|hit|lost)\b|['’]s\b)")
# Any lower-case word shaped as a finite verb ("keeps", "seemed"; not "class"), after a word not shaped as an
# English adjective or noun ("Ethnographic habits", "Mandation targets").
_VERB_SHAPE = re.compile(r"[ \t]+(?:[a-z]+(?<!s)s|[a-z]{2,}ed)\b")
_WORD_SHAPE = re.compile(r"(?:ic|al|ive|ous|ary|ist|ism|ogy|tion|sion|ment|ness|ity|able|ible|ing|ly|[sz]ed?)$")
# A place's slot: "in Ashbury", "the witness from Fernleigh", "the Member for Kessington" (not "Chidi's room").
_PLACE_BEFORE = re.compile(r"(?:^|(?<=[^\w'’-]))(?:in|of|at|near|around|across|outside|inside|throughout|within|into|"
                           r"from|(?:member|members|mp|mps|councillor|councillors)\s+for),?[ \t]+$", re.IGNORECASE)
# A question about someone opening a sentence: "Is Hodan safe there?", "Has Tunde eaten?"
_ASKED_ABOUT = re.compile(r"(?:^|(?<=[.!?\n]))[ \t\"'“‘(]*(?:Is|Was|Has|Had|Did|Does|Can|Could|Will|Would|Should|"
                          r"Where['’]s|Where\s+is|How['’]s|How\s+is)[ \t]+$")
_LIST_BEFORE = re.compile(r"(?:,|\band)[ \t]+$")
_LINK = re.compile(r"^(?:,|,?[ \t]+(?:and|or|&)|[ \t]*&)[ \t]+$")
# An initial before it: "B. Nwosu, child protection chair", "taken by R Okonkwo" (not the words "A" and "I").
_INITIAL = re.compile(r"(?:^|(?<=[\s(]))(?:(?:[A-Z]\.){1,3}|(?![AI])[A-Z])[ \t]+$|(?:^|(?<=[\s(]))[A-Z]\.$")  # "J.P. "
# A word that ends a place's or a body's name: "Ashbury Borough Council", "Kessington Primary".
_PLACE_AFTER = re.compile(r"[ \t]+(?:Borough|Council|County|District|City|Town|Village|Metropolitan|Ward|Primary|"
                          r"Academy|School|College|University|Hospital|Trust|House|Road|Street|Lane|Park|Centre|Court)\b")
_WERE = re.compile(r"[ \t]+(?:were|are)\b")
# A word written in lower case, not part of an address ("chidi.okafor@example.org", "example.org/chidi").
_LOWER_WORD = re.compile(r"(?<![\w'’@./-])[a-z]+(?![\w@/-]|\.\w)")


def sector_term(span: str) -> bool:
    """Whether an NER "person" is one of the sector's bodies, systems or services ("Kooth", "Mosaic").

    >>> sector_term("Cafcass"), sector_term("Kooth"), sector_term("Chidi Okafor")
    (True, True, False)
    """
    return span.lower().replace("'", "").replace("’", "") in SECTOR


def never_a_person(span: str) -> bool:
    """Whether an NER "person" is no one: a sector term, or one everyday word, UK town, condition, country,
    city or continent that is no listed first name (NER calls "Covid" and "Nigeria" people opening a sentence;
    "Jordan", "Georgia" stay names).

    >>> never_a_person("Covid"), never_a_person("Nigeria"), never_a_person("Jordan"), never_a_person("Chidi")
    (True, True, False, False)
    """
    if sector_term(span):
        return True
    word = span.lower()
    names, words = listed_names()
    return word in (_EVERYDAY | _WORLD | _TOWNS | _CONDITIONS) and word not in names and word not in words


@cache
def english_words() -> frozenset[str]:
    """The shipped English words and the field's own lower-case words, read once on first use."""
    return _english_words() | _opener_words()


@cache
def never_names() -> frozenset[str]:
    """The words voices never reads as a name, less the English list: job titles, places, the sector's bodies."""
    return (NOT_NAMES | _PLACES | _ORG_WORDS | _COMPASS | TITLES | _ROLE_WORDS | _SEASONS | SECTOR | _PEOPLES
            | _CONDITIONS | _EVERYDAY | _TOWNS | _WORLD)


@cache
def _never() -> frozenset[str]:
    return never_names() | english_words()


def _unknown(word: str, lower_words: set[str]) -> bool:
    """Whether a Title-case word is no word voices knows: not English, listed, or the sector's."""
    never, (names, words) = _never(), listed_names()
    parts = word.lower().split("-")
    if any(p in names or p in words for p in parts):
        return False  # a listed name is listed_name_spans's
    return all(len(p) >= 3 and p not in never and p not in lower_words
               and not (p.endswith("s") and p[:-1] in never) for p in parts)


def unlisted_name_spans(text: str, ner: Sequence[tuple[int, int, str]] = ()) -> Iterator[Span]:
    """Title-case words on no list that stand where a person's name goes (the module docstring).

    ``ner`` holds the text's NER spans ``(start, end, label)``: a word inside a place,
    organisation or nationality span of two words or more, one of them a known word, is left alone.

    >>> text = "I spoke to Olumide and Cerys told me. Ask Tobenna. Ofsted said no; so did Cafcass."
    >>> [text[s:e] for s, e, _ in unlisted_name_spans(text)]
    ['Olumide', 'Cerys', 'Tobenna']
    """
    tokens = list(_TITLE_WORD.finditer(text))
    if not tokens:
        return
    lower_words = set(_LOWER_WORD.findall(text))
    names, words = listed_names()
    vetoed = [(s, e) for s, e, label in ner if label in _NOT_PERSON_LABELS and _a_place_or_body(text[s:e], lower_words)]
    unknown = [m for m in tokens if _unknown(m.group(), lower_words)
               and not any(s <= m.start() and m.end() <= e for s, e in vetoed)]
    if not unknown:
        return
    found = {m.start() for m in unknown if _in_names_place(text, m)}
    anchors = found | {m.start() for m in tokens if m.group().lower() in names or m.group().lower() in words}
    _spread(text, tokens, {m.start() for m in unknown}, found, anchors)
    named = {m.group() for m in unknown if m.start() in found and not _PLACE_AFTER.match(text, m.end())}
    for m in unknown:  # "Tapiwa has autism. I spoke to Tapiwa's mum": once a name, a name all through the text
        if m.group() in named and not _PLACE_AFTER.match(text, m.end()):
            sur = _SURNAME.match(text, m.end())
            end = sur.end() if sur and _is_surname(sur.group("s"), frozenset()) else m.end()
            yield m.start(), end, PERSON


def _a_place_or_body(span: str, lower_words: set[str]) -> bool:
    """Whether an NER place, organisation or people of two words or more reads as one: some word
    of it is a known word ("Ashbury Vale", "Brackwell Borough Council"), not only names on no
    list and listed names ("Chidi, Tunde and Maisie", which the small NER can call an ORG)."""
    names, words = listed_names()
    parts = [w.lower() for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", span)]
    return len(parts) > 1 and any(
        p not in names and p not in words and p not in ("and", "or") and not _unknown(p.title(), lower_words)
        for p in parts)


def _in_names_place(text: str, m: re.Match[str]) -> bool:
    """Whether ``m`` stands where a person's name goes: after a verb or greeting that takes a
    person, before a person's verb, or (opening a sentence) before what only a person does."""
    window = max(0, m.start() - 40)
    if _PLACE_BEFORE.search(text, window, m.start()) and not (
            _BEFORE.search(text, window, m.start()) or _POSSESSIVE.match(text, m.end())):
        return False  # "in Ashbury said", "from Fernleigh told": a place; "heard from Chidi", "in Chidi's room": a name
    if _AFTER_STRONG.match(text, m.end()) or _INITIAL.search(text, window, m.start()):
        return True
    if not _named_here(text, m.start(), m.end(), addressed=False):
        sur = _SURNAME.match(text, m.end())  # "Chidi Okonkwo has moved": a full name opening a sentence
        if sur and _is_surname(sur.group("s"), frozenset()) and _LOWER_NEXT.match(text, sur.end()):
            return True
        return bool(_OPENER_AFTER.match(text, m.end())
                    or (_VERB_SHAPE.match(text, m.end()) and not _WORD_SHAPE.search(m.group().lower())))
    if _ASKED_ABOUT.search(text, window, m.start()) and _LOWER_NEXT.match(text, m.end()):
        return True
    if _LIST_BEFORE.search(text, window, m.start()) and (_WERE.match(text, m.end()) or GROUP_DOES.match(text, m.end())):
        return True  # "Chidi, Tunde and Folake were at the session", "Blessing and Tobenna share a bedroom"
    return bool(_BEFORE.search(text, window, m.start()) or _AFTER.match(text, m.end()))


def _spread(text: str, tokens: list[re.Match[str]], unknown: set[int], found: set[int], anchors: set[int]) -> None:
    """Add to ``found`` each word on no list next to a name in a list, and next to those: "Chidi, Tunde and
    Priya". From each name outwards, once: a pass over every word until none changed, each finding its
    place by a search of all the words, took 26 s on 100,000 characters of "Aaaa "."""
    index = {t.start(): i for i, t in enumerate(tokens)}
    queue = sorted(anchors)
    while queue:
        i = index[queue.pop()]
        for j in (i - 1, i + 1):
            if not 0 <= j < len(tokens) or tokens[j].start() not in unknown or tokens[j].start() in found:
                continue
            first, second = tokens[min(i, j)], tokens[max(i, j)]
            if _LINK.match(text[first.end():second.start()]):
                found.add(tokens[j].start())
                queue.append(tokens[j].start())
