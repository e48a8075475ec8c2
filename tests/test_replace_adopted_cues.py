"""``ingest --replace`` takes out of the corpus's scheme the adopted keyword cues only the texts it removes or
rewrites held, as ``voices delete`` does (``voices.store.adopted_cues``).

A commenter's workplace ("Pellworth"), adopted as a theme's cue, stayed in the corpus file after the file was
re-ingested with ``--replace`` without their comments, or with the word edited out. Names here are made up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_delete_adopted_cues import ZED, _keywords
from typer.testing import CliRunner

from voices.api.themes import _theme_table
from voices.cli import app
from voices.models.scheme import SHIPPED_SCHEME, packaged_scheme
from voices.store import Corpus
from voices.store.settings import set_setting

runner = CliRunner()
ROWS = [{"id": "z1", "source": "Page Z", "author": ZED, "text": "My caseload at Pellworth was 41 and nobody noticed."},
        {"id": "z2", "source": "Page Z", "author": ZED, "text": "At PELLWORTH the reviews were cancelled every month."},
        {"id": "m1", "source": "Page Z", "author": "Mo", "text": "The worst caseload I held was 30."},
        {"id": "k1", "source": "Page Z", "author": "Kit", "text": "Pay matters more than anything."}]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "c.duckdb"
    r = runner.invoke(app, ["ingest", str(_write(tmp_path / "posts.jsonl", ROWS)), "--format", "records",
                            "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    shipped = packaged_scheme(SHIPPED_SCHEME).read_text(encoding="utf-8")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        set_setting(c, "scheme", {"toml": shipped + _theme_table("heavy_caseloads", "Caseloads too heavy",
                                                                 ["pellworth", "worst caseload", "pay", "supervision"])})
    return corpus


EDITED = [{**ROWS[0], "text": "My caseload was 41 and nobody noticed."},
          {**ROWS[1], "text": "There the reviews were cancelled every month."}, *ROWS[2:]]


@pytest.mark.parametrize(("rows", "said"), [(ROWS[2:], "2 removed"), (EDITED, "2 updated")], ids=["removed", "edited"])
def test_replace_takes_out_the_cues_only_the_texts_it_removes_or_rewrites_held(tmp_path, rows, said):
    corpus = _corpus(tmp_path)
    r = runner.invoke(app, ["ingest", str(_write(tmp_path / "posts.jsonl", rows)), "--format", "records",
                            "--replace", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    assert said in r.output
    assert _keywords(corpus) == ["worst caseload", "pay", "supervision"]
    assert b"pellworth" not in corpus.read_bytes().lower()


def test_replace_keeps_a_cue_a_remaining_text_still_holds(tmp_path):
    corpus = _corpus(tmp_path)
    r = runner.invoke(app, ["ingest", str(_write(tmp_path / "posts.jsonl", [ROWS[0], *ROWS[2:]])), "--format",
                            "records", "--replace", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    assert _keywords(corpus) == ["pellworth", "worst caseload", "pay", "supervision"]


def test_replace_keeps_a_cue_a_new_text_of_the_same_call_holds(tmp_path):
    """The edit takes "Pellworth" out of Zed's texts, and a new comment by Mo, stored after the edit, names it:
    it is still a cue (the cues the old texts held are weighed once the call has stored its texts)."""
    corpus = _corpus(tmp_path)
    new = {"id": "m2", "source": "Page Z", "author": "Mo", "text": "Pellworth hired two more staff this year."}
    r = runner.invoke(app, ["ingest", str(_write(tmp_path / "posts.jsonl", [*EDITED, new])), "--format", "records",
                            "--replace", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    assert "1 document added" in r.output and "2 updated" in r.output
    assert _keywords(corpus) == ["pellworth", "worst caseload", "pay", "supervision"]
