"""The WordPress export reader: real WordPress output, threading, skips, safe parsing."""

from __future__ import annotations

from collections import Counter

import pytest
from ingest_helpers import FIX, SAMPLES, WXR_REAL, by_key, read

from voices.errors import InputError

needs_real = pytest.mark.skipif(not WXR_REAL.exists(), reason="shared WordPress export not present")


@needs_real
def test_theme_unit_test_comments_post_threads_ten_deep():
    records, ctx = read("wxr", WXR_REAL)
    post = [r for r in records if r.source.title == "Template: Comments"]
    comments = [r for r in post if r.kind != "article"]
    assert len(comments) == 19  # 20 in the export, one unapproved
    keys = by_key(post)
    chain, rec = [], keys["915"]
    while rec is not None:
        chain.append(rec.key)
        rec = keys.get(rec.parent_key) if rec.parent_key else None
    assert chain == ["915", "914", "913", "912", "911", "910", "907", "906", "905", "904"]
    assert keys["904"].author == "John Κώστας Doe Τάδε"
    assert keys["904"].posted_at == "2013-03-14T07:57:01"
    assert post[0].source.url == "https://wpthemetestdata.wordpress.com/2012/01/03/template-comments/"
    assert "<h1>" not in keys["881"].text and "Header one" in keys["881"].text
    assert ctx.skipped == {"unapproved": 3, "pingback": 2, "trackback": 2}
    # parents always come before their replies
    seen: set[str] = set()
    for r in post:
        assert r.parent_key is None or r.parent_key in seen
        seen.add(r.key)


@needs_real
def test_include_unapproved_takes_the_moderation_queue():
    records, ctx = read("wxr", WXR_REAL, include_unapproved=True)
    post = [r for r in records if r.source.title == "Template: Comments" and r.kind != "article"]
    assert len(post) == 20
    assert "unapproved" not in ctx.skipped


@needs_real
def test_each_post_with_comments_is_a_source_and_password_posts_keep_their_body_private():
    records, _ = read("wxr", WXR_REAL)
    titles = Counter(r.source.title for r in records)
    assert "Template: Comments" in titles and "Template: Pingbacks And Trackbacks" in titles
    protected = [r for r in records if r.source.title.startswith("Template: Password Protected")]
    assert [r.kind for r in protected] == ["comment"]


def test_small_export_threads_strips_markup_and_counts_skips():
    records, ctx = read("wxr", FIX / "small.xml")
    assert [(r.kind, r.key, r.parent_key) for r in records] == [
        ("article", "post", None), ("comment", "11", None), ("reply", "12", "11")]
    assert records[1].text == "First bold point & more.\n\nSecond paragraph – with a dash."
    assert records[2].author == "Zoë «Z» Hart"
    assert records[0].source.title == "Pay & registration"
    assert records[1].native_id == "comment-11"
    assert ctx.skipped == {"unapproved": 1, "pingback": 1, "spam": 1}


def test_sample_export():
    records, ctx = read("wxr", SAMPLES / "wordpress-export.xml")
    assert Counter(r.kind for r in records) == {"article": 1, "comment": 5, "reply": 5}
    assert ctx.skipped == {"unapproved": 2, "pingback": 1}


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_doctype_and_entities_are_refused(name):
    with pytest.raises(InputError, match=rf"{name}: refused: the XML declares a DOCTYPE"):
        read("wxr", FIX / name)


def test_malformed_xml_names_the_line(tmp_path):
    path = tmp_path / "cut.xml"
    text = (FIX / "small.xml").read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError, match=r"cut\.xml: line \d+: not well-formed XML"):
        read("wxr", path)


