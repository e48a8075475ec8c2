"""Copies of people's texts in the temporary folder do not outlive the command, even killed by SIGKILL.

``cat big.jsonl | voices ingest -`` killed mid-run left the whole input in
``/tmp/voices-stdin-*/stdin.jsonl``, never removed.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from voices.ingest import inputs

CANARY = "Open the library on Sundays, please; signed Pat Quill of 4 Elm Row"


def _voices(*args, tmp: Path, **kwargs):
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(Path(inputs.__file__).parents[2])}
    env.update(kwargs.pop("env", {}))
    streams = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.Popen([sys.executable, "-m", "voices", *map(str, args)], env=env, **streams)


def _empty_soon(tmp: Path, seconds: float = 20) -> list[str]:
    """What is left in ``tmp`` once the reaper has had its time (empty: nothing)."""
    deadline = time.monotonic() + seconds
    while any(tmp.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(p.name for p in tmp.iterdir())


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


@pytest.fixture
def tmp(tmp_path):
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def test_ingest_from_stdin_killed_mid_copy_leaves_no_copy(tmp_path, tmp):
    proc = _voices("ingest", "-", "--corpus", tmp_path / "c.duckdb", tmp=tmp)
    proc.stdin.write(f'{{"id": "q1", "text": "{CANARY}"}}\n'.encode() * 2000)
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not any(tmp.glob("voices-stdin-*")):  # copying standard input, which stays open
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert _empty_soon(tmp) == []


def test_ingest_from_stdin_killed_while_parsing_leaves_no_copy(tmp_path, tmp):
    """Killed (SIGKILL, by the fault point) after the whole input was copied, as it is being read."""
    proc = _voices("ingest", "-", "--corpus", tmp_path / "c.duckdb", tmp=tmp,
                   env={"VOICES_FAULT_POINT": "ingest.parsing"})
    proc.communicate(f'{{"id": "q1", "text": "{CANARY}"}}\n'.encode(), timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert _empty_soon(tmp) == []
    assert not (tmp_path / "c.duckdb").exists() or CANARY.encode() not in (tmp_path / "c.duckdb").read_bytes()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux: /proc/self/fd")
def test_on_linux_the_stdin_copy_has_no_name_of_its_own(tmp, monkeypatch):
    """Readers get a link named as the bytes say; the bytes are in a file with no name, freed by the
    kernel when the process ends, however it ends."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f'{{"text": "{CANARY}"}}\n'.encode())))
    with inputs.spooled_stdin() as copy:
        assert copy.name == "stdin.jsonl" and copy.parent.name.startswith(f"voices-stdin-{os.getpid()}-")
        assert copy.read_text(encoding="utf-8") == f'{{"text": "{CANARY}"}}\n'
        assert copy.is_symlink() and os.readlink(copy).startswith(f"/proc/{os.getpid()}/fd/")
        files = [p for p in tmp.rglob("*") if p.is_file() and not p.is_symlink()]
        assert files == []  # nothing named holds the bytes
    assert list(tmp.iterdir()) == []


def test_a_stale_stdin_copy_of_a_dead_process_goes_at_the_next_run(tmp_path, tmp):
    """Where no reaper ran (no /bin/sh), the next ``ingest -`` removes the copies of processes that are gone."""
    stale = tmp / f"voices-stdin-{_dead_pid()}-abc"
    live = tmp / f"voices-stdin-{os.getpid()}-abc"  # this test's own: a live process's copy stays
    for folder in (stale, live):
        folder.mkdir()
        (folder / "stdin.jsonl").write_text(CANARY, encoding="utf-8")
    proc = _voices("ingest", "-", "--corpus", tmp_path / "c.duckdb", tmp=tmp)
    _, err = proc.communicate(b'{"id": "q1", "text": "Fine words."}\n', timeout=120)
    assert proc.returncode == 0, err
    assert sorted(p.name for p in tmp.iterdir()) == [live.name]


@pytest.mark.parametrize("command", [["export", "--format", "xlsx"], ["export", "--format", "qdpx"]])
def test_a_binary_output_to_stdout_killed_while_written_leaves_no_copy(tmp_path, tmp, command):
    """An XLSX or QDPX output sent to stdout is written whole in a temporary folder first: killed there,
    the folder (unredacted texts) stayed in /tmp. ``report --format xlsx`` writes through the same
    ``binary_stdout``."""
    from store_fixtures import make_corpus

    corpus = make_corpus(tmp_path / "c.duckdb")
    with open(tmp_path / "out.bin", "wb") as sink:  # stdout sent to a file, not a terminal
        proc = _voices(*command, "--corpus", corpus, tmp=tmp, stdout=sink, env={"VOICES_FAULT_POINT": "output.writing"})
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, err
    assert (tmp_path / "out.bin").read_bytes() == b""  # nothing half-written went out either
    assert _empty_soon(tmp) == []


