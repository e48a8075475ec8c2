"""A private name a module's docstrings and comments give bare is one a reader finds in that module.

Splitting a module moves code and its comments apart: ``voices.ingest.export_matches`` took ``OtherRule`` from
``export_rules`` with comments naming ``_settle_unsaid_rules`` and ``_held_by_id``, methods of ``ExportRules`` that
stayed behind, and ``_same_row``, which no module defines. A bare private name is the module's own (a global, or
an attribute of a class it defines, bases included), the loader's for the checks ``FileLoader`` inherits, or a
module of the package; any other is named with its class or module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import voices.ingest
import voices.store
from voices.ingest.file_loader import FileLoader

_BARE = re.compile(r"``(_[A-Za-z]\w*)``")
MODULES = [f"{pkg.__name__}.{m.name}" for pkg in (voices.ingest, voices.store) for m in pkgutil.iter_modules(pkg.__path__)]


def _findable(module) -> set[str]:
    """The private names a reader of ``module`` finds in it (or, for the loader's checks, in the loader)."""
    names = set(vars(module)) | {m.name for m in pkgutil.iter_modules(importlib.import_module(
        module.__name__.rpartition(".")[0]).__path__)}
    classes = [c for c in vars(module).values() if inspect.isclass(c) and c.__module__ == module.__name__]
    for cls in classes:
        names |= {n for base in cls.__mro__ for n in vars(base)}
    if any(cls in FileLoader.__mro__ for cls in classes):
        names |= {n for base in FileLoader.__mro__ for n in vars(base)}
    return names


@pytest.mark.parametrize("name", MODULES)
def test_a_bare_private_name_in_a_module_is_found_there(name):
    module = importlib.import_module(name)
    named = set(_BARE.findall(inspect.getsource(module)))
    assert sorted(named - _findable(module)) == []


def test_the_check_catches_a_moved_method_named_bare():
    from voices.ingest import export_rules

    assert "_held_by_id" in _findable(export_rules)
    assert "_held_by_id" not in _findable(importlib.import_module("voices.ingest.export_matches"))
