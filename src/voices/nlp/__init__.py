"""Language processing: lazy spaCy loading, the fast preprocessing path, sentences and entities.

Nothing here loads spaCy at import time (``voices --help`` must stay instant);
every pipeline is loaded on first use and kept for the process.

| function | spaCy parts it uses | what for |
|---|---|---|
| ``preprocess`` | tokenizer only (lookup norms, rule negation) | the classifiers' input |
| ``sentences`` | tokenizer + rule ``sentencizer`` | quotes in reports |
| ``ner_entities`` | tokenizer, ``tok2vec`` and ``ner`` of the statistical pipeline | redaction only |
"""

from __future__ import annotations

from voices.nlp._pipeline import (
    BLANK_LANGUAGE,
    FALLBACK_PIPELINE,
    PREFERRED_PIPELINE,
    load_pipeline,
    resolve_pipeline_name,
)
from voices.nlp.entities import ner_entities
from voices.nlp.preprocess import PREPROCESS_VERSION, prepare_one, preprocess
from voices.nlp.sentences import sentences

__all__ = [
    "BLANK_LANGUAGE",
    "FALLBACK_PIPELINE",
    "PREFERRED_PIPELINE",
    "PREPROCESS_VERSION",
    "load_pipeline",
    "ner_entities",
    "prepare_one",
    "preprocess",
    "resolve_pipeline_name",
    "sentences",
]
