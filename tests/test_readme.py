"""The README's Python example runs as a doctest, on the bundled samples, in a fresh folder."""

from __future__ import annotations

import doctest
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "corpora" / "samples", tmp_path / "corpora" / "samples")
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS,
                              raise_on_error=False, verbose=False)
    assert result.attempted >= 8, "the README lost its Python example"
    assert result.failed == 0
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Who should lead social work?")
