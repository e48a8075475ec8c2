"""What the review of leak38 left shown: a "surname, first name" pair whose first name a towns' list also holds
before a US state ("Contact: Reid, Dallas TX"), and a surname alone before a US town ("Smith, Florence SC").
Texts are invented for this branch; none is copied from ``../shared/data``. Rules only (no NER).
"""

from __future__ import annotations

import pytest

from voices.redact import Redactor


@pytest.fixture
def redactor() -> Redactor:  # one per test: a name found in one text is hidden in the next (``_joined``)
    return Redactor(entities=lambda texts: [[] for _ in texts])


@pytest.mark.parametrize(("text", "shown"), [
    # "surname, first name" in a list of such pairs or after a label: the town's name is a first name
    ("Attendees: Smith, Florence; Jones, Austin TX", "Attendees: [PERSON]; [PERSON] TX"),
    ("Contact: Reid, Dallas TX", "Contact: [PERSON], [PERSON] TX"),
    ("From: Okafor, Houston TX", "From: [PERSON] TX"),
    ("Reid, Dallas TX; Smith, Florence", "[PERSON], [PERSON] TX; [PERSON]"),
    # a labelled line's pairs joined by "and" or "&"
    ("To: Reid, Dallas TX and Okafor, Houston TX", "To: [PERSON], [PERSON] TX and [PERSON] TX"),
    ("Attendees: Smith, Florence & Jones, Austin TX", "Attendees: [PERSON] & [PERSON] TX"),
    # the state after such a pair stays a place, as after a town ("Texas" is on the first names' list)
    ("Attendees: Smith, Florence; Jones, Austin, Texas", "Attendees: [PERSON]; [PERSON], Texas"),
    # a surname alone before a US town and its state: the person, the town shown
    ("Smith, Florence SC", "[PERSON], Florence SC"),
    ("Signed: Smith, Phoenix AZ", "Signed: [PERSON] AZ"),
    ("I wrote to Hartley, Savannah GA", "I wrote to [PERSON], Savannah GA"),
])
def test_surname_before_us_town(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    # a town of two words after a surname, a place after a UK town, towns in a list: shown
    ("Attendees: Smith, Florence; Jones, Virginia Beach", "Attendees: [PERSON]; [PERSON], Virginia Beach"),
    ("Leeds, Yorkshire", "Leeds, Yorkshire"),
    ("Leeds, Austin TX", "Leeds, Austin TX"),
    ("We have offices in Leeds, Austin TX and Denver CO", "We have offices in Leeds, Austin TX and Denver CO"),
    # a pair after "and" on a line no label opens: the town stays ("Hartley" the name rules hide, as before)
    ("Offices in Leeds, Austin TX and Hartley, Dallas TX", "Offices in Leeds, Austin TX and [PERSON], Dallas TX"),
    ("Offices: Phoenix AZ, Savannah GA, Austin TX", "Offices: Phoenix AZ, Savannah GA, Austin TX"),
    ("Hello, Austin TX is lovely", "Hello, Austin TX is lovely"),
])
def test_places_after_a_comma_kept(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    # a name of two English words before a trade written as the site's ending, real (".coach", ".consulting",
    # ".training") or not (".coaching", ".therapy")
    ("see markbrown.coaching now", "see [PROFILE] now"),
    ("see markbrown.coach now", "see [PROFILE] now"),
    ("see sallyford.consulting now", "see [PROFILE] now"),
    ("see janesmith.therapy now", "see [PROFILE] now"),
    ("see www.markbrown.coaching/about now", "see [PROFILE] now"),
    # an initial parted from a listed surname by "-" or "_", as "jsmith.co.uk" and "j.smith.net" are read
    ("see j-smith.net now", "see [PROFILE] now"),
    ("see r_jones.co.uk now", "see [PROFILE] now"),
    # ordinary sites stay
    ("see parenting.coaching and family.therapy", "see parenting.coaching and family.therapy"),
    ("see life.coach and anger-management.training", "see life.coach and anger-management.training"),
    ("see e-learning.com, t-mobile.com and x-box.com", "see e-learning.com, t-mobile.com and x-box.com"),
])
def test_hosts_named_by_trade_or_initial(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.redact(text) == shown
