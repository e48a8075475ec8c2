"""The layering STYLE.md describes, held by a test: imports flow cli -> use cases -> domain -> store.

A module may import its own layer or lower ones, never a higher one; only
``voices.cli`` imports typer; rich only in the CLI and the terminal renderer.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "voices"

# Higher number = higher layer.
LAYERS = {
    "cli": 4, "__main__": 4,
    "ingest": 3, "classify": 3, "report": 3, "export": 3, "scale": 3,
    "models": 2, "nlp": 2, "redact": 2, "language": 2,
    "store": 1, "ids": 1, "erase": 3, "schemas": 0, "errors": 0, "arrow": 0, "_atomic": 0, "_faultpoints": 0, "csvcells": 0, "terminal_text": 0, "_forkpool": 0, "data": 0,
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        parts = rel.parts
        yield path, parts[0] if parts[0] != "__init__" else "__init__"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path,top", list(_modules()), ids=lambda v: str(v)[-40:] if isinstance(v, Path) else v)
def test_no_upward_imports(path, top):
    if top not in LAYERS:
        pytest.skip("package root")
    mine = LAYERS[top]
    for name in _imports(path):
        if not name.startswith("voices."):
            continue
        other = name.split(".")[1]
        if other in LAYERS and other != top:
            assert LAYERS[other] <= mine or (mine == 3 and LAYERS[other] == 3), (
                f"{path.relative_to(SRC)} imports {name}: a layer-{mine} module may not import layer {LAYERS[other]}"
            )
        if top not in ("cli", "__main__"):
            assert other != "cli", f"{path.relative_to(SRC)} imports the CLI"


def test_only_the_cli_imports_typer_and_rich():
    for path, top in _modules():
        names = {n.split(".")[0] for n in _imports(path)}
        if top != "cli":
            assert "typer" not in names, f"{path.relative_to(SRC)} imports typer"
        if top != "cli" and path.name != "table.py":
            assert "rich" not in names, f"{path.relative_to(SRC)} imports rich"


def test_help_imports_nothing_heavy():
    code = (
        "import sys\nfrom voices.cli import app\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'pandas', 'duckdb', 'dask', 'matplotlib', 'skops', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
