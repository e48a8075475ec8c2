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


@pytest.mark.parametrize("how", ["piped", "saved apart"])
def test_preview_refuses_the_whole_stored_file_again_as_ingest_does(tmp_path, how):
    """The whole of named.csv piped (or saved as named-copy.csv) after it was stored: ingest refuses it as the same
    file under another name; --preview said "part of stored source ... ingest counts them as stored there"."""
    path, corpus = _named_corpus(tmp_path)
    before = stored(corpus)
    text = path.read_text(encoding="utf-8")
    saved = tmp_path / "named-copy.csv"
    saved.write_text(text, encoding="utf-8")
    given, stdin = ("-", text) if how == "piped" else (saved, None)
    refusals = []
    for preview in (["--preview"], []):
        r = run("ingest", *preview, given, "--corpus", corpus, stdin=stdin)
        assert r.exit_code == 2, r.output
        refusals.append(r.stderr.strip().splitlines()[-1])
    assert refusals[0] == refusals[1]
    assert "all 3 of its texts are stored already, as they stand here" in refusals[0]
    assert stored(corpus) == before
