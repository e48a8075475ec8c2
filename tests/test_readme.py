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


# README command lines that cannot run as written on the bundled samples alone, by their start, and why
NOT_RUN = {
    "voices ingest disqus-page.txt": "a user's file", "voices ingest --preview responses.csv": "a user's file",
    "voices ingest responses.csv": "a user's file", "voices ingest answers.jsonl": "a user's file",
    "voices label --from my-codes.csv": "a user's file", "voices label --from my-labels.csv": "a user's file",
    "voices label --from to-label.xlsx": "a sheet filled by hand", "voices label --from more.xlsx": "filled by hand",
    "voices quotes --theme d-": "a discovered theme's id differs by run", "voices themes adopt d-": "the same",
    "voices review --queue": "serves a page", "voices train": "real training: slow, and most need labels by hand",
    "voices classify --stance-model": "a model trained above", "voices evaluate": "a user's test file",
    "voices scheme set": "a new debate's corpus: the samples' labels are the social-work scheme's",
}


def _readme_commands() -> list[tuple[int, str]]:
    """The `$ voices ...` lines of the quick start and command sections, continuation lines joined."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    end = lines.index("## Use it from Python")
    found, i = [], 0
    while i < end:
        if lines[i].startswith("$ voices "):
            line, at = lines[i][2:], i + 1
            while line.rstrip().endswith("\\"):
                i += 1
                line = line.rstrip()[:-1] + " " + lines[i].strip()
            found.append((at, line))
        i += 1
    return found


def test_readme_command_lines_run_on_the_samples(tmp_path, monkeypatch):
    """'voices delete --author "Jo Bloggs"', '--id d41f0c2e' and 'themes discover --n 12 --source s1a2'
    named no author, document or source of the samples; each line now runs as written, in order."""
    import glob
    import shlex

    from typer.testing import CliRunner

    from voices.cli import app

    shutil.copytree(ROOT / "corpora" / "samples", tmp_path / "corpora" / "samples")
    monkeypatch.chdir(tmp_path)
    ran, runner = [], CliRunner()
    for at, line in _readme_commands():
        words = shlex.split(line, comments=True)
        if line.startswith(tuple(NOT_RUN)) or words == ["voices", "review"]:  # serves a page
            continue
        out = words[words.index(">") + 1] if ">" in words else None
        words = [w for word in words[1:words.index(">") if out else None]
                 for w in (sorted(glob.glob(word)) if "*" in word else [word])]
        result = runner.invoke(app, words)
        assert result.exit_code == 0, f"README line {at}: {line}\n{result.output}"
        if out:
            (tmp_path / out).write_bytes(result.stdout_bytes)
        ran.append(words[0])
    assert len(ran) >= 25 and {"ingest", "delete", "classify", "report", "quotes", "themes"} <= set(ran)
    assert (tmp_path / "themes.json").read_text(encoding="utf-8").startswith("{")
