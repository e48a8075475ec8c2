"""CPU cuts in the 20k-comment path (issue 14 item 2, branch speed30): the outputs stay the same.

Each cut is pinned by the values it must still give; the whole-pipeline check (every
report and corpus table hashed before and after) is ``benchmarks/snapshot_outputs.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from report_fixtures import FakeStance, classified_corpus, no_entities

from voices.report import build_report, render

HERE = Path(__file__).resolve().parent


def test_unredacted_report_names_the_organisation_without_importing_redact(tmp_path: Path) -> None:
    # the terminal report (unredacted) imported voices.redact (0.16 s CPU) only for the
    # "an organisation" constant; it must still show the organisation's own name
    corpus = classified_corpus(tmp_path / "c.duckdb")
    code = (
        "import json, sys\n"
        "from report_fixtures import FakeStance\n"
        "from voices.report import build_report\n"
        f"data = build_report({str(corpus)!r}, stance_model=FakeStance())\n"
        "print(json.dumps([sorted(m for m in sys.modules if m.startswith('voices.redact')),\n"
        "                  sorted({q.author for qs in data.quotes.values() for q in qs if q.author})]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": f"{HERE.parent / 'src'}:{HERE}", "PATH": "/usr/bin:/bin"})
    imported, authors = json.loads(done.stdout)
    assert imported == []
    assert "Northshire Council" in authors


def test_redacted_report_still_hides_the_organisation(tmp_path: Path) -> None:
    corpus = classified_corpus(tmp_path / "c.duckdb")
    plain = render(build_report(corpus, stance_model=FakeStance()), "md")
    redacted = render(build_report(corpus, redact=True, stance_model=FakeStance(), entities=no_entities), "md")
    assert "Northshire Council" in plain
    assert "Northshire Council" not in redacted and "an organisation" in redacted
