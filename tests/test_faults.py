"""Fault injection (issue 10): SIGKILL at each stage, a read-only corpus, concurrent writers, a full disk.

After each fault the corpus opens, its counts are consistent, a rerun completes, and
no partial output is left behind. Kills happen at named points
(``voices._faultpoints``) in a child process, so each case is deterministic.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import make_report_corpus

from voices.store import Corpus

pytestmark = pytest.mark.faults

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
FIX = HERE / "fixtures" / "ingest"
KILLED = -signal.SIGKILL

# classify with the tests' fake models, two documents a chunk so there are chunks to be between
_CLASSIFY = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
import voices.classify as c
from report_fixtures import FakeStance, FakeThemes
c.STORE_CHUNK = 2
c.classify_corpus(sys.argv[1], stance_model=FakeStance(), themes_model=FakeThemes(), batch_size=2, n_process=1)
"""


def _run(args: list[str], fault: str | None = None, script: str | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("VOICES_FAULT_POINT", None)
    if fault:
        env["VOICES_FAULT_POINT"] = fault
    cmd = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "voices", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, **kw)


def _counts(corpus: Path) -> dict[str, int]:
    with Corpus.open(corpus) as c:
        counts = {t: c.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in ("sources", "documents", "predictions", "prepared")}
        counts["orphans"] = c.sql("""SELECT count(*) FROM predictions p
                                     WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.doc_id)""").fetchall()[0][0]
        counts["sourceless"] = c.sql("""SELECT count(*) FROM documents d
                                        WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = d.source_id)""").fetchall()[0][0]
    return counts


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---- ingest -------------------------------------------------------------------------------
@pytest.mark.parametrize("point", ["ingest.parsing", "ingest.writing", "ingest.commit"])
def test_sigkill_during_ingest_keeps_the_last_committed_corpus(tmp_path, point):
    corpus = tmp_path / "c.duckdb"
    assert _run(["ingest", str(FIX / "short_thread.txt"), "--corpus", str(corpus)]).returncode == 0
    before = _counts(corpus)
    killed = _run(["ingest", str(FIX / "small_consultation.csv"), "--corpus", str(corpus)], fault=point)
    assert killed.returncode == KILLED, killed.stderr
    assert _counts(corpus) == before
    again = _run(["ingest", str(FIX / "small_consultation.csv"), "--corpus", str(corpus)])
    assert again.returncode == 0, again.stderr
    after = _counts(corpus)
    assert after["documents"] > before["documents"] and after["sources"] == before["sources"] + 1
    assert after["orphans"] == after["sourceless"] == 0


def test_sigkill_during_a_first_ingest_leaves_an_openable_corpus(tmp_path):
    corpus = tmp_path / "new.duckdb"
    killed = _run(["ingest", str(FIX / "short_thread.txt"), "--corpus", str(corpus)], fault="ingest.writing")
    assert killed.returncode == KILLED
    if corpus.exists():
        assert _counts(corpus)["documents"] == 0
    again = _run(["ingest", str(FIX / "short_thread.txt"), "--corpus", str(corpus)])
    assert again.returncode == 0, again.stderr
    assert _counts(corpus)["documents"] > 0


# ---- classify -----------------------------------------------------------------------------
@pytest.mark.parametrize("point", ["classify.mid_batch", "classify.between_chunks"])
def test_sigkill_during_classify_keeps_whole_chunks_and_a_rerun_finishes(tmp_path, point):
    reference = make_report_corpus(tmp_path / "ref.duckdb")
    assert _run([str(reference)], script=_CLASSIFY).returncode == 0
    corpus = make_report_corpus(tmp_path / "c.duckdb")
    killed = _run([str(corpus)], fault=point, script=_CLASSIFY)
    assert killed.returncode == KILLED, killed.stderr
    cut = _counts(corpus)
    assert cut["orphans"] == 0
    assert cut["predictions"] % 2 == 0 and cut["predictions"] < _counts(reference)["predictions"]
    if point == "classify.between_chunks":
        assert cut["predictions"] == 2  # the first chunk is kept, whole
    assert _run([str(corpus)], script=_CLASSIFY).returncode == 0
    with Corpus.open(corpus) as c, Corpus.open(reference) as r:
        query = "SELECT doc_id, status, stance, themes FROM predictions ORDER BY doc_id"
        assert c.sql(query).fetchall() == r.sql(query).fetchall()


