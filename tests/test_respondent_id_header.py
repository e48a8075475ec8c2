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
    sql = duckdb.connect().execute("SELECT regexp_full_match(?, ?, 'i')", [header, ids.RESPONDENT_ID_COLUMN_2])
    assert (bool(ids.RESPONDENT_ID_HEADER_2.match(header)), sql.fetchone()[0]) == (named, named)


@pytest.mark.xfail(strict=True, reason="RE2 folds no Turkish I into i: Python reads an id column, SQL none")
@pytest.mark.parametrize("cell", ["RESPONDENT_İD", "respondent_ıd"])
def test_a_turkish_i_is_read_alike_by_sql_and_python(cell):
    import duckdb

    sql = duckdb.connect().execute("SELECT regexp_full_match(?, ?, 'i')", [cell, ids.RESPONDENT_ID_COLUMN_2])
    assert bool(ids.RESPONDENT_ID_HEADER_2.match(cell)) == sql.fetchone()[0]
