"""Named entities with the full statistical pipeline: the slow, explicit path used for redaction.

A large batch (a redacted report's snippets: about 3,000 texts, 30 s in one process)
is read by worker processes from ``voices._forkpool``: forked after the pipeline is
loaded, they share it instead of loading their own (spaCy's ``n_process`` starts fresh
processes that load it again). Each worker gets whole runs of ``batch_size`` pieces, so
every piece meets spaCy in the same batch as it would in one process, and the entities
are the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from voices._forkpool import ordered_map, worker_count
from voices.nlp._pieces import pieces

Entity = tuple[int, int, str]

DEFAULT_BATCH_SIZE = 64
# Workers start (fork, pool set-up) in about 0.1 s; NER reads about 30,000 characters a
# second on one core, so below this a batch is done before workers would pay off.
MIN_PARALLEL_CHARS = 50_000
# Batches of ``batch_size`` pieces a worker gets at a time: small enough that two workers
# finish close together, large enough that sending them costs nothing.
CHUNK_BATCHES = 2
_EXCLUDE = ("lemmatizer",)
_KEEP = ("tok2vec", "ner")


def ner_entities(
    texts: Iterable[str],
    model: str | None = None,
    n_process: int | None = None,
    batch_size: int | None = None,
) -> list[list[Entity]]:
    """Find named entities (people, places, organisations, ...) in each text.

    Parameters
    ----------
    texts : iterable of str
    model : str or None
        spaCy pipeline name or path (see ``voices.nlp.resolve_pipeline_name``).
    n_process : int or None
        Worker processes. None: every core for batches of ``MIN_PARALLEL_CHARS``
        characters or more, else this process alone; 1: this process; -1: every core.
        Never more workers than there are batches.
    batch_size : int or None
        Pieces spaCy reads at a time (default ``DEFAULT_BATCH_SIZE``).

    Returns
    -------
    list of list of (start_char, end_char, label)
        One list per text, in text order; spans index into the original text.
        Texts longer than ``voices.nlp._pieces.PIECE_CHARS`` are read in pieces.
        The same whatever ``n_process`` is.

    Raises
    ------
    voices.errors.InputError
        If no pipeline can be loaded.

    Examples
    --------
    >>> ner_entities(["Jane Smith works in Leeds."])  # doctest: +SKIP
    [[(0, 10, 'PERSON'), (20, 25, 'GPE')]]
    """
    from voices.nlp._pipeline import load_pipeline

    # loaded here, before any worker is forked: the workers share it, and a missing
    # pipeline is one InputError in this process
    nlp = load_pipeline(model, exclude=_EXCLUDE)
    batch_size = batch_size or DEFAULT_BATCH_SIZE  # read at call time, so tests can lower it
    out: list[list[Entity]] = []
    places: list[tuple[int, int]] = []
    parts: list[str] = []
    for i, text in enumerate(texts):
        out.append([])
        for offset, piece in pieces(text):
            places.append((i, offset))
            parts.append(piece)
    workers = _workers(n_process, len(parts), sum(map(len, parts)), batch_size)
    if workers <= 1:
        found = _find(nlp, parts, batch_size)
    else:
        # chunks are whole batches, so each piece is batched with the same neighbours as above
        step = batch_size * CHUNK_BATCHES
        chunks = (parts[k:k + step] for k in range(0, len(parts), step))
        found = [ents for _, done in ordered_map(_find_in_worker, chunks, workers, (model, batch_size))
                 for ents in done]
    for (i, offset), ents in zip(places, found, strict=True):
        out[i] += [(offset + start, offset + end, label) for start, end, label in ents]
    return out


def _workers(n_process: int | None, n_pieces: int, n_chars: int, batch_size: int) -> int:
    """How many processes read ``n_pieces`` pieces (``n_chars`` characters in all)."""
    if n_process is None:
        n_process = -1 if n_chars >= MIN_PARALLEL_CHARS else 1
    return worker_count(n_process, -(-n_pieces // batch_size))


def _find(nlp: Any, parts: list[str], batch_size: int) -> list[list[Entity]]:
    """Entities of each piece, read ``batch_size`` at a time by the tokenizer, tok2vec and NER only."""
    disable = [p for p in nlp.pipe_names if p not in _KEEP]
    with nlp.select_pipes(disable=disable):
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                for doc in nlp.pipe(parts, batch_size=batch_size)]


def _find_in_worker(state: tuple[str | None, int], parts: list[str]) -> list[list[Entity]]:
    """``_find`` in a worker: the pipeline the parent loaded (under fork), else loaded once here."""
    from voices.nlp._pipeline import load_pipeline

    model, batch_size = state
    return _find(load_pipeline(model, exclude=_EXCLUDE), parts, batch_size)
