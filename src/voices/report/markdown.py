"""The Markdown report: for pasting into a paper or a briefing.

Comment text is data: every piece is HTML-escaped (a Markdown viewer renders raw
HTML) and Markdown's own markup characters are backslash-escaped, so a comment can
neither inject markup nor break a table.
"""

from __future__ import annotations

import html
import re

from voices.report import _format as fmt
from voices.report.data import CrossTable, Distribution, ReportData

# Inline markup that can change meaning mid-line (line-start markup never occurs: cells and quotes are prefixed).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def esc(text: object) -> str:
    """Safe inline Markdown for any text: HTML-escaped, markup escaped, one line."""
    if text is None:
        return ""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def _prose(text: str) -> str:
    """A sentence of ours that may hold `commands`: those stay code, the rest is escaped."""
    def plain(piece: str) -> str:  # esc() trims: keep the spaces around the code
        return (" " if piece[:1].isspace() else "") + esc(piece) + (" " if piece[-1:].isspace() else "")

    return "".join(f"`{piece}`" if i % 2 else plain(piece) for i, piece in enumerate(text.split("`")))


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out + [""]


def _distribution(r: ReportData, d: Distribution) -> list[str]:
    rows = [
        [esc(r.name(s.stance)), s.count, fmt.pct(s.share), fmt.interval(s.ci_low, s.ci_high), fmt.pct(s.adjusted_share)]
        for s in d.rows
    ]
    out = _table(["stance", "count", "share", "95% CI", "corrected share"], rows)
    out.append(f"{esc(fmt.counted_apart(d))}.")
    if d.adjusted_note:
        out.append(f"Note: {esc(d.adjusted_note)}.")
    return out + [""]


def _cross(r: ReportData, t: CrossTable) -> list[str]:
    return [f"**{esc(t.title)}**", ""] + _table(
        [esc(t.row_name)] + [esc(fmt.column_name(r, c)) for c in t.columns],
        [[esc(r)] + counts for r, counts in zip(t.rows, t.counts, strict=True)],
    )


def _about(r: ReportData) -> list[str]:
    """The proposition and every label's readable name and one-line definition, first."""
    if r.scheme is None:
        return []
    out = ["## What this report is about", ""]
    if r.scheme.proposition:
        out += [f"The texts were read for one debate: **{esc(r.scheme.proposition)}**. Each text takes one stance:", ""]
    out += [f"- **{esc(x.name)}**: {esc(fmt.first_sentence(x.definition))}" for x in r.scheme.stances] + [""]
    if r.scheme.themes:
        out += ["A text can also raise any of these themes:", ""]
        out += [f"- **{esc(x.name)}**: {esc(fmt.first_sentence(x.definition))}" for x in r.scheme.themes] + [""]
    elif none := fmt.no_themes(r):
        out += [esc(none), ""]
    return out


def _stance(r: ReportData) -> list[str]:
    pooled = fmt.pooled_note(r)
    out = ["## Stance", "", *([esc(pooled), ""] if pooled else []), *_distribution(r, r.overall), fmt.adjusted_explained(r), ""]
    if len(r.per_source) > 1:
        for d in r.per_source:
            out += [f"### {esc(d.title)}", "", *_distribution(r, d)]
    return out


def _themes(r: ReportData) -> list[str]:
    if fmt.no_themes(r) and not r.themes:  # said under "What this report is about": no empty section
        return []
    if not r.themes:
        return ["## Themes", "", "No themes tagged.", ""]
    cols = list(r.themes[0].by_stance)
    rows = [[esc(r.name(t.theme)), t.count, fmt.pct(t.share), fmt.interval(t.ci_low, t.ci_high)] + [t.by_stance[c] for c in cols]
            for t in r.themes]
    return ["## Themes", "", f"Share of {r.themes_n} classified documents; counts by stance.", "",
            *_table(["theme", "count", "share", "95% CI", *(esc(r.name(c)) for c in cols)], rows)]


def _theme_evidence(r: ReportData) -> list[str]:
    """Each theme's quotes from every stance and where it comes up; themes found but not in the scheme."""
    te = r.theme_evidence
    if te is None:
        return []
    out = ["## Evidence for each theme", "",
           "Quotes from every stance, including texts that take none, and the share of texts with the theme by group.", ""]
    for t in te.themes:
        out += [f"### {esc(r.name(t.theme))} ({fmt.texts(t.count)})", ""]
        out += [f"- {esc(fmt.theme_share_line(d, rows))}" for d, rows in t.shares.items()]
        out += [""] if t.shares else []
        for q in t.quotes:
            out += [f"> {esc(q.text)}", ">",
                    f"> — {esc(fmt.quote_credit(q))}; stance: {esc(r.name(q.stance))} (`{esc(q.doc_id)}`)", ""]
    if te.discovered:
        out += ["### Themes found in the texts but not in the scheme", "",
                _prose(f"From `voices themes discover`; {fmt.adopt_hint()}."), ""]
        out += [f"- `{esc(d.id)}` {esc(d.name)}: {fmt.texts(d.size)}; {esc(', '.join(d.terms))}" for d in te.discovered]
        out.append("")
    return out


def _quotes(r: ReportData) -> list[str]:
    out = ["## Representative quotes", ""]
    for stance, quotes in r.quotes.items():
        out += [f"### {esc(r.name(stance))}", ""]
        if not quotes:
            out += ["No confident examples.", ""]
        for q in quotes:
            out += [f"> {esc(q.text)}", ">", f"> — {esc(fmt.quote_credit(q))} (`{esc(q.doc_id)}`)", ""]
    return out


