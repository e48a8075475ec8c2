"""A small classified corpus with a validation sample, and a review server run in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from report_fixtures import CAMPAIGN_TEXT, FakeStance, FakeThemes, consultation_records, thread_records

from voices.review.queues import Session
from voices.review.server import ReviewServer
from voices.schemas import Record, Source
from voices.store import Corpus

EXTRA = Source(title="More views on leadership", kind="thread")
_OPINIONS = [
    "Directors must be social workers who know the work.",
    "A system leader across schools and health is what we need.",
    "Leaders should sit with frontline teams every week.",
    "I have no view on who leads, only on caseloads.",
    "Pay is frozen and nobody in charge seems to notice.",
    "Registration with the regulator matters more than background.",
]


def review_records(n: int = 16) -> list[Record]:
    """The report fixtures' 16 texts plus ``n`` more, varied enough for TF-IDF."""
    extra = [Record(EXTRA, "comment", f"{_OPINIONS[i % len(_OPINIONS)]} Comment number {i} here.", f"x{i}",
                    author=f"Writer {i}", posted_at=f"2024-05-{1 + i % 28:02d}T09:00:00") for i in range(n)]
    return thread_records() + consultation_records() + extra


def review_corpus(path: Path, sample: int = 24) -> Path:
    """A classified corpus with the first ``sample`` non-article texts (by id) drawn for validation."""
    from store_fixtures import make_corpus

    from voices.classify import classify_corpus

    make_corpus(path, review_records())
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    with Corpus.open(path, write=True) as c, c.transaction():
        c.sql("""INSERT INTO validation_sample SELECT id, source_id, 1, TIMESTAMP '2025-01-01'
                 FROM documents WHERE kind <> 'article' ORDER BY id LIMIT ?""", [sample])
    return path


def campaign_corpus(path: Path) -> Path:
    """``review_records`` plus three more copies of the campaign text (five word-for-word, case and
    spacing aside: four copies beyond the first), classified, with no validation sample."""
    from store_fixtures import make_corpus

    from voices.classify import classify_corpus

    again = [CAMPAIGN_TEXT.upper(), "  " + CAMPAIGN_TEXT.replace(" ", "   "), CAMPAIGN_TEXT + "\n"]
    make_corpus(path, review_records() + [
        Record(EXTRA, "comment", text, f"camp{i}", author=f"Member {i}", posted_at=f"2024-06-0{i + 1}T09:00:00")
        for i, text in enumerate(again)])
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def sample_ids(path: Path) -> list[str]:
    """The validation sample in the order the page shows it."""
    with Corpus.open(path) as c:
        return [r[0] for r in c.sql("SELECT doc_id FROM validation_sample ORDER BY draw, drawn_at, doc_id").fetchall()]


def stored_labels(path: Path) -> dict[str, tuple[str, list[str] | None]]:
    """doc_id -> (stance, themes) as the corpus holds them."""
    with Corpus.open(path) as c:
        return {d: (s, None if t is None else list(t))
                for d, s, t in c.sql("SELECT doc_id, stance, themes FROM labels ORDER BY doc_id").fetchall()}


@contextmanager
def running(path: Path, queue: str = "validation", retrain_every: int = 20) -> Iterator[ReviewServer]:
    """A review server on a free port, served from a thread, shut down on exit."""
    server = ReviewServer(Session(path, queue, retrain_every, "tester"))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
