"""Tiny project-written corpora built straight through the store, for tests of later stages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from voices.ids import assign_ids, source_id
from voices.schemas import Record, Source
from voices.store import Corpus
from voices.store.corpus import DOCUMENT_COLUMNS, utcnow

THREAD = Source(title="Who should lead children's services?", kind="thread",
                url="https://example.org/news/who-should-lead")
CONSULTATION = Source(title="Practice leadership consultation", kind="consultation")


def thread_records() -> list[Record]:
    """A four-comment thread with a reply two deep."""
    return [
        Record(THREAD, "comment", "Directors must be registered social workers, full stop.", "1",
               author="Mo Khan", posted_at="2024-03-01T09:00:00"),
        Record(THREAD, "reply", "=SUM(A1) No: a DCS leads schools, health and police too.", "2",
               parent_key="1", author="Jess", posted_at="2024-03-01T10:15:00"),
        Record(THREAD, "reply", "Qualified or not, they must sit with teams. £40k agency rates!", "3",
               parent_key="2", author="Social worker", posted_at="2024-03-02T08:00:00"),
        Record(THREAD, "comment", "Agree.", "4", author="Anon", posted_at="2024-04-05T12:00:00"),
    ]


def consultation_records() -> list[Record]:
    """Two respondents, one organisation."""
    return [
        Record(CONSULTATION, "consultation_answer", "Yes. Leaders need the qualification.", "R1:Q1",
               native_id="R1:Q1", question_id="Q1", question="Should directors be registered?",
               respondent_id="R1", respondent_type="individual", closed_answer="Agree"),
        Record(CONSULTATION, "consultation_answer", "We see the director as a system leader.", "R2:Q1",
               native_id="R2:Q1", question_id="Q1", question="Should directors be registered?",
               respondent_id="R2", respondent_type="organisation", organisation="A Council",
               closed_answer="Disagree"),
    ]


def frame(records: list[Record]) -> pd.DataFrame:
    """Records as the store's document frame (ids, positions, ingest time)."""
    rows, pos = [], {}
    now = utcnow()
    for rec, doc, parent in assign_ids(records):
        sid = source_id(rec.source)
        pos[sid] = pos.get(sid, 0) + 1
        rows.append({
            "id": doc, "source_id": sid, "position": pos[sid], "kind": rec.kind,
            "author": rec.author, "posted_at": rec.posted_at, "parent_id": parent,
            "question_id": rec.question_id, "question": rec.question,
            "respondent_id": rec.respondent_id, "respondent_type": rec.respondent_type,
            "organisation": rec.organisation, "closed_answer": rec.closed_answer,
            "text": rec.text, "ingested_at": now,
        })
    return pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))


def make_corpus(path: Path, records: list[Record] | None = None) -> Path:
    """A corpus at ``path`` holding ``records`` (default: the thread and the consultation)."""
    records = records if records is not None else thread_records() + consultation_records()
    with Corpus.open(path, write=True) as c, c.transaction():
        for src in {r.source for r in records}:
            c.upsert_source(source_id(src), src.title, src.url, src.kind, "test")
        c.add_documents(frame(records))
    return path
