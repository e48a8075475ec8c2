"""One compiled respondent-id header (``voices.ids.RESPONDENT_ID_HEADER_2``) for the Python that asks it.

``consultation_columns`` compiled ``RESPONDENT_ID_COLUMN_2`` on its own and searched the raw header with it;
``redact.frames`` matched the string, case aside, against the stripped key. Sharing one pattern keeps each
caller's own reading: the column ``detect_roles`` takes for the id, and the kept column a redacted export numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_fixtures import no_entities

from voices import ids
from voices.ingest import IngestOptions
from voices.ingest.base import ReadContext
from voices.ingest.consultation_columns import detect_roles, rules_read_alike
from voices.redact import Redactor
from voices.redact.frames import _field_value

# header -> whether rule 2 reads it, as written, as naming the respondent id column
RAW = {"respondent_id": True, "Response-ID": True, "Ref": True, "ID": True, "  id": True, "user_no.": True,
       "Respondent ID\n": True, " ID ": False, "Respondent ID (optional)": False, "idea": False, "x\nID": False}


def test_the_callers_share_one_compiled_pattern():
    from voices.ingest import consultation_columns

    assert ids.RESPONDENT_ID_HEADER_2.pattern == ids.RESPONDENT_ID_COLUMN_2
    assert ids.RESPONDENT_ID_HEADER_2.flags & re.I
    assert consultation_columns._RULES[2][0] is ids.RESPONDENT_ID_HEADER_2


@pytest.mark.parametrize("header,named", RAW.items())
def test_match_and_search_agree_as_the_pattern_is_anchored(header, named):
    assert bool(ids.RESPONDENT_ID_HEADER_2.match(header)) is named
    assert bool(ids.RESPONDENT_ID_HEADER_2.search(header)) is named
    assert bool(re.match(ids.RESPONDENT_ID_COLUMN_2, header, re.I)) is named  # what frames.py called before


@pytest.mark.parametrize("header,named", RAW.items())
def test_consultation_columns_takes_the_id_column_by_the_raw_header(header, named):
    rows = [(n, n + 1, [f"R{n:03}", f"My answer number {n} says the plan is wrong for us all."]) for n in range(1, 4)]
    roles = detect_roles([header, "Your views"], rows, ReadContext(Path("f.csv"), IngestOptions(), quiet=True), 2)
    assert roles.id == (0 if named else None)
    assert rules_read_alike([header], []) is not named


@pytest.mark.parametrize("key,numbered", [(" ID ", True), ("Respondent ID", True), ("respondent_id\n", True),
                                          ("Respondent ID (optional)", False), ("Region", False)])
def test_a_redacted_export_numbers_a_kept_id_column_by_the_stripped_key(key, numbered):
    redactor = Redactor(entities=no_entities)
    assert (_field_value(redactor, key, " R002 ") == "Respondent 1") is numbered


# header cells as a sheet may hold them -> whether rule 2 reads them, once ingest made the header, as the id column
CELLS = {"Respondent ID\n": True, "Respondent\u00a0ID": True, "Response\u2003-\u2003ID": True, "respondent\t_id": True,
         "Respondent\vID": True, "  Ref  ": True, "Reſponse ID": True, "Respondent ID (optional)": False,
         "x\nID": False, "ID\u200b": False}


@pytest.mark.parametrize("cell,named", CELLS.items())
def test_the_sql_reading_of_a_stored_header_agrees_with_the_python_one(cell, named):
    """``stored_part`` and ``export_kept.named_sql`` ask DuckDB (RE2) what the Python callers ask ``re``: RE2's
    ``\\s`` is ASCII and its ``$`` the very end, so the two agree only on the headers ingest stores, spaces made one."""
    import duckdb

    from voices.ingest._tabular import unique_header

    (header,) = unique_header([cell])
    sql = duckdb.connect().execute(f"SELECT regexp_full_match(?, '{ids.RESPONDENT_ID_SQL_2}', 'i')", [header])
    assert (bool(ids.RESPONDENT_ID_HEADER_2.match(header)), sql.fetchone()[0]) == (named, named)


@pytest.mark.parametrize("cell", ["RESPONDENT_İD", "respondent_ıd", "Respondent Id", "Your name (optİonal)",
                                  "WHAT İS YOUR NAME?", "Your name (ıf you wısh)", "Reſponse ID", "Ref"])
def test_a_turkish_i_is_read_alike_by_sql_and_python(cell):
    """RE2 folds no Turkish I into i: SQL read "RESPONDENT_İD" as no id column where Python read one."""
    import duckdb

    con = duckdb.connect()
    for python, sql in ((ids.RESPONDENT_ID_HEADER_2, ids.RESPONDENT_ID_SQL_2),
                        (re.compile(ids.NAME_COLUMN_2, re.I), ids.NAME_SQL_2)):
        got = con.execute(f"SELECT regexp_full_match(?, '{sql}', 'i')", [cell]).fetchone()[0]
        assert got is bool(python.match(cell))
    assert ids.RESPONDENT_ID_HEADER_2.match(cell) or re.match(ids.NAME_COLUMN_2, cell, re.I)  # each names one


def test_sql_pattern_refuses_an_i_it_cannot_widen():
    assert ids.sql_pattern(r"^[a-h]\s'x$") == r"^[a-h]\s''x$"
    with pytest.raises(ValueError, match="inside a class"):
        ids.sql_pattern(r"[hij]")

# a rule-1 source keeps the id and name columns as attributes: delete finds the person through SQL's reading of them
TURKISH = ('RESPONDENT_İD,Your name (optİonal),Date submitted,Q1. Who should lead?\n'
           'R001,Ann Example,2024-03-01,"A different answer from a different person."\n'
           'R003,Cat Other,2024-03-03,"Yet another answer from a third person."\n')


@pytest.mark.parametrize("who", [("--respondent", "R003"), ("--author", "Cat Other")])
def test_delete_finds_a_person_kept_under_a_turkish_i_header(tmp_path, who):
    """``delete --respondent R003`` said "no documents for respondent" (exit 2): Python's ``re.I`` reads
    "RESPONDENT_İD" as the id column, DuckDB's RE2 did not, and Cat's answer stayed stored."""
    import json

    from test_delete_rule1_named import _rows
    from test_row_numbered_parts import _holding, run

    corpus = _holding(tmp_path, 1, rows=2, file=TURKISH)
    assert [r[1] for r in _rows(corpus)] == ["row-2", "row-3"]
    r = run("delete", *who, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["deleted_documents"] == 1
    assert [r[3] for r in _rows(corpus)] == ["A different answer from a different person."]
    assert b"Cat Other" not in corpus.read_bytes() and b"third person" not in corpus.read_bytes()
