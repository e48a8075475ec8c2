"""What ``voices corpus`` shows of each source: ``SourceSummary`` and the query that fills it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["SourceSummary", "source_summaries"]


@dataclass(frozen=True)
class SourceSummary:
    """One source as ``voices corpus`` shows it."""

    id: str
    title: str
    kind: str
    url: str | None
    documents: int
    kinds: dict[str, int]
    first_posted: str | None
    last_posted: str | None
    max_depth: int
    classified: int


def source_summaries(corpus: Corpus) -> list[SourceSummary]:
    """Per source: counts by kind, date range, deepest reply chain, classified count."""
    rows = corpus._con.execute(
        """WITH RECURSIVE depth(id, source_id, d) AS (
               SELECT id, source_id, 0 FROM documents WHERE parent_id IS NULL
               UNION ALL
               SELECT c.id, c.source_id, depth.d + 1 FROM documents c
               JOIN depth ON c.parent_id = depth.id
           ),
           maxdepth AS (SELECT source_id, max(d) AS md FROM depth GROUP BY source_id),
           kinds AS (SELECT source_id, kind, count(*) AS n FROM documents GROUP BY ALL)
           SELECT s.id, s.title, s.kind, s.url, count(d.id) AS n,
                  min(d.posted_at), max(d.posted_at), coalesce(any_value(m.md), 0),
                  count(p.doc_id),
                  (SELECT list(struct_pack(k := kind, n := n) ORDER BY kind) FROM kinds WHERE kinds.source_id = s.id)
           FROM sources s
           LEFT JOIN documents d ON d.source_id = s.id
           LEFT JOIN maxdepth m ON m.source_id = s.id
           LEFT JOIN predictions p ON p.doc_id = d.id
           GROUP BY s.id, s.title, s.kind, s.url
           ORDER BY s.title, s.id"""
    ).fetchall()
    return [
        SourceSummary(
            id=r[0], title=r[1], kind=r[2], url=r[3], documents=int(r[4]),
            first_posted=r[5], last_posted=r[6], max_depth=int(r[7]), classified=int(r[8]),
            kinds={k["k"]: int(k["n"]) for k in (r[9] or [])},
        )
        for r in rows
    ]
