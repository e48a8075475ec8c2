"""Shapes a read of redacted real writing found left in a text's body, one group each: a site named after
its writer, a US street address and ZIP code, a job title with the employer that makes it one person's.

Texts are project-written look-alikes; none is copied from the writing that was read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_fixtures import no_entities
from typer.testing import CliRunner

from voices.cli import app
from voices.redact import Redactor

runner = CliRunner()


def _exported(tmp_path: Path, texts: list[str]) -> list[str]:
    """``texts`` ingested through the CLI, then as ``export --redact`` shows them."""
    source, corpus = tmp_path / "t.jsonl", tmp_path / "c.duckdb"
    source.write_text("".join(json.dumps({"id": f"m{i}", "text": t, "author": "Ira"}) + "\n"
                              for i, t in enumerate(texts)), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return [json.loads(line)["text"] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(("text", "shown"), [
    ("see janesmith.com for the rest", "see [PROFILE] for the rest"),
    ("my blog at www.tomhollis-socialwork.co.uk.", "my blog at [PROFILE]."),
    ("email me via kwamemensah.net or JaneSmith.org", "email me via [PROFILE] or [PROFILE]"),
    ("read https://Kwamemensah.net/2024/05/why-i-left, then", "read [PROFILE], then"),
    ("(jane-smith.co.uk) and CHLOEBROWN.COM", "([PROFILE]) and [PROFILE]"),
])
def test_a_host_a_name_is_built_from_goes_whole_in_a_body(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "Read communitycare.co.uk, basw.co.uk and gov.uk.",
    "theguardian.com and mumsnet.com say so; markdownguide.org, willpower.com too.",
    "https://www.communitycare.co.uk/2024/01/pay and www.gov.uk/guidance/working-together",
    "nspcc.org.uk, barnardos.org.uk, researchinpractice.org.uk, victoriahouse.org, bristol.gov.uk",
    "e.g. this, i.e. that, notes.txt, Mr.Smith, version 2.0",
])
def test_an_ordinary_host_in_a_body_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text


def test_a_host_in_a_title_is_read_by_the_title_rule_as_before():
    r = Redactor(entities=no_entities)
    assert r.source_title("see janesmith.com") == "see [PERSON].com"


def test_a_named_host_leaves_no_name_in_a_redacted_export(tmp_path):
    texts = ["More on my blog at www.tomhollis-socialwork.co.uk and at kwamemensah.net, as communitycare.co.uk said."]
    assert _exported(tmp_path, texts) == ["More on my blog at [PROFILE] and at [PROFILE], as communitycare.co.uk said."]


@pytest.mark.parametrize(("text", "shown"), [
    ("we moved to 1234 Elm Street, Springfield, IL 62704 in May", "we moved to [ADDRESS], Springfield, IL [POSTCODE] in May"),
    ("write to PO Box 123, Austin TX 78701.", "write to [ADDRESS], Austin TX [POSTCODE]."),
    ("the office at 45 W 34th St, New York, NY 10001", "the office at [ADDRESS], New York, NY [POSTCODE]"),
    ("1600 Pennsylvania Avenue NW, Washington, DC 20500-0003", "[ADDRESS], Washington, DC [POSTCODE]"),
    ("Send it to P.O. Box 4471 or 12345 Main St", "Send it to [ADDRESS] or [ADDRESS]"),
    ("she lives in Chicago, Illinois 60601-4470 now", "she lives in Chicago, Illinois [POSTCODE] now"),
])
def test_a_us_street_address_and_zip_code_are_hidden_as_uk_ones_are(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "Under section 17 of the Children Act 1989 we had caseloads of 25-30.",
    "In 2019 we made 12345 referrals; rule 42 says so, and NY 2019 and CA 2020 saw 50000 cases.",
    "Box 3 of the form, the 34th St George's Day, and 45 West Yorkshire teams.",
])
def test_ordinary_numbers_stay_beside_the_us_address_rules(text):
    assert Redactor(entities=no_entities).redact(text) == text


def test_a_us_address_leaves_no_number_of_it_in_a_redacted_export(tmp_path):
    texts = ["Post the form to PO Box 123, Austin TX 78701 or to 45 W 34th St, New York, NY 10001-2345."]
    assert _exported(tmp_path, texts) == [
        "Post the form to [ADDRESS], Austin TX [POSTCODE] or to [ADDRESS], New York, NY [POSTCODE]."]


@pytest.mark.parametrize(("text", "shown"), [
    ("I write as the Director of Children's Services at Rotherham Council.",
     "I write as the Director of Children's Services at [ORGANISATION]."),
    ("I am the principal social worker for Kent and I disagree.",
     "I am the principal social worker for [ORGANISATION] and I disagree."),
    ("Kind regards,\nHead of Safeguarding at St Mary's Hospital",
     "Kind regards,\nHead of Safeguarding at [ORGANISATION]"),
    ("I'm the DCS for the London Borough of Hackney. We lost six staff.",
     "I'm the DCS for the [ORGANISATION]. We lost six staff."),
    ("I was the interim Director of Adult Social Care for Brighton and Hove until May",
     "I was the interim Director of Adult Social Care for [ORGANISATION] until May"),
    ("I work as a Head of Service with Leeds City Council", "I work as a Head of Service with [ORGANISATION]"),
])
def test_the_employer_after_a_post_one_person_holds_is_hidden(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "Directors of children's services in England should be registered social workers.",
    "A principal social worker is not enough; social workers at the council know the families.",
    "The Director of Children's Services should be a registered social worker.",
    "The head of service told us in Leeds that heads of service at Leeds rotate.",
    "The Chief Social Worker for England and the Chief Social Worker for Adults both spoke.",
    "I spoke to a director of children's services at Rotherham about the director at the local trust.",
])
def test_a_post_many_hold_or_no_body_names_no_one_and_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text


def test_a_posts_employer_leaves_no_trace_in_a_redacted_export(tmp_path):
    texts = ["As the principal social worker for Kent I see this daily. Social workers at the council agree."]
    assert _exported(tmp_path, texts) == [
        "As the principal social worker for [ORGANISATION] I see this daily. Social workers at the council agree."]


@pytest.mark.parametrize(("text", "shown"), [
    # a signature's post and body on their own lines, or parted by a comma
    ("Regards,\nJane\nDirector of Children's Services\nRotherham Council",
     "Regards,\n[PERSON]\nDirector of Children's Services\n[ORGANISATION]"),
    ("Principal Social Worker\nKent County Council.", "Principal Social Worker\n[ORGANISATION]."),
    ("Head of Safeguarding, St Mary's Hospital", "Head of Safeguarding, [ORGANISATION]"),
    ("I am Director of Children's Services, Rotherham Council.",
     "I am Director of Children's Services, [ORGANISATION]."),
    # the body before the post, as its possessive
    ("As Rotherham's Director of Children's Services, I disagree.",
     "As [ORGANISATION]'s Director of Children's Services, I disagree."),
    ("I'm Kent County Council’s principal social worker.", "I'm [ORGANISATION]’s principal social worker."),
    # a body written in lower case that a council, trust or hospital ends
    ("i am the head of adult social care at leeds city council and we are short",
     "i am the head of adult social care at [ORGANISATION] and we are short"),
    ("I'm the DSL at st mary's hospital", "I'm the DSL at [ORGANISATION]"),
])
def test_a_posts_employer_in_a_signature_a_possessive_or_lower_case_is_hidden(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "As the director of children's services, Ofsted and the DfE all agreed.",
    "Head of Service\nThe role involves managing four teams.",
    "As the Director of Children's Services, I disagree.",
    "I'm the DSL at the council, at a small trust and at our local hospital.",
    "As Ofsted's report said, the director of children's services at the council resigned.",
    "Rotherham's Director of Children's Services resigned in 2014.",
    "A tier for senior practitioner, consultant SW, PSW, AD, DCS, all registered.",
])
def test_a_post_beside_no_body_of_its_own_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("mail to 12 Oak Ave, Dallas, tx 75201 please", "mail to [ADDRESS], Dallas, tx [POSTCODE] please"),  # a town
    ("we lived in springfield, il 62704-1234 then", "we lived in springfield, il [POSTCODE] then"),
    ("she moved to Portland, oregon 97201.", "she moved to Portland, oregon [POSTCODE]."),
    ("the office is 200 Main St Suite 200, Las Vegas, NV 89501", "the office is [ADDRESS], Las Vegas, NV [POSTCODE]"),
    ("at 4 Privet Drive, Apt. 3 and 9 Oak Ave #12", "at [ADDRESS] and [ADDRESS]"),
    ("send it to 123 Queen St W, Toronto, ON M5H 2N2 or Vancouver, BC v6b1a1",
     "send it to [ADDRESS] W, Toronto, ON [POSTCODE] or Vancouver, BC [POSTCODE]"),
    ("write to po box 45 instead", "write to [ADDRESS] instead"),
])
def test_a_us_or_canadian_address_in_lower_case_with_a_suite_or_a_canadian_postcode_is_hidden(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "In total, in 12345 cases the plan was late; or 23456 more, me 34567, ok 45678.",
    "Of those, ca 50000 were in care; the H1N1 and H5N1 strains, and a B2B contract.",
    "Suite 200 of the report, and unit 3 of the course, are on floor 2.",
])
def test_ordinary_numbers_and_codes_stay_beside_the_lower_case_and_canadian_rules(text):
    assert Redactor(entities=no_entities).redact(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("see jane.smith.com for more", "see [PROFILE] for more"),
    ("see www.kemi.okafor.org.uk/blog, then", "see [PROFILE], then"),
    ("my blog janesmith[.]com says so", "my blog [PROFILE] says so"),
    ("my blog janesmith(.)co(.)uk and kwamemensah dot net", "my blog [PROFILE] and [PROFILE]"),
    ("my blog https://janesmith.\ncom/about says", "my blog [PROFILE] says"),
    ("my blog jane_smith.com and www.kwame_mensah.org.uk", "my blog [PROFILE] and [PROFILE]"),
])
def test_a_named_host_parted_by_a_stop_written_out_or_a_line_break_goes_whole(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "See learning.nspcc.org.uk, hansard.parliament.uk, committees.parliament.uk and lordslibrary.parliament.uk.",
    "assets.publishing.service.gov.uk, www.legislation.gov.uk, news.sky.com, blogs.bmj.com and careers.leeds.gov.uk",
    "the dot com boom, gov dot uk, and the site.\ncom is short for company",
    "my_site.com, social_work.org and test_case.py",
])
def test_an_ordinary_host_of_several_labels_or_a_stop_written_out_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("Springfield, IL\u00a062704", "Springfield, IL\u00a0[POSTCODE]"),
    ("London SW1A\u00a01AA and Toronto, ON M5H\u202f2N2", "London [POSTCODE] and Toronto, ON [POSTCODE]"),
    ("I am the Director of Children's Services at\u00a0Rotherham Council",
     "I am the Director of Children's Services at\u00a0[ORGANISATION]"),
    ("I am the principal\u00a0social worker for\u2009Kent", "I am the principal\u00a0social worker for\u2009[ORGANISATION]"),
])
def test_a_no_break_or_thin_space_hides_as_a_space_does(text, shown):
    """Text pasted from a web page or a word processor keeps its no-break spaces; the rules that want a space
    or a tab ("IL 62704", "at Rotherham Council") read them as spaces, and the output keeps them."""
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("I am the CEO of Rotherham Council and I disagree.", "I am the CEO of [ORGANISATION] and I disagree."),
    ("As chief executive of Brenley Carers' Trust, I see it daily.", "As chief executive of [ORGANISATION], I see it daily."),
    ("I'm headteacher of Oakfield Primary.", "I'm headteacher of [ORGANISATION]."),
])
def test_the_writers_own_post_of_a_body_hides_the_body(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "The chief executive of the NHS Confederation gave evidence; the CEO of a charity earns less.",
    "I am a CEO of sorts, and I was the chief executive of a small trust.",
])
def test_another_posts_body_or_a_body_in_no_capitals_after_of_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text
