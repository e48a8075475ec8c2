"""``voices train --data``: calibration's capped temperature recorded and warned about as ``--corpus`` training does.

Labels at random on tests/fixtures/labelled/tiny.jsonl (8 of each stance): the out-of-fold logits tell nothing,
so the temperature stops at ``calibrate.max_temperature``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from voices.cli import app

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "labelled" / "tiny.jsonl"
STANCES = ["none", "social_work_leaders", "system_leaders", "practice_connected"]


def test_training_on_a_file_of_random_labels_records_and_warns_the_capped_temperature(tmp_path):
    rows = [json.loads(line) for line in TINY.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = np.random.default_rng(0).permutation(len(rows))
    data = tmp_path / "random.jsonl"
    data.write_text("".join(json.dumps(r | {"stance": STANCES[int(k) % 4]}) + "\n" for r, k in zip(rows, order, strict=True)),
                    encoding="utf-8")
    r = CliRunner().invoke(app, ["train", "--task", "stance", "--data", str(data), "--out", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    calibration = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))["calibration"]
    assert calibration["at_max"] is True, calibration
    assert calibration["temperature"] == calibration["temperature_max"] > 1
    assert "calibration stopped at its highest temperature" in r.stderr
