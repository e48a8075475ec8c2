"""The report formats: which exist, which are redacted by default, and the renderer each one uses.

The rendering side of ``report/``: it turns a built ``ReportData`` into text and never reads
predictions (``voices.report.build`` makes the data).
"""

from __future__ import annotations

from voices.errors import InputError
from voices.report.data import ReportData

FORMATS = ("table", "md", "html", "csv", "json")
# Formats people circulate: redacted unless asked not to.
REDACT_BY_DEFAULT = frozenset({"md", "html"})


def render(report: ReportData, fmt: str = "md") -> str:
    """Render a report as ``table`` (plain text), ``md``, ``html``, ``csv`` or ``json``.

    Raises
    ------
    InputError
        An unknown format.
    """
    if fmt == "table":
        from voices.report.table import render_text

        return render_text(report)
    if fmt == "md":
        from voices.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from voices.report.html import render_html

        return render_html(report)
    if fmt == "csv":
        from voices.report.machine import render_csv

        return render_csv(report)
    if fmt == "json":
        from voices.report.machine import render_json

        return render_json(report)
    raise InputError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def default_redaction(fmt: str, redact: bool | None) -> bool:
    """Whether a format is redacted: ``md``/``html`` unless ``--no-redact``, others only with ``--redact``."""
    return fmt in REDACT_BY_DEFAULT if redact is None else redact
