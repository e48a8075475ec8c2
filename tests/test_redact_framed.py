"""Names framed by how a text is written: sign-offs, particles, minutes, capitals, lower case.

Every sentence here is made up (the first sixteen are the kinds a reviewer found leaking). The
rules run without NER (``no_entities``), so what is redacted is what the rules find on their own.
"""

from __future__ import annotations

import pytest
from report_fixtures import no_entities

from voices.redact import Redactor
from voices.redact.framed import framed_name_spans


@pytest.mark.parametrize(("text", "expected"), [
    ("Regards, Dafydd ap Gruffydd", "Regards, [PERSON]"),
    ("Yours, Ifan.", "Yours, [PERSON]."),
    ("REGARDS, SIOBHAN", "REGARDS, [PERSON]"),
    ("Dear Eilidh, thanks for the notes.", "Dear [PERSON], thanks for the notes."),
    ("Kind regards,\nNneka", "Kind regards,\n[PERSON]"),
    ("Best wishes,\n\nSeren", "Best wishes,\n\n[PERSON]"),
    ("Best wishes\n-Seren", "Best wishes\n-[PERSON]"),  # a dash before the name, after the line break, hid it
    ("Thanks\n~ Seren", "Thanks\n~ [PERSON]"),
    ("Cheers,\n— Seren Pryce", "Cheers,\n— [PERSON]"),
    ("Hi Oisín, can we move the visit?", "Hi [PERSON], can we move the visit?"),
    ("Dear Kwabena and Efua, the date has moved.", "Dear [PERSON] and [PERSON], the date has moved."),
    ("Spoke to Mairéad Nic Dhòmhnaill about the placement.", "Spoke to [PERSON] about the placement."),
    ("I saw Aisling Ní Bhriain yesterday.", "I saw [PERSON] yesterday."),
    ("Rhys ab Owain chaired the review.", "[PERSON] chaired the review."),
    ("Omar al-Rashid was at the meeting.", "[PERSON] was at the meeting."),
    ("Pieter van der Berg chaired it.", "[PERSON] chaired it."),
    ("D'Arcy told me she was leaving.", "[PERSON] told me she was leaving."),
    ("Macleod and MacDonald both left.", "[PERSON] and [PERSON] both left."),
    ("Mackintosh and Fitzpatrick signed it off.", "[PERSON] and [PERSON] signed it off."),  # an English word
    ("I spoke to Mackintosh about it.", "I spoke to [PERSON] about it."),
    ("Ask O'NEILL about the transport.", "Ask [PERSON] about the transport."),
    ("I told KEMI the date had moved.", "I told [PERSON] the date had moved."),
    ("I asked MCALLISTER to call back.", "I asked [PERSON] to call back."),
    ("spoke to kemi this morning", "spoke to [PERSON] this morning"),
    ("ngozi told me on monday.", "[PERSON] told me on monday."),
    ("SW: Tendai Moyo. TM: Oluwaseun.", "SW: [PERSON]. TM: [PERSON]."),
    ("Present: Ngozi (SW), Femi (IRO), Chiamaka (school nurse).",
     "Present: [PERSON] (SW), [PERSON] (IRO), [PERSON] (school nurse)."),
    ("Chair: Adaeze. Minutes: Rhodri.", "Chair: [PERSON]. Minutes: [PERSON]."),
    ("Thanks to Blessing and Precious for covering.", "Thanks to [PERSON] and [PERSON] for covering."),
])
def test_a_framed_name_is_redacted(text, expected):
    assert Redactor(entities=no_entities).redact(text) == expected


