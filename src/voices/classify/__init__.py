"""The classify use case: tag documents with stance and themes and keep the tags in the corpus.

Two entry points share one code path:

- ``classify_frame(frame, stance, themes)``: pure; rows with the export fields in,
  the same rows plus the prediction fields out. Deterministic, so a Dask worker
  running it on a partition gives exactly what the local path gives.
- ``classify_corpus(corpus_path, ...)``: selects what needs (re)classifying, reads
  it in batches, preprocesses each document once (the ``prepared`` cache, keyed by
  ``voices.nlp.PREPROCESS_VERSION``), runs ``classify_frame``'s core once per distinct
  input (copies of a text are tagged once, ``_Chunk``) and writes the predictions,
  committing every chunk of 20,000 documents (a run that is cut short keeps the
  chunks it finished, each whole; the next run does the rest).

Articles are never classified as comments. Texts that are not English (Welsh
consultation answers, say) get status ``not_english`` and no stance or themes.

This package's root owns the use case over a corpus (what to classify, reading and
writing it chunk by chunk, the worker processes); the parts it uses live beside it:
``rows`` (``classify_frame`` and its core), ``columns`` (probabilities to prediction
columns and their JSON) and ``models`` (loading the models, ``NO_THEMES``). Their
public names are importable from here too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices._faultpoints import fault_point
from voices._forkpool import ordered_map, worker_count
from voices.classify.models import NO_THEMES, load_models
from voices.classify.rows import (
    CLASSIFY_EXTRA_FIELDS,
    STATUS_ARTICLE,
    STATUS_NOT_ENGLISH,
    _classify_rows,
    classify_frame,
)
from voices.errors import InputError, StoppedPartway

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

__all__ = [
    "CLASSIFY_EXTRA_FIELDS",
    "NO_THEMES",
    "ClassifyResult",
    "classify_corpus",
    "classify_frame",
    "classify_open",
    "load_models",
]

BATCH_SIZE = 2000
# Below this many documents, worker processes cost more to start than they save.
MIN_PARALLEL_DOCS = 5000
# Documents read from, and written to, the corpus per query.
STORE_CHUNK = 20_000

Progress = Callable[[int, int], None]


@dataclass
class ClassifyResult:
    """What one ``classify_corpus`` call did."""

    classified: int = 0
    up_to_date: int = 0
    articles: int = 0
    not_english: int = 0
    uncertain: int = 0
    prepared_cached: int = 0
    prepared_computed: int = 0
    stance_model: str = ""
    themes_model: str = ""
    sources: list[str] = field(default_factory=list)
    by_stance: dict[str, int] = field(default_factory=dict)
    # task -> {"path", "model_id", "shipped"}: the models this call made the corpus's defaults (a plain classify
    # uses them); shipped True: the corpus went back to the shipped model, its earlier default cleared
    new_defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    # why no themes were tagged though the scheme has themes (no themes model fits it); empty otherwise
    themes_not_tagged: str = ""

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def _parse_since(since: str | date | None) -> str | None:
    if since is None or isinstance(since, date):
        return since.isoformat() if since else None
    try:
        return datetime.fromisoformat(since).date().isoformat() if "T" in since else date.fromisoformat(since).isoformat()
    except ValueError:
        raise InputError(f"--since {since!r} is not a date: use YYYY-MM-DD") from None


def classify_corpus(
    corpus_path: Path | str,
    source_ids: Sequence[str] | None = None,
    since: str | date | None = None,
    stance_model: Path | str | Any | None = None,
    themes_model: Path | str | Any | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = -1,
) -> ClassifyResult:
    """Classify the corpus's new documents (or every one with ``force``), committing chunk by chunk.

    Parameters
    ----------
    corpus_path : path
        The corpus file.
    source_ids : sequence of str or None
        Only these sources (ids or unique prefixes); None for all.
    since : str or date or None
        Only documents posted on or after this date (``YYYY-MM-DD``).
    stance_model, themes_model : path, loaded model or None
        Model directories (or loaded models); None for the shipped models.
    force : bool
        Reclassify every document, even those this model already tagged (``--all``).
    progress : callable(done, total) or None
        Called after each batch.
    batch_size : int
        Documents read, preprocessed and predicted at a time (memory stays flat).
    n_process : int
        Worker processes that preprocess and predict (-1: one per core). Jobs of
        fewer than ``MIN_PARALLEL_DOCS`` documents run in this process.

    Returns
    -------
    ClassifyResult

    Raises
    ------
    voices.errors.NotFoundError
        An unknown source id.
    voices.errors.ModelError
        A missing or broken model directory.
    voices.errors.CorpusError, voices.errors.CorpusBusyError
        No corpus, a newer schema, or another process holds it.
    """
    from voices.store import Corpus

    since_iso = _parse_since(since)
    if not Path(corpus_path).exists():
        from voices.errors import CorpusError

        raise CorpusError(f"no corpus at {corpus_path}: ingest something first (voices ingest FILE)")
    with Corpus.open(corpus_path, write=True, create=False) as corpus:
        result = classify_open(corpus, source_ids, since_iso, stance_model=stance_model, themes_model=themes_model,
                               force=force, progress=progress, batch_size=batch_size, n_process=n_process)
    return result


def classify_open(
    corpus: Any,
    source_ids: Sequence[str] | None = None,
    since: str | date | None = None,
    stance_model: Path | str | Any | None = None,
    themes_model: Path | str | Any | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = -1,
) -> ClassifyResult:
    """``classify_corpus`` in a corpus the caller holds open for writing (``Corpus.open(..., write=True)``).

    For a use case that reads and writes the corpus around the classification: each open
    of the corpus costs 30-50 ms, a tenth of a short ``voices classify``. Parameters,
    result and errors as ``classify_corpus``'s.
    """
    from voices.store import predictions as store

    since_iso = _parse_since(since)
    # the corpus and the sources are checked before the (slower) models load
    sources = corpus.resolve_sources(source_ids) if source_ids else None
    stance, themes = _models(stance_model, themes_model)
    result = ClassifyResult(stance_model=stance.model_id, themes_model=themes.model_id or "")
    # Tags are committed chunk by chunk: one transaction over a million documents held
    # gigabytes of uncommitted rows in memory, and a classify cut short keeps what it
    # finished (the next run picks up the rest; nothing is half-written).
    todo, result.up_to_date = store.pending_ids(
        corpus, sources, since_iso, stance.model_id, themes.model_id, force
    )
    result.articles = store.count_articles(corpus, sources)
    store.save_model_meta(corpus, stance.model_id, getattr(stance, "meta", {}) or {})
    if themes.model_id is not None:  # NO_THEMES: no model tagged the themes, none to cite
        store.save_model_meta(corpus, themes.model_id, getattr(themes, "meta", {}) or {})
    result.sources = sorted(_tag_and_store(corpus, todo, (stance, themes), result, progress, batch_size, n_process))
    log.info("classified %d documents (%d already up to date)", result.classified, result.up_to_date)
    return result


def _tag_and_store(corpus: Any, todo: list, models: tuple[Any, Any], result: ClassifyResult,
                   progress: Progress | None, batch_size: int, n_process: int) -> set[str]:
    """Tag the documents ``todo`` names and write their tags chunk by chunk; the sources touched."""
    from voices.nlp import PREPROCESS_VERSION
    from voices.store import predictions as store

    touched: set[str] = set()
    # The corpus is read and written in chunks of several batches: DuckDB's cost per
    # query is mostly fixed (27 us/doc at 2,000 docs a query, 7 at 20,000: measured).
    chunk = max(1, STORE_CHUNK // batch_size) * batch_size
    chunks = (_Chunk.of(store.fetch_documents(corpus, todo[i : i + chunk], PREPROCESS_VERSION))
              for i in range(0, len(todo), chunk))
    tagged = 0
    workers = _workers(n_process, len(todo), batch_size)
    if workers > 1:  # built once here and shared by fork, not once per worker
        _load_for_workers()
    # Each worker preprocesses and predicts whole batches while this process reads and writes.
    try:
        for (part, start, stop), tags in ordered_map(_tag_for_store, _pieces(chunks, batch_size), workers, models,
                                                     payload=_Chunk.payload):
            part.tags.append(tags)
            tagged += int(part.weights[start:stop].sum())
            if stop == len(part.first):  # the chunk's last batch: every document's tags are known
                _store_batches(corpus, [(part.docs, part.spread())], result, PREPROCESS_VERSION, touched)
            if progress is not None:
                progress(tagged, len(todo))
    except KeyboardInterrupt as exc:
        if result.classified and not isinstance(exc, StoppedPartway):
            raise StoppedPartway(f"the tags of {result.classified:,} of {len(todo):,} documents were stored "
                                 "before the stop; run the same classify again to tag the rest") from exc
        raise
    return touched


@dataclass
class _Chunk:
    """Documents read in one query, and the distinct inputs the workers tag for them.

    A document's tags are a function of its ``kind`` (article or not), text and cached
    ``prepared`` text alone (``rows._classify_rows``), so documents that agree on them
    (copies of one campaign text, a comment pasted twice) are tagged once and the tags
    copied: the same bits, as each text is tagged row by row whatever batch it is in.
    40% of the 20,000 generated comments of ``benchmarks/small_corpus.py`` repeat an
    earlier one.
    """

    docs: pd.DataFrame
    inputs: pd.DataFrame  # what a worker reads of each document: kind, text, prepared
    first: Any  # ndarray: the first document of each distinct input, in order of appearance
    codes: Any  # ndarray: each document's distinct input
    weights: Any  # ndarray: the documents each distinct input stands for
    tags: list = field(default_factory=list)

    @classmethod
    def of(cls, docs: pd.DataFrame) -> _Chunk:
        import numpy as np

        inputs = docs[["kind", "text", "prepared"]]
        # Grouped in C (no Python object per row): tuples made and freed here, just before the
        # workers fork, left holes in the heap that the workers then wrote into, copying the
        # pages (+17k page faults and +0.2-0.7 s of worker CPU per 20k unique texts).
        keys = inputs.assign(kind=inputs["kind"].eq(STATUS_ARTICLE))
        group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy(dtype=np.int64)
        # renumbered in order of first appearance, whatever order pandas numbers the groups in
        starts = np.unique(group, return_index=True)[1]
        order = np.argsort(starts, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        codes = rank[group]
        return cls(docs, inputs, starts[order], codes, np.bincount(codes, minlength=len(order)))

    @staticmethod
    def payload(piece: tuple[_Chunk, int, int]) -> pd.DataFrame:
        """What a worker needs of the distinct inputs ``start:stop``."""
        part, start, stop = piece
        return part.inputs.take(part.first[start:stop]).reset_index(drop=True)

    def spread(self):
        """Every document's tags, in the order of ``docs``, from the distinct inputs' tags."""
        import pandas as pd

        tags = pd.concat(self.tags, ignore_index=True)
        self.tags = []
        if len(self.first) == len(self.codes):  # no copies: the tags are in document order already
            return tags
        return tags.take(self.codes).reset_index(drop=True)


def _pieces(chunks, size: int):
    """``(chunk, start, stop)``: each chunk's distinct inputs in batches of at most ``size``."""
    for part in chunks:
        for start in range(0, len(part.first), size):
            yield part, start, min(start + size, len(part.first))


