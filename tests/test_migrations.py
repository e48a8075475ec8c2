"""A corpus made by the first release opens in every command; the first write migrates it, and says so.

``fixtures/corpus-v1.duckdb.gz`` was made by the first landing's code (commit
2e910c8) on the bundled samples::

    voices ingest corpora/samples/thread.txt corpora/samples/consultation.csv --corpus F
    voices classify --corpus F
    voices label ddb3feb3 --stance social_work_leaders --themes pay,burnout --by fixture --corpus F
    voices label d6ad7c73 --stance system_leaders --by fixture --corpus F
    voices delete --respondent R-1004 --corpus F

The fixture goes through every real step (2: the redaction key's table);
``pending`` registers one more, the way a later release would (a new table),
so the tests also hold for the step after the last.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from report_fixtures import FakeStance, FakeThemes
from typer.testing import CliRunner

import voices.classify
from voices.cli import app
from voices.store import Corpus, schema

FIXTURE = Path(__file__).parent / "fixtures" / "corpus-v1.duckdb.gz"
SAMPLE = Path(__file__).parents[1] / "corpora" / "samples" / "wordpress-export.xml"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old(tmp_path) -> Path:
    """A copy of the first release's corpus."""
    path = tmp_path / "v1.duckdb"
    with gzip.open(FIXTURE) as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


@pytest.fixture
def pending(monkeypatch) -> int:
    """A migration step after the current schema, as a later release would add; returns its version."""
    version = schema.current_version() + 1

    def add_notes(con):
        con.execute("CREATE TABLE notes (doc_id VARCHAR PRIMARY KEY, note VARCHAR)")

    monkeypatch.setitem(schema.MIGRATIONS, version, add_notes)
    return version


def version_of(path: Path) -> int:
    with Corpus.open(path) as c:
        return c.schema_version


def test_the_fixture_is_a_first_release_corpus(old):
    with Corpus.open(old) as c:
        assert c.schema_version == 1
        assert c.count_documents() == 66
        assert c.sql("SELECT count(*) FROM labels").fetchall()[0][0] == 2


READS = [
    ["corpus"],
    ["corpus", "--json"],
    ["export", "--format", "csv"],
    ["export", "--format", "jsonl"],
    ["export", "--labelled"],
    ["report", "--format", "json"],
    ["report", "--format", "md", "--no-redact"],
    ["report", "--format", "csv", "-s", "s2d0"],
    ["report", "--format", "table"],
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reading_commands_read_an_older_corpus_without_changing_it(old, pending, args):
    before = digest(old)
    result = run(*args, "--corpus", old)
    assert result.exit_code == 0, result.output
    assert "migrated" not in result.stderr
    assert digest(old) == before
    assert version_of(old) == 1


@pytest.mark.parametrize("args", [["report", "--format", "md"], ["export", "--redact"]], ids=" ".join)
def test_redacting_reads_leave_an_older_corpus_as_it_was(old, pending, args):
    before = digest(old)
    assert run(*args, "--corpus", old).exit_code == 0
    assert digest(old) == before


def test_a_parquet_export_of_an_older_corpus(old, pending, tmp_path):
    before = digest(old)
    result = run("export", "--format", "parquet", "--out", tmp_path / "ds", "--corpus", old)
    assert result.exit_code == 0, result.output
    assert "wrote 66 rows" in result.stderr and digest(old) == before


def test_reads_see_the_old_corpus_as_it_is(old, pending):
    shown = run("corpus", "--json", "--corpus", old)
    assert shown.stderr == (f"voices: corpus {old} has schema 1, older than this voices' {pending}: "
                            "the next command that writes to it migrates it\n")
    summary = json.loads(shown.stdout)
    sources = summary["sources"]
    assert summary["schema_version"] == 1
    assert [(s["documents"], s["classified"]) for s in sources] == [(35, 34), (31, 31)]
    labelled = run("export", "--labelled", "--corpus", old).stdout.splitlines()
    assert sorted(json.loads(line)["stance"] for line in labelled) == ["social_work_leaders", "system_leaders"]


@pytest.fixture
def fakes(monkeypatch):
    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))


WRITES = [
    ["ingest", SAMPLE],
    ["classify", "--all"],
    ["label", "d6ad7c73", "--stance", "practice_connected"],
    ["delete", "--respondent", "R-1001"],
]


@pytest.mark.parametrize("args", WRITES, ids=lambda a: a[0])
def test_a_writing_command_migrates_and_says_so(old, pending, fakes, args):
    result = run(*args, "--corpus", old)
    assert result.exit_code == 0, result.output
    assert f"voices: migrated corpus {old} from schema 1 to {pending}" in result.stderr
    with Corpus.open(old) as c:
        assert c.schema_version == pending and c.has_table("notes")
        assert c.sql("SELECT count(*) FROM labels").fetchall()[0][0] == 2
    again = run(*args, "--corpus", old)
    assert "migrated" not in again.stderr


def test_quiet_keeps_the_migration_note_off_stderr(old, pending):
    result = run("label", "d6ad7c73", "--stance", "none", "-q", "--corpus", old)
    assert result.exit_code == 0 and result.stderr == ""
    assert version_of(old) == pending


def test_a_failing_step_leaves_the_corpus_as_it_was(old, pending, monkeypatch):
    def half_done(con):
        con.execute("CREATE TABLE half (x INTEGER)")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(schema.MIGRATIONS, pending + 1, half_done)
    result = run("label", "d6ad7c73", "--stance", "none", "--corpus", old)
    assert result.exit_code == 1 and "disk on fire" in result.stderr
    with Corpus.open(old) as c:
        assert c.schema_version == 1
        assert not c.has_table("notes") and not c.has_table("half")
        assert c.sql("SELECT stance FROM labels WHERE doc_id LIKE 'd6ad7c73%'").fetchall() == [("system_leaders",)]


def test_the_current_code_writes_an_old_corpus(old, fakes):
    result = run("label", "d6ad7c73", "--stance", "practice_connected", "--corpus", old)
    assert result.exit_code == 0, result.output
    latest = schema.SCHEMA_VERSION
    assert (f"migrated corpus {old} from schema 1 to {latest}" in result.stderr) == (latest > 1)
    with Corpus.open(old) as c:
        assert c.schema_version == latest
        assert c.has_table("secrets") and len(c.sql("SELECT value FROM secrets").fetchall()[0][0]) == 32
    assert run("report", "--format", "json", "--corpus", old).exit_code == 0


def test_a_new_corpus_is_made_by_every_step(tmp_path, pending):
    with Corpus.open(tmp_path / "new.duckdb", write=True) as c:
        assert c.schema_version == pending and c.has_table("notes") and c.migrated is None


def test_steps_are_numbered_without_gaps():
    with pytest.raises(ValueError, match="without gaps"):
        schema.migration(schema.current_version() + 2)(lambda con: None)
    with pytest.raises(ValueError, match="without gaps"):
        schema.migration(schema.BASE_VERSION)(lambda con: None)


def test_migrate_from_python(old, pending):
    import voices

    events = []
    assert voices.migrate(old, events.append) == (1, pending)
    assert [(e.stage, e.message) for e in events] == [
        ("migrate", f"migrated corpus {old} from schema 1 to {pending}")]
    assert voices.migrate(old, events.append) is None and len(events) == 1


def test_a_refused_write_does_not_migrate(old, pending):
    before = digest(old)
    result = run("delete", "--corpus", old)
    assert result.exit_code == 2 and "give --source ID" in result.stderr
    assert digest(old) == before
