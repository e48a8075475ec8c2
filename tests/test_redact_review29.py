"""Leaks today's safety review found in redacted outputs, each shown through the CLI on the output's bytes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()


def _ingest(tmp_path: Path, files: dict[str, list[dict]]) -> Path:
    corpus = tmp_path / "c.duckdb"
    paths = []
    for name, rows in files.items():
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(app, ["ingest", *paths, "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return corpus


def _export(corpus: Path, fmt: str = "jsonl") -> str:
    result = runner.invoke(app, ["export", "--format", fmt, "--redact", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_profile_url_on_any_site_is_hidden_whole_and_its_scheme_is_no_name(tmp_path):
    text = ("See https://www.communitycare.co.uk/profile/kemi-okafor/ and /profile/kemi-okafor for more. "
            "Ask https://example.org/author/jdoe84. Or https://example.org/users/login at https://www.gov.uk/x.")
    corpus = _ingest(tmp_path, {"t.jsonl": [{"id": "m1", "text": text, "author": "Ira"}]})
    out = _export(corpus)
    assert "okafor" not in out.casefold() and "jdoe84" not in out
    assert "[PERSON]" not in out  # "https" was read as a name: "[PERSON]://www..."
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["text"] == ("See [PROFILE] and [PROFILE] for more. Ask [PROFILE]. "
                           "Or https://example.org/users/login at https://www.gov.uk/x.")
