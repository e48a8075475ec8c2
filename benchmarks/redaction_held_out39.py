"""A held-out probe written by leak39 before any of its rules, names invented for it (none from a test, a
benchmark input, ``../shared/data`` or ``../shared/seed``): shapes the earlier probes lack (a colleague at a
workplace, a relative with a title, a name beside a job title, lower-case names after a role, apostrophe and
hyphenated names, initials, signatures for two people, obfuscated emails, labelled phones, case references,
upload titles, US pairs in a comma list), and ordinary words, public bodies, helplines and towns that must stay.

    PYTHONPATH=src python benchmarks/redaction_held_out39.py [-v]

``hide`` rows name someone, ``keep`` rows name no one or a place or a body; ``held_out.score`` scores them
(rules only, a new redactor per row). Not a goal, a measure to quote before and after a change.
"""

from __future__ import annotations

import sys

# (kind, text, value, want): kind "title" or "body"; want "hide" or "keep"
ROWS = [
    ("body", "My colleague Tamsin Ellery at Brackenfield Care Home raised it twice.", "Tamsin Ellery", "hide"),
    ("body", "My colleague Tamsin Ellery at Brackenfield Care Home raised it twice.", "Brackenfield", "hide"),
    ("body", "my mother-in-law, Mrs Pennington, is 92 and still waiting", "Pennington", "hide"),
    ("body", "Our Head of Safeguarding, Imogen Tate-Whitlow, signed it off.", "Imogen Tate-Whitlow", "hide"),
    ("body", "the social worker marguerite dsouza never rang back", "marguerite dsouza", "hide"),
    ("body", "Team leader Y. Oduya left in March and nobody replaced her.", "Y. Oduya", "hide"),
    ("body", "Siobhán O'Dwyer-Kane chaired the panel and ignored us.", "Siobhán O'Dwyer-Kane", "hide"),
    ("body", "Signed for the family: Hamish & Morag Dunleavy", "Hamish & Morag Dunleavy", "hide"),
    ("body", "write to me at n.abara[at]outlook[dot]com if useful", "n.abara[at]outlook[dot]com", "hide"),
    ("body", "Mob: +44 (0)7700-900461 (evenings only)", "7700-900461", "hide"),
    ("body", "Our case ref CFS/2023/00417 was closed without a visit.", "CFS/2023/00417", "hide"),
    ("body", "We live at 14b Larkspur Close, Thornbury BS35 2RJ.", "Larkspur Close", "hide"),
    ("body", "We live at 14b Larkspur Close, Thornbury BS35 2RJ.", "BS35 2RJ", "hide"),
    ("body", "my grandson Alfie-Jay (6) is autistic", "Alfie-Jay", "hide"),
    ("body", "Paediatrician Dr Aditi Raghunathan-Shah said he was fine.", "Aditi Raghunathan-Shah", "hide"),
    ("body", "Our advocate Precious Mutasa-Banda did more than anyone.", "Precious Mutasa-Banda", "hide"),
    ("body", "thanks for reading,\ndave hollingworth", "dave hollingworth", "hide"),
    ("body", "I'm on there as @quietgrace_88 if you want the thread", "@quietgrace_88", "hide"),
    ("body", "my practice site is www.ngoziabara-play-therapy.uk", "ngoziabara-play-therapy.uk", "hide"),
    ("body", "Copied to: Whitfield-Moore, Tulsa OK, Abernathy, Boise ID", "Abernathy", "hide"),
    ("title", "ellery_tamsin_consultation_reply.odt", "ellery_tamsin", "hide"),
    ("title", "Response - A. Okonkwo-Reid (carer).pdf", "A. Okonkwo-Reid", "hide"),
    ("title", "kinship response FINAL - bethan rhys pritchard.docx", "bethan rhys pritchard", "hide"),
    ("body", "The Local Government and Social Care Ombudsman upheld my complaint.",
     "Local Government and Social Care Ombudsman", "keep"),
    ("body", "The Children's Commissioner for Wales published a report.", "Children's Commissioner for Wales", "keep"),
    ("body", "The Care Quality Commission rated the home Good in June.", "Care Quality Commission", "keep"),
    ("body", "Cafcass and the family court took six months to decide.", "Cafcass", "keep"),
    ("body", "Barnardo's and Action for Children ran the service here.", "Action for Children", "keep"),
    ("body", "Call Childline on 0800 1111 or the NSPCC helpline.", "0800 1111", "keep"),
    ("body", "Hope, patience and grace are what carers need most.", "grace", "keep"),
    ("body", "Mark each form clearly and sign it before posting.", "Mark", "keep"),
    ("body", "Will the changes apply to kinship carers as well?", "Will", "keep"),
    ("body", "Frank conversations with birth parents help everyone.", "Frank", "keep"),
    ("body", "Bill payments and council tax are crushing families.", "Bill", "keep"),
    ("body", "Our GP surgery in Harrogate has a six-week wait.", "Harrogate", "keep"),
    ("body", "We met at the Town Hall on a wet Tuesday in March.", "Town Hall", "keep"),
    ("body", "Dear Sir or Madam, please read this before deciding.", "Sir or Madam", "keep"),
    ("body", "Kind regards,\nA worried grandparent", "A worried grandparent", "keep"),
    ("body", "The Department for Education guidance (2023) is vague.", "Department for Education", "keep"),
    ("body", "Visit www.gov.uk/foster-carers for the forms.", "gov.uk/foster-carers", "keep"),
    ("body", "The Head of Safeguarding should sign every plan.", "Head of Safeguarding", "keep"),
    ("body", "We drove from Leeds, Bradford and Halifax for the meeting.", "Halifax", "keep"),
    ("body", "Staff at Brighton General and Worthing Hospital were kind.", "Worthing Hospital", "keep"),
    ("title", "consultation-response-final-v2.docx", "consultation-response-final", "keep"),
    ("title", "Kinship Care Strategy - Response.pdf", "Kinship Care Strategy", "keep"),
    ("title", "carers_week_2024_notes.txt", "carers_week", "keep"),
]


def main() -> int:
    from held_out import score

    score(ROWS, verbose="-v" in sys.argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
