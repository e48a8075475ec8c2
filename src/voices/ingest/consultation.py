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
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from voices.errors import InputError
from voices.ingest._tabular import Row, Table, read_csv_table, read_xlsx_table, unique_header
from voices.ingest.base import ReadContext
from voices.ingest.outputs import refuse_voices_output
from voices.schemas import Record, Source

NON_ANSWERS = frozenset({"", "n/a", "na", "n.a.", "none", "-", "--", "—", "–", "nil", "."})
_SCALE = frozenset(
    "agree disagree strongly tend to neither nor somewhat slightly yes no don't dont know not sure "
    "unsure support oppose partly partially undecided neutral n/a very poor good fair excellent average "
    "satisfied dissatisfied likely unlikely important unimportant extremely quite fairly not at all".split()
)
_ID = re.compile(r"^(?:response|respondent|submission|unique|record|entry|user)?[\s_-]*(?:id|ref|reference|number|no\.?)$", re.I)
# a text column that explains the closed question before it, even when numbered on its own
_FOLLOW_UP = re.compile(r"\b(?:explain|why|reason|tell us more|comment|say more|give details|elaborate)\b", re.I)
# a question, maybe with a short prompt after it ("... a four-day week? Why?", "...? Please explain")
_QUESTION_HEADER = re.compile(r"\?(?:\s+[^?\s]+){0,5}\??\s*$")
# a header that says its column holds written answers: trusted when no column's values look like free text
_TEXT_HEADER = re.compile(
    r"^(?:your |any (?:other |further )?|additional |general |free[- ]?text |open )?"
    r"(?:comments?|responses?|answers?|feedback|text|views?|remarks?|thoughts|suggestions?|opinions?|"
    r"explanation|reasons?|message|reply|what you (?:said|told us))$|" + _QUESTION_HEADER.pattern,
    re.I,
)
_TYPE = re.compile(r"respondent type|(?:respond|submit|answer)\w*.*(?:individual|organi[sz]ation|behalf|capacity)", re.I)
# headers that name the respondent's type only when their values look like one (few distinct, short)
_TYPE_NAMES = re.compile(
    r"^(?:what is )?(?:your |respondent |job )?role\??$|^organi[sz]ation(?:al)? type$|"
    r"^type of (?:organi[sz]ation|respondent)$|^(?:your )?sector$|\bcapacity\b|^(?:are you )?responding as\b", re.I)
_ORG = re.compile(r"^organi[sz]ation(?: name)?$|name of (?:your |the )?organi[sz]ation|organi[sz]ation'?s? name", re.I)
_NAME = re.compile(r"^(?:full |your |respondent )?name$|^what is your (?:full )?name\??$", re.I)
# SurveyMonkey's "First Name"/"Last Name", Qualtrics' "RecipientFirstName"/"RecipientLastName": joined, the author
_FIRST = re.compile(r"^(?:recipient ?|respondent |your )?(?:first ?name|forename|given ?name)$", re.I)
_LAST = re.compile(r"^(?:recipient ?|respondent |your )?(?:last ?name|surname|family ?name)$", re.I)
_EMAIL = re.compile(r"^(?:your |respondent |recipient ?)?e-?mail(?: address)?$|^what is your e-?mail(?: address)?\??$", re.I)
# When a response was completed (preferred for posted_at) and other timestamps survey tools add
_DONE = re.compile(r"^(?:submitted|submission (?:date|time)|date submitted|completion ?time|completed|end ?(?:date|time)?|"
                   r"ended|recorded ?date|timestamp|date|submitted (?:at|on))$", re.I)
_DATE = re.compile(r"^(?:start(?:ed)? ?(?:date|time)?|last ?modified(?: time)?|modified|created|date (?:started|modified))$|"
                   + _DONE.pattern, re.I)
