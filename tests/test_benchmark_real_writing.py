"""benchmarks/real_writing.py: its figures on a hand-made result and on a slice of real-dev."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL_DEV = ROOT.parent / "shared" / "data" / "real-dev.jsonl"


def _bench():
    spec = importlib.util.spec_from_file_location("real_writing", ROOT / "benchmarks" / "real_writing.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_stance_figures_from_a_confusion_matrix():
    res = {"n": 10, "labels": ["a", "b", "none"], "confusion": [[1, 1, 0], [0, 1, 1], [1, 1, 4]],
           "macro_f1": {"value": 0.5, "ci95": [0.4, 0.6]}, "accuracy": {"value": 0.6, "ci95": [0.5, 0.7]}}
    texts = ["w " * 5] * 9 + ["w " * 60]
    gold = ["a", "a", "b", "b", "none", "none", "none", "none", "none", "none"]
    pred = ["a", "b", "b", "none", "a", "b", "none", "none", "none", "none"]
    f = _bench().stance_figures(res, texts, gold, pred)
    assert (f["none_total"], f["none_given_stance"], f["none_given_stance_pct"]) == (6, 2, 33.3)
    assert (f["stance_total"], f["stance_correct"]) == (4, 2)
    assert f["always_none_accuracy"] == 0.6
    assert f["accuracy_by_length"]["under 40 words"] == {"n": 9, "correct": 5}
    assert f["accuracy_by_length"]["40-150 words"] == {"n": 1, "correct": 1}


@pytest.mark.skipif(not REAL_DEV.is_file(), reason="../shared/data/real-dev.jsonl not beside the repo")
def test_measure_on_a_slice_of_real_dev(tmp_path):
    from voices.models import default_model_dir
    from voices.models.evaluate import evaluate

    rows = REAL_DEV.read_text(encoding="utf-8").splitlines()[:15]
    part = tmp_path / "slice.jsonl"
    part.write_text("\n".join(rows) + "\n", encoding="utf-8")
    bench = _bench()
    got = bench.measure(part, default_model_dir("stance"), default_model_dir("themes"))
    s = got["stance"]
    gold_none = sum(json.loads(r)["stance"] == "none" for r in rows)
    assert s["n"] == 15 and s["none_total"] == gold_none
    assert s["stance_total"] == 15 - gold_none
    ev = evaluate(default_model_dir("stance"), [part])
    assert s["macro_f1"] == ev["macro_f1"]
    assert sum(v["correct"] for v in s["accuracy_by_length"].values()) == round(ev["accuracy"]["value"] * 15)
    text = bench.render(got, None)
    assert "dev (used for design choices)" in text and f"of {gold_none} (" in text
    assert bench.meta_record(got)["label"] == "dev (used for design choices)"


@pytest.mark.skipif(not REAL_DEV.is_file(), reason="../shared/data/real-dev.jsonl not beside the repo")
def test_the_whole_benchmark_runs_on_the_shipped_models():
    """Issue 11: CI runs benchmarks/real_writing.py on the shipped models, without retraining."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "real_writing.py")], capture_output=True,
                         text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "## Real writing: real-dev.jsonl, n=120 (dev (used for design choices))" in out.stdout
    assert "no-stance texts given a stance" in out.stdout and "of 110" in out.stdout
    assert "## Other writer: other-writer-dev.jsonl, n=400" in out.stdout
