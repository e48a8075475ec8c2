"""Redaction: every kind of identifier, author-name rules, pseudonyms, the entity cache, whole reports."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from report_fixtures import CONSULT, PLANTED, QUESTION, THREAD, FakeStance, classified_corpus, no_entities

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


def test_comment_system_words_ner_calls_a_person_are_no_one():
    """The WordPress theme unit test's replies, "Comment Depth 01" to "Comment Depth 10", exported as
    "[PERSON] 01": spaCy's NER calls "Comment Depth" a PERSON. A name beside them is still hidden."""
    r = Redactor(["Social worker"])
    assert r.redact("Comment Depth 01", "d1") == "Comment Depth 01"
    assert r.redact("Comment Depth 07 has a little bit.", "d2") == "Comment Depth 07 has a little bit."
    assert r.redact("I spoke to Maria Lopez about it.", "d3") == "I spoke to [PERSON] about it."


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


def test_classify_entities_fills_the_cache_and_export_reuses_it(tmp_path, monkeypatch):
    from voices.export import export_corpus
    from voices.redact import cache_entities

    path = classified_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True) as c:
        n_docs = c.count_documents()
        done = []
        stored = cache_entities(c, entities=lambda ts: [[(0, 4, "PERSON")] if t.startswith("Jane") else []
                                                        for t in ts], batch=3,
                                progress=lambda d, t: done.append((d, t)))
        cached = c.sql("SELECT count(*) FROM prepared WHERE version LIKE ?", [NER_VERSION + ":%"]).fetchone()[0]
        assert cache_entities(c, entities=lambda ts: pytest.fail("all cached")) == 0
    assert stored == cached == n_docs and done[-1] == (n_docs, n_docs) and len(done) == -(-n_docs // 3)

    import voices.redact._redactor as redactor_module

    with Corpus.open(path) as c:
        documents = {t for (t,) in c.sql("SELECT text FROM documents").fetchall()}
    fields = {CONSULT.title, THREAD.title, QUESTION, "individual", "organisation", "Agree", "Disagree", "Strongly agree"}

    def no_ner(texts):  # titles, questions, respondent types and closed answers are no documents: read once each
        assert set(texts) <= fields and not set(texts) & documents, f"NER ran on {texts} though cached"
        return [[] for _ in texts]

    before = path.read_bytes()
    monkeypatch.setattr(redactor_module, "_default_finder", no_ner)
    rows = []
    export_corpus(path, "jsonl", stream=io.StringIO(), redact=True, progress=lambda d, t: rows.append((d, t)))
    assert rows[-1] == (n_docs, n_docs) and path.read_bytes() == before


def test_redacted_report_finds_entities_without_a_cache(tmp_path):
    path = classified_corpus(tmp_path / "c.duckdb")
    seen: list[str] = []
    build_report(path, redact=True, stance_model=FakeStance(), entities=lambda t: seen.extend(t) or [[] for _ in t])
    with Corpus.open(path) as c:
        assert c.sql("SELECT count(*) FROM prepared WHERE version LIKE ?", [NER_VERSION + ":%"]).fetchone()[0] == 0
        n_docs = c.count_documents()
        texts = {t for (t,) in c.sql("SELECT text FROM documents").fetchall()}
    # only the documents the report shows (besides titles, questions, respondent types and closed answers)
    shown = [t for t in seen if t in texts]
    assert 0 < len(shown) < n_docs and len(shown) == len(set(shown))
    assert {"individual", "Strongly agree"} <= set(seen)  # redacted like --by values since safe29


def test_redacted_report_reads_cached_entities_and_runs_ner_once(tmp_path, monkeypatch):
    import voices.redact._redactor as redactor_module
    from voices.redact import cache_entities

    path = classified_corpus(tmp_path / "c.duckdb")
    calls: list[int] = []
    with Corpus.open(path) as c:
        documents = {t for (t,) in c.sql("SELECT text FROM documents").fetchall()}

    def finder(texts):  # titles, questions, respondent types and closed answers are no documents: not cached
        if set(texts) & documents:
            calls.append(len(texts))
        return [[] for _ in texts]

    monkeypatch.setattr(redactor_module, "_default_finder", finder)
    plain = render(build_report(path, redact=True, stance_model=FakeStance()), "json")
    assert calls and max(calls) > 1  # the shown texts go through NER together, not one call each
    with Corpus.open(path, write=True) as c:
        # cached entities unlike what the finder says (the first word of every text a name)
        cache_entities(c, entities=lambda ts: [[(0, len(t.split()[0]), "PERSON")] if t.split() else [] for t in ts])
    calls.clear()
    before = path.read_bytes()
    cached = render(build_report(path, redact=True, stance_model=FakeStance()), "json")
    assert calls == [] and path.read_bytes() == before
    assert cached.count("[PERSON]") > plain.count("[PERSON]")


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


def test_classify_with_entities_stores_them_for_every_document(tmp_path):
    from report_fixtures import FakeThemes, make_report_corpus

    from voices import api

    path = make_report_corpus(tmp_path / "c.duckdb")
    events = []
    api.classify(path, stance_model=FakeStance(), themes_model=FakeThemes(), entities=True, progress=events.append)
    with Corpus.open(path) as c:
        with_text = c.sql("SELECT count(*) FROM documents WHERE text IS NOT NULL").fetchone()[0]
        cached = dict(c.sql("SELECT doc_id, data FROM prepared WHERE version LIKE ?", [NER_VERSION + ":%"]).fetchall())
    assert len(cached) == with_text > 0
    assert any(lab == "PERSON" for data in cached.values() for *_, lab in json.loads(data))  # spaCy found names
    done = [e for e in events if e.stage == "entities"]
    assert done and (done[-1].done, done[-1].total) == (with_text, with_text)