# ---- outputs ------------------------------------------------------------------------------
OUTPUTS = {
    "export-csv": (["export", "--format", "csv"], "out.csv"),
    "export-parquet": (["export", "--format", "parquet"], "out.parquet"),
    "report-html": (["report", "--format", "html"], "report.html"),
}


@pytest.fixture(scope="module")
def classified(tmp_path_factory):
    path = make_report_corpus(tmp_path_factory.mktemp("classified") / "c.duckdb")
    assert _run([str(path)], script=_CLASSIFY).returncode == 0
    return path


@pytest.mark.parametrize("kind", list(OUTPUTS))
def test_sigkill_while_writing_output_leaves_no_partial_file(tmp_path, classified, kind):
    args, name = OUTPUTS[kind]
    out = tmp_path / name
    killed = _run([*args, "--out", str(out), "--corpus", str(classified)], fault="output.writing")
    assert killed.returncode == KILLED, killed.stderr
    assert not out.exists()
    again = _run([*args, "--out", str(out), "--corpus", str(classified)])
    assert again.returncode == 0, again.stderr
    assert out.exists() and _hidden(tmp_path) == []  # the killed run's temporary was swept


def test_sigkill_while_overwriting_output_keeps_the_old_file(tmp_path, classified):
    out = tmp_path / "out.csv"
    out.write_text("the earlier export")
    killed = _run(["export", "--out", str(out), "--corpus", str(classified)], fault="output.writing")
    assert killed.returncode == KILLED
    assert out.read_text() == "the earlier export"


def test_sigkill_while_replacing_a_parquet_export_keeps_the_old_dataset(tmp_path, classified):
    """A second export into an earlier export's folder replaces it; killed before the swap, the old stays whole."""
    out = tmp_path / "out.parquet"
    assert _run(["export", "--format", "parquet", "--out", str(out), "--corpus", str(classified)]).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    killed = _run(["export", "--format", "parquet", "--out", str(out), "--corpus", str(classified)],
                  fault="output.writing")
    assert killed.returncode == KILLED
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    again = _run(["export", "--format", "parquet", "--out", str(out), "--corpus", str(classified)])
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet"] and _hidden(tmp_path) == []


