"""Seconds to redact long texts of one repeated shape each: a rule that reads a run again from each of
its words, or a regular expression that backtracks, hangs every redacted output on such a text.

    PYTHONPATH=src python benchmarks/redaction_worst_case.py [--chars 100000] [--json PATH]

Each text is ``--chars`` characters of one shape (URLs, numbers, posts and their bodies, signatures,
capitalised words, hyphenated and "dot"-parted runs, unusual Unicode), redacted by a ``Redactor`` with
no NER (the rules alone; spaCy's own time grows linearly), then each ``TITLE_SHAPES`` text as a source
title (``Redactor.source_titles``: the file-name rules too). Prints the seconds for each; the goal is every
shape under 10 s at 100,000 characters.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

GOAL_SECONDS = 10.0
SHAPES = {
    "urls": "see https://www.communitycare.co.uk/2024/01/pay and janesmith.com/x ",
    "numbers": "12345 67890 1234 56 TX 78701-1234 ",
    "us addresses": "1234 Elm Street Apt 4B, Springfield, IL 62704 ",
    "us towns": "Austin TX ",
    "welsh": "Mae angen mwy o weithwyr yn y sir. ",
    "posts": "the Director of Children's Services at Rotherham Council and ",
    "signatures": "Head of Service\nRotherham Council\n",
    "capitals": "Director of Adult Social Care for Aaaa Bbbb Cccc of Dddd and Eeee the Ffff in Gggg on ",
    "one capital word": "Aaaa ",
    "hyphen run": "a-",
    "dot run": "a dot ",
    "bracket run": "a[.]",
    "unicode": "Zoë Ångström 北京 ﬁ İstanbul ß ＡＢＣ．ｃｏｍ \u200b\u202e🙂 ",
    "host parts": "okaforkemi-uk-blog-2024.com ",  # each "-" part of a label read by the label rules
    "names by states": "Savannah Jones, GA ",  # a town's name as a first name before a state
    "signed towns": "Signed Phoenix AZ ",
    "surname, town": "Smith, Florence SC\n",  # a surname alone before a town, at each line's start
    "surname pairs": "Jones, Austin TX; ",  # a list of "surname, first name" pairs before a state
    "labelled pairs": "To: Reid, Dallas TX and Okafor, Houston TX and ",  # pairs after "and" on a labelled line
    "trade hosts": "markbrown.coaching j-smith.net ",  # a trade as a host's ending, an initial parted by "-"
    "comma pairs": "Reid, Dallas TX, Abernathy, Boise ID, ",  # a list of pairs parted by commas alone
    "lower sign-offs": "thanks,\ndave h\n",  # a lower-case name on its own line after a sign-off
    "lower after roles": "the social worker marguerite dsouza and ",  # a lower-case name after a role
    "labelled things": "Hotel: Aaaa Bbbb Cccc, Austin TX ",  # a thing's label before a name and a US place
    "colleague workplaces": "My colleague Aaaa Bbbb Cccc at Dddd Eeee Care Home ",  # a colleague's workplace
    "header labels": "cc: Kemi Okafor\nName: tamsin ellery\n",  # a header label before a name, any case
    "capital towns": "I rang SARAH WHITBY and ",  # a UK town's name in capitals after a first name
    "town surnames": "Whitby, Sarah; Penrith, Priya; ",  # a town's name as a surname before a first name
    "called home": "I called Austin TX home and ",  # a US town one called home
    "shouted names": "PASS THIS TO DESMOND FAIRWEATHER AND ",  # names in a text written in capitals
    "initialled": "Report by J.P. Smith and K. Baker, ",  # initials before a surname that is a word
    "kin words": "my husband mark and my daughter rose is ",  # a word-name after a relative
    "named towns": "in Boston and Lincoln, near Denver to Phoenix and the Hilton Metropole ",  # towns named like people
    "labelled list": "Attendees: priya okafor, tamsin ellery, bill jones; ",  # lower-case names in a labelled list
    "roll with roles": "Present: Ann (SW), Bob (IRO), Cat Jones, ",  # names after "Name (role)," in a roll
    "one long list": "cc: " + "priya okafor, tamsin ellery, " * 5,  # a list run on far past the label
    "kin-only names": "our son bill arrived and my daughter june is ",  # a never-read first name after a relative
    "labelled capitals": "NAME: TAMSIN ELLERY\nTO: BRACKENFIELD CARE HOME\n",  # names on no list after a label
    "name label places": "Name: Tamsin Home\nName: Brackenfield Care Home\n",  # a place's word as a surname
    "hyphen towns": "sarah whitby-jones rang and SARAH WHITBY-JONES-HEXHAM RANG ",  # a town in a hyphenated surname
    "who works at": "my colleague Tamsin Ellery who works at Brackenfield Care ",  # a workplace after who works at
}
# Titles read by the file-name rules (``joined.file_name_spans``, ``title_names``): a page's or a file's title is
# whatever its writer typed, so it can be as long and as repetitive as a body
TITLE_SHAPES = {
    "title hyphen run": "a-",
    "title capitals run": "A-",
    "title initials": "Smith (J) ",
    "title east asian": "wang-fang-",
    "title particles": "rhys-ap-",
    "title spaced": "Bethan Wyn ",
    "title hosts": "smithjane.net ",
    "title run-on hosts": "smithjane.net-2024_",  # a host's ending run on into the title by "-" or "_"
    "title many hyphens": "rose-garden-",
    "title town pairs": "jane-hexham-",  # a first name beside a UK town's name
}


def run(chars: int) -> dict[str, float]:
    from voices.redact import Redactor

    redactor = Redactor(entities=lambda texts: [[] for _ in texts])
    redactor.redact("warm up")
    seconds = {}
    for shapes, redact in ((SHAPES, redactor.redact), (TITLE_SHAPES, lambda t: redactor.source_titles([t]))):
        for name, unit in shapes.items():
            text = (unit * (chars // len(unit) + 1))[:chars]
            start = time.perf_counter()
            redact(text)
            seconds[name] = round(time.perf_counter() - start, 2)
            print(f"{name:<18} {seconds[name]:7.2f} s", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=100_000)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    seconds = run(args.chars)
    if args.json:
        args.json.write_text(json.dumps({"chars": args.chars, "seconds": seconds}, indent=2) + "\n", encoding="utf-8")
    return 0 if max(seconds.values()) < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