# Columns survey tools add around the answers: never documents, whatever they hold
_META = re.compile(
    r"^(?:ip ?address|status|response ?status|response ?type|progress|finished|duration.*|time taken.*|"
    r"collector ?id|custom ?data.*|external ?(?:data )?reference|distribution ?channel|user ?language|"
    r"language|location ?(?:latitude|longitude)|latitude|longitude|recipient.*|(?:first|last) ?name|"
    r"response ?id|user ?id|_?record ?id|respondent ?id|session ?id|panel.*|source|referr?er|url|"
    r"device.*|browser.*|operating system)$"
    r"|\b(?:consent|publish|privacy|gdpr|data protection|confidential(?:ity)?|contact you|be contacted|"
    r"take part in (?:this|the) (?:survey|consultation))\b",
    re.I,
)
# a long-format export's column holding each row's question text
_QUESTION_COLUMN = re.compile(r"^\s*question(?: ?text)?\s*$", re.I)
_QNUM = re.compile(r"^\s*(q(?:uestion)?\s*\d+[a-z]?|\d+[a-z]?)(?=[\s.:)–-])", re.I)
_SAMPLE_ROWS = 500


@dataclass
class _Roles:
    id: int | None = None
    type: int | None = None
    org: int | None = None
    name: int | None = None
    first: int | None = None  # a name split over two columns
    last: int | None = None
    email: int | None = None
    date: int | None = None
    question: int | None = None  # each row's question text (a long-format export)
    meta: set[int] = field(default_factory=set)
    category: set[int] = field(default_factory=set)
    text: list[int] = field(default_factory=list)
    closed_for: dict[int, int] = field(default_factory=dict)  # text column -> closed column


def _find(header: list[str], wanted: str, ctx: ReadContext, flag: str) -> int:
    """Index of the column the user named: exact, case-insensitive, or a unique prefix.

    A mapping or option naming a missing column is refused with the columns there are.
    """
    for test in (lambda h: h == wanted, lambda h: h.casefold() == wanted.casefold(),
                 lambda h: h.casefold().startswith(wanted.casefold())):
        hits = [i for i, h in enumerate(header) if test(h)]
        if len(hits) == 1:
            return hits[0]
    raise InputError(
        f"{ctx.name}: {flag} {wanted!r} matches no single column; columns found: "
        + "; ".join(header) + ": name one of them (or a start only it has)"
    )


def _is_scale(values: list[str]) -> bool:
    words = [set(re.findall(r"[a-z/']+", v.casefold())) for v in values]
    return bool(values) and all(w and w <= _SCALE for w in words)


def _column_kind(values: list[str]) -> str:
    """"closed", "text" or "other" from a sample of a column's non-blank values.

    Free text is told by its content: answers of several words that mostly differ.
    A column of short labels repeated across respondents (a role, a sector, a
    consent choice) is not free text, however long the labels are.
    """
    answers = [v.strip() for v in values if v.strip().casefold() not in NON_ANSWERS]
    if not answers:
        return "other"
    if _is_scale(answers):
        return "closed"
    words = [len(v.split()) for v in answers]
    if (max(words) >= 6 or sum(words) / len(words) >= 4) and _varied(answers):
        return "text"
    lengths = [len(v) for v in answers]
    if len(set(answers)) <= 6 and max(lengths) <= 25 and len(answers) >= 10:
        return "closed"
    return "other"


# A sample of fewer answers than this is too small to show labels repeating: it counts as varied.
_FEW_ANSWERS = 8


def _varied(values: list[str]) -> bool:
    """Answers that mostly differ: at least one, and half of them distinct (a column of short labels is not)."""
    answers = [v.strip().casefold() for v in values if v.strip().casefold() not in NON_ANSWERS]
    return bool(answers) and (len(answers) < _FEW_ANSWERS or len(set(answers)) / len(answers) >= 0.5)


