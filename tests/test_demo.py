"""The demo, as `make demo` runs it: every bundled sample through ingest, classify and every report format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ["thread.txt", "wordpress-export.xml", "comments.html", "consultation.csv", "consultation.xlsx"]

pytestmark = pytest.mark.slow


def test_demo_end_to_end(tmp_path):
    runner = CliRunner()
    corpus = str(tmp_path / "demo.duckdb")
    files = [str(ROOT / "corpora" / "samples" / f) for f in SAMPLES]
    res = runner.invoke(app, ["ingest", *files, "--corpus", corpus, "--json"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["classify", "--corpus", corpus, "--json"])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["classified"] == 88 and result["not_english"] == 2
    again = runner.invoke(app, ["classify", "--corpus", corpus, "--json"])
    assert json.loads(again.stdout)["classified"] == 0
    for fmt in ("table", "md", "csv", "json"):
        res = runner.invoke(app, ["report", "--corpus", corpus, "--format", fmt])
        assert res.exit_code == 0, (fmt, res.output)
        # readers see the scheme's names; the machine formats keep the ids
        assert ("social_work_leaders" if fmt in ("csv", "json") else "Social workers lead") in res.stdout
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["report", "--corpus", corpus, "--format", "html", "--out", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") >= 3 and "<script" not in html.split("</head>", 1)[1].lower()
