"""``voices.store.keyed_ids.keyed_matches``: the one lookup ``label`` and ``delete --id`` use for a keyed id."""

from __future__ import annotations

from test_delete_author import _setup

from voices.ids import keyed_id
from voices.store import Corpus
from voices.store.erasure import resolve_document
from voices.store.keyed_ids import keyed_matches
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
