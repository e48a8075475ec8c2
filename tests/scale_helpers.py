"""Datasets and a stand-in classifier for the Dask tests.

This module is imported by name inside Dask worker processes too (conftest puts
``tests/`` on ``sys.path``, and spawned workers inherit it), so the classes here
pickle by reference.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from voices.schemas import DOCUMENT_FIELDS

ROOT = Path(__file__).resolve().parents[1]
LABELLED = sorted((ROOT / "corpora" / "labelled").glob("batch-*.jsonl"))
WELSH = "Dylai gweithwyr cymdeithasol arwain y gwasanaeth, yn fy marn i, oherwydd eu bod yn deall y gwaith."


def labelled_texts() -> list[str]:
    """The project's labelled texts (about 500), in file order."""
    return [json.loads(line)["text"] for path in LABELLED for line in path.open(encoding="utf-8")]


def documents(n: int) -> pd.DataFrame:
    """``n`` export-shaped documents built from the labelled texts with small variations.

    Every tenth source starts with an article, and one Welsh answer is included, so
    the paths that skip classification are exercised too.
    """
    texts = labelled_texts()
    openers = ["", "Agreed. ", "Honestly, ", "From experience: ", "I'd add that "]
    rows = []
    for i in range(n):
        base = texts[i % len(texts)]
        text = openers[(i // len(texts)) % len(openers)] + base
        source = f"src{i // 250:03d}"
        kind = "article" if i % 2500 == 0 else ("reply" if i % 3 == 0 else "comment")
        if i == 7:
            text = WELSH
        rows.append(
            {
                "id": f"doc{i:06d}",
                "source_id": source,
                "source_title": f"Thread {source}",
                "kind": kind,
                "position": i % 250 + 1,
                "author": f"Writer {i % 97}",
                "posted_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00",
                "parent_id": f"doc{i - 1:06d}" if kind == "reply" else None,
                "question_id": None,
                "question": None,
                "respondent_id": None,
                "respondent_type": None,
                "organisation": None,
                "closed_answer": None,
                "text": text,
            }
        )
    return pd.DataFrame(rows, columns=list(DOCUMENT_FIELDS))


def write_dataset(frame: pd.DataFrame, folder: Path, sizes: list[int], row_group_size: int = 1000) -> Path:
    """Write ``frame`` as ``part-i.parquet`` files of the given row counts (0 makes an empty file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from voices.arrow import arrow_schema

    assert sum(sizes) == len(frame), (sum(sizes), len(frame))
    folder.mkdir(parents=True, exist_ok=True)
    schema = arrow_schema([c for c in DOCUMENT_FIELDS if c in frame.columns])
    start = 0
    for i, size in enumerate(sizes):
        chunk = frame.iloc[start : start + size]
        table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=False)
        pq.write_table(table, folder / f"part-{i:05d}.parquet", row_group_size=row_group_size)
        start += size
    return folder


@dataclass(frozen=True)
class FakeClassifier:
    """A deterministic stand-in for the models: fast, and able to fail or dawdle on purpose."""

    delay_per_doc: float = 0.0
    fail_on_id: str | None = None

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.fail_on_id is not None and (frame["id"] == self.fail_on_id).any():
            raise ValueError(f"planted failure on {self.fail_on_id}")
        digests = [int(hashlib.sha256(str(t).encode()).hexdigest()[:8], 16) for t in frame["text"]]
        out = frame.copy()
        out["stance"] = ["for" if d % 2 else "against" for d in digests]
        out["stance_probability"] = [0.5 + (d % 500) / 1000 for d in digests]
        out["stance_uncertain"] = [d % 5 == 0 for d in digests]
        out["themes"] = [["pay"] if d % 3 else [] for d in digests]
        out["theme_probabilities"] = [{"pay": (d % 100) / 100} for d in digests]
        out["stance_model"] = "fake-stance"
        out["themes_model"] = "fake-themes"
        time.sleep(self.delay_per_doc * len(frame))
        return out

    def describe(self) -> dict[str, str]:
        return {"stance_model": "fake-stance", "themes_model": "fake-themes"}
