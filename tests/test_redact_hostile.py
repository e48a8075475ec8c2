"""Identifiers a hostile review of the redactor found leaking, redacted: one test per kind.

Texts are project-written; numbers come from reserved ranges (Ofcom drama numbers) or are made up.
"""

from __future__ import annotations

import pytest
from report_fixtures import no_entities

from voices.redact import Redactor


def redact(text: str) -> str:
    """Patterns and name rules only (no statistical NER)."""
    return Redactor(entities=no_entities).redact(text)


def test_date_of_birth_with_the_day_in_words():
    assert redact("Born on the third of May 2015 in Leeds.") == "Born on the [DOB] in Leeds."
    assert redact("DOB twenty-third of March 2016") == "DOB [DOB]"
    assert redact("born on May the third, 2015") == "born on [DOB]"


def test_a_date_in_words_that_is_no_birth_stays():
    assert redact("the second of May 2015 was a Monday") == "the second of May 2015 was a Monday"


def test_handle_named_by_its_platform_or_as_a_reddit_user():
    assert redact("My Twitter is janedoe84") == "My Twitter is [PROFILE]"
    assert redact("find me on instagram: jane_doe_84") == "find me on instagram: [PROFILE]"
    assert redact("Her SnapChat is kayla.xo.") == "Her SnapChat is [PROFILE]."
    assert redact("see r/LegalAdviceUK by u/SadDad99") == "see r/LegalAdviceUK by [PROFILE]"


def test_a_platform_before_a_word_keeps_it():
    assert redact("Twitter is toxic.") == "Twitter is toxic."


def test_vehicle_registration():
    assert redact("The red Corsa (KP68 XYZ) was parked outside.") == "The red Corsa ([VEHICLE]) was parked outside."
    assert redact("Reg plate ab12cde was seen outside.") == "Reg plate [VEHICLE] was seen outside."


def test_letters_and_digits_of_another_shape_stay():
    assert redact("We lost Level 3 staff in Q4 2023.") == "We lost Level 3 staff in Q4 2023."


def test_street_address_in_lower_case():
    assert redact("She moved to 14 elm road last week.") == "She moved to [ADDRESS] last week."


def test_a_distance_before_a_road_stays():
    assert redact("It is a 20 minute road trip.") == "It is a 20 minute road trip."


def test_referral_and_crime_numbers():
    assert redact("Referral number 12/4478/SW was closed.") == "Referral number [REF] was closed."
    assert redact("The crime no. 4471823/24 went nowhere.") == "The crime no. [REF] went nowhere."
    assert redact("The referral in 2023-2024 rose.") == "The referral in 2023-2024 rose."


def test_police_ranks_and_lower_case_titles_name_someone():
    assert redact("DCI Patel led it; I spoke to DS Okoro.") == "DCI [PERSON] led it; I spoke to DS [PERSON]."
    assert redact("Consultation: reply to cllr smith") == "Consultation: reply to cllr [PERSON]"
    assert redact("i told mrs jones. the cllr said no") == "i told mrs [PERSON]. the cllr said no"


@pytest.mark.parametrize(("text", "expected"), [
    ("Sgt Brown came round.", "Sgt [PERSON] came round."),  # the rank was read as a first name: "[PERSON] came"
    ("Insp Okafor said no.", "Insp [PERSON] said no."),
    ("Supt Okafor said no.", "Supt [PERSON] said no."),
    ("Det Brown came round.", "Det [PERSON] came round."),
    ("I spoke to PCSO Brown about it.", "I spoke to PCSO [PERSON] about it."),  # was "[PERSON] [PERSON]"
])
def test_abbreviated_police_ranks_stay_as_titles(text, expected):
    assert redact(text) == expected


def test_email_with_a_bare_at_and_a_handle_or_mail_provider():
    assert redact("write to jane_doe at hotmail.co.uk") == "write to [EMAIL]"
    assert redact("or janedoe at gmail.com") == "or [EMAIL]"
    assert redact("I work at example.com and met 10 at gov.uk") == "I work at example.com and met 10 at gov.uk"


def test_mobile_number_in_an_odd_grouping():
    assert redact("Mob 07700 9001 23, ta") == "Mob [PHONE], ta"
    assert redact("Phone 0 7 7 0 0 9 0 0 1 2 3 now") == "Phone [PHONE] now"


