"""What every reader shares: the options of an ingest call and the context a reader reports into.

A reader is a generator ``read(path, ctx) -> Iterator[Record]``. It yields records
in document order (parents before replies), raises ``InputError`` naming the file
and line for input it refuses, and reports what it skipped or repaired through
``ctx`` rather than by printing or logging alone.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.errors import InputError, json_kind

if TYPE_CHECKING:
    from voices.ingest.encoding import Decoded

log = logging.getLogger(__name__)

_MAX_DATE_WARNINGS = 3
MAX_TEXT_CHARS = 100_000  # a long letter is ~20,000; past this it is a paste gone wrong
FORMATS: tuple[str, ...] = ("auto", "textpage", "wxr", "html", "consultation", "records", "voices",
                            "guardian", "disqus", "mumsnet", "reddit", "wordpress-com", "generic")


STDIN_SPOOL_PREFIX = "voices-stdin-"  # the folder standard input is copied into (readers read twice)
STDIN_SPOOL_NAMES = ("stdin", "stdin.jsonl", "stdin.xlsx")  # the copy's names (``inputs.spooled_stdin``)


def shown_path(path: Path) -> str:
    """A file as messages name it: ``-`` for the copy of standard input, else the path.

    >>> shown_path(Path("/tmp/voices-stdin-x1/stdin")), shown_path(Path("a/stdin"))
    ('-', 'a/stdin')
    """
    if path.parent.name.startswith(STDIN_SPOOL_PREFIX) and path.name in STDIN_SPOOL_NAMES:
        return "-"
    return str(path)


def counted(n: int, noun: str) -> str:
    """A count and its noun, singular for one, as voices' messages say it (not "1 text(s)").

    >>> counted(1, "formula cell"), counted(2, "labelled document"), counted(0, "text")
    ('1 formula cell', '2 labelled documents', '0 texts')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class IngestOptions:
    """How to read the inputs of one ``ingest_paths`` call.

    Parameters
    ----------
    format : str
        One of ``FORMATS``; ``"auto"`` sniffs each file.
    source_title, source_url : str or None
        Override the title and URL a reader finds (or fill them in).
    include_unapproved : bool
        WordPress: take comments awaiting moderation too.
    id_column : str or None
        Consultation respondent id column, or the record id field.
    text_columns : tuple of str
        Consultation free-text columns (detected when empty).
    closed_columns : tuple of str
        Consultation closed columns, each ``NAME`` (paired with the text column
        right after it) or ``NAME=TEXT COLUMN``.
    respondent_type_column, organisation_column : str or None
        Consultation column roles (detected when absent).
    text_field, author_field, date_field, parent_field, source_field : str or None
        Generic records: which fields hold these (``text``, ``author``... by default).
    batch_size : int
        Documents per write to the corpus (bounds memory).
    max_text_chars : int
        Longest text accepted; a longer one refuses the call, naming its row.
    date_order : str or None
        ``"day"`` or ``"month"``: how to read slashed dates such as 03/04/2024
        (decided per column from its values when ``None``).
    mapping : tuple of (column, role) or None
        Consultation column roles from a mapping file (``voices.ingest.mapping``);
        when given, nothing is detected.
    replace : bool
        A source already in the corpus keeps only the documents this call's files
        hold: the rest are removed, with their predictions and caches.
    drop_labels : bool
        With ``replace``: removed documents may take their human labels with them
        (otherwise such a call is refused).
    as_of : str or None
        ISO 8601 date (or date and time) a page was copied: relative times such
        as "2 days ago" are counted back from it (left undated when ``None``).
    readmit_erased : bool
        Store documents ``voices delete`` erased from this corpus earlier, and take
        them off its suppression list (otherwise they are skipped and counted).
    keep_export_ids : bool
        A voices export's answers that a source stored here under another id rule lacks are
        stored under the export's ids (otherwise counted as ``not_added_other_rule``), and recorded:
        a later ingest of the source's own file, whose ids differ, counts each as stored
        (``voices.store.export_kept``).
    """

    format: str = "auto"
    source_title: str | None = None
    source_url: str | None = None
    include_unapproved: bool = False
    id_column: str | None = None
    text_columns: tuple[str, ...] = ()
    closed_columns: tuple[str, ...] = ()
    respondent_type_column: str | None = None
    organisation_column: str | None = None
    text_field: str | None = None
    author_field: str | None = None
    date_field: str | None = None
    parent_field: str | None = None
    source_field: str | None = None
    batch_size: int = 5000
    max_text_chars: int = MAX_TEXT_CHARS
    date_order: str | None = None
    mapping: tuple[tuple[str, str], ...] | None = None
    replace: bool = False
    drop_labels: bool = False
    as_of: str | None = None
    readmit_erased: bool = False
    keep_export_ids: bool = False


