"""A DuckDB file of another program is refused whole, even with a table called ``documents``.

A DuckDB file with tables but no ``meta`` was refused unless one of its tables was called
``documents``: then ``voices ingest`` added fourteen tables and two columns to that program's
``documents`` table, and failed with exit 1 ("unexpected error: BinderException").
"""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()


def _tables_and_rows(path):
    with duckdb.connect(str(path), read_only=True) as con:
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
        columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = 'documents' ORDER BY ordinal_position").fetchall()]
        return tables, columns, con.execute("SELECT * FROM documents ORDER BY id").fetchall()


@pytest.mark.parametrize("args", [["ingest", "THREAD"], ["label", "x", "--stance", "none"], ["corpus"],
                                  ["delete", "--source", "s1"], ["export", "--format", "jsonl"]])
def test_another_programs_database_with_a_documents_table_is_refused_and_left_as_it_was(tmp_path, args):
    path = tmp_path / "notes.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE documents (id INTEGER, body VARCHAR)")
        con.execute("INSERT INTO documents VALUES (1, 'kept as it was')")
    thread = tmp_path / "thread.jsonl"
    thread.write_text('{"text": "Directors must be registered social workers.", "author": "Mo"}\n', encoding="utf-8")
    res = runner.invoke(app, [*(str(thread) if a == "THREAD" else a for a in args), "--corpus", str(path)])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"voices: error: {path} is a DuckDB file but not a voices corpus; check --corpus\n"
    assert _tables_and_rows(path) == (["documents"], ["id", "body"], [(1, "kept as it was")])
