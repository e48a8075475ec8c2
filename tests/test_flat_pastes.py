"""Thread pages pasted as plain text without their indentation: replies are kept apart from the comment above them.

The pages, names and words here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()
# a WordPress page (``voices.ingest.textpage``) whose replies' bullets lost their indentation in the paste
NUMBERED = ("Caseloads are the leadership test\n\nA short piece about caseload caps and who sets them.\n\n"
            "4 Responses to Caseloads are the leadership test\n\n"
            "1. Asha P January 3, 2024 at 9:00 am #\nCaps only work if someone senior defends them at budget time.\n"
            "Log in to reply\n"
            "• Ben Q January 3, 2024 at 10:30 am #\nOurs was defended. It lasted six months.\n"
            "• Asha P January 3, 2024 at 11:15 am #\n@Ben Q six months is longer than most.\n"
            "2. Cara R January 4, 2024 at 2:05 pm #\nPay first, then caps.\n")
# author line, date line, text, "Reply" (``voices.ingest.pages``): no indentation, an "@Name" tells the parent
GENERIC = ("Reader comments\n\nJoan Whitfield\n2024-03-04 09:12\nLeadership without practice experience loses the "
           "trust of frontline teams.\nReply\n\nKwame Asante\n2024-03-04 10:40\nTrust comes from decisions, not from "
           "a qualification certificate.\nReply\nLena Novak\n2024-03-04 11:05\n@Kwame Asante Decisions made without "
           "practice knowledge are exactly the problem.\nReply\n")
# nothing tells Hannah's words are a reply: kept as a comment of their own, none of them lost
WORDPRESS_COM = ("3 thoughts on “Who should lead social work?”\nGareth Pryce\nMarch 4, 2024 at 9:12 am\nThe "
                 "principal social worker role exists so directors do not need to be practitioners.\nReply\nLike\n"
                 "Hannah Lowe\nMarch 4, 2024 at 11:48 am\nThat role has no budget and no seat at the top table in "
                 "most councils.\nReply\nLike\nIan Mercer says:\nMarch 5, 2024 at 8:03 pm\nRegistration for leaders "
                 "would at least make them answerable to the regulator.\nReply\n")


def _ingest(tmp_path, page: str) -> tuple[dict, list[tuple], int]:
    """``voices ingest`` of ``page``: its ``--json``, the stored (kind, author, parent's author, text), sources."""
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    r = runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT d.kind, d.author, p.author, d.text FROM documents d LEFT JOIN documents p "
                     "ON p.id = d.parent_id ORDER BY d.position").fetchall()
        sources = c.sql("SELECT count(*) FROM sources").fetchall()[0][0]
    return json.loads(r.stdout), docs, sources


def test_a_numbered_page_pasted_flat_keeps_each_reply_apart_under_its_comment(tmp_path):
    """The bullets at the numbered comments' indent were read as text: Ben's and Asha's replies, headers and all,
    were stored inside Asha's comment, and the page's "4 Responses" found 2."""
    done, docs, sources = _ingest(tmp_path, NUMBERED)
    assert (done["documents_added"], sources) == (5, 1)
    assert docs == [
        ("article", None, None, "A short piece about caseload caps and who sets them."),
        ("comment", "Asha P", None, "Caps only work if someone senior defends them at budget time."),
        ("reply", "Ben Q", "Asha P", "Ours was defended. It lasted six months."),
        ("reply", "Asha P", "Ben Q", "@Ben Q six months is longer than most."),  # the "@Name" names its parent
        ("comment", "Cara R", None, "Pay first, then caps."),
    ]
    assert done["warnings"] == [
        f"{tmp_path / 'page.txt'}: line 10: 2 replies pasted without indentation: each is kept apart, under the "
        "numbered comment above it (or the earlier reply its \"@Name\" names), as the paste lost their nesting"]


def test_a_flat_bullet_dated_before_its_comment_stays_text(tmp_path):
    """A quoted header (dated before the comment it would answer) is no reply, as when indented: kept as text, and
    now said, as nothing tells it from a reply whose order the paste lost."""
    page = NUMBERED.replace("• Ben Q January 3, 2024 at 10:30 am", "• Ben Q January 2, 2024 at 10:30 am")
    done, docs, _sources = _ingest(tmp_path, page)
    assert done["documents_added"] == 4
    assert docs[1][3].splitlines()[1] == "• Ben Q January 2, 2024 at 10:30 am #"  # kept, in the comment's text
    assert done["warnings"][1] == (
        f"{tmp_path / 'page.txt'}: line 10: 1 reply header(s) at the comments' indent, dated before the comment above, "
        "kept in its text (a quoted header, or a reply whose nesting and order the paste lost): check the page")


