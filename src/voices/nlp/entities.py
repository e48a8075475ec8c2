"""Named entities with the full statistical pipeline: the slow, explicit path used for redaction."""

from __future__ import annotations

from collections.abc import Iterable

from voices.nlp._pieces import pieces

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
        Texts longer than ``voices.nlp._pieces.PIECE_CHARS`` are read in pieces.

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
