"""A list in a comment's text whose items end in a relative or numeric date ("- Called the council yesterday",
"- Meeting 2017-12-05") is the comment's text, not replies: read as headers since 8973b16, Ann's items became
replies by "Called the council" (its line then skipped as a comment with no text) and "Wrote to my MP" (with her
"Nothing happened."), and the page said 7 responses where it gives 3."""

from __future__ import annotations

import pytest
from ingest_helpers import read
from test_ingest_header_dates import _comments

PAGE = ("Who should lead\n\nAn article about leaders.\n\n3 Responses to Who should lead\n\n"
        "  1. Ann Example November 30, 2017 at 1:59 pm #\n\n    Things I did:\n{items}    Nothing happened.\n\n"
        "  2. Bob Example December 1, 2017 at 9:15 am #\n\n    Agreed.\n\n"
        "    • Eve Example {reply} #\n\n      Bob is right about that.\n")


def test_relative_and_numeric_dated_list_items_stay_the_comments_text(tmp_path):
    items = ("    - Called the council yesterday\n    - Wrote to my MP 2 days ago\n"
             "    - Meeting 2017-12-05\n    * Letter sent 05/12/2017\n")
    path = tmp_path / "lists.txt"
    path.write_text(PAGE.format(items=items, reply="2 hours ago"), encoding="utf-8")
    records, ctx = read("textpage", path)
    assert _comments(records) == [
        ("comment", "Ann Example", "2017-11-30T13:59:00",
         "Things I did:\n- Called the council yesterday\n- Wrote to my MP 2 days ago\n- Meeting 2017-12-05\n"
         "* Letter sent 05/12/2017\nNothing happened.", None),
        ("comment", "Bob Example", "2017-12-01T09:15:00", "Agreed.", None),
        ("reply", "Eve Example", None, "Bob is right about that.", "Bob Example"),
    ]
    assert ctx.warnings == [
        f"{path}: line 20: 1 comment header(s) give only a relative time such as '2 hours ago': their authors are "
        "read, the comments stored undated: to date them, write each one's date in its header ('30/11/2017 13:59') "
        "and ingest the page again with --replace"]


def test_a_numeric_dated_reply_shaped_as_the_comments_is_still_a_reply(tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text(PAGE.format(items="", reply="01/12/2017 at 10:15"), encoding="utf-8")
    records, _ = read("textpage", path)
    assert _comments(records)[-1] == ("reply", "Eve Example", "2017-12-01T10:15:00", "Bob is right about that.",
                                      "Bob Example")


def test_a_numbered_list_item_dated_in_numbers_is_not_the_next_comment(tmp_path):
    """A paste without indentation: Ann's '2. Consultation closes 30/11/2017' was the page's comment 2, by
    'Consultation closes', and Bob's comment 2 its words: two comments found as the page says, and not a word."""
    path = tmp_path / "flat.txt"
    path.write_text("2 Responses to Who should lead\n\n1. Ann Example 30/11/2017 at 13:59 #\n\nKey dates:\n"
                    "1. Consultation opens 01/11/2017\n2. Consultation closes 30/11/2017\nThat is short.\n\n"
                    "2. Bob Example 01/12/2017 at 09:15 #\n\nAgreed.\n", encoding="utf-8")
    records, _ = read("textpage", path, date_order="day")
    assert _comments(records) == [
        ("comment", "Ann Example", "2017-11-30T13:59:00", "Key dates:\n1. Consultation opens 01/11/2017\n"
         "2. Consultation closes 30/11/2017\nThat is short.", None),
        ("comment", "Bob Example", "2017-12-01T09:15:00", "Agreed.", None),
    ]



@pytest.mark.parametrize(("ann", "bob", "raw", "iso", "why"), [
    # Ann's 30/11/2017 shows the page writes the day first, yet Bob's 01/12/2017 was said read 'as a UK page writes
    # them', with --monthfirst to try: that would read Ann's date as none of the calendar
    ("30/11/2017 at 13:59", "01/12/2017 at 09:15", "01/12/2017 at 09:15", "2017-12-01T09:15:00",
     "as the page's '30/11/2017 at 13:59' is"),
    ("03/04/2018 at 12:30 am", "2018-04-03 00:10", "03/04/2018 at 12:30 am", "2018-04-03T00:30:00",
     "as a UK page writes them"),
])
def test_the_ambiguity_line_names_the_pages_own_day_first_date(tmp_path, ann, bob, raw, iso, why):
    path = tmp_path / "uk.txt"
    path.write_text(f"2 Responses to Who should lead\n\n1. Ann Example {ann} #\n\nLeaders.\n\n"
                    f"2. Bob Example {bob} #\n\nAgreed.\n", encoding="utf-8")
    _records, ctx = read("textpage", path)
    line = 7 if raw == bob else 3
    assert ctx.warnings == [
        f"{path}: line {line}: 1 comment header date(s) such as {raw!r} could be day- or month-first: read "
        f"day-first ({iso}), {why}: if the page writes the month first, ingest it again with --monthfirst --replace"]


@pytest.mark.parametrize("item", ["2. Consultation closes November 30, 2017", "- Consultation closes December 31, 2017"])
def test_a_list_item_dated_in_words_in_a_flat_paste_is_not_a_comment(tmp_path, item):
    """A paste without indentation: Ann's list item dated in words was a comment (or reply) by 'Consultation
    closes', and Bob's real comment 2 and his words stored as its text, without a warning."""
    path = tmp_path / "flat.txt"
    path.write_text("2 Responses to Who should lead\n\n1. Ann Example November 30, 2017 at 1:59 pm #\n\nKey dates:\n"
                    f"1. Consultation opens November 1, 2017\n{item}\nThat is short.\n\n"
                    "2. Bob Example December 1, 2017 at 9:15 am #\n\nAgreed.\n", encoding="utf-8")
    records, ctx = read("textpage", path)
    assert _comments(records) == [
        ("comment", "Ann Example", "2017-11-30T13:59:00", "Key dates:\n1. Consultation opens November 1, 2017\n"
         f"{item}\nThat is short.", None),
        ("comment", "Bob Example", "2017-12-01T09:15:00", "Agreed.", None),
    ]
    assert ctx.warnings == []


@pytest.mark.parametrize(("tom", "bob", "iso"), [
    ("November 30, 2017 at 1:59 pm", "November 30, 2017 at 3:59 pm", "2017-11-30T15:59:00"),
    ("30/11/2017 at 13:59", "30/11/2017 at 15:59", "2017-11-30T15:59:00"),
])
def test_a_numbered_header_with_a_time_stays_a_comment_when_shapes_differ(tmp_path, tom, bob, iso):
    """Tom's header lost its '#' in the paste, Bob's kept it: Bob's comment is still comment 2, dated, not a list
    item in Tom's text (nor an undated comment by 'Bob B November 30, 2017 at 3:59 pm')."""
    path = tmp_path / "mixed.txt"
    path.write_text(f"2 Responses to Who\n\n1. Tom Today {tom}\n\nHello.\n\n2. Bob B {bob} #\n\nYes.\n",
                    encoding="utf-8")
    records, ctx = read("textpage", path)
    assert _comments(records) == [
        ("comment", "Tom Today", "2017-11-30T13:59:00", "Hello.", None),
        ("comment", "Bob B", iso, "Yes.", None),
    ]
    assert ctx.warnings == []
