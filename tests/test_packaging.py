"""What an installed voices carries: the typing marker, the shipped schemes and the labelled corpus, as package data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest


def test_py_typed_and_schemes_are_package_data():
    assert files("voices").joinpath("py.typed").is_file()
    assert files("voices").joinpath("data/schemes/social-work-leadership.toml").is_file()
    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"py.typed", "data/**/*"} <= set(config["tool"]["setuptools"]["package-data"]["voices"])


REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "voices" / "data"


def test_the_wheel_holds_every_data_file(tmp_path):
    """An installed voices can retrain: the built wheel carries every data file, the labelled corpus included."""
    tree = tmp_path / "tree"  # built from a copy, so the build leaves nothing in the repository
    shutil.copytree(REPO / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, tree / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(tree)],
                           capture_output=True, text=True, timeout=300)
    if built.returncode and any(s in built.stderr for s in ("Could not find a version", "NewConnectionError",
                                                             "Temporary failure in name resolution")):
        pytest.skip("the build backend (setuptools) cannot be fetched: no package registry here")
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("voices-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    source = {f"voices/data/{p.relative_to(DATA).as_posix()}" for p in DATA.rglob("*") if p.is_file()}
    assert source <= names, sorted(source - names)[:10]
    labelled = {n for n in names if n.startswith("voices/data/labelled/batch-") and n.endswith(".jsonl")}
    assert len(labelled) == len(list((DATA / "labelled").glob("batch-*.jsonl"))) >= 10
    assert "voices/data/labelled/exclude-stance.txt" in names
    assert any(n.startswith("voices/data/schemes/") and n.endswith(".toml") for n in names)
