"""Pasted-thread comment headers dated in numbers ("30/11/2017 at 13:59", "2017-11-30 13:59", "30.11.2017 13:59")
or relatively ("3 days ago", "yesterday"): the date went into the author's name and the comment was stored undated;
a page whose every header was like that was refused."""

from __future__ import annotations

import pytest
from ingest_helpers import read

from voices.ingest import sniff

MIXED = ("Who should lead\n\nAn article about leaders.\n\n4 Responses to Who should lead\n\n"
         "  1. Ann Example November 30, 2017 at 1:59 pm #\n\n    Leaders should listen first.\n\n"
         "  2. Bob Example 30/11/2017 at 13:59 #\n\n    Services should be judged by their users.\n\n"
         "    • Cat Example 2017-12-01 09:15 #\n\n      Bob is right about that.\n\n"
         "  3. Dan Example 03/04/2018 13:59 #\n\n    I am undecided.\n")

NUMBERS_ONLY = ("Who should lead\n\n4 Responses to Who should lead\n\n"
                "  1. Ann Example 30.11.2017 13:59 #\n\n    Leaders should listen first.\n\n"
                "  2. Bob Example 3 days ago #\n\n    Services should be judged by their users.\n\n"
                "    • Eve Example 2 hours ago #\n\n      Bob is right about that.\n\n"
                "  3. Cat Example yesterday #\n\n    I am undecided.\n")


def _comments(records):
    by_key = {r.key: r for r in records}
    return [(r.kind, r.author, r.posted_at, r.text, by_key[r.parent_key].author if r.parent_key else None)
            for r in records if r.kind != "article"]


def test_numeric_header_dates_are_read_and_the_ambiguous_one_said(tmp_path):
    """Bob's and Dan's dates were their names ('Bob Example 30/11/2017 at 13:59'), Cat's reply Bob's words."""
    path = tmp_path / "numeric.txt"
    path.write_text(MIXED, encoding="utf-8")
    records, ctx = read("textpage", path)
    assert _comments(records) == [
        ("comment", "Ann Example", "2017-11-30T13:59:00", "Leaders should listen first.", None),
        ("comment", "Bob Example", "2017-11-30T13:59:00", "Services should be judged by their users.", None),
        ("reply", "Cat Example", "2017-12-01T09:15:00", "Bob is right about that.", "Bob Example"),
        ("comment", "Dan Example", "2018-04-03T13:59:00", "I am undecided.", None),
    ]
    assert ctx.warnings == [
        f"{path}: line 19: 1 comment header date(s) such as '03/04/2018 13:59' could be day- or month-first: read "
        "day-first (2018-04-03T13:59:00), as the page's '30/11/2017 at 13:59' is: if the page writes the month "
        "first, ingest it again with --monthfirst --replace"]


def test_the_order_given_reads_the_ambiguous_date_without_a_word(tmp_path):
    path = tmp_path / "numeric.txt"
    path.write_text(MIXED.replace("30/11/2017", "11/30/2017"), encoding="utf-8")
    records, ctx = read("textpage", path, date_order="month")
    assert [r.posted_at for r in records if r.author in ("Bob Example", "Dan Example")] == [
        "2017-11-30T13:59:00", "2018-03-04T13:59:00"]
    assert ctx.warnings == []


def test_a_page_writing_the_month_first_is_read_so_and_says_how(tmp_path):
    """11/30/2017 is month-first: the page's 03/04/2018 is then March 4, and said so."""
    path = tmp_path / "us.txt"
    path.write_text(MIXED.replace("30/11/2017", "11/30/2017"), encoding="utf-8")
    records, ctx = read("textpage", path)
    assert [r.posted_at for r in records if r.author in ("Bob Example", "Dan Example")] == [
        "2017-11-30T13:59:00", "2018-03-04T13:59:00"]
    assert ctx.warnings == [
        f"{path}: line 19: 1 comment header date(s) such as '03/04/2018 13:59' could be day- or month-first: read "
        "month-first (2018-03-04T13:59:00), as the page's '11/30/2017 at 13:59' is: if the page writes the day "
        "first, ingest it again with --dayfirst --replace"]


