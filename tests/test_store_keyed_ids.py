"""``voices.store.keyed_ids.keyed_matches``: the one lookup ``label`` and ``delete --id`` use for a keyed id."""

from __future__ import annotations

import pytest
from test_delete_author import _run, _setup

from voices.ids import keyed_id
from voices.store import Corpus
from voices.store.erasure import resolve_document
from voices.store.keyed_ids import MIN_PREFIX, keyed_matches
from voices.store.labels import source_of
from voices.store.secrets import redaction_key


def test_a_keyed_id_or_prefix_finds_its_document_for_label_and_delete_alike(tmp_path):
    corpus, _, _, _, docs, sources = _setup(tmp_path)
    kit = docs["Kit's own comment stays too."]
    with Corpus.open(corpus) as c:
        k = keyed_id(redaction_key(c), kit)
        assert keyed_matches(c, k) == [(k, kit)]
        assert keyed_matches(c, k[:6]) == [(k, kit)]
        # the source scope delete --source adds: Kit wrote on page A only
        assert keyed_matches(c, k[:6], " AND source_id = ?", [sources["Page A"]]) == [(k, kit)]
        assert keyed_matches(c, k[:6], " AND source_id = ?", [sources["Page B"]]) == []
        # not shaped like a keyed id: too short, not hex, too long, upper case
        assert [keyed_matches(c, g) for g in (k[:3], "kzzzz", k + "0", k.upper())] == [[], [], [], []]
        assert resolve_document(c, k[:6]) == kit
        assert source_of(c, k[:6]) == sources["Page A"]


@pytest.mark.parametrize("args", [
    ("delete", "--id", "k5a"), ("label", "k5a", "--stance", "none"), ("delete", "--id", "k"),
    ("delete", "--source", "ks0"), ("export", "--source", "k5"),
], ids=" ".join)
def test_a_keyed_prefix_too_short_is_told_how_many_characters_it_needs(tmp_path, args):
    """"voices delete --id k5a" said "no document 'k5a'", as if a longer prefix could not find one either."""
    corpus, *_, docs, _ = _setup(tmp_path)
    res = _run(*args, "--corpus", corpus)
    given = args[1] if args[0] == "label" else args[2]
    what = "source" if "--source" in args else "document"
    chars = "character" if len(given) == 1 else "characters"
    assert res.exit_code == 2, res.output
    assert (f"{what} id prefix {given!r} is too short: it has {len(given)} {chars}, a prefix needs at least 4"
            in res.output), res.output
    assert MIN_PREFIX == 4
    with Corpus.open(corpus) as c:  # nothing deleted, nothing labelled
        assert sorted(docs.values()) == sorted(r[0] for r in c.sql("SELECT id FROM documents").fetchall())
        assert c.sql("SELECT count(*) FROM labels").fetchone()[0] == 1


def test_a_short_prefix_that_is_a_users_own_id_still_labels(tmp_path):
    """The check runs only when nothing matched: a records file's own id "k5a" is still found."""
    path = tmp_path / "posts.jsonl"
    path.write_text('{"id": "k5a", "source": "P", "text": "Pay is the issue.", "author": "Mo"}\n', encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert _run("ingest", path, "--format", "records", "--corpus", corpus).exit_code == 0
    res = _run("label", "k5a", "--stance", "none", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT stance FROM labels").fetchall() == [("none",)]
