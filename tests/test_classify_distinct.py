"""classify_corpus tags each distinct input of a chunk once and copies the tags to every document that has it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from report_fixtures import CAMPAIGN_TEXT, FakeStance, FakeThemes, make_report_corpus

import voices.classify as classify_mod
from voices.classify import classify_corpus
from voices.classify.rows import _classify_rows
from voices.nlp import PREPROCESS_VERSION
from voices.store import Corpus
from voices.store import predictions as store

COLS = ["doc_id", "status", "language", "stance", "stance_probability", "stance_probabilities",
        "stance_uncertain", "themes", "theme_probabilities", "stance_model", "themes_model"]


class CountingStance(FakeStance):
    """The fake stance model, keeping every prepared text it was asked about."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def predict_prepared(self, prepared):
        self.seen.extend(prepared)
        return super().predict_prepared(prepared)


def _plain(column: pd.Series) -> list:
    return [None if v is None or v is pd.NA or v != v else v for v in column]


def _stored(path) -> pd.DataFrame:
    with Corpus.open(path) as c:
        return c.sql(f"""SELECT d.text, {', '.join('p.' + col for col in COLS)}, c.data AS prepared
                         FROM predictions p JOIN documents d ON d.id = p.doc_id
                         LEFT JOIN prepared c ON c.doc_id = p.doc_id ORDER BY p.doc_id""").df()


def test_copies_of_a_text_are_tagged_once_and_each_copy_stores_the_tags(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    stance = CountingStance()
    result = classify_corpus(path, stance_model=stance, themes_model=FakeThemes())
    stored = _stored(path)
    copies = stored[stored["text"] == CAMPAIGN_TEXT]
    assert len(copies) == 2 and result.classified == 15
    # 14 English texts to tag, 13 of them distinct: the campaign text reached the model once
    assert len(stance.seen) == 13 and len(set(stance.seen)) == 13
    assert result.prepared_computed == 14  # every copy keeps its prepared text
    first, second = (row.drop("doc_id") for _, row in copies.iterrows())
    pd.testing.assert_series_equal(first, second, check_names=False)
    assert first["stance"] == "social_work_leaders" and first["prepared"].startswith("as a member of our union")


@pytest.mark.parametrize("n_process", [1, 2])
def test_copies_get_the_bits_rows_tagged_one_by_one_get(tmp_path, monkeypatch, n_process):
    """Shipped models, workers or not, chunks and batches cut across the copies: the stored tags are
    exactly those of tagging every document's row (no copying), JSON text included."""
    monkeypatch.setattr(classify_mod, "MIN_PARALLEL_DOCS", 0)
    monkeypatch.setattr(classify_mod, "STORE_CHUNK", 8)
    path = make_report_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        ids = [r[0] for r in c.sql("SELECT id FROM documents WHERE kind <> 'article' ORDER BY id").fetchall()]
        docs = store.fetch_documents(c, ids, PREPROCESS_VERSION)
    models = classify_mod.load_models()
    expected = _classify_rows(docs, *models, as_json=True)
    classify_corpus(path, batch_size=3, n_process=n_process)
    stored = _stored(path).set_index("doc_id").loc[ids]
    assert stored.loc[docs["text"].eq(CAMPAIGN_TEXT).to_numpy(), "stance"].nunique() == 1
    for col in ("stance", "stance_probabilities", "theme_probabilities", "language", "prepared"):
        assert _plain(stored[col]) == _plain(expected[col]), col
    assert stored["stance_probability"].to_numpy().tobytes() == expected["stance_probability"].to_numpy().tobytes()
    assert [list(t) for t in stored["themes"]] == [list(e) for e in expected["themes"]]
    assert _plain(stored["stance_uncertain"]) == _plain(expected["stance_uncertain"])


def test_a_chunk_groups_rows_by_what_their_tags_depend_on():
    docs = pd.DataFrame({
        "kind": ["comment", "reply", "article", "comment", "comment", "comment", "comment"],
        "text": ["Agree.", "Agree.", "Agree.", None, np.nan, "Agree.", "Agree."],
        "prepared": [None, np.nan, None, None, None, "agree .", "agree ."],
    })
    chunk = classify_mod._Chunk.of(docs)
    # a comment and a reply with the same text are one input; an article, or a cached prepared text, is another
    assert chunk.codes.tolist() == [0, 0, 1, 2, 2, 3, 3]
    assert chunk.first.tolist() == [0, 2, 3, 5]
    assert chunk.weights.tolist() == [2, 1, 2, 2]
    sent = classify_mod._Chunk.payload((chunk, 1, 3))
    assert sent["kind"].tolist() == ["article", "comment"] and sent.index.tolist() == [0, 1]
    # numbered in order of first appearance, a missing text first included: no copies means codes 0, 1, 2, ...
    again = classify_mod._Chunk.of(docs.iloc[[3, 2, 0, 5]].reset_index(drop=True))
    assert again.codes.tolist() == [0, 1, 2, 3] and again.first.tolist() == [0, 1, 2, 3]
    assert classify_mod._Chunk.of(docs.iloc[[4, 0, 3, 1]]).codes.tolist() == [0, 1, 0, 1]


def test_grouping_makes_no_python_object_per_document():
    """The grouping runs just before the workers fork: objects made and freed per row there left holes in
    the heap that each worker then wrote into, copying pages (+17k page faults per 20k unique texts)."""
    import tracemalloc

    n = 20_000
    docs = pd.DataFrame({"kind": ["comment"] * n, "text": [f"comment number {i} " + "x" * 200 for i in range(n)],
                         "prepared": [None] * n})
    tracemalloc.start()
    try:
        chunk = classify_mod._Chunk.of(docs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(chunk.first) == n
    assert peak < 3 * n * 8 * 8  # a few int64 arrays of n; one Python string or tuple per row was 5+ MB
