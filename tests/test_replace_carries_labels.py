"""``ingest --replace`` keeps a person's labels on a comment it re-reads under a new id.

A pasted thread's comment stored undated (its header showed no date) is dated as the ingest warning
advises and the page ingested again with ``--replace``: the dated comment's id, and every reply's under
it, hash the date, so they change. The same comment, same words and author, must keep its labels.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

UNDATED = ("Who should lead\n4 Responses to Who should lead\n"
           "  1. Ann Example November 30, 2017 at 1:59 pm #\n    Directors should listen to the front line first.\n"
           "  2. Bob Example #\n    Services should be judged by the people using them.\n"
           "      • Dan Reply December 2, 2017 at 9:00 am #\n        Bob is right about that.\n"
           "  3. Cat Example December 1, 2017 at 10:00 am #\n    I am undecided and would like to hear more.\n")
DATED = UNDATED.replace("  2. Bob Example #", "  2. Bob Example December 1, 2017 at 8:00 am #")


def _ids(corpus):
    with Corpus.open(corpus) as c:
        return {author: doc for doc, author in c.sql("SELECT id, author FROM documents ORDER BY position").fetchall()}


def _labelled(corpus):
    with Corpus.open(corpus) as c:
        return sorted(c.sql("SELECT d.author, l.stance FROM labels l JOIN documents d ON d.id = l.doc_id").fetchall())


def _ingest_labelled(tmp_path, text):
    page, corpus = tmp_path / "thread.txt", tmp_path / "c.duckdb"
    page.write_text(text, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(page), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "--replace" in res.output  # the advice followed below
    before = _ids(corpus)
    for author in ("Bob Example", "Dan Reply"):
        res = runner.invoke(app, ["label", before[author], "--stance", "system_leaders", "--corpus", str(corpus)])
        assert res.exit_code == 0, res.output
    return page, corpus, before


def test_dating_an_undated_comment_keeps_its_labels_and_its_replies(tmp_path):
    """Was refused: '--replace would remove 2 labelled documents (...): add --drop-labels ...', the labels
    of Bob's comment and Dan's reply to it dropped with --drop-labels, though both were the same comments."""
    page, corpus, before = _ingest_labelled(tmp_path, UNDATED)
    with Corpus.open(corpus, write=True) as c, c.transaction():  # drawn for validation, as `voices sample` does
        c.sql("INSERT INTO validation_sample SELECT id, source_id, 1, now() FROM documents WHERE author = 'Dan Reply'")
    page.write_text(DATED, encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(page), "--replace", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    after = _ids(corpus)
    assert after["Bob Example"] != before["Bob Example"] and after["Dan Reply"] != before["Dan Reply"]
    assert after["Ann Example"] == before["Ann Example"]
    assert _labelled(corpus) == [("Bob Example", "system_leaders"), ("Dan Reply", "system_leaders")]
    assert out["documents_removed"] == 2 and out["labels_dropped"] == [] and out["documents_added"] == 2
    moved = [w for w in out["warnings"] if "moved to their new ids" in w]
    pairs = sorted([(before["Bob Example"], after["Bob Example"]), (before["Dan Reply"], after["Dan Reply"])])
    assert moved == [f"{page}: --replace: the labels of 2 documents moved to their new ids (the same author and words, "
                     "read again with a date given or under a parent whose id changed): "
                     + ", ".join(f"{old} -> {new}" for old, new in pairs) + "; voices export --labelled lists them"]
    with Corpus.open(corpus) as c:
        parent = c.sql("SELECT parent_id FROM documents WHERE id = ?", [after["Dan Reply"]]).fetchone()[0]
    assert parent == after["Bob Example"]
    assert out["validation_removed"] == 0
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT doc_id FROM validation_sample").fetchall() == [(after["Dan Reply"],)]


def test_a_comment_with_two_candidates_is_not_guessed(tmp_path):
    """Two undated comments of one author and the same words: which dated one is which is not known, so the
    call is refused as before, naming the labelled one (Dan's reply, under one of them, has one candidate)."""
    twice = UNDATED.replace("  3. Cat Example", "  3. Bob Example #\n    Services should be judged by the people "
                            "using them.\n  4. Cat Example").replace("4 Responses", "5 Responses")
    page, corpus, before = _ingest_labelled(tmp_path, twice)
    dated = twice.replace("  2. Bob Example #", "  2. Bob Example December 1, 2017 at 8:00 am #").replace(
        "  3. Bob Example #", "  3. Bob Example December 1, 2017 at 9:00 am #")
    page.write_text(dated, encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(page), "--replace", "--corpus", str(corpus)])
    assert res.exit_code == 2
    assert f"--replace would remove 1 labelled document ({before['Bob Example']})" in res.output
    assert _labelled(corpus) == [("Bob Example", "system_leaders"), ("Dan Reply", "system_leaders")]


MOVED = ("Who should lead\n3 Responses to Who should lead\n"
         "  1. Ann Example November 30, 2017 at 1:59 pm #\n    Directors should listen to the front line first.\n"
         "      • Eve Reply December 2, 2017 at 9:00 am #\n        Agree.\n"
         "  2. Bob Example December 1, 2017 at 8:00 am #\n    Directors know best, the front line should follow.\n")


def test_a_reply_under_another_parent_keeps_no_label(tmp_path):
    """Eve's 'Agree.' to Ann, labelled, comes back as an 'Agree.' to Bob, who says the opposite: Ann's id did
    not change, so this is another reply, not the same one re-keyed. Its label moved onto the reply to Bob
    (rc 0, 'moved to their new ids ... under a parent whose id changed'); now refused as any removed label is."""
    page, corpus = tmp_path / "thread.txt", tmp_path / "c.duckdb"
    page.write_text(MOVED, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(page), "--corpus", str(corpus)]).exit_code == 0
    eve = _ids(corpus)["Eve Reply"]
    assert runner.invoke(app, ["label", eve, "--stance", "system_leaders", "--corpus", str(corpus)]).exit_code == 0
    page.write_text(MOVED.replace("      • Eve Reply December 2, 2017 at 9:00 am #\n        Agree.\n", "")
                    + "      • Eve Reply December 2, 2017 at 9:00 am #\n        Agree.\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(page), "--replace", "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert f"--replace would remove 1 labelled document ({eve})" in res.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT doc_id, stance FROM labels").fetchall() == [(eve, "system_leaders")]


def test_a_reply_two_levels_down_follows_its_dated_grandparent(tmp_path):
    """Dating Bob re-keys Dan's reply and Fay's reply to Dan: each parent is the other side's carried pair."""
    deep = UNDATED.replace("        Bob is right about that.\n", "        Bob is right about that.\n"
                           "          • Fay Reply December 3, 2017 at 9:00 am #\n            Dan has a point.\n")
    page, corpus, _ = _ingest_labelled(tmp_path, deep.replace("4 Responses", "5 Responses"))
    fay = _ids(corpus)["Fay Reply"]
    assert CliRunner().invoke(app, ["label", fay, "--stance", "system_leaders", "--corpus", str(corpus)]).exit_code == 0
    page.write_text(deep.replace("4 Responses", "5 Responses").replace(
        "  2. Bob Example #", "  2. Bob Example December 1, 2017 at 8:00 am #"), encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(page), "--replace", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert _ids(corpus)["Fay Reply"] != fay
    assert _labelled(corpus) == [("Bob Example", "system_leaders"), ("Dan Reply", "system_leaders"),
                                 ("Fay Reply", "system_leaders")]
