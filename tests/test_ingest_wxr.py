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
