"""The array-only inference bundle: equal to the pipeline it was compiled from, trusted only when it matches."""

import hashlib
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
from hostile_files import skops_naming_os_system

from voices.errors import ModelError
from voices.models import default_model_dir, load_model
from voices.models.bundle import ARRAYS_FILE, RECIPE_FILE
from voices.models.persist import MODEL_FILE, read_meta
from voices.models.save import save_model
from voices.nlp import preprocess

TEXTS = [
    "Only a registered social worker should lead social workers; managers from outside do not understand.",
    "The pay is terrible and everyone is burnt out, we cannot keep staff.",
    "Leaders need to know the system, not the frontline. #leadership",
    "I have no opinion.",
    "",
    "Not a career path anyone would choose with these targets and this agency churn.",
]


def _prepared():
    return list(preprocess(TEXTS))


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_shipped_bundle_equals_pipeline(task):
    model = load_model(default_model_dir(task))
    assert model._pipeline is None  # predictions never needed skops
    prepared = _prepared()
    want = model.pipeline.predict_proba(np.asarray(prepared, dtype=object))
    got = model.probabilities(prepared)
    assert got.shape == (len(TEXTS), len(model.labels))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    shared: dict = {}
    np.testing.assert_allclose(model.probabilities(prepared, shared), want, rtol=0, atol=1e-9)


@pytest.fixture(scope="module")
def fresh_model(tmp_path_factory):
    """A small freshly trained themes model (cues, one-vs-rest) and stance model."""
    from voices.models.features import CONFIGS, make_pipeline

    rng = np.random.default_rng(0)
    words = "pay staff burnout leader social work system manager target agency career register".split()
    texts = [" ".join(rng.choice(words, 12)) for _ in range(60)]
    stance = np.array([i % 3 for i in range(60)])
    out = {}
    for task, config in (("stance", CONFIGS["stance"][4]), ("themes", CONFIGS["themes"][2])):
        keywords = {"pay": ["pay", "salar"], "burnout": ["burn", "tired out"]} if task == "themes" else None
        y = np.column_stack([stance == 0, stance == 1]).astype(int) if task == "themes" else stance
        pipe = make_pipeline(task, config, keywords).fit(np.asarray(texts, dtype=object), y)
        meta = read_meta(default_model_dir(task)) | {
            "labels": ["a", "b", "c"] if task == "stance" else ["pay", "burnout"],
            "abstain_threshold": 0.5, "thresholds": {"pay": 0.5, "burnout": 0.5}}
        out[task] = (save_model(tmp_path_factory.mktemp(task) / "m", pipe, meta), pipe, texts)
    return out


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_freshly_trained_bundle_equals_pipeline(fresh_model, task):
    path, pipe, texts = fresh_model[task]
    assert (path / ARRAYS_FILE).exists() and (path / RECIPE_FILE).exists()
    model = load_model(path)
    want = pipe.predict_proba(np.asarray(texts, dtype=object))
    np.testing.assert_allclose(model.probabilities(texts), want, rtol=0, atol=1e-9)


def test_npz_holds_arrays_only_and_is_deterministic(fresh_model):
    path, pipe, _ = fresh_model["themes"]
    with np.load(path / ARRAYS_FILE, allow_pickle=False) as z:
        assert all(z[name].dtype != object for name in z.files)
    again = save_model(path.parent / "again", pipe, dict(read_meta(path)))
    assert (again / ARRAYS_FILE).read_bytes() == (path / ARRAYS_FILE).read_bytes()


def _copy(task, tmp_path):
    dst = tmp_path / task
    shutil.copytree(default_model_dir(task), dst)
    return dst


def _rewrite_meta(path, **fields):
    meta = json.loads((path / "meta.json").read_text()) | fields
    (path / "meta.json").write_text(json.dumps(meta))


def _uses_skops(path) -> bool:
    return load_model(path)._pipeline is not None


def test_old_model_folder_without_bundle_loads_through_skops(tmp_path):
    path = _copy("stance", tmp_path)
    (path / ARRAYS_FILE).unlink()
    (path / RECIPE_FILE).unlink()
    model = load_model(path)
    assert model._pipeline is not None
    prepared = _prepared()
    np.testing.assert_allclose(model.probabilities(prepared),
                               load_model(default_model_dir("stance")).probabilities(prepared), rtol=0, atol=0)


