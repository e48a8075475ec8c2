"""The corpus store: schema, ids, transactions, busy corpus, deletion, summary."""

from __future__ import annotations

import subprocess
import sys

import pytest
from store_fixtures import THREAD, consultation_records, frame, make_corpus, thread_records
from typer.testing import CliRunner

from voices.cli import app
from voices.errors import CorpusBusyError, CorpusError, NotFoundError
from voices.ids import document_id, source_id
from voices.store import SCHEMA_VERSION, Corpus

runner = CliRunner()


def test_ids_are_stable_and_independent_of_position(tmp_path):
    recs = thread_records()
    ids1 = [d for _, d, _ in __import__("voices.ids").ids.assign_ids(recs)]
    ids2 = [d for _, d, _ in __import__("voices.ids").ids.assign_ids(recs)]
    assert ids1 == ids2 and len(set(ids1)) == 4
    assert source_id(THREAD) == source_id(THREAD.__class__(title="other title", url=THREAD.url + "/"))
    # same author/date/parent twice: the occurrence index keeps them apart
    assert document_id("s", None, "A", "t", None, 0) != document_id("s", None, "A", "t", None, 1)


def test_reingest_adds_nothing_and_updates_positions(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    recs = thread_records()
    newer = [recs[0], recs[3], recs[1], recs[2]]  # a comment moved: positions change, ids do not
    with Corpus.open(path, write=True) as c, c.transaction():
        added, moved = c.add_documents(frame(newer))
        assert (added, moved) == (0, 3)
        assert c.count_documents() == 6


def test_transaction_rolls_back_everything(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb", consultation_records())
    with pytest.raises(RuntimeError), Corpus.open(path, write=True) as c, c.transaction():
        c.add_documents(frame(thread_records()))
        raise RuntimeError("boom")
    with Corpus.open(path) as c:
        assert c.count_documents() == 2


def test_second_process_gets_busy(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True):
        code = (
            "import sys\nfrom voices.store import Corpus\nfrom voices.errors import CorpusBusyError\n"
            f"try:\n with Corpus.open({str(path)!r}): pass\nexcept CorpusBusyError as e:\n print(e); sys.exit(3)"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert proc.returncode == 3, proc.stderr
        assert "busy" in proc.stdout
        res = subprocess.run([sys.executable, "-m", "voices", "corpus", "--corpus", str(path)],
                             capture_output=True, text=True)
        assert res.returncode == 3
        assert "busy" in res.stderr and "Traceback" not in res.stderr
    assert CorpusBusyError.exit_code == 3


def test_newer_schema_is_refused(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True) as c:
        c.sql("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(CorpusError, match="newer than this voices"), Corpus.open(path):
        pass
    res = runner.invoke(app, ["corpus", "--corpus", str(path)])
    assert res.exit_code == 2
    assert "upgrade voices" in res.output


def test_missing_corpus_is_a_clear_error(tmp_path):
    res = runner.invoke(app, ["corpus", "--corpus", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2
    assert "no corpus at" in res.output


@pytest.mark.parametrize(("name", "content"), [("notes.txt", "a note\n"), ("export.csv", "id,text\n1,hello\n")])
def test_a_file_that_is_not_a_database_is_not_called_a_damaged_corpus(tmp_path, name, content):
    """--corpus export.csv said 'not a voices corpus (Catalog Error: Cannot launch in-memory database ...)' and
    --corpus notes.txt 'is damaged ...: restore it from a backup': there is no backup of a corpus that never was."""
    path = tmp_path / name
    path.write_text(content)
    for args in (["report", "--format", "json"], ["export"], ["label", "x", "--stance", "none"]):
        res = CliRunner().invoke(app, [*args, "--corpus", str(path)])
        assert res.exit_code == 2, res.output
        assert res.stderr == f"voices: error: {path} is not a voices corpus (not a DuckDB database file): check --corpus\n"
    assert path.read_text() == content


def test_summary_counts_kinds_dates_and_depth(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        rows = {r.kind: r for r in c.summary()}
    t = rows["thread"]
    assert t.documents == 4 and t.kinds == {"comment": 2, "reply": 2}
    assert t.max_depth == 2
    assert (t.first_posted, t.last_posted) == ("2024-03-01T09:00:00", "2024-04-05T12:00:00")
    assert rows["consultation"].kinds == {"consultation_answer": 2}


def test_corpus_json_names_each_source_as_export_and_report_do(tmp_path):
    """corpus --json said id/title where export and the report's JSON say source_id/source_title."""
    import json

    path = make_corpus(tmp_path / "c.duckdb")
    shown = json.loads(runner.invoke(app, ["corpus", "--json", "--corpus", str(path)]).stdout)["sources"]
    exported = [json.loads(line) for line in
                runner.invoke(app, ["export", "--format", "jsonl", "--corpus", str(path)]).stdout.splitlines()]
    assert {(s["source_id"], s["source_title"]) for s in shown} == {(r["source_id"], r["source_title"]) for r in exported}
    assert all((s["id"], s["title"]) == (s["source_id"], s["source_title"]) for s in shown)  # the shipped names stay


def test_corpus_table_counts_sources_and_documents_in_words_that_agree(tmp_path):
    """The caption said '1 sources, 1 documents'."""
    one = make_corpus(tmp_path / "one.duckdb", thread_records()[:1])
    shown = runner.invoke(app, ["corpus", "--corpus", str(one)], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "1 source, 1 document" in shown.stdout
    both = runner.invoke(app, ["corpus", "--corpus", str(make_corpus(tmp_path / "c.duckdb"))], terminal_width=200)
    assert "2 sources, 6 documents" in both.stdout


def test_delete_respondent_and_source(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["delete", "--respondent", "R2", "--corpus", str(path)])
    assert res.exit_code == 0, res.output
    with Corpus.open(path) as c:
        assert c.count_documents() == 5
        assert c.sql("SELECT count(*) FROM documents WHERE respondent_id = 'R2'").fetchone()[0] == 0
    sid = source_id(THREAD)
    res = runner.invoke(app, ["delete", "--source", sid[:6], "--corpus", str(path), "--json"])
    assert res.exit_code == 0, res.output
    assert '"deleted_documents": 4' in res.output
    with Corpus.open(path) as c:
        assert c.count_documents() == 1
        assert [s.kind for s in c.summary()] == ["consultation"]
    with Corpus.open(path) as c, pytest.raises(NotFoundError, match="no source"):
        c.resolve_sources(["nope"])
    res = runner.invoke(app, ["delete", "--corpus", str(path)])
    assert res.exit_code == 2 and "give --source ID, --respondent ID, --author NAME or --id DOC_ID" in res.output


def test_a_report_gives_the_corpus_connection_its_memory_bound_back(tmp_path):
    from voices.store.report_docs import ReportDocs

    path = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        def limit():
            return c.sql("SELECT current_setting('memory_limit')").fetchone()[0]

        before = limit()
        with ReportDocs.from_corpus(c) as docs:
            assert docs.size()[0] > 0
            assert limit() != before
        after = limit()
    assert before.endswith("MiB") and after.endswith("MiB")
    assert abs(float(after.split()[0]) - float(before.split()[0])) < 1  # 512MB, not 80% of the machine