def _named_answers(header: str, values: list[str]) -> bool:
    """Answers under a header that names them: varied, or under a question, anything but a few short labels.

    People answering the same question write the same words often ("Nothing to add",
    "Against."), so a question's column need not mostly differ; its closed twin
    ("Yes"/"No", a handful of options) repeats a few short labels, and is not the text.
    """
    if _varied(values):
        return True
    answers = [v.strip().casefold() for v in values if v.strip().casefold() not in NON_ANSWERS]
    if not answers:
        return False
    labels = len(set(answers)) <= _FEW_LABELS and max(len(v.split()) for v in answers) <= 6
    return bool(_QUESTION_HEADER.search(header.strip())) and not labels


# A column with no more distinct values than this, all short, is a closed question's options.
_FEW_LABELS = 12


def _detect(header: list[str], sample: list[Row], ctx: ReadContext) -> _Roles:
    if ctx.options.mapping:
        return _mapped(header, sample, ctx)
    opts = ctx.options
    roles = _Roles()
    pick = lambda flag, value, pattern: (  # noqa: E731 - local shorthand
        _find(header, value, ctx, flag) if value
        else next((i for i, h in enumerate(header) if pattern.search(h)), None)
    )
    roles.id = pick("--id-column", opts.id_column, _ID)
    roles.type = pick("--respondent-type-column", opts.respondent_type_column, _TYPE)
    if roles.type is None:
        roles.type = next((i for i, h in enumerate(header) if _TYPE_NAMES.search(h.strip())
                           and _looks_like_types([cells[i] for _n, _l, cells in sample])), None)
    roles.org = pick("--organisation-column", opts.organisation_column, _ORG)
    roles.name = next((i for i, h in enumerate(header) if _NAME.search(h)), None)
    roles.first = next((i for i, h in enumerate(header) if _FIRST.search(h)), None)
    roles.last = next((i for i, h in enumerate(header) if _LAST.search(h)), None)
    roles.email = next((i for i, h in enumerate(header) if _EMAIL.search(h)), None)
    roles.date = next((i for i, h in enumerate(header) if _DONE.search(h)), None)
    if roles.date is None:
        roles.date = next((i for i, h in enumerate(header) if _DATE.search(h)), None)
    roles.meta = {i for i, h in enumerate(header) if _META.search(h) or _DATE.search(h)}
    taken = {roles.id, roles.type, roles.org, roles.name, roles.first, roles.last, roles.email, roles.date} - {None} | roles.meta
    kinds = {i: _column_kind([cells[i] for _n, _l, cells in sample]) for i in range(len(header))}
    if opts.text_columns:
        roles.text = [_find(header, t, ctx, "--text-column") for t in opts.text_columns]
    else:
        roles.text = [i for i, k in kinds.items() if k == "text" and i not in taken]
    if not roles.text:  # short answers ("Pay is poor", "Yes") under a header that names them
        roles.text = [i for i, h in enumerate(header) if i not in taken and kinds[i] != "closed"
                      and _TEXT_HEADER.search(h.strip()) and _named_answers(h, [cells[i] for _n, _l, cells in sample])]
    if not roles.text:
        raise InputError(
            f"{ctx.name}: no free-text column found (columns found: {'; '.join(header)}): "
            "name the answer columns with --text-column, or use --format records with --text-field"
        )
    _pair(header, roles, kinds, ctx)
    if len(roles.text) == 1:  # one answer column: a "Question" column says which question each row answers
        roles.question = next((i for i, h in enumerate(header) if _QUESTION_COLUMN.match(h) and i not in taken
                               and i not in roles.text and i not in roles.closed_for.values()
                               and _repeats([cells[i] for _n, _l, cells in sample])), None)
    taken.add(roles.question)
    roles.category = {i for i, k in kinds.items() if k == "other" and i not in taken and i not in roles.text
                      and i not in roles.closed_for.values() and _is_category(sample, i)}
    ctx.columns = describe(header, roles, kinds, sample)
    return roles


