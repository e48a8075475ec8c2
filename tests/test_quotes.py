"""``voices quotes`` and the report's evidence for each theme (quotes from every stance, shares by group)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from report_fixtures import CONSULT, THREAD, FakeStance, FakeThemes, classified_corpus, no_entities
from store_fixtures import make_corpus
from typer.testing import CliRunner

import voices
from voices.api.quotes import QUOTE_FIELDS
from voices.cli import app
from voices.report import render
from voices.report.build import build_report
from voices.schemas import Record
from voices.store import Corpus

runner = CliRunner()

PAY_TEXT = ("I have worked here for ten years. My pay is frozen again, write to me at pat.jones@example.org "
            "or ring 020 7946 0018 about pay.")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def rows_of(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output.lstrip("\ufeff"))))


def doc_id(path, where: str, *params: object) -> str:
    with Corpus.open(path) as c:
        return c.sql(f"SELECT id FROM documents WHERE {where}", list(params)).fetchall()[0][0]


@pytest.fixture
def corpus(tmp_path):
    return classified_corpus(tmp_path / "c.duckdb")


@pytest.fixture
def planted(tmp_path):
    """One comment about pay with an e-mail, a phone number and an author's name in its best sentence."""
    from voices.classify import classify_corpus

    path = make_corpus(tmp_path / "p.duckdb", [
        Record(THREAD, "comment", PAY_TEXT, "p1", author="Patricia Jones", posted_at="2024-03-04T10:00:00"),
        Record(THREAD, "comment", "Directors must be social workers.", "p2", author="Sam", posted_at="2024-03-05"),
    ])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def test_every_text_of_a_theme_with_its_best_sentence(corpus):
    result = run("quotes", "--corpus", corpus, "--theme", "Pay", "--no-redact")
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert [r["quote"] for r in rows] == ["My caseload is 30 and pay is frozen."]
    (row,) = rows
    assert row["author"] == "Long in the tooth" and row["posted_at"] == "2024-01-04T11:00:00"
    assert row["stance"] == "social_work_leaders" and row["themes"] == "burnout;pay" and row["label_source"] == "model"
    assert row["id"] == doc_id(corpus, "author = 'Long in the tooth'")
    assert tuple(row) == QUOTE_FIELDS


def test_a_persons_label_wins_and_stance_none_works(corpus):
    thanks = doc_id(corpus, "text LIKE 'Thanks for the article%'")
    voices.label(corpus, thanks, stance="none", themes=["pay"], by="tester")
    result = run("quotes", "--corpus", corpus, "--theme", "pay", "--stance", "none", "--no-redact", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["theme"] == "pay" and data["theme_name"] == "Pay" and data["redacted"] is False
    assert [(q["id"], q["stance"], q["label_source"], q["quote"]) for q in data["quotes"]] == [
        (thanks, "none", "human", "Thanks for the article, good read.")]


def test_redacted_by_default(planted):
    out = run("quotes", "--corpus", planted, "--theme", "pay", "--format", "md")
    assert out.exit_code == 0, out.output
    for secret in ("pat.jones@example.org", "020 7946 0018", "Patricia Jones", doc_id(planted, "author = 'Patricia Jones'")):
        assert secret not in out.stdout
    assert "My pay is frozen again" in out.stdout and "4 Mar 2024" in out.stdout
    plain = run("quotes", "--corpus", planted, "--theme", "pay", "--format", "md", "--no-redact")
    assert "pat.jones@example.org" in plain.stdout and "Patricia Jones" in plain.stdout


def test_csv_cells_are_never_formulas(tmp_path):
    from voices.classify import classify_corpus

    path = make_corpus(tmp_path / "f.duckdb", [
        Record(THREAD, "comment", "=HYPERLINK(\"http://x\") my pay is frozen.", "f1", author="@evil", posted_at="2024-03-04")])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    out = tmp_path / "q.csv"
    assert run("quotes", "--corpus", path, "--theme", "pay", "--no-redact", "--out", out).exit_code == 0
    (row,) = rows_of(out.read_text(encoding="utf-8-sig"))
    assert row["quote"].startswith("'=") and row["author"] == "'@evil"


@pytest.mark.parametrize(("args", "says"), [
    (["--theme", "nope"], "unknown theme 'nope'"),
    (["--theme", "pay", "--stance", "maybe"], "unknown stance 'maybe'"),
    (["--theme", "pay", "--source", "zzzz"], "zzzz"),
    (["--theme", "pay", "--format", "xml"], "unknown quotes format 'xml'"),
    (["--theme", "d-00000000"], "no discovered theme 'd-00000000'"),
])
def test_bad_input_exits_2_with_one_line(corpus, args, says):
    result = run("quotes", "--corpus", corpus, *args)
    assert result.exit_code == 2 and says in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_unclassified_corpus_says_run_classify(tmp_path):
    path = make_corpus(tmp_path / "u.duckdb")
    result = run("quotes", "--corpus", path, "--theme", "pay")
    assert result.exit_code == 2 and "run voices classify first" in result.output


def test_discovered_theme_members(corpus):
    ids = [doc_id(corpus, "author = 'Mo'"), doc_id(corpus, "author = 'Reader'")]
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("INSERT INTO discovered_themes VALUES ('run1', now(), '{}', ?)", [json.dumps(
            {"themes": [{"id": "d-1a2b3c4d", "name": "thanks / article", "terms": ["thanks"], "size": 2,
                         "stability": 0.9, "doc_ids": ids, "exemplars": []}]})])
    result = run("quotes", "--corpus", corpus, "--theme", "d-1a2b3c4d", "--no-redact")
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in rows_of(result.stdout)) == sorted(ids)