def test_a_binary_output_to_stdout_still_arrives_whole_and_leaves_nothing(tmp_path, tmp):
    from store_fixtures import make_corpus

    corpus = make_corpus(tmp_path / "c.duckdb")
    stale = tmp / f"voices-stdout-{_dead_pid()}-abc"  # a killed run's, where no reaper could run
    stale.mkdir()
    (stale / "stdout.xlsx").write_text(CANARY, encoding="utf-8")
    with open(tmp_path / "out.xlsx", "wb") as sink:
        proc = _voices("export", "--format", "xlsx", "--corpus", corpus, tmp=tmp, stdout=sink)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "out.xlsx", read_only=True).active.values)
    assert len(rows) == 7 and "text" in rows[0]  # the header and the corpus's six documents
    assert list(tmp.iterdir()) == []


def test_a_report_spills_into_a_scratch_folder(tmp, monkeypatch):
    """The report's DuckDB spill folder holds people's texts too: it is a scratch folder (named with
    this process id, reaped if the process is killed), not a ``TemporaryDirectory`` a kill leaves."""
    import tempfile

    import duckdb

    from voices.store import report_docs

    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    con = duckdb.connect(":memory:")
    with report_docs._bounded(con):
        spill = Path(con.execute("SELECT current_setting('temp_directory')").fetchone()[0])
        assert spill.parent == tmp and spill.name.startswith(f"voices-report-{os.getpid()}-") and spill.is_dir()
    assert not spill.exists()


def _old_folder(tmp: Path, name: str, hours: float) -> Path:
    """An older version's stdin copy: ``voices-stdin-`` and ``TemporaryDirectory``'s eight characters, ``hours`` old."""
    folder = tmp / name
    folder.mkdir()
    (folder / "stdin").write_text(CANARY, encoding="utf-8")
    then = time.time() - hours * 3600
    for path in (folder / "stdin", folder):
        os.utime(path, (then, then))
    return folder


def test_an_older_versions_stdin_copy_goes_after_a_day_unless_in_use(tmp, monkeypatch):
    """Versions before the process id in the name left ``voices-stdin-XXXXXXXX`` (no pid) in /tmp for good, each a
    copy of piped input. Unchanged for a day and open in no process, it goes; a newer one, one a process holds
    open, and folders that are not such a copy stay."""
    import tempfile

    from voices._scratch import STALE_AFTER, sweep

    assert STALE_AFTER == 24 * 3600
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    stale = _old_folder(tmp, "voices-stdin-k2j_9x0q", 25)
    recent = _old_folder(tmp, "voices-stdin-a1b2c3d4", 23)
    held = _old_folder(tmp, "voices-stdin-zz00yy11", 48)
    other = [_old_folder(tmp, name, 48) for name in ("voices-stdin-notes", "voices-stdout-k2j_9x0q", "k2j_9x0q")]
    with open(held / "stdin", encoding="utf-8"):  # a running command of an older version reading its copy
        sweep("voices-stdin-")
        assert sorted(p.name for p in tmp.iterdir()) == sorted([recent.name, held.name, *(p.name for p in other)])
        assert not stale.exists()
    sweep("voices-stdin-")
    assert sorted(p.name for p in tmp.iterdir()) == sorted([recent.name, *(p.name for p in other)])
    assert (recent / "stdin").read_text(encoding="utf-8") == CANARY


def test_the_next_piped_ingest_removes_an_older_versions_day_old_copy(tmp_path, tmp):
    stale = _old_folder(tmp, "voices-stdin-q8w7e6r5", 30)
    proc = _voices("ingest", "-", "--corpus", tmp_path / "c.duckdb", tmp=tmp)
    _, err = proc.communicate(b'{"id": "q1", "text": "Fine words."}\n', timeout=120)
    assert proc.returncode == 0, err
    assert not stale.exists() and list(tmp.iterdir()) == []


def test_a_signal_while_the_reaper_starts_still_removes_the_folder(tmp, monkeypatch):
    """SIGTERM right after the folder was made, while its reaper was still starting (a slow fork under load),
    left the folder behind: the removal on leaving began only after the reaper had started."""
    import tempfile

    from voices import _scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp))

    def interrupted(folder):
        raise KeyboardInterrupt

    monkeypatch.setattr(_scratch, "_watch", interrupted)
    with pytest.raises(KeyboardInterrupt), _scratch.scratch_folder("voices-stdin-"):
        pass
    assert list(tmp.iterdir()) == []
