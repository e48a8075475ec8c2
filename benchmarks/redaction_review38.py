"""A hostile probe of the leak38 rules (name-built hosts, US places, loanword titles) from both sides, written by
the review of that branch with invented names (none from a test, a benchmark input or ``../shared/data``).

    PYTHONPATH=src python benchmarks/redaction_review38.py [-v]

Rules only (no NER), as ``redaction_held_out38.py``: ``hide`` rows name someone (every letter of the value must be
hidden), ``keep`` rows name no one (any placeholder over the value is over-hiding). Prints the counts and, with
``-v`` or for a failing row, what shows (``held_out.score``, a new ``Redactor`` for each row). A measure to quote
before and after a change, not a goal.
"""

from __future__ import annotations

import sys

# Ordinary UK and US sites (councils, NHS trusts, charities, universities, news, shops, services), many hyphenated
SITES = """citizens-advice.org.uk age-uk.org.uk guys-and-st-thomas.nhs.uk leeds-city-council.gov.uk
    family-support-training.org familysupporttraining.org anger-management-coaching.com parenting-coaching.co.uk
    north-yorkshire.gov.uk east-sussex.gov.uk brighton-hove.gov.uk milton-keynes.gov.uk stoke-on-trent.gov.uk
    kingston-upon-hull.gov.uk west-midlands-police.uk royal-free.nhs.uk great-ormond-street.nhs.uk
    oxford-health.nhs.uk south-west-yorkshire.nhs.uk the-childrens-society.org.uk action-for-children.org.uk
    foster-care-uk.org social-work-england.org.uk young-carers-trust.org carers-trust.org home-start.org.uk
    red-cross.org.uk salvation-army.org.uk mental-health-foundation.org.uk rethink-mental-illness.org
    king-s-fund.org.uk kings-fund.org.uk nuffield-trust.org.uk joseph-rowntree.org.uk
    university-of-leeds.ac.uk manchester-met.ac.uk sheffield-hallam.ac.uk oxford-brookes.ac.uk
    daily-mail.co.uk evening-standard.co.uk manchester-evening-news.co.uk the-sun.co.uk sky-news.com
    new-york-times.com los-angeles-times.com washington-post.com boston-globe.com chicago-tribune.com
    john-lewis.com marks-and-spencer.com national-grid.com british-gas.co.uk thames-water.co.uk
    south-east-water.co.uk national-trust.org.uk english-heritage.org.uk rose-garden-2024.com
    annual-review-2024.org board-minutes.net winston-churchill-trust.org martin-luther-king.org
    sainsburys.co.uk tesco.com asda.com waitrose.com johnlewis.com nationalgrid.com britishgas.co.uk
    tavistock-portman.nhs.uk mary-seacole.nhs.uk kingsley-hall.gov.uk
    nhs.uk leedsth.nhs.uk mind.org.uk samaritans.org barnardos.org.uk nspcc.org.uk shelter.org.uk
    kcl.ac.uk ucl.ac.uk lse.ac.uk ox.ac.uk cam.ac.uk bham.ac.uk salford.ac.uk bristol.ac.uk
    bbc.co.uk theguardian.com telegraph.co.uk thetimes.co.uk independent.co.uk nytimes.com
    washingtonpost.com latimes.com bostonglobe.com npr.org pbs.org cnn.com foxnews.com
    austintexas.gov dallascounty.org phoenix.gov savannahga.gov florenceal.gov denvergov.org
    wordpress.com substack.com medium.com linktr.ee justgiving.com gofundme.com eventbrite.co.uk""".split()

