"""A shipped model written again from the same pipeline and options keeps its (older, file-only) model_id.

The shipped models' ids are the sha256 of ``model.skops`` (from before ``model_id.derived_model_id``); a
corpus they classified records them. ``make models`` rebuilds ``model.skops`` byte for byte, and
``save_model`` gave it the derived id, so ``classify`` saw a new model and retagged every text.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from voices.models import default_model_dir
from voices.models.model_id import derived_model_id
from voices.models.persist import META_FILE, MODEL_FILE, read_meta
from voices.models.save import save_model
from voices.models.skops_file import load_pipeline_file

WRITTEN_BY_SAVE = ("format", "model_id", "bundle_sha256", "created", "library_versions")


def _shipped(task: str):
    folder = default_model_dir(task)
    meta = read_meta(folder)
    given = {k: v for k, v in meta.items() if k not in WRITTEN_BY_SAVE}  # what training hands save_model
    return folder, meta, load_pipeline_file(folder, meta), given


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_rebuilding_a_shipped_model_over_itself_keeps_its_id_and_its_files(tmp_path, task):
    shipped, meta, pipeline, given = _shipped(task)
    assert meta["model_id"] == hashlib.sha256((shipped / MODEL_FILE).read_bytes()).hexdigest()  # the older form
    out = shutil.copytree(shipped, tmp_path / task)  # as make models writes into the shipped folder
    save_model(out, pipeline, given)
    assert read_meta(out)["model_id"] == meta["model_id"]
    for name in (MODEL_FILE, "bundle.json", "bundle.npz"):  # the bundle carries the id: the same bytes too
        assert (out / name).read_bytes() == (shipped / name).read_bytes(), name


def test_the_shipped_model_written_to_a_new_folder_is_known_by_the_shipped_id(tmp_path):
    _, meta, pipeline, given = _shipped("stance")
    assert read_meta(save_model(tmp_path / "mine", pipeline, given))["model_id"] == meta["model_id"]


def test_the_same_file_with_other_options_is_another_model(tmp_path):
    shipped, meta, pipeline, given = _shipped("stance")
    other = given | {"abstain_threshold": 0.7}  # predicts otherwise: never the shipped id
    out = save_model(shutil.copytree(shipped, tmp_path / "stance"), pipeline, other)
    sha = hashlib.sha256((out / MODEL_FILE).read_bytes()).hexdigest()
    assert sha == meta["model_id"]
    assert read_meta(out)["model_id"] == derived_model_id(sha, other) != meta["model_id"]


def test_a_folder_claiming_the_older_id_for_other_options_does_not_lend_it(tmp_path):
    _, meta, pipeline, given = _shipped("stance")
    out = tmp_path / "stance"
    save_model(out, pipeline, given | {"abstain_threshold": 0.7})
    claimed = json.loads((out / META_FILE).read_text()) | {"model_id": meta["model_id"]}
    (out / META_FILE).write_text(json.dumps(claimed))  # the older id beside other options
    again = given | {"abstain_threshold": 0.7}
    sha = hashlib.sha256((out / MODEL_FILE).read_bytes()).hexdigest()
    assert read_meta(save_model(out, pipeline, again))["model_id"] == derived_model_id(sha, again)
