"""``ingest --preview``'s ``documents`` is what the real ingest then counts as the file's documents.

The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from test_row_numbered_parts import _named_corpus, run

from voices.store import Corpus


def _both(path, corpus, *flags: str, stdin: str | None = None) -> tuple[int, int, int]:
    """``--preview``'s documents, then the real ingest's (per file, and added plus already present)."""
    r = run("ingest", "--preview", path, "--corpus", corpus, "--json", *flags, stdin=stdin)
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)["documents"]
    r = run("ingest", path, "--corpus", corpus, "--json", *flags, stdin=stdin)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    return shown, done["files"][0]["documents"], done["documents_added"] + done["skipped_already_present"]


@pytest.mark.parametrize(("flags", "documents"), [((), 2), (("--readmit-erased",), 3)])
def test_preview_does_not_count_an_answer_erased_here(tmp_path, flags, documents):
    """Ann's answer, erased, is skipped by ingest; --preview counted it among the file's 3 documents."""
    path, corpus = _named_corpus(tmp_path)
    assert (r := run("delete", "--author", "Ann Example", "--corpus", corpus)).exit_code == 0, r.output
    assert _both(path, corpus, *flags) == (documents, documents, documents)


NAMED_IDS = ("respondent_id,Your name (optional),Date submitted,Q1. Who should lead?\n"
             'R001,Ann Example,2024-03-01,"A different answer from a different person."\n'
             'R002,,2024-03-02,"A brand new answer nobody stored here yet."\n'
             'R003,Cat Other,2024-03-03,"Yet another answer from a third person."\n')


@pytest.mark.parametrize("rows", [[2], [2, 3], [1, 2]])
def test_preview_of_a_pipe_meeting_answers_kept_under_an_exports_ids_agrees_with_ingest(tmp_path, rows):
    """Piped R002's answer is one --keep-export-ids stored in "stdin" under a rule-1 export's id: ingest counts it
    as more of "stdin"; --preview, not reading those answers, said it was part of stored source directors."""
    import voices.ids

    lines = NAMED_IDS.splitlines(keepends=True)
    first, corpus, out, own = (tmp_path / n for n in ("first.duckdb", "c.duckdb", "export.jsonl", "directors.csv"))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert run("ingest", "-", "--corpus", first, "-q", stdin=NAMED_IDS).exit_code == 0
    assert run("export", "--corpus", first, "--format", "jsonl", "--out", out).exit_code == 0
    assert run("ingest", "-", "--corpus", corpus, "-q", stdin="".join(lines[:2])).exit_code == 0
    own.write_text(NAMED_IDS, encoding="utf-8")
    assert run("ingest", own, "--corpus", corpus, "-q").exit_code == 0
    r = run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")
    assert (r.exit_code, json.loads(r.stdout)["documents_added"]) == (0, 2), r.output
    shown, done, held = piped_both(corpus, lines[0] + "".join(lines[i] for i in rows))
    assert (done["documents_added"], done["skipped_already_present"]) == (0, len(rows))
    assert shown == held == []


def piped_both(corpus, piped: str) -> tuple[list, dict, list]:
    """``piped`` through ``ingest --preview -``, then ``ingest -``: the preview's ``part_of_stored``, the ingest's
    result, and its ``part_of_stored_sources`` as the preview shows them (without the path)."""
    r = run("ingest", "--preview", "-", "--corpus", corpus, "--json", stdin=piped)
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)["part_of_stored"]
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=piped)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    return shown, done, [{k: v for k, v in p.items() if k != "path"} for p in done["part_of_stored_sources"]]


@pytest.mark.parametrize("rows", [[2], [3], [2, 3]])
def test_a_pipe_mixing_answers_kept_under_an_exports_ids_with_a_new_row_stores_only_the_new_one(tmp_path, rows):
    """The kept answers stand in "stdin" under a rule-1 export's ids (row-3, row-4): piped with a row nobody stored,
    the pipe is more of "stdin", and R002's answer read by rule 2 (R002) is the kept one, counted present (a pin: a
    pipe of a file-named source's rows with a new row is a new source, both stored, as test_id_rules pins)."""
    import voices.ids

    lines = NAMED_IDS.splitlines(keepends=True)
    first, corpus, out = (tmp_path / n for n in ("first.duckdb", "c.duckdb", "export.jsonl"))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert run("ingest", "-", "--corpus", first, "-q", stdin=NAMED_IDS).exit_code == 0
    assert run("export", "--corpus", first, "--format", "jsonl", "--out", out).exit_code == 0
    assert run("ingest", "-", "--corpus", corpus, "-q", stdin="".join(lines[:2])).exit_code == 0
    r = run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")
    assert (r.exit_code, json.loads(r.stdout)["documents_added"]) == (0, 2), r.output
    fresh = 'R004,Dee New,2024-03-04,"An answer only this pipe brings."\n'
    piped = lines[0] + "".join(lines[i] for i in rows) + fresh
    shown = run("ingest", "--preview", "-", "--corpus", corpus, "--json", stdin=piped)
    assert shown.exit_code == 0, shown.output
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=piped)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (1, len(rows))
    assert json.loads(shown.stdout)["documents"] == done["files"][0]["documents"] == len(rows) + 1
    with Corpus.open(corpus) as c:
        texts = [t for (t,) in c.sql("SELECT text FROM documents").fetchall()]
    assert sorted(texts) == sorted(line.split('"')[1] for line in [*lines[1:], fresh])