def _looks_like_types(values: list[str]) -> bool:
    """A respondent's type ("Social worker", "Parent"): a few short labels that respondents share."""
    answers = [v.strip().casefold() for v in values if v.strip()]
    return (bool(answers) and max(len(v.split()) for v in answers) <= 6
            and len(set(answers)) <= max(_FEW_LABELS, len(answers) // 4))


def _repeats(values: list[str]) -> bool:
    """Values respondents share (the question each row answers), not one per row."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and (len(filled) < _FEW_ANSWERS or len(set(filled)) <= len(filled) / 2)


def _is_category(sample: list[Row], i: int) -> bool:
    """Short labels that respondents share (a role, a sector, a region): a breakdown, not an answer."""
    values = [cells[i].strip() for _n, _l, cells in sample if cells[i].strip()]
    return bool(values) and max(len(v.split()) for v in values) <= 6


def describe(header: list[str], roles: _Roles, kinds: dict[int, str], sample: list[Row]) -> list[tuple[str, str, list[str]]]:
    """``(column, role, example values)`` for every column, as ``--preview`` shows them."""
    single = {roles.id: "id", roles.date: "date", roles.name: "name", roles.first: "first_name",
              roles.last: "last_name", roles.email: "email",
              roles.type: "respondent_type", roles.org: "organisation", roles.question: "question"}
    paired = set(roles.closed_for.values())
    out = []
    for i, name in enumerate(header):
        if i in single and i is not None:
            role = single[i]
        elif i in roles.text:
            role = "text"
        elif i in paired or (kinds.get(i) == "closed" and i not in roles.meta):
            role = "closed"
        elif i in roles.category:
            role = "category"
        else:
            role = "ignore"
        examples = list(dict.fromkeys(c[i].strip() for _n, _l, c in sample if c[i].strip()))[:3]
        out.append((name, role, examples))
    return out


def _mapped(header: list[str], sample: list[Row], ctx: ReadContext) -> _Roles:
    """Roles as a ``--mapping`` file gives them (every named column must exist)."""
    roles = _Roles()
    named: set[int] = set()
    closed: list[int] = []
    for column, role in ctx.options.mapping or ():
        i = _find(header, column, ctx, "the mapping's column")
        named.add(i)
        if role in ("id", "date", "name", "email", "organisation"):
            setattr(roles, role, i)
        elif role in ("first_name", "last_name"):
            setattr(roles, role.removesuffix("_name"), i)
        elif role == "respondent_type":
            roles.type = i
        elif role == "question":
            roles.question = i
        elif role == "text":
            roles.text.append(i)
        elif role == "closed":
            closed.append(i)
        elif role == "category":
            roles.category.add(i)
        else:
            roles.meta.add(i)
    unnamed = [h for i, h in enumerate(header) if i not in named]
    if unnamed:
        ctx.warn(f"the mapping does not name {len(unnamed)} column(s), ignored: {'; '.join(unnamed[:8])}")
    roles.meta |= {i for i in range(len(header)) if i not in named}
    if not roles.text:
        raise InputError(f"{ctx.name}: the mapping names no text column: give at least one column the role \"text\"")
    kinds = {i: ("closed" if i in closed else "other") for i in range(len(header))}
    _pair(header, roles, kinds, ctx)  # the same adjacency and numbering rules as detection
    ctx.columns = describe(header, roles, kinds, sample)
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
    # a respondent's type or id before the text ("Role", then the question) is no closed question
    single = {roles.id, roles.type, roles.org, roles.name, roles.first, roles.last, roles.email, roles.date}
    for t in texts:
        if (t > 0 and kinds.get(t - 1) == "closed" and (t - 1) not in roles.text and (t - 1) not in roles.meta
                and (t - 1) not in single):
            own, before = _qnum(header[t]), _qnum(header[t - 1])
            if (own is not None and own == before) or _FOLLOW_UP.search(header[t]):
                # an explanation of the question before it; "Q2 rating" never pairs with "Q3 What..."
                roles.closed_for[t] = t - 1


def _qnum(name: str) -> str | None:
    m = _QNUM.match(name)
    return re.sub(r"\D", "", m.group(1)) if m else None


def _numbered_id(text: str) -> str | None:
    """A question's id from the number it opens with ("Q3. Should...", "3) Should..." are Q3), else None."""
    m = _QNUM.match(text)
    if not m:
        return None
    qid = re.sub(r"\s+", "", m.group(1)).upper()
    return qid if qid.startswith("Q") else "Q" + qid


def _digest(question: str) -> str:
    """Eight hex digits of a question's text, case and spacing aside."""
    return hashlib.sha256(" ".join(question.casefold().split()).encode()).hexdigest()[:8]


def _question_ids(header: list[str], roles: _Roles) -> dict[int, str]:
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


def _question_text(header: list[str], roles: _Roles, t: int) -> str:
    """The text header, after its closed question's header when it has one."""
    closed = roles.closed_for.get(t)
    if closed is None:
        return header[t]
    follow_up = _QNUM.sub("", header[t], count=1).lstrip(" .:)–-")
    return f"{header[closed]} {follow_up}"


_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?"
                      r"\s*([ap])?\.?m?\.?)?$", re.I)


def _date_order(values: list[str], ctx: ReadContext, column: str) -> str:
    """"day" or "month" first for a column of slashed dates, decided from its values.

    ``--dayfirst``/``--monthfirst`` decide when given. A value whose first number
    is over 12 settles "day", its second over 12 "month"; a column where neither
    ever happens is ambiguous, read day-first (as UK tools write) with a warning.
    """
    if ctx.options.date_order:
        return ctx.options.date_order
    firsts = [m for m in (_SLASHED.match(v.strip()) for v in values) if m]
    day = any(int(m.group(1)) > 12 for m in firsts)
    month = any(int(m.group(2)) > 12 for m in firsts)
    if day and month:
        ctx.warn(f"column {column!r} mixes day-first and month-first dates; read day-first "
                 "(give --monthfirst if that is wrong)")
    if month and not day:
        return "month"
    if firsts and not day:
        us_clock = any(m.group(7) for m in firsts)  # a 12-hour clock goes with US-style dates
        guess, other = ("month", "--dayfirst") if us_clock else ("day", "--monthfirst")
        ctx.warn(f"column {column!r}: dates such as {firsts[0].group(0)!r} could be day-first or "
                 f"month-first; read {guess}-first: give {other} if that is wrong")
        return guess
    return "day"


def _slashed_date(value: str, order: str) -> str | None:
    """ISO 8601 from ``3/14/24 9:05:11`` or ``03/04/2024 09:15:10 AM`` in the given order."""
    from datetime import datetime

    m = _SLASHED.match(value.strip())
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day, month = (a, b) if order == "day" else (b, a)
    year += 2000 if year < 100 else 0
    hour, minute, second = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
    if m.group(7):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(7).lower() == "p" else 0)
    try:
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return when.isoformat() if m.group(4) else when.date().isoformat()


