"""Consultation response exports (CSV or XLSX): one row per respondent, one column per question.

Column roles are detected from headers and values (``consultation_columns``), and each can be
set by an option: the respondent id, respondent type (individual or organisation),
organisation name, free-text questions, and the closed questions (Agree /
Disagree scales) that go with them. Every non-empty free-text answer becomes a
``consultation_answer`` document tied to its respondent and question, carrying
the paired closed answer. "N/A", "none", "-" and blank cells are not documents.

The document's native id is ``respondent id | question id``, so the same
consultation read from CSV and from XLSX gives the same documents. Which column is the
respondent id, and which closed question an answer explains, follow the id rule its
source was stored under (``voices.ids``; ``ReadContext.id_rule``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from voices.errors import InputError
from voices.ids import QNUM
from voices.ingest._tabular import Row, Table, read_csv_table, read_xlsx_table
from voices.ingest.base import ReadContext
from voices.ingest.consultation_columns import Roles, detect_roles
from voices.ingest.consultation_dates import SLASHED, date_order, slashed_date
from voices.ingest.consultation_header import merge_header_rows, merged_halves, repeated_questions
from voices.ingest.consultation_values import NON_ANSWERS, late_advice
from voices.ingest.outputs import refuse_voices_output
from voices.schemas import Record, Source

_SAMPLE_ROWS = 500  # rows read to tell the columns' roles
# rows read at most to find values in a headed column the first _SAMPLE_ROWS leave blank (``_sample_rows``)
_SCAN_ROWS = 10 * _SAMPLE_ROWS
_PART_ROWS = 100 * _SAMPLE_ROWS  # rows held back at most to tell a part of a source stored under an older id rule


def _numbered_id(text: str) -> str | None:
    """A question's id from the number it opens with ("Q3. Should...", "3) Should..." are Q3), else None."""
    m = QNUM.match(text)
    if not m:
        return None
    qid = re.sub(r"\s+", "", m.group(1)).upper()
    return qid if qid.startswith("Q") else "Q" + qid


def _digest(question: str) -> str:
    """Eight hex digits of a question's text, case and spacing aside."""
    return hashlib.sha256(" ".join(question.casefold().split()).encode()).hexdigest()[:8]


def _question_ids(header: list[str], roles: Roles) -> dict[int, str]:
    out: dict[int, str] = {}
    for t in roles.text:
        qid = _numbered_id(header[t])
        if qid is None and t in roles.closed_for:
            qid = _numbered_id(header[roles.closed_for[t]])
        if not qid or qid in out.values():
            qid = (qid + "-" if qid else "q") + _digest(header[t])
        out[t] = qid
    return out


def _row_question_id(question: str) -> str:
    """The id of a question a row's "Question" cell gives: its number ("Q3. Should..." is Q3), else a digest."""
    return _numbered_id(question) or "q" + _digest(question)


def _question_text(header: list[str], roles: Roles, t: int) -> str:
    """The text header, after its closed question's header when it has one."""
    closed = roles.closed_for.get(t)
    if closed is None:
        return header[t]
    follow_up = QNUM.sub("", header[t], count=1).lstrip(" .:)–-")
    return f"{header[closed]} {follow_up}"


def source_title(path: Path) -> str:
    """A consultation's default title: the file name without extension (CSV and XLSX agree)."""
    return re.sub(r"[_]+", " ", path.stem).strip() or path.name


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i].strip() if i is not None else ""


def _identity(cells: list[str], roles: Roles) -> str | None:
    """The respondent's e-mail, when the file gives one (Microsoft Forms writes "anonymous")."""
    email = _cell(cells, roles.email)
    return email if "@" in email else None


def _respondent(cells: list[str], row: int, roles: Roles) -> str:
    """The respondent's id: the id column's, else their e-mail, else their row (``row-N``)."""
    return _cell(cells, roles.id) or _identity(cells, roles) or f"row-{row}"


def _answer_question_id(cells: list[str], t: int, roles: Roles, qids: dict[int, str]) -> str:
    """The question id of column ``t``'s answer: from the row's "Question" cell when the file has one."""
    question = _cell(cells, roles.question)
    return _row_question_id(question) if question else qids[t]


def _rule_held(header: list[str], sample: list[Row], ctx: ReadContext, source: Source) -> int:
    """The id rule by which a source a voices export brought (``voices.ids.ANY_ID_RULE``) holds the sample's
    answers: most of their ids stored, the newest rule on a tie (or with no corpus to ask)."""
    from voices.ids import FIRST_ID_RULE, ID_RULE

    held = {rule: _held(header, sample, ctx, source, rule) for rule in range(ID_RULE, FIRST_ID_RULE - 1, -1)}
    return max(held, key=lambda rule: (held[rule], rule))


