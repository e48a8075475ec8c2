"""A model folder someone else hands over: read only from inside it, only regular files of a model's size,
and a meta.json of the types voices writes; anything else refused in one line with exit 2."""

import hashlib
import io
import json
import os
import shutil
import zipfile

import numpy as np
import pytest
from hostile_files import skops_naming_os_system
from report_fixtures import make_report_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.models import default_model_dir, load_model, persist
from voices.models.bundle import ARRAYS_FILE, RECIPE_FILE
from voices.models.model_id import derived_model_id
from voices.models.persist import META_FILE, MODEL_FILE
from voices.store import Corpus

runner = CliRunner()


def _copy(tmp_path, task="stance"):
    dst = tmp_path / task
    shutil.copytree(default_model_dir(task), dst)
    return dst


def _classify(tmp_path, model):
    corpus = make_report_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["classify", "--corpus", str(corpus), "--stance-model", str(model)])
    with Corpus.open(corpus) as c:
        stored = c.sql("SELECT count(*) FROM predictions").fetchone()[0]
    return res, stored


def _refused(tmp_path, model, message):
    res, stored = _classify(tmp_path, model)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [f"voices: error: {message}"]
    assert stored == 0


@pytest.mark.parametrize("name", [MODEL_FILE, META_FILE, ARRAYS_FILE])
def test_a_file_linked_from_outside_the_folder_is_refused(tmp_path, name):
    model = _copy(tmp_path)
    (model / name).unlink()
    (model / name).symlink_to(default_model_dir("stance") / name)  # a real model's file: it would load
    _refused(tmp_path, model, f"{model / name}: is a link to {(default_model_dir('stance') / name).resolve()}, "
                              "outside the model folder; refusing to load it: copy the file into the folder")


def test_a_link_within_the_folder_is_read(tmp_path):
    model = _copy(tmp_path)
    (model / MODEL_FILE).rename(model / "kept.skops")
    (model / MODEL_FILE).symlink_to("kept.skops")
    assert load_model(model).labels == load_model(default_model_dir("stance")).labels


def test_a_fifo_as_meta_json_is_refused_instead_of_hanging(tmp_path):
    model = _copy(tmp_path)
    (model / META_FILE).unlink()
    os.mkfifo(model / META_FILE)
    _refused(tmp_path, model, f"{model / META_FILE}: not a regular file; refusing to load it: give the folder "
                              "`voices train` wrote")


def test_a_meta_json_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    model = _copy(tmp_path)
    monkeypatch.setattr(persist, "META_LIMIT", 1 << 20)
    meta = json.loads((model / META_FILE).read_text()) | {"padding": "x" * (2 << 20)}
    (model / META_FILE).write_text(json.dumps(meta))
    _refused(tmp_path, model, f"{model / META_FILE}: over 1 MB, larger than any model voices writes; "
                              "refusing to load it")


def test_an_npz_that_unpacks_over_the_limit_is_refused(tmp_path, monkeypatch):
    """A zip bomb whose hashes are rewritten to match: its declared size refuses it before any array is read."""
    model = _copy(tmp_path)
    monkeypatch.setattr(persist, "ARCHIVE_LIMIT", 1 << 20)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.npy", b"\0" * (2 << 20))
    npz = buf.getvalue()
    (model / ARRAYS_FILE).write_bytes(npz)
    recipe = json.loads((model / RECIPE_FILE).read_text()) | {"arrays_sha256": hashlib.sha256(npz).hexdigest()}
    raw = json.dumps(recipe).encode()
    (model / RECIPE_FILE).write_bytes(raw)
    meta = json.loads((model / META_FILE).read_text()) | {"bundle_sha256": hashlib.sha256(raw).hexdigest()}
    (model / META_FILE).write_text(json.dumps(meta))
    _refused(tmp_path, model, f"{model / ARRAYS_FILE}: cannot be read (over 1 MB unpacked); retrain the model")


@pytest.mark.parametrize(("change", "named"), [
    ({"labels": [1, 2, 3, 4]}, "'labels' is not a list of distinct label names"),
    ({"labels": ["a", "a", "b", "c"]}, "'labels' is not a list of distinct label names"),
    ({"abstain_threshold": "x"}, "'abstain_threshold' not what voices writes"),
    ({"abstain_threshold": float("nan")}, "'abstain_threshold' not what voices writes"),
    ({"training_data": "x"}, "'training_data' not what voices writes"),
    ({"cv": [], "preprocess_version": 1}, "'preprocess_version', 'cv' not what voices writes"),
    # classify --dataset read a text as "a scheme with themes" and ran the shipped themes model on another debate
    ({"scheme_themes": "x"}, "'scheme_themes' not what voices writes"),
    ({"scheme_themes": [1, None]}, "'scheme_themes' not what voices writes"),
], ids=["int-labels", "repeated-labels", "text-threshold", "nan-threshold", "text-training-data", "two-fields",
        "text-scheme-themes", "non-text-scheme-themes"])
