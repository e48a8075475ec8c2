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
    parts = [f"n = {d.n} with a confident stance"]
    if d.uncertain:
        parts.append(f"{d.uncertain} uncertain (counted apart)")
    if d.not_english:
        parts.append(f"{d.not_english} not in English (not classified)")
    if d.unclassified:
        parts.append(f"{d.unclassified} not yet classified")
    if d.human_labelled:
        parts.append(f"{d.human_labelled} human-labelled")
    if d.campaign_copies:
        parts.append(f"{d.campaign_copies} campaign copies counted once")
    return "; ".join(parts)


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
