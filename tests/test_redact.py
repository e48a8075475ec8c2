"""Redaction: every kind of identifier, author-name rules, pseudonyms, the entity cache, whole reports."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from report_fixtures import PLANTED, FakeStance, classified_corpus, no_entities

from voices.redact import NER_VERSION, Redactor, looks_like_personal_name, pattern_spans, redact_frame
from voices.report import build_report, render
from voices.store import Corpus


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jo.bloggs+sw@example.co.uk now", "mail [EMAIL] now"),
        ("ring 020 7946 0018 today", "ring [PHONE] today"),
        ("ring 07700 900123.", "ring [PHONE]."),
        ("ring +44 (0)161 496 0000", "ring [PHONE]"),
        ("ring (0161) 496-0000!", "ring [PHONE]!"),
        ("send to SW1A 1AA or m1 1ae", "send to [POSTCODE] or [POSTCODE]"),
        ("caseloads of 30 and 2024 budgets", "caseloads of 30 and 2024 budgets"),
        ("call 999 or 111", "call 999 or 111"),
    ],
)
def test_patterns(text, expected):
    assert Redactor(entities=no_entities).redact(text) == expected


@pytest.mark.parametrize(
    ("author", "person"),
    [("Dr Steve Rogowski", True), ("Anita Singh", True), ("Polly", True), ("J. Smith", True),
     ("Social worker", False), ("Social Worker", False), ("Long in the tooth", False), ("Anonymous", False),
     ("frontline sw", False), ("PSW Manchester", False), ("user123", False), (None, False), ("", False)],
)
def test_which_authors_look_like_names(author, person):
    assert looks_like_personal_name(author) is person


def test_author_names_redacted_but_not_professions():
    r = Redactor(["Dr Steve Rogowski", "Social worker", "Polly"], entities=no_entities)
    text = "Steve and Rogowski and Polly disagree; a social worker or Social Worker would not. Stevenage is fine."
    assert r.redact(text) == ("[PERSON] and [PERSON] and [PERSON] disagree; a social worker or Social Worker "
                              "would not. Stevenage is fine.")


def test_pseudonyms_by_first_appearance():
    r = Redactor(["Polly", "Anita Singh", "polly ", None, "Social worker"], entities=no_entities)
    assert [r.pseudonym(a) for a in ["Anita Singh", "Polly", "Social worker", None, "New One"]] == [
        "Commenter 2", "Commenter 1", "Commenter 3", None, "Commenter 4"]


def test_ner_names_and_windows():
    r = Redactor(entities=lambda texts: [[(6, 17, "PERSON"), (21, 26, "GPE")] for _ in texts])
    text = "Cllr. Maria Lopez of Leeds said so."
    assert r.redact(text, "d1") == "Cllr. [PERSON] of Leeds said so."
    assert r.redact(text, "d1", 10, 26) == "[PERSON] of Leeds"  # a name cut by the window is still hidden
    assert pattern_spans("none here") == []


def test_real_spacy_ner_finds_names_not_in_the_authors():
    r = Redactor(["Social worker"])
    out = r.redact("I spoke to Maria Lopez and Tom Hughes about it.", "d1")
    assert "Maria" not in out and "Hughes" not in out and out.count("[PERSON]") == 2


def test_entity_cache_is_used_once_per_document():
    calls = []

    class Cache:
        data: dict = {}

        def load(self, ids):
            return {i: self.data[i] for i in ids if i in self.data}

        def save(self, data):
            self.data.update(data)

    def finder(texts):
        calls.append(len(texts))
        return [[(0, 3, "PERSON")] for _ in texts]

    cache = Cache()
    Redactor(entities=finder, cache=cache).prefetch([("a", "Ann x"), ("b", "Sam y")])
    again = Redactor(entities=finder, cache=cache)
    assert again.redact("Ann x", "a") == "[PERSON] x"
    assert calls == [2] and json.loads(cache.data["a"]) == [[0, 3, "PERSON"]]


def test_redact_frame():
    frame = pd.DataFrame({"id": ["1", "2"], "author": ["Jane Smith", "Social worker"],
                          "text": ["Jane Smith, 020 7946 0018", "ask Jane"]})
    out = redact_frame(frame, entities=no_entities)
    assert out.to_dict("list") == {"id": ["1", "2"], "author": ["Commenter 1", "Commenter 2"],
                                   "text": ["[PERSON], [PHONE]", "ask [PERSON]"]}


@pytest.mark.parametrize("fmt", ["md", "html", "json", "table"])
def test_redacted_report_removes_every_planted_identifier(tmp_path, fmt):
    path = classified_corpus(tmp_path / "c.duckdb")
    report = build_report(path, redact=True, stance_model=FakeStance())
    out = render(report, fmt)
    leaked = [p for p in PLANTED if p.lower() in out.lower()]
    assert leaked == []
    assert "[PERSON]" in out.replace("\\", "") and "Commenter 2" in out  # Commenter 1 wrote the article, not shown
    plain = render(build_report(path, redact=False, stance_model=FakeStance()), fmt)
    assert "Rogowski" in plain


def test_report_keeps_entities_in_the_corpus(tmp_path):
    path = classified_corpus(tmp_path / "c.duckdb")
    build_report(path, redact=True, stance_model=FakeStance())
    with Corpus.open(path) as c:
        versions = c.sql("SELECT DISTINCT split_part(version, ':', 1) FROM prepared ORDER BY 1").fetchall()
        n = c.sql("SELECT count(*) FROM prepared WHERE version LIKE ?", [NER_VERSION + ":%"]).fetchone()[0]
    assert ("ner-2",) in versions and n > 0
    calls = []
    build_report(path, redact=True, stance_model=FakeStance(), entities=lambda t: calls.append(t) or [[] for _ in t])
    assert calls == []  # every document shown was already in the cache


def test_ner_pieces_cover_the_text_and_cut_at_breaks():
    from voices.nlp._pieces import pieces

    text = "one two three\n\nfour five six seven " * 50
    cut = list(pieces(text, 100))
    assert "".join(p for _, p in cut) == text and all(len(p) <= 100 for _, p in cut)
    assert [o for o, _ in cut] == [sum(len(p) for _, p in cut[:i]) for i in range(len(cut))]
    assert all(p.endswith(("\n\n", " ")) for _, p in cut[:-1])
    assert list(pieces("", 10)) == [(0, "")]


def test_long_text_is_redacted_in_pieces(monkeypatch):
    import voices.nlp._pieces as pieces_module

    monkeypatch.setattr(pieces_module, "PIECE_CHARS", 2_000)
    filler = "The caseloads in the team were far too high that year. " * 60
    text = filler + "I spoke to Maria Lopez about it. " + filler + "Ring 020 7946 0018. " + filler
    out = Redactor().redact(text, "long")
    assert "Maria" not in out and "Lopez" not in out and "7946" not in out
    assert out.count("[PERSON]") == 1 and out.count("[PHONE]") == 1 and len(text) > 3 * 2_000
