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
# Kinds the first rules still missed, each reported as its own "origin" (``new ...``): a name on no
# list opening a sentence before an ordinary verb, a name followed only by a modal verb, names that
# are English words in a person's place ("Precious", "Blessing"), and word-names opening a sentence
# before an ordinary verb or in a list. Written before the rules that catch them.
NEW_UNLISTED = ("Babatunde Kayode Oluwaseun Tapiwa Tobenna Tendai Babajide Tariro Rumbidzai Chipo Munashe Anesu "
                "Fungai Simbarashe Tafadzwa Gethin Eluned Oluwadamilare").split()
NEW_WORDS = "Precious Blessing Patience Mercy Comfort Favour Marvellous Faith Hope Ruby Rose Joy".split()
NEW = {
    "new opener": (NEW_UNLISTED, [
        "{a} had a meeting with his worker.",
        "{a} has autism.",
        "{a}'s appeal was refused.",
        "{a} needs a new placement.",
        "{a} goes to nursery on Tuesdays.",
        "{a} missed three appointments in a row.",
        "{a} attends the local primary now.",
        "{a} lives with her grandmother.",
        "{a} wrote a letter to the panel.",
        "{a} did not want to go home.",
        "{a} was placed with foster carers in June.",
        "{a} won't talk to me anymore.",
        "{a} has been in care since he was two.",
        "{a} gets the bus to college.",
        "{a}'s placement broke down in March.",
        "{a} refused to see his father.",
    ]),
    "new modal": (NEW_UNLISTED, [
        "Her brother is moving, and {a} will too.",
        "I hope {a} can stay where she is.",
        "The panel agreed that {a} should go home.",
        "Nobody knows whether {a} would cope.",
        "We think {a} might move in the spring.",
        "The judge decided {a} must stay in care.",
    ]),
    "new word in place": (NEW_WORDS, [
        "I spoke to {a} yesterday.",
        "Ask {a} about it.",
        "{a} and {b} were both on my caseload.",
        "We visited {a} at the new placement.",
        "I met {a} at the contact centre.",
        "The referral came from {a} on the duty desk.",
        "I worked with {a} in the assessment team.",
        "Tell {a} I said hi.",
    ]),
    "new word opener": (NEW_WORDS, [
        "{a} needs a new school.",
        "{a} starts school in May.",
        "{a} has moved schools again.",
        "{a} lives with her aunt now.",
        "{a} missed her review.",
        "{a} wants to see her brother.",
        "{a} goes to the youth club on Fridays.",
        "{a} went home last week.",
    ]),
    "new list": ([*NEW_WORDS, *NEW_UNLISTED[:8]], [
        "{a}, {b} and {c} were placed together.",
        "{a} and {b} share a bedroom.",
        "{a}, {b} and {c} all moved in April.",
    ]),
}
NEW_N = 24  # sentences per kind: 120 in all

