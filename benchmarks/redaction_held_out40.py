"""A blind probe written by revleak39 before it read leak39's rules, names invented for it (none from a test, a
benchmark input, ``../shared/data`` or ``../shared/seed``): 20 texts that name someone in the shapes real comment
threads and consultation answers have (sign-offs, attendee lists, 'my manager X', relatives, emails, handles,
phones, upload titles, towns beside names, lower case and capitals, hyphens, apostrophes, initials, first names
that are English words or towns) and 20 of ordinary professional writing (public bodies, places, job titles,
months, weekdays, policy names, legislation) that must stay whole.

    PYTHONPATH=src python benchmarks/redaction_held_out40.py [-v]

``hide`` rows name someone, ``keep`` rows name no one or a place or a body; ``held_out.score`` scores them
(rules only, a new redactor per row). Not a goal, a measure to quote before and after a change.
"""

from __future__ import annotations

import sys

# (kind, text, value, want): kind "title" or "body"; want "hide" or "keep"
ROWS = [
    ("body", "Many thanks for your time,\nRowena Thistlewood", "Rowena Thistlewood", "hide"),
    ("body", "Attendees: Hope Marchbank, Will Ashdown, Fenella Quist (notes)", "Will Ashdown", "hide"),
    ("body", "my manager Mark Eddowes told us to stop logging the calls", "Mark Eddowes", "hide"),
    ("body", "My daughter Rose (14) has been waiting since January.", "Rose", "hide"),
    ("body", "You can email me at hope.marchbank@btinternet.com any time.", "hope.marchbank@btinternet.com", "hide"),
    ("body", "Follow the campaign on X, I post as @KinCarerKev most nights.", "@KinCarerKev", "hide"),
    ("body", "Ring me on 07700 900318 after six, not before.", "07700 900318", "hide"),
    ("title", "Response_from_Wilf_Hargreaves_Skipton.docx", "Wilf_Hargreaves", "hide"),
    ("body", "Yours faithfully, Gareth Penhaligon (Truro)", "Gareth Penhaligon", "hide"),
    ("body", "spoke to bernadette okoro at the hub on monday and she agreed", "bernadette okoro", "hide"),
    ("body", "PLEASE PASS THIS ON TO DESMOND FAIRWEATHER AT THE COUNCIL", "DESMOND FAIRWEATHER", "hide"),
    ("body", "Our key worker, Anna-Louise Brockway-Hirst, was brilliant.", "Anna-Louise Brockway-Hirst", "hide"),
    ("body", "Ciarán O'Halloran from the residents' group wrote to us too.", "Ciarán O'Halloran", "hide"),
    ("body", "Minutes taken by J.P. Castellanos, circulated Friday.", "J.P. Castellanos", "hide"),
    ("body", "my sister Hope has looked after him since 2019", "Hope", "hide"),
    ("body", "my husband mark works nights so I do the school run", "mark", "hide"),
    ("body", "Replying to u/grumpy_gran_liz: totally agree with this", "grumpy_gran_liz", "hide"),
    ("body", "Contact: Dr Priyanka Venkataraman, Lead Nurse", "Priyanka Venkataraman", "hide"),
    ("body", "Present: Cllr Tess Boston (chair), Cllr Idris Vaughan", "Tess Boston", "hide"),
    ("title", "comments from Marcus Hilton re respite.pdf", "Marcus Hilton", "hide"),
    ("body", "Thanks for reading,\nall the best", "all the best", "keep"),
    ("body", "The social worker said the assessment was overdue.", "social worker said", "keep"),
    ("body", "Name: not given\nAge: 45-54", "not given", "keep"),
    ("body", "To: the Director of Children's Services", "Director of Children's Services", "keep"),
    ("body", "The inspection of Meadowbank Care Home found it Requires Improvement.", "Meadowbank Care Home", "keep"),
    ("body", "Boston in Lincolnshire is short of foster carers.", "Boston", "keep"),
    ("body", "The conference was held at the Hilton Metropole in Birmingham.", "Hilton Metropole", "keep"),
    ("body", "The Care Act 2014 places a duty on local authorities.", "Care Act 2014", "keep"),
    ("body", "Section 19 of the Children and Families Act 2014 applies.", "Children and Families Act 2014", "keep"),
    ("body", "Sessions run on Wednesday and Friday mornings in May and June.", "May and June", "keep"),
    ("body", "The Chief Executive of Cornwall Council replied in August.", "Chief Executive of Cornwall Council",
     "keep"),
    ("body", "The Staying Put policy should be funded properly.", "Staying Put", "keep"),
    ("body", "NHS England and the Norfolk and Waveney ICB disagree.", "Norfolk and Waveney", "keep"),
    ("body", "Our Family Hub in Wigan opens on Saturdays.", "Wigan", "keep"),
    ("body", "The Virtual School Head tracks looked-after children.", "Virtual School Head", "keep"),
    ("body", "Ofsted's Annual Report 2023 shows more placements breaking down.", "Ofsted", "keep"),
    ("body", "Regards,\nThe Kinship Carers Forum", "Kinship Carers Forum", "keep"),
    ("body", "Costs rose in April; we hope the Minister will mark it.", "rose in April", "keep"),
    ("title", "Independent Review of Childrens Social Care - response.pdf", "Independent Review", "keep"),
    ("title", "Sheffield_City_Council_submission_Sept.docx", "Sheffield_City_Council", "keep"),
]


def main() -> int:
    from held_out import score

    score(ROWS, verbose="-v" in sys.argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
