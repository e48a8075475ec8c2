"""Model cards lead with real-writing figures, or say they were not measured."""

from __future__ import annotations

from pathlib import Path

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


def _td(meta: dict, **fields) -> dict:
    return meta | {"training_data": meta["training_data"] | fields}


def test_a_model_trained_on_your_files_does_not_call_them_ai_written():
    card = render_card(_td(_meta("stance"), origin="yours", files=["mine.csv"]))
    training = card[card.index("## Training data"):card.index("## How well it does")]
    assert "voices does not know who wrote them" in training and "AI-written" not in training
    assert "Trained on AI-written texts" not in card
    assert "Measured only on its own training files" in card


def test_an_adapted_model_counts_your_labels_and_names_the_rest_ai_written():
    meta = _td(_meta("stance"), origin="shipped", n=3000, corpus="c.duckdb")
    meta["adaptation"] = {"weight": 4, "user_labels": {"n": 72}}
    card = render_card(meta)
    assert "72 of the 3000 texts are your own labels in the corpus `c.duckdb`, weighted x4" in card
    assert "the other 2928 come from the shipped labelled corpus. The shipped labelled corpus is AI-written" in card


def test_an_adapted_model_on_your_labels_alone():
    meta = _td(_meta("stance"), origin="yours", n=40, files=[], corpus="c.duckdb")
    meta["adaptation"] = {"weight": 1, "user_labels": {"n": 40}}
    card = render_card(meta)
    assert "All 40 texts are your own labels in the corpus `c.duckdb`." in card
    assert "AI-written" not in card[card.index("## Training data"):card.index("## How well it does")]
    assert "AI-written" not in card[card.index("## Limits"):]


def test_data_origin_knows_the_shipped_corpus(tmp_path):
    from voices.models.adapt_data import shipped_data_files
    from voices.models.data import data_origin

    shipped = shipped_data_files("stance")
    mine = tmp_path / "batch-w1.jsonl"  # the same name elsewhere is not the shipped corpus
    mine.write_text("")
    assert data_origin(shipped) == "shipped"
    assert data_origin([mine]) == "yours"
    assert data_origin([*shipped[:1], mine]) == "mixed"
    assert data_origin([]) == "yours"


def test_a_copy_of_the_shipped_corpus_is_the_shipped_corpus(tmp_path):
    """'voices train --data corpora/labelled/' from a clone beside an installed voices read as the
    user's own files, and the card said voices did not know who wrote them: they are AI-written."""
    import shutil

    from voices.models.adapt_data import shipped_data_files
    from voices.models.data import data_origin

    shipped = shipped_data_files("stance")[:2]
    copies = [Path(shutil.copy(f, tmp_path / f.name)) for f in shipped]
    assert data_origin(copies) == "shipped"
    edited = tmp_path / "edited" / shipped[0].name
    edited.parent.mkdir()
    edited.write_bytes(shipped[0].read_bytes() + b"\n")  # one more line: no longer the shipped file
    assert data_origin([copies[1], edited]) == "mixed"


def test_an_adapted_models_card_says_its_figures_are_on_the_users_own_labels():
    """Its cross-validated figures score the user's labelled texts, real writing: "Not measured on real writing"
    said otherwise (review of own38)."""
    meta = _meta("stance") | {"adaptation": {"method": "map", "C": 1.0, "user_labels": {"n": 40}}}
    lead = (card := render_card(meta))[card.index("## On real people's writing"):card.index("## Training data")]
    assert "Not measured on real writing" not in lead
    assert "Measured on your own labels only: the cross-validated figures below score your labelled texts " \
           "(real writing, from your corpus)" in lead
    assert "The shipped stance model's figures (on the AI-written labelled corpus, and on real-dev" in lead


def test_a_card_says_when_calibration_stopped_at_its_highest_temperature():
    """meta.json's calibration.at_max (train --data and --corpus alike) was in no card: a user passed the model on
    without the warning that its labels taught it little."""
    meta = _meta("stance")
    capped = meta | {"calibration": meta["calibration"] | {"temperature": 5.83, "temperature_max": 5.83, "at_max": True}}
    assert ("- calibration stopped at its highest temperature (5.83): out of fold, the model's confidence barely "
            "tells right from wrong, so its labels taught it little") in render_card(capped)
    assert "highest temperature" not in render_card(meta)