# (kind, text, value, want)
ROWS = [
    # name-built sites in other shapes
    ("body", "see janesmith82.com for more", "janesmith82.com", "hide"),
    ("body", "see jsmith.co.uk for more", "jsmith.co.uk", "hide"),
    ("body", "see drjanesmith.com for more", "drjanesmith.com", "hide"),
    ("body", "see smith-jane.org for more", "smith-jane.org", "hide"),
    ("body", "blog at janesmith.wordpress.com now", "janesmith.wordpress.com", "hide"),
    ("body", "read janesmith.substack.com weekly", "janesmith.substack.com", "hide"),
    ("body", "all links: linktr.ee/janesmith", "linktr.ee/janesmith", "hide"),
    ("body", "mail jane@smith.com or janesmith.com", "janesmith.com", "hide"),
    ("body", "see JANESMITH.COM now", "JANESMITH.COM", "hide"),
    ("body", "see JaneSmith.com now", "JaneSmith.com", "hide"),
    ("body", "see Okaforkemi.com now", "Okaforkemi.com", "hide"),
    ("body", "see OKAFORKEMI.COM now", "OKAFORKEMI.COM", "hide"),
    ("body", "see https://www.okaforkemi\n.com/about", "okaforkemi\n.com/about", "hide"),
    ("body", "see okaforkemi\n.com today", "okaforkemi", "hide"),  # the name; ".com" may show
    ("body", "see janesmith.\ncom today", "janesmith", "hide"),
    ("body", "see okaforkemi-uk.com and smithjane-blog.net", "okaforkemi-uk.com", "hide"),
    ("body", "see okaforkemi-uk.com and smithjane-blog.net", "smithjane-blog.net", "hide"),
    ("body", "see okaforkemi-2024.com now", "okaforkemi-2024.com", "hide"),
    ("body", "see smithjane_writes.com now", "smithjane_writes.com", "hide"),
    ("body", "see sarah-hexham-training.co.uk now", "sarah-hexham-training.co.uk", "hide"),
    ("body", "go to www.\njanesmith.com today", "janesmith.com", "hide"),
    ("body", "see xn--janesmith-9za.com now", "xn--janesmith-9za.com", "hide"),
    ("body", "see markbrown-coaching.co.uk now", "markbrown-coaching.co.uk", "hide"),
    ("body", "see mark-brown-coaching.co.uk now", "mark-brown-coaching.co.uk", "hide"),
    ("body", "see kemiokafor-training.com now", "kemiokafor-training.com", "hide"),
    ("body", "see okaforkemi-therapy.com now", "okaforkemi-therapy.com", "hide"),
    ("body", "see www.patelraj.co.uk/about", "patelraj.co.uk/about", "hide"),
    ("title", "okaforkemi.com-response.docx", "okaforkemi", "hide"),
    ("title", "janesmith.wordpress.com", "janesmith", "hide"),
    ("title", "OKAFORKEMI.COM", "OKAFORKEMI", "hide"),
    ("title", "harrisonruth.net feedback", "harrisonruth", "hide"),
    ("title", "smithjane.net-2024", "smithjane", "hide"),
    ("title", "smithjane.net.pdf", "smithjane", "hide"),
    ("title", "okaforkemi.com_response.docx", "okaforkemi", "hide"),
    ("title", "markbrowncoaching.co.uk-2024", "markbrowncoaching", "hide"),
    ("title", "response-from-okaforkemi.com", "okaforkemi", "hide"),
    # people named like US towns
    ("body", "Savannah Jones, GA office called", "Savannah Jones", "hide"),
    ("body", "I spoke to Austin TX about it", "Austin", "hide"),
    ("body", "I met Dallas Smith, TX last week", "Dallas Smith", "hide"),
    ("body", "Present: Phoenix Okafor, AZ team", "Phoenix Okafor", "hide"),
    ("body", "with thanks to Florence Baxter, SC", "Florence Baxter", "hide"),
    ("body", "Attendees: Savannah Jones, Austin Clarke, Dallas Reid", "Savannah Jones", "hide"),
    ("body", "Attendees: Savannah Jones, Austin Clarke, Dallas Reid", "Austin Clarke", "hide"),
    ("body", "Attendees: Savannah Jones, Austin Clarke, Dallas Reid", "Dallas Reid", "hide"),
    ("body", "Thanks, Jones, Savannah GA", "Jones", "hide"),
    ("body", "Signed: Smith, Phoenix AZ", "Smith", "hide"),
    ("body", "My name is Dallas TX", "Dallas", "hide"),
    ("body", "Written by Florence SC", "Florence", "hide"),
    ("body", "thanks Dallas TX!", "Dallas", "hide"),
    ("body", "Regards Austin TX", "Austin", "hide"),
    # places and ordinary sites kept
    ("body", "see nationalgrid.com and sainsburys.co.uk", "nationalgrid.com", "keep"),
    ("body", "see nationalgrid.com and sainsburys.co.uk", "sainsburys.co.uk", "keep"),
    ("body", "bought at johnlewis.com", "johnlewis.com", "keep"),
    ("body", "see leeds.gov.uk and kent.gov.uk", "leeds.gov.uk", "keep"),
    ("body", "see leeds.gov.uk and kent.gov.uk", "kent.gov.uk", "keep"),
    ("body", "see birmingham.gov.uk", "birmingham.gov.uk", "keep"),
    ("body", "see sheffield.ac.uk and kcl.ac.uk", "sheffield.ac.uk", "keep"),
    ("body", "see www.leedsth.nhs.uk today", "leedsth.nhs.uk", "keep"),
    ("body", "see guysandstthomas.nhs.uk today", "guysandstthomas.nhs.uk", "keep"),
    ("body", "see barnardos.org.uk and nspcc.org.uk", "barnardos.org.uk", "keep"),
    ("body", "see mind.org.uk and ageuk.org.uk", "ageuk.org.uk", "keep"),
    ("body", "see bbc.co.uk and theguardian.com", "bbc.co.uk", "keep"),
    ("body", "see dailymail.co.uk and independent.co.uk", "dailymail.co.uk", "keep"),
    ("body", "see nytimes.com and washingtonpost.com", "washingtonpost.com", "keep"),
    ("body", "see marksandspencer.com", "marksandspencer.com", "keep"),
    ("body", "see justgiving.com and gofundme.com", "justgiving.com", "keep"),
    ("body", "see martinlewis.com", "martinlewis.com", "keep"),
    ("body", "see wordpress.com and substack.com", "wordpress.com", "keep"),
    ("body", "see annual-review-2024.pdf on the site", "annual-review-2024", "keep"),
    ("body", "We flew to Salt Lake City, UT in May", "Salt Lake City", "keep"),
    ("body", "the New York office and Los Angeles teams", "Los Angeles", "keep"),
    ("body", "We met in Palm Springs, CA and in San Diego", "Palm Springs", "keep"),
    ("body", "from Austin, Texas and Dallas, TX", "Dallas", "keep"),
    ("body", "Offices: Phoenix AZ, Savannah GA, Austin TX", "Savannah", "keep"),
    ("body", "I called Austin TX home for years", "Austin", "keep"),
    ("body", "It was Long Beach, CA again", "Long Beach", "keep"),
    ("body", "Signed Phoenix AZ", "Signed", "keep"),
    ("body", "Regards Dallas Reid, TX", "Regards", "keep"),
    ("body", "the team by Austin, Texas", "Austin, Texas", "keep"),
    ("title", "annual-review-2024", "annual-review-2024", "keep"),
    ("title", "board-minutes", "board-minutes", "keep"),
    ("title", "rose-garden-2024", "rose-garden-2024", "keep"),
    ("title", "nationalgrid.com", "nationalgrid", "keep"),
    ("title", "sainsburys.co.uk-feedback", "sainsburys", "keep"),
    ("title", "leeds.gov.uk-consultation", "leeds", "keep"),
    ("title", "tai-chi-notes", "tai-chi", "keep"),
    ("title", "nationalgrid.com-2024", "nationalgrid", "keep"),
    ("title", "leeds.gov.uk_consultation.pdf", "leeds", "keep"),
    *(("body", f"see {site} today", site, "keep") for site in SITES),
]


def main(argv: list[str]) -> int:
    from held_out import score

    score(ROWS, verbose="-v" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
