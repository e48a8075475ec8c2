"""Write ``benchmarks/data/redaction-firstnames.jsonl``: made-up sentences, each with first names planted.

Usage::

    python benchmarks/make_firstname_probe.py

Templates (short sentences, names opening a sentence, after a comma, in lists, possessives,
full names) x first names of several origins common in the UK, some on the shipped list and
some not, so ``benchmarks/redaction.py`` shows what is still missed. Every sentence and name
pairing is invented; the draw is seeded, so the file is the same on every run.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "redaction-firstnames.jsonl"
N = 600

NAMES = {
    "english": "Amelia Oliver Harry Poppy Isla Alfie Freddie Maisie Ellie Archie Jasmine Toby Megan Callum".split(),
    "word": "Grace Rose Ruby Hope Mark".split(),
    "south_asian": "Priya Arjun Aisha Fatima Imran Zainab Rohan Sanjay Anjali Kiran Harpreet Nadia".split(),
    "polish": "Kasia Tomasz Agnieszka Wojciech Zofia Krzysztof".split(),
    "west_african": "Chidi Ngozi Tunde Adaeze Kwame Abena Oluwaseun Folake Emeka Yetunde".split(),
    "irish_welsh": "Siobhan Niamh Aoife Ciaran Padraig Saoirse Ffion Rhys Cerys".split(),
    "caribbean": "Shanice Delroy Tyrone Marcia Jermaine Leroy".split(),
    "other": "Ionut Andreea Hodan Abdirahman Mehmet Tendai".split(),
}
SURNAMES = "Hart Okafor Kowalski Sharma Murphy Campbell Ahmed Mensah".split()
# {a}, {b}, {c}: first names; {s}: a surname (planted with the first name as one full name).
TEMPLATES = [
    "{a} is four.",
    "Tell {a} I said hi.",
    "{a} starts school in May.",
    "{a} cried all night.",
    "Ask {a}.",
    "Poor {a}.",
    "Thanks, {a}.",
    "{a} needs a new placement.",
    "{a} and {b} share a room.",
    "I saw {a} and {b} yesterday.",
    "{a}, {b} and {c} were at the contact session.",
    "{a}'s mum rang the office twice.",
    "We visited {a}'s school on Monday.",
    "We spoke to {a}, who was upset.",
    "Yesterday, {a} missed the visit.",
    "When {a} phoned, nobody answered.",
    "The foster carer said {a} was settled.",
    "Our new social worker is {a}.",
    "Then {a} came home.",
    "My team manager, {a}, left in March.",
    "{a} {s} has moved schools.",
    "I handed the case to {a} {s} last week.",
    "Honestly, {a} deserves a medal.",
    "Is {a} safe there?",
]


def draw(templates: list[str], names: dict[str, list[str]], surnames: list[str], n: int, seed: int,
         form: str = "first_name") -> list[dict]:
    """``n`` probe rows: template ``i % len(templates)`` filled with three names drawn at random
    (the first with a surname where the template has ``{s}``), each planted with its origin."""
    rng = random.Random(seed)
    pool = [(origin, name) for origin, group in names.items() for name in group]
    rows = []
    for i in range(n):
        template = templates[i % len(templates)]
        picked = rng.sample(pool, 3)
        full = "{s}" in template
        surname = rng.choice(surnames)
        values = dict(zip("abc", (n for _, n in picked), strict=True), s=surname)
        text = template.format(**values)
        planted = []
        for key, (origin, name) in zip("abc", picked, strict=True):
            if "{" + key + "}" in template:
                value = f"{name} {surname}" if full and key == "a" else name
                planted.append({"form": form, "value": value, "origin": origin})
        rows.append({"text": text, "author": None, "planted": planted})
    return rows


def write(rows: list[dict], out: Path) -> None:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} sentences, {sum(len(r['planted']) for r in rows)} names -> {out}")


def main() -> int:
    write(draw(TEMPLATES, NAMES, SURNAMES, N, 20260105), OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