def test_a_page_of_numeric_and_relative_headers_is_read_not_refused(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text(NUMBERS_ONLY, encoding="utf-8")
    assert sniff(path) == "textpage"
    records, ctx = read("textpage", path)
    assert _comments(records) == [
        ("comment", "Ann Example", "2017-11-30T13:59:00", "Leaders should listen first.", None),
        ("comment", "Bob Example", None, "Services should be judged by their users.", None),
        ("reply", "Eve Example", None, "Bob is right about that.", "Bob Example"),
        ("comment", "Cat Example", None, "I am undecided.", None),
    ]
    assert ctx.warnings == [
        f"{path}: line 9: 3 comment header(s) give only a relative time such as '3 days ago': their authors are "
        "read, the comments stored undated: to date them, write each one's date in its header ('30/11/2017 13:59') "
        "and ingest the page again with --replace"]


@pytest.mark.parametrize("when", ["2 hours ago", "a day ago", "just now", "yesterday"])
def test_a_relative_header_date_is_not_the_authors_name(tmp_path, when):
    path = tmp_path / "rel.txt"
    path.write_text(MIXED.replace("30/11/2017 at 13:59", when), encoding="utf-8")
    records, ctx = read("textpage", path, **{"date_order": "day"})
    bob = next(r for r in records if r.text.startswith("Services"))
    assert (bob.author, bob.posted_at) == ("Bob Example", None)
    assert len(ctx.warnings) == 1 and f"such as {when!r}" in ctx.warnings[0]



def test_two_digit_years_are_read_in_this_century(tmp_path):
    """'30/11/17 at 13:59' was refused as no comments section, the message asking for dates in words."""
    path = tmp_path / "yy.txt"
    path.write_text("2 Responses to Who\n\n1. Ann Example 30/11/17 at 13:59 #\n\nHello.\n\n"
                    "2. Bob Example 01.12.17 09:15 #\n\nAgreed.\n", encoding="utf-8")
    records, ctx = read("textpage", path)
    assert _comments(records) == [
        ("comment", "Ann Example", "2017-11-30T13:59:00", "Hello.", None),
        ("comment", "Bob Example", "2017-12-01T09:15:00", "Agreed.", None),
    ]
    assert ctx.warnings == [
        f"{path}: line 7: 1 comment header date(s) such as '01.12.17 09:15' could be day- or month-first: read "
        "day-first (2017-12-01T09:15:00), as the page's '30/11/17 at 13:59' is: if the page writes the month first, "
        "ingest it again with --monthfirst --replace"]


def test_a_page_mixing_day_and_month_first_dates_says_so_and_which_was_used(tmp_path):
    """Ann's 11/30/2017 and Bob's 30/11/2017: Ann's comment was stored undated as 'no date of the calendar', and
    Cat's 01/12/2017 said read day-first 'as a UK page writes them'."""
    path = tmp_path / "mixed.txt"
    path.write_text("3 Responses to Who\n\n1. Ann B 11/30/2017 at 13:59 #\n\nHello.\n\n2. Bob C 30/11/2017 at 14:15 #"
                    "\n\nOk.\n\n3. Cat D 01/12/2017 at 14:15 #\n\nOk.\n", encoding="utf-8")
    records, ctx = read("textpage", path)
    assert [(r.author, r.posted_at) for r in records] == [
        ("Ann B", None), ("Bob C", "2017-11-30T14:15:00"), ("Cat D", "2017-12-01T14:15:00")]
    assert ctx.warnings == [
        f"{path}: line 3: the page mixes month-first ('11/30/2017 at 13:59') and day-first ('30/11/2017 at 14:15') "
        "dates: read day-first, 1 comment header(s) that can be month-first only stored undated: write their dates "
        "day-first (or give --monthfirst) and ingest the page again with --replace",
        f"{path}: line 11: 1 comment header date(s) such as '01/12/2017 at 14:15' could be day- or month-first: read "
        "day-first (2017-12-01T14:15:00), as the page's '30/11/2017 at 14:15' is: if the page writes the month "
        "first, ingest it again with --monthfirst --replace"]


@pytest.mark.parametrize("date", ["November 30, 2017 at 1:59 pm", "30 November 2017 at 13:59", "30/11/2017 at 13:59",
                                  "2017-11-30 13:59"])
def test_a_name_ending_in_today_or_yesterday_before_a_full_date_keeps_every_word(tmp_path, date):
    """Reported as 'Tom Today' read as 'Tom' with a relative date (a new id); not reproduced at ef47053: pinned."""
    path = tmp_path / "today.txt"
    path.write_text(f"2 Responses to Who\n\n  1. Tom Today {date} #\n\n    Hello.\n\n"
                    f"    • Ann Yesterday {date} #\n\n      Agreed.\n", encoding="utf-8")
    records, _ = read("textpage", path, date_order="day")
    assert [(r.author, r.posted_at) for r in records] == [
        ("Tom Today", "2017-11-30T13:59:00"), ("Ann Yesterday", "2017-11-30T13:59:00")]
