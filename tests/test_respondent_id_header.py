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