def source_title(path: Path) -> str:
    """A consultation's default title: the file name without extension (CSV and XLSX agree)."""
    return re.sub(r"[_]+", " ", path.stem).strip() or path.name


_SUBHEADERS = frozenset({"response", "open-ended response", "other (please specify)", "comments", "answer"})
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"')
_BLANK_HEADER = re.compile(r"^column \d+$")  # what unique_header calls a blank header cell


def merge_header_rows(header: list[str], sample: list[Row]) -> tuple[list[str], list[Row]]:
    """Survey tools that write the header over two or three rows, merged into one.

    Qualtrics writes short names, then the question texts, then ``{"ImportId": ...}``;
    SurveyMonkey and SmartSurvey write the question, then a row of sub-labels
    ("Response", "Open-Ended Response", choice names) with blank metadata cells.
    Returns the merged header and the sample without the header rows.
    """
    rows = [cells for _n, _l, cells in sample[:2]]
    if len(rows) == 2 and any(_IMPORT_ID.match(c.strip()) for c in rows[1]):
        # keep Qualtrics' question codes (Q3) in front of the texts: they become question ids
        merged = [f"{name}. {text.strip()}" if re.match(r"^Q\d+$", name) and text.strip() else (text.strip() or name)
                  for name, text in zip(header, rows[0], strict=False)]
        return unique_header(merged), sample[2:]
    if rows and _is_subheader(rows[0]):
        merged, parent = [], ""
        for name, raw in zip(header, rows[0], strict=False):
            parent = parent if _BLANK_HEADER.match(name) and parent else name
            sub = raw.strip()
            merged.append(parent if not sub or sub.casefold() in ("response", "open-ended response")
                          else f"{parent} - {sub}")
        return unique_header(merged), sample[1:]
    return header, sample