def _dynamics(r: ReportData) -> list[str]:
    d = r.dynamics
    if not d.replies:
        return []
    out = ["## Thread dynamics", "",
           f"Of {d.replies} replies: {d.same} take the same stance as the comment they answer, "
           f"{d.different} a different one, {d.not_comparable} are not comparable "
           "(either side has no position or is uncertain).", ""]
    if d.contested:
        out += ["Most contested sub-threads:", ""]
        out += _table(["thread start", "by", "replies", "disagreeing replies", "stances"],
                      [[f"`{esc(c.root_id)}` {esc(c.snippet)}", esc(c.author), c.replies, c.different,
                        esc(", ".join(f"{r.name(k)}: {v}" for k, v in c.stances.items()))] for c in d.contested])
    return out


def _consultation(r: ReportData) -> list[str]:
    c = r.consultation
    out: list[str] = []
    if c is not None:
        out += ["## Consultation", "", esc(fmt.answers_line(c)), ""]
        own, rest = fmt.question_tables(c)
        for i, q in enumerate(c.questions, 1):
            out += [f"### Question {i}", "", f"> {esc(q.text)}", "",
                    *_table(["stance", "count", "share", "95% CI"],
                            [[esc(r.name(x.stance)), x.count, fmt.pct(x.share), fmt.interval(x.ci_low, x.ci_high)]
                             for x in q.rows]),
                    esc(fmt.question_note(q)), ""]
            for t in own.get(q.key, []):
                out += _cross(r, t)
        for t in rest:
            out += _cross(r, t)
        if c.mapping_used:
            out += ["**Closed answer and free text disagree** (check these by hand):", ""]
            out += _table(["document", "question", "ticked", "implies", "text argues", "confidence", "text"],
                          [[f"`{esc(x.doc_id)}`", esc(x.question_id), esc(x.closed_answer), esc(r.name(x.expected_stance)),
                            esc(r.name(x.stance)), fmt.prob(x.stance_probability), esc(x.snippet)] for x in c.disagreements]
                          or [["none", "", "", "", "", "", ""]])
    if r.campaigns:
        out += ["## Campaign responses", "", "Identical or near-identical texts from several respondents, counted once.", ""]
        out += _table(["campaign", "size", "stance", "text"],
                      [[esc(x.campaign_id), x.size, esc(r.name(x.stance)), esc(x.snippet)] for x in r.campaigns])
    return out


def _over_time(r: ReportData) -> list[str]:
    if not r.by_month:
        return []
    labels = r.stance_labels
    rows = [[fmt.day(m.month), m.n] + [fmt.pct(m.shares[s], 0) for s in labels] for m in r.by_month]
    note = fmt.undated_note(r)
    return ["## Stance over time", "", *_table(["month", "n", *(esc(r.name(s)) for s in labels)], rows),
            *([note, ""] if note else [])]


def _review(r: ReportData) -> list[str]:
    out = ["## For review", "", _prose(fmt.label_help(r)), ""]
    items = r.review_low_confidence + r.review_flips
    out += _table(["document", "why", "stance", "confidence", "text"],
                  [[f"`{esc(i.doc_id)}`", esc(i.reason + (f" ({r.name(i.parent_stance)})" if i.parent_stance else "")),
                    esc(r.name(i.stance)), fmt.prob(i.stance_probability), esc(i.snippet)] for i in items]
                  or [["none", "", "", "", ""]])
    return out


def _methods(r: ReportData) -> list[str]:
    m = r.methods
    out = ["## How this report was made", "", *(line for p in fmt.plain_methods(r) for line in (_prose(p), "")),
           "## Appendix: technical details", "", f"Report generated {esc(fmt.day(m.generated))}.", ""]
    for info in m.models:
        out.append(f"- **{info.task} model** `{esc(info.model_id[:16])}` ({info.documents} documents)"
                   + (f", trained {esc(fmt.day(info.created))}" if info.created else "")
                   + (f", training data `{esc((info.training_data_hash or '')[:16])}` (n = {info.training_n})"
                      if info.training_data_hash else ""))
        if info.abstain_threshold is not None:
            out.append(f"  - abstention threshold {info.abstain_threshold:.2f}: below it a stance is flagged uncertain")
        if info.thresholds:
            out.append("  - theme thresholds: " + esc(", ".join(f"{k} {v:.2f}" for k, v in info.thresholds.items())))
        if info.cv:
            out.append(f"  - {fmt.cv_scores(info)}: " + esc("; ".join(f"{k} {v}" for k, v in info.cv.items())))
        out.append(f"  - {fmt.other_writer_scores(info)}: " + (esc("; ".join(f"{k} {v}" for k, v in info.cross_writer.items()))
                                                       if info.cross_writer else "not measured"))
    out += ["", f"Human labels used: {fmt.human_labels_used(r)}. Not in English (left unclassified): {r.not_english}.", ""]
    out += [f"Note: {_prose(n)}" for n in m.notes]
    return out


def _accuracy(r: ReportData) -> list[str]:
    """The "How accurate on these texts" block (only with a labelled validation sample)."""
    if r.accuracy is None:
        return []
    from voices.report.accuracy import TITLE

    line, header, rows = fmt.named_accuracy_table(r)
    return [f"## {TITLE}", "", esc(line), "", *_table(header, [[esc(c) for c in row] for row in rows]), ""]


def render_markdown(report: ReportData) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    lines = [f"# {esc(report.title)}", "", esc(fmt.summary_line(report)), ""]
    for part in (_about, _stance, _themes, _theme_evidence, _quotes,
                 _dynamics, _consultation, _over_time, _review, _accuracy, _methods):
        lines += part(report)
    return "\n".join(lines).rstrip() + "\n"