@pytest.mark.parametrize("text", [
    "Dear Sir or Madam, I write about the plan.",
    "Thanks All, see you Monday.",
    "Interesting read. Thanks CC, well balanced.",  # initials, not a name
    "Best practice is to ask first.",
    "Regards\n- Senior Practitioner",
    "I referred to CAMHS and MARAC last week.",
    "The DASS told us NO.",
    "Our IRO said the PEP was late.",
    "A Macmillan nurse visited.",
    "She wore a Mackintosh in the rain.",
    "The Macintosh crashed again.",
    "NB: Remember the review.",
    "Q1: Agree.",
    "i think the plan is fine but nobody asked us.",
    "noone would want this job now, honestly.",
    "Values aren't a module you pick up.",
    "Action: Chair to write to Ofsted.",
    "Best wishes,\nBrackwell Council",
    "Regards,\nThe Fostering Service",
    "Present: Social Worker (SW), Chair (IRO)",
    "We visited MacArthur Park.",
])
def test_words_in_those_frames_stay(text):
    assert Redactor(entities=no_entities).redact(text) == text


@pytest.mark.parametrize("text", [
    "We asked Llanelli, Aberystwyth and Tredegar.",
    "We asked Llandudno and Pwllheli for cover.",
    "I told Omagh and Strabane the same.",
    "I spoke to Lumos and Buttle about grants.",
    "Coleraine told us the placement had ended.",
    "The family were supported by Homestart and Sure Start.",
    "She has Ehlers-Danlos and Raynaud's.",
])
def test_places_bodies_and_conditions_in_a_persons_place_stay(text):
    assert Redactor(entities=no_entities).redact(text) == text


def test_places_and_conditions_that_ner_calls_people_stay():
    # the small NER's spans for these sentences, as it gives them: one-word "people"
    def ner(texts):
        return [[(m, m + len(w), "PERSON") for w in ("Llanelli", "Omagh", "Raynaud") if (m := t.find(w)) >= 0]
                for t in texts]

    for text in ("We asked Llanelli about it.", "I told Omagh the same.", "She has Raynaud's."):
        assert Redactor(entities=ner).redact(text) == text


def test_capitals_are_read_only_in_a_text_not_in_capitals():
    text = "Please ring BOLA and tell AKINYEMI."
    assert [text[s:e] for s, e, _ in framed_name_spans(text)] == ["BOLA", "AKINYEMI"]
    shouting = "I TOLD THEM AND I TOLD KEMI TOO."
    assert list(framed_name_spans(shouting)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("MARK said he would come.", "[PERSON] said he would come."),
    ("I asked MARK about it.", "I asked [PERSON] about it."),
    ("Please ring BOLA tomorrow.", "Please ring [PERSON] tomorrow."),
    ("GRACE told me the date had moved.", "[PERSON] told me the date had moved."),
    ("I told KEMI and MARK the news.", "I told [PERSON] and [PERSON] the news."),
])
def test_a_name_in_capitals_that_is_also_a_word_is_redacted_in_a_persons_plainest_place(text, expected):
    assert Redactor(entities=no_entities).redact(text) == expected


@pytest.mark.parametrize("text", [
    "I told them NO and I meant it.",
    "We WILL keep fighting for this.",
    "There is no HOPE left in this team.",
    "I asked EVERYONE to read it.",
    "Please ring ANYONE on duty if the worker is out.",
    "I was told FIRMLY that overtime would not be paid.",
    "We support FAMILIES, not spreadsheets.",
    "Thank you ALL for coming.",
    "We asked SHELTER to help with the eviction.",  # the charity, on the sector's list
    "Please ring REFUGE if you are worried.",
    "Ask PAYROLL about the overtime.",
    "It was the child, IMO, who paid for it.",
])
def test_a_word_shouted_in_capitals_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text


def test_a_name_on_no_list_in_lower_case_in_a_text_written_in_lower_case():
    # in a text written with capitals it stays: test_redact_firstnames' xfail says why
    assert Redactor(entities=no_entities).redact("had a call from tunde about the rent") == \
        "had a call from [PERSON] about the rent"