def test_a_deleted_text_is_never_quoted(corpus):
    campaign = doc_id(corpus, "respondent_id = 'R5'")
    before = rows_of(run("quotes", "--corpus", corpus, "--theme", "registration", "--no-redact").stdout)
    assert campaign in {r["id"] for r in before}
    voices.delete(corpus, respondent="R5")
    after = rows_of(run("quotes", "--corpus", corpus, "--theme", "registration", "--no-redact").stdout)
    assert campaign not in {r["id"] for r in after} and len(after) == len(before) - 1
    report = build_report(corpus)
    quoted = {q.doc_id for t in report.theme_evidence.themes for q in t.quotes}
    assert campaign not in quoted


# ---- the report's evidence for each theme ----------------------------------------------------

def test_report_evidence_has_quotes_from_every_stance_and_shares(corpus):
    thanks = doc_id(corpus, "text LIKE 'Thanks for the article%'")
    voices.label(corpus, thanks, stance="none", themes=["pay"], by="tester")
    report = build_report(corpus)
    by_theme = {t.theme: t for t in report.theme_evidence.themes}
    assert list(by_theme) == [t.theme for t in report.themes]
    pay = by_theme["pay"]
    assert pay.count == 2 and {q.stance for q in pay.quotes} == {"social_work_leaders", "none"}
    assert [q.text for q in pay.quotes] == ["My caseload is 30 and pay is frozen.", "Thanks for the article, good read."]
    assert [(s.key, s.count, s.total) for s in pay.shares["source"]] == [(THREAD.title, 2, 8)]
    assert [s.key for s in pay.shares["month"]] == ["2024-01", "2024-02"]
    assert "question" not in pay.shares  # the thread has no questions; the consultation one has no pay
    registration = by_theme["registration"]
    assert {(s.key, s.count) for s in registration.shares["source"]} >= {(CONSULT.title, 1)}


def test_report_renders_the_evidence_in_every_format(corpus):
    report = build_report(corpus, redact=True, entities=no_entities)
    md = render(report, "md")
    assert "## Evidence for each theme" in md and "### Pay (1 text)" in md
    assert "My caseload is 30 and pay is frozen." in md and "Long in the tooth" not in md.split("## Evidence")[1].split("##")[0]
    html = render(report, "html")
    assert 'id="theme-evidence"' in html and 'href="#theme-evidence"' in html
    table = render(report, "table")
    assert "Evidence for each theme" in table and "Pay: 1 text" in table
    data = json.loads(render(report, "json"))
    assert [t["theme"] for t in data["theme_evidence"]["themes"]] == [t.theme for t in report.themes]
    rows = rows_of(render(report, "csv").lstrip("\ufeff"))
    share = [r for r in rows if r["table"] == "theme_shares" and r["row"] == "pay" and r["measure"] == "share"]
    assert share and share[0]["scope"] == f"source:{THREAD.title}"


