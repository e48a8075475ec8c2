"""Reading commands only read: report, export --redact and corpus leave the corpus file as it was."""

from __future__ import annotations

import os
import stat

import pytest
from report_fixtures import FakeStance, FakeThemes, make_report_corpus
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()

READS = [
    ["report", "--format", "md"],
    ["report", "--format", "html", "--redact"],
    ["report", "--format", "json"],
    ["export", "--format", "csv", "--redact"],
    ["export", "--format", "jsonl"],
    ["corpus"],
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from voices.classify import classify_corpus

    path = make_report_corpus(tmp_path_factory.mktemp("ro") / "c.duckdb")
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def _fingerprint(path):
    return path.read_bytes(), os.stat(path).st_mtime_ns


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reading_commands_leave_the_corpus_bytes_and_mtime(corpus, args):
    before = _fingerprint(corpus)
    res = runner.invoke(app, [*args, "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip()
    assert _fingerprint(corpus) == before
    assert not corpus.with_name(corpus.name + ".wal").exists()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reading_commands_work_on_a_read_only_corpus(corpus, tmp_path, args):
    ro = tmp_path / "ro.duckdb"
    ro.write_bytes(corpus.read_bytes())
    ro.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    res = runner.invoke(app, [*args, "--corpus", str(ro)])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip()


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reading_commands_never_open_the_corpus_for_writing(corpus, monkeypatch, args):
    # holds where file permissions cannot (a root user writes a chmod 444 file)
    from voices.store import Corpus

    opened = Corpus.open.__func__

    def read_only(cls, path, *, write=False, create=True):
        assert not write, f"{args[0]} opened {path} for writing"
        return opened(cls, path, write=write, create=create)

    monkeypatch.setattr(Corpus, "open", classmethod(read_only))
    res = runner.invoke(app, [*args, "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