# ---- concurrent writers -------------------------------------------------------------------
def test_concurrent_writers_each_finish_or_report_busy(tmp_path):
    corpus = tmp_path / "c.duckdb"
    assert _run(["ingest", str(FIX / "short_thread.txt"), "--corpus", str(corpus)]).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    files = [FIX / "small_consultation.csv", FIX / "records.jsonl", FIX / "small.xml"]
    procs = [subprocess.Popen([sys.executable, "-m", "voices", "ingest", str(f), "--corpus", str(corpus)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    codes = [p.wait(120) for p in procs]
    assert set(codes) <= {0, 3} and 0 in codes, codes
    for f, code in zip(files, codes, strict=True):
        if code == 3:
            assert _run(["ingest", str(f), "--corpus", str(corpus)]).returncode == 0
    counts = _counts(corpus)
    assert counts["sources"] >= 4 and counts["orphans"] == counts["sourceless"] == 0


# ---- read-only corpus and a full disk (a real tmpfs where root may mount one) ---------------
@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (the simulated-ENOSPC tests still run)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_read_only_corpus_serves_reads_and_refuses_writes_cleanly(tmp_path, classified):
    with _tmpfs(tmp_path / "ro", "64m") as ro:
        shutil.copy(classified, ro / "c.duckdb")
        assert subprocess.run(["mount", "-o", "remount,ro", str(ro)], capture_output=True).returncode == 0
        corpus = ro / "c.duckdb"
        for args in (["corpus"], ["report", "--format", "md"], ["export", "--format", "jsonl"]):
            res = _run([*args, "--corpus", str(corpus)])
            assert res.returncode == 0, (args, res.stderr)
        for args in (["ingest", str(FIX / "records.jsonl")], ["delete", "--respondent", "R1"]):
            res = _run([*args, "--corpus", str(corpus)])
            assert res.returncode == 2, (args, res.returncode, res.stderr)
            assert "Traceback" not in res.stderr and "read-only" in res.stderr.lower()
        assert _counts(corpus) == _counts(classified)


def test_full_disk_fails_writes_cleanly_and_never_fails_a_read(tmp_path, classified):
    with _tmpfs(tmp_path / "full", "8m") as full:
        corpus = full / "c.duckdb"
        shutil.copy(classified, corpus)
        before = _counts(corpus)
        filler = full / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as fh:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        res = _run(["report", "--format", "md", "--corpus", str(corpus)])
        assert res.returncode == 0, res.stderr
        res = _run(["report", "--format", "html", "--out", str(full / "r.html"), "--corpus", str(corpus)])
        assert res.returncode == 2 and "No space left" in res.stderr, res.stderr
        assert not (full / "r.html").exists() and _hidden(full) == []
        res = _run(["ingest", str(FIX / "small_consultation.csv"), "--corpus", str(corpus)])
        assert res.returncode in (0, 2), res.stderr
        assert "Traceback" not in res.stderr
        filler.unlink()
        if res.returncode == 2:
            assert "nothing from this run was stored" in res.stderr, res.stderr
            assert _counts(corpus) == before
        assert _run(["ingest", str(FIX / "small_consultation.csv"), "--corpus", str(corpus)]).returncode == 0
        assert _counts(corpus)["documents"] > before["documents"]


def test_a_delete_on_a_full_disk_says_to_compact_and_never_that_the_corpus_is_damaged(tmp_path):
    """A delete whose rewrite found the disk full said "corpus is damaged ...: restore it from a backup, or
    ingest the source files into a new corpus" (so did the next writing command): the failed checkpoint had
    invalidated DuckDB's connection, and voices asked it whether the rows were gone. The corpus was fine."""
    with _tmpfs(tmp_path / "full", "12m") as full:
        corpus = full / "c.duckdb"
        assert _run(["ingest", str(FIX / "short_thread.txt"), "--corpus", str(corpus)]).returncode == 0
        before = _counts(corpus)
        filler = full / "filler"  # room for the delete's commit, none for a copy of the corpus
        filler.write_bytes(b"\0" * (os.statvfs(full).f_bavail * os.statvfs(full).f_frsize - 512 * 1024))
        told = "the rows are deleted; free some disk space and run voices delete --compact"
        for args in (["delete", "--author", "Ben Q"], ["label", "x", "--stance", "none"]):
            res = _run([*args, "--corpus", str(corpus)])
            assert res.returncode == 2 and told in res.stderr, res.stderr
            assert "damaged" not in res.stderr and "Traceback" not in res.stderr
        assert _counts(corpus)["documents"] == before["documents"] - 1  # the rows went, in one transaction
        filler.unlink()
        res = _run(["delete", "--compact", "--corpus", str(corpus)])
        assert res.returncode == 0, res.stderr
        assert b"Ben Q" not in corpus.read_bytes() and _hidden(full) == []


def test_simulated_enospc_while_writing_output_leaves_nothing(tmp_path, monkeypatch):
    import errno

    from voices import _atomic
    from voices.errors import OutputError

    out = tmp_path / "r.md"

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", full)
    with pytest.raises(OutputError, match="No space left"):
        _atomic.atomic_write_text(out, "x" * 1000)
    assert list(tmp_path.iterdir()) == []
