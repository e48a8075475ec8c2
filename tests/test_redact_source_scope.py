"""A redacted output of one source hides the corpus's other commenters where its texts name them.

A redactor hides its authors' names wherever a text names them. Exports, reports and quotes of
``--source X`` gave it only X's authors, so a commenter of another thread, named in X's texts
("Zed never listened"), was hidden in the whole corpus's export and shown in the one-source export.
"""

from __future__ import annotations

import io
import json

from report_fixtures import FakeStance, FakeThemes, no_entities
from store_fixtures import make_corpus

from voices.classify import classify_corpus
from voices.export import export_corpus
from voices.ids import source_id
from voices.report import build_report, render
from voices.schemas import Record, Source
from voices.store import Corpus
from voices.store.report_docs import ReportDocs

FIRST = Source(title="Registration for directors", kind="thread", url="https://example.org/news/registration")
SECOND = Source(title="Pay and caseloads", kind="thread", url="https://example.org/news/pay")
NAMING = "Zed never listened. Leaders must be social workers, or the team leaves."


def _corpus(path):
    make_corpus(path, [
        Record(FIRST, "comment", "Directors must be registered social workers.", "1", author="Zed Quillfeather",
               posted_at="2024-03-01T09:00:00"),
        Record(SECOND, "comment", NAMING, "1", author="Rhys Pemberton", posted_at="2024-03-02T09:00:00"),
        Record(SECOND, "reply", "Leaders need time with families on the frontline.", "2", parent_key="1",
               author="Una Halloran", posted_at="2024-03-02T10:00:00"),
    ])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def _export(path, sources=None) -> list[dict]:
    out = io.StringIO()
    export_corpus(path, "jsonl", stream=out, redact=True, source_ids=sources)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_an_export_of_one_source_hides_a_commenter_of_another_named_in_it(tmp_path, monkeypatch):
    monkeypatch.setattr("voices.redact._redactor._default_finder", no_entities)
    path = _corpus(tmp_path / "c.duckdb")
    whole = {r["text"] for r in _export(path)}
    assert "[PERSON] never listened. Leaders must be social workers, or the team leaves." in whole
    rows = _export(path, [source_id(SECOND)])
    assert [r["text"] for r in rows] == ["[PERSON] never listened. Leaders must be social workers, or the team leaves.",
                                         "Leaders need time with families on the frontline."]
    # the source's own authors keep the numbers they had before: by first appearance in the output
    assert [r["author"] for r in rows] == ["Commenter 1", "Commenter 2"]


def test_a_report_of_one_source_hides_a_commenter_of_another_named_in_it(tmp_path):
    path = _corpus(tmp_path / "c.duckdb")
    report = render(build_report(path, [source_id(SECOND)], redact=True, stance_model=FakeStance(),
                                 entities=no_entities), "md")
    assert "\\[PERSON\\] never listened" in report  # Markdown escapes the brackets
    assert "Zed" not in report and "Quillfeather" not in report and "Pemberton" not in report


def test_report_docs_of_one_source_list_its_authors_first_then_the_corpus_others(tmp_path):
    path = _corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c, ReportDocs.from_corpus(c, [source_id(SECOND)]) as docs:
        assert docs.authors() == ["Rhys Pemberton", "Una Halloran", "Zed Quillfeather"]
    with Corpus.open(path) as c, ReportDocs.from_corpus(c) as docs:  # the whole corpus: nothing to add
        assert sorted(docs.authors()) == ["Rhys Pemberton", "Una Halloran", "Zed Quillfeather"]
