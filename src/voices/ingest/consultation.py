"""Consultation response exports (CSV or XLSX): one row per respondent, one column per question.

Column roles are detected from headers and values, and each can be set by an
option: the respondent id, respondent type (individual or organisation),
organisation name, free-text questions, and the closed questions (Agree /
Disagree scales) that go with them. Every non-empty free-text answer becomes a
``consultation_answer`` document tied to its respondent and question, carrying
the paired closed answer. "N/A", "none", "-" and blank cells are not documents.

The document's native id is ``respondent id | question id``, so the same
consultation read from CSV and from XLSX gives the same documents.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from voices.errors import InputError
from voices.ingest._tabular import Row, Table, read_csv_table, read_xlsx_table
from voices.ingest.base import ReadContext
from voices.schemas import Record, Source

NON_ANSWERS = frozenset({"", "n/a", "na", "n.a.", "none", "-", "--", "—", "–", "nil", "."})
_SCALE = frozenset(
    "agree disagree strongly tend to neither nor somewhat slightly yes no don't dont know not sure "
    "unsure support oppose partly partially undecided neutral n/a".split()
)
_ID = re.compile(r"^(?:response|respondent|submission|unique|record|entry)?\s*(?:id|ref|reference|number|no\.?)$", re.I)
_TYPE = re.compile(r"respondent type|(?:respond|submit|answer)\w*.*(?:individual|organi[sz]ation|behalf|capacity)", re.I)
_ORG = re.compile(r"^organi[sz]ation(?: name)?$|name of (?:your |the )?organi[sz]ation|organi[sz]ation'?s? name", re.I)
_NAME = re.compile(r"^(?:full |your |respondent )?name$", re.I)
_DATE = re.compile(r"^(?:date|submitted|submission date|date submitted|timestamp|completed|start date|end date)\b", re.I)
_QNUM = re.compile(r"^\s*(q(?:uestion)?\s*\d+[a-z]?|\d+[a-z]?)(?=[\s.:)–-])", re.I)
_SAMPLE_ROWS = 500


@dataclass
class _Roles:
    id: int | None = None
    type: int | None = None
    org: int | None = None
    name: int | None = None
    date: int | None = None
    text: list[int] = field(default_factory=list)
    closed_for: dict[int, int] = field(default_factory=dict)  # text column -> closed column


def _find(header: list[str], wanted: str, ctx: ReadContext, flag: str) -> int:
    """Index of the column the user named: exact, case-insensitive, or a unique prefix."""
    for test in (lambda h: h == wanted, lambda h: h.casefold() == wanted.casefold(),
                 lambda h: h.casefold().startswith(wanted.casefold())):
        hits = [i for i, h in enumerate(header) if test(h)]
        if len(hits) == 1:
            return hits[0]
    raise InputError(
        f"{ctx.name}: {flag} {wanted!r} matches no single column; columns found: "
        + "; ".join(header)
    )


def _is_scale(values: list[str]) -> bool:
    words = [set(re.findall(r"[a-z/']+", v.casefold())) for v in values]
    return bool(values) and all(w and w <= _SCALE for w in words)


def _column_kind(values: list[str]) -> str:
    """"closed", "text" or "other" from a sample of a column's non-blank values."""
    answers = [v.strip() for v in values if v.strip().casefold() not in NON_ANSWERS]
    if not answers:
        return "other"
    if _is_scale(answers):
        return "closed"
    lengths = [len(v) for v in answers]
    if sum(lengths) / len(lengths) >= 15 or max(lengths) >= 40:
        return "text"
    if len(set(answers)) <= 6 and max(lengths) <= 25 and len(answers) >= 10:
        return "closed"
    return "other"


def _detect(header: list[str], sample: list[Row], ctx: ReadContext) -> _Roles:
    opts = ctx.options
    roles = _Roles()
    pick = lambda flag, value, pattern: (  # noqa: E731 - local shorthand
        _find(header, value, ctx, flag) if value
        else next((i for i, h in enumerate(header) if pattern.search(h)), None)
    )
    roles.id = pick("--id-column", opts.id_column, _ID)
    roles.type = pick("--respondent-type-column", opts.respondent_type_column, _TYPE)
    roles.org = pick("--organisation-column", opts.organisation_column, _ORG)
    roles.name = next((i for i, h in enumerate(header) if _NAME.search(h)), None)
    roles.date = next((i for i, h in enumerate(header) if _DATE.search(h)), None)
    taken = {roles.id, roles.type, roles.org, roles.name, roles.date} - {None}
    kinds = {i: _column_kind([cells[i] for _n, _l, cells in sample]) for i in range(len(header))}
    if opts.text_columns:
        roles.text = [_find(header, t, ctx, "--text-column") for t in opts.text_columns]
    else:
        roles.text = [i for i, k in kinds.items() if k == "text" and i not in taken]
    if not roles.text:
        raise InputError(
            f"{ctx.name}: no free-text column found (columns found: {'; '.join(header)}): "
            "name the answer columns with --text-column, or use --format records with --text-field"
        )
    _pair(header, roles, kinds, ctx)
    return roles


