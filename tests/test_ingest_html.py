"""The saved WordPress comment page reader."""

from __future__ import annotations

from collections import Counter

import pytest
from ingest_helpers import FIX, SAMPLES, read

from voices.errors import InputError


def test_small_page_tree_authors_dates_and_text():
    records, ctx = read("html", FIX / "small.html")
    assert [(r.kind, r.key, r.parent_key) for r in records] == [
        ("article", "article", None),
        ("comment", "comment-1", None),
        ("reply", "comment-2", "comment-1"),
        ("reply", "comment-3", "comment-2"),
        ("comment", "comment-5", None),
    ]
    article, uma, vic, uma2, wes = records
    assert article.text == "Body of the article."
    assert article.source.title == "Supervision matters"
    assert article.source.url == "https://tiny.example/supervision/"
    assert (uma.author, vic.author, wes.author) == ("Uma", "Vic", "Wes")
    assert uma.text == "Reflective supervision & time.\n\nLine one\nline two"
    assert vic.text == "<b>typed markup</b> stays text."  # typed by the commenter: data
    assert uma.posted_at == "2024-04-01T09:00:00+01:00"
    assert uma2.posted_at == "2024-04-02T08:15:00"  # from the visible text when no datetime
    assert wes.posted_at == "2024-04-03T12:00:00+00:00"
    assert wes.text == "Top level again."  # the script is dropped, not kept as text
    assert ctx.skipped == {"pingback": 1}


def test_sample_page():
    records, ctx = read("html", SAMPLES / "comments.html")
    assert Counter(r.kind for r in records) == {"article": 1, "comment": 6, "reply": 5}
    assert ctx.skipped == {"pingback": 1}
    lydia = next(r for r in records if r.author == "Lydia Chen")
    assert "<script>alert('hi')</script>" in lydia.text


def test_page_without_comment_list_is_refused(tmp_path):
    path = tmp_path / "bare.html"
    path.write_text("<html><body><p>No comments here.</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"bare\.html: no comments section"):
        read("html", path)


def test_a_page_cut_short_is_read_with_a_warning(tmp_path):
    whole = SAMPLES.joinpath("comments.html").read_text(encoding="utf-8")
    path = tmp_path / "cut.html"
    path.write_text(whole[: whole.index('<li id="comment-505"')], encoding="utf-8")  # saved while loading
    records, ctx = read("html", path)
    full, full_ctx = read("html", SAMPLES / "comments.html")
    assert 1 < len(records) < len(full)
    assert [r.key for r in records] == [r.key for r in full][: len(records)]
    assert ctx.warnings == [f"{path}: the page ends before </html>: it looks cut short, so later comments may be "
                            "missing; save the whole page again from the browser"]
    assert full_ctx.warnings == []
