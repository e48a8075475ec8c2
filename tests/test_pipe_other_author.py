"""A respondent numbered by row is known by its place only: the same words piped under another
name at that place are another person's answer, never a duplicate of the stored one.

Before: Sarah's answer piped, then Amir's with the same words, gave "0 documents added, 1 skipped
as duplicates" and Amir's answer was lost without a word.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from voices.cli import app

HEADER = "Your name,Date submitted,Q1. Should directors be registered social workers?\n"
WORDS = '"Directors must hold registration because they carry the statutory duty."\n'
runner = CliRunner()


def ingest(corpus, rows: str, *extra: str):
    return runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json", *extra], input=HEADER + rows)


def stored(corpus) -> list[tuple[str, str]]:
    r = runner.invoke(app, ["export", "--corpus", str(corpus), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    return sorted(((d["author"], d["source_title"]) for d in map(json.loads, r.stdout.splitlines())),
                  key=lambda d: (d[0] or "", d[1]))


@pytest.mark.parametrize(("first", "second"), [("Sarah Jones", "Amir Khan"), ("Sarah Jones", ""), ("", "Sarah Jones")])
def test_the_same_words_piped_under_another_name_are_refused_not_dropped(tmp_path, first, second):
    """Unsigned on one side too: Sarah's answer, then an unsigned one with the same words at row 2, gave '0 documents
    added, 1 skipped as duplicates (already in the corpus)', as a missing author matched any name. Read by one rule
    ('stdin' keeps its own), a missing name keeps no name column: it is another answer, refused like Amir's."""
    corpus = tmp_path / "c.duckdb"
    assert (r := ingest(corpus, f"{first},2024-03-01," + WORDS)).exit_code == 0, r.output
    r = ingest(corpus, f"{second},2024-03-01," + WORDS)
    assert r.exit_code == 2
    assert ("1 text has the id of a text an earlier pipe stored with other words or another author in source "
            "'stdin', first on line 2, so nothing was stored: give --source-title NAME") in r.stderr
    assert len(r.stderr.strip().splitlines()) == 2  # the row-numbering warning, then the one-line refusal
    assert stored(corpus) == [(first or None, "stdin")]
    assert (r := ingest(corpus, f"{second},2024-03-01," + WORDS, "--source-title", "second")).exit_code == 0, r.output
    assert stored(corpus) == sorted([(first or None, "stdin"), (second or None, "second")],
                                    key=lambda d: (d[0] or "", d[1]))


def test_the_same_answer_piped_again_is_still_a_duplicate(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert (r := ingest(corpus, "Sarah Jones,2024-03-01," + WORDS)).exit_code == 0, r.output
    r = ingest(corpus, "Sarah Jones,2024-03-01," + WORDS)
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], json.loads(r.stdout)["skipped_already_present"]) == (0, 1)
    assert len(json.loads(r.stdout)["warnings"]) == 1  # the row-numbering one: a name tells it is the same answer
    assert stored(corpus) == [("Sarah Jones", "stdin")]


def test_a_named_file_edited_to_another_name_at_that_row_is_said_and_kept_out(tmp_path):
    corpus, path = tmp_path / "c.duckdb", tmp_path / "answers.csv"
    path.write_text(HEADER + "Sarah Jones,2024-03-01," + WORDS, encoding="utf-8")
    assert (r := runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus)])).exit_code == 0, r.output
    path.write_text(HEADER + "Amir Khan,2024-03-01," + WORDS, encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["not_added_other_text"] == 1
    assert "has the id of a stored document whose text or author differs" in r.stderr
    assert stored(corpus) == [("Sarah Jones", "answers")]



@pytest.mark.parametrize("name", ["Anonymous", ""])
def test_the_same_words_piped_again_signed_by_nobody_are_counted_stored_and_said(tmp_path, name):
    """Two 'Anonymous' (or unsigned) pipes of the same words at row 2 cannot be told from one pipe given twice: the
    second is counted as stored (nothing stored twice), but no longer without a word: the warning says so and how
    to store it as another person's answer."""
    corpus = tmp_path / "c.duckdb"
    assert (r := ingest(corpus, f"{name},2024-03-01," + WORDS)).exit_code == 0, r.output
    r = ingest(corpus, f"{name},2024-03-01," + WORDS)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, 1)
    assert done["warnings"][1:] == [
        "-: 1 answer signed by nobody (blank or a placeholder such as 'Anonymous') has the words of the answer an "
        "earlier pipe stored at its row of source 'stdin', first on line 2, and is counted as stored already, as the "
        "same input piped again would be: an unsigned answer numbered by row cannot be told from another "
        "respondent's; if it is another person's answer, give --source-title NAME to store this input as a source "
        "of its own"]
    assert stored(corpus) == [(name or None, "stdin")]
    r = ingest(corpus, f"{name},2024-03-01," + WORDS, "--source-title", "second")
    assert r.exit_code == 0, r.output
    assert stored(corpus) == [(name or None, "second"), (name or None, "stdin")]


def test_the_unsigned_check_reads_a_stored_row_where_the_store_puts_each_field():
    from voices.ingest import piped_checks
    from voices.store.corpus import DOCUMENT_COLUMNS

    at = (piped_checks._AUTHOR, piped_checks._RESPONDENT)
    assert [DOCUMENT_COLUMNS[i] for i in at] == ["author", "respondent_id"]
