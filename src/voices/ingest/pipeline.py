"""The ingest use case: read files with their readers and add their documents to the corpus.

One call opens the corpus for writing once and runs one transaction: either
every file's documents are stored or, on any error, none are (and a corpus file
this call created is removed again). Records stream from the readers through
``voices.ids.assign_ids`` into batches of pandas frames, so memory stays bounded.
Each file's records go in through ``voices.ingest.file_loader.FileLoader``; the paths
are checked, and standard input spooled, by ``voices.ingest.inputs``.
What an ingest reports is ``voices.ingest.result``'s; the checks a record passes,
and the row it is stored as, ``voices.ingest.rows``' (``--preview`` shares them); what a file
is checked against in the stored corpus, ``voices.ingest.stored_checks``'.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from voices._faultpoints import fault_point
from voices.errors import InputError, VoicesError
from voices.ingest.base import IngestOptions, counted, shown_path
from voices.ingest.file_loader import FileLoader
from voices.ingest.folder import Checked
from voices.ingest.inputs import REPEATED, check_paths, spooled_stdin
from voices.ingest.piped_checks import say_replaced_pipe, stdin_before_replace
from voices.ingest.result import FileResult, IngestProgress, IngestResult, ProgressCallback
from voices.ingest.sniff import SKIP
from voices.ingest.stdin_source import STDIN

log = logging.getLogger(__name__)


def _skipped_file(path: Path, fmt: str = SKIP, why: str = "") -> FileResult:
    why = ("given more than once in this call; read once" if fmt == REPEATED
           else f"{why or 'a documentation file, not comments or responses'}; skipped")
    message = f"{shown_path(path)}: {why}"
    log.warning("%s", message)
    return FileResult(path=shown_path(path), format=fmt, warnings=[message])


def ingest_paths(paths: Iterable[Path | str], corpus_path: Path | str,
                 options: IngestOptions | None = None,
                 progress: ProgressCallback | None = None) -> IngestResult:
    """Ingest files into a corpus, all or nothing.

    Parameters
    ----------
    paths : iterable of path-like
        Input files (or Parquet dataset directories of a voices export).
    corpus_path : path-like
        The corpus file; created when absent.
    options : IngestOptions, optional
        Format override, source title/URL, column and field roles.
    progress : callable, optional
        Called with an ``IngestProgress`` as each file starts, after each batch,
        and as it ends. The library never prints; the CLI draws a bar from this.

    Returns
    -------
    IngestResult

    Raises
    ------
    InputError
        A refused input, naming the file (and line or row). Nothing is stored.
    CorpusBusyError
        Another process holds the corpus.

    Examples
    --------
    >>> result = ingest_paths(["thread.txt"], "voices.duckdb")  # doctest: +SKIP
    >>> result.added  # doctest: +SKIP
    31
    """
    options = options or IngestOptions()
    paths = [Path(p) for p in paths]
    if not any(str(p) == STDIN for p in paths):
        return _ingest_checked(check_paths(paths, options), Path(corpus_path), options, progress)
    with spooled_stdin() as stdin_copy:
        paths = [stdin_copy if str(p) == STDIN else p for p in paths]
        try:
            return _ingest_checked(check_paths(paths, options), Path(corpus_path), options, progress)
        except VoicesError as exc:  # name standard input as the user gave it, not by its temporary copy
            exc.args = tuple(str(a).replace(str(stdin_copy), STDIN) for a in exc.args)
            raise


def _ingest_checked(checked: list[Checked], corpus_path: Path, options: IngestOptions,
                    progress: ProgressCallback | None) -> IngestResult:
    from voices.store import Corpus
    from voices.store.corpus import utcnow

    result = IngestResult(corpus=str(corpus_path))
    with Corpus.open(corpus_path, write=True) as corpus:
        # still set after opening: its rewrite failed (a full disk) and was warned about; not retried here
        unfinished = corpus.erasure_pending()
        try:
            with corpus.transaction():
                _load_all(corpus, checked, options, progress, result, utcnow())
        except BaseException:
            if corpus.created:
                corpus.remove_created()  # still under our lock: a refused first ingest leaves nothing
            raise
        if not unfinished and corpus.erasure_pending():  # --replace removed or changed documents or
            corpus.compact()                             # answers: their old bytes leave the file
    return result


def _load_all(corpus: Any, checked: list, options: IngestOptions,
              progress: ProgressCallback | None, result: IngestResult, now: Any) -> None:
    """Load every checked file inside the open transaction, recording each in ``result``."""
    from voices.store import adopted_cues
    from voices.store.suppression import Suppressions, readmit

    earlier: dict[str, list[str]] = {}  # sources the corpus held before: their documents
    seen: dict[str, set[str]] = {}  # the documents this call's files hold, by source
    taken: set[str] = set()  # every document id this call's files gave so far
    answered: set[str] = set()  # sources whose respondents' rows this call's files gave so far
    replaced_cues: set[str] = set()  # adopted theme cues the texts --replace rewrote held
    suppressions = Suppressions.load(corpus)  # what voices delete erased here: not taken in again
    said: list[str] = []  # pipes' replaced texts (``say_replaced_pipe``): told once --replace stands
    for number, (path, fmt, why) in enumerate(checked, 1):
        def report(docs: int, done: bool, path: Path = path, number: int = number) -> None:
            if progress is not None:
                progress(IngestProgress(str(path), number, len(checked), docs, done))

        report(0, False)
        if fmt in (SKIP, REPEATED):
            result.files.append(_skipped_file(path, fmt, why))
            continue
        log.info("ingesting %s as %s", path, fmt)
        piped = stdin_before_replace(corpus, path, options)
        loader = FileLoader(corpus, path, fmt, options, report, frozenset(taken), answered, suppressions)
        result.files.append(loader.run(now))
        if piped is not None and (message := say_replaced_pipe(corpus, piped, result.files[-1])):
            said.append(message)
        taken.update(loader.seen)
        replaced_cues |= loader.replaced_cues
        report(result.files[-1].documents, True)
        for sid, before in loader.before.items():
            earlier.setdefault(sid, before)
        for sid in loader.result.sources:
            seen.setdefault(sid, set()).update(loader.incoming.get(sid, ()))
    if options.replace:
        _replace(corpus, earlier, seen, options, result)
        adopted_cues.forget_unheld(corpus, replaced_cues)  # one no stored text holds now goes, as delete takes it
    for message in said:  # not before: a refused --replace (a labelled text it would remove) replaced nothing
        log.warning("%s", message)
    if suppressions is not None and suppressions.readmitted:  # stored again: no longer on the list
        readmit(corpus, suppressions.readmitted)
    fault_point("ingest.commit")


def _replace(corpus: Any, earlier: dict[str, list[str]], seen: dict[str, set[str]], options: IngestOptions,
             result: IngestResult) -> None:
    """``--replace``: a source's documents that this call's files no longer hold are removed.

    Labels stay with every document whose id survives. Labels on removed documents
    refuse the call unless ``drop_labels``, so no person's work goes unnoticed.
    """
    removed = [doc for sid, before in earlier.items() for doc in before if doc not in seen.get(sid, set())]
    _carry(corpus, earlier, seen, removed, result)
    labelled = corpus.labelled_among(removed)
    if labelled and not options.drop_labels:
        shown = ", ".join(labelled[:5]) + (" ..." if len(labelled) > 5 else "")
        raise InputError(f"--replace would remove {counted(len(labelled), 'labelled document')} ({shown}): add "
                         f"--drop-labels to drop {'its' if len(labelled) == 1 else 'their'} labels too, or keep the "
                         "earlier mapping")
    result.validation_removed = corpus.sampled_among(removed)  # before they go: the sample shrinks with them
    corpus.remove_documents(removed)
    result.removed, result.dropped_labels = len(removed), labelled


def _carry(corpus: Any, earlier: dict[str, list[str]], seen: dict[str, set[str]], removed: list[str],
           result: IngestResult) -> None:
    """Move the work on removed documents the files give again under new ids (``voices.store.carried_work``),
    said in one line on the file that gave their source."""
    from voices.store import carried_work

    added = [doc for sid, before in earlier.items() for doc in seen.get(sid, set()) - set(before)]
    pairs = carried_work.carry(corpus, removed, sorted(added))
    if not pairs:
        return
    moved = ", ".join(f"{old} -> {new}" for old, new in pairs[:5]) + (", ..." if len(pairs) > 5 else "")
    sources = {sid for sid, docs in seen.items() if any(new in docs for _, new in pairs)}
    file = next((f for f in result.files if sources & set(f.sources)), result.files[-1])
    message = (f"{file.path}: --replace: the labels of {counted(len(pairs), 'document')} moved to their new ids "
               f"(the same author and words, read again with a date given or under a parent whose id changed): "
               f"{moved}; voices export --labelled lists them")
    log.warning("%s", message)
    file.warnings.append(message)