def test_bundle_of_another_model_id_is_not_used(tmp_path):
    path = _copy("stance", tmp_path)
    recipe = json.loads((path / RECIPE_FILE).read_text()) | {"model_id": "0" * 64}
    raw = (json.dumps(recipe, indent=1, sort_keys=True) + "\n").encode()
    (path / RECIPE_FILE).write_bytes(raw)
    _rewrite_meta(path, bundle_sha256=hashlib.sha256(raw).hexdigest())  # its own hash matches
    assert _uses_skops(path)


def test_bundle_whose_hash_differs_from_meta_is_not_used(tmp_path):
    path = _copy("themes", tmp_path)
    with (path / RECIPE_FILE).open("a") as f:
        f.write(" ")
    assert _uses_skops(path)


def test_modified_arrays_are_not_used(tmp_path):
    path = _copy("stance", tmp_path)
    with np.load(path / ARRAYS_FILE, allow_pickle=False) as z:
        arrays = {n: z[n] for n in z.files}
    arrays["intercept"] = arrays["intercept"] + 5.0
    np.savez(path / ARRAYS_FILE, **arrays)
    assert _uses_skops(path)


def test_tampered_skops_refused_on_the_bundle_path(tmp_path):
    path = _copy("stance", tmp_path)
    with (path / MODEL_FILE).open("ab") as f:
        f.write(b"x")
    with pytest.raises(ModelError, match="do not match model_id"):
        load_model(path)


def test_tampered_skops_refused_even_with_meta_rewritten_to_match(tmp_path):
    """meta.json's hash of model.skops only catches accidents: anyone who edits model.skops can
    rewrite it. The bundle records the model_id it was compiled from, so the rewritten meta no
    longer matches the bundle, the skops path runs, and its type check refuses the file."""
    path = _copy("stance", tmp_path)
    _rewrite_meta(path, model_id=skops_naming_os_system(path))
    with pytest.raises(ModelError, match="does not trust"):
        load_model(path)


def test_bundle_path_imports_neither_skops_nor_sklearn():
    code = (
        "import sys\n"
        "from voices.classify import load_models\n"
        "from voices.nlp import preprocess\n"
        "s, t = load_models()\n"
        "p = list(preprocess(['Social workers should lead.']))\n"
        "s.predict_prepared(p); t.predict_prepared(p)\n"
        "print(sorted(m for m in ('skops', 'sklearn') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_tampered_skops_refused_even_with_meta_and_bundle_rewritten_to_match(tmp_path):
    """Rewriting meta.json's model_id and the bundle's records to match a tampered model.skops
    does not get it past: the bundle path reads the archive's schema (JSON only) and refuses
    any untrusted type there too."""
    path = _copy("stance", tmp_path)
    model_id = skops_naming_os_system(path)
    recipe = json.loads((path / RECIPE_FILE).read_text()) | {"model_id": model_id}
    raw = (json.dumps(recipe, indent=1, sort_keys=True) + "\n").encode()
    (path / RECIPE_FILE).write_bytes(raw)
    _rewrite_meta(path, model_id=model_id, bundle_sha256=hashlib.sha256(raw).hexdigest())
    with pytest.raises(ModelError, match="does not trust.*os.system"):
        load_model(path)


def test_classify_file_with_its_report_imports_neither_skops_nor_sklearn(tmp_path):
    """``voices classify FILE`` (ingest, classify, terminal report): the whole command runs on
    the shipped bundles."""
    from pathlib import Path

    thread = Path(__file__).parent / "fixtures" / "ingest" / "short_thread.txt"
    code = (
        "import sys\n"
        "from voices.cli import app\n"
        f"args = ['classify', {str(thread)!r}, '--corpus', {str(tmp_path / 'c.duckdb')!r}]\n"
        "try:\n"
        "    app(args)\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('skops', 'sklearn') if m in sys.modules), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == "[]", out.stderr
    assert out.stdout.strip()  # the report was printed