def test_meta_fields_of_the_wrong_type_are_refused_in_one_line(tmp_path, change, named):
    # rewritten with a model_id that matches, as someone editing the folder on purpose would
    model = _copy(tmp_path)
    meta = json.loads((model / META_FILE).read_text()) | change
    sha = hashlib.sha256((model / MODEL_FILE).read_bytes()).hexdigest()
    hashed = meta if isinstance(meta["training_data"], dict) else meta | {"training_data": {}}  # the id reads its hash
    meta["model_id"] = derived_model_id(sha, hashed)
    (model / META_FILE).write_text(json.dumps(meta))
    _refused(tmp_path, model, f"{model / META_FILE}: {named}; retrain the model")


def test_unknown_meta_fields_are_data_never_run(tmp_path):
    model = _copy(tmp_path)
    marker = tmp_path / "ran"
    meta = json.loads((model / META_FILE).read_text()) | {"__class__": "os.system", "command": f"touch {marker}"}
    (model / META_FILE).write_text(json.dumps(meta))
    res, stored = _classify(tmp_path, model)
    assert res.exit_code == 0, res.output
    assert stored > 0 and not marker.exists()
    assert np.isclose(load_model(model).meta["abstain_threshold"],
                      load_model(default_model_dir("stance")).meta["abstain_threshold"])


def _rewrite_recipe(model, raw: bytes) -> None:
    """bundle.json replaced, with meta.json's bundle_sha256 rewritten to match it."""
    (model / RECIPE_FILE).write_bytes(raw)
    meta = json.loads((model / META_FILE).read_text()) | {"bundle_sha256": hashlib.sha256(raw).hexdigest()}
    (model / META_FILE).write_text(json.dumps(meta))


@pytest.mark.parametrize(("edit", "why"), [
    (lambda r: r.pop("blocks"), "does not fit its arrays (KeyError)"),
    (lambda r: r["blocks"][0].update(kind="bogus"), "does not fit its arrays (KeyError)"),
    (lambda r: r.update(blocks="x"), "does not fit its arrays (TypeError)"),
    (lambda r: r["classifier"].update(link="bogus"), "not a model voices compiled"),
], ids=["no-blocks", "unknown-block-kind", "blocks-not-a-list", "unknown-link"])
def test_a_bundle_json_that_does_not_fit_is_refused_in_one_line(tmp_path, edit, why):
    model = _copy(tmp_path)
    recipe = json.loads((model / RECIPE_FILE).read_text())
    edit(recipe)
    _rewrite_recipe(model, json.dumps(recipe).encode())
    _refused(tmp_path, model, f"{model / RECIPE_FILE}: {why}; retrain the model")


def test_a_bundle_json_that_is_not_an_object_is_refused_in_one_line(tmp_path):
    model = _copy(tmp_path)
    _rewrite_recipe(model, b"[1]")
    _refused(tmp_path, model, f"{model / RECIPE_FILE}: not a JSON object as voices writes; retrain the model")


def test_a_fifo_put_in_the_corpus_default_model_folder_is_refused_instead_of_hanging(tmp_path):
    # classify --stance-model DIR makes DIR the corpus's default; the next classify read its meta.json first
    model = _copy(tmp_path)
    corpus = make_report_corpus(tmp_path / "c.duckdb")
    assert runner.invoke(app, ["classify", "--corpus", str(corpus), "--stance-model", str(model)]).exit_code == 0
    (model / META_FILE).unlink()
    os.mkfifo(model / META_FILE)
    res = runner.invoke(app, ["classify", "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [
        f"voices: error: {model.resolve() / META_FILE}: not a regular file; refusing to load it: give the folder "
        "`voices train` wrote"]


def test_a_tampered_skops_with_meta_rewritten_gets_the_refusal_alone(tmp_path):
    # the bundle no longer matched the rewritten meta.json: its warning came first, then the refusal (two lines)
    model = _copy(tmp_path)
    meta = json.loads((model / META_FILE).read_text()) | {"model_id": skops_naming_os_system(model)}
    (model / META_FILE).write_text(json.dumps(meta))
    _refused(tmp_path, model, f"{model / MODEL_FILE}: holds types voices does not trust (os.system); refusing to load")


def test_a_bundle_that_does_not_match_is_passed_over_with_a_warning(tmp_path):
    model = _copy(tmp_path)
    with (model / RECIPE_FILE).open("a") as fh:
        fh.write(" ")
    res, stored = _classify(tmp_path, model)
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == (f"voices: WARNING: {model}: bundle.json does not match bundle_sha256 in "
                                          "meta.json; read model.skops with all its checks instead")
    assert stored > 0
