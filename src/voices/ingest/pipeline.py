"""The ingest use case: read files with their readers and add their documents to the corpus.

One call opens the corpus for writing once and runs one transaction: either
every file's documents are stored or, on any error, none are (and a corpus file
this call created is removed again). Records stream from the readers through
``voices.ids.assign_ids`` into batches of pandas frames, so memory stays bounded.
What an ingest reports is ``voices.ingest.result``'s; the checks a record passes,
and the row it is stored as, ``voices.ingest.rows``' (``--preview`` shares them); what a file
is checked against in the stored corpus, ``voices.ingest.stored_checks``'.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from voices._faultpoints import fault_point
from voices.errors import InputError, VoicesError
from voices.ids import assign_ids, source_id
from voices.ingest import consultation, exported, html, pages, records, textpage, wxr
from voices.ingest.base import STDIN_SPOOL_PREFIX, IngestOptions, ReadContext, counted, shown_path
from voices.ingest.export_rules import ExportRules, OtherRule
from voices.ingest.folder import Checked, folder_inputs, is_dataset, sniff_named
from voices.ingest.result import FileResult, IngestProgress, IngestResult, ProgressCallback
from voices.ingest.rows import check_length, stored_row, warn_duplicate, warn_duplicates_in_all
from voices.ingest.sniff import SKIP
from voices.ingest.stored_checks import STDIN, Held, StoredChecks, part_rule, source_rule
from voices.schemas import Record

if TYPE_CHECKING:
    from voices.store.suppression import Suppressions

log = logging.getLogger(__name__)

READERS: dict[str, Callable[[Path, ReadContext], Iterator[Record]]] = {
    "textpage": textpage.read,
    "wxr": wxr.read,
    "html": html.read,
    "consultation": consultation.read,
    "records": records.read,
    "voices": exported.read,
    **pages.READERS,
}
_KEYED = re.compile(r"k[0-9a-f]{15}")  # voices.ids.keyed_id's shape


class _FileLoader(StoredChecks, ExportRules):
    """Streams one file's records into the corpus in batches."""

    def __init__(self, corpus: Any, path: Path, fmt: str, options: IngestOptions,
                 report: Callable[[int, bool], None], taken: frozenset[str] = frozenset(),
                 answered: set[str] | None = None, suppressions: Suppressions | None = None) -> None:
        self.corpus, self.path, self.fmt, self.options, self.report = corpus, path, fmt, options, report
        # what voices delete erased from this corpus (None: nothing): matching records are skipped
        self.suppressions = suppressions
        self.erased_ids: set[str] = set()  # skipped as erased: their replies are stored detached
        self.anonymous_copies: Counter[tuple[str, ...]] = Counter()  # this file's texts with no author, by source
        # ids an earlier file of this call stored: a second text under one of them is not an edit that
        # --replace takes, but another file's text (two files named alike), kept apart and warned about
        self.taken = taken
        # sources whose respondents' rows an earlier file of this call stored: --replace clears a source's
        # rows once per call, or a consultation split in two files kept only the second file's respondents
        self.answered = set() if answered is None else answered
        # a function of the corpus, not a method of this loader: a bound method in its own ReadContext made a
        # cycle (loader -> ctx -> loader), so each file's loader, its batch and its records waited for the cyclic
        # collector: ingest's peak grew with the corpus (1M comments: 2.6 GB against 1.5 GB)
        self.ctx = ReadContext(path, options, rule_of=functools.partial(source_rule, corpus, suppressions),
                               stored_ids=corpus.stored_ids, part_rule=functools.partial(part_rule, corpus))
        self.result = FileResult(path=shown_path(path), format=fmt)
        self.batch: list[tuple[Any, ...]] = []
        self.lines: dict[str, int | None] = {}  # the batch's ids -> their line, for messages
        self.other_text: list[int | None] = []  # lines whose id is stored with another text
        # the same, in standard input's "stdin" source: another pipe's text, never an edit (refused)
        self.piped_other: list[int | None] = []
        self.piped_rows: list[tuple] = []  # their rows (``stored_row``'s), to tell a part of a stored source
        self.unsigned_stored: list[int | None] = []  # lines of piped unsigned answers met stored at their row
        self.piped_batch: set[str] = set()  # the batch's ids in that source
        self.piped_sources: set[str] = set()  # that source's id, once this file gave it a document
        self.seen: dict[str, int] = {}  # this file's ids -> their text's hash, to tell a repeat from a rewrite
        self.positions: dict[str, int] = defaultdict(int)
        # sources the corpus held before this file: their earlier order, and this file's
        self.before: dict[str, list[str]] = {}
        self.incoming: dict[str, list[str]] = {}
        # ids shaped like a redacted export's -> their line: this batch's, and those not stored before it
        self.batch_keyed: dict[str, int | None] = {}
        self.keyed: dict[str, int | None] = {}
        # new sources named after this file -> whether the corpus had a row for them before (documents or not)
        self.file_named: dict[str, bool] = {}
        self.parts: set[str] = set()  # new sources found to be part of a stored one: not added
        # standard input's "stdin" source as stored before this file: its documents' id -> text digest, and
        # (digest, author, date, parent) -> their ids (``_held``)
        self.held: dict[str, Held] = {}
        # a voices export's sources stored here under another id rule than the export's (``_export_rule``)
        self.other_rule: dict[str, OtherRule] = {}
        # ids --keep-export-ids stores here, by source, and the answers it stored earlier that a file's row of the
        # same content is (``voices.store.export_kept``)
        self.export_ids: dict[str, list[str]] = defaultdict(list)
        self.kept_held: dict[str, dict] = {}
        # --replace: the adopted theme cues the texts it rewrites held, weighed when the call has stored its texts
        self.replaced_cues: set[str] = set()
        self.kept_table: bool | None = None  # whether the corpus has their table: asked once (1.3 ms a source)

    def run(self, now: Any) -> FileResult:
        self.now = now
        fits = self._fits if self._piped() else None
        copies = self._copies if fits is not None else None
        for rec, doc_id, parent in assign_ids(READERS[self.fmt](self.path, self.ctx), fits, copies):
            if doc_id in self.seen:
                if doc_id in self.erased_ids:  # a repeated row of an erased document: counted, never "stored once"
                    self.result.duplicates += 1
                else:
                    self._duplicate(rec, self.seen[doc_id] != hash(rec.text))
                continue
            self.seen[doc_id] = hash(rec.text)
            check_length(rec, self.ctx, self.options.max_text_chars)
            sid = source_id(rec.source)
            if parent is not None and parent in self.erased_ids:
                parent = None  # a reply to an erased comment stays, detached, as delete leaves it
            row = stored_row(rec, doc_id, parent, sid, 0, self.ctx)
            if self.suppressions is not None and self._erased(row, placed=rec.native_id is None and not rec.doc_id):
                continue
            if sid not in self.positions:
                self._new_source(rec, sid)
                self.positions[sid] = 0  # known from now on, though its first rows be left out (below)
            if (sid in self.other_rule and self._other_rule_row(row)) or (self.kept_held.get(sid)
                                                                          and self._kept_answer(row)):
                continue
            self.positions[sid] += 1
            if sid in self.incoming:
                self.incoming[sid].append(doc_id)
            position = int(rec.extra.get("position") or self.positions[sid])
            self.batch.append((*row[:2], position, *row[3:]))
            self.lines[doc_id] = rec.line
            if fits is not None and rec.source.title == self.path.stem:
                self.piped_batch.add(doc_id)
                self.piped_sources.add(sid)
            if self.fmt == "voices" and _KEYED.fullmatch(doc_id):
                self.batch_keyed.setdefault(doc_id, rec.line)
            fault_point("ingest.parsing")
            if len(self.batch) >= self.options.batch_size:
                self._flush()
        self._flush()
        self._settle_unsaid_rules()
        self._record_export_ids()
        self._refuse_redacted_copy()
        self._refuse_renamed_copy()
        self._drop_stored_parts()
        self._merge_positions()
        self._warn_other_text()
        self._warn_other_rule()
        self.result.skipped = dict(sorted(self.ctx.skipped.items()))
        self.result.id_rules = {sid: self.ctx.id_rules[sid] for sid in self.result.sources}
        self.result.blank = self.ctx.blank
        if self.ctx.respondents:
            rows = self._unerased([(sid, rid, attrs, ratings) for src, rid, attrs, ratings in self.ctx.respondents
                                   if (sid := source_id(src)) not in self.parts])
            fresh = [r for r in rows if r[0] not in self.answered]
            self.corpus.add_responses(fresh, replace_sources=self.options.replace)
            self.corpus.add_responses([r for r in rows if r[0] in self.answered], replace_sources=False)
            self.answered.update(r[0] for r in rows)
        self.result.warnings = self.ctx.warnings
        self.result.columns = self.ctx.columns
        warn_duplicates_in_all(self.ctx, self.result.duplicates)
        if not self.result.documents and not self.result.duplicates and not self.result.erased:
            if not self.result.skipped:
                raise InputError(f"{self.ctx.name}: no documents found in it ({self.fmt} format): "
                                 "check the file, or give --format")
            self.ctx.warn(f"every item was skipped ({self._skips()}); nothing to add")
        return self.result

    def _new_source(self, rec: Record, sid: str) -> None:
        from voices.store import export_kept
        from voices.store.stored_part import source_known

        stem = self.path.stem
        # the titles readers give a file without one (standard input's is "stdin"); --source-title is trusted
        if not self.options.source_title and rec.source.title in {stem, re.sub(r"_+", " ", stem).strip()}:
            self.file_named[sid] = source_known(self.corpus, sid)
        if self.fmt == "voices" and sid not in self.ctx.id_rules:
            # an export read back: its documents came with their ids, by the rule it says (0: not)
            self._export_rule(sid, int(rec.extra.get("id_rule") or 0), rec.source.kind)
        elif self.fmt != "voices":
            if self.kept_table is None:
                self.kept_table = self.corpus.has_table(export_kept.TABLE)
            if self.kept_table:
                self.kept_held[sid] = export_kept.held(self.corpus, sid)
        self.corpus.upsert_source(sid, rec.source.title, rec.source.url, rec.source.kind,
                                  f"{self.fmt}:{self.path.name}", self.ctx.id_rule(rec.source))
        self.result.sources.append(sid)
        before = self.corpus.source_order(sid)
        self.incoming[sid] = []
        if before:
            self.before[sid] = before

    def _skips(self) -> str:
        return ", ".join(f"{n} {reason}" for reason, n in self.result.skipped.items())

    def _duplicate(self, rec: Record, rewritten: bool) -> None:
        self.result.duplicates += 1
        warn_duplicate(rec, self.ctx, self.result.duplicates, rewritten)

    def _flush(self) -> None:
        if not self.batch:
            return
        import pyarrow as pa

        from voices.store.corpus import DOCUMENT_COLUMNS

        columns = list(zip(*self.batch, strict=True))
        # Arrow columns: converted in C, and DuckDB scans them without touching Python objects
        arrays = {name: pa.array(values, type=pa.int64() if name == "position" else pa.string())
                  for name, values in zip(DOCUMENT_COLUMNS[:-1], columns, strict=True)}
        arrays["ingested_at"] = pa.array([self.now] * len(self.batch), type=pa.timestamp("us"))
        frame = pa.table(arrays)
        edits = frame
        if self.taken and self.options.replace:
            import pyarrow.compute as pc

            edits = frame.filter(pc.invert(pc.is_in(frame["id"], value_set=pa.array(sorted(self.taken), pa.string()))))
        if self.batch_keyed:  # a keyed id stored already is that document (skipped), never a redacted copy
            stored = self.corpus.stored_ids(list(self.batch_keyed))
            self.keyed.update((k, line) for k, line in self.batch_keyed.items() if k not in stored)
            self.batch_keyed = {}
        if self.options.replace and edits.num_rows:  # before the update: it compares the stored text
            self.result.labels_superseded += self.corpus.supersede_labels(edits)
        updated = (self.corpus.update_documents(edits, self.replaced_cues) if self.options.replace and edits.num_rows
                   else 0)
        self._note_unsigned_stored()
        added, repositioned = self.corpus.add_documents(frame)
        other = self.corpus.stored_with_other_text(frame) if added < len(self.batch) else []
        for i in other:  # some ids were stored already with another text: not added, and no duplicates
            (self.piped_other if i in self.piped_batch else self.other_text).append(self.lines.get(i))
        if other and self.piped_batch:
            self.piped_rows += [r for r in self.batch if r[0] in self.piped_batch and r[0] in set(other)]
        fault_point("ingest.writing")
        self.result.documents += len(self.batch)
        self.result.added += added
        self.result.updated += updated
        self.result.already_present += len(self.batch) - added - updated - len(other)
        self.result.not_added_other_text += len(other)
        self.result.repositioned += repositioned
        self.batch, self.lines, self.piped_batch = [], {}, set()
        self.report(self.result.documents, False)


