"""The terminal report: rich tables (the default on a terminal).

``renderables`` gives rich objects for the CLI to print with colour; ``render_text``
gives the same as plain text (for ``--out`` or a pipe). rich is imported inside the
functions; comment text is passed to rich as ``Text`` (never parsed as console markup).
"""

from __future__ import annotations

from typing import Any

from voices.report import _format as fmt
from voices.report.data import CrossTable, Distribution, ReportData
from voices.terminal_text import strip_controls

# A terminal report is for reading: long lists show their first rows and say where the rest is
# (drawing 2,872 campaign rows with rich took 1.5-6 s of a 20,000-comment ``voices classify``).
TERMINAL_ROWS = 10


def _table(title: str, header: list[str], rows: list[list[object]], caption: str | None = None) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(strip_controls(title), style="bold"),
                  caption=Text(strip_controls(caption)) if caption else None,
                  caption_justify="left", title_justify="left", expand=False)
    for i, h in enumerate(header):
        table.add_column(Text(h), justify="left" if i == 0 else "right", overflow="fold")
    for row in rows:
        table.add_row(*(Text(strip_controls(str(c))) for c in row))
    return table


def _dist(r: ReportData, d: Distribution) -> Any:
    rows = [[r.name(s.stance), s.count, fmt.pct(s.share), fmt.interval(s.ci_low, s.ci_high), fmt.pct(s.adjusted_share)]
            for s in d.rows]
    caption = fmt.counted_apart(d) + (f". Note: {d.adjusted_note}" if d.adjusted_note else "")
    return _table(f"Stance — {d.title}", ["stance", "count", "share", "95% CI", "corrected"], rows, caption)


def _cross(r: ReportData, t: CrossTable) -> Any:
    return _table(t.title, [t.row_name, *(fmt.column_name(r, c) for c in t.columns)],
                  [[row, *counts] for row, counts in zip(t.rows, t.counts, strict=True)])


def _text_table(title: str, header: list[str], rows: list[list[object]], what: str | None = None) -> Any:
    """A left-aligned table; given ``what`` (plural noun), only its first ``TERMINAL_ROWS`` rows."""
    caption = None
    if what is not None and len(rows) > TERMINAL_ROWS:
        caption = (f"and {len(rows) - TERMINAL_ROWS:,} more {what} ({len(rows):,} in all): "
                   "see voices report --format csv or md")
        rows = rows[:TERMINAL_ROWS]
    table = _table(title, header, rows, caption)
    for col in table.columns:
        col.justify = "left"
    return table


def renderables(report: ReportData) -> list[Any]:
    """The report as a list of rich renderables, in reading order."""
    from rich.text import Text

    r = report
    out: list[Any] = [Text(strip_controls(r.title), style="bold underline"), Text(strip_controls(fmt.summary_line(r))),
                      *_about(r), *([Text(pooled)] if (pooled := fmt.pooled_note(r)) else []),
                      _dist(r, r.overall), Text(fmt.adjusted_explained(r))]
    if len(r.per_source) > 1:
        out += [_dist(r, d) for d in r.per_source]
    if (none := fmt.no_themes(r)) and not r.themes:
        out.append(none)
    if r.themes:
        cols = list(r.themes[0].by_stance)
        out.append(_table(f"Themes (share of {r.themes_n} classified)",
                          ["theme", "count", "share", "95% CI", *(fmt.column_name(r, c) for c in cols)],
                          [[r.name(t.theme), t.count, fmt.pct(t.share), fmt.interval(t.ci_low, t.ci_high), *t.by_stance.values()]
                           for t in r.themes]))
    out += _theme_evidence(r)
    quotes = [[r.name(q.stance), q.text, fmt.quote_credit(q), q.doc_id] for qs in r.quotes.values() for q in qs]
    if quotes:
        out.append(_text_table("Representative quotes", ["stance", "quote", "by", "document"], quotes))
    d = r.dynamics
    if d.replies:
        out.append(Text(f"Thread dynamics: of {d.replies} replies, {d.same} same stance as their parent, "
                        f"{d.different} different, {d.not_comparable} not comparable."))
        if d.contested:
            out.append(_text_table("Most contested sub-threads", ["thread start", "by", "replies", "disagreeing"],
                                   [[f"{c.root_id} {c.snippet}", c.author or "", c.replies, c.different] for c in d.contested]))
    if r.consultation is not None:
        c = r.consultation
        own, rest = fmt.question_tables(c)
        for i, q in enumerate(c.questions, 1):
            out.append(_table(f"Question {i}: {q.text}", ["stance", "count", "share", "95% CI"],
                              [[r.name(x.stance), x.count, fmt.pct(x.share), fmt.interval(x.ci_low, x.ci_high)] for x in q.rows],
                              fmt.question_note(q)))
            out += [_cross(r, t) for t in own.get(q.key, [])]
        out += [_cross(r, t) for t in rest]
        if c.disagreements:
            out.append(_text_table("Closed answer and free text disagree", ["document", "ticked", "text argues", "text"],
                                   [[x.doc_id, x.closed_answer, r.name(x.stance), x.snippet] for x in c.disagreements],
                                   "answers"))
    if r.campaigns:
        out.append(_text_table("Campaign responses (counted once)", ["campaign", "size", "stance", "text"],
                               [[x.campaign_id, x.size, r.name(x.stance), x.snippet] for x in _largest(r.campaigns)],
                               "campaigns"))
    if r.by_month:
        out.append(_table("Stance over time", ["month", "n", *map(r.name, r.stance_labels)],
                          [[fmt.day(m.month), m.n, *(fmt.pct(m.shares[s], 0) for s in r.stance_labels)] for m in r.by_month],
                          fmt.undated_note(r)))
    review = r.review_low_confidence + r.review_flips
    if review:
        out.append(_text_table("For review (voices label DOC_ID --stance LABEL)",
                               ["document", "why", "stance", "confidence", "text"],
                               [[i.doc_id, i.reason, r.name(i.stance), fmt.prob(i.stance_probability), i.snippet]
                                for i in review]))
    out += _accuracy(r)
    out.append(_methods(r))
    return out


