"""The use cases: one plain function per ``voices`` command, also exported from ``voices`` itself.

Each function takes plain arguments, returns a typed result, raises the typed
errors of ``voices.errors`` and reports progress through an optional callback
that receives ``Progress`` events; none prints. The command line is a thin layer
over these functions, so ``voices.classify("study.duckdb")`` does what
``voices classify --corpus study.duckdb`` does.

| function         | command            | returns                       |
|------------------|--------------------|-------------------------------|
| ``ingest``       | ``voices ingest``   | ``voices.ingest.IngestResult`` |
| ``corpus_summary`` | ``voices corpus`` | ``CorpusSummary``              |
| ``export``       | ``voices export``   | ``voices.export.ExportResult`` |
| ``delete``       | ``voices delete``   | ``DeleteResult``               |
| ``train``        | ``voices train``    | ``voices.models.train.TrainResult`` |
| ``evaluate``     | ``voices evaluate`` | ``EvaluateResult``             |
| ``classify``     | ``voices classify`` | ``voices.classify.ClassifyResult`` |
| ``classify_dataset`` | ``voices classify --dataset`` | ``DatasetClassifyResult`` |
| ``report``       | ``voices report``   | ``ReportResult``               |
| ``label``        | ``voices label``    | ``voices.store.labels.Label``  |

Commands that write the corpus first bring a corpus made by an older voices up to
the current schema, in one transaction, and say so with a ``Progress`` event of
stage ``"migrate"``. Reading commands read an older corpus as it is.

Heavy libraries load inside the functions: importing this module is instant.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from voices.errors import InputError, UsageError

if TYPE_CHECKING:
    from voices.classify import ClassifyResult
    from voices.export import ExportResult
    from voices.ingest import IngestResult
    from voices.models.train import TrainResult
    from voices.report.data import ReportData
    from voices.scale.dask_classify import DatasetClassifyResult
    from voices.store import SourceSummary
    from voices.store.labels import Label

__all__ = [
    "CorpusSummary", "DeleteResult", "EvaluateResult", "Progress", "ReportResult",
    "classify", "classify_dataset", "corpus_summary", "delete", "evaluate", "export",
    "ingest", "label", "report", "train",
]

DEFAULT_CORPUS = "voices.duckdb"
INGEST_FORMATS = ("auto", "textpage", "wxr", "html", "consultation", "records", "voices")
REPORT_FORMATS = ("table", "md", "html", "csv", "json")


@dataclass(frozen=True)
class Progress:
    """One progress event.

    ``stage`` says what is running (``ingest``, ``classify``, ``train``,
    ``migrate``...); ``done`` of ``total`` counts its steps when known; ``message``
    is one line a person can read.
    """

    stage: str
    message: str = ""
    done: int | None = None
    total: int | None = None


ProgressCallback = Callable[[Progress], None]


def _tell(progress: ProgressCallback | None, stage: str, message: str = "",
          done: int | None = None, total: int | None = None) -> None:
    if progress is not None:
        progress(Progress(stage, message, done, total))


def choice(value: str, choices: Sequence[str], option: str = "--format") -> str:
    """``value`` lower-cased if it is one of ``choices``, else ``UsageError`` naming them.

    >>> choice("HTML", ("md", "html"))
    'html'
    """
    low = value.lower()
    if low not in choices:
        raise UsageError(f"{option} {value!r} is not one of {'|'.join(choices)}")
    return low


def migrate(corpus: Path | str, progress: ProgressCallback | None = None) -> tuple[int, int] | None:
    """Bring an existing corpus made by an older voices up to the current schema.

    Returns ``(old_version, new_version)`` when it migrated, None when there was
    nothing to do (also when there is no corpus yet). Every writing use case
    calls this first; a ``Progress`` event of stage ``"migrate"`` says so.
    """
    from voices.store import Corpus

    path = Path(corpus)
    if not path.is_file():
        return None
    with Corpus.open(path, write=True, create=False) as c:
        done = c.migrated
    if done is not None:
        _tell(progress, "migrate", f"migrated corpus {path} from schema {done[0]} to {done[1]}")
    return done


# ---- ingest ----------------------------------------------------------------------------
def ingest(
    paths: Iterable[Path | str],
    corpus: Path | str = DEFAULT_CORPUS,
    *,
    format: str = "auto",  # noqa: A002 - the option's name
    source_title: str | None = None,
    source_url: str | None = None,
    include_unapproved: bool = False,
    id_column: str | None = None,
    text_columns: Sequence[str] = (),
    closed_columns: Sequence[str] = (),
    respondent_type_column: str | None = None,
    organisation_column: str | None = None,
    text_field: str | None = None,
    author_field: str | None = None,
    date_field: str | None = None,
    parent_field: str | None = None,
    source_field: str | None = None,
    max_text_chars: int = 100_000,
    date_order: str | None = None,
    progress: ProgressCallback | None = None,
) -> IngestResult:
    """Read comment threads and consultation exports into the corpus, all or nothing.

    Parameters
    ----------
    paths : iterable of path-like
        Files to read (a Parquet export may be a folder).
    corpus : path-like
        The corpus file; created when absent.
    format : str
        One of ``auto`` (detect each file), ``textpage``, ``wxr``, ``html``,
        ``consultation``, ``records``, ``voices``; any case.
    source_title, source_url, include_unapproved, id_column, text_columns, closed_columns,
    respondent_type_column, organisation_column, text_field, author_field, date_field,
    parent_field, source_field
        How to read the inputs: see ``voices ingest --help``.
    max_text_chars : int
        A longer text refuses the call, naming its row.
    date_order : {"day", "month"} or None
        How to read slashed dates such as 03/04/2024; decided per column when None.
    progress : callable or None
        Receives ``Progress("ingest", message, file_number, files)`` as files are read.

    Returns
    -------
    voices.ingest.IngestResult
        Per file and in total: documents added, duplicates, skipped items.

    Raises
    ------
    voices.errors.InputError
        A refused input, naming the file (and line or row); nothing is stored.
    voices.errors.CorpusBusyError
        Another process holds the corpus.
    """
    from voices.ingest import IngestOptions, ingest_paths

    options = IngestOptions(
        format=choice(format, INGEST_FORMATS), source_title=source_title, source_url=source_url,
        include_unapproved=include_unapproved, id_column=id_column,
        text_columns=tuple(text_columns), closed_columns=tuple(closed_columns),
        respondent_type_column=respondent_type_column, organisation_column=organisation_column,
        text_field=text_field, author_field=author_field, date_field=date_field,
        parent_field=parent_field, source_field=source_field, max_text_chars=max_text_chars,
        date_order=choice(date_order, ("day", "month"), "date_order") if date_order else None,
    )
    migrate(corpus, progress)

    def relay(p: Any) -> None:
        _tell(progress, "ingest", f"file {p.file_number}/{p.files} {Path(p.path).name}: {p.documents:,} documents",
              p.file_number, p.files)

    return ingest_paths(paths, corpus, options, progress=relay if progress else None)


# ---- the corpus itself -------------------------------------------------------------------
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

    def to_dict(self) -> dict[str, Any]:
        """What ``voices corpus --json`` prints."""
        return {"sources": [asdict(s) for s in self.sources]}


def corpus_summary(corpus: Path | str = DEFAULT_CORPUS) -> CorpusSummary:
    """The sources in the corpus: documents by kind, date range, reply depth, classified.

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
    """What ``delete`` erased."""

    deleted_documents: int
    source_id: str | None
    respondent_id: str | None

    def to_dict(self) -> dict[str, Any]:
        """What ``voices delete --json`` prints."""
        return asdict(self)


