"""Comment pages copied from real sites, one project-written fixture per layout, every field asserted."""

from __future__ import annotations

import pytest
from ingest_helpers import FIX, documents, read
from typer.testing import CliRunner

from voices.cli import app
from voices.errors import InputError, UsageError
from voices.ingest import IngestOptions, sniff
from voices.ingest.pages import detect
from voices.ingest.pages._thread import is_furniture, resolve_relative

PAGES = FIX / "pages"
runner = CliRunner()


def tree(records):
    """(author, posted_at, text, parent's author and text start) per record, page order."""
    by_key = {r.key: r for r in records}
    return [(r.kind, r.author, r.posted_at, r.text,
             by_key[r.parent_key].author if r.parent_key else None) for r in records]


@pytest.mark.parametrize("name,layout", [
    ("guardian.txt", "guardian"), ("disqus.txt", "disqus"), ("mumsnet.txt", "mumsnet"),
    ("reddit.txt", "reddit"), ("reddit_thread.json", "reddit"), ("wordpress_com.txt", "wordpress-com"),
    ("generic.txt", "generic"), ("comments.csv", "records"), ("comments.jsonl", "records"),
])
def test_each_layout_is_sniffed_without_flags(name, layout):
    assert sniff(PAGES / name) == layout


def test_guardian_replies_by_in_reply_to_and_response_to():
    records, ctx = read("guardian", PAGES / "guardian.txt")
    assert tree(records) == [
        ("comment", "Alice Marsh", "2024-03-04T09:12:00",
         "A director who has never held a caseload cannot judge what a caseload does to people.\n\n"
         "Supervision starts at the top.", None),
        ("reply", "Ben Okafor", "2024-03-04T09:40:00",
         "Running a department of two thousand staff is a different job. Budgets and inspections need "
         "other skills.", "Alice Marsh"),
        ("comment", "Priya Sandhu", "2024-03-04T10:05:00",
         "Registration should follow the job title, not the qualification you held twenty years ago.", None),
        ("reply", "Ben Okafor", "2024-03-04T10:31:00", "Then every finance director would need registering too.",
         "Priya Sandhu"),
    ]
    assert [r.source.title for r in records] == ["guardian"] * 4 and ctx.warnings == []


def test_disqus_relative_times_need_as_of_and_warn_once():
    records, ctx = read("disqus", PAGES / "disqus.txt")
    assert [r.posted_at for r in records] == [None, None, None]
    assert len(ctx.warnings) == 1 and "--as-of" in ctx.warnings[0] and "'2 days ago'" in ctx.warnings[0]
    records, ctx = read("disqus", PAGES / "disqus.txt", as_of="2024-03-06")
    assert tree(records) == [
        ("comment", "carol_h", "2024-03-04", "Our last director came from housing and she listened more than "
         "any social worker I have worked for.", None),
        ("reply", "dave_k", "2024-03-05", "Listening is not the same as knowing what a section 47 visit feels "
         "like.", "carol_h"),
        ("comment", "Eileen Fraser", "2021-03-06", "Leaders should hold a current registration, full stop.", None),
    ]
    assert ctx.warnings == []


def test_mumsnet_is_flat_unless_a_post_quotes_or_names_an_earlier_one():
    records, _ = read("mumsnet", PAGES / "mumsnet.txt")
    assert tree(records) == [
        ("comment", "FrontlineFran", "2024-03-04T09:15:00", "I have had three directors in ten years and none "
         "of them had ever done a child protection visit.", None),
        ("comment", "GreyCardigan", "2024-03-04T09:32:00", "Does it matter if the practice lead is qualified? "
         "Directors manage budgets.", None),
        ("reply", "TeaAndCaseNotes", "2024-03-04T10:02:45", "That explains a lot about the decisions on "
         "caseloads.", "FrontlineFran"),
        ("reply", "FrontlineFran", "2024-03-04T10:20:01", "@GreyCardigan budgets are decisions about practice, "
         "so yes it matters.", "GreyCardigan"),
    ]


def test_reddit_copied_text_nests_by_level():
    records, _ = read("reddit", PAGES / "reddit.txt", as_of="2024-03-06")
    assert tree(records) == [
        ("comment", "casework_cat", "2021-03-06", "Yes. You cannot set thresholds for practice you have never "
         "done.", None),
        ("reply", "policy_pete", "2021-03-06", "Plenty of good directors came from education and did fine.",
         "casework_cat"),
        ("reply", "casework_cat", "2022-03-06", "Fine by whose measure? Ofsted grades are not staff retention.",
         "policy_pete"),
        ("comment", "newly_qualified", "2023-10-06", "I would just like a manager who has read the case file.",
         None),
    ]


