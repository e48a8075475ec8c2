"""Where the slow part of redaction, NER's person spans, is kept once computed.

A redactor asks an ``EntityCache`` before it runs NER; ``PreloadedCache`` holds what the
corpus's ``prepared`` table already has (reading commands never write it), and
``cache_entities`` is the explicit write step (``voices classify --entities``), under
``ner_version()`` so a change of rules or pipeline is never served stale spans.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from voices.redact.names import NAME_LABELS

if TYPE_CHECKING:
    from voices.redact._redactor import EntityFinder
    from voices.store import Corpus

# ner-2: the cache keeps the labels NER can give a person's name (not only PERSON).
NER_VERSION = "ner-2"


class EntityCache(Protocol):
    """Where entities computed once are kept (the corpus, or nothing)."""

    def load(self, doc_ids: Sequence[str]) -> Mapping[str, str]: ...

    def save(self, data: Mapping[str, str]) -> None: ...



class PreloadedCache:
    """Entities the corpus already holds, read once; entities found later stay in memory only.

    Reading commands never write the corpus: ``voices classify --entities`` fills the
    cache (``cache_entities``).
    """

    def __init__(self, data: Mapping[str, str]) -> None:
        self.data = dict(data)

    def load(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return {d: self.data[d] for d in doc_ids if d in self.data}

    def save(self, data: Mapping[str, str]) -> None:
        self.data.update(data)


def ner_version() -> str:
    """The cache key of NER results: the redaction rules and the spaCy pipeline used."""
    from voices.nlp import resolve_pipeline_name

    return f"{NER_VERSION}:{resolve_pipeline_name()}"


def cache_entities(corpus: Corpus, source_ids: Sequence[str] | None = None, *,
                   entities: EntityFinder | None = None, batch: int = 256,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Find and store the entities of every document not cached yet: the explicit write step.

    ``voices export --redact`` then reads them instead of running NER again. The cache
    lives in the corpus file only (its ``prepared`` table), so erasing a document erases
    its entities too.

    Parameters
    ----------
    corpus : voices.store.Corpus
        A corpus open for writing.
    source_ids : sequence of str or None
        Only these (resolved) sources; all when None.
    entities : callable or None
        Texts -> entity spans per text (default: spaCy NER).
    batch : int
        Documents per NER pass and per committed transaction.
    progress : callable or None
        Called with ``(done, total)`` after each batch.

    Returns
    -------
    int
        Documents whose entities were found and stored.
    """
    from voices.redact._redactor import _default_finder
    from voices.store import predictions as store

    version = ner_version()
    query, params = corpus.export_query(source_ids, predictions=False)
    rows = corpus.sql(
        f"""SELECT e.id, e.text FROM ({query}) e
            WHERE e.text IS NOT NULL AND e.id NOT IN (SELECT doc_id FROM prepared WHERE version = ?)""",
        [*params, version],
    ).fetchall()
    finder = entities or _default_finder
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        found = finder([text for _, text in chunk])
        data = {doc_id: json.dumps([(int(s), int(e), str(lab)) for s, e, lab in ents if lab in NAME_LABELS])
                for (doc_id, _), ents in zip(chunk, found, strict=True)}
        with corpus.transaction():
            store.store_cached(corpus, data, version)
        if progress is not None:
            progress(start + len(chunk), len(rows))
    return len(rows)