@dataclass
class ReadContext:
    """Where a reader reports warnings and skipped items for one file."""

    path: Path
    options: IngestOptions
    warnings: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    #: consultation exports: answer cells left empty (no document, and no skip either: nothing was written)
    blank: int = 0
    bad_dates: int = 0
    #: consultation exports: ``(column, role, examples)`` as detected or mapped (``--preview``)
    columns: list[tuple[str, str, list[str]]] = field(default_factory=list)
    #: consultation exports: ``(source, respondent id, breakdown fields, ratings)`` of every
    #: respondent, free text or not (JSON objects or None), for ``voices.store`` ``responses``
    respondents: list[tuple[Any, str, str | None, str | None]] = field(default_factory=list)
    #: the id rule a source id's documents are made under (``voices.ids``): the stored source's own, else
    #: the newest; None (nothing stored to ask) gives the newest
    rule_of: Callable[[str], int] | None = None
    #: the id rule each source this file gave was read under, by source id (``--json``, ``--preview``)
    id_rules: dict[str, int] = field(default_factory=dict)
    #: which of some document ids the corpus holds (None: no corpus), to tell the rule of a source whose
    #: documents a voices export brought (``voices.ids.ANY_ID_RULE``)
    stored_ids: Callable[[list[str]], set[str]] | None = None
    #: for a new source (or a pipe into "stdin", ``piped``): the older id rule of a stored source holding every
    #: answer a sample of the file gives as that rule reads it (``reading(rule)``), else None; without it a new
    #: source takes the newest rule
    part_rule: Callable[[str, Callable[[int], list[Any]], bool], int | None] | None = None
    #: a trial reading (another id rule's): warnings are kept here, not logged
    quiet: bool = False
    #: (source id, question id) -> the question id an older reading gave those answers (a merged question
    #: cell's explanations, ``voices.ingest.consultation``): an answer erased under that one stays out
    read_before: dict[tuple[str, str], str] = field(default_factory=dict)
    #: source id -> the rows (``stored_row``'s) an older reading gave a merged question cell's labels row, read as a
    #: respondent's answers ahead of the others: a renamed copy of a sheet stored so is a copy (``copied_source``)
    labels_before: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    #: the question ids of columns read only as copies make their answers repeat (``Roles.copied``): a source an
    #: older voices stored lacks their answers, and ingest says why they are added now
    copied_questions: set[str] = field(default_factory=set)

    def id_rule(self, source: Any) -> int:
        """The id rule to read ``source``'s records under (the one its stored documents were made under)."""
        from voices.ids import ID_RULE, source_id

        sid = source_id(source)
        if sid not in self.id_rules:
            self.id_rules[sid] = self.rule_of(sid) if self.rule_of is not None else ID_RULE
        return self.id_rules[sid]

    @property
    def name(self) -> str:
        """The file name as messages show it (``-`` for standard input)."""
        return shown_path(self.path)

    def warn(self, message: str) -> None:
        """Record (and log) a warning about this file."""
        text = f"{self.name}: {message}"
        self.warnings.append(text)
        if not self.quiet:
            log.warning("%s", text)

    def date(self, value: object, line: int | None = None) -> str | None:
        """``iso_datetime(value)``, warning (for the first few) when a date cannot be read."""
        parsed = iso_datetime(value)
        if parsed is None and value is not None and str(value).strip():
            self.bad_dates += 1
            if self.bad_dates <= _MAX_DATE_WARNINGS:
                where = f"line {line}: " if line else ""
                last = self.bad_dates == _MAX_DATE_WARNINGS
                more = "; further unreadable dates are not reported" if last else ""
                self.warn(f"{where}{str(value).strip()[:40]!r} is not a date voices can read; posted_at "
                          f"left empty (use ISO 8601, e.g. 2024-03-01T14:05){more}")
        return parsed

    def note_decoded(self, decoded: Decoded) -> None:
        """Warn about what decoding the file repaired or guessed (``Decoded.nul_lines``, ``Decoded.warnings``)."""
        self.note_nuls(decoded.nul_lines)
        for message in decoded.warnings:
            self.warn(message)

    def note_nuls(self, lines: list[int]) -> None:
        """Warn that NUL characters were removed on these lines (text around them kept)."""
        if lines:
            shown = ", ".join(map(str, lines[:5])) + (" ..." if len(lines) > 5 else "")
            self.warn(f"NUL characters removed (line {shown}); the text around them is kept")


