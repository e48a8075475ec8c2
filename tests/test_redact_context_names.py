"""A name part a question (or a reply's parent) gives is hidden in the answer shown beside it.

Repeats were found within one text only: under "Q3. Your thoughts on Mira Tallis's plan?" the
answer "the Tallis plan is fine" kept "Tallis", and a reader of the export sees both. The rule is the
within-text repeat's (``redact.recurring``): only parts that cannot be everyday words.
"""

from __future__ import annotations

import json

import pandas as pd
from store_fixtures import make_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.redact import Redactor, redact_frame
from voices.report._text import Texts
from voices.schemas import Record, Source

runner = CliRunner()

RULES = {"entities": lambda ts: [[] for _ in ts]}  # patterns and rules only: the same on every machine
CONSULT = Source(title="Plans consultation", kind="consultation")
THREAD = Source(title="Plans thread", kind="thread")
NAMED_Q = "Q3. Your thoughts on Mira Tallis's plan?"
WORDS_Q = "Q4. Your thoughts on Will Rose's plan?"


def _answer(n: int, question: str, text: str) -> Record:
    qid = question.split(".")[0]
    return Record(CONSULT, "consultation_answer", text, f"R{n}:{qid}", native_id=f"R{n}:{qid}", question_id=qid,
                  question=question, respondent_id=f"R{n}", respondent_type="individual")


RECORDS = [
    _answer(1, NAMED_Q, "the tallis plan is fine, I agree with Tallis."),
    _answer(2, WORDS_Q, "I will go; the rose garden is fine."),  # "Will", "Rose" are words: kept
    Record(THREAD, "comment", "Mira Tallis's plan is costed.", "c1", author="Sam", posted_at="2024-03-05T10:00:00"),
    Record(THREAD, "comment", "Is the tallis plan fair?", "c2", parent_key="c1", author="Kim",
           posted_at="2024-03-06T10:00:00"),
    Record(THREAD, "comment", "Tallis again, elsewhere.", "c3", author="Jo", posted_at="2024-03-07T10:00:00"),
]


def test_redacted_export_hides_the_names_a_question_or_parent_gives(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb", RECORDS)
    for fmt in ("jsonl", "csv"):
        result = runner.invoke(app, ["export", "--format", fmt, "--redact", "--corpus", str(path)])
        assert result.exit_code == 0, result.output
        assert "tallis plan" not in result.stdout.casefold() and "with Tallis" not in result.stdout, fmt
    rows = [json.loads(x) for x in runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--corpus",
                                                       str(path)]).stdout.splitlines()]
    texts = {r["text"] for r in rows}
    assert {"the [PERSON] plan is fine, I agree with [PERSON].", "I will go; the rose garden is fine.",
            "Is the [PERSON] plan fair?"} <= texts
    assert {r["question"] for r in rows if r["question"]} == {"Q3. Your thoughts on [PERSON]'s plan?",
                                                           "Q4. Your thoughts on [PERSON]'s plan?"}


def test_only_the_text_beside_it_gives_names():
    """A comment with no parent naming Tallis, and a row under another question, keep the word: the
    names come from the question or parent shown with the text, not from the whole output."""
    frame = pd.DataFrame({"id": ["d1", "d2", "d3"], "author": ["A", "B", "C"], "parent_id": [None, None, "d1"],
                          "question": [NAMED_Q, None, None],
                          "text": ["Tallis plan is fine.", "Tallis plan, said no one.", "So tallis it is."]})
    shown = redact_frame(frame, Redactor(["A", "B", "C"], **RULES))
    assert list(shown["text"]) == ["[PERSON] plan is fine.", "Tallis plan, said no one.", "So [PERSON] it is."]
    plain = redact_frame(frame.assign(question=None), Redactor(["A", "B", "C"], **RULES))
    assert list(plain["text"]) == ["Tallis plan is fine.", "Tallis plan, said no one.", "So tallis it is."]


def test_a_report_snippet_shown_by_its_question_hides_its_names():
    texts = Texts(Redactor(**RULES))
    assert texts.snippet("d1", "the Tallis plan is fine", question=NAMED_Q) == "the [PERSON] plan is fine"
    assert texts.snippet("d2", "the Tallis plan is fine") == "the Tallis plan is fine"
    assert Texts().snippet("d1", "the Tallis plan is fine", question=NAMED_Q) == "the Tallis plan is fine"


