"""The date in a pasted comment's header, as the page writes it.

In words ("November 30, 2017 at 1:59 pm"), in numbers ("30/11/2017 at 13:59", "2017-11-30 13:59",
"30.11.2017 13:59"; a two-digit year is this century's, "30/11/17") or relative ("3 days ago", "yesterday").
Not read as a date, a header's date went into its author's name and the comment was stored undated. Slashed and
dotted dates are read in one order for the page: ``--dayfirst``/``--monthfirst`` when given, else month-first only
when a date of the page can be no other (11/30/2017), else day-first, as a UK page writes them; those that could
be read either way are said. Relative times date nothing (ids hash dates, and a page copied again says "4 days
ago"): their comments are stored undated, said once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from voices.ingest.base import ReadContext, parse_written_date
from voices.ingest.consultation_dates import SLASHED, slashed_date

_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?"
#: what a header's date may be besides one in words (``voices.ingest.base.MONTH_RE``'s)
NUMERIC = rf"(?:\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}){_TIME}"
RELATIVE = (r"(?:(?:\d{1,4}|an?|one)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago"
            r"|yesterday|today|just\s+now)")
_RELATIVE = re.compile(rf"^{RELATIVE}$", re.IGNORECASE)
_AT = re.compile(r",?\s+(?:at\s+)?")
_UNWORDED = re.compile(rf"^(?:{NUMERIC}|{RELATIVE})$", re.IGNORECASE)


def _slashed(raw: str) -> re.Match[str] | None:
    return SLASHED.match(_AT.sub(" ", raw.strip(), count=1)) if raw[:1].isdigit() else None


class HeaderDates:
    """Reads a page's header dates in one order, and says what it could not tell.

    ``read`` a header's date, then ``taken(line)`` once that header starts a comment (a header-shaped line of a
    comment's text is not said); ``say`` the warnings, once per kind.
    """

    def __init__(self, dates: Callable[[], list[str]], ctx: ReadContext) -> None:
        self.order, self.settled = ctx.options.date_order or "day", ctx.options.date_order is not None
        self.witness: str | None = None  # a date of the page that can be read month-first only
        # the page's header dates, asked once its first slashed one comes (a page without pays no second pass)
        self._dates: Callable[[], list[str]] | None = None if self.settled else dates
        self._pending: tuple[int, str, str] | None = None  # (line, kind, raw) of the header just read
        self.said: dict[str, list[tuple[int, str, str | None]]] = {"bad": [], "relative": [], "either": [],
                                                                   "mixed": []}
        self.mixed: tuple[str, str] | None = None  # a month-first only and a day-first only date of the page
        self._iso: str | None = None

    def read(self, raw: str, line: int) -> str | None:
        """ISO 8601 from a header's date, or ``None`` (relative, or no date of the calendar)."""
        self._iso, kind = parse_written_date(raw), None
        m = _slashed(raw) if self._iso is None else None
        if m is not None:
            self._decide()
            self._iso = slashed_date(m[0], self.order)
            either = int(m[1]) <= 12 and int(m[2]) <= 12 and int(m[1]) != int(m[2])
            kind = "either" if either and not self.settled and self._iso else None
        elif self._iso is None and raw[:4].isdigit():
            self._iso = _iso_day(_AT.sub(" ", raw.strip(), count=1))
        if self._iso is None:
            kind = "relative" if _RELATIVE.match(raw.strip()) else "mixed" if m and self.mixed else "bad"
        self._pending = (line, kind, raw) if kind else None
        return self._iso

    def _decide(self) -> None:
        """Month-first when a date of the page can be no other and none is day-first only; asked once.

        A date that can be day-first only (30/11/2017) and none month-first only is the witness the ambiguity line
        names: "as a UK page writes them", with --monthfirst to try, it was said beside the page's own 30/11/2017.
        """
        if self._dates is None:
            return
        dates, self._dates = self._dates(), None
        month = next((d for d in dates if (m := _slashed(d)) and int(m[2]) > 12 >= int(m[1])), None)
        day = next((d for d in dates if (m := _slashed(d)) and int(m[1]) > 12 >= int(m[2])), None)
        if (month is None) != (day is None):
            self.order, self.witness = ("month", month) if month else ("day", day)
        elif month is not None and day is not None:  # read day-first, as set; the month-first only ones are said
            self.witness, self.mixed = day, (month, day)

    def taken(self, line: int) -> None:
        """The header read at ``line`` starts a comment: what its date could not tell is said."""
        if self._pending and self._pending[0] == line:
            self.said[self._pending[1]].append((line, self._pending[2], self._iso))
        self._pending = None

    def say(self, ctx: ReadContext) -> None:
        """One line per kind: the first line, how many, what was done and what to do."""
        bad, relative, either = self.said["bad"], self.said["relative"], self.said["either"]
        self._say_mixed(ctx)
        if bad:
            ctx.warn(f"line {bad[0][0]}: {len(bad)} comment header(s) whose date is no date of the calendar, stored "
                     "undated: correct each one's date and ingest the page again with --replace")
        if relative:
            ctx.warn(f"line {relative[0][0]}: {len(relative)} comment header(s) give only a relative time such as "
                     f"{relative[0][1]!r}: their authors are read, the comments stored undated: to date them, write "
                     "each one's date in its header ('30/11/2017 13:59') and ingest the page again with --replace")
        if either:
            line, raw, iso = either[0]
            why = f"as the page's {self.witness!r} is" if self.witness else "as a UK page writes them"
            flag, other = ("--dayfirst", "day") if self.order == "month" else ("--monthfirst", "month")
            ctx.warn(f"line {line}: {len(either)} comment header date(s) such as {raw!r} could be day- or "
                     f"month-first: read {self.order}-first ({iso}), {why}: if the page writes the {other} first, "
                     f"ingest it again with {flag} --replace")

    def _say_mixed(self, ctx: ReadContext) -> None:
        """The page mixes 11/30/2017 and 30/11/2017: which order was used, and the headers it left undated."""
        if self.mixed and self.said["mixed"]:
            month, day = self.mixed
            ctx.warn(f"line {self.said['mixed'][0][0]}: the page mixes month-first ({month!r}) and day-first "
                     f"({day!r}) dates: read {self.order}-first, {len(self.said['mixed'])} comment header(s) that can "
                     "be month-first only stored undated: write their dates day-first (or give --monthfirst) and "
                     "ingest the page again with --replace")