def test_reddit_json_thread():
    records, ctx = read("reddit", PAGES / "reddit_thread.json")
    assert [(r.key, r.native_id) for r in records] == [
        ("t3_abc123", "t3_abc123"), ("t1_c1", "t1_c1"), ("t1_c2", "t1_c2"), ("t1_c4", "t1_c4"), ("t1_c5", "t1_c5")]
    assert tree(records) == [
        ("article", "thread_starter", "2024-03-04T09:12:00+00:00",
         "Our council just appointed a director from finance. Thoughts?", None),
        ("comment", "casework_cat", "2024-03-04T09:20:00+00:00",
         "Finance directors can learn practice if they shadow visits & read case files.", None),
        ("reply", "policy_pete", "2024-03-04T10:20:00+00:00",
         "Shadowing for a week is not the same as years of practice.", "casework_cat"),
        ("reply", "newly_qualified", "2024-03-04T11:20:00+00:00",  # its parent was removed: the grandparent
         "Whoever wrote that was right about supervision.", "casework_cat"),
        ("comment", "frontline_fiona", "2024-03-04T12:00:00+00:00", "Registration for every leader, please.", None),
    ]
    assert records[0].source.title == "Directors & registration: should leaders be social workers?"
    assert records[0].source.url == "https://www.reddit.com/r/socialwork/comments/abc123/directors_registration/"
    assert ctx.skipped == {"deleted": 1, "not loaded": 2} and "2 comments were not loaded" in ctx.warnings[0]


def test_wordpress_com_nests_by_indentation_and_takes_the_title():
    records, _ = read("wordpress-com", PAGES / "wordpress_com.txt")
    assert tree(records) == [
        ("comment", "Gareth Pryce", "2024-03-04T09:12:00", "The principal social worker role exists so directors "
         "do not need to be practitioners.", None),
        ("reply", "Hannah Lowe", "2024-03-04T11:48:00", "That role has no budget and no seat at the top table in "
         "most councils.", "Gareth Pryce"),
        ("comment", "Ian Mercer", "2024-03-05T20:03:00", "Registration for leaders would at least make them "
         "answerable to the regulator.", None),
    ]
    assert {r.source.title for r in records} == {"Who should lead social work?"}


def test_generic_layout_from_repeating_author_and_date_lines():
    records, _ = read("generic", PAGES / "generic.txt")
    assert tree(records) == [
        ("comment", "Joan Whitfield", "2024-03-04T09:12:00", "Leadership without practice experience loses the "
         "trust of frontline teams.", None),
        ("comment", "Kwame Asante", "2024-03-04T10:40:00", "Trust comes from decisions, not from a "
         "qualification certificate.", None),
        ("reply", "Lena Novak", "2024-03-04T11:05:00", "Decisions made without practice knowledge are exactly "
         "the problem.", "Kwame Asante"),
    ]


@pytest.mark.parametrize("name", ["comments.csv", "comments.jsonl"])
def test_comments_file_with_a_reply_column_is_a_thread(name):
    records, _ = read("records", PAGES / name)
    assert tree(records)[:2] == [
        ("comment", "Morag Ellis", "2024-03-04T09:00:00", "Directors should be registered like the staff they "
         "lead.", None),
        ("reply", "Tom Reyes", "2024-03-04T09:30:00", "Registration would not have stopped the last two "
         "failures.", "Morag Ellis"),
    ]
    if name == "comments.csv":
        assert [r.parent_key for r in records] == [None, "101", "102", None]


