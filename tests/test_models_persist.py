"""Model directories: round trips, determinism, and refusing tampered or incompatible models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from voices.errors import ModelError
from voices.models import load_model
from voices.models.persist import META_FILE, MODEL_FILE
from voices.models.skops_file import canonical_skops
from voices.models.train import train

FIX = Path(__file__).parent / "fixtures" / "labelled"
SCHEME = Path(__file__).parents[1] / "corpora" / "schemes" / "social-work-leadership.toml"
TEXTS = ["Directors must be social workers.", "Leadership is a skill of its own.",
         "Spend time with the teams, qualified or not.", "When does it close?", "Pay is awful."]


@pytest.fixture(scope="module")
def stance_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("models") / "stance"
    train([FIX / "tiny.jsonl"], "stance", out, scheme=SCHEME)
    return out


@pytest.fixture(scope="module")
def themes_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("models") / "themes"
    train([FIX / "tiny.csv"], "themes", out)
    return out


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    return dst


def test_round_trip_equal_params_and_predictions(stance_dir, tmp_path):
    from voices.models.save import save_model

    m = load_model(stance_dir)
    again = load_model(save_model(tmp_path / "again", m.pipeline, dict(m.meta)))
    assert again.model_id == m.model_id
    p1, p2 = m.pipeline.get_params(deep=True), again.pipeline.get_params(deep=True)
    assert {k: repr(v) for k, v in p1.items() if "__" in k} == {k: repr(v) for k, v in p2.items() if "__" in k}
    np.testing.assert_array_equal(
        m.pipeline.named_steps["classifier"].coef_, again.pipeline.named_steps["classifier"].coef_
    )
    assert m.predict(TEXTS) == again.predict(TEXTS)


def test_stance_predictions_have_the_documented_shape(stance_dir):
    m = load_model(stance_dir)
    assert m.task == "stance" and m.labels == ["social_work_leaders", "system_leaders", "practice_connected", "none"]
    for p in m.predict(TEXTS):
        assert p.label in m.labels and abs(sum(p.probabilities.values()) - 1) < 1e-6
        assert p.probability == max(p.probabilities.values())
        assert p.uncertain == (p.probability < m.meta["abstain_threshold"])
    assert m.predict([]) == []


def test_predict_prepared_equals_predict(stance_dir):
    from voices.nlp import preprocess

    m = load_model(stance_dir)
    assert m.predict_prepared(list(preprocess(TEXTS))) == m.predict(TEXTS)


def test_themes_predictions_use_per_theme_thresholds(themes_dir):
    m = load_model(themes_dir)
    assert m.task == "themes" and m.labels == ["burnout", "pay"]
    for p in m.predict(TEXTS):
        assert p.labels == sorted(t for t in m.labels if p.probabilities[t] >= m.meta["thresholds"][t])


def test_meta_holds_what_the_report_needs(stance_dir):
    meta = json.loads((stance_dir / META_FILE).read_text())
    for key in ("model_id", "task", "scheme", "labels", "abstain_threshold", "training_data", "cv",
                "oof_confusion", "cross_writer", "library_versions", "created", "selection"):
        assert key in meta, key
    cm = np.array(meta["oof_confusion"])
    assert cm.shape == (4, 4) and cm.sum() == meta["training_data"]["n"] == 32
    assert set(meta["cv"]["macro_f1"]) == {"value", "ci95", "interval"}  # interval added, none renamed
    assert (stance_dir / "README.md").read_text().startswith("# voices stance model")


@pytest.mark.slow
def test_training_is_deterministic(stance_dir, tmp_path):
    again = train([FIX / "tiny.jsonl"], "stance", tmp_path / "again", scheme=SCHEME)
    meta = json.loads((stance_dir / META_FILE).read_text())
    assert again.meta["model_id"] == meta["model_id"]
    assert again.meta["cv"] == meta["cv"] and again.meta["selection"] == meta["selection"]


def test_canonical_skops_is_stable(stance_dir):
    blob = (stance_dir / MODEL_FILE).read_bytes()
    assert canonical_skops(blob) == blob


def test_modified_model_is_refused(stance_dir, tmp_path):
    d = _copy(stance_dir, tmp_path)
    blob = bytearray((d / MODEL_FILE).read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    (d / MODEL_FILE).write_bytes(bytes(blob))
    with pytest.raises(ModelError, match=r"model\.skops: contents do not match model_id .*refusing"):
        load_model(d)


def test_truncated_model_is_refused(stance_dir, tmp_path):
    d = _copy(stance_dir, tmp_path)
    blob = (d / MODEL_FILE).read_bytes()
    (d / MODEL_FILE).write_bytes(blob[: len(blob) // 3])
    with pytest.raises(ModelError, match="modified or truncated"):
        load_model(d)


def test_truncated_model_with_matching_id_still_fails_cleanly(stance_dir, tmp_path):
    import hashlib

    d = _copy(stance_dir, tmp_path)
    blob = (d / MODEL_FILE).read_bytes()[:1000]
    (d / MODEL_FILE).write_bytes(blob)
    meta = json.loads((d / META_FILE).read_text())
    meta["model_id"] = hashlib.sha256(blob).hexdigest()
    (d / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"model\.skops: cannot be read"):
        load_model(d)


def test_untrusted_types_are_refused(tmp_path):
    import hashlib

    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    d = tmp_path / "evil"
    d.mkdir()
    blob = sio.dumps(Pipeline([("features", FunctionTransformer(print)), ("classifier", FunctionTransformer())]))
    (d / MODEL_FILE).write_bytes(blob)
    from voices.nlp import PREPROCESS_VERSION

    meta = {"format": 1, "model_id": hashlib.sha256(blob).hexdigest(), "task": "stance", "labels": ["a"],
            "preprocess_version": PREPROCESS_VERSION, "cv": {}, "training_data": {}, "abstain_threshold": 0.5}
    (d / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"holds types voices does not trust \(.*FunctionTransformer"):
        load_model(d)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"format": 99}, r"model format 99 is newer than this voices reads \(1\); upgrade voices"),
        ({"preprocess_version": "fast-0"}, r"trained on preprocessing 'fast-0'.*retrain"),
        ({"task": "sentiment"}, r"unknown task 'sentiment'"),
    ],
)
def test_incompatible_meta_is_refused(stance_dir, tmp_path, change, match):
    d = _copy(stance_dir, tmp_path)
    meta = json.loads((d / META_FILE).read_text()) | change
    (d / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=match):
        load_model(d)


def test_missing_pieces(stance_dir, tmp_path):
    with pytest.raises(ModelError, match="no such model directory"):
        load_model(tmp_path / "nowhere")
    d = _copy(stance_dir, tmp_path)
    (d / META_FILE).write_text("{not json")
    with pytest.raises(ModelError, match=r"meta\.json: not valid JSON"):
        load_model(d)
    (d / META_FILE).unlink()
    with pytest.raises(ModelError, match=r"meta\.json: missing"):
        load_model(d)


def test_a_folder_without_a_model_is_named_and_not_told_to_retrain(tmp_path, monkeypatch):
    """--stance-model . (or '') said 'meta.json: missing; the model directory is incomplete, retrain it':
    no folder named, and a folder that never held a model needs another path, not retraining."""
    (tmp_path / "notes.txt").write_text("mine")
    monkeypatch.chdir(tmp_path)
    for given in (tmp_path, Path("."), Path("")):
        with pytest.raises(ModelError) as caught:
            load_model(given)
        assert str(caught.value) == (f"{tmp_path} is not a model directory (no meta.json or model.skops): "
                                     "give a folder `voices train --out` wrote")
