"""``ingest - --replace`` from a second pipe: its text under the id of the first pipe's (another person's words) took
that text's place, said only as '1 updated', and a label on it went to label history without a word."""

from __future__ import annotations

import json

from ingest_helpers import documents
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()
FIRST = "id,author,text\n1,Ann,Leaders should listen first.\n2,Cat,Services should be judged by users.\n"
SECOND = "id,author,text\n1,Bob,I disagree with all of this.\n"


def _pipe(corpus, text, *extra):
    res = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json", *extra], input=text)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_a_pipe_replacing_another_pipes_text_says_what_and_where(tmp_path):
    corpus = tmp_path / "c.duckdb"
    _pipe(corpus, FIRST)
    ann = next(d["id"] for d in documents(corpus) if d["author"] == "Ann")
    res = runner.invoke(app, ["label", ann, "--stance", "system_leaders", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    out = _pipe(corpus, SECOND, "--replace")
    assert (out["documents_updated"], out["documents_removed"], out["labels_superseded"]) == (1, 1, [ann])
    assert out["files"][0]["warnings"] == [
        f"-: --replace: 1 text an earlier pipe stored in source 'stdin' was replaced by this input's under its id "
        f"(other words or another author; first {ann}; 1 label moved to label history): if this input is "
        "not that source as it now stands, pipe the earlier input again with --replace to put its texts back, and "
        "this one with --source-title NAME"]


def test_the_same_pipe_again_with_replace_says_nothing(tmp_path):
    corpus = tmp_path / "c.duckdb"
    _pipe(corpus, FIRST)
    out = _pipe(corpus, FIRST, "--replace")
    assert out["documents_updated"] == 0 and out["warnings"] == []


def test_a_file_replacing_its_own_stored_text_says_nothing_new(tmp_path):
    """An edit of a file's own comment, with --replace, is what --replace is for: '1 updated' as before."""
    corpus, path = tmp_path / "c.duckdb", tmp_path / "comments.csv"
    path.write_text(FIRST, encoding="utf-8")
    runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus)])
    path.write_text(FIRST.replace("listen first", "listen first and act"), encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus), "--replace", "--json"])
    out = json.loads(res.stdout)
    assert out["documents_updated"] == 1 and out["warnings"] == []


def test_a_refused_replace_does_not_say_it_replaced(tmp_path):
    """Cat's label refused the second pipe's --replace (nothing stored), but the line before the error said Ann's
    text 'was replaced' and '1 label moved to label history'."""
    corpus = tmp_path / "c.duckdb"
    _pipe(corpus, FIRST)
    for doc in documents(corpus):
        res = runner.invoke(app, ["label", doc["id"], "--stance", "system_leaders", "--corpus", str(corpus)])
        assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--replace"], input=SECOND)
    assert res.exit_code == 2, res.output
    assert "--replace would remove 1 labelled document" in res.output
    assert "was replaced" not in res.output
    assert sorted(d["author"] for d in documents(corpus)) == ["Ann", "Cat"]