def _held(header: list[str], sample: list[Row], ctx: ReadContext, source: Source, rule: int) -> int:
    """How many of the sample's answers, read with ``header`` under id ``rule``, the corpus holds by their ids."""
    return len(_held_ids(header, sample, ctx, source, rule))


def _held_ids(header: list[str], sample: list[Row], ctx: ReadContext, source: Source, rule: int) -> set[str]:
    """The ids of the sample's answers, read with ``header`` under id ``rule``, that the corpus holds."""
    from dataclasses import replace

    from voices.ids import document_id, source_id

    roles = detect_roles(header, sample, replace(ctx, warnings=[], columns=[], quiet=True), rule)
    qids = _question_ids(header, roles)
    keys = [f"{_respondent(cells, row, roles)}|{_answer_question_id(cells, t, roles, qids)}"
            for row, _l, cells in sample for t in roles.text if cells[t].strip().casefold() not in NON_ANSWERS]
    ids = [document_id(source_id(source), key) for key in keys]
    return set(ctx.stored_ids(ids)) if ctx.stored_ids is not None and ids else set()


def _read_as_stored(table: Table, raw: list[Row], read: tuple[list[str], list[Row]], ctx: ReadContext,
                    source: Source, rule: int) -> tuple[list[str], list[Row]]:
    """The header and sample to read by: a merged question cell's halves (``merge_header_rows``) unless the
    source is stored as read before that, the label row an answer: its answers would be stored twice."""
    from voices.ids import ANY_ID_RULE, ID_RULE

    if read[0] == table.header or not merged_halves(raw[0][2], table.header) or ctx.options.replace:
        return read
    # only answers whose ids the readings give apart tell them apart: a column outside the merged cell has one id
    rule = ID_RULE if rule == ANY_ID_RULE else rule
    old, right = _held_ids(table.header, raw, ctx, source, rule), _held_ids(*read, ctx, source, rule)
    if len(old - right) <= len(right - old):
        return read
    ctx.warn("stored before voices read its merged question cell (its labels row an answer, the explanations "
             "without their question): read the same way, so nothing is stored twice; ingest it with --replace "
             "to store it read right")
    return table.header, raw


def _note_read_before(table: Table, raw: list[Row], read: tuple[list[str], list[Row]], ctx: ReadContext,
                      source: Source, rule: int) -> None:
    """Note, when a merged question cell is read right, the question ids the old reading gave its answers.

    ``voices delete`` recorded an answer erased from the sheet stored the old way under the old question id
    (the blank header's digest); read right, its id and its text's digest differ, and ``--replace`` brought it back.
    The answers the old reading gave the labels row are noted too (``ReadContext.labels_before``).
    """
    from collections import Counter
    from dataclasses import replace

    from voices.ids import document_id, source_id
    from voices.ingest.rows import stored_row

    if read[0] == table.header or not merged_halves(raw[0][2], table.header):
        return
    quiet = replace(ctx, warnings=[], columns=[], quiet=True)
    try:
        old = _question_ids(table.header, detect_roles(table.header, raw, quiet, rule))
    except InputError:  # the old reading found no answers: none was stored, nor erased, by it
        return
    new = _question_ids(read[0], detect_roles(*read, quiet, rule))
    sid = source_id(source)
    ctx.read_before.update({(sid, q): old[t] for t, q in new.items() if old.get(t, q) != q})
    # the rows read right as the header, read as the old reading's answers (its columns told by the whole sample)
    labels = {row for row, _l, _c in raw[:len(raw) - len(read[1])]}
    quiet = replace(quiet, respondents=[], skipped=Counter())
    given = (r for r in _answers(table.header, raw, iter(()), quiet, source, rule) if r.extra["row"] in labels)
    ctx.labels_before[sid] = [stored_row(rec, document_id(sid, rec.key), None, sid, n, quiet)
                              for n, rec in enumerate(given, start=1)]


def _sample_rows(table: Table) -> list[Row]:
    """The first rows, the columns' roles are told by: ``_SAMPLE_ROWS``, and more, a sample's worth at a time up to
    ``_SCAN_ROWS``, while a headed column is blank in all of them (a question answered only by later respondents).

    Told by blanks alone, such a column was left out: a 5,000-row sheet whose 'Q2. Why?' was answered from row 600
    on stored none of its 4,400 answers, with no warning. Bounded, so memory stays flat on any file.
    """
    raw = list(islice(table.rows, _SAMPLE_ROWS))
    headed = [i for i, h in enumerate(table.header) if h.strip()]
    while len(raw) < _SCAN_ROWS and (blank := [i for i in headed if not any(c[i].strip() for _n, _l, c in raw)]):
        headed = blank  # the others have values: no need to look at them again
        if not (chunk := list(islice(table.rows, _SAMPLE_ROWS))):
            break
        raw += chunk
    return raw


