"""The shipped model cards say what a rebuild says: accuracy with Wilson's interval, in a fixed order.

The stance card quoted real-dev accuracy "0.717 (95% CI 0.642-0.800)" and CV accuracy "0.868 (95% CI
0.856-0.880)", percentile bootstraps from before accuracy got Wilson's interval; `voices train` and
`benchmarks/real_writing.py --update-meta` now give 0.630-0.790 and 0.856-0.879. model_id covers
model.skops and meta's ID_FIELDS, not these figures, so the shipped models keep their ids.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from voices.models import default_model_dir
from voices.models.card import render_card
from voices.models.intervals import wilson
from voices.models.model_id import ID_FIELDS
from voices.models.persist import read_meta


def _wilson(correct: int, n: int) -> list[float]:
    return [round(x, 4) for x in wilson(correct, n)]


def test_the_stance_card_quotes_wilsons_interval_for_accuracy():
    meta = read_meta(default_model_dir("stance"))
    real = meta["real_writing"]["stance"]["accuracy"]
    assert real == {"value": 0.7167, "ci95": _wilson(86, 120), "interval": "wilson"}  # 86 of 120 right
    assert real["ci95"] == [0.6303, 0.7896]
    cv = meta["cv"]
    correct = sum(cv["confusion"][i][i] for i in range(len(cv["labels"])))
    assert cv["accuracy"] == {"value": round(correct / cv["n"], 4), "ci95": _wilson(correct, cv["n"]), "interval": "wilson"}
    card = (default_model_dir("stance") / "README.md").read_text(encoding="utf-8")
    assert "accuracy 0.717 (95% CI 0.630-0.790) (always answering `none`: 0.917)" in card
    assert "accuracy 0.868 (95% CI 0.856-0.879)" in card and "0.642-0.800" not in card


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_a_shipped_card_is_its_meta_rendered(task):
    folder = default_model_dir(task)
    assert (folder / "README.md").read_text(encoding="utf-8") == render_card(read_meta(folder))


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_the_shipped_figures_say_which_interval(task):
    meta = read_meta(default_model_dir(task))
    figures = [meta["cv"]["macro_f1"], meta["cross_writer"]["macro_f1"], meta["real_writing"]["stance"]["macro_f1"],
               meta["real_writing"]["themes"]["micro_f1"]]
    assert all(f["interval"] == "bootstrap" for f in figures)
    assert meta["real_writing"]["stance"]["accuracy"]["interval"] == "wilson"


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_the_shipped_model_id_is_still_its_files(task):
    """Corpora store the model_id: the figures were re-recorded without touching what the id covers."""
    folder = default_model_dir(task)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["model_id"] == hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    assert "cv" not in ID_FIELDS and "real_writing" not in ID_FIELDS and "cross_writer" not in ID_FIELDS
    assert meta["model_id"] == {"stance": "ac5ee7b7fa95988ac9777a09144442e4451465925d32336036227281463bfc9f",
                                "themes": "08882b4cf840dd7f667d61a5e791647764cd2cce38845d42c28c196b433c27b3"}[task]


def test_card_tables_do_not_follow_the_order_meta_was_built_in():
    """The themes card's per-theme table came out in scheme order or alphabetically, as whichever of
    benchmarks/real_writing.py (meta in memory) or benchmarks/cross_writer.py (meta read back) ran last."""
    meta = read_meta(default_model_dir("themes"))
    reversed_meta = json.loads(json.dumps(meta))
    t = reversed_meta["real_writing"]["themes"]
    t["per_theme"] = dict(reversed(list(t["per_theme"].items())))
    reversed_meta["cv"]["per_label"] = dict(reversed(list(reversed_meta["cv"]["per_label"].items())))
    card = render_card(reversed_meta)
    assert card == render_card(meta)
    rows = [line.split(" | ")[0][2:] for line in card.splitlines() if line.startswith("| ") and " | 0." in line]
    assert rows[:3] == ["accountability", "burnout", "career_path"]
