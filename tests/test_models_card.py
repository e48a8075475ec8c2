"""Model cards lead with real-writing figures, or say they were not measured."""

from __future__ import annotations

from voices.models import default_model_dir
from voices.models.card import render_card
from voices.models.persist import read_meta


def _meta(task: str) -> dict:
    return read_meta(default_model_dir(task)) | {"real_writing": None}


def test_a_model_without_real_writing_figures_says_not_measured():
    card = render_card(_meta("stance"))
    assert "Not measured on real writing" in card
    assert card.index("## On real people's writing") < card.index("## Training data")
    assert "AI-written" in card and "Human agreement" not in card


def test_real_writing_figures_lead_the_stance_card():
    real = {"data": "real-dev.jsonl", "n": 120, "label": "dev (used for design choices)",
            "stance": {"macro_f1": {"value": 0.3, "ci95": [0.2, 0.4]}, "accuracy": {"value": 0.8, "ci95": [0.7, 0.9]},
                       "always_none_accuracy": 0.917, "none_total": 110, "none_given_stance": 12,
                       "stance_total": 10, "stance_correct": 5}}
    card = render_card(_meta("stance") | {"real_writing": real})
    lead = card[card.index("## On real people's writing"):card.index("## Training data")]
    assert "120 texts by real people, never trained on (dev (used for design choices))" in lead
    assert "macro-F1 0.300 (95% CI 0.200-0.400)" in lead and "12 of 110" in lead and "5 of 10" in lead


def test_real_writing_per_theme_table_in_the_themes_card():
    real = {"data": "real-dev.jsonl", "n": 120, "label": "dev",
            "themes": {"micro_f1": {"value": 0.7, "ci95": [0.6, 0.8]},
                       "per_theme": {"pay": {"gold": 22, "precision": 0.8, "recall": 0.75}}}}
    card = render_card(_meta("themes") | {"real_writing": real})
    assert "| pay | 22 | 0.800 | 0.750 |" in card and "micro-F1 0.700" in card
