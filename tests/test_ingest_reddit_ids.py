"""Reddit JSON whose comments carry neither ``name`` nor ``id`` (a converted or hand-trimmed copy of the thread)."""

from __future__ import annotations

import json

from ingest_helpers import documents, read
from typer.testing import CliRunner

from voices.cli import app


def _comment(author, body, replies=()):
    data = {"author": author, "body": body, "created_utc": 1709544000,
            "replies": {"kind": "Listing", "data": {"children": list(replies)}} if replies else ""}
    return {"kind": "t1", "data": data}


def _thread(path, comments, post=None):
    post = post or {"id": "p1", "name": "t3_p1", "title": "Who leads", "author": "op", "selftext": ""}
    path.write_text(json.dumps([{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post}]}},
                                {"kind": "Listing", "data": {"children": comments}}]), encoding="utf-8")
    return path


def _no_ids(tmp_path):
    return _thread(tmp_path / "r.json", [
        _comment("ann", "Leaders should listen first.", [_comment("bob", "Ann is right.")]),
        _comment("cat", "Services should be judged by their users."),
        _comment("dan", "Services should be judged by their users, and by staff.")])


def test_comments_without_name_or_id_each_keep_their_own_key_and_thread(tmp_path):
    """All became 't1_None': the first was stored, the rest dropped as 'the same id as an earlier row'."""
    records, ctx = read("reddit", _no_ids(tmp_path))
    assert [(r.author, r.native_id, r.kind) for r in records] == [
        ("ann", None, "comment"), ("bob", None, "reply"), ("cat", None, "comment"), ("dan", None, "comment")]
    assert len({r.key for r in records}) == 4
    assert records[1].parent_key == records[0].key
    assert ctx.warnings == [f"{tmp_path / 'r.json'}: 4 comments carry no Reddit id (neither 'name' nor 'id'): each "
                            "is kept under an id from its author, time and place in the thread; a copy of this "
                            "thread with ids would store them again: ingest that one with --replace"]


def test_comments_without_ids_are_all_stored_once_and_again_adds_nothing(tmp_path):
    path, corpus = _no_ids(tmp_path), tmp_path / "c.duckdb"
    for added in (4, 0):
        res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
        assert res.exit_code == 0, res.output
        done = json.loads(res.stdout)
        assert (done["documents_added"], done["skipped_already_present"]) == (added, 4 - added)
    docs = documents(corpus)
    by_id = {d["id"]: d for d in docs}
    assert sorted(d["text"] for d in docs) == ["Ann is right.", "Leaders should listen first.",
                                               "Services should be judged by their users, and by staff.",
                                               "Services should be judged by their users."]
    bob = next(d for d in docs if d["author"] == "bob")
    assert by_id[bob["parent_id"]]["author"] == "ann"


def test_a_post_without_name_or_id_is_not_t3_none(tmp_path):
    path = _thread(tmp_path / "p.json", [_comment("ann", "Leaders should listen first.")],
                   post={"title": "Who leads", "author": "op", "selftext": "Should leaders be social workers?"})
    records, _ = read("reddit", path)
    assert [(r.kind, r.native_id) for r in records] == [("article", None), ("comment", None)]
    assert "None" not in records[0].key


def test_comments_with_ids_keep_them_and_say_nothing(tmp_path):
    c = _comment("ann", "Leaders should listen first.")
    c["data"].update(id="c1", name="t1_c1")
    d = _comment("bob", "Ann is right.")
    d["data"]["id"] = "c2"  # no name: its id gives it
    records, ctx = read("reddit", _thread(tmp_path / "r.json", [c, d]))
    assert [(r.key, r.native_id) for r in records] == [("t1_c1", "t1_c1"), ("t1_c2", "t1_c2")]
    assert ctx.warnings == []