def records_from_table(table: Table, ctx: ReadContext) -> Iterator[Record]:
    """Consultation answers from a table (see the module docstring)."""
    from voices.ids import ANY_ID_RULE, ID_RULE, source_id

    raw = _sample_rows(table)
    title = ctx.options.source_title or source_title(ctx.path)
    source = Source(title=title, kind="consultation", url=ctx.options.source_url)
    # the columns are read as the source's stored documents were, so the same file gives the same ids
    rule = ctx.id_rule(source)
    header, sample = _read_as_stored(table, raw, merge_header_rows(table.header, raw), ctx, source, rule)
    if rule == ANY_ID_RULE:  # a voices export brought the source: read by the rule whose ids it holds
        rule = ctx.id_rules[source_id(source)] = _rule_held(header, sample, ctx, source)
    _note_read_before(table, raw, (header, sample), ctx, source, rule)
    rows: Iterator[Row] = table.rows
    if rule == ID_RULE and ctx.part_rule is not None and not ctx.options.source_title:
        rule, rows = _rule_of_part(header, sample, rows, ctx, source)
        ctx.id_rules[source_id(source)] = rule
    yield from _answers(header, sample, rows, ctx, source, rule)


def _rule_of_part(header: list[str], sample: list[Row], rows: Iterator[Row], ctx: ReadContext,
                  source: Source) -> tuple[int, Iterator[Row]]:
    """The id rule to read a new source by, and the rows after the sample: an older rule when a source stored
    under it holds every answer of the file as that rule reads them (the file is a part of that source,
    ``voices.store.stored_part``), else the newest. Asked only when an older rule reads the sample otherwise
    than the newest does.

    The sample decides first; when it is a part, the later rows are read on, a sample's worth at a time, while
    they are a part too, and kept to be read again (``_PART_ROWS`` at most: memory stays bounded, and a file
    whose first 50,000 rows a stored source holds is taken for a part of it). A file whose first
    rows are a stored source's and whose later ones are new was read by the older rule on its sample alone,
    and stored as a new source with the older rule's ids (respondents numbered by row).
    """
    from collections import Counter
    from dataclasses import replace

    from voices.ids import ID_RULE, source_id
    from voices.ingest.rows import stored_row

    sid = source_id(source)

    def reading_of(later: list[Row]) -> Callable[[int], list[tuple[Any, ...]]]:
        def reading(rule: int) -> list[tuple[Any, ...]]:
            """``later``'s answers (the sample's when empty) as they would be stored (``stored_row``) under
            ``rule``, at their places in the file (1, 2, ... from the sample's first)."""
            quiet = replace(ctx, warnings=[], columns=[], respondents=[], skipped=Counter(), id_rules={}, quiet=True)
            records = _answers(header, sample, iter(later), quiet, source, rule)
            stored = [stored_row(rec, str(i), None, sid, i, quiet) for i, rec in enumerate(records, 1)]
            return stored[len(reading_of([])(rule)):] if later else stored
        return reading

    assert ctx.part_rule is not None
    # standard input without a title is the one source "stdin" every pipe adds to: stored by an earlier pipe,
    # a new pipe's answers are still judged as a part of another source (``PipedChecks._new_to_stdin_source``)
    piped = ctx.name == "-" and not ctx.options.replace
    rule = ctx.part_rule(sid, reading_of([]), piped)
    if rule is None:
        return ID_RULE, rows
    kept: list[Row] = []
    while len(kept) < _PART_ROWS and (chunk := list(islice(rows, _SAMPLE_ROWS))):
        kept += chunk
        later = reading_of(chunk)
        if later(rule) and ctx.part_rule(sid, later, piped) != rule:  # rows of its own: a new source
            return ID_RULE, chain(kept, rows)
    return rule, chain(kept, rows)


