"""The corpus: an embedded DuckDB file. The only package that speaks SQL.

Public names: ``Corpus`` (open with ``Corpus.open``), ``SCHEMA_VERSION``. How the
schema changes between releases (one function per step) is told in
``voices.store.schema``.
"""

from voices.store.corpus import Corpus
from voices.store.schema import SCHEMA_VERSION
from voices.store.source_summary import SourceSummary

__all__ = ["SCHEMA_VERSION", "Corpus", "SourceSummary"]
