"""A consultation column asking for contact details is never stored (``consultation_columns._CONTACT``).

"Q9. What is your name and address?" was read as a free-text question: its answers were documents, so reports,
exports and quotes showed them, and redaction cannot hide every address ("flat 7 kingsley court", "Riverside
House"). A "Postcode" column was a breakdown category. Now both are left out with a warning, and a question that
uses "address" as a verb is still read. The names, addresses and answers here are made up for these tests.
"""

from __future__ import annotations

from test_row_numbered_parts import run

SHEET = ("respondent_id,Postcode,Q1. What else should the government do to address the shortage?,"
         "Q9. What is your name and address?\n"
         'R001,LS6 2AB,"Fund more training places for social workers in every region.",'
         '"Ann Example, flat 7 kingsley court, Leeds"\n'
         'R002,BD1 1AA,"Pay newly qualified workers properly and cap their caseloads.",'
         '"Bo Sample, Riverside House, Mill Lane, Haworth"\n'
         'R003,HX1 2BB,"Stop relying on agency staff and keep experienced people.",'
         '"Cy Person, The Vicarage, Station Road"\n')


def test_contact_detail_columns_are_not_stored_and_a_question_using_address_as_a_verb_is(tmp_path):
    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    path.write_text(SHEET, encoding="utf-8")
    r = run("ingest", path, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert "column 'Postcode': contact details (an address or phone number), not stored" in r.output
    assert "column 'Q9. What is your name and address?': contact details" in r.output
    out = run("export", "--corpus", corpus, "--format", "jsonl")
    assert out.exit_code == 0, out.output
    assert out.stdout.count('"text"') == 3  # the three Q1 answers, nothing of Q9
    assert "Fund more training places" in out.stdout
    for personal in ("kingsley court", "Riverside House", "Vicarage", "LS6 2AB", "BD1 1AA"):
        assert personal not in out.stdout
    assert b"Riverside House" not in corpus.read_bytes()
