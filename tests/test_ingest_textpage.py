"""The plain-text comment page reader: tree shape, authors, dates, furniture, lookalike headers."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import FIX, SAMPLES, SEED, by_key, parent_author, read

from voices.errors import InputError
from voices.ingest.base import IngestOptions, ReadContext
from voices.ingest.textpage import parse_textpage


@pytest.mark.skipif(not SEED.exists(), reason="shared seed file not present")
def test_seed_page_gives_nine_comments_and_the_article():
    records, ctx = read("textpage", SEED)
    assert Counter(r.kind for r in records) == {"article": 1, "comment": 6, "reply": 3}
    replies = {r.author: parent_author(r, records) for r in records if r.kind == "reply"}
    assert replies == {
        "Jonathan Ritchie": "Dr Steve Rogowski",
        "Long in the tooth": "Dr Steve Rogowski",
        "Anita Singh": "Polly",
    }
    assert records[0].source.title == "How can senior managers lead social work practice more effectively?"
    assert records[1].author == "James" and records[1].posted_at == "2017-11-30T13:59:00"
    article = records[0].text
    assert "Picture:" not in article and "More from" not in article
    assert "The word 'leadership' highlighted" not in article  # the caption above the credit
    assert "56 statutory directors were registered" in article  # boxed lists stay
    assert ctx.warnings == []


def test_short_thread_tree_dates_and_furniture():
    records, _ = read("textpage", FIX / "short_thread.txt")
    assert [r.kind for r in records] == ["article", "comment", "reply", "reply", "comment"]
    article, asha, ben, asha2, cara = records
    assert article.text == "A short piece about caseload caps and who sets them."
    assert (ben.parent_key, asha2.parent_key) == (asha.key, ben.key)
    assert asha.text == "Caps only work if someone senior defends them at budget time."  # no "Log in to reply"
    assert ben.posted_at == "2024-01-03T10:30:00"
    assert cara.text.startswith("Pay first, then caps.\nA second line of the same paragraph.")
    # a pasted header inside a body stays body text
    assert "2. Somebody Else January 1, 2024 at 8:00 am #" in cara.text
    assert cara.author == "Cara R" and cara.parent_key is None


def test_sample_thread_has_three_deep_replies_and_a_lookalike_line():
    records, ctx = read("textpage", SAMPLES / "thread.txt")
    assert Counter(r.kind for r in records) == {"article": 1, "comment": 22, "reply": 12}
    keys = by_key(records)

    def depth(r):
        return 0 if r.parent_key is None else 1 + depth(keys[r.parent_key])

    assert max(depth(r) for r in records) == 3
    ruth = next(r for r in records if r.author == "Ruth Adeyemi")
    assert "7. Gareth Pryce March 4, 2024 at 12:26 pm #" in ruth.text
    assert ruth.kind == "comment"
    assert "Share on LinkedIn" not in records[0].text and "Photo:" not in records[0].text
    assert ctx.warnings == []


def test_page_without_comments_is_refused_with_its_name():
    with pytest.raises(InputError, match=r"no_comments\.txt: no comments section"):
        read("textpage", FIX / "no_comments.txt")


def test_huge_single_line_is_refused_quickly(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("1. " + "word " * 1_000_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no comments section"):
        read("textpage", path)


# ---- property test: render a generated thread in the page layout, parse it back --------------

_names = st.sampled_from(["Ann", "Bo Li", "Dr C Dee", "Long in the tooth", "Émile", "Sam-O'Neil"])
_words = st.lists(st.sampled_from(["pay", "burnout", "cap", "registration", "2.", "#", "•", "at"]),
                  min_size=1, max_size=8).map(" ".join)
_body = st.lists(_words, min_size=1, max_size=3).map(lambda ps: [p.strip() for p in ps])


@st.composite
def threads(draw):
    """A list of (depth, author, paragraphs), depth never jumping more than one deeper."""
    items, depth = [], 0
    for i in range(draw(st.integers(1, 12))):
        depth = 0 if i == 0 else draw(st.integers(0, min(depth + 1, 4)))
        items.append((depth, draw(_names), draw(_body)))
    return items


def _render(items):
    lines = ["A title", "", f"{len(items)} Responses to A title", ""]
    number, minute = 0, 0
    for depth, author, paragraphs in items:
        minute += 7
        when = f"March {1 + minute // 600}, 2024 at {1 + (minute // 60) % 10}:{minute % 60:02d} pm"
        pad = "  " + "  " * depth
        if depth == 0:
            number += 1
            lines += [f"{pad}{number}. {author} {when} #", ""]
        else:
            lines += [f"{pad}• {author} {when} #", ""]
        for p in paragraphs:
            lines += [f"{pad}  {p}", ""]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(threads())
def test_rendered_thread_parses_back_to_the_same_tree(tmp_path_factory, items):
    ctx = ReadContext(tmp_path_factory.mktemp("p") / "t.txt", IngestOptions())
    records = list(parse_textpage(_render(items), ctx))
    assert len(records) == len(items)
    stack: list[int] = []
    for i, ((depth, author, paragraphs), rec) in enumerate(zip(items, records, strict=True)):
        del stack[depth:]
        expected_parent = f"c{stack[-1] + 1}" if stack else None
        assert rec.parent_key == expected_parent
        assert rec.author == author
        assert rec.text == "\n\n".join(p for p in paragraphs if p)
        stack.append(i)


def test_a_comment_without_text_is_skipped_by_its_line_not_its_authors_name(tmp_path):
    """The warning named the author ('comment by Ottoline Fairbrass has no text') on stderr."""
    page = tmp_path / "page.txt"
    page.write_text("Title here\n\n2 Responses to Title here\n\n"
                    "  1. Zebedee Quartermaine March 4, 2024 at 7:42 am #\n\n    Leaders must be social workers.\n\n"
                    "  2. Ottoline Fairbrass March 4, 2024 at 8:42 am #\n\n    Log in to reply\n", encoding="utf-8")
    records, ctx = read("textpage", page)
    assert [r.author for r in records] == ["Zebedee Quartermaine"]
    assert ctx.warnings == [f"{page}: line 9: a comment with no text; skipped"]


def test_comments_copied_from_mid_thread_keep_their_first_reply_and_no_title_from_it(tmp_path):
    """A paste that opens with a reply (its comment not copied): the reply's header line became the page
    title, a person's name and all, and its text an authorless "article". Now it is a reply, with its
    author and date and no parent, the source is named after the file, and the rest parse as before."""
    lines = (SAMPLES / "thread.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "pasted.txt"
    path.write_text("".join(lines[-100:]), encoding="utf-8")
    assert next(line for line in lines[-100:] if line.strip()).strip().startswith("• Dev Ramanathan")
    records, ctx = read("textpage", path)
    full, _ = read("textpage", SAMPLES / "thread.txt")
    first = records[0]
    assert (first.kind, first.author, first.posted_at, first.parent_key) == (
        "reply", "Dev Ramanathan", "2024-03-04T11:02:00", None)
    assert first.text == "Agree it is not the answer. It is the symptom. Pay permanent staff properly and agency " \
                         "shrinks on its own."
    assert {r.source.title for r in records} == {"pasted"} and "article" not in {r.kind for r in records}
    whole = {(r.author, r.posted_at, r.text): r for r in full}
    assert all((r.author, r.posted_at, r.text) in whole for r in records) and len(records) == 24
    tails = [(r.kind, r.author, parent_author(r, records)) for r in records[1:]]
    assert tails == [(r.kind, r.author, parent_author(r, full)) for r in full[-23:]]  # the rest as in the page
    assert ctx.warnings == []


def test_a_paste_opening_inside_a_comment_keeps_that_text_as_a_comment_not_a_title(tmp_path):
    """Comments copied from mid-thread, the selection starting inside a comment: its last lines (indented,
    as a comment's text is) became the page title, a person's words naming the source, and were stored as
    no document. Now they are a comment with no author or date, warned about, and the source is named after
    the file; the comments after it parse as before."""
    lines = (SAMPLES / "thread.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "pasted.txt"
    path.write_text("".join(lines[-30:]), encoding="utf-8")
    fragment = "A proper senior practitioner grade existed in my first authority. It was the first thing cut " \
               "in the 2011 savings round."
    assert next(line for line in lines[-30:] if line.strip()).strip() == fragment
    records, ctx = read("textpage", path)
    full, _ = read("textpage", SAMPLES / "thread.txt")
    first = records[0]
    assert (first.kind, first.author, first.posted_at, first.text) == ("comment", None, None, fragment)
    assert {r.source.title for r in records} == {"pasted"} and "article" not in {r.kind for r in records}
    assert [(r.kind, r.author, r.text) for r in records[1:]] == [(r.kind, r.author, r.text) for r in full[-7:]]
    assert ctx.warnings == [f"{path}: line 2: text above the first comment's header, indented as a comment's is: "
                            "the end of a comment whose header was not copied, stored as a comment with no author "
                            "or date"]


@pytest.mark.parametrize("numbered_after", [True, False])
def test_a_paste_opening_inside_a_comment_keeps_the_reply_under_it_apart(tmp_path, numbered_after):
    """The selection starts inside a comment that has a reply: the reply's header line ("• Name date #")
    and its text were stored inside the cut comment's text, a commenter's name in a text and their reply
    lost as a document (or, with no numbered comment after it, the page was refused). Now the reply is a
    reply of its own, with its author and date, and the cut text stays a comment with no author."""
    page = ("    and that is why the panel should hear from practitioners first.\n\n"
            "    • Wilhelmina Scrope March 3, 2023 at 9:40 am #\n\n"
            "      Agreed, though the panel also needs people who have run a service.\n\n")
    if numbered_after:
        page += "  7. Ottoline Vance March 4, 2023 at 2:15 pm #\n\n    Registration would settle this.\n"
    path = tmp_path / "pasted.txt"
    path.write_text(page, encoding="utf-8")
    records, ctx = read("textpage", path)
    got = [(r.kind, r.author, r.posted_at, r.parent_key, r.text) for r in records]
    want = [("comment", None, None, None, "and that is why the panel should hear from practitioners first."),
            ("reply", "Wilhelmina Scrope", "2023-03-03T09:40:00", None,
             "Agreed, though the panel also needs people who have run a service.")]
    if numbered_after:
        want.append(("comment", "Ottoline Vance", "2023-03-04T14:15:00", None, "Registration would settle this."))
    assert got == want
    assert {r.source.title for r in records} == {"pasted"}
    assert ctx.warnings == [f"{path}: line 1: text above the first comment's header, indented as a comment's is: "
                            "the end of a comment whose header was not copied, stored as a comment with no author "
                            "or date"]


UNDATED = ("Who should lead\n4 Responses to Who should lead\n"
           "  1. Ann Example November 30, 2017 at 1:59 pm #\n    Directors should listen to the front line first.\n"
           "  2. Bob Example #\n    Services should be judged by the people using them.\n"
           "      • Dan Reply December 2, 2017 at 9:00 am #\n        Bob is right about that.\n"
           "  3. Cat Example December 1, 2017 at 10:00 am #\n    I am undecided and would like to hear more.\n")


def test_a_numbered_comment_whose_header_shows_no_date_is_a_comment_of_its_own(tmp_path):
    """'2. Bob Example #' was read as text: Bob's words, his reply's and Cat's dated comment were all stored as Ann's
    (one comment, and "the page says 4 responses but 1 were found")."""
    path = tmp_path / "undated.txt"
    path.write_text(UNDATED, encoding="utf-8")
    records, ctx = read("textpage", path)
    assert [(r.kind, r.author, r.posted_at, r.text) for r in records if r.kind != "article"] == [
        ("comment", "Ann Example", "2017-11-30T13:59:00", "Directors should listen to the front line first."),
        ("comment", "Bob Example", None, "Services should be judged by the people using them."),
        ("reply", "Dan Reply", "2017-12-02T09:00:00", "Bob is right about that."),
        ("comment", "Cat Example", "2017-12-01T10:00:00", "I am undecided and would like to hear more.")]
    assert parent_author(next(r for r in records if r.author == "Dan Reply"), records) == "Bob Example"
    assert ctx.warnings == [
        f"{path}: line 5: 1 numbered comment(s) whose header shows no date, stored undated: to date them, add each "
        "one's date to its header as the others give it, and ingest the page again with --replace (without it, a "
        "dated comment is stored beside the undated one)"]


def test_a_numbered_line_inside_a_comment_stays_its_text(tmp_path):
    """Only the next number at the comments' indent, with the permalink '#', starts an undated comment."""
    path = tmp_path / "listed.txt"
    path.write_text(UNDATED.replace("  2. Bob Example #", "    2. Fund the teams first").replace("  3. Cat", "  2. Cat"),
                    encoding="utf-8")
    records, ctx = read("textpage", path)
    assert [r.author for r in records if r.kind == "comment"] == ["Ann Example", "Cat Example"]
    ann = next(r for r in records if r.author == "Ann Example")
    assert "2. Fund the teams first" in ann.text and not [w for w in ctx.warnings if "no date" in w]


LISTED = ("Who should lead\n2 Responses to Who should lead\n"
          "1. Ann Example November 30, 2017 at 1:59 pm #\nTwo things the teams need:\n1. Learn Python\n{item}\n"
          "That is all from me.\n"
          "2. Cat Example December 1, 2017 at 10:00 am #\nI am undecided and would like to hear more.\n")


@pytest.mark.parametrize("item", ["2. Learn C#", "2. Bob said #"])
def test_a_numbered_list_in_a_flat_paste_stays_its_comments_text(tmp_path, item):
    """Ann's list item '2. Learn C#' was taken for an undated comment by 'Learn C': Ann's words after it and Cat's
    dated comment 2 (no longer the next number) were stored as his, and ``delete --author 'Cat Example'`` found
    nothing. Cat's dated '2.' shows the line was text; '...C#' has no space before its '#', as a permalink has."""
    path = tmp_path / "listed.txt"
    path.write_text(LISTED.format(item=item), encoding="utf-8")
    records, ctx = read("textpage", path)
    assert [(r.author, r.posted_at, r.text) for r in records if r.kind != "article"] == [
        ("Ann Example", "2017-11-30T13:59:00", f"Two things the teams need:\n1. Learn Python\n{item}\nThat is all from me."),
        ("Cat Example", "2017-12-01T10:00:00", "I am undecided and would like to hear more.")]
    assert ctx.warnings == []


@pytest.mark.parametrize("date", ["November 31, 2017 at 1:59 pm", "February 29, 2017 at 1:59 pm",
                                  "December 1, 2017 at 13:00 pm"])
def test_a_header_date_that_is_no_time_of_the_calendar_is_said(tmp_path, date):
    """Read as a header, its date unreadable: Bob's comment was stored undated with warnings []."""
    path = tmp_path / "bad-date.txt"
    path.write_text(UNDATED.replace("  2. Bob Example #", f"  2. Bob Example {date} #"), encoding="utf-8")
    records, ctx = read("textpage", path)
    bob = next(r for r in records if r.text.startswith("Services"))
    assert (bob.author, bob.posted_at) == ("Bob Example", None)
    assert ctx.warnings == [
        f"{path}: line 5: 1 comment header(s) whose date is no date of the calendar, stored undated: correct each "
        "one's date and ingest the page again with --replace"]


DATED = UNDATED.replace("  2. Bob Example #", "  2. Bob Example December 1, 2017 at 8:00 am #")


def test_a_thread_pasted_twice_is_stored_once_and_its_new_comments_kept(tmp_path):
    """The same comments pasted again under the first: '1. Ann ...' again was read as text, so Ann's and Bob's
    second copies were stored inside Cat's words, Dan's reply inside a second Dan reply (5 documents, two merged)."""
    path = tmp_path / "twice.txt"
    again = DATED.split("\n", 2)[2]
    later = "      • Eve Reply December 3, 2017 at 9:00 am #\n        Bob, what about the cost?\n"
    path.write_text(DATED + "\n" + again.replace("        Bob is right about that.\n",
                                                  "        Bob is right about that.\n" + later), encoding="utf-8")
    records, ctx = read("textpage", path)
    comments = [r for r in records if r.kind != "article"]
    assert [(r.author, r.text) for r in comments] == [
        ("Ann Example", "Directors should listen to the front line first."),
        ("Bob Example", "Services should be judged by the people using them."),
        ("Dan Reply", "Bob is right about that."),
        ("Cat Example", "I am undecided and would like to hear more."),
        ("Eve Reply", "Bob, what about the cost?")]
    assert parent_author(comments[-1], records) == "Bob Example"
    assert ctx.warnings == [f"{path}: line 12: the numbered comments start again at 1 (a second page, or the thread "
                            "pasted again?): read as comments of their own, 4 repeating one above: each stored once",
                            f"{path}: the page says 4 responses but 5 were found"]
    path.write_text(DATED + "\n" + again, encoding="utf-8")  # the very same paste again: nothing new, nothing merged
    records, ctx = read("textpage", path)
    assert [(r.author, r.text) for r in records if r.kind != "article"] == [(r.author, r.text) for r in comments[:4]]
    assert ctx.warnings == [f"{path}: line 12: the numbered comments start again at 1 (a second page, or the thread "
                            "pasted again?): read as comments of their own, 4 repeating one above: each stored once"]


PAGE_2 = ("  1. Eve Example December 3, 2017 at 9:00 am #\n    Page two opens with this comment about pay.\n"
          "  2. Fay Example December 4, 2017 at 9:00 am #\n    And this one about training.\n")


def test_a_second_page_whose_numbers_start_again_is_read_as_comments(tmp_path):
    """A page's comment list numbers each page from 1: page 2 pasted under page 1 was stored inside Cat's words
    (4 documents; 'the page says 6 responses but 4 were found')."""
    path = tmp_path / "pages.txt"
    path.write_text(DATED.replace("4 Responses", "6 Responses") + "\n" + PAGE_2, encoding="utf-8")
    records, ctx = read("textpage", path)
    comments = [r for r in records if r.kind != "article"]
    assert [(r.kind, r.author) for r in comments] == [
        ("comment", "Ann Example"), ("comment", "Bob Example"), ("reply", "Dan Reply"), ("comment", "Cat Example"),
        ("comment", "Eve Example"), ("comment", "Fay Example")]
    assert comments[3].text == "I am undecided and would like to hear more."
    assert ctx.warnings == [f"{path}: line 12: the numbered comments start again at 1 (a second page, or the thread "
                            "pasted again?): read as comments of their own, 0 repeating one above"]
    path.write_text(DATED + "\n" + PAGE_2 + "\n" + DATED.split("\n", 2)[2] + "\n" + PAGE_2, encoding="utf-8")
    records, ctx = read("textpage", path)  # pages 1 and 2 pasted twice: each comment once
    assert [(r.author, r.text) for r in records if r.kind != "article"] == [(r.author, r.text) for r in comments]
    assert ctx.warnings[0] == (f"{path}: line 12: the numbered comments start again at 1 (a second page, or the "
                               "thread pasted again?): read as comments of their own, 6 repeating one above: each "
                               "stored once")


def test_a_dated_list_item_numbered_1_in_a_flat_paste_stays_in_its_comments_words(tmp_path):
    """A paste without indentation or '#': Ann's list of dates opens '1. Open meeting March 3, 2018 at 10:00 am',
    shaped as her own header. Since numbers starting again at 1 start comments (fb3b37f), that line was taken
    for a comment by 'Open meeting', found empty and skipped: Ann's words lost it. A restart with no words of
    its own before the next header is a line of the comment above."""
    path = tmp_path / "flat.txt"
    path.write_text("Who should lead\n2 Responses to Who should lead\n"
                    "1. Ann Example November 30, 2017 at 1:59 pm\nDirectors should listen first. In your diary:\n"
                    "1. Open meeting March 3, 2018 at 10:00 am\n\n"
                    "2. Bob Example December 1, 2017 at 8:00 am\nServices should be judged by their users.\n",
                    encoding="utf-8")
    records, ctx = read("textpage", path)
    assert [(r.author, r.text) for r in records if r.kind != "article"] == [
        ("Ann Example", "Directors should listen first. In your diary:\n1. Open meeting March 3, 2018 at 10:00 am"),
        ("Bob Example", "Services should be judged by their users.")]
    assert ctx.warnings == []


def test_a_reply_after_a_list_item_given_back_answers_the_comment_above(tmp_path):
    """The list item given back, a reply indented under Ann's comment is still hers."""
    path = tmp_path / "flat.txt"
    path.write_text("Who should lead\n3 Responses to Who should lead\n"
                    "1. Ann Example November 30, 2017 at 1:59 pm\nDirectors should listen first. In your diary:\n"
                    "1. Open meeting February 30, 2018 at 10:00 am\n"
                    "    • Dan Reply December 2, 2017 at 9:00 am\n      Ann is right.\n"
                    "2. Bob Example December 1, 2017 at 8:00 am\nServices should be judged by their users.\n",
                    encoding="utf-8")
    records, ctx = read("textpage", path)
    replies = [r for r in records if r.kind == "reply"]
    assert [(r.author, r.text, parent_author(r, records)) for r in replies] == [
        ("Dan Reply", "Ann is right.", "Ann Example")]
    assert by_key(records)[replies[0].parent_key].text.endswith("1. Open meeting February 30, 2018 at 10:00 am")
    assert ctx.warnings == []
