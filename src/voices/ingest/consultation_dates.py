"""Dates in a consultation export's date column: slashed dates (``3/14/24 9:05``) read day- or month-first.

Which order a column is in is decided once from its sampled values (``date_order``), or by
``--dayfirst``/``--monthfirst``; each value is then read in that order (``slashed_date``).
Other date shapes are left to ``ReadContext.date``.
"""

from __future__ import annotations

import re

from voices.ingest.base import ReadContext

SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?"
                      r"\s*([ap])?\.?m?\.?)?$", re.I)


def date_order(values: list[str], ctx: ReadContext, column: str) -> str:
    """"day" or "month" first for a column of slashed dates, decided from its values.

    ``--dayfirst``/``--monthfirst`` decide when given. A value whose first number
    is over 12 settles "day", its second over 12 "month"; a column where neither
    ever happens is ambiguous, read day-first (as UK tools write) with a warning.
    """
    if ctx.options.date_order:
        return ctx.options.date_order
    firsts = [m for m in (SLASHED.match(v.strip()) for v in values) if m]
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


def slashed_date(value: str, order: str) -> str | None:
    """ISO 8601 from ``3/14/24 9:05:11`` or ``03/04/2024 09:15:10 AM`` in the given order."""
    from datetime import datetime

    m = SLASHED.match(value.strip())
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