@pytest.mark.parametrize(("text", "expected"), [
    ("I spoke to sarah jones yesterday.", "I spoke to [PERSON] yesterday."),
    ("I spoke to sarah about the plan.", "I spoke to [PERSON] about the plan."),
    ("We visited priya at home. It went well.", "We visited [PERSON] at home. It went well."),
    ("spoke to sarah jones about the plan", "spoke to [PERSON] about the plan"),
    ("He asked ali to wait.", "He asked [PERSON] to wait."),  # "to" is no surname
    ("I spoke to sarah james today.", "I spoke to [PERSON] today."),
])
def test_a_listed_first_name_in_lower_case_is_redacted_after_a_verb_that_takes_a_person(text, expected):
    assert Redactor(entities=no_entities).redact(text) == expected


@pytest.mark.parametrize("text", [
    "I spoke to the manager about it.",
    "I spoke to camhs about the waiting list.",
    "She talked to housing about the damp.",
    "We emailed the iro about the review date.",
    "I told mum and dad the outcome.",
    "She is not to blame for what happened to the child, imo.",  # "imo" is a listed name, and chat for "in my opinion"
])
def test_lower_case_words_after_a_verb_that_takes_a_person_stay(text):
    assert Redactor(entities=no_entities).redact(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("Still no answer. #JusticeForKemiOkafor", "Still no answer. #[PERSON]"),
    ("#SaveSarahOkafor and #HillaryClinton2016", "#[PERSON] and #[PERSON]"),
    ("#TeamSarah #JusticeForKemi #PrayForTunde", "#[PERSON] #[PERSON] #[PERSON]"),  # one name after a campaign's words
    # no one spelt: an acronym, English words, a country, a faith, a tag in lower case (no split to read)
    ("#SemST #HopeNotHate #BlackLivesMatter #StandWithUkraine #JusticeForMuslims #kemiokafor",
     "#SemST #HopeNotHate #BlackLivesMatter #StandWithUkraine #JusticeForMuslims #kemiokafor"),
])
def test_a_hashtag_spelling_a_full_name_the_text_never_writes_out_is_redacted(text, expected):
    """'#JusticeForKemiOkafor' was hidden only beside a written-out 'Kemi Okafor': alone it reached redacted
    exports and, ubiquitous in training texts, a model's meta.json."""
    assert Redactor(entities=no_entities).redact(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I spoke to o'neill yesterday. o'brien said no; d'souza’s report came.",
     "I spoke to [PERSON] yesterday. [PERSON] said no; [PERSON]’s report came."),
    ("I spoke to macleod and asked mcdonald about the plan.", "I spoke to [PERSON] and asked [PERSON] about the plan."),
    ("I spoke to sarah\njones about it.", "I spoke to [PERSON] about it."),
    # words these prefixes begin, a shop, and the hour stay
    ("It is five o'clock. I had a mcdonald's; the machine broke and I asked for mackintosh.",
     "It is five o'clock. I had a mcdonald's; the machine broke and I asked for mackintosh."),
])
def test_an_irish_or_scottish_surname_in_lower_case_is_redacted(text, expected):
    """'I spoke to o'neill', 'spoke to macleod' and 'sarah\\njones' (a surname after a line break) kept the names:
    the lower-case rules read only words of plain letters, and a surname only on the same line."""
    assert Redactor(entities=no_entities).redact(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # only "Bello" is a listed first name: the word on no list before it is its first name ("Kemi Okafor" after
    # the "cc:" label too since leak39)
    ("cc: Kemi Okafor, Tunde Bello", "cc: [PERSON], [PERSON]"),
    # a full name in capitals: the surname joins the first name, then its lower-case form goes too
    ("KEMI OKAFOR chaired it and the plan was agreed. okafor rang later.",
     "[PERSON] chaired it and the plan was agreed. [PERSON] rang later."),
])
def test_the_rest_of_a_name_beside_a_part_found_is_redacted(text, expected):
    """'cc: ..., Tunde [PERSON]' and '[PERSON] OKAFOR chaired it' left half of each name."""
    assert Redactor(entities=no_entities).redact(text) == expected