def test_consultation_with_a_comment_column_but_no_reply_column_stays_a_consultation(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("Respondent ID,Role,Comment\n1,Practitioner,Directors should be qualified.\n", encoding="utf-8")
    assert sniff(path) == "consultation"


def test_unreadable_page_names_the_file_and_the_layouts_tried(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes\n\nabout a meeting, with no comments in them.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt: no comments section found .*tried: textpage, guardian, "
                                         r"disqus, mumsnet, reddit, wordpress-com, generic\)"):
        sniff(path)
    with pytest.raises(InputError, match=r"notes\.txt: no comments found in the disqus layout"):
        read("disqus", path)


def test_format_forces_a_layout_and_the_old_text_page_still_wins_its_own(tmp_path):
    assert sniff(PAGES / "guardian.txt", IngestOptions(format="generic")) == "generic"
    records, _ = read("generic", PAGES / "guardian.txt")
    assert [r.author for r in records] == ["Alice Marsh", "Ben Okafor", "Priya Sandhu", "Ben Okafor"]
    assert sniff(FIX / "short_thread.txt") == "textpage"


def test_relative_times_and_furniture():
    assert resolve_relative("5 mo. ago", "2024-07-31") == "2024-02-29"
    assert resolve_relative("3y", "2024-03-06") == "2021-03-06"
    assert resolve_relative("yesterday", "2024-03-01") == "2024-02-29"
    assert resolve_relative("10 minutes ago", "2024-03-06T00:05") == "2024-03-05T23:55:00"
    assert resolve_relative("2 weeks ago", "2024-03-06T10:00") == "2024-02-21"
    assert all(map(is_furniture, ["Reply • Share ›", "5 ^ | v • Reply • Share ›", "Add message | Report | See all",
                                  "Liked by 2 people", "42 points", "Recommend", "Show 3 more replies"]))
    assert not any(map(is_furniture, ["Reply to the consultation by Friday.", "Share the caseload fairly"]))
    assert detect("Just an article with no comments.\n") is None


def test_cli_as_of_dates_a_disqus_page_and_a_bad_one_is_refused(tmp_path):
    corpus = tmp_path / "c.duckdb"
    res = runner.invoke(app, ["ingest", str(PAGES / "disqus.txt"), "--as-of", "2024-03-06", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    docs = sorted(documents(corpus), key=lambda d: d["position"])
    assert [(d["author"], str(d["posted_at"])[:10]) for d in docs] == [
        ("carol_h", "2024-03-04"), ("dave_k", "2024-03-05"), ("Eileen Fraser", "2021-03-06")]
    assert docs[1]["parent_id"] == docs[0]["id"]
    res = runner.invoke(app, ["ingest", str(PAGES / "disqus.txt"), "--as-of", "last week", "--corpus",
                              str(tmp_path / "d.duckdb")])
    assert res.exit_code == 2 and "--as-of 'last week' is not a date" in res.output
    assert not (tmp_path / "d.duckdb").exists()


def test_api_refuses_an_as_of_with_an_offset(tmp_path):
    from voices import api

    with pytest.raises(UsageError, match="--as-of"):
        api.ingest([PAGES / "disqus.txt"], tmp_path / "c.duckdb", as_of="2024-03-06T10:00+01:00")


VARIANTS = {
    # Guardian: the replied-to name on its own line between author and date; badges and share links
    "guardian": ("Alice Marsh\nStaff\n4 Mar 2024 9.12\nDirectors need practice experience.\nReply\nReport\n"
                 "Facebook\nTwitter\n\nBen Okafor\nAlice Marsh\n4 Mar 2024 9.40\nBudgets need other skills.\n"
                 "Reply\nReport\nShow 3 more replies\n",
                 [("Alice Marsh", "2024-03-04T09:12:00", "Directors need practice experience.", None),
                  ("Ben Okafor", "2024-03-04T09:40:00", "Budgets need other skills.", "Alice Marsh")]),
    # Disqus: the newer two-line header
    "disqus": ("Avatar\ncarol_h\n2 days ago\nDirectors listen differently.\nReply\nShare ›\n"
               "Avatar\ndave_k\n•\na day ago\nedited\nListening is not knowing.\n3\nReply\n",
               [("carol_h", "2024-03-04", "Directors listen differently.", None),
                ("dave_k", "2024-03-05", "Listening is not knowing.", None)]),
    # Mumsnet: the classic header without the dot
    "mumsnet": ("FrontlineFran Mon 04-Mar-24 09:15:12\nNo director of mine ever held a caseload.\n"
                "Add message | Report | Message poster\nGreyCardigan Mon 04-Mar-24 09:20:00\n"
                "@FrontlineFran mine did, and it showed.\nAdd message | Report | Message poster\n",
                [("FrontlineFran", "2024-03-04T09:15:12", "No director of mine ever held a caseload.", None),
                 ("GreyCardigan", "2024-03-04T09:20:00", "@FrontlineFran mine did, and it showed.",
                  "FrontlineFran")]),
    # Reddit: old Reddit's one-line header, then the new layout's name / "•" / "3y ago" lines
    "reddit": ("[–]casework_cat 42 points 3 years ago (1 child)\nRegister every director.\n"
               "permalink embed save report reply\n  [–]policy_pete 7 points 2 years ago\n  Why stop there?\n\n"
               "u/newly_qualified avatar\nnewly_qualified\n•\n5mo ago\nJust read the case file.\nReply\nShare\n",
               [("casework_cat", "2021-03-06", "Register every director.", None),
                ("policy_pete", "2022-03-06", "Why stop there?", "casework_cat"),
                ("newly_qualified", "2023-10-06", "Just read the case file.", None)]),
    # WordPress.com: "says:", blank lines, "Like Liked by 1 person"
    "wordpress-com": ("One Comment\n\nGareth Pryce says:\n4 March 2024 at 09:12\n\nThe role exists already.\n\n"
                      "Like Liked by 1 person\nReply ↓\n",
                      [("Gareth Pryce", "2024-03-04T09:12:00", "The role exists already.", None)]),
}


@pytest.mark.parametrize("layout", sorted(VARIANTS))
def test_other_copies_of_each_layout(layout, tmp_path):
    text, want = VARIANTS[layout]
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert sniff(path) == layout
    records, _ = read(layout, path, as_of="2024-03-06")
    assert [t[1:] for t in tree(records)] == want


def test_a_post_without_text_is_skipped_by_its_line_not_its_authors_name(tmp_path):
    """The warning named the author ('comment by Ottoline Fairbrass has no text') on stderr."""
    page = tmp_path / "mumsnet.txt"
    page.write_text("Zebedee Quartermaine · 04/03/2024 09:15\nLeaders must be social workers.\n\n"
                    "Ottoline Fairbrass · 04/03/2024 09:20\n\n"
                    "Sam Tate · 04/03/2024 09:25\nPay matters most.\n", encoding="utf-8")
    records, ctx = read("mumsnet", page)
    assert [r.author for r in records] == ["Zebedee Quartermaine", "Sam Tate"]
    assert [w for w in ctx.warnings if "no text" in w] == [f"{page}: line 4: a comment with no text; skipped"]
    assert not any("Fairbrass" in w for w in ctx.warnings)


ABOVE = ("Bob Example\nServices should be judged by the people using them.\n\n"
         "Ann Example\n4 Mar 2024 9.12\nDirectors should listen to the front line teams first.\n\n"
         "Cat Example\n5 Mar 2024 10.00\nI am undecided and would like to hear how it would work.\n")


@pytest.mark.parametrize(("page", "said"), [(ABOVE, [2]), ("Reader comments\n\n" + ABOVE.split("\n\n", 1)[1], []),
                                            ("Should directors be social workers?\n\n" + ABOVE.split("\n\n", 1)[1], [])])
def test_a_comment_above_the_first_header_is_said_not_read(tmp_path, page, said):
    """Bob's comment, copied without its date line, stood above the first header: dropped without a word (2
    documents). A page's title or heading there is no comment, and not said."""
    path = tmp_path / "thread.txt"
    path.write_text(page, encoding="utf-8")
    records, ctx = read("generic", path)
    assert [r.author for r in records] == ["Ann Example", "Cat Example"]
    assert ctx.warnings == [
        f"{path}: line {n}: text above the first comment's header is not read: if it is a comment whose header or "
        "date line was not copied, add its author and date lines as the page shows them (or copy the page again "
        "from its header) and ingest again" for n in said]


def test_a_pasted_comment_with_no_date_line_is_refused_saying_what_a_comment_needs(tmp_path):
    """Refused with 'check the file holds the comments, or give --format LAYOUT': no layout reads a comment without
    a date line, so neither helped. The ways it names do read it."""
    path = tmp_path / "one.txt"
    path.write_text("Ann Example\nDirectors should listen to the front line teams first.\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        sniff(path)
    assert str(refused.value).endswith(
        "generic): each comment is read from its header, the author's line with a date line under it (one comment "
        "alone: with --format generic); check the file holds the comments, add any date line the copy lost, or give "
        "undated comments as a CSV with 'author' and 'text' columns")
    path.write_text("Ann Example\n4 Mar 2024 9.12\nDirectors should listen to the front line teams first.\n",
                    encoding="utf-8")
    assert [(r.author, r.posted_at) for r in read("generic", path)[0]] == [("Ann Example", "2024-03-04T09:12:00")]
    table = tmp_path / "one.csv"
    table.write_text("author,text\nAnn Example,Directors should listen to the front line teams first.\n",
                     encoding="utf-8")
    assert sniff(table) == "records" and [r.author for r in read("records", table)[0]] == ["Ann Example"]
