"""``train --tokenizer tweets`` keeps a ubiquitous hashtag that could name someone out of the model folder.

A lower-case ``#justiceforkemiokafor`` gives the redactor no name shape to find, so it reached
``TweetTokens.dropped_`` (in ``model.skops``) and ``bundle.json``'s ``tweets.dropped`` verbatim,
although ``meta.json`` only counted it. Those files now hold it as a digest and still drop it at
predict time. Kemi Okafor is invented; the texts are ``test_train_redacts``'s made-up debate.
"""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from test_train_redacts import _texts, run

from voices.models import load_model
from voices.models.bundle import RECIPE_FILE
from voices.models.hashtags import tag_digest
from voices.models.persist import read_meta
from voices.models.save import save_model
from voices.nlp import prepare_one

TAG = "justiceforkemiokafor"
PROBES = [prepare_one(t) for t in (f"I back this #{TAG}", f"This is wrong #{TAG} #StopTheCuts #SemST",
                                   "No view either way.", f"#{TAG}")]


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("tagged")
    data = tmp / "tagged.jsonl"
    data.write_text("".join(json.dumps({"text": f"{t} #{TAG} #StopTheCuts #SemST", "stance": s, "group": f"g{i % 4}"})
                            + "\n" for i, (t, s) in enumerate(_texts())), encoding="utf-8")
    r = run("train", "--task", "stance", "--data", data, "--tokenizer", "tweets", "--out", tmp / "m", "-q")
    assert r.exit_code == 0, r.output
    return tmp / "m"


def _blobs(folder: Path):
    """Every file of ``folder`` as bytes, and every member of the zips among them (``model.skops`` deflates)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.name, path.read_bytes()
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as z:
                    for member in z.namelist():
                        yield f"{path.name}:{member}", z.read(member)


def test_no_file_of_the_model_folder_holds_the_tag(tagged):
    names = [name for name, _ in _blobs(tagged)]
    assert "model.skops" in names and any(n.startswith("model.skops:") for n in names)
    found = [name for name, blob in _blobs(tagged)
             if any(w.encode(enc) in blob.lower() for w in ("kemiokafor", "okafor") for enc in ("utf-8", "utf-32-le"))]
    assert found == []


def test_the_model_files_hold_readable_tags_and_digests_of_the_others(tagged):
    step = load_model(tagged).pipeline.named_steps["tweets"]
    # "stopthecuts" is English words and stays readable; "semst" could spell someone, as meta.json judges
    assert step.dropped_ == sorted(["stopthecuts", tag_digest(TAG), tag_digest("semst")])
    assert json.loads((tagged / RECIPE_FILE).read_text(encoding="utf-8"))["tweets"]["dropped"] == step.dropped_
    tok = read_meta(tagged)["tokenizer"]
    assert (tok["dropped_hashtags"], tok["dropped_hashtags_withheld"]) == (["stopthecuts"], 2)


def test_the_tag_is_still_dropped_at_predict_time(tagged):
    model = load_model(tagged)
    step = model.pipeline.named_steps["tweets"]
    assert step.transform([f"go # {TAG} now # semst # stopthecuts", f"# {TAG}x stays"]) == ["go now", f"#{TAG}x stays"]
    x = np.asarray(PROBES, dtype=object)
    got = model.pipeline.predict_proba(x)
    # the same probabilities as the plain list the model held before digests
    plain = copy.deepcopy(model.pipeline)
    plain.named_steps["tweets"].dropped_ = ["justiceforkemiokafor", "semst", "stopthecuts"]
    np.testing.assert_array_equal(got, plain.predict_proba(x))
    # and the bundle path agrees with the pipeline
    assert model._pipeline is not None
    np.testing.assert_allclose(load_model(tagged).probabilities(PROBES), got, rtol=0, atol=1e-9)


def test_an_old_folder_holding_plain_tags_loads_and_predicts_the_same(tagged, tmp_path):
    model = load_model(tagged)
    old = copy.deepcopy(model.pipeline)
    old.named_steps["tweets"].dropped_ = ["justiceforkemiokafor", "semst", "stopthecuts"]
    meta = {k: v for k, v in read_meta(tagged).items() if k not in ("format", "model_id", "created", "library_versions")}
    folder = save_model(tmp_path / "old", old, meta)
    assert json.loads((folder / RECIPE_FILE).read_text(encoding="utf-8"))["tweets"]["dropped"][0] == TAG
    want = model.pipeline.predict_proba(np.asarray(PROBES, dtype=object))
    again = load_model(folder)
    np.testing.assert_allclose(again.probabilities(PROBES), want, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(again.pipeline.predict_proba(np.asarray(PROBES, dtype=object)), want)
