"""classify_corpus and classify_frame: what is tagged, idempotency, model changes, the cache, errors."""

from __future__ import annotations

import pandas as pd
import pytest
from report_fixtures import FakeStance, FakeThemes, classified_corpus, make_report_corpus

from voices.classify import CLASSIFY_EXTRA_FIELDS, classify_corpus, classify_frame
from voices.errors import CorpusError, InputError, ModelError, NotFoundError
from voices.nlp import PREPROCESS_VERSION
from voices.schemas import DOCUMENT_FIELDS, JOIN_FIELDS, PREDICTION_FIELDS
from voices.store import Corpus


def _predictions(path) -> pd.DataFrame:
    with Corpus.open(path) as c:
        return c.sql("""SELECT d.text, d.kind, p.* FROM documents d LEFT JOIN predictions p ON p.doc_id = d.id
                        ORDER BY d.source_id, d.position""").df()


def test_classify_tags_comments_and_answers_not_articles(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    result = classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    assert (result.classified, result.articles, result.not_english, result.uncertain) == (15, 1, 1, 1)
    assert result.prepared_computed == 14  # the Welsh answer is never preprocessed
    assert result.by_stance == {"social_work_leaders": 7, "system_leaders": 3, "practice_connected": 2, "none": 2}
    preds = _predictions(path)
    article = preds[preds["kind"] == "article"].iloc[0]
    assert pd.isna(article["doc_id"])
    welsh = preds[preds["text"].str.startswith("Dylai")].iloc[0]
    assert (welsh["status"], welsh["language"]) == ("not_english", "cy")
    assert pd.isna(welsh["stance"]) and pd.isna(welsh["stance_probability"])
    assert welsh["stance_model"] == "fake-stance-1"
    swl = preds[preds["text"].str.startswith("Directors must")].iloc[0]
    assert swl["stance"] == "social_work_leaders" and swl["stance_probability"] == pytest.approx(0.9)
    assert not swl["stance_uncertain"]
    unsure = preds[preds["text"].str.startswith("Perhaps")].iloc[0]
    assert unsure["stance_uncertain"] and unsure["stance"] == "none"
    pay = preds[preds["text"].str.contains("caseload")].iloc[0]
    assert list(pay["themes"]) == ["burnout", "pay"]


def test_second_run_classifies_nothing(tmp_path):
    path = classified_corpus(tmp_path / "c.duckdb")
    again = classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    assert (again.classified, again.up_to_date) == (0, 15)


def test_new_model_updates_only_the_tags(tmp_path):
    path = classified_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        docs_before = c.sql("SELECT * FROM documents ORDER BY id").df()
        cache_before = c.sql("SELECT * FROM prepared ORDER BY doc_id").df()
    result = classify_corpus(path, stance_model=FakeStance(model_id="fake-stance-2"), themes_model=FakeThemes())
    assert result.classified == 15
    assert (result.prepared_cached, result.prepared_computed) == (14, 0)  # preprocessing done once per document
    with Corpus.open(path) as c:
        pd.testing.assert_frame_equal(c.sql("SELECT * FROM documents ORDER BY id").df(), docs_before)
        pd.testing.assert_frame_equal(c.sql("SELECT * FROM prepared ORDER BY doc_id").df(), cache_before)
        models = c.sql("SELECT DISTINCT stance_model FROM predictions").fetchall()
    assert models == [("fake-stance-2",)]
    assert set(cache_before["version"]) == {PREPROCESS_VERSION}


def test_all_forces_and_filters_narrow(tmp_path):
    path = classified_corpus(tmp_path / "c.duckdb")
    assert classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes(), force=True).classified == 15
    since = classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes(), force=True, since="2024-02-06")
    assert since.classified == 4 + 7  # four thread comments from 6 Feb on, seven consultation answers of 1 March
    with Corpus.open(path) as c:
        thread = c.sql("SELECT id FROM sources WHERE kind = 'thread'").fetchone()[0]
    one = classify_corpus(path, source_ids=[thread[:6]], stance_model=FakeStance(), themes_model=FakeThemes(), force=True)
    assert (one.classified, one.sources) == (8, [thread])


def test_batches_give_the_same_predictions(tmp_path):
    a = classified_corpus(tmp_path / "a.duckdb")
    b = make_report_corpus(tmp_path / "b.duckdb")
    classify_corpus(b, stance_model=FakeStance(), themes_model=FakeThemes(), batch_size=4)
    cols = ["doc_id", "status", "stance", "stance_probability", "themes"]
    pd.testing.assert_frame_equal(_predictions(a)[cols], _predictions(b)[cols])