def delete(corpus: Path | str = DEFAULT_CORPUS, *, source: str | None = None,
           respondent: str | None = None, progress: ProgressCallback | None = None) -> DeleteResult:
    """Erase a source or a respondent, with their predictions, labels and caches, in one transaction.

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    source : str or None
        Source id or unique prefix; with ``respondent``, the source they answered.
    respondent : str or None
        Respondent id whose answers to erase.

    Raises
    ------
    voices.errors.UsageError
        Neither given, or a respondent id found in several sources without ``source``.
    voices.errors.NotFoundError
        Nothing matches.
    """
    from voices.store import Corpus

    if source is None and respondent is None:
        raise UsageError("give --source ID, --respondent ID, or both")
    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:
        sid = c.resolve_sources([source])[0] if source else None
        n = c.delete(source_id=sid, respondent_id=respondent)
    return DeleteResult(n, sid, respondent)


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
        The stance label; checked against the labels of the models that tagged the corpus.
    themes : sequence of str or None
        Themes (None keeps the model's; empty for none).
    by : str or None
        Who labels (default: ``$USER``).

    Raises
    ------
    voices.errors.NotFoundError
        No such document.
    voices.errors.InputError
        A stance or theme the models do not know.
    """
    from voices.store import Corpus
    from voices.store.labels import add_label
    from voices.store.predictions import model_metas

    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:
        metas = model_metas(c).values()
        stances = sorted({x for m in metas if m.get("task") == "stance" for x in m.get("labels", [])})
        names = sorted({x for m in metas if m.get("task") == "themes" for x in m.get("labels", [])})
        with c.transaction():
            return add_label(c, doc_id, stance, None if themes is None else list(themes),
                             by or os.environ.get("USER"), stance_labels=stances or None,
                             theme_labels=names or None)


def export(corpus: Path | str = DEFAULT_CORPUS, *, format: str | None = None,  # noqa: A002
           out: Path | str | None = None, sources: Sequence[str] = (), redact: bool = False,
           labelled: bool = False, stream: IO[str] | None = None) -> ExportResult:
    """Export documents (and predictions, once classified), or the human labels.

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    format : str or None
        ``csv`` (default), ``jsonl`` or ``parquet`` (a folder; needs ``out``); with
        ``labelled``, ``jsonl`` (default) or ``csv``. Any case.
    out : path-like or None
        Where to write (atomically); None writes to ``stream``.
    sources : sequence of str
        Only these sources (ids or unique prefixes).
    redact : bool
        Replace names, e-mails, phones and postcodes; pseudonymise authors.
    labelled : bool
        Write the human labels in the training format instead.
    stream : text stream or None
        Where CSV/JSONL go when ``out`` is None.
    """
    out = None if out is None else Path(out)
    if labelled:
        from voices.export import export_labelled

        return export_labelled(Path(corpus), (format or "jsonl").lower(), out, stream)
    from voices.export import export_corpus

    return export_corpus(Path(corpus), (format or "csv").lower(), out, list(sources) or None, stream, redact=redact)


# ---- models ------------------------------------------------------------------------------
def expand_data_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Labelled-data arguments with folders expanded to their ``*.jsonl``/``*.csv`` files (sorted)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".csv"))
            if not found:
                raise InputError(f"{path}: no .jsonl or .csv files in this folder: give labelled files")
            out += found
        else:
            out.append(path)
    return out


def train(data: Iterable[Path | str], task: str, out: Path | str, *, scheme: Path | str | None = None,
          text_field: str = "text", label_field: str | None = None, group_field: str | None = None,
          seed: int = 0, abstain_precision: float = 0.9, objective: str = "macro_f1",
          tokenizer: str = "default", progress: ProgressCallback | None = None) -> TrainResult:
    """Train a stance or themes model: grouped cross-validation picks the settings, then calibration.

    Parameters
    ----------
    data : iterable of path-like
        Labelled ``.jsonl``/``.csv`` files, or folders of them.
    task : {"stance", "themes"}
        What to predict.
    out : path-like
        Model directory to write.
    scheme, text_field, label_field, group_field, seed, abstain_precision, objective, tokenizer
        See ``voices train --help``.
    progress : callable or None
        Receives ``Progress("train", message)`` at each step.

    Returns
    -------
    voices.models.train.TrainResult
    """
    from voices.models.train import train as train_model

    return train_model(
        expand_data_paths(data), task, out, scheme=scheme, text_field=text_field, label_field=label_field,
        group_field=group_field, seed=seed, abstain_precision=abstain_precision, objective=objective,
        tokenizer=tokenizer, progress=(lambda msg: _tell(progress, "train", msg)) if progress else None,
    )


@dataclass(frozen=True)
class EvaluateResult:
    """A model's scores on labelled data: ``task``, ``model_id``, ``n`` and every figure in ``metrics``."""

    task: str
    model_id: str
    n: int
    metrics: dict[str, Any] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """What ``voices evaluate --json`` prints."""
        return self.metrics


def evaluate(model: Path | str, data: Iterable[Path | str], *, text_field: str = "text",
             label_field: str | None = None, allow_overlap: bool = False) -> EvaluateResult:
    """Per-label precision/recall/F1, macro-F1 and accuracy with 95% intervals, confusion matrix.

    Raises
    ------
    voices.errors.LabelError
        Texts the model was trained on (unless ``allow_overlap``), or unusable labels.
    voices.errors.ModelError
        A missing or damaged model directory.
    """
    from voices.models.evaluate import evaluate as evaluate_model

    found = evaluate_model(model, expand_data_paths(data), text_field=text_field, label_field=label_field,
                           allow_overlap=allow_overlap)
    return EvaluateResult(found["task"], found["model_id"], found["n"], found)


# ---- classify and report --------------------------------------------------------------------
def classify(corpus: Path | str = DEFAULT_CORPUS, *, sources: Sequence[str] = (), since: str | None = None,
             stance_model: Path | str | None = None, themes_model: Path | str | None = None,
             force: bool = False, progress: ProgressCallback | None = None) -> ClassifyResult:
    """Tag the corpus's new documents with stance and themes, stored beside them.

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    sources : sequence of str
        Only these sources (ids or unique prefixes); all when empty.
    since : str or None
        Only documents posted on or after this date (``YYYY-MM-DD``).
    stance_model, themes_model : path-like or None
        Model directories; None for the shipped models.
    force : bool
        Reclassify everything, even documents these models already tagged.
    progress : callable or None
        Receives ``Progress("classify", "", done, total)`` as chunks are stored.

    Returns
    -------
    voices.classify.ClassifyResult
    """
    from voices.classify import classify_corpus

    migrate(corpus, progress)
    return classify_corpus(
        corpus, source_ids=list(sources) or None, since=since, stance_model=stance_model,
        themes_model=themes_model, force=force,
        progress=(lambda done, total: _tell(progress, "classify", "", done, total)) if progress else None,
    )


def classify_dataset(dataset: str, out: str | None, *, scheduler: str | None = None,
                     workers: int | None = None, stance_model: Path | str | None = None,
                     themes_model: Path | str | None = None,
                     progress: ProgressCallback | None = None) -> DatasetClassifyResult:
    """Classify a Parquet dataset partition by partition on a Dask cluster; write it to ``out``.

    Raises
    ------
    voices.errors.ClusterError
        The cluster cannot be reached or keeps losing workers.
    """
    from voices.scale import run_dataset_classify

    return run_dataset_classify(
        dataset, out, scheduler=scheduler, workers=workers, stance_model=stance_model,
        themes_model=themes_model,
        progress=(lambda done, total: _tell(progress, "classify", "", done, total)) if progress else None,
    )


@dataclass(frozen=True)
class ReportResult:
    """A report: the figures (``data``), and the text rendered in ``format`` (None for ``table``).

    ``out`` is the file written, if any.
    """

    data: ReportData = field(repr=False)
    format: str
    text: str | None = field(default=None, repr=False)
    out: Path | None = None


def report(corpus: Path | str | None = DEFAULT_CORPUS, *, dataset: str | None = None,
           sources: Sequence[str] = (), format: str = "md",  # noqa: A002
           redact: bool | None = None, stance_model: Path | str | None = None,
           scheme: Path | str | None = None, out: Path | str | None = None) -> ReportResult:
    """Report who argues what: stance shares with 95% intervals, themes, quotes, thread dynamics.

    Parameters
    ----------
    corpus : path-like or None
        The corpus file (ignored with ``dataset``).
    dataset : str or None
        A classified Parquet dataset (path or URL) to report on instead.
    sources : sequence of str
        Only these sources (ids or unique prefixes).
    format : str
        ``table`` (figures only, ``text`` None: the CLI draws it), ``md``, ``html``,
        ``csv`` or ``json``; any case.
    redact : bool or None
        Replace names, e-mails, phones, postcodes and authors; None: on for md and html.
    stance_model, scheme : path-like or None
        The stance model that tagged the corpus, the scheme TOML (default: the model's).
    out : path-like or None
        Write the rendered report there (atomically).

    Raises
    ------
    voices.errors.InputError
        Nothing classified, or a missing scheme.
    voices.errors.NotFoundError
        An unknown source.
    """
    from voices.report import build_report, default_redaction, render

    fmt = choice(format, REPORT_FORMATS)
    if dataset is not None:
        from voices.scale import load_dataset_predictions

        source: Any = load_dataset_predictions(dataset)
    else:
        source = corpus or DEFAULT_CORPUS
    data = build_report(source, list(sources) or None, redact=default_redaction(fmt, redact),
                        stance_model=stance_model, scheme=scheme)
    if fmt == "table" and out is None:
        return ReportResult(data, fmt)
    text = render(data, fmt)
    if out is not None:
        from voices._atomic import atomic_write_text

        atomic_write_text(Path(out), text)
    return ReportResult(data, fmt, text, None if out is None else Path(out))