REPEATED = "repeated"  # a file given again in one call: read once


def _skipped_file(path: Path, fmt: str = SKIP, why: str = "") -> FileResult:
    why = ("given more than once in this call; read once" if fmt == REPEATED
           else f"{why or 'a documentation file, not comments or responses'}; skipped")
    message = f"{shown_path(path)}: {why}"
    log.warning("%s", message)
    return FileResult(path=shown_path(path), format=fmt, warnings=[message])


STDIN_MAX_BYTES = 4 << 30


def check_paths(paths: Sequence[Path], options: IngestOptions) -> list[Checked]:
    """Each input with the reader to use, refusing missing and non-regular files.

    A folder gives its files (``voices.ingest.folder``), those voices cannot read skipped with the reason.
    """
    if not paths:
        raise InputError("no input files given: voices ingest FILE...")
    checked: list[Checked] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file: check the path")
        if not (path.is_file() or path.is_dir()):
            # a device (/dev/zero), FIFO or socket never ends, or never starts
            raise InputError(f"{path}: not a regular file (a device, pipe or socket): save the data "
                             "to a file first, or give - to read standard input")
        inputs = (folder_inputs(path, options) if path.is_dir() and not is_dataset(path)
                  else [Checked(path, "")])
        for item in inputs:
            if item.path.resolve() in seen:
                checked.append(Checked(item.path, REPEATED))
                continue
            checked.append(item if item.fmt else Checked(item.path, sniff_named(item.path, options, len(paths))))
            seen.add(item.path.resolve())
    return checked



