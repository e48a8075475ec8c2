"""A rule-1 source keeps a consultation file's "respondent_id" and "Your name (optional)" columns as attributes
(no author, respondents numbered by row): ``delete --author`` and ``delete --respondent`` must still find the person
by the name or id they gave, as ``voices.store.export_kept.as_named`` reads them.

The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from test_export_kept_respondent import HEADER, NAMED_IDS
from test_row_numbered_parts import _holding, run

from voices.store import Corpus

# Ann's answer names Cat: once Cat is erased, a redacted output must hide the name in others' texts too
MENTIONS = (HEADER + 'R001,Ann Example,2024-03-01,"I agree with Cat Other about the leaders here."\n'
            'R002,,2024-03-02,"A brand new answer nobody stored here yet."\n'
            'R003,Cat Other,2024-03-03,"Yet another answer from a third person."\n')


def _rows(corpus) -> list[tuple]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT author, respondent_id, attributes, text FROM documents ORDER BY position").fetchall()


@pytest.mark.parametrize("who", [("--author", "  cat   OTHER "), ("--respondent", "R003")])
def test_a_person_rule_1_kept_only_as_a_name_or_id_column_is_erased(tmp_path, who):
    """``delete --author "Cat Other"`` said "no document by author" and ``delete --respondent R003`` "no documents
    for respondent" (exit 2; rule 1 numbered Cat row-4), and her answer stayed in the file."""
    corpus = _holding(tmp_path, 1, rows=3, file=NAMED_IDS)
    before = _rows(corpus)
    r = run("delete", *who, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["deleted_documents"] == 1
    assert b"Cat Other" not in corpus.read_bytes() and b"third person" not in corpus.read_bytes()
    assert _rows(corpus) == before[:2]  # the other people's answers and columns as they were
    assert json.loads(_rows(corpus)[0][2]) == {"respondent_id": "R001", "Your name (optional)": "Ann Example"}
    # the row number still names its own answer: nothing else answers to it
    assert run("delete", "--respondent", "row-3", "--corpus", corpus).exit_code == 0
    assert [r[3] for r in _rows(corpus)] == ["A different answer from a different person."]


def test_an_author_erased_from_a_name_column_is_hidden_in_others_texts_afterwards(tmp_path):
    """Erased by the name in her column, Cat's name must leave a redacted export of the others' answers too."""
    corpus = _holding(tmp_path, 1, rows=3, file=MENTIONS)
    assert (r := run("delete", "--author", "Cat Other", "--corpus", corpus)).exit_code == 0, r.output
    r = run("export", "--redact", "--format", "jsonl", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    exported = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(exported) == 2
    assert "I agree with" in exported[0]["text"] and "Cat" not in r.stdout and "Other" not in r.stdout


@pytest.mark.parametrize(("author", "respondent", "doc"), [('jo "jj" BL\\oggs', 'R"1', "d0"),
                                                           ("zoë émile", "Ü-7", "d1"), ("ann lee", "R9", "d2")])
def test_the_cheap_contains_test_before_the_column_is_read_loses_no_match(author, respondent, doc):
    """``_selection`` reads a name or id column only where contains() finds the value in the row's JSON: a quote,
    a backslash, a no-break space, other case or spaces around must not hide a person from it."""
    import duckdb

    from voices.store.erasure import _selection

    con = duckdb.connect()
    con.execute("CREATE TABLE documents (id VARCHAR, source_id VARCHAR, author VARCHAR, respondent_id VARCHAR, "
                "attributes VARCHAR)")
    people = [('Jo "JJ" Bl\\oggs', 'R"1'), ("Zoë\u00a0Émile", "Ü-7"), ("  Ann   Lee ", " R9 ")]
    for i, (name, rid) in enumerate(people):
        con.execute("INSERT INTO documents VALUES (?, 's', NULL, ?, ?)", [f"d{i}", f"row-{i + 2}", json.dumps(
            {"Your name (optional)": name, "respondent_id": rid}, ensure_ascii=False)])
    for who in ((None, None, author, None), (None, respondent, None, None)):
        cond, values = _selection(*who)
        assert con.execute(f"SELECT id FROM documents WHERE {cond}", values).fetchall() == [(doc,)]
        assert con.execute(f"SELECT count(*) FROM documents WHERE NOT ({cond})", values).fetchall() == [(2,)]
