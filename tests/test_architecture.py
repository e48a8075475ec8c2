"""The layering STYLE.md describes, held by a test: imports flow cli -> api -> use cases -> domain -> store.

A module may import its own layer or lower ones, never a higher one; only
``voices.cli`` imports typer; rich only in the CLI and the terminal renderer;
every command module is a thin wrapper over ``voices.api``.
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
    "cli": 5, "__main__": 5,
    "api": 4,
    "ingest": 3, "classify": 3, "report": 3, "export": 3, "scale": 3, "review": 3,
    "models": 2, "nlp": 2, "redact": 2, "language": 2,
    "store": 1, "ids": 1, "labelfile": 1, "labelfile_rows": 1, "erase": 3, "formats": 3, "themes": 3, "placeholders": 0, "_scratch": 0, "schemas": 0, "errors": 0, "arrow": 0, "_atomic": 0, "_faultpoints": 0, "csvcells": 0, "terminal_text": 0, "_forkpool": 0, "_langid_cache": 0, "data": 0, "mojibake": 0,  # noqa: E501 - one line per table row
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
            assert LAYERS[other] <= mine or (mine == LAYERS[other] == 3), (
                f"{path.relative_to(SRC)} imports {name}: a layer-{mine} module may not import layer {LAYERS[other]}"
            )
        if top not in ("cli", "__main__"):
            assert other != "cli", f"{path.relative_to(SRC)} imports the CLI"


def test_only_the_cli_imports_typer_and_rich():
    """No use case (voices.api and below) imports typer or rich."""
    for path, top in _modules():
        names = {n.split(".")[0] for n in _imports(path)}
        if top != "cli":
            assert "typer" not in names, f"{path.relative_to(SRC)} imports typer"
        if top != "cli" and path.name != "table.py":
            assert "rich" not in names, f"{path.relative_to(SRC)} imports rich"


def test_help_imports_nothing_heavy():
    code = (
        "import sys\nfrom voices.cli import app\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'pandas', 'duckdb', 'dask', 'matplotlib', 'skops', 'numpy') if m in sys.modules]\n"  # noqa: E501 - one line of generated code
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# What a command module may import from voices: the use cases, the shared CLI helpers,
# the errors it raises for option clashes, and the terminal renderer of a report.
COMMAND_IMPORTS = {"voices.api", "voices.cli._common", "voices.cli._output", "voices.cli.ingest", "voices.cli.report",
                   "voices.errors", "voices.report.table"}  # cli.ingest: its summary line, which classify FILE prints too


def _voices_imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("voices"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("voices"):
            found.update(f"{node.module}.{a.name}" if node.module == "voices" else node.module for a in node.names)
    return found


COMMAND_MODULES = sorted(p for p in (SRC / "cli").glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("path", COMMAND_MODULES, ids=lambda p: p.stem)
def test_every_command_is_a_thin_wrapper_over_the_api(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = _voices_imports(tree)
    assert imports <= COMMAND_IMPORTS, f"{path.name} reaches past voices.api: {sorted(imports - COMMAND_IMPORTS)}"
    calls = {node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
             and node.func.value.id == "api"}
    from voices import api

    assert calls and calls <= set(api.__all__), f"{path.name} calls no use case of voices.api"
    bodies = [n for n in tree.body if isinstance(n, ast.FunctionDef)
              and any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "command" for d in n.decorator_list)]
    assert len(bodies) == 1, f"{path.name}: one @command per module"
    assert not any(isinstance(n, ast.With) and "transaction" in ast.unparse(n) for n in ast.walk(tree)), (
        f"{path.name} does store work"
    )


def test_the_api_is_exported_lazily_from_the_package():
    code = (
        "import sys, voices\n"
        "assert 'voices.api' not in sys.modules\n"
        "assert voices.classify.__module__.startswith('voices.api') and 'Parameters' in voices.classify.__doc__\n"
        "import voices.classify as module\n"
        "assert module.__name__ == 'voices.classify' and callable(voices.classify)\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'pandas', 'duckdb', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# Module-level containers that may change after import, each with its reason.
EXPLICIT_STATE = {
    ("store/schema.py", "MIGRATIONS"): "the migration registry, filled by @migration at import and never after",
    ("_forkpool.py", "_WORKER_STATE"): "worker processes only: what a pool's initializer hands each worker",
}
_CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "Counter", "OrderedDict", "deque",
                    "WeakKeyDictionary", "WeakValueDictionary"}
_MUTATORS = {"append", "extend", "add", "update", "setdefault", "pop", "popitem", "clear", "insert",
             "remove", "discard"}


def _module_containers(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        call = value.func if isinstance(value, ast.Call) else None
        called = getattr(call, "id", None) or getattr(call, "attr", None)
        if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp) or (
                called in _CONTAINER_CALLS):
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _changed(tree: ast.Module, names: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.update(node.names)  # rebinding a module name from a function is state too
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            found.update(t.value.id for t in targets if isinstance(t, ast.Subscript)
                         and isinstance(t.value, ast.Name) and t.value.id in names)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS
              and isinstance(node.func.value, ast.Name) and node.func.value.id in names):
            found.add(node.func.value.id)
    return found


def test_no_module_level_mutable_state_outside_explicit_caches():
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found |= {(path.relative_to(SRC).as_posix(), name) for name in _changed(tree, _module_containers(tree))}
    unexpected = sorted(found - set(EXPLICIT_STATE))
    assert not unexpected, (
        f"module-level state changed at run time: {unexpected}; keep it on an instance passed explicitly"
    )


def test_the_state_check_catches_what_it_should():
    tree = ast.parse("A = {}\nB = []\nC = {'k': 1}\nD = ()\n"
                     "def f():\n    A['x'] = 1\n    B.append(2)\n    global E\n    D.count(1)\n    C.get('k')\n")
    assert _changed(tree, _module_containers(tree)) == {"A", "B", "E"}


# The store speaks SQL; a use case asks it a question (``Corpus.copied_source``,
# ``voices.store.stored_part.holding_source``). Packages held to that so far:
NO_SQL_PACKAGES = ("ingest",)
_SQL_CALLS = {"sql", "execute", "executemany"}


def _sql_calls(tree: ast.AST) -> list[str]:
    """``x.sql(...)``, ``x.execute(...)``: the calls that run a query, as written."""
    return [ast.unparse(node.func) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SQL_CALLS]


@pytest.mark.parametrize("package", NO_SQL_PACKAGES)
def test_use_cases_ask_the_store_instead_of_running_sql(package):
    found = {path.relative_to(SRC).as_posix(): calls for path in sorted((SRC / package).rglob("*.py"))
             if (calls := _sql_calls(ast.parse(path.read_text(encoding="utf-8"))))}
    assert not found, f"SQL outside voices.store: {found}; add a Corpus method or a function in voices.store"


def test_the_sql_check_catches_what_it_should():
    tree = ast.parse("corpus.sql('SELECT 1')\nself.corpus._con.execute('DELETE FROM t')\ncorpus.copied_source(s)\n")
    assert _sql_calls(tree) == ["corpus.sql", "self.corpus._con.execute"]
