"""A JSON report says, beside each model's scores, what texts they were measured on.

The md, html and table reports print "cross-validated on its training texts (AI-written)" beside the
shipped models' scores and the real-writing figure after them; the JSON gave ``cv`` and
``cross_writer`` figures (0.868, 0.826) with nothing saying that the texts were AI-written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.models import default_model_dir

THREAD = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "thread.txt"

if not (default_model_dir("stance") / "meta.json").is_file() or not THREAD.is_file():
    pytest.skip("the shipped models (make models) or corpora/samples are not there", allow_module_level=True)


def test_the_json_report_says_the_shipped_models_scores_are_on_ai_written_texts(tmp_path):
    corpus = tmp_path / "c.duckdb"
    runner = CliRunner()
    done = runner.invoke(app, ["classify", str(THREAD), "--corpus", str(corpus), "-q"])
    assert done.exit_code == 0, done.output
    res = runner.invoke(app, ["report", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    models = {m["task"]: m for m in json.loads(res.stdout)["methods"]["models"]}
    assert {(m["origin"], m["cv_scored_on"], m["cross_writer_scored_on"]) for m in models.values()} == {
        ("shipped", "cross-validated on its training texts (AI-written)", "another writer's texts (AI-written)")}
    assert models["stance"]["real_writing"]["n"] > 0  # and real writing's figure beside them
