"""classify_corpus with worker processes gives what the in-process path gives; shared features."""

from __future__ import annotations

import pandas as pd
import pytest
from report_fixtures import FakeStance, FakeThemes, make_report_corpus

import voices.classify as classify_mod
from voices.classify import classify_corpus
from voices.store import Corpus

COLS = ["doc_id", "status", "language", "stance", "stance_probability", "stance_probabilities",
        "stance_uncertain", "themes", "theme_probabilities", "stance_model", "themes_model"]


def _predictions(path) -> pd.DataFrame:
    with Corpus.open(path) as c:
        return c.sql(f"SELECT {', '.join(COLS)} FROM predictions ORDER BY doc_id").df()


def _prepared(path) -> pd.DataFrame:
    with Corpus.open(path) as c:
        return c.sql("SELECT * FROM prepared ORDER BY doc_id").df()


@pytest.mark.parametrize("models", ["fake", "shipped"])
def test_workers_write_exactly_what_one_process_writes(tmp_path, monkeypatch, models):
    monkeypatch.setattr(classify_mod, "MIN_PARALLEL_DOCS", 0)
    monkeypatch.setattr(classify_mod, "STORE_CHUNK", 6)  # several reads and writes, batches across them
    one, many = make_report_corpus(tmp_path / "one.duckdb"), make_report_corpus(tmp_path / "many.duckdb")
    kw = {"stance_model": FakeStance(), "themes_model": FakeThemes()} if models == "fake" else {}
    seen: list[tuple[int, int]] = []
    a = classify_corpus(one, batch_size=4, n_process=1, **kw)
    b = classify_corpus(many, batch_size=4, n_process=2, progress=lambda d, t: seen.append((d, t)), **kw)
    assert a.to_dict() == b.to_dict()
    assert seen == [(4, 15), (8, 15), (12, 15), (15, 15)]
    pd.testing.assert_frame_equal(_predictions(one), _predictions(many))
    pd.testing.assert_frame_equal(_prepared(one), _prepared(many))


def test_workers_only_for_large_jobs():
    assert classify_mod._workers(-1, 100, 2000) == 1
    assert classify_mod._workers(1, 100_000, 2000) == 1
    assert classify_mod._workers(3, 100_000, 2000) == 3
    assert classify_mod._workers(8, 9_000, 2000) == 5


def test_shared_features_give_the_same_probabilities():
    import numpy as np

    from voices.models import default_model_dir, load_model
    from voices.nlp import preprocess

    stance, themes = load_model(default_model_dir("stance")), load_model(default_model_dir("themes"))
    texts = list(preprocess(["Directors must be registered social workers.", "Pay and caseloads are the issue.",
                             "A DCS runs a whole system, not a profession.", ""]))
    shared: dict = {}
    for model in (stance, themes):
        alone = model.pipeline.predict_proba(np.asarray(texts, dtype=object))
        # the bundle sums block by block, the pipeline over stacked blocks: equal but for rounding
        np.testing.assert_allclose(model.probabilities(texts, shared), alone, rtol=0, atol=1e-9)
        np.testing.assert_array_equal(model.probabilities(texts, shared), model.probabilities(texts))
    fingerprints = [k for k in shared if k != "tokens"]
    assert len(fingerprints) == len(set(fingerprints))
