"""Use cases on the corpus itself: look, export, label, delete (ingest is ``voices.api.ingesting``'s)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from voices.api._events import DEFAULT_CORPUS, ProgressCallback, labeller, migrate, out_format, out_matches, tell
from voices.errors import UsageError

if TYPE_CHECKING:
    from voices.export import ExportResult
    from voices.store import SourceSummary
    from voices.store.labels import Label


@dataclass(frozen=True)
class CorpusSummary:
    """What a corpus holds, source by source (``voices corpus``)."""

    path: str
    schema_version: int
    sources: list[SourceSummary]

    @property
    def documents(self) -> int:
        """Documents in every source."""
        return sum(s.documents for s in self.sources)

    @property
    def current_schema(self) -> int:
        """The schema this voices writes; an older corpus is migrated by its next write."""
        from voices.store.schema import current_version

        return current_version()

    def to_dict(self) -> dict[str, Any]:
        """What ``voices corpus --json`` prints: each source also as ``source_id``/``source_title``,
        the names ``export`` and ``report`` give its ``id`` and ``title``."""
        return {"sources": [asdict(s) | {"source_id": s.id, "source_title": s.title} for s in self.sources],
                "schema_version": self.schema_version}


def corpus_summary(corpus: Path | str = DEFAULT_CORPUS) -> CorpusSummary:
    """The sources in the corpus: documents by kind, date range, reply depth, classified.

    Reads a corpus made by an older voices as it is.

    Parameters
    ----------
    corpus : path-like
        The corpus file.

    Returns
    -------
    CorpusSummary
        One ``SourceSummary`` per source, ordered by title.

    Raises
    ------
    voices.errors.CorpusError
        No corpus there, or not a corpus.
    """
    from voices.store import Corpus

    with Corpus.open(corpus) as c:
        return CorpusSummary(str(corpus), c.schema_version, c.summary())


@dataclass(frozen=True)
class DeleteResult:
    """What ``delete`` erased, and the model folders that learnt from it."""

    deleted_documents: int
    source_id: str | None
    respondent_id: str | None
    models_trained_on_them: tuple[Any, ...] = ()  # voices.erase.AffectedModel
    compacted: bool = False
    author: str | None = None  # as given to --author
    document_id: str | None = None  # the full id --id named
    # (model_id, task, documents): models that tagged the corpus and learnt them, their folder not given
    models_not_found: tuple[tuple[str, str, int], ...] = ()
    # labels the erased author gave to documents that stay: kept, their name replaced by "erased labeller"
    labels_unnamed: int = 0

    def to_dict(self) -> dict[str, Any]:
        """What ``voices delete --json`` prints."""
        return asdict(self)

    def unnamed_note(self) -> str:
        """What ``voices delete`` says of the labels the erased author gave to documents that stay."""
        from voices.store.erasure import ERASED_LABELLER

        k = self.labels_unnamed
        return (f"the {k} label{'s' if k != 1 else ''} they gave to other documents stay, their name replaced by "
                f"{ERASED_LABELLER!r}")


def delete(corpus: Path | str = DEFAULT_CORPUS, *, source: str | None = None,
           respondent: str | None = None, author: str | None = None, document: str | None = None,
           models: Sequence[Path | str] = (), compact: bool = False,
           progress: ProgressCallback | None = None) -> DeleteResult:
    """Erase a source, a respondent, an author or one document, with everything derived from them, so no byte remains.

    The documents, their predictions, labels (with the labellers' names) and caches
    go in one transaction; then the corpus file is rewritten so none of their bytes
    remain on disk. The same transaction records keyed digests of the erased documents
    (``voices.store.suppression``), so ``ingest`` skips them unless ``readmit_erased``.
    Replies to an erased document by others stay, without their parent.
    Reports and exports written before still hold the text.

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    source : str or None
        Source id or unique prefix; with ``respondent``, ``author`` or ``document``, the source to erase from.
    respondent : str or None
        Respondent id whose answers to erase.
    author : str or None
        Author whose documents to erase (a commenter's right to erasure): the stored author in
        any case, with each run of white space as one space and none around it, in every source
        unless ``source`` is given.
    document : str or None
        One document's id, or a unique prefix of it: the plain id (``d…``) or the keyed id a redacted
        export shows (``k…``, a prefix of at least 4 characters).
    models : sequence of path-like
        Model folders (or folders of them) to check for training on the erased documents.
    compact : bool
        Only rewrite the corpus file (after an interrupted rewrite); nothing is deleted.

    Returns
    -------
    DeleteResult
        How many documents went, the full source (and document) id, and the models trained on them.

    Raises
    ------
    voices.errors.UsageError
        Nothing given, an empty id or name, ``compact`` with one, more than one of ``respondent``,
        ``author`` and ``document``, a ``models`` folder that does not exist, a respondent id found
        in several sources without ``source``, or a document id prefix of several documents.
    voices.errors.NotFoundError
        Nothing matches.

    Example
    -------
    >>> delete("voices.duckdb", author="Jo Bloggs", source="s0ac55f0")  # doctest: +SKIP
    """
    from voices.erase import compact as compact_corpus
    from voices.erase import erase, refuse_placeholder_author

    given = (("--source", source), ("--respondent", respondent), ("--author", author), ("--id", document))
    if compact and any(value is not None for _, value in given):
        raise UsageError("--compact only rewrites the corpus file and erases nothing: "
                         "leave it out to erase a source, respondent, author or document")
    for option, value in given:
        if value is not None and not value.strip():
            raise UsageError(f"{option} is empty: give an id or name (voices corpus lists sources, voices export "
                             "documents with their ids, respondents and authors)")
    chosen = [option for option, value in given[1:] if value is not None]
    if len(chosen) > 1:
        raise UsageError(f"{' and '.join(chosen)} do not go together: erase them in separate deletes "
                         "(--source narrows any of them)")
    if not compact and all(value is None for _, value in given):
        raise UsageError("give --source ID, --respondent ID, --author NAME or --id DOC_ID "
                         "(--source also narrows the others)")
    refuse_placeholder_author(author)  # before the corpus is migrated: nothing is written for a refused delete
    missing = [m for m in models if not Path(m).is_dir()]
    if missing:  # checked before erasing: a mistyped --models would report "no model trained on them"
        raise UsageError(f"--models {missing[0]}: no such folder; give a model folder (or a folder of them) "
                         "to check, or leave --models out")
    migrate(corpus, progress)
    if compact:
        compact_corpus(corpus)
        return DeleteResult(0, None, None, compacted=True)
    done = erase(corpus, source=source, respondent=respondent, author=author, document=document, model_dirs=models)
    return DeleteResult(done.documents, done.source_id, respondent, done.models, author=author,
                        document_id=done.document_id, models_not_found=done.unplaced,
                        labels_unnamed=done.labels_unnamed)


def label(corpus: Path | str, doc_id: str, *, stance: str, themes: Sequence[str] | None = None,
          by: str | None = None, progress: ProgressCallback | None = None) -> Label:
    """Record a person's label for a document, kept apart from the predictions.

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    doc_id : str
        Document id, or a unique prefix of one.
    stance : str
        The stance label; checked against the corpus's scheme (``voices.models.scheme.scheme_for``).
    themes : sequence of str or None
        Themes (None keeps the model's; empty for none).
    by : str or None
        Who labels (default: ``$USER``).

    Returns
    -------
    voices.store.labels.Label
        The label as stored (full document id, time).

    Raises
    ------
    voices.errors.NotFoundError
        No such document.
    voices.errors.InputError
        A stance or theme the models do not know.
    """
    from voices.models.scheme import label_names, scheme_for
    from voices.store import Corpus
    from voices.store.labels import add_label, source_of
    from voices.store.validation import say_sample_copies

    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:
        stances, themes_named = label_names(scheme_for(c, source_of(c, doc_id)))
        with c.transaction():
            label = add_label(c, doc_id, stance, None if themes is None else list(themes),
                              labeller(by), stance_labels=stances,
                              theme_labels=themes_named)
        say_sample_copies(c, [label.doc_id])  # kept, never trained on (store.training_labels)
        return label


def _keep_filled_sheet(corpus: Path, out: Path) -> None:
    """Refuse an ``--out`` holding labels not stored yet, as ``review --export`` does (``keep_unstored_labels``)."""
    from voices.api.labels import keep_unstored_labels
    from voices.store import Corpus

    with Corpus.open(corpus) as c:
        keep_unstored_labels(c, out)


def export(corpus: Path | str = DEFAULT_CORPUS, *, format: str | None = None,  # noqa: A002 - the option's name
           out: Path | str | None = None, sources: Sequence[str] = (), redact: bool | None = False,
           labelled: bool = False, stream: IO[str] | None = None,
           progress: ProgressCallback | None = None, label_history: bool = False) -> ExportResult:
    """Export documents (and predictions, once classified), or the human labels.

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    format : str or None
        ``csv`` (default), ``jsonl``, ``parquet`` (a folder), ``xlsx`` or ``qdpx``
        (a REFI-QDA project); the last three need ``out``. With ``labelled``,
        ``jsonl`` (default) or ``csv``. Any case. None: the one ``out``'s ending names, else the default.
    out : path-like or None
        Where to write (atomically); None writes to ``stream``.
    sources : sequence of str
        Only these sources (ids or unique prefixes).
    redact : bool or None
        Replace names, e-mails, phones and postcodes; pseudonymise authors. None:
        on for ``qdpx`` (as md reports), off for the rest.
    labelled : bool
        Write the human labels in the training format instead.
    label_history : bool
        Write the labels ``ingest --replace`` set aside when their text changed
        (``label_history``: id, source_id, stance, themes, themes_labelled, labelled_by, labelled_at,
        superseded_at, reason; no text) instead, as ``jsonl`` (default) or ``csv``.
    stream : text stream or None
        Where CSV/JSONL go when ``out`` is None.
    progress : callable or None
        With ``redact``: receives ``Progress("redact", "", rows_done, rows)``. Entities
        cached by ``classify(..., entities=True)`` are reused; the corpus is never written.

    Returns
    -------
    voices.export.ExportResult
        Rows written, the fields, the path, and (XLSX) how many cells were cut to
        Excel's 32,767-character limit.

    Raises
    ------
    voices.errors.UsageError
        An unknown format, or Parquet without ``out``.
    voices.errors.NotFoundError
        An unknown source.
    """
    from voices.export import FORMATS, LABELLED_FORMATS, export_corpus, export_label_history, export_labelled

    out = None if out is None else Path(out)
    labels_only = labelled or label_history
    formats = LABELLED_FORMATS if labels_only else FORMATS
    fmt = (format or out_format(out, formats) or ("jsonl" if labels_only else "csv")).lower()
    out_matches(out, fmt, formats, "the export", given=format is not None)
    if out is not None and out.is_file():  # a review sheet filled in and not stored yet is a person's work
        _keep_filled_sheet(Path(corpus), out)
    if label_history:
        if labelled or redact or sources:  # every set-aside label, as stored: nothing else applies
            given = "--labelled" if labelled else "--redact" if redact else "--source"
            raise UsageError(f"--label-history writes every label set aside, as stored: {given} does not apply "
                             "to it; give --label-history alone (with --format and --out)")
        return export_label_history(Path(corpus), fmt, out, stream)
    if labelled:
        if redact:  # the training file is the labelled texts as stored: nothing would be redacted
            raise UsageError("--labelled writes the labelled texts as stored, for training: it cannot --redact; "
                             "for a shareable file use voices export --redact (its human_stance and human_themes "
                             "columns hold the labels)")
        if sources:
            raise UsageError("--labelled writes every labelled text: --source does not apply to it; "
                             "use voices export --source ID for one source's texts and labels")
        return export_labelled(Path(corpus), fmt, out, stream)
    return export_corpus(Path(corpus), fmt, out, list(sources) or None, stream, redact=redact,
                         progress=(lambda done, total: tell(progress, "redact", "", done, total)) if progress else None)
