"""What an installed voices carries: the typing marker and the shipped schemes, as package data."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path


def test_py_typed_and_schemes_are_package_data():
    assert files("voices").joinpath("py.typed").is_file()
    assert files("voices").joinpath("data/schemes/social-work-leadership.toml").is_file()
    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"py.typed", "data/**/*"} <= set(config["tool"]["setuptools"]["package-data"]["voices"])
