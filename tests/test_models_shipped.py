"""The shipped models: present, loadable, and trained on the corpus as it is now."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.models import default_model_dir, load_model
from voices.models.data import data_hash, read_labelled
from voices.models.scheme import load_scheme

REPO = Path(__file__).parents[1]
LABELLED = REPO / "corpora" / "labelled"
SCHEME = REPO / "corpora" / "schemes" / "social-work-leadership.toml"


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_shipped_model_matches_the_corpus(task):
    """Fails when corpora/labelled/ changed after the model was built: run `make models`."""
    meta = load_model(default_model_dir(task)).meta
    exclude = LABELLED / f"exclude-{task}.txt"
    lines = exclude.read_text(encoding="utf-8").splitlines() if exclude.is_file() else []
    skip = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    files = [f for f in sorted(LABELLED.glob("batch-*.jsonl")) if f.name not in skip]
    assert meta["training_data"]["files"] == [f.name for f in files], "run `make models`"
    items = read_labelled(files, task, labels=load_scheme(SCHEME).labels(task))
    assert meta["training_data"]["hash"] == data_hash(items), (
        f"the shipped {task} model was trained on other data than corpora/labelled/; run `make models`"
    )


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_shipped_model_follows_the_scheme(task):
    m = load_model(default_model_dir(task))
    assert m.labels == load_scheme(SCHEME).labels(task)
    assert m.meta["scheme"]["name"] == "social-work-leadership"


def test_shipped_stance_model_reads_clear_cases():
    m = load_model(default_model_dir("stance"))
    got = [p.label for p in m.predict([
        "Social work must be led by qualified social workers; you can't lead what you've never done.",
        "A DCS runs schools, SEND and youth services too: a teacher or any strong leader can do it.",
    ])]
    assert got == ["social_work_leaders", "system_leaders"]