def test_surname_on_the_line_after_a_first_name():
    assert redact("I spoke to Sarah\nOkonkwo about it.") == "I spoke to [PERSON]\n[PERSON] about it."
    assert redact("Kind regards,\nAmara\nOkonkwo\nTeam Manager") == "Kind regards,\n[PERSON]\n[PERSON]\nTeam Manager"


def test_a_word_on_the_line_after_a_name_stays():
    assert redact("Thanks Priya\nLeeds City Council") == "Thanks [PERSON]\nLeeds City Council"


def test_nickname_in_quotes():
    assert redact('The boy (known as "Smudge") ran away.') == 'The boy (known as "[PERSON]") ran away.'
    assert redact("We call her 'Princess' at home.") == "We call her '[PERSON]' at home."


def test_a_quoted_name_of_a_model_stays():
    assert redact('the model known as "Signs of Safety" is fine') == 'the model known as "Signs of Safety" is fine'


def test_dotted_initials_name_someone():
    assert redact("J.B. was seen by the duty team.") == "[PERSON] was seen by the duty team."
    assert redact("Present: A.B. (chair), C.D.") == "Present: [PERSON] (chair), [PERSON]"


def test_dotted_abbreviations_stay():
    assert redact("She moved to the U.S. and the G.P. agreed.") == "She moved to the U.S. and the G.P. agreed."


def test_a_named_school_is_hidden():
    assert redact("Mia is in Year 3 at St Mary's Primary.") == "[PERSON] is in Year 3 at [SCHOOL]."
    assert redact("She attends Oakfield Primary School in Year 6.") == "She attends [SCHOOL] in Year 6."


def test_schools_in_general_and_academies_of_the_field_stay():
    assert redact("The Primary School teachers and Frontline Academy") == "The Primary School teachers and Frontline Academy"
    assert redact("I spoke to the council and to Kessington Primary.") == "I spoke to the council and to Kessington Primary."


def test_link_in_bio_messaging_and_fundraiser_pages():
    assert redact("all my links: linktr.ee/janedoe84") == "all my links: [PROFILE]"
    assert redact("Please share https://www.gofundme.com/f/bring-kayla-home now") == "Please share [PROFILE] now"
    assert redact("see gov.uk/guidance") == "see gov.uk/guidance"


def test_nhs_number_failing_its_check_after_nhs_number_was():
    assert redact("Her NHS number was 999-000-0000.") == "Her NHS number was [NHS]."


def test_national_insurance_number_dashed_or_in_threes():
    assert redact("NINO: QQ-12-34-56-C") == "NINO: [NINO]"
    assert redact("NI: QQ 123 456 C") == "NI: [NINO]"


def test_postcode_with_two_spaces():
    assert redact("Postcode LS6  2AB, Leeds") == "Postcode [POSTCODE], Leeds"


def test_forum_user_name_after_posted_by():
    assert redact("Posted by Whitlock_J on the forum") == "Posted by [PROFILE] on the forum"
    assert redact("username: mumof3_leeds") == "username: [PROFILE]"
    assert redact("It was posted by the council.") == "It was posted by the council."


def test_name_after_call_me():
    assert redact("Call me Bex. Please call me back.") == "Call me [PERSON]. Please call me back."


def test_date_of_birth_with_an_apostrophe_year():
    assert redact("born 3 May '15 in Leeds") == "born [DOB] in Leeds"


def test_birthday_with_no_year():
    assert redact("Her birthday is on the 3rd of May, she turned 9.") == "Her birthday is on the [DOB], she turned 9."
    assert redact("the 3rd of May meeting") == "the 3rd of May meeting"


def test_a_phone_label_is_no_person_even_when_ner_says_so():
    """The small NER calls "Tel." a person: "[PERSON]. [PHONE] is the duty line." hid a label, not a name."""
    full = Redactor()
    assert full.redact("Tel. 0113 496 0000 is the duty line.") == "Tel. [PHONE] is the duty line."
    assert full.redact("Mob. 07700 900123 or ring Tendai.") == "Mob. [PHONE] or ring [PERSON]."