@pytest.mark.parametrize(("page", "want"), [
    (GENERIC, [("comment", "Joan Whitfield", None), ("comment", "Kwame Asante", None),
               ("reply", "Lena Novak", "Kwame Asante")]),
    (WORDPRESS_COM, [("comment", "Gareth Pryce", None), ("comment", "Hannah Lowe", None),
                     ("comment", "Ian Mercer", None)]),
])
def test_pages_of_author_and_date_lines_pasted_flat_split_already(tmp_path, page, want):
    """Already handled: each author-and-date header starts a post whatever its indent; an "@Name" gives the parent,
    and a reply nothing tells is a comment of its own, its text whole."""
    done, docs, sources = _ingest(tmp_path, page)
    assert (done["documents_added"], sources) == (3, 1)
    assert [d[:3] for d in docs] == want
    assert all("Reply" not in d[3] and d[1] not in d[3].replace("@Kwame Asante", "") for d in docs)


def test_a_replied_to_line_under_the_author_makes_a_reply_not_a_merge(tmp_path):
    """"Lena Novak" / "replied to Kwame Asante" / date: "replied to" was no reply marker, so Lena's name was stored at
    the end of Kwame's comment and her reply under the author "replied to Kwame Asante"."""
    page = GENERIC.replace("Lena Novak\n", "Lena Novak\nreplied to Kwame Asante\n").replace("@Kwame Asante ", "")
    done, docs, sources = _ingest(tmp_path, page)
    assert (done["documents_added"], sources) == (3, 1)
    assert docs == [
        ("comment", "Joan Whitfield", None, "Leadership without practice experience loses the trust of frontline "
         "teams."),
        ("comment", "Kwame Asante", None, "Trust comes from decisions, not from a qualification certificate."),
        ("reply", "Lena Novak", "Kwame Asante", "Decisions made without practice knowledge are exactly the problem."),
    ]


@pytest.mark.parametrize("opening", [
    "Replied to the minister last week and heard nothing back.",
    "In response to the consultation, I strongly object to the proposals.",
    "Replying to the council's letter: we were never asked.",
])
def test_a_comment_opening_like_a_reply_marker_that_names_nobody_here_keeps_its_words(tmp_path, opening):
    """A first line such as "Replied to the minister ..." was read as a reply marker naming "the minister ..." and
    dropped: a one-line comment was then skipped as "a comment with no text", its words lost. A marker naming no
    earlier author of the page is the comment's text."""
    page = GENERIC.replace("Trust comes from decisions, not from a qualification certificate.", opening)
    done, docs, sources = _ingest(tmp_path, page)
    assert (done["documents_added"], sources) == (3, 1)
    assert docs[1] == ("comment", "Kwame Asante", None, opening)
    assert docs[2][:3] == ("reply", "Lena Novak", "Kwame Asante")
    assert not any("no text" in w for w in done["warnings"])


def test_a_reply_marker_naming_an_earlier_author_in_the_body_still_gives_the_parent(tmp_path):
    page = GENERIC.replace("@Kwame Asante Decisions", "In reply to Kwame Asante\nDecisions")
    done, docs, _sources = _ingest(tmp_path, page)
    assert done["documents_added"] == 3
    assert docs[2] == ("reply", "Lena Novak", "Kwame Asante",
                       "Decisions made without practice knowledge are exactly the problem.")


def test_a_dated_list_in_a_flat_pasted_comment_stays_its_text(tmp_path):
    """A list of dates in Asha's comment ("- Consultation closes March 31, 2024") sits at the comments' indent like a
    flat reply's bullet header and was split off as a reply by "Consultation closes": the comment's words moved under
    a made-up author. A flat bullet is a reply header only in the shape of its comment's (time, "#")."""
    words = ("Caps only work if someone senior defends them at budget time.\nKey dates:\n"
             "- Consultation opens March 1, 2024\n- Consultation closes March 31, 2024")
    page = NUMBERED.replace(words.split("\n")[0], words)
    done, docs, _sources = _ingest(tmp_path, page)
    assert done["documents_added"] == 5
    assert docs[1] == ("comment", "Asha P", None, words)
    assert [d[:3] for d in docs[2:]] == [("reply", "Ben Q", "Asha P"), ("reply", "Asha P", "Ben Q"),
                                         ("comment", "Cara R", None)]


def test_a_reply_marker_line_that_goes_on_in_words_keeps_them(tmp_path):
    """"In reply to Kwame Asante, I disagree ..." named Kwame, and the words after the comma were read as the marker's
    date: the line was dropped, and Lena's one-line reply skipped as "a comment with no text". It is her text."""
    line = "In reply to Kwame Asante, I disagree strongly with this."
    page = GENERIC.replace("@Kwame Asante Decisions made without practice knowledge are exactly the problem.", line)
    done, docs, _sources = _ingest(tmp_path, page)
    assert done["documents_added"] == 3
    assert docs[2] == ("reply", "Lena Novak", "Kwame Asante", line)
