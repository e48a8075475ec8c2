"""``voices delete --source`` takes the source's own scheme with it.

``voices scheme set --source ID FILE`` stores a scheme in ``source_schemes`` under the source id, a
plain hash of the source's title ("Letter from Sarah Jones"). Deleting the source left that row, so
a guessed title could be confirmed after the erasure.
"""

from __future__ import annotations

from store_fixtures import consultation_records, make_corpus, thread_records

from voices import api
from voices.store import Corpus
from voices.store.settings import set_source_scheme

TOML = 'proposition = "Leaders must be social workers"\n'


def test_deleting_a_source_deletes_its_scheme_and_keeps_the_others(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb", thread_records() + consultation_records())
    with Corpus.open(corpus, write=True) as c, c.transaction():
        sources = [r[0] for r in c.sql("SELECT id FROM sources ORDER BY id").fetchall()]
        for sid in sources:
            set_source_scheme(c, sid, TOML)
    assert len(sources) == 2
    gone, kept = sources
    api.delete(corpus, source=gone)
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT source_id, scheme FROM source_schemes").fetchall() == [(kept, TOML)]
    assert gone.encode() not in corpus.read_bytes()