def _theme_evidence(r: ReportData) -> list[Any]:
    """A line per theme (where it comes up most, how to read its texts); the quotes are in md, html and voices quotes."""
    from rich.text import Text

    te = r.theme_evidence
    if te is None:
        return []
    lines = ["Evidence for each theme (quotes from every stance: voices quotes --theme NAME, or the md/html report)"]
    for t in te.themes:
        rows = t.shares.get("source", [])
        top = max(rows, key=lambda s: (s.share, s.key)) if rows else None
        where = f"; most in {fmt.theme_share_line('source', [top]).split(': ', 1)[1]}" if top else ""
        lines.append(f"  {r.name(t.theme)}: {fmt.texts(t.count)}{where}")
    if te.discovered:
        lines.append(f"  Found but not in the scheme: {', '.join(d.name for d in te.discovered)} ({fmt.adopt_hint()})")
    return [Text(strip_controls("\n".join(lines)))]


def _largest(campaigns: list) -> list:
    """Campaigns by size, largest first (ties in report order): the ones worth reading first."""
    return sorted(campaigns, key=lambda x: -x.size)


def _about(r: ReportData) -> list[Any]:
    """The proposition and the stances' names and one-line definitions."""
    from rich.text import Text

    if r.scheme is None:
        return []
    lines = [f"About: {r.scheme.proposition}." if r.scheme.proposition else "About:"]
    lines += [f"  {x.name}: {fmt.first_sentence(x.definition)}" for x in r.scheme.stances]
    return [Text(strip_controls("\n".join(lines)))]


def _accuracy(r: ReportData) -> list[Any]:
    """The "How accurate on these texts" table (only with a labelled validation sample)."""
    if r.accuracy is None:
        return []
    from voices.report.accuracy import TITLE

    line, header, rows = fmt.named_accuracy_table(r)
    return [_table(TITLE, header, rows, caption=line)]


def _methods(r: ReportData) -> Any:
    from rich.text import Text

    lines = ["How this report was made", *fmt.plain_methods(r), "",
             f"Appendix: technical details — generated {fmt.day(r.methods.generated)}."]
    for m in r.methods.models:
        line = f"{m.task} model {m.model_id[:16]} ({m.documents} documents)"
        if m.training_data_hash:
            line += f"; training data {m.training_data_hash[:16]} (n = {m.training_n})"
        if m.abstain_threshold is not None:
            line += f"; abstention threshold {m.abstain_threshold:.2f}"
        if m.cv:
            line += f"; {fmt.cv_scores(m)} " + ", ".join(f"{k} {v}" for k, v in m.cv.items())
        line += f"; {fmt.other_writer_scores(m)}: " + (", ".join(f"{k} {v}" for k, v in m.cross_writer.items()) or "not measured")
        lines.append(line)
    lines.append(f"Human labels used: {fmt.human_labels_used(r)}. Not in English (unclassified): {r.not_english}.")
    lines += [f"Note: {n}" for n in r.methods.notes]
    return Text(strip_controls("\n".join(lines)))


def render_text(report: ReportData, width: int = 110) -> str:
    """The terminal report as plain text (no colour codes)."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False, legacy_windows=False)
    for item in renderables(report):
        console.print(item)
        console.print()
    return buf.getvalue()
