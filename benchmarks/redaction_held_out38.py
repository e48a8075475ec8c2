"""A held-out probe of the shapes the leak38 brief still showed, written before their rules, with names invented
for it (none from a test, a benchmark input or ``../shared/data``): sites named after someone with no separator,
surname first or with a trade word, a host wrapped over two lines, a first name that is a town before a surname and
a US state, and what should stay (ordinary sites, loanword and place titles, a place after a surname, a second US
town after a first).

    PYTHONPATH=src python benchmarks/redaction_held_out38.py

``hide`` rows name someone, ``keep`` rows name no one or a place or a body; ``held_out.score`` scores them
(rules only, a new redactor per row). Not a goal, a measure to quote before and after a change.
"""

from __future__ import annotations

import sys

# (kind, text, value, want): kind "title" or "body"; want "hide" or "keep"
ROWS = [
    ("body", "find my notes at adeyemifemi.com soon", "adeyemifemi.com", "hide"),
    ("body", "read more at harrisonruth.net", "harrisonruth.net", "hide"),
    ("body", "book via sallyfordtherapy.co.uk today", "sallyfordtherapy.co.uk", "hide"),
    ("body", "my practice is priyanaircounselling.com", "priyanaircounselling.com", "hide"),
    ("body", "see femiadeyemi-coaching.org for dates", "femiadeyemi-coaching.org", "hide"),
    ("body", "details at hannahwhitby-training.co.uk", "hannahwhitby-training.co.uk", "hide"),
    ("body", "it is on www.sarahwilkins\n.org now", "www.sarahwilkins\n.org", "hide"),
    ("body", "try www.davidokoro\n.com instead", "www.davidokoro\n.com", "hide"),
    ("body", "I wrote to Chelsea Baxter, CA about it", "Chelsea Baxter", "hide"),
    ("body", "a letter from Florence Whitby, TX came", "Florence Whitby", "hide"),
    ("body", "read carersuk.org and youngminds.org.uk first", "carersuk.org", "keep"),
    ("body", "read carersuk.org and youngminds.org.uk first", "youngminds.org.uk", "keep"),
    ("body", "prices on markets.com and socialworkengland.org.uk", "socialworkengland.org.uk", "keep"),
    ("body", "see parentingcoaching.com and familytraining.org", "parentingcoaching.com", "keep"),
    ("body", "see parentingcoaching.com and familytraining.org", "familytraining.org", "keep"),
    ("body", "Okoro, Santa Monica", "Santa Monica", "keep"),
    ("body", "Hughes, Palm Springs", "Palm Springs", "keep"),
    ("body", "We have offices in Dallas TX and Baltimore MD.", "Baltimore", "keep"),
    ("body", "Teams in Tucson AZ and Portland ME met.", "Portland", "keep"),
    ("title", "tai-chi-2024", "tai-chi", "keep"),
    ("title", "dim-sum-feedback.docx", "dim-sum", "keep"),
    ("title", "rye-response", "rye", "keep"),
    ("title", "hythe-feedback.pdf", "hythe", "keep"),
    ("title", "adeyemifemi.com", "adeyemifemi", "hide"),
    ("title", "sallyfordtherapy.co.uk", "sallyford", "hide"),
]


def main() -> int:
    from held_out import score

    score(ROWS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