def _is_subheader(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return (bool(filled) and not cells[0].strip() and all(len(c) <= 80 for c in filled)
            and any(c.casefold() in _SUBHEADERS for c in filled))


def records_from_table(table: Table, ctx: ReadContext) -> Iterator[Record]:
    """Consultation answers from a table (see the module docstring)."""
    sample = list(islice(table.rows, _SAMPLE_ROWS))
    header, sample = merge_header_rows(table.header, sample)
    table = Table(header, table.rows, table.kind)
    roles = _detect(table.header, sample, ctx)
    qids = _question_ids(table.header, roles)
    title = ctx.options.source_title or source_title(ctx.path)
    source = Source(title=title, kind="consultation", url=ctx.options.source_url)
    if roles.id is None and roles.email is None:
        ctx.warn("no respondent id column found; respondents are numbered by row "
                 "(name the id column with --id-column for ids that survive re-export)")
    cell = lambda cells, i: cells[i].strip() if i is not None else ""  # noqa: E731 - local shorthand
    order = "day"
    if roles.date is not None:
        order = _date_order([cells[roles.date] for _n, _l, cells in sample], ctx, table.header[roles.date])

    def posted_at(value: str, line: int) -> str | None:
        return _slashed_date(value, order) if _SLASHED.match(value) else ctx.date(value, line)

    def person(cells: list[str]) -> str | None:
        """The respondent's name: a name column, else first and last name joined (either alone will do)."""
        parts = [cell(cells, roles.first), cell(cells, roles.last)]
        return cell(cells, roles.name) or " ".join(p for p in parts if p) or None

    def identity(cells: list[str]) -> str | None:
        email = cell(cells, roles.email)
        return email if "@" in email else None  # Microsoft Forms writes "anonymous"

    paired = set(roles.closed_for.values())
    # breakdown fields, and ratings no free text explains: kept with each answer as a JSON object
    described = [role for _c, role, _e in ctx.columns]
    kept = [i for i, role in enumerate(described) if role == "category" or (role == "closed" and i not in paired)]

    ratings = [i for i in kept if described[i] == "closed"]

    def attributes(cells: list[str], which: list[int] = kept) -> str | None:
        found = {table.header[i]: cells[i].strip() for i in which if cells[i].strip()}
        return json.dumps(found, ensure_ascii=False) if found else None

    categories = [i for i in kept if i not in ratings]
    for row, line, cells in chain(sample, table.rows):
        respondent = cell(cells, roles.id) or identity(cells) or f"row-{row}"
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
            closed = cell(cells, roles.closed_for.get(t)) or None
            question = cell(cells, roles.question)
            qid = _row_question_id(question) if question else qids[t]
            yield Record(
                source=source, kind="consultation_answer", text=answer,
                key=f"{respondent}|{qid}", native_id=f"{respondent}|{qid}",
                author=person(cells) or identity(cells), posted_at=posted_at(cell(cells, roles.date), line),
                question_id=qid, question=question or _question_text(table.header, roles, t),
                respondent_id=respondent, respondent_type=cell(cells, roles.type) or None,
                organisation=cell(cells, roles.org) or None, closed_answer=closed, attributes=attributes(cells),
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
    refuse_voices_output(table.header, path)  # checked when sniffed; --format consultation must not store one
    yield from records_from_table(table, ctx)