def _classified(tmp_path):
    from report_fixtures import FakeStance, FakeThemes

    from voices.classify import classify_corpus

    path = make_corpus(tmp_path / "q.duckdb", [
        _answer(1, NAMED_Q, "The tallis plan on pay is fine, as leaders must be social workers."),
        _answer(2, WORDS_Q, "The rose garden plan on pay will do; leaders must be social workers.")])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def test_report_and_quotes_hide_the_names_a_quoted_answers_question_gives(tmp_path):
    """The export hid "tallis" under "Mira Tallis's plan?", while the redacted report's theme and stance
    quotes and ``voices quotes`` showed "The tallis plan on pay is fine, ..." beside "[PERSON]'s plan?"."""
    from report_fixtures import no_entities

    from voices.report import render
    from voices.report.build import build_report

    path = _classified(tmp_path)
    report = build_report(path, redact=True, entities=no_entities)
    shown = [q.text for t in report.theme_evidence.themes for q in t.quotes]
    assert sorted(shown) == ["The [PERSON] plan on pay is fine, as leaders must be social workers.",
                             "The rose garden plan on pay will do; leaders must be social workers."]
    assert sorted(q.text for qs in report.quotes.values() for q in qs) == sorted(shown)
    for fmt in ("md", "json", "csv", "html"):
        assert "tallis" not in render(report, fmt).casefold(), fmt
    out = runner.invoke(app, ["quotes", "--corpus", str(path), "--theme", "pay", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert sorted(q["quote"] for q in json.loads(out.stdout)["quotes"]) == sorted(shown)
    plain = build_report(path, redact=False)
    plain_quotes = [q.text for t in plain.theme_evidence.themes for q in t.quotes]
    assert "The tallis plan on pay is fine, as leaders must be social workers." in plain_quotes


def test_a_discovered_themes_exemplar_hides_the_names_its_question_gives():
    import numpy as np

    from voices.themes._assemble import _exemplars

    frame = pd.DataFrame({"id": ["d1", "d2"], "author": [None, None], "question": [NAMED_Q, None],
                          "text": ["The tallis plan is fine.", "The tallis plan is fine."]})
    got = _exemplars(frame, np.ones((2, 1)), 0, np.array([True, True]), lambda p: 0.0, Redactor(**RULES))
    assert got == [{"doc_id": "d1", "text": "The [PERSON] plan is fine.", "id": "d1",
                    "quote": "The [PERSON] plan is fine."},
                   {"doc_id": "d2", "text": "The tallis plan is fine.", "id": "d2", "quote": "The tallis plan is fine."}]


def test_a_question_naming_no_one_is_redacted_once_for_all_its_answers(monkeypatch):
    """Each answer asked for its question's names again, and a question that named no one was run
    through every rule once per answer (20,000 times in a 20,000-answer export)."""
    seen: list[str | None] = []
    spans = Redactor.spans

    def counted(self, text, doc_id=None, context=()):
        seen.append(doc_id)
        return spans(self, text, doc_id, context)

    monkeypatch.setattr(Redactor, "spans", counted)
    question = "Q1. Should directors be social workers?"
    frame = pd.DataFrame({"id": ["d1", "d2", "d3"], "author": [None] * 3, "question": [question] * 3,
                          "text": ["Yes, Tallis plan.", "No.", "Maybe."]})
    shown = redact_frame(frame, Redactor(**RULES))
    assert list(shown["text"]) == ["Yes, Tallis plan.", "No.", "Maybe."]
    assert seen.count(f"question:{question}") == 1
    assert sorted(d for d in seen if d and d.startswith("d")) == ["d1", "d2", "d3"]


PARENT = "Kemi Okafor set the targets for this team last spring."
REPLY = "okafor is wrong about caseloads and burnout"


def _reply_corpus(tmp_path):
    from report_fixtures import FakeStance, FakeThemes

    from voices.classify import classify_corpus

    path = make_corpus(tmp_path / "r.duckdb", [
        Record(THREAD, "comment", PARENT, "p1", author="Sam", posted_at="2024-03-05T10:00:00"),
        Record(THREAD, "reply", REPLY, "r1", parent_key="p1", author="Kim", posted_at="2024-03-06T10:00:00")])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def _outputs(path) -> dict[str, str]:
    calls = {"md": ["report", "--format", "md"], "html": ["report", "--format", "html"],
             "quotes": ["quotes", "--theme", "burnout", "--format", "json"],
             "export": ["export", "--format", "jsonl", "--redact"]}
    out = {}
    for name, args in calls.items():
        result = runner.invoke(app, [*args, "--corpus", str(path)])
        assert result.exit_code == 0, (name, result.output)
        out[name] = result.stdout.replace("\\[", "[").replace("\\]", "]")  # markdown escapes brackets
    return out


def test_a_replys_quote_hides_the_names_its_parent_gives_in_every_output(tmp_path):
    """``export --redact`` hid "okafor" in the reply under "Kemi Okafor set the targets", while the redacted
    report's theme quotes and ``voices quotes`` showed "okafor is wrong about caseloads and burnout"."""
    path = _reply_corpus(tmp_path)
    out = _outputs(path)
    for name, shown in out.items():
        assert "okafor" not in shown.casefold(), name
        assert "[PERSON] is wrong about caseloads and burnout" in shown, name
    assert [q["quote"] for q in json.loads(out["quotes"])["quotes"]
            if "wrong" in q["quote"]] == ["[PERSON] is wrong about caseloads and burnout"]
    plain = runner.invoke(app, ["quotes", "--theme", "burnout", "--no-redact", "--format", "json",
                                "--corpus", str(path)])
    assert plain.exit_code == 0, plain.output
    assert REPLY in [q["quote"] for q in json.loads(plain.stdout)["quotes"]]


def test_a_reply_whose_parent_was_deleted_is_still_quoted(tmp_path):
    import duckdb

    path = _reply_corpus(tmp_path)
    with duckdb.connect(str(path), read_only=True) as con:
        (parent,) = con.execute("SELECT id FROM documents WHERE kind = 'comment'").fetchone()
    gone = runner.invoke(app, ["delete", "--id", parent, "--corpus", str(path)])
    assert gone.exit_code == 0, gone.output
    out = _outputs(path)
    # the parent's text is gone from every output, so no output names Kemi Okafor beside it; all agree
    assert [q["quote"] for q in json.loads(out["quotes"])["quotes"]] == [REPLY]
    assert [json.loads(r)["text"] for r in out["export"].splitlines()] == [REPLY]
    for name, shown in out.items():
        assert "kemi" not in shown.casefold() and REPLY in shown, name


def test_a_report_from_a_frame_hides_a_parents_names_from_another_source():
    """The parent is read from the whole frame, even when only the reply's source is reported."""
    from voices.store.report_docs import ReportDocs

    frame = pd.DataFrame({"id": ["p1", "r1"], "source_id": ["s1", "s2"], "parent_id": [None, "p1"],
                          "text": [PARENT, REPLY], "author": ["Sam", "Kim"]})
    with ReportDocs.from_frame(frame) as docs:
        (row,) = docs._with_texts("SELECT ord, id FROM report_docs WHERE source_id = 's2'")
    assert row["parent"] == ("p1", PARENT)
    texts = Texts(Redactor(entities=lambda ts: [[(0, 11, "PERSON")] if t.startswith("Kemi") else [] for t in ts]))
    assert texts.window("r1", REPLY, parent=row["parent"]) == "[PERSON] is wrong about caseloads and burnout"
    assert Texts().window("r1", REPLY, parent=row["parent"]) == REPLY


def test_a_discovered_themes_exemplar_hides_the_names_its_parent_gives(tmp_path):
    import numpy as np

    from voices.store.corpus import Corpus
    from voices.store.discovered import discovery_frame
    from voices.themes._assemble import _exemplars

    path = _reply_corpus(tmp_path)
    with Corpus.open(path) as c:
        frame = discovery_frame(c, None, "v-test")
    reply = frame[frame["text"] == REPLY].reset_index(drop=True)
    assert list(reply["parent_text"]) == [PARENT]
    finds = Redactor(entities=lambda ts: [[(0, 11, "PERSON")] if t.startswith("Kemi") else [] for t in ts])
    got = _exemplars(reply, np.ones((1, 1)), 0, np.array([True]), lambda p: 0.0, finds)
    assert [e["text"] for e in got] == ["[PERSON] is wrong about caseloads and burnout"]
    plain = _exemplars(reply.drop(columns=["parent_text"]), np.ones((1, 1)), 0, np.array([True]), lambda p: 0.0,
                       Redactor(**RULES))
    assert [e["text"] for e in plain] == [REPLY]
