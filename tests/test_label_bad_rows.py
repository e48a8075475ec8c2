"""`voices label --from` names every bad row in its one line, not only the first: a sheet with
five typos took five runs. Nothing is stored, and one bad row reads as it always did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "thread.txt"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "c.duckdb"
    assert (r := run("ingest", SAMPLE, "--corpus", path, "-q")).exit_code == 0, r.output
    r = run("export", "--corpus", path, "--format", "jsonl")
    return path, [json.loads(line)["id"] for line in r.stdout.splitlines()]


def labels(path) -> int:
    with Corpus.open(path) as c:
        return c.sql("SELECT count(*) FROM labels").fetchone()[0] if c.has_table("labels") else 0


def refused(corpus, tmp_path, text: str) -> tuple[Path, str]:
    """Import ``text`` as a label CSV: it must exit 2 and store nothing; its sheet and stderr."""
    path, _ids = corpus
    sheet = tmp_path / "l.csv"
    sheet.write_text(text, encoding="utf-8")
    r = run("label", "--from", sheet, "--corpus", path)
    assert r.exit_code == 2
    assert labels(path) == 0
    return sheet, r.stderr


def test_every_bad_row_of_the_corpus_check_is_named(corpus, tmp_path):
    ids = corpus[1]
    sheet, said = refused(corpus, tmp_path, f"id,stance\n{ids[0]},none\n{ids[1]},nonne\nzzzz9999,none\n{ids[2]},none\n"
                                            f"{ids[3]},pay_rise\n{ids[1]},none\n")
    assert said.startswith(f"voices: error: {sheet} row 3: unknown stance 'nonne'; use one of ")
    assert said.endswith("; nothing was stored (3 more bad rows: 4, 6, 7)\n")


def test_every_bad_row_of_the_file_check_is_named(corpus, tmp_path):
    ids = corpus[1]
    sheet, said = refused(corpus, tmp_path, f"id,stance,validation\n,none,\n{ids[1]},none,maybe\n{ids[2]},none,\n")
    assert said == (f"voices: error: {sheet} row 2: no id; give the document id the report or export shows "
                    "(1 more bad row: 3)\n")


def test_one_bad_row_reads_as_before(corpus, tmp_path):
    sheet, said = refused(corpus, tmp_path, f"id,stance\n{corpus[1][0]},none\nzzzz9999,none\n")
    assert said.startswith(f"voices: error: {sheet} row 3: ") and said.endswith("; nothing was stored\n")


def test_an_erased_documents_row_says_it_was_erased(corpus, tmp_path):
    """An old sheet after `voices delete` said "no document ...", as for a typo; by its voices id or the keyed
    id a redacted export showed, it now says the document was erased."""
    path, ids = corpus
    r = run("export", "--corpus", path, "--format", "jsonl", "--redact")
    keyed = [json.loads(line)["id"] for line in r.stdout.splitlines()]
    deleted = run("delete", "--id", ids[1], "--corpus", path)
    assert deleted.exit_code == 0, deleted.output
    for gone in (ids[1], keyed[1]):
        sheet, said = refused(corpus, tmp_path, f"id,stance\n{ids[0]},none\n{gone},none\n")
        assert said == (f"voices: error: {sheet} row 3: document {gone!r} was erased from corpus {path} by voices "
                        "delete: take its row out of the file; nothing was stored\n")
    sheet, said = refused(corpus, tmp_path, f"id,stance\n{ids[0]},none\n{'0' * 16},none\n")
    assert f"row 3: no document '{'0' * 16}' in corpus" in said
