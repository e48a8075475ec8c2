"""Identifiers that have a shape: found by regular expressions, checked where they carry a checksum.

Every finder returns ``(start, end, placeholder)`` spans into the text. They run on
every text shown in a redacted output, without a model, so they cost microseconds
and do not depend on the entity cache. Names (which have no shape) are found in
``voices.redact.names``.

Forms covered (placeholder in brackets):

- e-mail addresses, plain and obfuscated ("jane dot doe at example dot com",
  ``name[at]council.gov.uk``, ``name (at) x.org``, ``name[@]x.org``, ``name @ x.org``, ``jo . smith @ x . com``),
  also with a look-alike at sign (``jo＠x.org``) [EMAIL];
- UK phone numbers, national and international (``+44``, ``0044``), with a label typed against them
  (``mob07700900123``), and other
  ``+CC``/``00CC`` numbers [PHONE];
- NHS numbers, spaced or plain, valid by their mod-11 check digit, or any ten
  digits after the words "NHS number" [NHS];
- National Insurance numbers (``QQ 12 34 56 C``) [NINO];
- UK postcodes, Canadian ones ("M5H 2N2"), and US ZIP codes after a state ("IL 62704", "Texas 78701-1234", after
  a town in any case: "Dallas, tx 75201") [POSTCODE]; street addresses ("14 Acacia Avenue", "Flat 3, 27 High
  Street", "14 elm road", "45 W 34th St", "1600 Pennsylvania Avenue NW", "200 Main St Suite 200") and post office
  boxes ("PO Box 123", "po box 45") [ADDRESS];
- named schools where a sentence ties them to a child ("Year 3 at St Mary's C of E", "my son's
  school, Oakfield Primary School") [SCHOOL];
- vehicle registrations ("AB12 CDE"; in lower case after "reg") [VEHICLE];
- case and file references (``CP-2023-04417``, ``12345678/SW``, "case ref 4471823", "referral number
  12/4478/SW", "crime number 4471823") [REF];
- profile URLs on social platforms, a blog a host names after its writer ("kemiokafor.wordpress.com"),
  a person's page on any site ("/profile/kemi-okafor", "example.org/author/jdoe84", "site.net/@kemi"),
  @handles, Reddit's u/names and handles named by their platform ("my Twitter is janedoe84") [PROFILE];
- dates of birth after "DOB", "date of birth" or "born", in figures or words ("born on the third
  of May 2015") [DOB].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

Span = tuple[int, int, str]

EMAIL, PHONE, NHS, NINO = "[EMAIL]", "[PHONE]", "[NHS]", "[NINO]"
POSTCODE, ADDRESS, REF, PROFILE, DOB = "[POSTCODE]", "[ADDRESS]", "[REF]", "[PROFILE]", "[DOB]"
VEHICLE, SCHOOL = "[VEHICLE]", "[SCHOOL]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# Obfuscated e-mails: "at"/"dot" written as words or in brackets.
_AT_BRACKET = r"\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*"
_AT_WORD = r"\s+at\s+"
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
_TLD = (r"(?:com|org|net|uk|gov|ac|nhs|co|io|edu|info|me|scot|wales|eu|ie|biz|email|online|"
        r"social|care|lgfl|sch|police|mod|ltd|plc)")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?"  # at most 64 characters, as a mailbox's local part
# A space typed beside the "@" ("j.smith @ nhs.net", "jsmith @nhs.net", which left "jsmith [PROFILE]"): the
# domain must end in a mail domain's ending, so "meeting @ 10.30" and "and @sw.priya" (a handle) stay
_SPACED_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+(?:[ \t]@[ \t]?|@[ \t]){_LABEL}(?:\.{_LABEL})*\.{_TLD}\b",
                           re.IGNORECASE)
# Every stop and "@" typed with a space either side ("jo . smith @ gmail . com"): the domain must end in a mail
# domain's ending, so "meet @ 10 . 30" and "see section 3 . 2" stay
# (a stop with a space on one side only ends a sentence: "Email me. jo@x.com" keeps "me")
_SPREAD_DOT = r"(?:[ \t]+\.[ \t]+|\.)"
# Its stops are counted ({0,10}): unbounded, every word of "Yes . No . Maybe . " ran on to the text's end looking
# for an "@", and a 40,000-character text of them took 7 s (quadratic); no address has more stops than that
_SPREAD_EMAIL = re.compile(rf"(?<![\w.+-])[\w+-]+(?:{_SPREAD_DOT}[\w+-]+){{0,10}}[ \t]*@[ \t]*(?=[\w-]*[A-Za-z])"
                           rf"{_LABEL}(?:{_SPREAD_DOT}{_LABEL}){{0,10}}{_SPREAD_DOT}{_TLD}\b", re.IGNORECASE)
# No-break, thin and other fixed spaces, as text pasted from a page or a word processor holds them: read as a
# space, one for one so every span still fits ("IL\u00a062704", "at\u00a0Rotherham Council")
SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", " "))
# Characters that look like "@" or "." ("jo.smith＠gmail.com", "jo﹫x．org"), one for one so every span still fits
_LOOKALIKES = str.maketrans({"\uff20": "@", "\ufe6b": "@", "\uff0e": ".", "\ufe52": ".", "\u2024": "."})
_MAIL_PROVIDERS = (r"(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|aol|btinternet|sky|virginmedia|"
                   r"protonmail|proton|ymail|msn|talktalk|mail)\b")
# It starts at a run's first label, not after a "-", "dot" or bracket inside one, and its labels are counted as
# _SPREAD_EMAIL's are: started at each label of "a-a-a-..." or "a dot a dot ...", it read the run again from each,
# and 100,000 characters of "a-" took 400 s to redact
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@-])(?<!\bdot\s)(?<![\])}}>])(?<![\])}}>]\s)"
    rf"{_LABEL}(?:{_DOT}{_LABEL}){{0,10}}(?P<at>{_AT_BRACKET}|{_AT_WORD})"
    rf"{_LABEL}(?:{_DOT}{_LABEL}){{0,10}}{_DOT}{_TLD}\b",
    re.IGNORECASE,
)

# Between a number's groups: one space or line break, two spaces, or a stop or dash with a space either side
# ("07700  900123", "0161 - 496 - 0123", both typed into forms)
_GAP = r"(?:\s|[ \t]{2}|[ \t]?[.-][ \t]?)?"
_PHONE = re.compile(
    rf"(?<![\w+])(?:(?:\+44|0044)\s?(?:\(0\)\s?)?|\(?0)\d{{2,4}}\)?{_GAP}\d{{3,4}}{_GAP}\d{{3,4}}(?![\w])"
)
# A label typed against the number ("mob07700900123", "tel07700 900123"): read as a space, so the number is found
_PHONE_LABEL = re.compile(r"\b(?:mob(?:ile)?|mb|tel|t|ph(?:one)?|m|cell|call|ring|text)[.:]?(?=(?:\+|00|0)\d)",
                          re.IGNORECASE)
# A UK mobile in any grouping ("07700 9001 23", "0 7 7 0 0  9 0 0  1 2 3"): eleven digits with spaces only.
_MOBILE_SPACED = re.compile(r"(?<![\w+])0(?:\s|[ \t]{2})?7(?:(?:\s|[ \t]{2})?\d){9}(?![ \t]{0,2}\d)")
# Any other country: +CC or 00CC, then groups of digits (8 to 15 digits in all).
_INTL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.-]?\(0\))?(?:[\s.-]?\d{1,5}){2,6}(?![\w])")

_NHS = re.compile(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-])")
_NHS_LABELLED = re.compile(r"\bNHS\s*(?:no\.?|number|num|#)?\s*(?:is|was)?\s*[:\-]?\s*(?P<n>\d[\d -]{8,12}\d)",
                           re.IGNORECASE)

# Spaced, dashed or grouped in threes ("QQ 12 34 56 C", "QQ-12-34-56-C", "QQ 123 456 C").
_NI_DIGITS = r"[ -]?(?:\d{2}[ -]?\d{2}[ -]?\d{2}|\d{3}[ -]?\d{3})[ -]?[A-D]\b"
_NINO = re.compile(rf"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]{_NI_DIGITS}|\bQQ{_NI_DIGITS}", re.IGNORECASE)

_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]{0,3}\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)

# UK number plates since 2001 ("AB12 CDE"): in capitals anywhere, in any case after "reg" or "plate".
_PLATE = r"[A-Z]{2}\d{2}\s?[A-Z]{3}"
_VEHICLE = re.compile(rf"\b{_PLATE}\b")
_VEHICLE_LABELLED = re.compile(rf"\b(?:reg(?:istration)?|plate)\.?\s*(?:no\.?|number)?\s*(?:is|was)?\s*[:\-]?\s*"
                               rf"(?P<n>{_PLATE})\b", re.IGNORECASE)

_STREET = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|"
           r"Terrace|Grove|Gardens|Gdns|Square|Sq|Hill|Row|Walk|Mews|Park|View|Rise|Green|Parade|Boulevard|"
           r"Vale|Croft|Fold|Wynd|Gate|Yard|Wharf|Quay|Meadows?|Heights|Estate|"
           r"Blvd|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail)")  # the last line American
# An American street is often numbered and led by a direction ("45 W 34th St"), and a city's quarter can follow it
# ("1600 Pennsylvania Avenue NW"); a house number can run to five digits ("12345 Main St"), and a suite or flat can
# follow the street ("200 Main St Suite 200", "9 Oak Ave #12"); a Welsh street opens with its word ("5 Heol y Felin").
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit|Room|Studio)\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:(?:[NSEW]|N[EW]|S[EW]|North|South|East|West)\.?\s+)?"
    r"(?:(?:[A-Z][a-z'’]+|\d{1,3}(?:st|nd|rd|th))\s+){1,3}" + _STREET + r"\b\.?(?:\s+(?:N[EW]|S[EW])\b)?"
    r"(?:,?\s+(?:(?:Suite|Ste|Apartment|Apt|Unit|Floor|Fl)\.?\s*|#\s*)\d{1,5}[A-Za-z]?\b)?"
    r"|\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?\b|\b\d{1,5}[A-Za-z]?,?\s+(?:Heol|Ffordd|Stryd|Lôn)\s+(?:yr?\s+)?[A-Z][\w'’-]+"
    r"|\b(?i:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box)\s+\d{1,6}\b"
)
# A US ZIP code after a state's code or name ("Springfield, IL 62704", "Austin TX 78701", "Ohio 43215-1234"):
# five digits alone are any number, so only after a state.
_US_STATES = """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
    ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY Alabama Alaska Arizona Arkansas California Colorado
    Connecticut Delaware Florida Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
    Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico
    New_York North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota
    Tennessee Texas Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming""".split()
_ZIP = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted((n.replace("_", r"[ \t]+") for n in _US_STATES), key=len,
                                                       reverse=True))
                  + r")\.?,?[ \t]+(?P<n>\d{5}(?:-\d{4})?)(?![\w-])")
# In any case after a town and a comma ("Dallas, tx 75201", "springfield, il 62704", "Portland, oregon 97201"), less
# the codes that are English words or "circa" ("In total, in 12345 cases", "or", "me", "ok", "ca")
_WORD_CODES = frozenset("AL CA CO DE HI ID IN LA MA ME MO MS MT NE OH OK OR PA VA WA".split())
_ZIP_LOWER = re.compile(r"[A-Za-z],[ \t]+(?i:" + "|".join(sorted((n.replace("_", r"[ \t]+") for n in _US_STATES
                                                                 if n not in _WORD_CODES), key=len, reverse=True))
                        + r")\.?,?[ \t]+(?P<n>\d{5}(?:-\d{4})?)(?![\w-])")
# A Canadian postal code ("M5H 2N2", "v6b1a1"): letter, digit, letter, digit, letter, digit, which no UK postcode
# or flu strain ("H1N1") spells
_CA_POSTCODE = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.IGNORECASE)

# The same in lower case ("14 elm road", "101 high st"), with street words no distance or time precedes ("a 20 minute road").
_UNITS = r"(?:minutes?|mins?|miles?|hours?|hrs?|years?|days?|weeks?|metres?|meters?|yards?|km|lane|way)"
_ADDRESS_LOWER = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:(?!{_UNITS}\b)[a-z][a-z'’]+\s+){{1,2}}(?:street|road|avenue|lane|crescent|gardens|mews|st|rd)\b")

# A named school ("Oakfield Primary School", "St Mary's C of E", "Holy Trinity RC Primary", "Ysgol y Graig"): with a
# year group and a child's age it points to one child. One to three Title-case words, then what only a school is
# called ("Academy" alone is not: the field has teaching and leadership academies); in Welsh "Ysgol" comes first.
_SCHOOL = re.compile(
    r"\b(?!(?:The|A|An|Our|My|His|Her|Their|Your|This|That|Each|Every|Any|Local|Special|State|Faith|Private)\s)"
    r"(?:St\.?\s+|Saint\s+)?(?:[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\s+){1,3}"
    r"(?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|Methodist|Community|County|Junior\s+and\s+Infant|"
    r"Infant|Infants|Junior|Primary|Nursery)\s+)*"
    r"(?:Primary(?:\s+(?:School|Academy))?|Infants?(?:\s+School)?|Junior\s+School|Nursery\s+School|"
    r"High\s+School|Secondary\s+School|Grammar\s+School|C\s?of\s?E|CE\s+Primary|RC\s+Primary)\b"
    r"|\bYsgol(?:[ \t]+(?:(?:y|yr)[ \t]+)?[A-Z][\w'’-]+){1,3}")
# A school is hidden where a sentence ties it to a child ("Year 3 at", "my son", "she attends"), so a school
# named as an organisation ("I spoke to Kessington Primary") stays as councils and bodies do.
_CHILD_CONTEXT = re.compile(
    r"\b(?:Year|Yr|Y)\s?\d{1,2}\b|\b(?:reception|nursery|attends?|attended|attending|goes|went|started|starts|"
    r"moved|excluded|son|daughter|child|children|kids?|boy|girl|grandson|granddaughter|pupil|he|she|his|her|him)\b",
    re.IGNORECASE)
_REF = re.compile(
    r"\b[A-Z]{1,5}[-/]\d{2,4}[-/]\d{3,8}\b"          # CP-2023-04417, LA/23/0012
    r"|\b\d{5,10}/[A-Z]{1,5}\b"                        # 12345678/SW
    r"|\b[A-Z]{2,5}-?\d{5,10}\b"                       # ABC1234567, SW-445102
)
_CASE_LABELLED = re.compile(r"\b(?:case|file|reference|ref|referral|crime|incident|claim)\.?\s*"
                            r"(?:no\.?|number|id|ref(?:erence)?)?\s*(?:is|was)?\s*[:#]?\s*"
                            r"(?P<n>[A-Z]{0,4}[-/]?\d[\d/-]{3,}[-/]?[A-Z]{0,3})\b", re.IGNORECASE)
_YEARS = re.compile(r"^\d{4}(?:[-/]\d{2,4})?$")

_PROFILE_SITES = (r"(?:facebook|fb|twitter|x|instagram|linkedin|tiktok|youtube|threads|mastodon\.social|bsky|"
                  r"reddit|github|medium|pinterest|snapchat|tumblr|flickr|vimeo|soundcloud|substack|patreon)")
_PROFILE_URL = re.compile(
    rf"(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*{_PROFILE_SITES}\.(?:com|net|app|co\.uk|social)/[^\s<>\"')\],]+"
    rf"|(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*bsky\.app/profile/[^\s<>\"')\],]+"
    # link-in-bio, messaging and fundraising pages, named after a person ("gofundme.com/f/justice-for-jane-doe")
    rf"|(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*(?:linktr\.ee|wa\.me|t\.me|gofundme\.com|justgiving\.com|"
    rf"crowdjustice\.com)/[^\s<>\"')\],]+"
    # a blog or page a host gives each person a name of its own ("kemiokafor.wordpress.com", "jdoe.github.io")
    rf"|(?<![\w.-])(?:https?://)?(?!www\.)(?:[\w-]+\.)+(?:wordpress\.com|blogspot\.(?:com|co\.uk)|substack\.com|"
    rf"github\.io|tumblr\.com|medium\.com|wixsite\.com|weebly\.com)(?![\w-]|\.\w)(?:/[^\s<>\"')\],]*)?",
    re.IGNORECASE,
)
# A person's page on any site: the path segment after "/profile/", "/author/", "/users/", ... or "/@" is a
# handle or a name ("communitycare.co.uk/profile/kemi-okafor/"). The URL goes whole, host and all, as the
# social sites' do: the rest of its path can name the person again. Also a bare path ("/profile/kemi-okafor").
_PROFILE_DIRS = r"(?:profiles?|authors?|users?|members?|people|staff|u)"
_PROFILE_PATH = re.compile(
    r"(?<![\w.@/-])(?:(?:https?://)?(?:[\w-]+\.)+[A-Za-z]{2,}(?::\d+)?)?(?:/[\w.~%+-]+)*?"
    rf"/(?:{_PROFILE_DIRS}/|@)(?P<h>[\w.~%+-]+)(?:/[^\s<>\"')\],]*)?",
    re.IGNORECASE,
)
# Pages a site keeps under such a folder that are nobody's ("/users/login", "/people/search").
_NOT_HANDLES = frozenset("""edit settings login logout signin signup sign-in sign-up register search index list all new me
    page pages feed rss home account dashboard password reset help about directory""".split())
# Where a URL's scheme and host are: never a person's name, though a name rule can read "https" or "Www" so.
_URL_HOST = re.compile(r"(?<![\w.-])(?:[A-Za-z][\w+.-]*://[^\s/<>\"')\],]*|www\.[^\s/<>\"')\],]+)", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b")
_REDDIT_USER = re.compile(r"(?<![\w/])u/[A-Za-z0-9_-]{3,20}\b")
# A handle named by its platform without "@" ("My Twitter is janedoe84", "instagram: jane_doe_84", a forum's
# "Posted by Whitlock_J"): only a token with a digit, "_" or "." inside, so "Twitter is toxic" keeps its word.
_NAMED_HANDLE = re.compile(
    r"\b(?:(?:twitter|instagram|insta|snapchat|snap|tiktok|facebook|threads|bluesky|bsky|reddit|discord|telegram|"
    r"kik|twitch|user|username|user\s*name)\s*(?:handle|name|username|user\s*name|account|id)?\s*(?:is|:|-|as)|"
    r"(?:posted|written|submitted|commented|replied|shared)\s+by)\s*"
    r"(?P<n>@?[A-Za-z0-9_.]*[A-Za-z][A-Za-z0-9_.]*(?<=[\w])(?<!\.))",
    re.IGNORECASE)

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# Ordinal days in words ("the third of May 2015", "twenty-first"): people write a date of birth so.
_DAY_WORD = (r"(?:(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
             r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
             r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
_DATE = (rf"(?:{_DAY_WORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+(?:the\s+)?{_DAY_WORD},?\s+\d{{4}}|"
         r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(?:['’]\d{{2}}|\d{{2,4}})"
         rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|(?:19|20)\d{{2}})")
_DOB = re.compile(rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?|birthday)\s*(?:is|was)?\s*[:\-]?\s*"
                  rf"(?:the\s+)?(?P<n>{_DATE})(?!\d)", re.IGNORECASE)
# A birthday with no year still narrows a child down ("her birthday is on the 3rd of May", "born May 3rd").
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
_BIRTHDAY = re.compile(rf"\b(?:birthday|born)\s*(?:is|was|'s)?\s*(?:on\s+)?(?:the\s+)?"
                       rf"(?P<n>{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+(?:the\s+)?{_DAY})\b(?![\s,]+\d)", re.IGNORECASE)


def nhs_checksum_ok(digits: str) -> bool:
    """True when ten digits pass the NHS number mod-11 check.

    Examples
    --------
    >>> nhs_checksum_ok("9434765919"), nhs_checksum_ok("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _phone_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    return 10 <= len(digits) <= 11 and digits.startswith("0")


def _intl_ok(match: str) -> bool:
    return 8 <= len(re.sub(r"\D", "", match)) <= 15


def _emails(text: str) -> Iterator[Span]:
    text = text.translate(_LOOKALIKES)
    for m in (*_EMAIL.finditer(text), *_SPACED_EMAIL.finditer(text), *_SPREAD_EMAIL.finditer(text)):
        yield m.start(), m.end(), EMAIL
    for m in _OBFUSCATED_EMAIL.finditer(text):
        # "work at example.com" is prose: a bare word "at" counts only with a dotted name or "dot" words, a
        # local part no word has ("jane_doe", "kayla84"), or a mail provider's domain ("janedoe at gmail.com").
        local, domain = text[m.start():m.start("at")], text[m.end("at"):m.end()]
        if (re.search(r"[\[({<]", m.group("at"))
                or re.search(r"\.|\bdot\b|[A-Za-z]\w*[_\d]|[_\d]\w*[A-Za-z]", local, re.IGNORECASE)
                or re.search(r"\bdot\b|^\s*" + _MAIL_PROVIDERS, domain, re.IGNORECASE)
                or _no_word(local)):
            yield m.start(), m.end(), EMAIL


def _no_word(local: str) -> bool:
    """A local part in lower case that no English word is ("jsmith at nhs.net", "priya at leeds.gov.uk"),
    where "the guidance at gov.uk" is prose."""
    from voices.redact.unlisted import english_words, never_names

    return len(local) >= 4 and local.isalpha() and local.islower() and local not in english_words() \
        and local not in never_names()


def _phones(text: str) -> Iterator[Span]:
    text = _PHONE_LABEL.sub(lambda m: " " * len(m.group()), text)
    for m in _PHONE.finditer(text):
        if _phone_ok(m.group()):
            yield m.start(), m.end(), PHONE
    for m in _MOBILE_SPACED.finditer(text):
        yield m.start(), m.end(), PHONE
    for m in _INTL_PHONE.finditer(text):
        if _intl_ok(m.group()):
            yield m.start(), m.end(), PHONE


def _nhs(text: str) -> Iterator[Span]:
    for m in _NHS.finditer(text):
        if nhs_checksum_ok(re.sub(r"\D", "", m.group())):
            yield m.start(), m.end(), NHS
    for m in _NHS_LABELLED.finditer(text):
        if len(re.sub(r"\D", "", m.group("n"))) == 10:
            yield m.start("n"), m.end("n"), NHS


def _case_refs(text: str) -> Iterator[Span]:
    for m in _CASE_LABELLED.finditer(text):
        ref = m.group("n")
        if sum(c.isdigit() for c in ref) >= 5 and not _YEARS.match(ref):
            yield m.start("n"), m.end("n"), REF


def _named_handles(text: str) -> Iterator[Span]:
    for m in _NAMED_HANDLE.finditer(text):
        if re.search(r"[\d_.]", m.group("n").strip(".")):
            yield m.start("n"), m.end("n"), PROFILE


def _profile_paths(text: str) -> Iterator[Span]:
    for m in _PROFILE_PATH.finditer(text):
        handle = m.group("h").strip(".~%+-")
        if re.search(r"[^\W_]", handle) and handle.casefold() not in _NOT_HANDLES:
            end = m.end()
            while end > m.start("h") + 1 and text[end - 1] in ".,;:!?":  # the sentence's stop, not the URL's
                end -= 1
            yield m.start(), end, PROFILE


def url_hosts(text: str) -> list[tuple[int, int]]:
    """Where the scheme and host of each URL in ``text`` are: ``(start, end)`` spans no name can be in.

    >>> url_hosts("see https://www.example.org/about")
    [(4, 27)]
    """
    return [(m.start(), m.end()) for m in _URL_HOST.finditer(text)]


_URL_REST = re.compile(r"[^\s<>\"')\],]*")


def urls_on_named_hosts(text: str, names: Iterable[Span]) -> Iterator[Span]:
    """Whole URLs whose host holds one of ``names`` ("https://kemiokafor.com/about-me"): a person's own site.

    A host is never read as a name (``url_hosts``), so such a URL kept the name an output hides everywhere
    else; ``names`` are where a known name runs together (``voices.redact.joined``).

    >>> list(urls_on_named_hosts("see https://kemiokafor.com/about.", [(12, 22, "[PERSON]")]))
    [(4, 32, '[PROFILE]')]
    """
    names = list(names)
    for m in _URL_HOST.finditer(text):
        if any(m.start() <= s and e <= m.end() for s, e, _ in names):
            end = _URL_REST.match(text, m.end()).end()
            # the sentence's stop, not the URL's, also where it ends the host ("at www.kemi-okafor.org.")
            while end > m.start() + 1 and text[end - 1] in ".,;:!?":
                end -= 1
            yield m.start(), end, PROFILE


def _schools(text: str) -> Iterator[Span]:
    for m in _SCHOOL.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
        if _CHILD_CONTEXT.search(text[start:min(ends, default=len(text))]):
            yield m.start(), m.end(), SCHOOL


def _simple(pattern: re.Pattern[str], placeholder: str, group: int | str = 0) -> Callable[[str], Iterator[Span]]:
    def find(text: str) -> Iterator[Span]:
        for m in pattern.finditer(text):
            yield m.start(group), m.end(group), placeholder
    return find


_FINDERS: tuple[Callable[[str], Iterator[Span]], ...] = (
    _emails, _phones, _nhs,
    _simple(_NINO, NINO), _simple(_POSTCODE, POSTCODE), _simple(_ZIP, POSTCODE, "n"), _simple(_ZIP_LOWER, POSTCODE, "n"),
    _simple(_CA_POSTCODE, POSTCODE),
    _simple(_ADDRESS, ADDRESS), _simple(_ADDRESS_LOWER, ADDRESS),
    _schools,
    _simple(_REF, REF), _case_refs, _simple(_VEHICLE, VEHICLE), _simple(_VEHICLE_LABELLED, VEHICLE, "n"),
    _simple(_PROFILE_URL, PROFILE), _profile_paths, _simple(_HANDLE, PROFILE),
    _simple(_REDDIT_USER, PROFILE), _named_handles, _simple(_DOB, DOB, "n"), _simple(_BIRTHDAY, DOB, "n"),
)


def pattern_spans(text: str) -> list[Span]:
    """Spans of every shaped identifier in ``text``: ``(start, end, placeholder)``, possibly overlapping.

    Examples
    --------
    >>> pattern_spans("ring 020 7946 0018")
    [(5, 18, '[PHONE]')]
    """
    text = text.translate(SPACES)  # "IL\u00a062704", "SW1A\u00a01AA": a no-break space is a space here
    return sorted({span for find in _FINDERS for span in find(text)})