def _answers(header: list[str], sample: list[Row], rows: Iterator[Row], ctx: ReadContext, source: Source,
             rule: int) -> Iterator[Record]:
    """The answers of the sample, then of the other rows, with the columns read by id ``rule``."""
    roles = detect_roles(header, sample, ctx, rule)
    qids = _question_ids(header, roles)
    shown = repeated_questions(header, roles.text, ctx)  # a repeated question's name: its id stays its header's
    if roles.question is None:
        ctx.copied_questions.update(qids[t] for t in roles.copied)
    if roles.id is None and roles.email is None:
        ctx.warn("no respondent id column found; respondents are numbered by row "
                 "(name the id column with --id-column for ids that survive re-export)")
    order = "day"
    if roles.date is not None:
        order = date_order([cells[roles.date] for _n, _l, cells in sample], ctx, header[roles.date])

    def posted_at(value: str, line: int) -> str | None:
        return slashed_date(value, order) if SLASHED.match(value) else ctx.date(value, line)

    def person(cells: list[str]) -> str | None:
        """The respondent's name: a name column, else first and last name joined (either alone will do)."""
        parts = [_cell(cells, roles.first), _cell(cells, roles.last)]
        return _cell(cells, roles.name) or " ".join(p for p in parts if p) or None

    paired = set(roles.closed_for.values())
    # breakdown fields, and ratings no free text explains: kept with each answer as a JSON object
    described = [role for _c, role, _e in ctx.columns]
    kept = [i for i, role in enumerate(described) if role == "category" or (role == "closed" and i not in paired)]

    ratings = [i for i in kept if described[i] == "closed"]

    def attributes(cells: list[str], which: list[int] = kept) -> str | None:
        found = {header[i]: cells[i].strip() for i in which if cells[i].strip()}
        return json.dumps(found, ensure_ascii=False) if found else None

    categories = [i for i in kept if i not in ratings]
    for row, line, cells in _counting(chain(sample, rows), roles.unread, ctx):
        respondent = _respondent(cells, row, roles)
        if ratings:  # a closed question no text explains: counted per respondent, text or not
            ctx.respondents.append((source, respondent, attributes(cells, categories), attributes(cells, ratings)))
        for t in roles.text:
            answer = cells[t].strip()
            if answer.casefold() in NON_ANSWERS:
                if answer:
                    ctx.skipped["non-answer"] += 1
                else:
                    ctx.blank += 1
                continue
            closed = _cell(cells, roles.closed_for.get(t)) or None
            question = _cell(cells, roles.question)
            qid = _answer_question_id(cells, t, roles, qids)
            yield Record(
                source=source, kind="consultation_answer", text=answer,
                key=f"{respondent}|{qid}", native_id=f"{respondent}|{qid}",
                author=person(cells) or _identity(cells, roles), posted_at=posted_at(_cell(cells, roles.date), line),
                question_id=qid, question=question or _question_text(shown, roles, t),
                respondent_id=respondent, respondent_type=_cell(cells, roles.type) or None,
                organisation=_cell(cells, roles.org) or None, closed_answer=closed, attributes=attributes(cells),
                line=line, extra={"row": row},
            )


def _counting(rows: Iterator[Row], columns: list[tuple[int, str, str, str]], ctx: ReadContext) -> Iterator[Row]:
    """``rows``, counting the answers in each column left out (``Roles.unread``), said when the rows end."""
    counts = dict.fromkeys((i for i, *_words in columns), 0)
    first: dict[int, list[str]] = {i: [] for i in counts}  # each column's first answers, to tell options apart
    for row in rows:
        for i in counts:
            if (value := row[2][i].strip()).casefold() not in NON_ANSWERS:
                counts[i] += 1
                if len(first[i]) < _SAMPLE_ROWS:
                    first[i].append(value)
        yield row
    for i, before, after, how in columns:
        # a column blank in the sample and after it too holds nothing to say, nor one of no written answers
        if counts[i] and (said := late_advice(after, first[i], how)) is not None:
            ctx.warn(f"{before}{counts[i]}{said}")


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """Read a consultation export (``.xlsx``/``.xlsm`` as a workbook, anything else as CSV).

    Parameters
    ----------
    path : Path
        The export file.
    ctx : ReadContext
        Column-role options; warnings and non-answer counts go here.

    Yields
    ------
    Record
        One ``consultation_answer`` per non-empty free-text answer, row by row.

    Raises
    ------
    InputError
        Header only, no free-text column (the columns found are listed), a named
        column that does not exist, or malformed CSV (with its line).
    """
    with open(path, "rb") as fh:
        zipped = fh.read(4) == b"PK\x03\x04"
    if zipped or path.suffix.lower() in (".xlsx", ".xlsm"):
        table = read_xlsx_table(path, ctx, others=True)
    else:
        table = read_csv_table(path, ctx)
    refuse_voices_output(table.header, path)  # checked when sniffed; --format consultation must not store one
    yield from records_from_table(table, ctx)
