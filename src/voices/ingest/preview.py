"""``voices ingest --preview``: what a file would give, and how its columns were read, storing nothing."""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voices.errors import InputError, VoicesError
from voices.ingest.base import IngestOptions, ReadContext

log = logging.getLogger(__name__)

_EXAMPLES = 3


@dataclass
class FilePreview:
    """One file as ``ingest`` would read it: its format, documents, and each column's role."""

    path: str
    format: str
    documents: int
    columns: list[dict[str, Any]] = field(default_factory=list)
    examples: list[dict[str, Any]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: answers left blank: no document, counted as ingest counts them (``blank`` in its ``--json``)
    blank: int = 0
    #: consultation exports: the id rule (``voices.ids``) each source is read under, by source id: the
    #: rule the corpus's stored source has, else the newest (ingest would store it as a new source)
    id_rules: dict[str, int] = field(default_factory=dict)
    #: sources of ``id_rules`` read by an older rule than their own because a source stored under it holds
    #: every answer of the file's first rows as that rule reads them: a part of it (``voices.store.stored_part``)
    part_of_older_rule: list[str] = field(default_factory=list)
    #: the stored source holding every answer of a source named after the file, as ingest's own per-file
    #: ``part_of_stored`` names it (``source_id``, ``title``, ``documents``): piped, ingest counts them as
    #: stored there; a file of its own is refused (``voices.store.stored_part``)
    part_of_stored: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (what ``voices ingest --preview --json`` prints)."""
        return asdict(self)

    def older_rules(self) -> list[str]:
        """What ``--preview`` says of each source read by an older id rule than a new source would be."""
        from voices.ids import ID_RULE

        return [(f"columns read by id rule {rule}: a source stored under it holds these answers as that rule reads "
                 "them, so ingest counts them as stored there (or refuses a file of its own) rather than storing "
                 f"them again as source {sid}") if sid in self.part_of_older_rule else
                (f"columns read by id rule {rule}, the one source {sid} was stored under, so its answers keep their "
                 f"ids (a new source gets rule {ID_RULE}; --replace keeps the stored rule)")
                for sid, rule in sorted(self.id_rules.items()) if rule != ID_RULE]

    def stored_parts(self) -> list[str]:
        """What ``--preview`` says of each stored source holding the file's answers (``part_of_stored``)."""
        def note(k: int) -> str:
            them = "it" if k == 1 else "them"
            done = f"counts {them} as stored there" if self.path == "-" else "refuses this file"
            return (("its text is" if k == 1 else f"all {k} of its texts are") + f" stored there already, so ingest "
                    f"{done} (--source-title NAME stores {them} as a source of {'its' if k == 1 else 'their'} own)")

        return [f"part of stored source {p['source_id']} ({p['title']!r}): {note(p['documents'])}"
                for p in self.part_of_stored]


def preview_file(path: Path, options: IngestOptions, corpus: Path | None = None) -> FilePreview:
    """Read ``path`` with the reader ``ingest`` would use, storing nothing (``-``: standard input).

    ``corpus``: when it exists, it is opened to read only, for the id rule a stored source of the
    file's was stored under (``voices.ids``): columns are read by that rule, as ingest would.

    Raises
    ------
    InputError
        As ``ingest``: the same refusals, with the same messages.
    CorpusBusyError
        ``corpus`` is held by another process.
    """
    from voices.ingest.inputs import spooled_stdin
    from voices.ingest.stdin_source import STDIN

    if str(path) != STDIN:
        return _with_rules(Path(path), options, corpus)
    # '-' was refused as "no such file", though ingest reads it: spooled as ingest spools it
    with spooled_stdin() as copy:
        try:
            return _with_rules(copy, options, corpus)
        except VoicesError as exc:  # named as the user gave it, not by its temporary copy
            exc.args = tuple(str(a).replace(str(copy), STDIN) for a in exc.args)
            raise


def _with_rules(path: Path, options: IngestOptions, corpus: Path | None) -> FilePreview:
    """The preview, with the id rules of the corpus's stored sources when there is a corpus."""
    if corpus is None or not Path(corpus).is_file():
        return _preview(path, options, None)
    from collections import Counter

    from voices.ids import ID_RULE
    from voices.ingest.stored_checks import erased_hits, part_rule, source_rule
    from voices.store import Corpus
    from voices.store.suppression import Suppressions

    with Corpus.open(corpus) as stored:
        erased = Suppressions.load(stored)
        shown = _preview(path, options, lambda sid: source_rule(stored, erased, sid), stored.stored_ids,
                         lambda sid, reading, piped: part_rule(stored, sid, reading, piped),
                         functools.partial(_holding, stored, path),
                         None if erased is None else functools.partial(erased_hits, erased, stored, copies=Counter()))
        shown.part_of_older_rule = sorted(sid for sid, rule in shown.id_rules.items()
                                          if rule != ID_RULE and source_rule(stored, erased, sid) == ID_RULE)
        return shown


def _holding(corpus: Any, path: Path, sid: str, rows: list[tuple], ratings: list[tuple],
             before: Any = ()) -> dict[str, Any] | None:
    """The stored source ingest would find holding new source ``sid`` (``rows``: its answers), as ingest names it.

    A source stored already is more of itself, unless it is standard input's "stdin" and holds none of them
    (``voices.ingest.stdin_source``, ingest's own decision), an answer ``--keep-export-ids`` kept standing for its row.
    """
    from voices.ingest.base import shown_path
    from voices.ingest.stdin_source import new_to_stdin_source
    from voices.ingest.stored_checks import renamed_copy
    from voices.store.stored_part import holding_given

    if corpus.source_order(sid):
        if new_to_stdin_source(path, _as_counted(corpus, sid, rows), corpus.stored_ids,
                               lambda: _other_text(corpus, rows)) is None:
            return None
    elif (copied := corpus.copied_source(sid, given=rows, before=before)) is not None:
        raise renamed_copy(shown_path(path), copied)  # ingest refuses it before it looks for a part
    held = holding_given(corpus, sid, rows, ratings)
    return None if held is None else {"source_id": held[0], "title": held[1], "documents": held[2]}


def _as_counted(corpus: Any, sid: str, rows: list[tuple]) -> list[str]:
    """The ids ingest stores or counts ``rows`` (``stored_row``'s) under: a row's own, or the answer
    ``--keep-export-ids`` stored under an export's id that it is (``ExportRules._kept_answer``)."""
    from voices.store import export_kept
    from voices.store.corpus import DOCUMENT_COLUMNS

    kept = export_kept.held(corpus, sid)
    if not kept:
        return [r[0] for r in rows]
    stored = corpus.stored_ids([r[0] for r in rows])
    counted = []
    for r in rows:
        d = dict(zip(DOCUMENT_COLUMNS, r, strict=False))
        counted.append(export_kept.kept_answer(kept, d["text"], d["author"], d["posted_at"], d["question"],
                                               d["respondent_id"], d["attributes"], lambda r=r: r[0] not in stored,
                                               d["question_id"])
                       or r[0])
    return counted


def _other_text(corpus: Any, rows: list[tuple]) -> set[str]:
    """The ids of ``rows`` (``stored_row``'s) the corpus holds with other words, or another author at a row."""
    import pyarrow as pa

    from voices.store.corpus import DOCUMENT_COLUMNS

    frame = pa.table({c: pa.array([r[i] for r in rows], type=pa.int64() if c == "position" else pa.string())
                      for i, c in enumerate(DOCUMENT_COLUMNS[:-1])})
    return set(corpus.stored_with_other_text(frame))


def _file_named(rec: Any, path: Path, options: IngestOptions) -> bool:
    """Whether ``rec``'s source is named after the file (``FileLoader._new_source``: the part check's sources)."""
    return not options.source_title and rec.source.title in {path.stem, re.sub(r"_+", " ", path.stem).strip()}


def _preview(path: Path, options: IngestOptions, rule_of: Any, stored_ids: Any = None,
             part_of: Any = None, holding: Any = None, erased: Any = None) -> FilePreview:
    """``preview_file`` of a checked path; ``erased(row, placed)``: the digests of a row ``voices delete`` erased
    here (ingest skips it before asking whether a stored source holds the file; --readmit-erased: no source does)."""
    from voices.ids import assign_ids, source_id
    from voices.ingest.file_loader import READERS
    from voices.ingest.folder import is_dataset
    from voices.ingest.inputs import check_paths
    from voices.ingest.rows import check_length, stored_row, warn_duplicate, warn_duplicates_in_all

    if path.is_dir() and not is_dataset(path):
        raise InputError(f"{path}: a folder; a preview reads one file: give one of the files inside it")
    (path, fmt, _), = check_paths([path], options)
    ctx = ReadContext(path, options, rule_of=rule_of, stored_ids=stored_ids, part_rule=part_of)
    if fmt not in READERS:  # a documentation file beside the inputs
        message = f"{ctx.name}: not comments or responses; ingest skips it"
        log.warning("%s", message)  # every preview warning is logged once, as the readers' are
        return FilePreview(ctx.name, fmt, 0, warnings=[message])
    # as ingest reads it: a repeated row is one document (and warned about), a text over the limit refused
    shown: list[Any] = []
    seen: set[str] = set()
    duplicates = 0
    rows: dict[str, list[tuple]] = defaultdict(list)  # a file-named source's answers as ingest stores them
    gone: set[str] = set()  # rows erased here earlier: ingest skips them (or stores them, with --readmit-erased)
    for rec, doc_id, parent in assign_ids(READERS[fmt](path, ctx)):
        if doc_id in seen:
            duplicates += 1
            warn_duplicate(rec, ctx, duplicates)
            continue
        seen.add(doc_id)
        check_length(rec, ctx, options.max_text_chars)
        if len(shown) < _EXAMPLES:
            shown.append(rec)
        if holding is None:
            continue
        sid = source_id(rec.source)
        row = stored_row(rec, doc_id, None if parent in gone else parent, sid, 0, ctx)
        if erased is not None and erased(row, rec.native_id is None and not rec.doc_id, before=ctx.read_before):
            gone.add(doc_id)
        elif _file_named(rec, path, options):
            rows[sid].append((*row[:2], int(rec.extra.get("position") or len(rows[sid]) + 1), *row[3:]))
    warn_duplicates_in_all(ctx, duplicates)
    examples = [{"kind": r.kind, "author": r.author, "posted_at": r.posted_at, "question": r.question,
                 "closed_answer": r.closed_answer, "text": r.text[:160]} for r in shown]
    columns = [{"column": c, "role": role, "examples": ex} for c, role, ex in ctx.columns]
    if gone and options.readmit_erased:
        rows.clear()  # stored again on purpose: ingest takes no part back (``StoredChecks._drop_stored_parts``)
        gone.clear()
    parts = [held for sid, given in sorted(rows.items()) if (held := holding(
        sid, given, [(sid, *r[1:]) for r in ctx.respondents if source_id(r[0]) == sid],
        ctx.labels_before.get(sid, ()))) is not None]
    # ingest skips an answer erased here: not among its documents (they were counted, unlike ingest's)
    return FilePreview(ctx.name, fmt, len(seen) - len(gone), columns, examples, dict(ctx.skipped), ctx.warnings, ctx.blank,
                       dict(ctx.id_rules), part_of_stored=parts)