def test_an_export_without_comments_says_how_to_export_them(tmp_path):
    import re

    path = tmp_path / "posts-only.xml"
    text = (SAMPLES / "wordpress-export.xml").read_text(encoding="utf-8")
    path.write_text(re.sub(r"<wp:comment>.*?</wp:comment>", "", text, flags=re.S), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read("wxr", path)
    assert str(info.value) == (f"{path}: no posts with comments in this WordPress export: export the site again "
                               "from WordPress (Tools > Export, All content), which writes each post's comments")


def _export(comments: list[tuple[str | None, str, str, str] | tuple[str | None, str, str, str, str]]) -> str:
    """A one-post WXR export of ``(comment_id or None, parent, author, text[, date])`` comments, a day apart."""
    def comment(n: int, cid: str | None, parent: str, author: str, text: str, date: str = "") -> str:
        own = "" if cid is None else f"<wp:comment_id>{cid}</wp:comment_id>"
        return (f"<wp:comment>{own}<wp:comment_author>{author}</wp:comment_author>"
                f"<wp:comment_date>{date or f'2024-01-0{n + 1} 10:00:00'}</wp:comment_date>"
                f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved>1"
                f"</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")
    return ('<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules'
            '/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Who leads</title>'
            "<link>https://example.org/who-leads/</link><wp:post_id>5</wp:post_id>"
            + "".join(comment(n, *c) for n, c in enumerate(comments)) + "</item></channel></rss>")


CAT = "2024-01-03 10:00:00"  # the same comment exported twice: its date too


@pytest.mark.parametrize("cid", [None, ""])
def test_comments_without_an_id_are_each_kept(tmp_path, cid):
    """A hand-made or converted export without wp:comment_id (or with it empty): only the first comment was kept,
    the others dropped without a word (one id for all, and the threading walk takes an id once)."""
    path = tmp_path / "no-ids.xml"
    path.write_text(_export([(cid, "0", "Ann", "Leaders should listen first."),
                             (cid, "0", "Bob", "Services should be judged by their users."),
                             (cid, "0", "Cat", "I am undecided.")]), encoding="utf-8")
    records, ctx = read("wxr", path)
    assert [(r.author, r.native_id) for r in records] == [("Ann", None), ("Bob", None), ("Cat", None)]
    assert ctx.warnings == []


def test_a_comment_id_given_twice_keeps_both_comments_and_says_so(tmp_path):
    """Two exports merged: Bob's comment under Ann's id was dropped without a word; the same comment twice is one."""
    path = tmp_path / "merged.xml"
    path.write_text(_export([("1", "0", "Ann", "Leaders should listen first."),
                             ("1", "0", "Bob", "Services should be judged by their users."),
                             ("2", "1", "Cat", "Ann is right.", CAT),
                             ("2", "1", "Cat", "Ann is right.", CAT)]), encoding="utf-8")
    records, ctx = read("wxr", path)
    assert [(r.author, r.native_id, r.parent_key) for r in records] == [
        ("Ann", "comment-1", None), ("Cat", "comment-2", "1"), ("Cat", "comment-2", "1"), ("Bob", None, None)]
    assert ctx.warnings == [f"{path}: comment 1 on 'Who leads': 1 more comment under its id with other words, author "
                            "or date (a merged export?): kept, under an id of its own; 1 reply naming id 1 is kept "
                            "under the first comment with it, which may not be the one it answers: check it"]


def test_a_merged_export_stores_every_comment_once(tmp_path):
    from typer.testing import CliRunner

    from voices.cli import app

    path, corpus = tmp_path / "merged.xml", tmp_path / "c.duckdb"
    path.write_text(_export([("1", "0", "Ann", "Leaders should listen first."),
                             ("1", "0", "Bob", "Services should be judged by their users."),
                             ("2", "1", "Cat", "Ann is right.", CAT),
                             ("2", "1", "Cat", "Ann is right.", CAT)]), encoding="utf-8")
    for added in (3, 0):  # and nothing twice on the second run
        res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
        assert res.exit_code == 0, res.output
        import json
        done = json.loads(res.stdout)
        assert (done["documents_added"], done["skipped_duplicates"]) == (added, 1)


def test_one_author_s_same_words_under_one_id_on_two_days_are_two_comments(tmp_path):
    """Two sites' exports merged: Ann's 'Agree.' of 1 January and her 'Agree.' of 2 March both carry id 1. Taken for
    the same comment twice, the second was counted a duplicate and not stored (2 of 3 comments, no warning)."""
    path = tmp_path / "merged.xml"
    path.write_text(_export([("1", "0", "Ann", "Agree.", "2024-01-01 10:00:00"),
                             ("1", "0", "Ann", "Agree.", "2024-03-02 10:00:00"),
                             ("2", "0", "Bob", "Services should be judged by their users.")]), encoding="utf-8")
    records, ctx = read("wxr", path)
    assert [(r.author, r.posted_at, r.native_id) for r in records] == [
        ("Ann", "2024-01-01T10:00:00", "comment-1"), ("Bob", "2024-01-03T10:00:00", "comment-2"),
        ("Ann", "2024-03-02T10:00:00", None)]
    assert ctx.warnings == [f"{path}: comment 1 on 'Who leads': 1 more comment under its id with other words, author "
                            "or date (a merged export?): kept, under an id of its own"]


def test_replies_naming_an_id_two_comments_hold_are_said(tmp_path):
    """Cat answers Bob, whose comment carries Ann's id 1 in a merged export: her reply is threaded under Ann (the
    first comment holding id 1), which the warning did not say; now it says how many replies may be misplaced."""
    path = tmp_path / "merged.xml"
    path.write_text(_export([("1", "0", "Ann", "Leaders should listen first."), ("1", "0", "Bob", "Leaders know best."),
                             ("2", "1", "Cat", "Bob, you are wrong.")]), encoding="utf-8")
    records, ctx = read("wxr", path)
    assert [(r.author, r.parent_key) for r in records] == [("Ann", None), ("Cat", "1"), ("Bob", None)]
    assert ctx.warnings == [f"{path}: comment 1 on 'Who leads': 1 more comment under its id with other words, author "
                            "or date (a merged export?): kept, under an id of its own; 1 reply naming id 1 is kept "
                            "under the first comment with it, which may not be the one it answers: check it"]
