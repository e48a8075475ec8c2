"""``ingest --preview``'s ``part_of_stored`` agrees with what ingest then does after ``voices delete``.

Ingest skips an answer erased earlier before it asks whether a stored source holds the file; --preview asked with
it, found no source holding it, and showed a new source of 2 documents, where ingest counted the rest as stored
(piped) or refused the file (saved apart). The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from test_row_numbered_parts import HEADER, ROWS, SID, _named_corpus, run, stored


@pytest.mark.parametrize("how", ["piped", "saved apart"])
@pytest.mark.parametrize(("erased", "held"), [("Cat Example", 1), ("Ann Example", 2)])
def test_preview_says_what_ingest_does_with_a_part_after_an_answer_was_erased(tmp_path, how, erased, held):
    _path, corpus = _named_corpus(tmp_path)
    assert (r := run("delete", "--author", erased, "--corpus", corpus)).exit_code == 0, r.output
    before = stored(corpus)
    part = HEADER + ROWS[2] + ROWS[1]  # Cat's and Bob's answers
    saved = tmp_path / "named-part.csv"
    saved.write_text(part, encoding="utf-8")
    given, stdin = ("-", part) if how == "piped" else (saved, None)
    r = run("ingest", "--preview", given, "--corpus", corpus, "--json", stdin=stdin)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["part_of_stored"] == [{"source_id": SID, "title": "named", "documents": held}]
    r = run("ingest", given, "--corpus", corpus, "--json", stdin=stdin)
    if how == "piped":
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["part_of_stored_sources"] == [
            {"path": "-", "source_id": SID, "title": "named", "documents": held}]
    else:
        assert r.exit_code == 2 and "stored already" in r.stderr and f"in source {SID} ('named')" in r.stderr
    assert stored(corpus) == before  # 2 documents, 1 source


def test_preview_after_the_whole_source_was_erased_shows_no_part_and_ingest_stores_nothing(tmp_path):
    _path, corpus = _named_corpus(tmp_path)
    assert (r := run("delete", "--source", SID, "--corpus", corpus)).exit_code == 0, r.output
    part = HEADER + ROWS[2] + ROWS[1]
    r = run("ingest", "--preview", "-", "--corpus", corpus, "--json", stdin=part)
    assert json.loads(r.stdout)["part_of_stored"] == []
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=part)
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], json.loads(r.stdout)["part_of_stored_sources"]) == (0, [])
    assert stored(corpus) == ([], [])
