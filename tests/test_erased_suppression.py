"""Erased documents stay erased: ``voices delete`` remembers them (keyed digests only) and ingest skips them.

Before, ingesting the same file again after ``voices delete --respondent R`` said "2 documents
added": the erased person was back the next time a colleague re-ran the usual command.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.ids import keyed_id
from voices.store import Corpus
from voices.store.secrets import redaction_key

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "ingest"
SAMPLES = HERE.parent / "corpora" / "samples"
runner = CliRunner()

SKIPPED_LINE = "skipped: erased from this corpus earlier (voices delete); --readmit-erased stores them again"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def ingest(corpus: Path, *paths: object, extra: tuple[str, ...] = ()) -> dict:
    res = run("ingest", *paths, "--corpus", corpus, "--json", *extra)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def delete(corpus: Path, *args: str) -> None:
    res = run("delete", *args, "--corpus", corpus)
    assert res.exit_code == 0, res.output


def texts(corpus: Path, where: str = "TRUE", params: tuple = ()) -> list[str]:
    with Corpus.open(corpus) as c:
        return [r[0] for r in c.sql(f"SELECT text FROM documents WHERE {where} ORDER BY text", list(params)).fetchall()]


def erased_table(corpus: Path) -> list[tuple]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT * FROM erased ORDER BY ALL").fetchall()


def only_source(corpus: Path) -> str:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT id FROM sources").fetchall()[0][0]


A1 = ["Pay matters more than titles.", "Registration keeps leaders close to practice.\nSecond line of the same answer."]


# ---- re-ingest after a delete, per format and per way of deleting ---------------------------
def test_a_consultation_csv_ingested_again_does_not_bring_back_an_erased_respondent(tmp_path):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    assert ingest(corpus, csv)["documents_added"] == 4
    assert texts(corpus, "respondent_id = 'A1'") == A1
    delete(corpus, "--respondent", "A1")
    res = run("ingest", csv, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert "0 documents added" in res.stderr and f"; 2 {SKIPPED_LINE}" in res.stderr
    assert "stored once" not in res.stderr  # A1's repeated row (row 5) is not "stored once": it is not stored
    out = ingest(corpus, csv)
    assert (out["documents_added"], out["skipped_erased"], out["skipped_already_present"]) == (0, 2, 2)
    assert out["files"][0]["erased"] == 2
    assert texts(corpus, "respondent_id = 'A1'") == []
    assert texts(corpus) == ["Caseloads are the real problem here.",
                             "Directors lead whole systems and need different skills."]


def test_a_thread_file_ingested_again_after_its_source_was_erased_stores_nothing(tmp_path):
    corpus, thread = tmp_path / "c.duckdb", FIX / "short_thread.txt"
    added = ingest(corpus, thread)["documents_added"]
    assert added == 5
    delete(corpus, "--source", only_source(corpus))
    out = ingest(corpus, thread)
    assert (out["documents_added"], out["skipped_erased"]) == (0, added)
    with Corpus.open(corpus) as c:  # not even the erased source's title comes back
        assert c.count_documents() == 0 and c.summary() == []
    # the same file under another title holds the same people's same comments: still erased
    out = ingest(corpus, thread, extra=("--source-title", "Another name for it"))
    assert (out["documents_added"], out["skipped_erased"]) == (0, added)


def _records(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("sample", ["thread.txt", "comments.html", "wordpress-export.xml", "consultation.xlsx"])
def test_every_sample_format_ingested_again_after_its_source_was_erased_stores_nothing(tmp_path, sample):
    corpus = tmp_path / "c.duckdb"
    added = ingest(corpus, SAMPLES / sample)["documents_added"]
    with Corpus.open(corpus) as c:
        sources = [s.id for s in c.summary()]
    for sid in sources:
        delete(corpus, "--source", sid)
    out = ingest(corpus, SAMPLES / sample)
    assert (out["documents_added"], out["skipped_erased"]) == (0, added)
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 0 and c.summary() == []


RECORDS = [
    {"id": "m1", "text": "Who decides the caseload cap here?", "author": "Ira"},
    {"id": "m2", "text": "The director does, in the end.", "author": "Jo", "parent_id": "m1"},
    {"id": "m3", "text": "Budgets decide it, not people.", "author": "Kit"},
]


@pytest.mark.parametrize("replace", [False, True], ids=["ingest", "ingest --replace"])
def test_a_records_file_ingested_again_after_its_source_was_erased_stores_nothing(tmp_path, replace):
    corpus, path = tmp_path / "c.duckdb", _records(tmp_path / "posts.jsonl", RECORDS)
    assert ingest(corpus, path)["documents_added"] == 3
    delete(corpus, "--source", only_source(corpus))
    out = ingest(corpus, path, extra=("--replace",) if replace else ())
    assert (out["documents_added"], out["skipped_erased"], out["documents_updated"]) == (0, 3, 0)
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 0 and c.summary() == []


def _threaded_corpus(tmp_path: Path) -> Path:
    """A consultation-like thread where each post has a respondent id, and a reply: built through the store."""
    from store_fixtures import THREAD, make_corpus

    from voices.schemas import Record

    return make_corpus(tmp_path / "c.duckdb", [
        Record(THREAD, "comment", "Who decides the caseload cap here?", "1", author="Ira", respondent_id="P1"),
        Record(THREAD, "reply", "The director does, in the end.", "2", parent_key="1", author="Jo",
               respondent_id="P2"),
        Record(THREAD, "comment", "Budgets decide it, not people.", "3", author="Kit", respondent_id="P3"),
    ])


@pytest.mark.parametrize("replace", [False, True], ids=["ingest", "ingest --replace"])
def test_an_export_read_back_keeps_the_erased_parent_out_and_its_reply_detached(tmp_path, replace):
    corpus = _threaded_corpus(tmp_path)
    exported = tmp_path / "before.jsonl"
    assert run("export", "--format", "jsonl", "--out", exported, "--corpus", corpus).exit_code == 0
    delete(corpus, "--respondent", "P1")
    out = ingest(corpus, exported, extra=("--replace",) if replace else ())
    assert (out["documents_added"], out["skipped_erased"], out["documents_updated"]) == (0, 1, 0)
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT respondent_id, parent_id FROM documents ORDER BY respondent_id").fetchall()
    assert rows == [("P2", None), ("P3", None)]  # the reply stays, detached, as delete left it


def test_a_reply_to_an_erased_comment_is_stored_detached_in_a_new_corpus_source(tmp_path):
    """A renamed copy of the export is a new source: the erased parent is skipped, its reply has no parent."""
    corpus = _threaded_corpus(tmp_path)
    exported = tmp_path / "before.csv"
    assert run("export", "--format", "csv", "--out", exported, "--corpus", corpus).exit_code == 0
    delete(corpus, "--respondent", "P1")
    copy = tmp_path / "copy.csv"
    copy.write_text(exported.read_text(encoding="utf-8"), encoding="utf-8")
    out = ingest(corpus, copy, extra=("--format", "records", "--source-title", "copy"))
    assert (out["documents_added"], out["skipped_erased"]) == (2, 1)
    with Corpus.open(corpus) as c:
        # the records reader takes the export's source_title column, and no respondent ids: the copies are new
        rows = c.sql("SELECT author, parent_id FROM documents WHERE respondent_id IS NULL ORDER BY author").fetchall()
    assert rows == [("Jo", None), ("Kit", None)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_written_before_the_delete_and_read_back_stays_erased(tmp_path, fmt):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    exported = tmp_path / f"before.{fmt}"
    res = run("export", "--format", fmt, "--out", exported, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    delete(corpus, "--respondent", "A1")
    out = ingest(corpus, exported)
    assert (out["documents_added"], out["skipped_erased"]) == (0, 2)
    assert texts(corpus, "respondent_id = 'A1'") == []


def test_classify_file_skips_erased_documents_and_says_so(tmp_path, monkeypatch):
    from report_fixtures import FakeStance, FakeThemes

    import voices.classify

    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    delete(corpus, "--respondent", "A1")
    res = run("classify", csv, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert ("0 documents added, 4 skipped as duplicates (2 within files, 2 already in the corpus); "
            "not documents: 3 non-answer, 1 blank answer; "
            "2 skipped: erased from this corpus earlier (voices delete); "
            "voices ingest FILE --readmit-erased stores them again") in res.stderr
    assert texts(corpus, "respondent_id = 'A1'") == []


def test_a_respondent_who_only_rated_does_not_come_back_either(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("Response ID,Which region do you work in?,How would you rate your workload?,"
                    "What would most improve retention?\n"
                    "R1,London,Poor,Caseloads that a person can actually hold without working every evening.\n"
                    "R2,London,Very poor,\n"
                    "R3,Midlands,Fair,Protected time for supervision and reflection on difficult cases.\n",
                    encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    ingest(corpus, path)
    delete(corpus, "--respondent", "R2")
    out = ingest(corpus, path)
    assert (out["documents_added"], out["skipped_erased"], out["skipped_erased_responses"]) == (0, 0, 1)
    with Corpus.open(corpus) as c:
        assert [r[0] for r in c.sql("SELECT respondent_id FROM responses ORDER BY 1").fetchall()] == ["R1", "R3"]


# ---- what is and is not suppressed ------------------------------------------------------------
CAMPAIGN = "I support the Social Workers First campaign: registered leaders for every service."


def _campaign(path: Path, respondents: list[str]) -> Path:
    header = "Respondent ID,Q1. Should directors be registered?,Q1. Please explain your answer.\n"
    path.write_text(header + "".join(f"{r},Agree,{CAMPAIGN}\n" for r in respondents), encoding="utf-8")
    return path


def test_another_respondents_identical_campaign_text_is_still_ingested(tmp_path):
    corpus = tmp_path / "c.duckdb"
    ingest(corpus, _campaign(tmp_path / "wave1.csv", ["C1", "C2"]))
    delete(corpus, "--respondent", "C1")
    out = ingest(corpus, _campaign(tmp_path / "wave2.csv", ["C1", "C3"]), extra=("--source-title", "wave 2"))
    assert (out["documents_added"], out["skipped_erased"]) == (1, 1)  # C3's copy is C3's; C1 stays erased
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id FROM documents ORDER BY 1").fetchall() == [("C2",), ("C3",)]


def test_a_copy_stored_in_another_source_before_the_delete_is_kept_even_by_replace(tmp_path):
    """A respondent id in two sources needs --source to be erased: the other source's copy stays stored,
    and ingesting its file with --replace neither skips nor removes it."""
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    ingest(corpus, csv, extra=("--source-title", "second wave"))
    with Corpus.open(corpus) as c:
        first = c.sql("SELECT id FROM sources WHERE title <> 'second wave'").fetchall()[0][0]
    delete(corpus, "--respondent", "A1", "--source", first)
    out = ingest(corpus, csv, extra=("--source-title", "second wave", "--replace"))
    assert (out["skipped_erased"], out["documents_removed"], out["skipped_already_present"]) == (0, 0, 4)
    assert texts(corpus, "respondent_id = 'A1'") == A1


def test_a_redacted_export_read_back_after_its_source_was_erased_stays_erased(tmp_path, monkeypatch):
    from voices.store import suppression

    monkeypatch.setattr(suppression, "CHUNK", 2)  # the delete digests its documents two at a time
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    redacted = tmp_path / "redacted.jsonl"
    res = run("export", "--format", "jsonl", "--redact", "--out", redacted, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    delete(corpus, "--source", only_source(corpus))
    assert len({row[1] for row in erased_table(corpus)}) == 4  # one entry per erased document
    out = ingest(corpus, redacted)
    assert (out["documents_added"], out["skipped_erased"]) == (0, 4)
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 0


def test_a_row_without_a_respondent_id_does_not_suppress_the_same_row_of_another_survey(tmp_path):
    """Rows without an id are respondents row-2, row-3...: a place, not a person. Row 2 of another
    survey holding the campaign text is another person."""
    corpus = tmp_path / "c.duckdb"
    header = "Q1. Should directors be registered?,Q1. Please explain your answer.\n"
    for name in ("first.csv", "second.csv"):
        (tmp_path / name).write_text(header + f"Agree,{CAMPAIGN}\nDisagree,Directors lead whole systems.\n",
                                     encoding="utf-8")
    ingest(corpus, tmp_path / "first.csv", extra=("--format", "consultation"))
    delete(corpus, "--respondent", "row-2")
    assert texts(corpus) == ["Directors lead whole systems."]
    out = ingest(corpus, tmp_path / "second.csv", extra=("--format", "consultation", "--source-title", "second"))
    assert (out["documents_added"], out["skipped_erased"]) == (2, 0)
    out = ingest(corpus, tmp_path / "first.csv", extra=("--format", "consultation"))
    assert (out["documents_added"], out["skipped_erased"]) == (0, 1)  # the erased row itself stays erased, by id


def test_a_later_copy_of_a_page_whose_anonymous_comments_shifted_keeps_the_stranger_and_not_the_erased(tmp_path):
    """Anonymous, undated comments are ids by place: a comment added above them gave the erased first id to
    a stranger (skipped) and a new id to the erased second comment (stored again). Now they are known by
    source, text and which copy: the stranger is stored, both erased comments stay out, and a third
    "Agree." (the page erased held two) is someone else's."""
    corpus = tmp_path / "c.duckdb"
    old = [{"text": "Agree.", "source": "Page"}, {"text": "Caseloads are the real issue.", "source": "Page"},
           {"text": "Agree.", "source": "Page"}]
    assert ingest(corpus, _records(tmp_path / "page.jsonl", old))["documents_added"] == 3
    delete(corpus, "--source", only_source(corpus))
    later = [{"text": "A new comment from someone else.", "source": "Page"}, *old, {"text": "Agree.", "source": "Page"}]
    out = ingest(corpus, _records(tmp_path / "page-later.jsonl", later))
    assert (out["documents_added"], out["skipped_erased"]) == (2, 3)
    assert texts(corpus) == ["A new comment from someone else.", "Agree."]
    with Corpus.open(corpus) as c:
        # 3 comments: their place, id (looked up only where a file gives it) and keyed id
        assert c.sql("SELECT count(*) FROM erased").fetchall()[0][0] == 9


