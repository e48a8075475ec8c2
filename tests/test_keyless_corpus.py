"""A corpus made before keys came in, never written since: its redacted outputs say their ids are one-off.

Reading commands never write (they read an older schema as it is), so such a corpus gets a new
random key for every output: its ``ks…`` and ``k…`` ids differ between two outputs and ``--source``
or ``--id`` cannot take them. The warning said to "give to voices label" and not what to run.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from report_fixtures import FakeStance, FakeThemes
from typer.testing import CliRunner

import voices.classify
from voices.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "corpus-v1.duckdb.gz"
runner = CliRunner()


def _old(tmp_path: Path) -> Path:
    path = tmp_path / "v1.duckdb"
    with gzip.open(FIXTURE) as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def _ids(stdout: str) -> list[tuple[str, str]]:
    return [(r["id"], r["source_id"]) for r in map(json.loads, stdout.splitlines())]


def test_a_keyless_corpus_says_once_its_ids_are_not_stable_and_what_to_run(tmp_path, monkeypatch):
    path = _old(tmp_path)
    before = path.read_bytes()
    warning = (f"voices: WARNING: corpus {path} has no redaction key yet (made before keys came in): ids in this "
               "output are not stable and cannot be given back to --source/--id; run any write command, e.g. "
               f"voices classify --corpus {path}, to fix a key\n")
    exports = []
    for args in (["report", "--format", "md"], ["export", "--format", "jsonl", "--redact"],
                 ["export", "--format", "jsonl", "--redact"]):
        result = runner.invoke(app, [*args, "--corpus", str(path)])
        assert result.exit_code == 0, result.output
        assert result.stderr == warning, args  # once, and nothing else
        assert "redaction key" not in result.stdout
        exports.append(result.stdout)
    assert path.read_bytes() == before  # reading never writes
    first, second = _ids(exports[1]), _ids(exports[2])
    assert len(first) == 66 and all(a != b for a, b in zip(first, second, strict=True))  # one-off keys

    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    fixed = runner.invoke(app, ["classify", "--corpus", str(path)])  # what the warning says to run
    assert fixed.exit_code == 0, fixed.output
    again = [runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--corpus", str(path)]) for _ in (1, 2)]
    assert all(r.exit_code == 0 and "redaction key" not in r.stderr for r in again), again[0].output
    assert _ids(again[0].stdout) == _ids(again[1].stdout)
    keyed_source = _ids(again[0].stdout)[0][1]
    shown = runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--source", keyed_source, "--corpus", str(path)])
    assert shown.exit_code == 0, shown.output
    assert {s for _, s in _ids(shown.stdout)} == {keyed_source}