def _models(stance_model: Any, themes_model: Any) -> tuple[Any, Any]:
    loaded = [m if hasattr(m, "predict_prepared") else None for m in (stance_model, themes_model)]
    if all(loaded):
        return loaded[0], loaded[1]
    paths = [None if m is not None else p for m, p in zip(loaded, (stance_model, themes_model), strict=True)]
    fresh = load_models(*paths) if any(m is None for m in loaded) else (None, None)
    return loaded[0] or fresh[0], loaded[1] or fresh[1]


def _workers(n_process: int, n_docs: int, batch_size: int) -> int:
    if n_docs < MIN_PARALLEL_DOCS or n_docs <= batch_size:
        return 1
    return worker_count(n_process, -(-n_docs // batch_size))


def _load_for_workers() -> None:
    """The per-process state every batch needs: spaCy's tokenizer and the language model."""
    from voices.language import load_identifier
    from voices.nlp.preprocess import load_normaliser

    load_normaliser()
    load_identifier()


def _tag_for_store(models: tuple[Any, Any], batch: pd.DataFrame) -> pd.DataFrame:
    """A batch's tags, with the dict columns already JSON (so the parent only writes them)."""
    return _classify_rows(batch, *models, as_json=True)


def _store_batches(corpus: Any, done: list, result: ClassifyResult, version: str, touched: set[str]) -> None:
    """Write the tags of the finished batches in ``done`` (then empty it) in one go."""
    import pandas as pd

    if not done:
        return
    batch = pd.concat([b for b, _ in done], ignore_index=True)
    tags = pd.concat([t for _, t in done], ignore_index=True)
    done.clear()
    with corpus.transaction():
        _store_batch(corpus, batch, tags, result, version)
    touched.update(batch["source_id"])
    fault_point("classify.between_chunks")


def _store_batch(corpus: Any, batch: pd.DataFrame, tags: pd.DataFrame, result: ClassifyResult, version: str) -> None:
    from voices.store import predictions as store

    had = batch["prepared"].notna()
    new_cache = {
        doc_id: prep
        for doc_id, prep, old in zip(batch["id"], tags["prepared"], had, strict=True)
        if prep is not None and not old
    }
    result.prepared_computed += store.store_cached(corpus, new_cache, version)
    fault_point("classify.mid_batch")
    result.prepared_cached += int(had.sum())
    tags["id"] = batch["id"].to_numpy()
    store.write_predictions(corpus, tags)
    result.classified += len(tags)
    result.not_english += int((tags["classification_status"] == STATUS_NOT_ENGLISH).sum())
    result.uncertain += int(tags["stance_uncertain"].fillna(False).sum())
    for label, n in tags["stance"].dropna().value_counts().items():
        result.by_stance[label] = result.by_stance.get(label, 0) + int(n)