def test_classify_frame_is_deterministic_per_partition(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        query, params = c.export_query(predictions=False)
        frame = c.sql(query, params).df()
    whole = classify_frame(frame, FakeStance(), FakeThemes())
    parts = pd.concat([classify_frame(frame.iloc[:5], FakeStance(), FakeThemes()),
                       classify_frame(frame.iloc[5:], FakeStance(), FakeThemes())])
    # an export frame carries original_id, which classify keeps (never reads) so results join back
    assert list(whole.columns) == [*DOCUMENT_FIELDS, *JOIN_FIELDS, *PREDICTION_FIELDS, *CLASSIFY_EXTRA_FIELDS]
    pd.testing.assert_frame_equal(whole, parts)
    article = whole[whole["kind"] == "article"].iloc[0]
    assert article["classification_status"] == "article" and pd.isna(article["stance_model"])
    assert whole["stance_probability"].dtype == "float64"


def test_classify_frame_needs_text():
    with pytest.raises(InputError, match="missing text"):
        classify_frame(pd.DataFrame({"kind": ["comment"]}), FakeStance(), FakeThemes())


def test_unknown_source_and_bad_since(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    with pytest.raises(NotFoundError, match="no source 'nope'"):
        classify_corpus(path, source_ids=["nope"], stance_model=FakeStance(), themes_model=FakeThemes())
    with pytest.raises(InputError, match="not a date"):
        classify_corpus(path, since="last week", stance_model=FakeStance(), themes_model=FakeThemes())


def test_missing_model_dir(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    with pytest.raises(ModelError, match="no stance model at .*nowhere"):
        classify_corpus(path, stance_model=tmp_path / "nowhere", themes_model=FakeThemes())


def test_newer_schema_refused(tmp_path):
    path = make_report_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True) as c:
        c.sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(CorpusError, match="newer than this voices"):
        classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())


def test_missing_corpus(tmp_path):
    with pytest.raises(CorpusError, match="no corpus at"):
        classify_corpus(tmp_path / "none.duckdb", stance_model=FakeStance(), themes_model=FakeThemes())


def test_a_classify_cut_short_keeps_whole_chunks_and_the_next_run_finishes(tmp_path, monkeypatch):
    import voices.classify as classify_module

    path = make_report_corpus(tmp_path / "c.duckdb")

    class Failing(FakeStance):
        def predict_prepared(self, prepared):
            if self.calls >= 2:  # the third batch fails, after the first chunk is committed
                raise RuntimeError("planted failure")
            return super().predict_prepared(prepared)

    monkeypatch.setattr(classify_module, "STORE_CHUNK", 4)
    with pytest.raises(RuntimeError, match="planted failure"):
        classify_corpus(path, stance_model=Failing(), themes_model=FakeThemes(), batch_size=2)
    with Corpus.open(path) as c:
        kept = c.sql("SELECT count(*) FROM predictions").fetchall()[0][0]
    assert kept == 4  # one whole chunk of 4 documents; the half-done second chunk left nothing
    rest = classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes(), batch_size=2)
    assert (rest.classified, rest.up_to_date) == (11, 4)


def test_write_predictions_takes_json_text_columns_as_they_are(tmp_path, monkeypatch):
    """classify's workers send the probability columns as JSON text in a string column: stored as given
    (missing -> NULL) without a Python object per value; dicts from other callers are still dumped."""
    import numpy as np

    import voices.store.predictions as predictions

    path = make_report_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        ids = [r[0] for r in c.sql("SELECT id FROM documents WHERE kind <> 'article' ORDER BY id LIMIT 3").fetchall()]
    texts = ['{"a": 0.25, "b": 0.75}', '{"a": 0.1, "b": 0.9}', np.nan]

    def tags(stance_probs, theme_probs):
        return pd.DataFrame({
            "id": ids, "classification_status": "classified", "language": "en", "stance": ["a", "b", None],
            "stance_probability": [0.75, 0.9, np.nan], "stance_probabilities": stance_probs,
            "stance_uncertain": pd.array([False, False, None], dtype="boolean"), "themes": [["t"], [], None],
            "theme_probabilities": theme_probs, "stance_model": "m", "themes_model": "n",
        })

    as_text = tags(pd.Series(texts, dtype="str"), pd.Series(['{"t": 0.5}', "{}", np.nan], dtype="str"))
    with monkeypatch.context() as m:
        m.setattr(predictions, "_json", lambda v: pytest.fail("a string column was converted value by value"))
        with Corpus.open(path, write=True) as c:
            assert predictions.write_predictions(c, as_text) == 3
    with Corpus.open(path) as c:
        stored = c.sql("SELECT doc_id, stance_probabilities, theme_probabilities, themes FROM predictions "
                       "ORDER BY doc_id").fetchall()
    assert stored == [(ids[0], texts[0], '{"t": 0.5}', ["t"]), (ids[1], texts[1], "{}", []), (ids[2], None, None, [])]

    as_dicts = tags([{"b": 0.75, "a": 0.25}, {"a": 0.1, "b": 0.9}, None], [{"t": 0.5}, {}, np.nan])
    with Corpus.open(path, write=True) as c:
        predictions.write_predictions(c, as_dicts)
        again = c.sql("SELECT doc_id, stance_probabilities, theme_probabilities, themes FROM predictions "
                      "ORDER BY doc_id").fetchall()
    assert again == stored
