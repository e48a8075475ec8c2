"""One comment copied from a page ("Name says:" / its date / its words) is read, as two or three such comments are.

``detect`` chose the ``generic`` layout only for two comments or more, so one pasted comment on standard input
was refused with "cannot tell what kind of file this is" while three were read. The names and words are made up.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.ingest.pages import detect
from voices.store import Corpus

IAN = ("Ian Mercer says:\nMarch 5, 2024 at 8:03 pm\nRegistration for leaders would at least make them answerable to "
       "the regulator.\nReply\n")
GARETH = ("Gareth Pryce says:\nMarch 4, 2024 at 9:12 am\nThe principal social worker role exists so directors do not "
          "need to be practitioners.\nReply\n")


@pytest.mark.parametrize("page", [IAN, GARETH + IAN])
def test_one_or_two_pasted_comments_on_stdin_are_read(tmp_path, page):
    corpus = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=page)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == page.count(" says:")
    with Corpus.open(corpus) as c:
        stored = c.sql("SELECT kind, author, posted_at, text FROM documents ORDER BY position").fetchall()
    assert stored[-1] == ("comment", "Ian Mercer", "2024-03-05T20:03:00",
                          "Registration for leaders would at least make them answerable to the regulator.")


def test_a_name_and_a_date_alone_are_no_comment_page():
    """Without "says:", one name line over a date is as likely a letter's head as a comment: still not guessed."""
    assert detect("Ian Mercer\nMarch 5, 2024 at 8:03 pm\nRegistration would help.\n") is None
    assert detect(IAN) == "generic"


def test_a_csv_whose_quoted_cell_holds_one_comment_stays_a_table(tmp_path):
    """On standard input the page layouts are tried before a table: one comment in a cell is no page."""
    piped = 'id,text\n1,"' + IAN.replace('"', '""') + '"\n2,Publish the costs first.\n'
    assert detect(piped) is None
    corpus = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=piped)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["files"][0]["format"] == "records"