def _erase_page_a_then_read_page_b(tmp_path: Path, page: list[dict]) -> tuple[Path, Path, dict]:
    """Ingest ``page`` as source "Page A", erase that source, then ingest the same rows as "Page B"."""
    corpus = tmp_path / "c.duckdb"
    a = _records(tmp_path / "a.jsonl", [{**r, "source": "Page A"} for r in page])
    assert ingest(corpus, a)["documents_added"] == len(page)
    delete(corpus, "--source", only_source(corpus))
    return corpus, a, ingest(corpus, _records(tmp_path / "b.jsonl", [{**r, "source": "Page B"} for r in page]))


def test_erasing_a_page_does_not_suppress_strangers_signed_anonymous_or_guest_on_another_page(tmp_path):
    """"Anonymous" and "Guest" are what a site writes for everyone without a name: they were taken as a
    person, so erasing one page's "Anonymous: Agree." skipped every other page's "Anonymous: Agree."."""
    corpus, a, out = _erase_page_a_then_read_page_b(
        tmp_path, [{"text": "Agree.", "author": "Anonymous"}, {"text": "Totally agree with this", "author": "guest"}])
    assert (out["documents_added"], out["skipped_erased"]) == (2, 0)
    out = ingest(corpus, a)  # the erased page itself stays erased
    assert (out["documents_added"], out["skipped_erased"]) == (0, 2)
    assert texts(corpus) == ["Agree.", "Totally agree with this"]


