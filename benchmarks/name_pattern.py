"""How fast the author-name pattern of redaction runs as the number of author names grows.

Usage::

    python benchmarks/name_pattern.py [--names 1000,10000,50000]

Per size: made-up three-syllable names (seed 0), the pattern redaction used before
(one longest-first alternation) and the trie-shaped one it uses now
(``voices.redact._redactor.alternation``), each run over a 560-character comment 200 times;
prints milliseconds per text. Both find the same spans (``tests/test_redact_leaks.py``).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from voices.redact._redactor import alternation

SYLLABLES = ["an", "ber", "cal", "dor", "el", "fin", "gar", "hol", "is", "jen", "kel", "lor", "man", "nor", "os",
             "per", "quin", "ros", "sel", "tor", "ul", "vin", "wes", "yor", "zan"]
TEXT = ("Our manager said the caseload review would finish in March, but nobody from the council has "
        "replied to the team. Staff are leaving and morale is low across the service this year. ") * 3


def per_text(pattern: str, runs: int = 200) -> float:
    rx = re.compile(r"(?<!\w)" + pattern + r"(?!\w)")
    t = time.perf_counter()
    for _ in range(runs):
        list(rx.finditer(TEXT))
    return (time.perf_counter() - t) / runs * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", default="1000,10000,50000")
    args = ap.parse_args(argv)
    rng = random.Random(0)
    for n in (int(x) for x in args.names.split(",")):
        names: set[str] = set()
        while len(names) < n:
            names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 4)))).capitalize())
        plain = "(?:" + "|".join(map(re.escape, sorted(names, key=lambda s: (-len(s), s)))) + ")"
        print(f"{n:,} names: one alternation {per_text(plain):.3f} ms a text; trie {per_text(alternation(names)):.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
