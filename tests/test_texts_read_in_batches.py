"""`voices sample` and the learning-queue sheet go through every stored text: in batches, keeping only what they compare.

Both read all texts in one ``fetchall`` and held them while they worked: ``sample`` to compare copy keys,
the learning queue beside the normalised words it vectorises. Peak memory is measured with
``tracemalloc`` (Python allocations, where the fetched texts live), never with a clock.
"""

from __future__ import annotations

import tracemalloc

import pytest
from store_fixtures import THREAD, make_corpus

import voices.review.learner as learner
import voices.store.validation as validation
from voices.schemas import Record
from voices.store import Corpus
from voices.store.labels import add_label
from voices.store.validation import draw_sample

TEXTS, CHARS = 300, 20_000


def _text(i: int) -> str:
    """A long comment of its own words (no two alike, so none is a copy of another)."""
    return " ".join(f"w{i}x{j}" for j in range(CHARS // 10))


@pytest.fixture
def corpus(tmp_path):
    records = [Record(THREAD, "comment", _text(i), str(i)) for i in range(TEXTS)]
    path = make_corpus(tmp_path / "c.duckdb", records)
    with Corpus.open(path, write=True) as c, c.transaction():  # a labelled text: sample now compares texts
        first = c.sql("SELECT min(id) FROM documents").fetchone()[0]
        add_label(c, first, "none", None, "bo")
    return path


def _total(path) -> int:
    with Corpus.open(path) as c:
        return c.sql("SELECT sum(length(text)) FROM documents").fetchone()[0]


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_sample_holds_one_batch_of_texts_not_all(corpus, monkeypatch):
    monkeypatch.setattr(validation, "READ_BATCH", 10, raising=False)
    total = _total(corpus)
    with Corpus.open(corpus, write=True) as c, c.transaction():
        peak = _peak(lambda: draw_sample(c, 20))
        assert len(validation.members(c)) == 20
    assert total > 5_000_000
    assert peak < total / 4, (peak, total)  # all the texts were held: peak above the texts' size


def test_learning_queue_keeps_the_words_it_vectorises_not_the_texts_beside_them(corpus, monkeypatch):
    monkeypatch.setattr(learner, "READ_BATCH", 10, raising=False)
    seen = []

    def kept(words):  # stands for the TF-IDF: what the queue holds for it is what is measured
        seen.append(len(words))

    monkeypatch.setattr(learner, "vectorise", kept)
    total = _total(corpus)
    with Corpus.open(corpus) as c:
        peak = _peak(lambda: learner._read_texts(c))
    assert seen == [TEXTS]
    assert peak < 1.5 * total, (peak, total)  # the texts and their words together: twice the texts' size
