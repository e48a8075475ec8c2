"""A voices export edited in a spreadsheet and ingested back into its corpus stores nothing twice.

Excel keeps the field names but not always their order or every column: read as generic records, each of its
documents got a new id and was stored a second time in its source.
"""

from __future__ import annotations

import csv
import json

import pytest
from ingest_helpers import SAMPLES
from typer.testing import CliRunner

from voices.cli import app
from voices.ingest.exported import is_export_header
from voices.schemas import CORE_EXPORT_FIELDS, EXPORT_FIELDS
from voices.store import Corpus

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def read_back(corpus) -> tuple[list[tuple], int]:
    with Corpus.open(corpus) as c:
        return (c.sql("SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY id").fetchall(),
                c.sql("SELECT count(*) FROM sources").fetchone()[0])


@pytest.fixture
def exported(tmp_path):
    corpus, out = tmp_path / "c.duckdb", tmp_path / "export.csv"
    assert (r := run("ingest", SAMPLES / "consultation.csv", SAMPLES / "thread.txt", "--corpus", corpus, "-q")
            ).exit_code == 0, r.output
    assert (r := run("export", "--corpus", corpus, "--format", "csv", "--out", out)).exit_code == 0, r.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return corpus, rows


def _save(path, rows: list[dict], fields: list[str]) -> None:
    """As Excel saves a CSV: a byte-order mark and CRLF line ends."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fields, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("edit", ["columns reordered", "empty columns dropped", "both"])
def test_an_export_edited_in_a_spreadsheet_is_read_as_an_export_and_stores_nothing_twice(tmp_path, exported, edit):
    corpus, rows = exported
    before = read_back(corpus)
    fields = list(EXPORT_FIELDS)
    if edit != "empty columns dropped":
        fields = [*fields[len(fields) // 2:], *fields[:len(fields) // 2]]
    if edit != "columns reordered":  # nobody in the samples gave a type or organisation: empty columns deleted
        fields = [f for f in fields if f not in ("respondent_type", "organisation")]
    _save(tmp_path / "edited.csv", rows, fields)
    r = run("ingest", tmp_path / "edited.csv", "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["files"][0]["format"], done["documents_added"], done["skipped_already_present"]) == (
        "voices", 0, len(rows))
    assert read_back(corpus) == before
    assert len(before[0]) == len(rows) == 68 and before[1] == 2


def test_an_export_whose_id_column_was_deleted_is_refused_not_stored_again(tmp_path, exported):
    """Without its ids an export's documents cannot be told from the stored ones: read as records, 45 of its 68 were
    stored a second time."""
    corpus, rows = exported
    before = read_back(corpus)
    _save(tmp_path / "edited.csv", rows, [f for f in EXPORT_FIELDS if f != "id"])
    r = run("ingest", tmp_path / "edited.csv", "--corpus", corpus)
    assert r.exit_code == 2, r.output
    assert r.stderr.strip() == (
        f"voices: error: {tmp_path}/edited.csv: a voices export whose id column was deleted: its documents cannot be "
        "told from the ones stored from it, so nothing was stored: ingest the export as voices wrote it, or put the "
        "id column back")
    assert read_back(corpus) == before


def test_an_export_header_is_its_core_fields_in_any_order_with_a_few_left_out():
    assert is_export_header(list(reversed(EXPORT_FIELDS)))
    assert is_export_header([f for f in CORE_EXPORT_FIELDS if f not in ("organisation", "respondent_type")])
    assert not is_export_header(["id", "source_id", "kind", "text"])  # a tool's records, not a trimmed export
    assert not is_export_header([f for f in CORE_EXPORT_FIELDS if f != "id"])
