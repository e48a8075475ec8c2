"""What the review of leak38 found still shown: a host's label with a name parted from other words by "-" or "_"
("okaforkemi-uk.com", "smithjane-blog.net"), a joined name parted by "-" before a trade ("mark-brown-coaching"),
and, in a source title, a host run on into the file's name ("smithjane.net-2024", "okaforkemi.com_response.docx",
"smithjane.net.pdf"). Texts are invented for this review; none is copied from ``../shared/data``. Rules only (no NER).
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor


@pytest.fixture
def redactor() -> Redactor:  # one per test: a name found in one text is hidden in the next (``_joined``)
    return Redactor(entities=lambda texts: [[] for _ in texts])


@pytest.mark.parametrize(("text", "shown"), [
    # a name a site's label writes, parted from other words by "-" or "_"
    ("see okaforkemi-uk.com now", "see [PROFILE] now"),
    ("see smithjane-blog.net now", "see [PROFILE] now"),
    ("see okaforkemi-2024.com now", "see [PROFILE] now"),
    ("see okaforkemi-therapy.com now", "see [PROFILE] now"),
    ("see smithjane_writes.com now", "see [PROFILE] now"),
    # a joined name parted by "-" before a trade word, as on ("markbrowncoaching")
    ("see mark-brown-coaching.co.uk now", "see [PROFILE] now"),
    ("see sarah-hexham-training.co.uk now", "see [PROFILE] now"),
    # ordinary hyphenated sites stay
    ("see citizens-advice.org.uk and age-uk.org.uk", "see citizens-advice.org.uk and age-uk.org.uk"),
    ("see family-support-training.org and anger-management-coaching.com",
     "see family-support-training.org and anger-management-coaching.com"),
    # a listed first name before no English word is no name where an English word ends it ("fami|lysupport")
    ("see familysupporttraining.org", "see familysupporttraining.org"),
    ("see guys-and-st-thomas.nhs.uk and leeds-city-council.gov.uk",
     "see guys-and-st-thomas.nhs.uk and leeds-city-council.gov.uk"),
])
def test_parted_labels(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown


@pytest.mark.parametrize(("title", "shown"), [
    ("smithjane.net-2024", "[PROFILE]-2024"),
    ("okaforkemi.com_response.docx", "[PROFILE]_response.docx"),
    ("okaforkemi.com-response.docx", "[PROFILE]-response.docx"),
    ("smithjane.net.pdf", "[PROFILE].pdf"),
    ("markbrowncoaching.co.uk-2024", "[PROFILE]-2024"),
    ("response-from-okaforkemi.com", "[PROFILE]"),
    # ordinary sites and titles stay
    ("nationalgrid.com-2024", "nationalgrid.com-2024"),
    ("leeds.gov.uk_consultation.pdf", "leeds.gov.uk_consultation.pdf"),
    ("willpower.com-2024", "willpower.com-2024"),
    ("annual-review-2024", "annual-review-2024"),
    ("rose-garden-2024", "rose-garden-2024"),
])
def test_title_hosts_run_on(redactor: Redactor, title: str, shown: str) -> None:
    assert redactor.source_title(title) == shown


@pytest.mark.parametrize(("text", "shown"), [
    # a town's name before a state is a person's where a text says so: their name, thanks, a signature
    ("My name is Dallas TX", "My name is [PERSON] TX"),
    ("Regards Austin TX", "Regards [PERSON]"),  # "TX" goes too, as read as initials
    ("Written by Florence SC", "Written by [PERSON] SC"),
    ("thanks Dallas TX!", "thanks [PERSON]!"),
    # the word before a name found before a state is a first name, not an English word ("Signed", "Regards")
    ("Signed Phoenix AZ", "Signed [PERSON] AZ"),
    ("Regards Dallas Reid, TX", "Regards [PERSON], TX"),
    ("I met Paris Hilton, CA", "I met [PERSON], CA"),
    # places stay
    ("We moved to Austin TX in May", "We moved to Austin TX in May"),
    ("Offices: Phoenix AZ, Savannah GA, Austin TX", "Offices: Phoenix AZ, Savannah GA, Austin TX"),
    ("the team by Austin, Texas", "the team by Austin, Texas"),
])
def test_us_towns_named_people(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    # a public body's site, under a second level only public bodies may hold, names no one's own site
    ("see www.tavistock-portman.nhs.uk and www.mary-seacole.nhs.uk",
     "see www.tavistock-portman.nhs.uk and www.mary-seacole.nhs.uk"),
    ("see www.kingsley-hall.gov.uk", "see www.kingsley-hall.gov.uk"),
    ("see mary-seacole.nhs.uk and tavistock-portman.nhs.uk", "see mary-seacole.nhs.uk and tavistock-portman.nhs.uk"),
    # under a school's or a university's, or a page of its own below a body's, a name is still hidden
    ("see janesmith.sch.uk and sarahjones.ac.uk", "see [PROFILE] and [PROFILE]"),
    ("see okaforkemi.blog.gov.uk", "see [PROFILE]"),
])
def test_public_bodies_sites(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown
