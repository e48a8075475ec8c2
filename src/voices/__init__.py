"""voices: what practitioners are saying.

Stance toward a named proposition and themes, in comment threads and
consultation responses, offline. Every command is also a function here::

    import voices
    voices.ingest(["thread.txt"], "study.duckdb")
    voices.classify("study.duckdb")
    print(voices.report("study.duckdb", format="md").text)

The functions live in ``voices.api`` and load on first use, so ``import voices``
(and ``voices --help``) stays instant.

Four use cases share their name with the subpackage that does their work
(``voices.ingest``, ``voices.classify``, ``voices.report``, ``voices.export``).
Once such a submodule is imported it is this package's attribute, so it is made
callable: ``voices.classify(...)`` runs the use case either way, and
``import voices.classify`` still gives the module.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = (
    "ingest", "classify", "classify_dataset", "report", "train", "evaluate", "export",
    "label", "delete", "corpus_summary", "migrate", "Progress", "label_from", "sample", "review_export", "review",
    "scheme_init", "scheme_set", "quotes", "discover_themes", "adopt_theme",
)
__all__ = ["__version__", *_API]

if TYPE_CHECKING:
    from voices.api import (  # noqa: F401 - for type checkers; __getattr__ loads them lazily
        Progress,
        adopt_theme,
        classify,
        classify_dataset,
        corpus_summary,
        delete,
        discover_themes,
        evaluate,
        export,
        ingest,
        label,
        label_from,
        migrate,
        quotes,
        report,
        review,
        review_export,
        sample,
        scheme_init,
        scheme_set,
        train,
    )


class _CallableModule(types.ModuleType):
    """A submodule named like a use case: calling it runs ``voices.api.<name>``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from voices import api

        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(types.ModuleType):
    """This package: a submodule named like a use case becomes callable as it is attached."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API and type(value) is types.ModuleType:
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _API:
        from voices import api

        return getattr(api, name)
    raise AttributeError(f"module 'voices' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
