"""Named entities with the full statistical pipeline: the slow, explicit path used for redaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

Entity = tuple[int, int, str]

DEFAULT_BATCH_SIZE = 64


def ner_entities(
    texts: Iterable[str],
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> list[list[Entity]]:
    """Find named entities (people, places, organisations, ...) in each text.

    Parameters
    ----------
    texts : iterable of str
    model : str or None
        spaCy pipeline name or path (see ``voices.nlp.resolve_pipeline_name``).
    n_process : int
        Processes for ``nlp.pipe``.
    batch_size : int

    Returns
    -------
    list of list of (start_char, end_char, label)
        One list per text, in text order; spans index into the original text.

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

    nlp = load_pipeline(model, exclude=("lemmatizer",))
    disable = [p for p in nlp.pipe_names if p not in ("tok2vec", "ner")]
    with nlp.select_pipes(disable=disable):
        return _reassembled(nlp.pipe(_pieced(texts), batch_size=batch_size, n_process=n_process,
                                     as_tuples=True))


def _pieced(texts: Iterable[str]) -> Iterator[tuple[str, tuple[int, int, bool]]]:
    """Each text as pieces spaCy can take: ``(piece, (text number, offset, last piece))``."""
    from voices.nlp._pieces import pieces

    for number, text in enumerate(texts):
        parts = list(pieces(text))
        for i, (offset, piece) in enumerate(parts):
            yield piece, (number, offset, i == len(parts) - 1)


def _reassembled(docs: Iterable[tuple[object, tuple[int, int, bool]]]) -> list[list[Entity]]:
    """One entity list per text, spans shifted back to the whole text."""
    out: list[list[Entity]] = []
    current: list[Entity] = []
    for doc, (_number, offset, last) in docs:
        current += [(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents]  # type: ignore[attr-defined]
        if last:
            out.append(current)
            current = []
    return out
