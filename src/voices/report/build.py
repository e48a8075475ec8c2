"""The report's data: read predictions (corpus, frame or dataset), aggregate, redact into ``ReportData``.

``build_report`` is the use case; the scheme a report states is ``voices.report.scheme``, the
models behind it ``voices.report.tagging_models``, and rendering ``voices.report.formats``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.errors import InputError
from voices.report.aggregate import aggregate_docs
from voices.report.data import ReportData
from voices.report.scheme import (
    _closed_answers,
    _note_uncovered_themes,
    _scheme_of_corpus,
    _scheme_of_models,
    _source_schemes,
    _with_scheme,
)
from voices.report.tagging_models import (
    _default_dirs,
    _model_metas_from_dirs,
    _remembered_stance_model,
    _sentence_scorer,
)
from voices.report.themes import theme_cues

if TYPE_CHECKING:
    import pandas as pd

    from voices.store.report_docs import ReportDocs


@dataclass(frozen=True)
class ParquetDataset:
    """A classified dataset's Parquet files (``voices.scale.classified.prediction_files``),
    for ``build_report`` to read with DuckDB instead of loading them into pandas: local
    paths, or URLs of the fsspec ``filesystem`` DuckDB reads a remote dataset through."""

    files: tuple[str, ...]
    filesystem: Any = None


def build_report(
    source: Path | str | pd.DataFrame | ParquetDataset,
    source_ids: Sequence[str] | None = None,
    *,
    redact: bool = False,
    stance_model: Path | str | Any | None = None,
    scheme: Path | str | None = None,
    model_metas: Mapping[str, dict] | None = None,
    entities: Callable[[list[str]], list[list[tuple[int, int, str]]]] | None = None,
    title: str | None = None,
    generated: str | None = None,
    by: Sequence[str] = (),
) -> ReportData:
    """Build a stance report from a corpus file or a frame of predictions.

    Parameters
    ----------
    source : path, pandas.DataFrame or ParquetDataset
        A corpus file, a frame with the export and prediction fields, or the local
        Parquet files of a dataset a Dask classify wrote (read by DuckDB).
    source_ids : sequence of str or None
        Only these sources (ids or unique prefixes; corpus only).
    redact : bool
        Replace personal identifiers in every text shown (``voices.redact``), authors
        with pseudonyms, organisations with "an organisation", and document ids with
        ids keyed by the corpus's secret (row numbers for a frame).
    stance_model : path, loaded model or None
        The stance model that tagged the documents (for the quotes' best sentence and
        its metadata) when it is not the shipped one.
    scheme : path, str or None
        Scheme TOML (or the name of a shipped scheme): the proposition, label names
        and definitions the report states first (by default the corpus's scheme,
        ``scheme_for``; for a frame the models' scheme), and the closed-answer
        mapping (by default the shipped scheme named in the model's metadata).
    model_metas : mapping or None
        model id -> meta.json (frames only; a corpus remembers its models).
    entities : callable or None
        Named-entity finder for redaction (default spaCy NER).
    by : sequence of str
        Breakdown fields of consultation answers (``attributes`` keys: role, sector,
        region...) to show stance shares by; any case, or a unique prefix.
    title, generated : str or None

    Returns
    -------
    ReportData

    Raises
    ------
    voices.errors.NotFoundError
        An unknown source id.
    voices.errors.InputError
        Nothing classified, or a scheme that cannot be read.
    voices.errors.CorpusError
        No corpus, or one from a newer schema.

    Examples
    --------
    >>> report = build_report("voices.duckdb", redact=True)  # doctest: +SKIP
    >>> print(render(report, "md"))  # doctest: +SKIP
    """
    options = {"redact": redact, "stance_model": stance_model, "scheme": scheme, "entities": entities,
               "title": title, "generated": generated, "by": tuple(by)}
    if isinstance(source, ParquetDataset):
        from voices.store.report_docs import ReportDocs

        with ReportDocs.from_parquet(source.files, source_ids, source.filesystem) as docs:
            metas = dict(model_metas or {})
            used = _scheme_of_models(scheme, metas)
            report = _report(docs, metas, id_rows=docs.dataset_ids() if redact else [], theme_cues=theme_cues(used), **options)
        return _with_scheme(report, _scheme_of_models(scheme, metas))
    if not isinstance(source, str | Path):
        from voices.store.report_docs import ReportDocs

        frame = source[source["source_id"].isin(source_ids)] if source_ids else source
        with ReportDocs.from_frame(frame) as docs:
            metas = dict(model_metas or {})
            used = _scheme_of_models(scheme, metas)
            report = _report(docs, metas, id_rows=[str(i) for i in source["id"]], theme_cues=theme_cues(used), **options)
        return _with_scheme(report, _scheme_of_models(scheme, metas))
    return _corpus_report(source, source_ids, options)


def _corpus_report(source: Path | str, source_ids: Sequence[str] | None, options: dict[str, Any]) -> ReportData:
    """``build_report`` of a corpus file: its predictions, models, scheme, cached entities and validation sample."""
    from voices.store import Corpus
    from voices.store import predictions as store
    from voices.store.report_docs import ReportDocs

    redact, scheme, entities = options["redact"], options["scheme"], options["entities"]
    with Corpus.open(source) as corpus:
        if options["stance_model"] is None:
            options["stance_model"] = _remembered_stance_model(corpus)
        sources = corpus.resolve_sources(source_ids) if source_ids else None
        with ReportDocs.from_corpus(corpus, sources) as docs:
            n, tagged = docs.size()
            if not n:
                raise InputError(f"corpus {source} holds no documents{' for those sources' if source_ids else ''}: ingest first")
            if not tagged:
                raise InputError(f"nothing in corpus {source} is classified yet: run voices classify first")
            # a report only reads: entities `classify --entities` stored are used, the others
            # are found in the texts it shows and kept in memory only
            cache = CorpusEntities(corpus) if redact and entities is None else None
            metas = store.model_metas(corpus)
            shown = [sid for sid, _, _ in docs.sources()]
            used = _scheme_of_corpus(scheme, corpus, shown)
            # a scheme without themes counts none, even those labels stored before label refused them
            kept = docs.drop_themes() if not used.themes and len(_source_schemes(corpus, shown)) == 1 else 0
            report = _report(docs, metas, id_key=corpus, entity_cache=cache, theme_cues=theme_cues(used), **options)
            if kept:  # the names stay out: a theme stored before the check may be any text
                report.methods.notes.append(
                    f"{kept} text{'s' * (kept != 1)} with themes stored (people's labels, or a classify before "
                    f"voices scheme set) that scheme {used.name!r} lacks: not counted; voices export shows them")
            predicted = _model_counts(docs)
        _add_accuracy(report, corpus, sources, predicted, metas)
        _note_uncovered_themes(report, used, metas)
        if report.theme_evidence is not None:
            from voices.report.themes import discovered_not_adopted

            found, run = discovered_not_adopted(corpus, used.labels("themes"), redacted=redact)
            report.theme_evidence.discovered, report.theme_evidence.discovered_run = found, run
        # the per-source schemes are looked up only when a stance is missing from the scheme (rare)
        mixed = (scheme is None and not set(report.stance_labels) <= set(used.stances)
                 and len(_source_schemes(corpus, shown)) > 1)
        return _with_scheme(report, used, own=scheme is None, mixed=mixed)


def _model_counts(docs: Any) -> dict[str, int]:
    """The model's stance counts (people's labels not applied) over the texts the stance table counts:
    classified, confident or uncertain, campaign copies beyond the first left out."""
    counts: dict[str, int] = {}
    for _source, grp, copy, _human, _eff, stance, _model, n, _first in docs.group_counts():
        if grp in ("confident", "uncertain") and not copy and stance is not None:
            counts[stance] = counts.get(stance, 0) + int(n)
    return counts


def _add_accuracy(report: ReportData, corpus: Any, sources: Sequence[str] | None, predicted: dict[str, int],
                  metas: Mapping[str, dict]) -> None:
    """The "How accurate on these texts" block, or the note that accuracy comes from other texts.

    A sample text the model that tagged it was trained on is never counted (it would flatter the
    model), whether it learnt the document here or the same text elsewhere (``--data``, another
    corpus); how many were left out is said in the methods notes.
    """
    from voices.report.accuracy import accuracy_on_sample, no_sample_note, unlabelled_note
    from voices.store.validation_scores import unlabelled_members, validation_scores

    pairs, by_id, by_text = validation_scores(corpus, sources, metas)
    report.validation_unlabelled = unlabelled_members(corpus, sources)
    if by_id or by_text:
        same = "the same text was in its training data: a copy labelled here, a file or another corpus"
        why = "; or ".join([*(["labelled for training, then put in the sample"] if by_id else []),
                            *([same] if by_text else [])])
        n = by_id + by_text
        report.methods.notes.append(
            f"{n} validation text{'s' if n != 1 else ''} left out of 'How accurate on these texts': the "
            f"stance model that tagged them was trained on them ({why})")
    report.accuracy = accuracy_on_sample(pairs, report.stance_labels, predicted) if pairs else None
    if report.accuracy is None:  # with a sample drawn, the step is labelling it: a new draw is refused
        report.methods.notes.append(no_sample_note([m for m in report.methods.models if m.task == "stance"],
                                                   report.validation_unlabelled))
    elif report.validation_unlabelled:
        report.methods.notes.append(unlabelled_note(report.validation_unlabelled))


class CorpusEntities:
    """The entities a corpus caches (``voices classify --entities``), read for the texts a report
    shows; entities found here are not written (a report only reads)."""

    def __init__(self, corpus: Any) -> None:
        self.corpus = corpus

    def load(self, doc_ids: Sequence[str]) -> dict[str, str]:
        from voices.redact import ner_version
        from voices.store import predictions as store

        return store.cached(self.corpus, doc_ids, ner_version()) if self.corpus.has_table("prepared") else {}

    def save(self, data: Mapping[str, str]) -> None:
        """Nothing: a report never writes the corpus."""


def _report(docs: ReportDocs, metas: dict, *, redact: bool, stance_model: Any,
            scheme: Path | str | None, entities: Callable | None, title: str | None, generated: str | None,
            by: tuple[str, ...] = (), id_key: Any = None, id_rows: Sequence[str] | None = None,
            entity_cache: Any = None, theme_cues: Mapping[str, Sequence[str]] | None = None) -> ReportData:
    dirs = _default_dirs(stance_model)
    ids = [m for m, _ in docs.model_counts("stance_model")]
    tagged_by = {*ids, *(m for m, _ in docs.model_counts("themes_model"))}
    missing = sorted(m for m in tagged_by if m not in metas)
    if missing:
        metas.update(_model_metas_from_dirs(missing, dirs))
    if hasattr(stance_model, "meta") and stance_model.model_id not in metas:
        metas[stance_model.model_id] = dict(stance_model.meta)
    redactor = None
    if redact:
        from voices.redact import IdMask, Redactor

        # ids keyed with the corpus's secret (plain ids hash the author); a dataset shows row numbers
        mask = IdMask(rows=id_rows) if id_rows is not None else IdMask.for_corpus(id_key)
        redactor = Redactor(docs.authors(), entities=entities, cache=entity_cache, ids=mask)
    return aggregate_docs(
        docs, model_metas=metas, closed_answers=_closed_answers(scheme, metas),
        sentence_scorer=_sentence_scorer(ids, dirs, stance_model), redactor=redactor, title=title, generated=generated,
        by=by, theme_cues=theme_cues,
    )


