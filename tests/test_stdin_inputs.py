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


ANONYMOUS_A = [{"text": "Caseload caps would keep people in the job."}]
ANONYMOUS_B = [{"text": "Supervision time is the first thing to go when budgets tighten."},
               {"text": "Newly qualified staff need a protected first year."}]


def _ids(corpus: Path) -> dict[str, str]:
    return {d["text"]: d["id"] for d in documents(corpus)}


def test_a_second_different_pipe_of_authorless_texts_is_stored_not_dropped(tmp_path):
    """A text with no id, author or date is known by its place in its source, and every pipe without a title
    is the one source "stdin": a second, different pipe's first text took the place (and the id) of the
    first pipe's, and was not stored, under a warning. Now it takes the next free place: both pipes' texts
    are stored, the same pipe again adds nothing, and a pipe into a fresh corpus keeps its ids."""
    corpus, fresh = tmp_path / "c.duckdb", tmp_path / "fresh.duckdb"
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines(ANONYMOUS_A)).exit_code == 0
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(ANONYMOUS_B))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"]) == (2, 0)
    # and the summary says what happened: no "1 skipped as duplicates (already in the corpus)" for a new text,
    # nor "1 document(s) of source ... are not in this file ...; give --replace": each pipe adds to "stdin"
    assert (out["warnings"], out["not_added_other_text"]) == ([], 0)
    assert res.stderr.splitlines() == ["voices: 1 file, 2 documents added, 0 skipped as duplicates"]
    assert _by_source(corpus) == [("stdin", r["text"]) for r in ANONYMOUS_A + ANONYMOUS_B]
    ids = _ids(corpus)
    assert len(set(ids.values())) == 3

    for again in (ANONYMOUS_B, ANONYMOUS_A, ANONYMOUS_B[1:], ANONYMOUS_A + ANONYMOUS_B):  # repeats and parts
        res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(again))
        assert res.exit_code == 0, res.output
        out = json.loads(res.stdout)
        assert (out["documents_added"], out["skipped_already_present"]) == (0, len(again)), again
    assert _ids(corpus) == ids

    # deterministic: the first pipe's ids are a fresh corpus's, and so are both pipes' given as one
    assert _ingest("-", "--corpus", fresh, "-q", stdin=_lines(ANONYMOUS_A + ANONYMOUS_B)).exit_code == 0
    assert _ids(fresh) == ids
    new = {"text": "Pay that keeps up with the cost of living."}
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([*ANONYMOUS_A, *ANONYMOUS_B, new]))
    assert (json.loads(res.stdout)["documents_added"], len(_ids(corpus))) == (1, 4)


def test_a_repeated_pipe_with_a_new_text_in_front_stores_only_the_new_text(tmp_path):
    """"c a b" piped after "a b": "a" started looking from its own place (the second), passed "c" and was
    stored again under a new id, and so was "b": every text of the earlier pipe twice."""
    corpus = tmp_path / "c.duckdb"
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines(ANONYMOUS_B)).exit_code == 0
    before = _ids(corpus)
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(ANONYMOUS_A + ANONYMOUS_B))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"]) == (1, 2)
    assert len(documents(corpus)) == 3
    ids = _ids(corpus)
    assert {t: ids[t] for t in before} == before and len(set(ids.values())) == 3
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(ANONYMOUS_B[::-1] + ANONYMOUS_A))
    assert json.loads(res.stdout)["documents_added"] == 0 and _ids(corpus) == ids  # any order: nothing new


def test_a_piped_edit_with_replace_keeps_its_place_and_id(tmp_path):
    """--replace says the pipe is the "stdin" source as it stands now: an edited text keeps its id."""
    corpus = tmp_path / "c.duckdb"
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines(ANONYMOUS_B)).exit_code == 0
    ids = list(_ids(corpus).values())
    edited = [{"text": "Supervision time is the first thing cut when budgets tighten."}, ANONYMOUS_B[1]]
    res = _ingest("-", "--replace", "--corpus", corpus, "--json", stdin=_lines(edited))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_updated"] == 1
    assert [(d["id"], d["text"]) for d in documents(corpus)] == [(ids[0], edited[0]["text"]),
                                                                 (ids[1], edited[1]["text"])]