def test_an_export_read_as_records_with_its_text_in_another_field_stays_erased(tmp_path):
    """Read as a records file (``--text-field body``), an export's ``id`` is the record's own id: its voices id
    is made anew from it, and the records reader takes no respondent id, so neither digest matched and the
    erased respondent's answers were stored again. The record's own id is looked up too."""
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    exported = tmp_path / "before.jsonl"
    assert run("export", "--format", "jsonl", "--out", exported, "--corpus", corpus).exit_code == 0
    delete(corpus, "--respondent", "A1")
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    body = _records(tmp_path / "body.jsonl", [{"body": r.pop("text"), **r} for r in rows])
    out = ingest(corpus, body, extra=("--text-field", "body", "--source-title", "a copy"))
    assert (out["documents_added"], out["skipped_erased"]) == (2, 2)
    assert not set(texts(corpus)) & set(A1)


def test_erasing_a_page_does_not_suppress_strangers_same_words_of_the_same_day_on_another_page(tmp_path):
    """An anonymous text was known by its date when it had one: a day alone is shared by everyone who
    posted that day, so another page's anonymous "Agree." of the same day was skipped. A date and time
    still marks the same text in a renamed copy."""
    corpus, _, out = _erase_page_a_then_read_page_b(
        tmp_path, [{"text": "Agree.", "date": "2024-03-04"}, {"text": "Caseloads are impossible.", "date": "2024-03-04 09:12"}])
    assert (out["documents_added"], out["skipped_erased"]) == (1, 1)
    assert texts(corpus) == ["Agree."]  # the timed one is the same post copied: still erased


