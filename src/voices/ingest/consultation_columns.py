"""Which column of a consultation export holds what: from its header, a sample of its values, or the options.

The respondent (id, type, organisation, name split over one or two columns, e-mail),
the date, the free-text answers and the closed question each answer explains, a
long-format export's ``Question`` column, breakdown categories, and what is ignored.
``describe`` gives the ``(column, role, examples)`` rows ``--preview`` shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from voices.errors import InputError
from voices.ids import ID_RULE, NAME_COLUMN_2, QNUM, RESPONDENT_ID_HEADER_2
from voices.ingest._tabular import Row
from voices.ingest.base import ReadContext, counted
from voices.ingest.consultation_values import (
    TEXT_HEADER,
    column_kind,
    copied_answers,
    is_category,
    looks_like_types,
    named_answers,
    repeats,
    unread,
)

_ID = re.compile(r"^(?:response|respondent|submission|unique|record|entry|user)?\s*(?:id|ref|reference|number|no\.?)$", re.I)
# a text column that explains the closed question before it, even when numbered on its own
_FOLLOW_UP = re.compile(r"\b(?:explain|why|reason|tell us more|comment|say more|give details|elaborate)\b", re.I)
# Both decide documents' ids (the respondent's, the question's number), so each id rule (``voices.ids``) keeps
# its own: a source stored under rule 1 is read with rule 1's patterns, or its answers would be stored twice.
# Rule 2: "respondent_id" and "Response-ID" name the id column, and "reasons" or "an explanation" explain.
_FOLLOW_UP_2 = re.compile(r"\b(?:explain|explanation|why|reasons?|tell us more|comment|say more|give details|elaborate)\b",
                          re.I)
_RULES: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {1: (_ID, _FOLLOW_UP), 2: (RESPONDENT_ID_HEADER_2, _FOLLOW_UP_2)}
_TYPE = re.compile(r"respondent type|(?:respond|submit|answer)\w*.*(?:individual|organi[sz]ation|behalf|capacity)", re.I)
# headers that name the respondent's type only when their values look like one (few distinct, short)
_TYPE_NAMES = re.compile(
    r"^(?:what is )?(?:your |respondent |job )?role\??$|^organi[sz]ation(?:al)? type$|"
    r"^type of (?:organi[sz]ation|respondent)$|^(?:your )?sector$|\bcapacity\b|^(?:are you )?responding as\b", re.I)
_ORG = re.compile(r"^organi[sz]ation(?: name)?$|name of (?:your |the )?organi[sz]ation|organi[sz]ation'?s? name", re.I)
_NAME = re.compile(r"^(?:full |your |respondent )?name$|^what is your (?:full )?name\??$", re.I)
# Rule 2 also reads the name as forms word it: "Your name (optional)", "Name of respondent", "Name:". The
# name is the author, not an id, but a renamed copy of a stored file is told by its authors
# (``voices.store.ingest_docs``), so a source stored under rule 1 keeps rule 1's narrower pattern.
_NAME_2 = re.compile(NAME_COLUMN_2, re.I)
_NAMES = {1: _NAME, 2: _NAME_2}


def rules_read_alike(columns: Iterable[str], questions: Iterable[str]) -> bool:
    """Whether rule 1 and rule 2 give the same ids to answers rule 1 read as ``columns`` and ``questions``.

    ``columns``: the headers of the columns rule 1 kept with an answer (its ``attributes``); ``questions``:
    its answers' questions. Rule 2 reads otherwise only a column rule 1 kept (a ``respondent_id`` header, the
    respondent id by rule 2; a name headed as forms word it, the author) and an unpaired question rule 2 may
    pair ("Please give reasons ...", which then takes the closed question's number). Without any of them,
    both rules read the file alike, so an export's rule-1 ids are the ones rule 2 gives the same file.
    """
    if any(RESPONDENT_ID_HEADER_2.search(c) or _NAME_2.search(c) for c in columns):
        return False
    return not any(_FOLLOW_UP_2.search(q) and not _FOLLOW_UP.search(q) for q in questions)
# SurveyMonkey's "First Name"/"Last Name", Qualtrics' "RecipientFirstName"/"RecipientLastName": joined, the author
_FIRST = re.compile(r"^(?:recipient ?|respondent |your )?(?:first ?name|forename|given ?name)$", re.I)
_LAST = re.compile(r"^(?:recipient ?|respondent |your )?(?:last ?name|surname|family ?name)$", re.I)
_EMAIL = re.compile(r"^(?:your |respondent |recipient ?)?e-?mail(?: address)?$|^what is your e-?mail(?: address)?\??$", re.I)
# When a response was completed (preferred for posted_at) and other timestamps survey tools add
_DONE = re.compile(r"^(?:submitted|submission (?:date|time)|date submitted|completion ?time|completed|end ?(?:date|time)?|"
                   r"ended|recorded ?date|timestamp|date|submitted (?:at|on))$", re.I)
_DATE = re.compile(r"^(?:start(?:ed)? ?(?:date|time)?|last ?modified(?: time)?|modified|created|date (?:started|modified))$|"
                   + _DONE.pattern, re.I)
# Columns asking for a respondent's contact details: never documents nor breakdowns (a postcode or an address is
# personal data, and as text every report would quote it), not stored at all; said when they hold anything
_CONTACT = re.compile(
    r"^(?:(?:your |full |postal |home |contact )?(?:address|post ?code|(?:tele)?phone(?: number)?|mobile(?: number)?)"
    r"(?: \(optional\))?:?)$"
    r"|\b(?:your (?:full |postal |home )?address|name and (?:postal |home )?address|address and post ?code|"
    r"your post ?code|contact details|your (?:tele)?phone(?: number)?|your mobile(?: number)?)\b",
    re.I,
)
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


@dataclass
class Roles:
    """The column index of each role (``None`` when no column has it)."""

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
    # text columns read only as copies make their answers repeat (``copied_answers``): voices before walk37 left
    # them out, so a source it stored lacks their answers (``voices.ingest.file_loader`` says so when they come)
    copied: set[int] = field(default_factory=set)
    # columns of written answers left out, said with their count once the file is read (``unread``)
    unread: list[tuple[int, str, str, str]] = field(default_factory=list)


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


def detect_roles(header: list[str], sample: list[Row], ctx: ReadContext, rule: int = ID_RULE) -> Roles:
    """Each column's role, from ``--mapping`` when given, else the options, headers and sampled values.

    ``rule``: the id rule (``voices.ids``) of the source the file goes into, whose patterns find the
    respondent id column and the explanations paired with a closed question. Sets ``ctx.columns``
    (as ``describe``); no free-text column is an ``InputError``.
    """
    id_header = _RULES[rule][0]
    if ctx.options.mapping:
        return _mapped(header, sample, ctx, rule)
    opts = ctx.options
    roles = Roles()
    pick = lambda flag, value, pattern: (  # noqa: E731 - local shorthand
        _find(header, value, ctx, flag) if value
        else next((i for i, h in enumerate(header) if pattern.search(h)), None)
    )
    roles.id = pick("--id-column", opts.id_column, id_header)
    roles.type = pick("--respondent-type-column", opts.respondent_type_column, _TYPE)
    if roles.type is None:
        roles.type = next((i for i, h in enumerate(header) if _TYPE_NAMES.search(h.strip())
                           and looks_like_types([cells[i] for _n, _l, cells in sample])), None)
    roles.org = pick("--organisation-column", opts.organisation_column, _ORG)
    roles.name = next((i for i, h in enumerate(header) if _NAMES[rule].search(h)), None)
    roles.first = next((i for i, h in enumerate(header) if _FIRST.search(h)), None)
    roles.last = next((i for i, h in enumerate(header) if _LAST.search(h)), None)
    roles.email = next((i for i, h in enumerate(header) if _EMAIL.search(h)), None)
    roles.date = next((i for i, h in enumerate(header) if _DONE.search(h)), None)
    if roles.date is None:
        roles.date = next((i for i, h in enumerate(header) if _DATE.search(h)), None)
    contact = {i for i, h in enumerate(header) if _CONTACT.search(h.strip())}
    roles.meta = {i for i, h in enumerate(header) if _META.search(h) or _DATE.search(h)} | contact
    for i in sorted(contact - {roles.email, roles.name}):
        if any(cells[i].strip() for _n, _l, cells in sample):
            ctx.warn(f"column '{header[i]}': contact details (an address or phone number), not stored")
    taken = {roles.id, roles.type, roles.org, roles.name, roles.first, roles.last, roles.email, roles.date} - {None} | roles.meta
    kinds = {i: column_kind([cells[i] for _n, _l, cells in sample]) for i in range(len(header))}
    copied = {i for i, k in kinds.items()
              if k == "other" and copied_answers(header[i], [cells[i] for _n, _l, cells in sample])}
    kinds.update(dict.fromkeys(copied, "text"))
    if opts.text_columns:
        roles.text = [_find(header, t, ctx, "--text-column") for t in opts.text_columns]
    else:
        roles.text = [i for i, k in kinds.items() if k == "text" and i not in taken]
        roles.copied = copied & set(roles.text)
    if not roles.text:  # short answers ("Pay is poor", "Yes") under a header that names them
        roles.text = [i for i, h in enumerate(header) if i not in taken and kinds[i] != "closed"
                      and TEXT_HEADER.search(h.strip()) and named_answers(h, [cells[i] for _n, _l, cells in sample])]
    if not roles.text:
        raise InputError(
            f"{ctx.name}: no free-text column found (columns found: {'; '.join(header)}): "
            "name the answer columns with --text-column, or use --format records with --text-field"
        )
    _pair(header, roles, kinds, ctx, rule)
    if len(roles.text) == 1:  # one answer column: a "Question" column says which question each row answers
        roles.question = next((i for i, h in enumerate(header) if _QUESTION_COLUMN.match(h) and i not in taken
                               and i not in roles.text and i not in roles.closed_for.values()
                               and repeats([cells[i] for _n, _l, cells in sample])), None)
    taken.add(roles.question)
    roles.category = {i for i, k in kinds.items() if k == "other" and i not in taken and i not in roles.text
                      and i not in roles.closed_for.values() and is_category(sample, i)}
    ctx.columns = describe(header, roles, kinds, sample)
    roles.unread = unread(ctx.columns, sample, roles.meta)
    return roles


def describe(header: list[str], roles: Roles, kinds: dict[int, str], sample: list[Row]) -> list[tuple[str, str, list[str]]]:
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


def _mapped(header: list[str], sample: list[Row], ctx: ReadContext, rule: int) -> Roles:
    """Roles as a ``--mapping`` file gives them (every named column must exist)."""
    roles = Roles()
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
        ctx.warn(f"the mapping does not name {counted(len(unnamed), 'column')}, ignored: {'; '.join(unnamed[:8])}")
    roles.meta |= {i for i in range(len(header)) if i not in named}
    if not roles.text:
        raise InputError(f"{ctx.name}: the mapping names no text column: give at least one column the role \"text\"")
    kinds = {i: ("closed" if i in closed else "other") for i in range(len(header))}
    _pair(header, roles, kinds, ctx, rule)  # the same adjacency and numbering rules as detection
    ctx.columns = describe(header, roles, kinds, sample)
    return roles


def _pair(header: list[str], roles: Roles, kinds: dict[int, str], ctx: ReadContext, rule: int) -> None:
    """Pair each free-text column with its closed question (the follow-up words are ``rule``'s)."""
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
            if (own is not None and own == before) or _RULES[rule][1].search(header[t]):
                # an explanation of the question before it; "Q2 rating" never pairs with "Q3 What..."
                roles.closed_for[t] = t - 1


def _qnum(name: str) -> str | None:
    m = QNUM.match(name)
    return re.sub(r"\D", "", m.group(1)) if m else None