# Third round: whole sentences, each name planted as written (``names3 ...`` origins): the reviewer's
# sixteen leaks, then more of each kind written before the rules that catch them. "|" separates the
# planted names of a sentence from it.
NAMES3 = {
    "names3 reviewer": [
        "Regards, Dafydd ap Gruffydd|Dafydd ap Gruffydd", "Yours, Ifan.|Ifan", "REGARDS, SIOBHAN|SIOBHAN",
        "Dear Eilidh, thanks for the notes.|Eilidh",
        "Spoke to Mairéad Nic Dhòmhnaill about the placement.|Mairéad Nic Dhòmhnaill",
        "I saw Aisling Ní Bhriain yesterday.|Aisling Ní Bhriain", "Ask O'NEILL about the transport.|O'NEILL",
        "I told KEMI the date had moved.|KEMI", "I asked MCALLISTER to call back.|MCALLISTER",
        "spoke to kemi this morning|kemi", "ngozi told me on monday.|ngozi", "D'Arcy told me she was leaving.|D'Arcy",
        "Macleod and MacDonald both left.|Macleod|MacDonald", "SW: Tendai Moyo. TM: Oluwaseun.|Tendai Moyo|Oluwaseun",
        "Present: Ngozi (SW), Femi (IRO), Chiamaka (school nurse).|Ngozi|Femi|Chiamaka",
        "Thanks to Blessing and Precious for covering.|Blessing|Precious",
    ],
    "names3 salutation": [
        "Kind regards,\nNneka|Nneka", "Best wishes, Rhiannon Prys|Rhiannon Prys", "Many thanks\nGwenllian|Gwenllian",
        "Cheers, Tomos|Tomos", "Hi Oisín, can we move the visit?|Oisín", "Hello Ndidi, the panel is on Thursday.|Ndidi",
        "Thanks Ruaraidh, that helps.|Ruaraidh", "KIND REGARDS\nCHIOMA OKAFOR|CHIOMA OKAFOR",
        "Best wishes,\n\nSeren|Seren", "Yours sincerely,\nAoife Breathnach|Aoife Breathnach",
        "Dear Kwabena and Efua, the date has moved.|Kwabena|Efua", "Regards\nIfeoma (duty SW)|Ifeoma",
        "Warm regards, Lowri|Lowri", "Thanks again, Marged.|Marged", "DEAR TEMITAYO,\nthe review is booked.|TEMITAYO",
        "Many thanks, Eluned Parri|Eluned Parri", "Best,\nCatrin|Catrin", "Hiya Dervla, any news?|Dervla",
        "See you Thursday.\nRegards,\nOlamide|Olamide", "Thank you, Gráinne!|Gráinne",
    ],
    "names3 particle": [
        "Rhys ab Owain chaired the review.|Rhys ab Owain", "Gwenno ferch Ieuan wrote the report.|Gwenno ferch Ieuan",
        "I met Seán Ó Briain at the hearing.|Seán Ó Briain", "Niamh Ua Duinn is the new IRO.|Niamh Ua Duinn",
        "The assessment was done by Pieter van der Berg.|Pieter van der Berg",
        "Ask Ahmad bin Yusuf about the interpreter.|Ahmad bin Yusuf", "Nurul binti Hassan rang the office.|Nurul binti Hassan",
        "Omar al-Rashid was at the meeting.|Omar al-Rashid", "We met Yasmin el-Sayed on Tuesday.|Yasmin el-Sayed",
        "Fitzgerald said the plan would change.|Fitzgerald", "McAllister phoned twice.|McAllister",
        "I gave the file to Maria de Souza.|Maria de Souza", "Klaus von Essen supervised the student.|Klaus von Essen",
        "O'Sullivan and McKenna were both off sick.|O'Sullivan|McKenna", "MacLeod's report was late.|MacLeod",
        "D'Souza chaired the strategy meeting.|D'Souza", "I spoke to Mr Ó Dónaill and his son.|Ó Dónaill",
        "Caoimhe Nic Giolla Phádraig was the duty worker.|Caoimhe Nic Giolla Phádraig",
        "Tell Ffion ap Rhys the panel moved.|Ffion ap Rhys",
        "Mackintosh and Fitzpatrick signed it off.|Mackintosh|Fitzpatrick",
    ],
    "names3 minutes": [
        "Attendees: Bronwen (TM), Kelechi (HV), Ayodele (DSL).|Bronwen|Kelechi|Ayodele",
        "Chair: Adaeze. Minutes: Rhodri.|Adaeze|Rhodri", "Apologies: Obinna (CAMHS), Siân (police).|Obinna|Siân",
        "IRO: Chukwuemeka\nSW: Ffion\nFC: Nkem|Chukwuemeka|Ffion|Nkem", "Present - Tobi (SW), Ebere (FSW)|Tobi|Ebere",
        "HV: Nnamdi. GP: Dr Patel.|Nnamdi|Patel", "Minute taker: Efua Mensah|Efua Mensah",
        "Present: Kwame Asante (chair), Ama (SW).|Kwame Asante|Ama", "DSL: Oghenekaro, SENCO: Ifeyinwa|Oghenekaro|Ifeyinwa",
        "Also present: Gwion (advocate) and Zainab (interpreter).|Gwion|Zainab",
        "TM: Uchenna. SW: Dafydd. IRO: Eilir.|Uchenna|Dafydd|Eilir", "Chaired by Ngozika (IRO).|Ngozika",
    ],
    "names3 case": [
        "We met CHIDINMA at the office.|CHIDINMA", "Please ring BOLA before the review.|BOLA",
        "i saw funmi at the school gate|funmi", "had a call from tunde about the rent|tunde",
        "the review was chaired by AKINYEMI last week.|AKINYEMI", "asked siobhan to cover friday|siobhan",
        "I think DAMILOLA has moved again.|DAMILOLA", "waiting for chiamaka to ring back|chiamaka",
        "The letter from OKONKWO arrived today.|OKONKWO", "me and yetunde went to the hearing|yetunde",
        "Can you remind NKECHI about Friday?|NKECHI", "emeka said the flat was cold|emeka",
    ],
    "names3 word list": [
        "Thanks to Patience and Mercy for the cover.|Patience|Mercy",
        "I asked Comfort and Favour to join the call.|Comfort|Favour",
        "Shout out to Joy and Faith who stayed late.|Joy|Faith",
        "Blessing, Precious and Ruby came to the review.|Blessing|Precious|Ruby",
        "Thanks to Hope and Grace for the notes.|Hope|Grace",
        "Precious and Marvellous were both at contact.|Precious|Marvellous",
        "Me and Patience did the visit together.|Patience",
        "Thanks to Mercy, Comfort and Chidi for the cake.|Mercy|Comfort|Chidi",
    ],
}


def names3_rows() -> list[dict]:
    """The third round's sentences as probe rows, each name planted with its kind as origin."""
    rows = []
    for origin, lines in NAMES3.items():
        for line in lines:
            text, *values = line.split("|")
            rows.append({"text": text, "author": None,
                         "planted": [{"form": "unlisted_name", "value": v, "origin": origin} for v in values]})
    return rows


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words

    names, words = listed_names()
    listed = sorted(n for ns in NAMES.values() for n in ns if n.lower() in names | words)
    if listed:
        print(f"on the shipped list, so not for this probe: {', '.join(listed)}", file=sys.stderr)
        return 1
    unlisted_new = sorted(n for n in NEW_UNLISTED if n.lower() in names | words | english_words())
    if unlisted_new:
        print(f"listed or English, so not unlisted: {', '.join(unlisted_new)}", file=sys.stderr)
        return 1
    rows = draw(TEMPLATES, NAMES, SURNAMES, N, 20261206, form="unlisted_name")
    for seed, (kind, (pool, templates)) in enumerate(NEW.items(), start=20261207):
        rows += draw(templates, {kind: pool}, SURNAMES, NEW_N, seed, form="unlisted_name")
    rows += names3_rows()
    write(rows, OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
