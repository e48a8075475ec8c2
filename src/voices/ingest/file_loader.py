"""One file's records into the corpus: each format's reader, and the loader that streams its records in batches.

``READERS`` names the reader of each format; ``FileLoader`` reads one file with it, gives each record its id
(``voices.ids.assign_ids``), checks it (``voices.ingest.rows``; against the stored corpus,
``voices.ingest.stored_checks`` and ``voices.ingest.export_rules``) and adds the batches to the corpus. The call
that runs a loader per file in one transaction is ``voices.ingest.pipeline``'s.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices._faultpoints import fault_point
from voices.errors import InputError
from voices.ids import assign_ids, source_id
from voices.ingest import consultation, exported, html, pages, records, textpage, wxr
from voices.ingest.base import IngestOptions, ReadContext, shown_path
from voices.ingest.export_matches import OtherRule
from voices.ingest.export_rules import ExportRules
from voices.ingest.piped_checks import Held
from voices.ingest.result import FileResult
from voices.ingest.rows import check_length, stored_row, warn_duplicate, warn_duplicates_in_all
from voices.ingest.stored_checks import StoredChecks, part_rule, source_rule
from voices.schemas import Record

if TYPE_CHECKING:
    from voices.store.suppression import Suppressions

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


class FileLoader(StoredChecks, ExportRules):
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
        self.titles: dict[str, str] = {}  # their titles, as the file gave them
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
        # sources stored before this file: the questions they held (asked once a column of copies comes), and
        # the answers this file adds to such a column where its source held none: (source, question) -> count
        self.questions_before: dict[str, set[str]] = {}
        self.copied_added: Counter[tuple[str, str]] = Counter()

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
            if rec.question_id in self.ctx.copied_questions and sid in self.before:
                self._note_copied(sid, rec)
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
        self._warn_copied()
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
            self.titles[sid] = rec.source.title
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

    def _note_copied(self, sid: str, rec: Record) -> None:
        """Count an answer to a column of copies (``Roles.copied``) of a stored source that held none of it."""
        from voices.store.stored_part import questions_held

        if sid not in self.questions_before:
            self.questions_before[sid] = questions_held(self.corpus, sid)
        if rec.question_id not in self.questions_before[sid]:
            self.copied_added[(sid, rec.question or rec.question_id or "")] += 1

    def _warn_copied(self) -> None:
        """Say why a file stored before gives new answers: a column older voices left out, its answers repeating."""
        for (sid, question), n in sorted(self.copied_added.items()):
            self.ctx.warn(f"source {sid}: {n} answer{'s' if n > 1 else ''} to '{question}' added that its stored copy "
                          "held none of: an older voices left this column out, as copies (a campaign's text) made its "
                          "answers repeat like a closed question's options; to leave them out again, ingest with "
                          "--replace and --text-column naming only the other answer columns")

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
