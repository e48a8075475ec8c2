"""Issue 12's rule for a corpus-adapted stance model: abstention never leaves fewer than half its predictions covered.

The threshold comes from out-of-fold logits on the user's labels, and the final model, fitted on every label,
is flatter on texts it never saw: a pooled model on a corpus from ``corpora/samples`` (86 texts, 32 labelled)
covered 22 of its 32 labelled texts but 10 of the 54 others (37% overall, threshold 0.8228). So the threshold is
lowered, if need be, until the final model is confident on at least ``MIN_COVERAGE`` of the labelled texts (as it
was fitted on them) and of the corpus's other texts classify gives a stance (comments in English), read as classify
reads them (the text as stored, preprocessed; the corpus's ``prepared`` cache used where it has them). Of those,
a deterministic sample of at most ``COVER_SAMPLE`` (by the sha256 of their ids) bounds memory and time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voices.models import calibrate as cal

COVER_SAMPLE = 3000  # the corpus's unlabelled texts the floor is measured on, at most


def corpus_others(corpus_path: Path | str, labelled: set[str], n: int = COVER_SAMPLE) -> tuple[list[str], int]:
    """Up to ``n`` of the corpus's unlabelled texts classify would give a stance (``others_sample``'s, in
    English), preprocessed as classify preprocesses them, and how many documents (articles aside, any language)
    the sample was drawn from. ``labelled``: the ids of the documents trained on."""
    from voices.language import ENGLISH, detect_language
    from voices.nlp import PREPROCESS_VERSION, preprocess
    from voices.store import Corpus
    from voices.store.training_labels import others_sample

    with Corpus.open(corpus_path) as corpus:
        rows, in_corpus = others_sample(corpus, labelled, n, PREPROCESS_VERSION)
    english = [(text, prep) for _, text, prep in rows if detect_language(text) == ENGLISH]
    missing = [text for text, prep in english if not isinstance(prep, str)]
    done = iter(list(preprocess(missing)))
    return [prep if isinstance(prep, str) else next(done) for text, prep in english], in_corpus


def covering(decision: dict, pipeline: Any, labelled: Sequence[str], others: Sequence[str], in_corpus: int) -> dict:
    """``decision`` with its abstention threshold lowered, if need be, so that the final model is confident on
    at least ``MIN_COVERAGE`` of ``labelled`` (the user's prepared training texts) and of ``others``
    (``corpus_others``), each; ``abstain_floor_on`` says what the floor was measured on.

    Each set apart, not pooled: a floor over both would let the few hundred labelled texts a model is sure of
    stand for the thousands of others."""
    floors = [cal.coverage_floor(_confidence(pipeline, texts)) for texts in (labelled, others) if len(texts)]
    floor = np.floor(min(floors) * 1e4) / 1e4  # meta keeps 4 decimals: never round above the texts it must cover
    lowered = float(floor) < decision["abstain_threshold"]
    return decision | {
        "abstain_threshold": min(decision["abstain_threshold"], float(floor)),
        "abstain_floor_on": {"min_coverage": cal.MIN_COVERAGE, "labelled_texts": len(labelled),
                             "other_texts": len(others), "other_texts_in_corpus": in_corpus,
                             "sample_max": COVER_SAMPLE, "lowered": lowered},
    }


def _confidence(pipeline: Any, texts: Sequence[str]) -> np.ndarray:
    return pipeline.predict_proba(np.asarray(list(texts), dtype=object)).max(1)