def list_item(date: str, shape: tuple[bool, bool], comments: tuple[bool, bool], numbered: bool = False) -> bool:
    """Whether a header-shaped line is an item of a list in a comment's text, not a header.

    ``shape`` is the line's (a time, a "#"), ``comments`` the page's numbered comments'; ``numbered``: the line
    opens with a number ("2."). Read as headers, "- Called the council yesterday" and "- Meeting 2017-12-05" in
    Ann's words were replies by "Called the council" and "Meeting", her next lines theirs; in a paste without
    indentation, "2. Consultation closes 30/11/2017" (or "November 30, 2017") was the page's comment 2 and Bob's
    comment 2 its words. A relative time has no clock: only the "#" is compared. A bullet dated in words is read
    as before these dates were (a page stored then gives the same documents). A numbered line dated in words or
    numbers is a list item only with neither a time nor a "#" where the page's numbered comments show one: a
    header that lost only its "#" in the paste ("2. Bob B November 30, 2017 at 3:59 pm") stays a header.
    """
    date = date.strip()
    if _RELATIVE.match(date):
        return shape[1] != comments[1]
    if numbered:
        return not any(shape) and any(comments)
    return bool(_UNWORDED.match(date)) and shape != comments


def _iso_day(text: str) -> str | None:
    """ISO 8601 from "2017-11-30 13:59" (or the date alone), else ``None``."""
    from datetime import datetime

    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            when = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return when.isoformat() if "%H" in fmt else when.date().isoformat()
    return None
