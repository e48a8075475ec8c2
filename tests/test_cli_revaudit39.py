"""A hostile review of audit39 (session 39's CLI audit): each test is a command line its fixes left misbehaving."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app

SRC = Path(__file__).resolve().parents[1] / "src" / "voices"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("args", [
    ("report", "--dataset", ""),
    ("report", "--dataset", "  "),
    ("classify", "--dataset", "", "--out", "x"),
    ("classify", "--dataset", "ds", "--out", ""),
    ("classify", "--dataset", "ds", "--out", "x", "--scheduler", " "),
    ("scheme", "init", "--proposition", "P", "--stance", "a=b", "--stance", "c=d", "--out", "s.toml", "--name", ""),
    ("themes", "adopt", "d-1", "--name", "x", "--description", "y", "--run", ""),
])
def test_an_option_given_as_nothing_is_refused(tmp_path, monkeypatch, args):
    """`voices report --dataset ""` (an unset $DATASET) reported on the corpus instead, exit 0; `classify --dataset ""`
    said "--out x is inside the dataset :"; `scheme init --name ""` named the scheme after the file and `themes adopt
    --run ""` took the newest run, as if the option were not given. They are refused as `--source ""` is."""
    from store_fixtures import make_corpus

    monkeypatch.chdir(tmp_path)
    make_corpus(tmp_path / "voices.duckdb")
    r = run(*args)
    option = next(a for a in reversed(args) if a.startswith("--") and args[args.index(a) + 1].strip() == "")
    assert r.exit_code == 2, r.output
    named = "'--out' / '-o'" if option == "--out" else f"'{option}'"
    assert f"Error: Invalid value for {named}: an empty value: give one, or leave the option out\n" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["voices.duckdb"]
