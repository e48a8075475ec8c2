"""A held-out probe of the title and body shapes the leak37 review still showed, written before their rules,
with names invented for it (none from a test, a benchmark input or ``../shared/data``).

    PYTHONPATH=src python benchmarks/redaction_held_out37.py

``hide`` rows name someone, ``keep`` rows name no one or a place or a body; ``held_out.score`` scores them
(rules only, a new redactor per row). Not a goal, a measure to quote before and after a change.
"""

from __future__ import annotations

import sys

# (kind, text, value, want): kind "title" or "body"; want "hide" or "keep"
ROWS = [
    ("title", "Patel (R) answers.docx", "Patel", "hide"),
    ("title", "Baker (T) response.pdf", "Baker", "hide"),
    ("title", "zhang-min-response", "zhang-min", "hide"),
    ("title", "Chen_Jie_2023", "Chen_Jie", "hide"),
    ("title", "liu-yang-feedback.txt", "liu-yang", "hide"),
    ("title", "jones-barnardo-response", "jones", "hide"),
    ("title", "jones-barnardo-response", "barnardo", "keep"),
    ("title", "patel_nspcc_feedback.csv", "patel", "hide"),
    ("title", "patel_nspcc_feedback.csv", "nspcc", "keep"),
    ("title", "sian-wyn-evans.docx", "sian-wyn-evans", "hide"),
    ("title", "rhys-ap-gwilym-response", "rhys-ap-gwilym", "hide"),
    ("title", "Orla_Ní_Dhuibhir.docx", "Orla_Ní_Dhuibhir", "hide"),
    ("title", "SARAH COOK.docx", "SARAH COOK", "hide"),
    ("title", "PETER MASON.pdf", "PETER MASON", "hide"),
    ("title", "faith-hunter-2024", "faith-hunter", "hide"),
    ("title", "ivy-hale-2023.csv", "ivy-hale", "hide"),
    ("title", "chester-response", "chester", "keep"),
    ("title", "lincoln-feedback.docx", "lincoln", "keep"),
    ("title", "warwick-2024", "warwick", "keep"),
    ("title", "preston_response.csv", "preston", "keep"),
    ("title", "bolton-2023", "bolton", "keep"),
    ("title", "carlisle-answers", "carlisle", "keep"),
    ("title", "durham_feedback", "durham", "keep"),
    ("title", "stafford-response.txt", "stafford", "keep"),
    ("title", "will-power-2024", "will-power", "keep"),
    ("title", "staff-survey-2024", "staff-survey", "keep"),
    ("title", "green-paper-response", "green-paper", "keep"),
    ("body", "my notes are on patelraj.net now", "patelraj.net", "hide"),
    ("body", "read thepriyapatel.com for the rest", "thepriyapatel.com", "hide"),
    ("body", "more at tomjonesmsw.co.uk soon", "tomjonesmsw.co.uk", "hide"),
    ("body", "see ｔｏｍｊｏｎｅｓ.com please", "ｔｏｍｊｏｎｅｓ", "hide"),
    ("body", "https://blog.example.org/posts?author=priyapatel", "priyapatel", "hide"),
    ("body", "https://forum.example.net/view?user=tom.jones&p=2", "tom.jones", "hide"),
    ("body", "I work at Hollybank Family Centre in Wakefield and love it.", "Hollybank", "hide"),
    ("body", "I volunteer at Ashgrove Children's Centre most weeks.", "Ashgrove", "hide"),
    ("body", "read communitycare.co.uk and basw.co.uk, gov.uk and willpower.com", "communitycare", "keep"),
    ("body", "I work at the council and met her at the weekend.", "council", "keep"),
    ("body", "We were inspected by a team at Ofsted last May.", "Ofsted", "keep"),
    ("body", "I moved here from Austin TX in 2019.", "Austin", "keep"),
    ("body", "I grew up in Denver, Colorado before moving.", "Denver, Colorado", "keep"),
    ("body", "Our sister team is based in Portland, Oregon.", "Portland, Oregon", "keep"),
    ("body", "She trained in Phoenix, AZ and then Houston, Texas.", "Houston, Texas", "keep"),
]


def main() -> int:
    from held_out import score

    score(ROWS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
