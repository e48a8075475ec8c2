"""A page stored before 8973b16 read a header's numeric or relative date as its author's name ('Bob Example 3 days
ago', undated). Read now as 'Bob Example', his comment has a new id: ``--replace`` refused it while his old copy held
a label (--drop-labels the only way on), though nobody's words changed."""

from __future__ import annotations

from ingest_helpers import documents
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

PAGE = ("Who should lead\n\nAn article.\n\n2 Responses to Who should lead\n\n"
        "  1. Ann Example November 30, 2017 at 1:59 pm #\n\n    Leaders should listen first.\n\n"
        "  2. {header} #\n\n    Services should be judged by users.\n")


def _ingest(path, corpus, *flags):
    res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus), *flags])
    assert res.exit_code == 0, res.output
    return res


def test_replace_carries_the_label_of_a_comment_whose_header_date_was_its_name(tmp_path):
    path, corpus = tmp_path / "page.txt", tmp_path / "c.duckdb"
    path.write_text(PAGE.format(header="Bob Example 3 days"), encoding="utf-8")  # as stored: a name, no date
    _ingest(path, corpus)
    old = next(d["id"] for d in documents(corpus) if d["author"] == "Bob Example 3 days")
    res = CliRunner().invoke(app, ["label", old, "--stance", "system_leaders", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    path.write_text(PAGE.format(header="Bob Example 3 days ago"), encoding="utf-8")
    res = _ingest(path, corpus, "--replace")
    bob = [d for d in documents(corpus) if d["text"] == "Services should be judged by users."]
    assert [(d["author"], d["posted_at"]) for d in bob] == [("Bob Example", None)]
    assert bob[0]["id"] != old and f"{old} -> {bob[0]['id']}" in res.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT doc_id, stance FROM labels").fetchall() == [(bob[0]["id"], "system_leaders")]
