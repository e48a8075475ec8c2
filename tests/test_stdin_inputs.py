"""Standard input (``voices ingest -``) read as the file it is, and its parts counted once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import documents
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()

ROWS = [("Response ID", "What would most improve retention?"),
        ("R1", "Caseloads that a person can actually hold."),
        ("R2", "Protected time for supervision and reflection."),
        ("R3", "Pay that keeps up with the cost of living.")]


def _ingest(*args: str | Path, stdin: bytes | str | None = None):
    return runner.invoke(app, ["ingest", *map(str, args)], input=stdin)


def _stored(corpus: Path) -> list[tuple]:
    """Each document's fields that do not depend on the source's name."""
    keys = ("kind", "text", "respondent_id", "question", "position")
    return [tuple(d[k] for k in keys) for d in documents(corpus)]


def test_an_xlsx_workbook_piped_on_stdin_is_read_as_the_workbook(tmp_path):
    """``voices ingest - < book.xlsx`` was refused: "an XLSX workbook under another name: rename it to end
    in .xlsx", which standard input cannot be. Its temporary copy now takes the name its bytes call for."""
    from openpyxl import Workbook

    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "survey.xlsx"
    book.save(path)
    by_path, by_stdin = tmp_path / "path.duckdb", tmp_path / "stdin.duckdb"
    assert _ingest(path, "--corpus", by_path, "-q").exit_code == 0
    res = _ingest("-", "--corpus", by_stdin, "--json", stdin=path.read_bytes())
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["files"][0]["path"], out["files"][0]["format"]) == (3, "-", "consultation")
    assert _stored(by_stdin) == _stored(by_path)
    assert [t for _, t, *_ in _stored(by_stdin)] == [r[1] for r in ROWS[1:]]
    with Corpus.open(by_stdin) as c:
        assert [s.title for s in c.summary()] == ["stdin"]


# a one-column answer sheet, as Excel saves it in Japan (Shift_JIS); project-written, not real answers
ANSWERS = ["この計画には賛成です。公園が増えるのは良いことだと思います。", "駐車場が足りなくなるので反対します。",
           "もっと説明会を開いてほしいです。"]


@pytest.mark.parametrize("encoding", ["shift_jis", "utf-8"])
@pytest.mark.parametrize("header", ["comment", "Text"])
def test_a_one_column_csv_on_stdin_is_read_as_from_its_csv_path(tmp_path, encoding, header):
    """A CSV of one text column said "cannot tell what kind of file this is" on stdin, while from a .csv
    path it ingests: the name was the only sign of a table with no delimiter. Its header now is, when it
    names a text field; the stored texts equal the path's."""
    path = tmp_path / "answers.csv"
    path.write_bytes("\r\n".join([header, *ANSWERS, ""]).encode(encoding))
    by_path, by_stdin = tmp_path / "path.duckdb", tmp_path / "stdin.duckdb"
    assert _ingest(path, "--corpus", by_path, "-q").exit_code == 0
    res = _ingest("-", "--corpus", by_stdin, "-q", stdin=path.read_bytes())
    assert res.exit_code == 0, res.output
    assert _stored(by_stdin) == _stored(by_path)
    assert [d["text"] for d in documents(by_stdin)] == ANSWERS


def test_plain_text_on_stdin_with_no_layout_is_still_refused_in_one_line(tmp_path):
    corpus = tmp_path / "c.duckdb"
    res = _ingest("-", "--corpus", corpus, stdin="Hello there\nthis is just a note\n")
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "voices: error: -: cannot tell what kind of file this is: give --format (textpage|wxr|html|consultation|"
        "records|voices|guardian|disqus|mumsnet|reddit|wordpress-com|generic)"]
    assert not corpus.exists()


THREAD = [{"text": "The bus lane should stay, it makes my commute faster.", "author": "Ann"},
          {"text": "I think the council wasted money on the new signs.", "author": "Di"},
          {"text": "We need a crossing by the school gates, urgently.", "author": "Flo"}]


def _lines(rows: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _by_source(corpus: Path) -> list[tuple[str, str]]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT s.title, d.text FROM documents d JOIN sources s ON s.id = d.source_id "
                     "ORDER BY s.title, d.position").fetchall()


def test_a_second_piped_part_of_a_stored_file_is_already_there(tmp_path):
    """``head -2 FILE | voices ingest -`` after ``voices ingest FILE`` and an earlier pipe stored FILE's rows a
    second time, in "stdin": the part check passed over a "stdin" source that already had documents. A pipe
    whose documents are all in one other stored source counts as already there; a new text still goes to
    "stdin", and the earlier pipe's document stays where it was."""
    corpus, path = tmp_path / "c.duckdb", tmp_path / "thread.jsonl"
    path.write_text(_lines(THREAD), encoding="utf-8")
    assert _ingest(path, "--corpus", corpus, "-q").exit_code == 0
    first = {"text": "Something new, piped in by hand this morning.", "author": "Zed"}
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines([first])).exit_code == 0
    with Corpus.open(corpus) as c:
        (thread_id,) = c.sql("SELECT id FROM sources WHERE title = 'thread'").fetchall()[0]
    before = _by_source(corpus)

    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(THREAD[:2]))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"]) == (0, 2)
    assert out["part_of_stored_sources"] == [{"path": "-", "source_id": thread_id, "title": "thread",
                                              "documents": 2}]
    assert _by_source(corpus) == before == [("stdin", first["text"]), *(("thread", r["text"]) for r in THREAD)]

    new = {"text": "Another point entirely, about the market square.", "author": "Yan"}
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([THREAD[0], new]))  # a part and a new text
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["part_of_stored_sources"]) == (2, [])
    last = {"text": "The library should open on Sundays as well.", "author": "Kit"}
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([last]))  # only a new text
    assert res.exit_code == 0, res.output
    assert (json.loads(res.stdout)["documents_added"], json.loads(res.stdout)["part_of_stored_sources"]) == (1, [])
    assert [t for s, t in _by_source(corpus) if s == "stdin"] == [
        first["text"], THREAD[0]["text"], new["text"], last["text"]]


def test_a_piped_part_of_stdin_itself_is_more_of_stdin_not_a_part_of_another(tmp_path):
    """The rule looks at other sources only: a pipe repeating an earlier pipe adds nothing, and names no part."""
    corpus = tmp_path / "c.duckdb"
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines(THREAD)).exit_code == 0
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(THREAD[:2]))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"], out["part_of_stored_sources"]) == (0, 2, [])
    assert _by_source(corpus) == [("stdin", r["text"]) for r in THREAD]