@pytest.mark.parametrize("head, first, second", [
    ("What should change?,Other comments\n",  # respondents numbered by row: row-2 in both pipes
     "More supervision time for new staff please.,none at all really\n",
     "Less paperwork so that we can see families.,nothing more to add\n"),
    ("Response ID,What would most improve retention?\n",  # another survey's own ids 1, 2, 3...
     "1,Caseloads that a person can actually hold.\n", "1,Pay that keeps up with the cost of living.\n"),
], ids=["row-numbered", "own ids"])
def test_a_second_pipe_whose_own_ids_hold_other_texts_is_refused_not_dropped(tmp_path, head, first, second):
    """A text with an id of its own cannot move to a free place: another survey piped after the first, its
    answers under the same ids, was dropped under a warning. Now the pipe is refused and nothing stored."""
    corpus = tmp_path / "c.duckdb"
    assert _ingest("-", "--corpus", corpus, "-q", stdin=head + first).exit_code == 0
    before = _by_source(corpus)
    res = _ingest("-", "--corpus", corpus, stdin=head + second)
    assert res.exit_code == 2, res.output
    errors = [line for line in res.stderr.splitlines() if "error" in line]
    n = len(before)
    said = {1: "1 text has the id of a text", 2: "2 texts have the ids of texts"}  # was "{n} text(s) have the ids"
    assert errors == [
        f"voices: error: -: {said[n]} an earlier pipe stored with other words or another author in source "
        "'stdin', first on line 2, so nothing was stored: give --source-title NAME to store this input as a source "
        "of its own, or --replace if it is the whole 'stdin' source as it now stands"]
    assert _by_source(corpus) == before
    res = _ingest("-", "--source-title", "Second survey", "--corpus", corpus, "-q", stdin=head + second)
    assert res.exit_code == 0, res.output
    assert len(_by_source(corpus)) == 2 * n
    assert _ingest("-", "--corpus", corpus, "-q", stdin=head + first).exit_code == 0  # the first again: fine


ANONYMOUS_ABC = [{"text": "Caseload caps would keep people in the job."},
                 {"text": "Supervision time is the first thing to go when budgets tighten."},
                 {"text": "Newly qualified staff need a protected first year."}]


def test_a_repeated_pipe_after_a_deleted_text_finds_the_texts_after_it_where_they_are(tmp_path):
    """"a b c" piped, "b" erased with ``voices delete --id`` and "a c" piped again: "c" took "b"'s freed place,
    the first that fits, and was stored a second time. A text stored already is found at its place; the whole
    first pipe again adds nothing ("b" stays erased), and a new text still takes a free place."""
    corpus = tmp_path / "c.duckdb"
    a, b, c = ANONYMOUS_ABC
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines(ANONYMOUS_ABC)).exit_code == 0
    ids = _ids(corpus)
    res = runner.invoke(app, ["delete", "--id", ids[b["text"]], "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    kept = {a["text"]: ids[a["text"]], c["text"]: ids[c["text"]]}
    assert _ids(corpus) == kept

    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([a, c]))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"]) == (0, 2)
    assert _ids(corpus) == kept
    assert _by_source(corpus) == [("stdin", a["text"]), ("stdin", c["text"])]

    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines(ANONYMOUS_ABC))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"], out["skipped_erased"]) == (0, 2, 1)
    assert _ids(corpus) == kept

    new = {"text": "Pay that keeps up with the cost of living."}
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([a, new, c]))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 1
    assert [t for _, t in _by_source(corpus)] == [a["text"], new["text"], c["text"]]
    assert {t: i for t, i in _ids(corpus).items() if t != new["text"]} == kept


def test_two_stored_copies_of_a_piped_text_are_each_found_once(tmp_path):
    """Two people's same words, with no author: a pipe holding them twice meets both stored copies, a third
    copy is a new text (the "Agree." of a third person)."""
    corpus = tmp_path / "c.duckdb"
    agree, other = {"text": "Agree with all of the above points."}, {"text": "Disagree with the plan entirely."}
    assert _ingest("-", "--corpus", corpus, "-q", stdin=_lines([agree, other, agree])).exit_code == 0
    ids = sorted(d["id"] for d in documents(corpus))
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([agree, agree]))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_added"] == 0
    assert sorted(d["id"] for d in documents(corpus)) == ids
    res = _ingest("-", "--corpus", corpus, "--json", stdin=_lines([agree, agree, agree]))
    assert json.loads(res.stdout)["documents_added"] == 1
    assert [d["text"] for d in documents(corpus)] == [agree["text"], other["text"], agree["text"], agree["text"]]
