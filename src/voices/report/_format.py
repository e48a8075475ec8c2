"""Number and wording helpers every renderer shares, so all formats say the same thing."""

from __future__ import annotations

from voices.report.data import Distribution, ReportData


def pct(x: float | None, digits: int = 1) -> str:
    """0.4213 -> '42.1%'; None -> '–'."""
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def interval(low: float, high: float) -> str:
    """'35.1–49.0%'."""
    return f"{100 * low:.1f}–{100 * high:.1f}%"


def prob(x: float | None) -> str:
    return "human label" if x is None else f"{x:.2f}"


def counted_apart(d: Distribution) -> str:
    """The sentence saying what a distribution leaves out."""
    apart = ((d.uncertain, "uncertain (counted apart)"), (d.not_english, "not in English (not classified)"),
             (d.unclassified, "not yet classified"), (d.human_labelled, "human-labelled"),
             (d.campaign_copies, "campaign copies counted once"))
    return "; ".join([f"n = {d.n} with a confident stance", *(f"{n} {what}" for n, what in apart if n)])


def summary_line(r: ReportData) -> str:
    """One line on what the report covers."""
    src = f"{len(r.sources)} source{'s' if len(r.sources) != 1 else ''}"
    line = f"{r.documents} documents from {src}; generated {r.methods.generated}."
    if r.redacted:
        line += " Redacted: names, e-mail addresses, phone numbers and postcodes replaced; authors pseudonymised."
    return line


ADJUSTED_EXPLAINED = (
    "Corrected share: the raw shares adjusted for the model's known error rates (adjusted "
    "classify-and-count with the out-of-fold confusion matrix; uncertain items count by their best guess)."
)
