"""Issue 10, data loss 1, 3 and 5: racing first ingests, WordPress reply cycles, a full disk under a read."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from voices.errors import CorpusBusyError
from voices.store import Corpus

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _ingest(corpus: str, barrier, results) -> None:
    from voices.ingest import ingest_paths

    barrier.wait()
    try:
        ingest_paths([FIXTURES / "short_thread.txt"], corpus)
        results.put(0)
    except CorpusBusyError:
        results.put(3)


def test_two_first_ingests_into_a_missing_corpus_never_lose_the_winner(tmp_path):
    ctx = multiprocessing.get_context("fork")
    outcomes = []
    for round_ in range(8):
        corpus = tmp_path / f"race{round_}.duckdb"
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_ingest, args=(str(corpus), barrier, results)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        codes = sorted(results.get(timeout=5) for _ in procs)
        outcomes.append(codes)
        assert codes[0] == 0, codes  # at least one wins
        assert corpus.exists(), f"round {round_}: the winner's corpus was removed ({codes})"
        with Corpus.open(corpus) as c:
            assert c.count_documents() > 0
    assert all(c in ([0, 0], [0, 3]) for c in outcomes)


def test_a_refused_first_ingest_leaves_no_corpus(tmp_path):
    from voices.errors import InputError
    from voices.ingest import ingest_paths

    corpus = tmp_path / "new.duckdb"
    with pytest.raises(InputError):
        ingest_paths([FIXTURES / "no_text_column.csv"], corpus)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_refused_ingest_into_an_existing_corpus_keeps_it(tmp_path):
    from voices.errors import InputError
    from voices.ingest import ingest_paths

    corpus = tmp_path / "c.duckdb"
    ingest_paths([FIXTURES / "short_thread.txt"], corpus)
    with pytest.raises(InputError):
        ingest_paths([FIXTURES / "no_text_column.csv"], corpus)
    with Corpus.open(corpus) as c:
        assert c.count_documents() > 0


_WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Cycles</title><item><title>Loop</title><wp:post_id>1</wp:post_id>
{comments}
</item></channel></rss>
"""
_COMMENT = """<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>a{cid}</wp:comment_author>
<wp:comment_date>2024-01-0{cid} 10:00:00</wp:comment_date><wp:comment_content>Text {cid}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def test_wordpress_comments_whose_parents_form_a_cycle_are_kept_top_level(tmp_path):
    from ingest_helpers import read

    # 1 is a real top-level comment; 2 -> 3 -> 4 -> 2 is a cycle; 5 replies inside it
    parents = {1: 0, 2: 4, 3: 2, 4: 3, 5: 3}
    path = tmp_path / "cycle.xml"
    path.write_text(_WXR.format(comments="\n".join(_COMMENT.format(cid=c, parent=p) for c, p in parents.items())))
    records, ctx = read("wxr", path)
    assert [(r.key, r.parent_key) for r in records] == [
        ("1", None), ("2", None), ("3", "2"), ("4", "3"), ("5", "3")]
    assert len(ctx.warnings) == 1 and "comment 2" in ctx.warnings[0] and "cycle" in ctx.warnings[0]


def test_a_comment_that_is_its_own_parent_is_kept(tmp_path):
    from ingest_helpers import read

    path = tmp_path / "self.xml"
    path.write_text(_WXR.format(comments=_COMMENT.format(cid=1, parent=1)))
    records, _ = read("wxr", path)
    assert [(r.key, r.parent_key) for r in records] == [("1", None)]


def test_full_disk_never_fails_a_read_only_command(tmp_path, monkeypatch):
    """A report whose best-effort entity-cache write hits ENOSPC still succeeds."""
    import duckdb
    from report_fixtures import classified_corpus
    from typer.testing import CliRunner

    from voices.cli import app
    from voices.store import predictions

    corpus = classified_corpus(tmp_path / "c.duckdb")

    def full(*_a, **_k):
        raise duckdb.IOException("Could not write file: No space left on device")

    monkeypatch.setattr(predictions, "store_cached", full)
    res = CliRunner().invoke(app, ["report", "--format", "md", "--redact", "--corpus", str(corpus),
                                   "--out", str(tmp_path / "r.md")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r.md").read_text().startswith("#")
