"""Shared helpers for the ingest tests: fixture paths, reading records, reading a corpus back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voices.ingest import IngestOptions
from voices.ingest.base import ReadContext
from voices.ingest.file_loader import READERS
from voices.schemas import Record
from voices.store import Corpus

FIX = Path(__file__).parent / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_41ee0e65a7578c08.txt"
WXR_REAL = SHARED / "formats" / "wordpress-theme-unit-test-data.xml"


def read(fmt: str, path: Path, **options: Any) -> tuple[list[Record], ReadContext]:
    """All records a reader yields for ``path``, and its context (warnings, skips)."""
    ctx = ReadContext(path, IngestOptions(**options))
    return list(READERS[fmt](path, ctx)), ctx


def by_key(records: list[Record]) -> dict[str, Record]:
    return {r.key: r for r in records}


def parent_author(rec: Record, records: list[Record]) -> str | None:
    if rec.parent_key is None:
        return None
    return by_key(records)[rec.parent_key].author


def documents(corpus: Path) -> list[dict[str, Any]]:
    """Every stored document as a dict, in source/position order."""
    with Corpus.open(corpus) as c:
        cur = c.sql("SELECT * FROM documents ORDER BY source_id, position, id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def count(corpus: Path) -> int:
    if not corpus.exists():
        return 0
    with Corpus.open(corpus) as c:
        return c.count_documents()