def test_report_lists_discovered_themes_not_adopted(corpus):
    mo = doc_id(corpus, "author = 'Mo'")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("INSERT INTO discovered_themes VALUES ('run1', now(), '{}', ?)", [json.dumps(
            {"run_id": "run1",
             "themes": [{"id": "d-00000001", "name": "supervision / support", "terms": ["supervision", "support"],
                         "size": 5, "stability": 0.83, "doc_ids": []},
                        {"id": "d-00000002", "name": "pay", "terms": ["pay"], "size": 3, "stability": 0.9, "doc_ids": []},
                        {"id": "d-00000003", "name": "rotas", "terms": ["rota"], "size": 2, "stability": 0.7,
                         "doc_ids": []}]})])
        c.sql("INSERT INTO review_queue VALUES (?, 'learning', 'adopted:d-00000003', now())",
              [mo])
    report = build_report(corpus)
    found = report.theme_evidence.discovered
    assert [(d.id, d.name, d.size, d.terms) for d in found] == [
        ("d-00000001", "supervision / support", 5, ["supervision", "support"])]
    assert report.theme_evidence.discovered_run == "run1"
    assert "voices themes adopt ID" in render(report, "md")


def test_an_adopted_theme_rediscovered_under_a_new_id_is_not_listed_again(corpus):
    with Corpus.open(corpus, write=True) as c, c.transaction():
        ids = [r[0] for r in c.sql("SELECT id FROM documents WHERE kind <> 'article' ORDER BY id LIMIT 4").fetchall()]
        for d in ids[:3]:  # adopted from an older run as d-0000000a: its three members were queued
            c.sql("INSERT INTO review_queue VALUES (?, 'learning', 'adopted:d-0000000a', now())", [d])
        c.sql("INSERT INTO discovered_themes VALUES ('run2', now(), '{}', ?)", [json.dumps(
            {"run_id": "run2",
             "themes": [{"id": "d-0000000b", "name": "same texts", "terms": ["x"], "size": 3, "stability": 0.8,
                         "doc_ids": ids[1:4]},  # 2 of 4 texts shared: Jaccard 0.5, the same theme
                        {"id": "d-0000000c", "name": "other texts", "terms": ["y"], "size": 2, "stability": 0.8,
                         "doc_ids": ids[2:4]}]})])  # 1 of 4 shared: a new theme
    found = build_report(corpus).theme_evidence.discovered
    assert [d.id for d in found] == ["d-0000000c"]


def test_a_discovered_theme_needs_no_classified_corpus(tmp_path):
    path = make_corpus(tmp_path / "u.duckdb")
    ids = [doc_id(path, "kind <> 'article' AND text IS NOT NULL ORDER BY id LIMIT 1")]
    with Corpus.open(path, write=True) as c, c.transaction():
        c.sql("INSERT INTO discovered_themes VALUES ('run1', now(), '{}', ?)", [json.dumps(
            {"run_id": "run1", "themes": [{"id": "d-0000000a", "name": "unsure", "terms": ["sure"], "size": 1,
                                           "stability": 0.9, "doc_ids": ids, "exemplars": []}]})])
    result = run("quotes", "--corpus", path, "--theme", "d-0000000a", "--no-redact")
    assert result.exit_code == 0, result.output
    (row,) = rows_of(result.stdout)
    assert row["id"] == ids[0] and row["stance"] == "" and row["label_source"] == "model"


def test_report_quote_records_carry_the_export_and_quotes_field_names(corpus):
    """The report's JSON named a quote's document `doc_id` and its sentence `text` where `voices export`
    and `voices quotes` say `id` and `quote` (and `label_source` for `human_label`): same facts, other names."""
    report = json.loads(run("report", "--corpus", corpus, "--format", "json", "--no-redact").stdout)
    listed = json.loads(run("quotes", "--corpus", corpus, "--theme", "pay", "--format", "json", "--no-redact").stdout)
    by_id = {q["id"]: q for q in listed["quotes"]}
    evidence = next(t for t in report["theme_evidence"]["themes"] if t["theme"] == "pay")["quotes"]
    stance_quotes = [q for qs in report["quotes"].values() for q in qs]
    assert evidence and stance_quotes
    for q in evidence + stance_quotes:
        assert set(QUOTE_FIELDS) - {"themes"} <= set(q), sorted(q)
        assert (q["id"], q["quote"]) == (q["doc_id"], q["text"])
        assert q["label_source"] == ("human" if q["human_label"] else "model")
    for q in evidence:  # the same document, source and sentence as voices quotes gives for the theme
        assert by_id[q["id"]]["quote"] == q["quote"] and by_id[q["id"]]["label_source"] == q["label_source"]
        assert (q["source_id"], q["source_title"]) == (by_id[q["id"]]["source_id"], by_id[q["id"]]["source_title"])
    titles = {s["source_id"]: s["source_title"] for s in report["sources"]}
    assert all(titles[q["source_id"]] == q["source_title"] for q in stance_quotes)  # a quote's source_id was missing
    for item in report["review_low_confidence"] + report["review_flips"] + report["consultation"]["disagreements"]:
        assert item["id"] == item["doc_id"]
