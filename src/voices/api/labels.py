"""Use cases for the user's own labels: import a label file, draw a validation sample, export a sheet to label."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices.api._events import DEFAULT_CORPUS, ProgressCallback, check_seed, labeller, migrate, tell, written_by
from voices.errors import InputError


@dataclass(frozen=True)
class LabelImportResult:
    """What ``voices label --from FILE`` stored."""

    path: str
    labelled: int
    validation_added: int
    unchanged: int = 0  # of ``labelled``: rows saying what was stored already, left as they were
    blank: int = 0  # rows left blank (neither stance nor themes filled in): skipped, not counted in ``labelled``
    model_guesses: int = 0  # a quotes file's rows whose label_source is model: skipped, no person's label


@dataclass(frozen=True)
class SampleResult:
    """What ``voices sample --validation N`` drew: the draw number, per-source counts, the sample's size."""

    draw: int
    added: dict[str, int]
    total: int
    trained: int = 0  # texts a model that tagged the corpus learnt: put back, never drawn


@dataclass(frozen=True)
class ReviewExportResult:
    """What ``voices review --export FILE`` wrote."""

    path: str
    queue: str
    rows: int
    copies_left_out: int = 0  # word-for-word copies of a text in the sheet or labelled (learning queue)


def label_from(corpus: Path | str, path: Path | str, *, by: str | None = None,
               progress: ProgressCallback | None = None) -> LabelImportResult:
    """Import many labels from a CSV, JSONL or XLSX file, in one transaction.

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    path : path-like
        The label file: columns ``id``, ``stance``, ``themes`` (``;``-separated;
        empty = no themes, no column = not given), optionally ``by`` and ``validation``.
    by : str or None
        Who labelled, for rows without ``by`` (default: ``$USER``).

    Returns
    -------
    LabelImportResult

    Raises
    ------
    voices.errors.InputError
        Naming the file and row: an unknown or ambiguous id, a label outside the
        corpus's scheme, an unreadable file. Nothing is stored then.

    Examples
    --------
    >>> voices.api.label_from("study.duckdb", "labels.csv").labelled  # doctest: +SKIP
    40
    """
    from voices.labelfile import read_label_table
    from voices.models.scheme import label_names, scheme_for
    from voices.store import Corpus
    from voices.store.labels import import_labels

    table = read_label_table(path)  # every row checked before the corpus opens for writing
    rows = table.rows
    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:

        def labels_of(source_id: str) -> tuple[dict[str, str], dict[str, str]]:
            return label_names(scheme_for(c, source_id))

        with c.transaction():
            n, added, unchanged = import_labels(c, rows, labels_of, labeller(by))
    tell(progress, "label", f"stored {n} labels from {path}")
    return LabelImportResult(str(path), n, added, unchanged, table.blank, table.model_guesses)


def sample(corpus: Path | str = DEFAULT_CORPUS, *, validation: int, top_up: bool = False, seed: int = 0,
           progress: ProgressCallback | None = None) -> SampleResult:
    """Draw a validation sample stratified by source (``voices sample --validation N``).

    Labels on its members measure accuracy on the user's texts and are never trained on.

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    validation : int
        Sample size.
    top_up : bool
        Keep the sample and add members for sources that have fewer than their share.
    seed : int
        Random seed (the same seed and corpus give the same sample).

    Returns
    -------
    SampleResult

    Raises
    ------
    voices.errors.UsageError
        A size below 1, a negative ``seed``, or a sample already drawn without ``top_up``.
    """
    from voices.store import Corpus
    from voices.store.validation import draw_sample

    check_seed(seed)
    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c, c.transaction():
        d = draw_sample(c, validation, top_up=top_up, seed=seed)
    return SampleResult(d.draw, d.added, d.total, d.trained)


def review_export(corpus: Path | str, out: Path | str, *, queue: str = "validation", n: int = 100,
                  progress: ProgressCallback | None = None) -> ReviewExportResult:
    """Write a sheet of texts to label (``voices review --export FILE``): ``label --from`` reads it back.

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    out : path-like
        A ``.csv`` or ``.xlsx`` file, written atomically.
    queue : {"validation", "learning"}
        The validation sample's unlabelled members, or the review page's learning
        queue: queued texts, then information density under a model fitted on the
        stored labels, outside the sample (``voices.review.learner.learning_order``).
    n : int
        At most this many rows; in the learning queue each a distinct text (copies, case and
        spacing folded, come once, as their first copy by id; a text with a labelled copy or a copy in the
        validation sample not at all).

    Returns
    -------
    ReviewExportResult

    Raises
    ------
    voices.errors.UsageError
        An unknown queue, ``n`` below 1, or a file type other than .csv/.xlsx.
    voices.errors.InputError
        The queue has no text to label (no validation sample drawn, or all of it labelled); no file is written.
    """
    from voices.formats.review_sheet import sheet_kind, write_label_sheet
    from voices.review.learner import learning_queue
    from voices.store import Corpus
    from voices.store.queues import check, review_rows, select

    queue = queue.lower()  # as the page's --queue, in any case
    check(queue, n)
    sheet_kind(Path(out))
    with Corpus.open(corpus, create=False) as c:
        keep_unstored_labels(c, Path(out))
        # the learning queue is the review page's rule, ranked now on the stored labels
        # one row per distinct text: a person would otherwise label a campaign's copies one by one
        ids, copies = learning_queue(c, n) if queue == "learning" else (select(c, queue, n), 0)
        rows = review_rows(c, ids)
        if not rows:
            raise _nothing_to_label(c, queue)
        labels = _row_labels(c, rows)
    for row in rows:
        row["validation"] = "yes" if queue == "validation" else ""
    with written_by("--export"):
        written = write_label_sheet(rows, out, labels)
    tell(progress, "review", f"wrote {written} texts to label to {out}")
    return ReviewExportResult(str(out), queue, written, copies)