@contextlib.contextmanager
def spooled_stdin() -> Iterator[Path]:
    """Standard input as a file readers can read twice, gone with this process however it ends.

    A killed ``cat big.jsonl | voices ingest -`` left the whole input in /tmp. On Linux the
    bytes are now in a file with no name, which the kernel frees when the process ends (even
    by SIGKILL); readers get a link to it in a scratch folder, named as the bytes say (openpyxl
    opens a workbook only under a workbook's name; messages show it as ``-``). Elsewhere the copy
    is a plain file in the folder; the folder goes with its reaper (``voices._scratch``).
    """
    import tempfile

    from voices._scratch import scratch_folder

    with scratch_folder(STDIN_SPOOL_PREFIX) as folder, tempfile.TemporaryFile(dir=folder) as data:
        path = folder / _copy_stdin(data)
        data.flush()
        try:
            os.symlink(f"/proc/{os.getpid()}/fd/{data.fileno()}", path)
            linked = path.is_file()
        except OSError:
            linked = False
        if not linked:  # no /proc: a plain copy
            path.unlink(missing_ok=True)
            data.seek(0)
            with open(path, "wb") as out:
                shutil.copyfileobj(data, out)
        yield path


def _copy_stdin(out: IO[bytes]) -> str:
    """Copy standard input to ``out``; returns the name its bytes call for."""
    import sys

    source = sys.stdin.buffer
    head = source.read(1 << 16)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    out.write(head)
    copied = len(head)
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if copied > STDIN_MAX_BYTES:
            raise InputError(f"-: standard input runs past {STDIN_MAX_BYTES >> 30} GiB: "
                             "save it to a file and give that")
        out.write(chunk)
    return "stdin.xlsx" if head.startswith(b"PK\x03\x04") else "stdin.jsonl" if first in (b"{", b"[") else "stdin"


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
    for number, (path, fmt, why) in enumerate(checked, 1):
        def report(docs: int, done: bool, path: Path = path, number: int = number) -> None:
            if progress is not None:
                progress(IngestProgress(str(path), number, len(checked), docs, done))

        report(0, False)
        if fmt in (SKIP, REPEATED):
            result.files.append(_skipped_file(path, fmt, why))
            continue
        log.info("ingesting %s as %s", path, fmt)
        loader = _FileLoader(corpus, path, fmt, options, report, frozenset(taken), answered, suppressions)
        result.files.append(loader.run(now))
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
    labelled = corpus.labelled_among(removed)
    if labelled and not options.drop_labels:
        shown = ", ".join(labelled[:5]) + (" ..." if len(labelled) > 5 else "")
        raise InputError(f"--replace would remove {counted(len(labelled), 'labelled document')} ({shown}): add "
                         f"--drop-labels to drop {'its' if len(labelled) == 1 else 'their'} labels too, or keep the "
                         "earlier mapping")
    result.validation_removed = corpus.sampled_among(removed)  # before they go: the sample shrinks with them
    corpus.remove_documents(removed)
    result.removed, result.dropped_labels = len(removed), labelled