def refuse_non_text(value: object, what: str, line: int | None, ctx: ReadContext) -> None:
    """Refuse a JSON object, list, number or boolean where a text belongs (never store a repr)."""
    if value is None or isinstance(value, str):
        return
    where = f"line {line}: " if line else ""
    raise InputError(f"{ctx.name}: {where}the {what} field holds {json_kind(value)}, not text: give it as a "
                     "JSON string (in quotes)")


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTH_RE = "|".join(_MONTHS + [m[:3] for m in _MONTHS] + ["Sept"])
_MONTH_NUM = {m.lower(): i for i, m in enumerate(_MONTHS, 1)} | {
    m[:3].lower(): i for i, m in enumerate(_MONTHS, 1)
} | {"sept": 9}
_WRITTEN = re.compile(
    rf"^(?:(?P<m1>{MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_RE})\.?,?\s+(?P<y2>\d{{4}}))"
    r"(?:,?\s+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})\s*(?P<ap>[ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)


def parse_written_date(text: str) -> str | None:
    """ISO 8601 local time from a date as pages print it, e.g. "November 30, 2017 at 1:59 pm".

    Returns ``None`` when ``text`` is not such a date.

    Examples
    --------
    >>> parse_written_date("November 30, 2017 at 1:59 pm")
    '2017-11-30T13:59:00'
    >>> parse_written_date("4 Dec 2017 18:12")
    '2017-12-04T18:12:00'
    """
    m = _WRITTEN.match(text.strip())
    if not m:
        return None
    month = _MONTH_NUM[(m["m1"] or m["m2"]).lower()]
    day, year = int(m["d1"] or m["d2"]), int(m["y1"] or m["y2"])
    hour, minute = int(m["h"] or 0), int(m["mi"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    try:
        when = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    return when.isoformat() if m["h"] else when.date().isoformat()


_DAY_FIRST = tuple(
    f"{day}{sep}{time}".strip()
    for day in ("%d/%m/%Y", "%d/%m/%y", "%Y/%m/%d", "%d.%m.%Y", "%d-%m-%Y")
    for sep, time in (("", ""), (" ", "%H:%M"), (" ", "%H:%M:%S"))
)
_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")


def iso_datetime(value: object) -> str | None:
    """A date/time cell or field as ISO 8601, keeping any offset it gives.

    Reads ISO 8601, UK day-first dates (``01/03/2024 14:05``), ``2024/03/01``,
    RFC 2822 (``Fri, 01 Mar 2024 14:05:00 +0000``), Google Forms downloads
    (``2024/03/01 2:05:00 PM GMT+1``), dates as pages print them and
    Unix timestamps (UTC). Returns ``None`` when blank or not a date it can read,
    so ``posted_at`` always holds ISO 8601 (``ReadContext.date`` warns about those).

    Examples
    --------
    >>> iso_datetime("01/03/2024 14:05")
    '2024-03-01T14:05:00'
    >>> iso_datetime("yesterday") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()  # a date
    text = str(value).strip()
    if not text:
        return None
    candidate = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
        return parsed.date().isoformat() if len(candidate) == 10 else parsed.isoformat()
    except ValueError:
        pass
    for fmt in _DAY_FIRST:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.isoformat() if "%H" in fmt else parsed.date().isoformat()
    return parse_written_date(text) or _google_forms_time(text) or _other_datetime(text)


# Google Forms' own CSV download ("Download responses") writes "2024/04/03 9:12:01 AM GMT+1".
_FORMS_TIME = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) ([AP])M"
                         r"(?: (?:GMT|UTC)(?:([+-])(\d{1,2})(?::(\d{2}))?)?)?$", re.I)


def _google_forms_time(text: str) -> str | None:
    """ISO 8601, with the offset given, from a Google Forms download's timestamp, else ``None``."""
    m = _FORMS_TIME.match(text)
    if not m or not 1 <= int(m[4]) <= 12:
        return None
    zone = None
    if " " in text[m.end(7):]:  # a zone was written: GMT alone is +00:00
        offset = timedelta(hours=int(m[9] or 0), minutes=int(m[10] or 0))
        zone = timezone(-offset if m[8] == "-" else offset)
    hour = int(m[4]) % 12 + (12 if m[7].upper() == "P" else 0)
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), hour, int(m[5]), int(m[6]), tzinfo=zone).isoformat()
    except ValueError:
        return None


def _other_datetime(text: str) -> str | None:
    """RFC 2822 dates and Unix timestamps (seconds, or milliseconds), else ``None``."""
    if _EPOCH.match(text):
        seconds = float(text) / (1000 if len(text) >= 12 and "." not in text else 1)
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
