"""End to end with the shipped models: from un-ingested sample files to a report, then idempotency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.models import default_model_dir
from voices.store import Corpus

pytestmark = pytest.mark.slow
SAMPLES = Path("corpora/samples")

if not (default_model_dir("stance") / "meta.json").is_file() or not SAMPLES.is_dir():
    pytest.skip("the shipped models (make models) or corpora/samples are not there", allow_module_level=True)


def test_one_command_from_files_to_report_with_shipped_models(tmp_path):
    runner = CliRunner()
    corpus = tmp_path / "c.duckdb"
    files = [str(SAMPLES / "thread.txt"), str(SAMPLES / "consultation.csv")]
    first = runner.invoke(app, ["classify", *files, "--corpus", str(corpus)])
    assert first.exit_code == 0, first.output
    assert "Stance — All sources" in first.stdout and "Representative quotes" in first.stdout
    assert "not in English" in first.stderr
    again = runner.invoke(app, ["classify", "--corpus", str(corpus), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["classified"] == 0
    with Corpus.open(corpus) as c:
        models = c.sql("SELECT DISTINCT stance_model FROM predictions").fetchall()
        welsh = c.sql("SELECT count(*) FROM predictions WHERE status = 'not_english' AND stance IS NULL").fetchone()[0]
    stance_meta = json.loads((default_model_dir("stance") / "meta.json").read_text())
    assert models == [(stance_meta["model_id"],)] and welsh >= 1
    report = json.loads(runner.invoke(app, ["report", "--corpus", str(corpus), "--json"]).stdout)
    methods = {m["task"]: m for m in report["methods"]["models"]}
    assert methods["stance"]["training_data_hash"] == stance_meta["training_data"]["hash"]
    assert methods["stance"]["cv"]["macro_f1"].startswith(f"{stance_meta['cv']['macro_f1']['value']:.3f}")
    assert all(r["adjusted_share"] is not None for r in report["overall"]["rows"])
    assert sum(len(q) for q in report["quotes"].values()) >= 4
