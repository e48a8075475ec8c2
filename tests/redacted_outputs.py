"""Every output voices redacts, run through the CLI: for tests that a field names no one in any of them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()


def zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".qde")))


def parquet_text(folder: Path) -> str:
    import pyarrow.parquet as pq

    return json.dumps(pq.read_table(folder).to_pylist(), ensure_ascii=False, default=str)


# (command, output file or None for stdout, how to read the file): every output redacted by default or --redact
REDACTED = {
    "report md": (["report", "--format", "md"], None, None),
    "report html": (["report", "--format", "html"], None, None),
    "report table": (["report", "--format", "table", "--redact"], None, None),
    "report csv": (["report", "--format", "csv", "--redact"], None, None),
    "report json": (["report", "--format", "json", "--redact"], None, None),
    "report xlsx": (["report", "--format", "xlsx", "--redact"], "r.xlsx", zip_text),
    "quotes csv": (["quotes", "--theme", "pay"], None, None),
    "quotes md": (["quotes", "--theme", "pay", "--format", "md"], None, None),
    "quotes json": (["quotes", "--theme", "pay", "--format", "json"], None, None),
    "export csv": (["export", "--format", "csv", "--redact"], None, None),
    "export jsonl": (["export", "--format", "jsonl", "--redact"], None, None),
    "export xlsx": (["export", "--format", "xlsx", "--redact"], "e.xlsx", zip_text),
    "export parquet": (["export", "--format", "parquet", "--redact"], "dataset", parquet_text),
    "export qdpx": (["export", "--format", "qdpx"], "e.qdpx", zip_text),
}


def run(corpus: Path, tmp_path: Path, args: list[str], out: str | None, read) -> str:
    where = ["--out", str(tmp_path / out)] if out else []
    result = runner.invoke(app, [*args, "--corpus", str(corpus), *where])
    assert result.exit_code == 0, result.output
    return read(tmp_path / out) if out else result.stdout