def test_readmit_erased_stores_them_again_and_takes_them_off_the_list(tmp_path):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    delete(corpus, "--respondent", "A1")
    delete(corpus, "--respondent", "A2")
    assert len(erased_table(corpus)) == 9  # A1: two answers, A2: one; an id, a keyed id and a content digest each
    res = run("ingest", csv, "--corpus", corpus, "--readmit-erased")
    assert res.exit_code == 0, res.output
    assert "3 documents added" in res.stderr and "3 erased earlier stored again (--readmit-erased)" in res.stderr
    assert texts(corpus, "respondent_id IN ('A1', 'A2')") == ["Directors lead whole systems and need different skills.", *A1]
    assert len(erased_table(corpus)) == 0
    out = ingest(corpus, csv)
    assert (out["documents_added"], out["skipped_erased"], out["readmitted_erased"]) == (0, 0, 0)


def test_readmitting_one_file_readmits_the_erasure_everywhere(tmp_path):
    """The digests of one erased document go together: the renamed copy readmitted, the original is not
    refused by the id digest it still had."""
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    delete(corpus, "--respondent", "A1")
    out = ingest(corpus, csv, extra=("--source-title", "copy", "--readmit-erased"))
    assert (out["documents_added"], out["readmitted_erased"]) == (4, 2)
    out = ingest(corpus, csv)
    assert (out["documents_added"], out["skipped_erased"]) == (2, 0)


