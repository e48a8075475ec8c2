"""Named entities with the full statistical pipeline: the slow, explicit path used for redaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

Entity = tuple[int, int, str]

DEFAULT_BATCH_SIZE = 64
# spaCy refuses texts over nlp.max_length (1,000,000 characters, error E088) and its memory grows
# with length, so long texts go through NER in pieces of at most this many characters.
PIECE_CHARS = 100_000


def pieces(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of ``text`` cut into pieces of at most ``size`` (``PIECE_CHARS``) characters.

    Cuts fall after the last paragraph break, else line break, else space in the
    second half of each piece, so a name is rarely cut in two.

    Examples
    --------
    >>> list(pieces("ab cd ef", 4))
    [(0, 'ab '), (3, 'cd '), (6, 'ef')]
    """
    size = size or PIECE_CHARS
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", " ")
                   if window.rfind(sep) >= size // 2), default=size)
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


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
        Texts longer than ``PIECE_CHARS`` are read in pieces (``pieces``).

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
    out: list[list[Entity]] = []
    jobs = ((piece, (i, offset)) for i, text in enumerate(texts) for offset, piece in pieces(text))
    with nlp.select_pipes(disable=disable):
        for doc, (i, offset) in nlp.pipe(jobs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            while len(out) <= i:
                out.append([])
            out[i] += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
    return out