def _pair(header: list[str], roles: _Roles, kinds: dict[int, str], ctx: ReadContext) -> None:
    """Pair each free-text column with its closed question."""
    texts = sorted(roles.text)
    for spec in ctx.options.closed_columns:
        closed_name, _, text_name = spec.partition("=")
        closed = _find(header, closed_name.strip(), ctx, "--closed-column")
        if text_name.strip():
            roles.closed_for[_find(header, text_name.strip(), ctx, "--closed-column")] = closed
        else:
            after = [t for t in texts if t > closed]
            if after:
                roles.closed_for[after[0]] = closed
    if ctx.options.closed_columns:
        return
    for t in texts:
        if t > 0 and kinds.get(t - 1) == "closed" and (t - 1) not in roles.text:
            roles.closed_for[t] = t - 1


def _question_ids(header: list[str], roles: _Roles) -> dict[int, str]:
    out: dict[int, str] = {}
    for t in roles.text:
        m = _QNUM.match(header[t])
        if not m and t in roles.closed_for:
            m = _QNUM.match(header[roles.closed_for[t]])
        qid = re.sub(r"\s+", "", m.group(1)).upper() if m else None
        if qid and not qid.startswith("Q"):
            qid = "Q" + qid
        if not qid or qid in out.values():
            digest = hashlib.sha256(" ".join(header[t].casefold().split()).encode()).hexdigest()[:8]
            qid = (qid + "-" if qid else "q") + digest
        out[t] = qid
    return out


def _question_text(header: list[str], roles: _Roles, t: int) -> str:
    """The text header, after its closed question's header when it has one."""
    closed = roles.closed_for.get(t)
    if closed is None:
        return header[t]
    follow_up = _QNUM.sub("", header[t], count=1).lstrip(" .:)–-")
    return f"{header[closed]} {follow_up}"


def source_title(path: Path) -> str:
    """A consultation's default title: the file name without extension (CSV and XLSX agree)."""
    return re.sub(r"[_]+", " ", path.stem).strip() or path.name


def records_from_table(table: Table, ctx: ReadContext) -> Iterator[Record]:
    """Consultation answers from a table (see the module docstring)."""
    sample = list(islice(table.rows, _SAMPLE_ROWS))
    roles = _detect(table.header, sample, ctx)
    qids = _question_ids(table.header, roles)
    title = ctx.options.source_title or source_title(ctx.path)
    source = Source(title=title, kind="consultation", url=ctx.options.source_url)
    if roles.id is None:
        ctx.warn("no respondent id column found; respondents are numbered by row "
                 "(name the id column with --id-column for ids that survive re-export)")
    cell = lambda cells, i: cells[i].strip() if i is not None else ""  # noqa: E731
    for row, line, cells in chain(sample, table.rows):
        respondent = cell(cells, roles.id) or f"row-{row}"
        for t in roles.text:
            answer = cells[t].strip()
            if answer.casefold() in NON_ANSWERS:
                if answer:
                    ctx.skipped["non-answer"] += 1
                continue
            closed = cell(cells, roles.closed_for.get(t)) or None
            yield Record(
                source=source, kind="consultation_answer", text=answer,
                key=f"{respondent}|{qids[t]}", native_id=f"{respondent}|{qids[t]}",
                author=cell(cells, roles.name) or None, posted_at=ctx.date(cell(cells, roles.date), line),
                question_id=qids[t], question=_question_text(table.header, roles, t),
                respondent_id=respondent, respondent_type=cell(cells, roles.type) or None,
                organisation=cell(cells, roles.org) or None, closed_answer=closed,
                line=line, extra={"row": row},
            )


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
        table = read_xlsx_table(path, ctx)
    else:
        table = read_csv_table(path, ctx)
    yield from records_from_table(table, ctx)