def _entries(corpus: Path) -> int:
    with Corpus.open(corpus) as c:
        return int(c.sql("SELECT count(DISTINCT entry) FROM erased").fetchall()[0][0])


def _source_ids(corpus: Path) -> dict[str, str]:
    with Corpus.open(corpus) as c:
        return {s.title: s.id for s in c.summary()}


ANSWER = "Keep the bus lane open all day because it helps the buses run on time."


def _wave(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("Response ID,Name,Q1. What should the council do about the bus lane?\n"
                    + "".join(f"{r},{n},{t}\n" for r, n, t in rows), encoding="utf-8")
    return path


def test_readmitting_one_erased_answer_leaves_the_same_persons_answer_in_another_consultation_erased(tmp_path):
    """R-1's same answer (same name, respondent id and question) erased from two consultations shares its
    content digests; readmitting wave 1 took every entry holding one of them off the list, so wave 2's
    R-1 came back on the next plain ingest. Now only wave 1's entry goes."""
    corpus = tmp_path / "c.duckdb"
    wave1 = _wave(tmp_path / "wave1.csv", [("R-1", "Jane Roe", ANSWER),
                                           ("R-2", "John Doe", "Close the bus lane at weekends for shoppers.")])
    wave2 = _wave(tmp_path / "wave2.csv", [("R-1", "Jane Roe", ANSWER),
                                           ("R-7", "Peter Pan", "Paint the bus lane red so drivers see it.")])
    assert ingest(corpus, wave1, wave2)["documents_added"] == 4
    sources = _source_ids(corpus)
    delete(corpus, "--respondent", "R-1", "--source", sources["wave1"])
    delete(corpus, "--respondent", "R-1", "--source", sources["wave2"])
    assert _entries(corpus) == 2
    out = ingest(corpus, wave1, extra=("--readmit-erased",))
    assert (out["documents_added"], out["readmitted_erased"]) == (1, 1)
    assert _entries(corpus) == 1  # wave 2's erasure is still on the list
    out = ingest(corpus, wave2)
    assert (out["documents_added"], out["skipped_erased"], out["skipped_already_present"]) == (0, 1, 1)
    assert texts(corpus, "respondent_id = 'R-1' AND source_id = ?", (sources["wave2"],)) == []
    assert texts(corpus, "respondent_id = 'R-1' AND source_id = ?", (sources["wave1"],)) == [ANSWER]
    out = ingest(corpus, wave2, extra=("--readmit-erased",))  # and it is readmitted on its own when asked
    assert (out["documents_added"], out["readmitted_erased"]) == (1, 1)
    assert _entries(corpus) == 0


def test_readmitting_one_of_two_respondents_with_the_same_name_and_text_leaves_the_other_erased(tmp_path):
    """Jane answered twice (R-1, R-2) with the same words: both erasures hold the digest of her text by
    her name, and readmitting R-1 alone took R-2's erasure off the list with it."""
    corpus = tmp_path / "c.duckdb"
    both = _wave(tmp_path / "twice.csv", [("R-1", "Jane Roe", ANSWER), ("R-2", "Jane Roe", ANSWER),
                                          ("R-3", "Mary Major", "Move the bus lane to the other side.")])
    ingest(corpus, both)
    delete(corpus, "--respondent", "R-1")
    delete(corpus, "--respondent", "R-2")
    r1 = _wave(tmp_path / "r1.csv", [("R-1", "Jane Roe", ANSWER)])
    out = ingest(corpus, r1, extra=("--source-title", "twice", "--readmit-erased"))
    assert (out["documents_added"], out["readmitted_erased"]) == (1, 1)
    assert _entries(corpus) == 1
    out = ingest(corpus, both)
    assert (out["documents_added"], out["skipped_erased"], out["skipped_already_present"]) == (0, 1, 2)
    assert texts(corpus, "respondent_id LIKE 'R-%'") == [ANSWER, "Move the bus lane to the other side."]
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id FROM documents WHERE text = ?", [ANSWER]).fetchall() == [("R-1",)]


def test_readmitting_one_records_files_id_leaves_another_files_same_id_erased(tmp_path):
    """Records files number their rows "1", "2"...: readmitting one file's records keeps the other file's
    same-numbered records erased (each record's own id is looked up at ingest)."""
    corpus = tmp_path / "c.duckdb"
    first = _records(tmp_path / "first.jsonl", [{"id": "1", "text": "The library should open on Sundays.", "author": "Ira"},
                                                {"id": "2", "text": "More benches in the park, please.", "author": "Lev"}])
    second = _records(tmp_path / "second.jsonl", [{"id": "1", "text": "Fix the potholes on Mill Lane.", "author": "Ana"},
                                                  {"id": "2", "text": "The market needs a roof.", "author": "Ben"}])
    ingest(corpus, first, second)
    for sid in _source_ids(corpus).values():
        delete(corpus, "--source", sid)
    assert _entries(corpus) == 4
    out = ingest(corpus, first, extra=("--readmit-erased",))
    assert (out["documents_added"], out["readmitted_erased"]) == (2, 2)
    assert _entries(corpus) == 2
    out = ingest(corpus, second)
    assert (out["documents_added"], out["skipped_erased"]) == (0, 2)
    assert texts(corpus) == ["More benches in the park, please.", "The library should open on Sundays."]


def _rated(path: Path, answer: str) -> Path:
    path.write_text("Response ID,Which region do you work in?,How would you rate your workload?,"
                    "What would most improve retention?\n"
                    f"R1,London,Poor,{answer}\n"
                    "R2,London,Very poor,\n", encoding="utf-8")
    return path


def test_readmitting_a_respondents_ratings_row_leaves_their_same_row_in_another_survey_erased(tmp_path):
    """R2 only rated, the same way in two surveys: one row-values digest in both erasures."""
    corpus = tmp_path / "c.duckdb"
    spring = _rated(tmp_path / "spring.csv", "Caseloads that a person can actually hold without working every evening.")
    autumn = _rated(tmp_path / "autumn.csv", "Protected time for supervision and reflection on difficult cases.")
    ingest(corpus, spring, autumn)
    sources = _source_ids(corpus)
    for title in ("spring", "autumn"):
        delete(corpus, "--respondent", "R2", "--source", sources[title])
    assert _entries(corpus) == 2
    out = ingest(corpus, spring, extra=("--readmit-erased",))
    assert (out["documents_added"], out["skipped_already_present"]) == (0, 1)
    assert _entries(corpus) == 1
    out = ingest(corpus, autumn)
    assert (out["skipped_erased_responses"], out["documents_added"]) == (1, 0)
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT source_id, respondent_id FROM responses ORDER BY ALL").fetchall()
    assert sorted(rows) == sorted([(sources["spring"], "R1"), (sources["spring"], "R2"), (sources["autumn"], "R1")])


def test_two_copies_of_one_readmitted_answer_take_one_entry_and_leave_the_other_erasure():
    """Each readmitted record takes off the entry it matches best; a second copy of the same document
    takes none rather than another person's (or another source's) erasure."""
    from voices.store.suppression import readmit

    class FakeCorpus:
        def __init__(self, rows):
            import duckdb

            self.con = duckdb.connect()
            self.con.execute("CREATE TABLE erased (digest VARCHAR, entry BIGINT, erased_at TIMESTAMP)")
            self.con.executemany("INSERT INTO erased VALUES (?, ?, now())", rows)

        def sql(self, query, params=None):
            return self.con.execute(query, params or [])

    # entry 1: wave 1's answer (its id a1, the content c); entry 2: wave 2's (id a2, the same content c)
    corpus = FakeCorpus([("a1", 1), ("c", 1), ("a2", 2), ("c", 2), ("x", 3)])
    # wave 1 itself (a1, c), then a renamed copy of it (c only: ties entries 1 and 2)
    assert readmit(corpus, [["c"], ["a1", "c"]]) == 1
    assert corpus.sql("SELECT DISTINCT entry FROM erased ORDER BY 1").fetchall() == [(2,), (3,)]
    assert readmit(corpus, [["nothing listed"], []]) == 0


# ---- erasure stays real ----------------------------------------------------------------------
def test_the_suppression_list_holds_no_text_name_respondent_or_id(tmp_path):
    canary = {f: f"CANARY{f.upper()}{secrets.token_hex(24)}" for f in ("text", "author", "respondent")}
    path = tmp_path / "answers.csv"
    path.write_text("Respondent ID,Name,Q1. Please explain your answer.\n"
                    f"{canary['respondent']},{canary['author']},My own words {canary['text']}\n"
                    "P9,Bo,Someone else's words on this.\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    ingest(corpus, path, extra=("--format", "consultation"))
    with Corpus.open(corpus) as c:
        doc = c.sql("SELECT id FROM documents WHERE respondent_id = ?", [canary["respondent"]]).fetchall()[0][0]
        keyed = keyed_id(redaction_key(c), doc)
    delete(corpus, "--respondent", canary["respondent"])
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT digest, entry, erased_at FROM erased").fetchall()
    assert len(rows) == 4 and {r[1] for r in rows} == {1}  # id, keyed id, content by respondent and by author
    stored = " ".join(str(v) for r in rows for v in r)
    for needle in (*canary.values(), doc, doc[1:], keyed, keyed[1:], "My own words"):
        assert needle not in stored
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("c.duckdb"))
    for needle in (*canary.values(), doc, keyed):
        assert needle.encode() not in on_disk, needle
    assert ingest(corpus, path, extra=("--format", "consultation"))["skipped_erased"] == 1


def test_compacting_keeps_the_suppression_list(tmp_path):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    delete(corpus, "--respondent", "A1")
    before = erased_table(corpus)
    res = run("delete", "--compact", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert erased_table(corpus) == before
    assert len(before) == 6
    assert ingest(corpus, csv)["skipped_erased"] == 2


# ---- older corpora, and nothing half-written -------------------------------------------------
def test_an_old_corpus_without_the_table_ingests_deletes_and_then_skips(tmp_path):
    old = tmp_path / "v1.duckdb"
    with gzip.open(HERE / "fixtures" / "corpus-v1.duckdb.gz") as src, old.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    with Corpus.open(old) as c:  # a reading open leaves it as it was
        assert not c.has_table("erased") and c.schema_version == 1
        before = c.count_documents()
    res = run("corpus", "--corpus", old)
    assert res.exit_code == 0, res.output
    with Corpus.open(old) as c:
        assert not c.has_table("erased")
    csv = SAMPLES / "consultation.csv"
    # R-1004 was deleted before the corpus had a suppression list: nothing remembers it, so it comes back
    out = ingest(old, csv)
    assert (out["documents_added"], out["skipped_erased"]) == (2, 0)
    delete(old, "--respondent", "R-1004")
    with Corpus.open(old) as c:
        assert c.has_table("erased") and c.count_documents() == before
    out = ingest(old, csv)
    assert (out["documents_added"], out["skipped_erased"]) == (0, 2)


def _kill_run(args: list[str], point: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src"), "VOICES_FAULT_POINT": point}
    return subprocess.run([sys.executable, "-m", "voices", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_readmit_killed_before_its_commit_leaves_the_corpus_and_the_list_as_they_were(tmp_path):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    delete(corpus, "--respondent", "A1")
    erased = erased_table(corpus)
    killed = _kill_run(["ingest", str(csv), "--readmit-erased", "--corpus", str(corpus)], "ingest.commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert erased_table(corpus) == erased
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 2
    assert ingest(corpus, csv)["skipped_erased"] == 2


def test_a_delete_killed_after_its_commit_has_remembered_what_it_erased(tmp_path):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    killed = _kill_run(["delete", "--respondent", "A1", "--corpus", str(corpus)], "delete.committed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    out = ingest(corpus, csv)  # the writing open finishes the rewrite first
    assert (out["documents_added"], out["skipped_erased"]) == (0, 2)
    assert texts(corpus, "respondent_id = 'A1'") == []


def test_a_refused_file_in_a_readmitting_call_readmits_nothing(tmp_path):
    corpus, csv = tmp_path / "c.duckdb", FIX / "small_consultation.csv"
    ingest(corpus, csv)
    delete(corpus, "--respondent", "A1")
    erased = erased_table(corpus)
    res = run("ingest", csv, FIX / "no_text_column.csv", "--readmit-erased", "--corpus", corpus)
    assert res.exit_code == 2, res.output
    assert "no_text_column.csv" in res.stderr
    assert erased_table(corpus) == erased
    assert texts(corpus, "respondent_id = 'A1'") == []


def test_the_list_in_memory_is_64_bit_prefixes_and_matches_only_listed_digests():
    """A million erased documents held as Python strings was about 400 MB at every ingest."""
    import hashlib

    import numpy as np

    from voices.store.suppression import Suppressions

    listed = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(1000)]
    others = [hashlib.sha256(f"x{i}".encode()).hexdigest() for i in range(1000)]
    prefixes = np.unique(np.array([int(d[:16], 16) for d in listed], dtype=np.uint64))
    small = Suppressions(b"k" * 32, prefixes)
    assert isinstance(small.prefixes, set) and len(small.prefixes) == 1000
    big = Suppressions(b"k" * 32, prefixes[:0])
    big.prefixes = prefixes  # as beyond SET_LIMIT: the sorted array itself
    for sup in (small, big):
        assert sup._hits(listed[:3] + others[:3]) == listed[:3]
        assert sup._hits(others) == [] and sup._hits(listed) == listed
