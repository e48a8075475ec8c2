"""The classify use cases: tag a corpus's documents, or a Parquet dataset on a Dask cluster.

Which models a classify uses is ``voices.api.classify_models``; the report is ``voices.api.reporting``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.api._events import DEFAULT_CORPUS, ProgressCallback, tell, tell_migrated
from voices.api.classify_models import _load_models_in, _remember_models, themes_not_tagged

if TYPE_CHECKING:
    from voices.classify import ClassifyResult
    from voices.scale.dask_classify import DatasetClassifyResult


def classify(corpus: Path | str = DEFAULT_CORPUS, *, sources: Sequence[str] = (), since: str | None = None,
             stance_model: Path | str | Any | None = None, themes_model: Path | str | Any | None = None,
             force: bool = False, entities: bool = False,
             progress: ProgressCallback | None = None) -> ClassifyResult:
    """Tag the corpus's new documents with stance and themes, stored beside them.

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    sources : sequence of str
        Only these sources (ids or unique prefixes); all when empty.
    since : str or None
        Only documents posted on or after this date (``YYYY-MM-DD``).
    stance_model, themes_model : path-like, loaded model or None
        Model directories (or models from ``load_models``); None for the corpus's default
        (the model an earlier classify was given) or the shipped model. A model given
        becomes the corpus's default; each must fit the corpus's scheme.
    force : bool
        Reclassify everything, even documents these models already tagged.
    entities : bool
        Also find and store the named entities of every document not cached yet (spaCy
        NER, slow), so later redacted exports reuse them (``Progress("entities", ...)``).
    progress : callable or None
        Receives ``Progress("classify", "", done, total)`` as chunks are stored.

    Returns
    -------
    voices.classify.ClassifyResult
        Counts: classified, already up to date, uncertain, not in English, articles.

    Raises
    ------
    voices.errors.NotFoundError
        An unknown source.
    voices.errors.ModelError
        A missing or damaged model, a default whose model_id changed, or labels the scheme lacks.
    """
    from voices.classify import classify_corpus, classify_open
    from voices.store import Corpus

    tagged = (lambda done, total: tell(progress, "classify", "", done, total)) if progress else None
    path = Path(corpus)
    if not path.is_file():  # classify_corpus says what is wrong
        return classify_corpus(corpus, source_ids=list(sources) or None, since=since, stance_model=stance_model,
                               themes_model=themes_model, force=force, progress=tagged)
    # One writing open for the migration, the model checks, the tags and the defaults, in that order:
    # four opens took 0.15 s of CPU, a tenth of a short classify.
    with Corpus.open(path, write=True, create=False) as c:
        tell_migrated(progress, path, c.migrated)
        stance_model, themes_model = _load_models_in(c, stance_model, themes_model, sources)
        result = classify_open(c, source_ids=list(sources) or None, since=since, stance_model=stance_model,
                               themes_model=themes_model, force=force, progress=tagged)
        result.new_defaults = _remember_models(c, (stance_model, themes_model))
        result.themes_not_tagged = themes_not_tagged(c, sources, themes_model)
    if entities:
        from voices.redact import cache_entities
        from voices.store import Corpus

        with Corpus.open(corpus, write=True, create=False) as c:
            cache_entities(c, c.resolve_sources(sources) if sources else None,
                           progress=(lambda done, total: tell(progress, "entities", "finding named entities", done, total))
                           if progress else None)
    return result


def classify_dataset(dataset: str, out: str | None, *, scheduler: str | None = None,
                     workers: int | None = None, stance_model: Path | str | None = None,
                     themes_model: Path | str | None = None,
                     progress: ProgressCallback | None = None) -> DatasetClassifyResult:
    """Classify a Parquet dataset partition by partition on a Dask cluster; write it to ``out``.

    Parameters
    ----------
    dataset : str
        Parquet file or dataset folder, local or any fsspec URL (``s3://...``).
    out : str
        The new dataset folder to write (path or URL).
    scheduler : str or None
        Address of a running Dask scheduler; None starts ``workers`` local processes.
    stance_model, themes_model : path-like or None
        Model directories; None for the shipped models.
    progress : callable or None
        Receives ``Progress("classify", "", partitions_done, partitions)``.

    Returns
    -------
    voices.scale.dask_classify.DatasetClassifyResult

    Raises
    ------
    voices.errors.ClusterError
        The cluster cannot be reached or keeps losing workers.
    """
    from voices.scale import run_dataset_classify

    return run_dataset_classify(
        dataset, out, scheduler=scheduler, workers=workers, stance_model=stance_model,
        themes_model=themes_model,
        progress=(lambda done, total: tell(progress, "classify", "", done, total)) if progress else None,
    )