def _row_labels(corpus: Any, rows: list[dict[str, Any]]) -> list[Any]:
    """Each row's scheme as the sheet lists it (``SheetLabels``): its source's scheme, or the corpus's."""
    from voices.formats.label_lists import SheetLabels
    from voices.models.scheme import schemes_for

    schemes = schemes_for(corpus, sorted({str(r["source_id"]) for r in rows}))
    return [SheetLabels.of(schemes[str(r["source_id"])]) for r in rows]  # equal schemes give one list


def keep_unstored_labels(corpus: Any, out: Path) -> None:
    """Refuse to write over a sheet whose filled-in labels are not stored yet: a person's work.

    ``review --export`` and ``export --out`` (which wrote over a filled sheet) both ask.
    Exporting the same sheet again, after filling it in and before ``label --from``, replaced
    it with an empty one; so did exporting another corpus's sheet to the same name, whose
    documents this corpus does not hold. A file that is no label sheet is replaced as any output is.
    """
    from voices.labelfile import read_label_file
    from voices.store.labels import any_row_here, unstored_rows

    if not out.is_file():
        return
    try:
        rows = read_label_file(out)
    except (InputError, OSError):
        return
    if rows and not any_row_here(corpus, rows) and not _erased_here(corpus, rows):
        them = "them" if len(rows) != 1 else "it"
        raise InputError(f"{out} holds {len(rows)} label{'s' * (len(rows) != 1)} for documents not in corpus "
                         f"{corpus.path} (another corpus's sheet?), which writing it again would lose: give another "
                         f"file, or store {them} with voices label --from {shlex.quote(str(out))} --corpus "
                         "THAT_CORPUS and delete the file")
    from voices.models.scheme import label_names, scheme_for

    unstored = unstored_rows(corpus, rows, lambda source_id: label_names(scheme_for(corpus, source_id)))
    unstored = [row for row in unstored if not _relabelled_since(corpus, row, out)]
    if unstored:
        them = "them" if len(unstored) != 1 else "it"
        raise InputError(f"{out} holds {len(unstored)} label{'s' * (len(unstored) != 1)} not stored yet (first at "
                         f"{unstored[0].where}), which writing it again would lose: store {them} first with voices "
                         f"label --from {shlex.quote(str(out))}, or give another file")


def _erased_here(corpus: Any, rows: Sequence[Any]) -> bool:
    """Whether rows of a sheet none of whose documents the corpus holds name documents ``voices delete`` erased
    from it: an older file of this corpus, which delete asks to have written again, not another corpus's."""
    from voices.store.suppression import erased_ids

    return bool(erased_ids(corpus, [row.id for row in rows]))


def _relabelled_since(corpus: Any, row: Any, out: Path) -> bool:
    """Whether the document of ``row`` (a whole voices id, as exports and sheets write it) was labelled after
    ``out`` was last written: the corpus's label is the newer, so the file's is no work left to store.

    An older export's label, corrected since with ``voices label``, was "not stored yet", and the advice,
    ``label --from`` the old file, put the old label back."""
    from datetime import UTC, datetime

    from voices.store.labels import get_label

    stored = get_label(corpus, row.id)
    written = datetime.fromtimestamp(out.stat().st_mtime, UTC).replace(tzinfo=None)  # as the corpus keeps times
    return stored is not None and stored.labelled_at > written


def _nothing_to_label(corpus: Any, queue: str) -> InputError:
    """Why a queue has no text to export, and what to do (an empty sheet helps nobody)."""
    from voices.store.validation import members

    if queue == "validation" and not members(corpus):
        return InputError(f"no validation sample in {corpus.path}: draw one first with "
                          "voices sample --validation N (or export --queue learning)")
    if queue == "validation":
        return InputError(f"every text of the validation sample in {corpus.path} is labelled: add more with "
                          "voices sample --validation N --top-up, or export --queue learning")
    return InputError(f"no unlabelled text left to label in {corpus.path}: ingest more texts first")
