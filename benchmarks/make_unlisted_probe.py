"""Write ``benchmarks/data/redaction-unlisted.jsonl``: made-up sentences with first names on NO shipped list.

Usage::

    python benchmarks/make_unlisted_probe.py

The first-names probe (``make_firstname_probe.py``) mostly holds listed names; this one
holds only names that neither ``data/names/first-names.txt`` nor ``word-names.txt`` lists
(Welsh, Igbo, Yoruba, Scottish Gaelic, Polish diminutives, Somali, Bengali, Caribbean and
Shona names common among UK social workers and the families they work with), so
``benchmarks/redaction.py`` shows how far the context rules reach where no list helps.
The script refuses to write the file when a name is listed. Templates put the names where
a person's name goes: opening a sentence, after a verb or a preposition, in lists, as
possessives, addressed, with a surname. Every sentence is invented; the draw is seeded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_firstname_probe import draw, write

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "data" / "redaction-unlisted.jsonl"
N = 360

NAMES = {
    "welsh": "Cerys Ffion Dafydd Aled Gethin Rhodri Heledd Carwyn Llinos Iestyn".split(),
    "igbo": "Chidi Tobenna Chinonso Nkechi Amaka Somto".split(),
    "yoruba": "Olumide Tunde Folake Oluwaseun Adebayo Temitope Damilola Bukola Kayode Femi".split(),
    "gaelic": "Eilidh Morag Mhairi Ruaridh Ailsa Peigi Ishbel Struan".split(),
    "polish": "Wojtek Przemek Gosia Zosia Mirek Basia".split(),
    "somali": "Hodan Fadumo Hamdi Warsame Nimco Deeqa Ikran Sagal".split(),
    "bengali": "Tahmina Shamima Anwara Mehedi Tanvir Nusrat Shahana Sumon".split(),
    "caribbean": "Kemar Odane Shevon Tajay Kimoy Rushane".split(),
    "shona": "Tendai Tatenda Rutendo Farai Tapiwa Kudzai Tinashe Vimbai".split(),
}
SURNAMES = "Okonkwo Adeyemi Hughes Macleod Nowak Warsame Rahman Campbell Moyo".split()
# {a}, {b}, {c}: first names; {s}: a surname (planted with the first name as one full name).
TEMPLATES = [
    "{a} told me she was leaving.",
    "{a} and I worked the same team.",
    "Ask {a} about it.",
    "I spoke to {a} yesterday.",
    "{a} is four.",
    "Tell {a} I said hi.",
    "We visited {a} at the new placement.",
    "{a} said the visit went well.",
    "I met {a} at the contact centre.",
    "The referral came from {a} on the duty desk.",
    "{a}'s mum rang the office twice.",
    "We went to {a}'s school on Monday.",
    "{a}, {b} and {c} were at the contact session.",
    "I saw {a} and {b} yesterday.",
    "My manager, {a}, left in March.",
    "Thanks, {a}.",
    "Poor {a} has moved three times this year.",
    "I phoned {a} but nobody answered.",
    "She was supervised by {a} for two years.",
    "I worked with {a} in the assessment team.",
    "When {a} asked for help, nobody came.",
    "{a} {s} has moved schools.",
    "I handed the case to {a} {s} last week.",
    "Is {a} safe there?",
]


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from voices.redact.names import listed_names

    names, words = listed_names()
    listed = sorted(n for ns in NAMES.values() for n in ns if n.lower() in names | words)
    if listed:
        print(f"on the shipped list, so not for this probe: {', '.join(listed)}", file=sys.stderr)
        return 1
    write(draw(TEMPLATES, NAMES, SURNAMES, N, 20261206, form="unlisted_name"), OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
