"""The HTML report: one self-contained file, readable on a phone, printable, accessible.

- Nothing is fetched: charts are inline SVG, styles inline, no fonts or scripts; a
  Content-Security-Policy meta tag (``default-src 'none'``) forbids anything else,
  so even a missed escape could not load or run code.
- Every piece of comment text goes through ``html.escape``: a comment holding
  ``<script>`` shows as text.
- WCAG 2.2 AA: every chart has a caption describing it and a data table beside it;
  tables use ``caption``/``th scope``; colours are Okabe-Ito with outlines and
  hatching; text contrast is at least 7:1; landmarks and a skip link.
"""

from __future__ import annotations

from html import escape

from voices.report import _format as fmt
from voices.report import charts
from voices.report.data import CrossTable, Distribution, ReportData

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;line-height:1.5;
color:#1a1a1a;background:#fff;margin:0;padding:0 1rem 2rem;font-size:1rem}
main,header{max-width:60rem;margin:0 auto}
h1{font-size:1.6rem;margin:1.2rem 0 .4rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1a1a1a}
h3{font-size:1.1rem}
a{color:#0b4fa8}a:focus,.scroll:focus{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.scroll{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem}
main,header,p,blockquote,li,figcaption{overflow-wrap:anywhere}
table{border-collapse:collapse;min-width:50%;font-size:.92rem;overflow-wrap:normal}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{white-space:nowrap;hyphens:none}td{min-width:4.5rem}td:last-child{min-width:14rem}
td.num{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#e8e8e8}
tbody tr:nth-child(even){background:#f5f5f5}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.92rem;color:#333}
blockquote{margin:.8rem 0;padding:.5rem 1rem;border-left:4px solid #0072B2;background:#f5f5f5}
blockquote p{margin:0 0 .3rem}blockquote footer{font-size:.9rem;color:#333}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;white-space:nowrap}
.note{color:#333;font-size:.92rem}
nav ul{padding-left:1.2rem;columns:2}
dt{font-weight:600;margin-top:.5rem}dd{margin:0 0 0 1rem}dl.themes{columns:2;column-gap:2rem}dl.themes dd{break-before:avoid}
dl.themes dt{break-after:avoid}.question{font-weight:600}
@media (max-width:40rem){nav ul,dl.themes{columns:1}h1{font-size:1.35rem}}
@media print{nav,.skip{display:none}body{padding:0;font-size:10.5pt}a{color:#000;text-decoration:none}
main,header{max-width:none}figure,tr,blockquote{break-inside:avoid}h2,h3{break-after:avoid}.scroll{overflow:visible}table{width:100%}thead{display:table-header-group}td:last-child{min-width:0}
@page{margin:15mm}}
"""


def e(value: object) -> str:
    """Escape any value for HTML text or attribute context."""
    return escape("" if value is None else str(value), quote=True)


class _Html:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0

    def add(self, *chunks: str) -> None:
        self.parts.extend(chunks)

    def new_id(self, stem: str) -> str:
        self.n += 1
        return f"{stem}-{self.n}"

    def table(self, caption: str, header: list[str], rows: list[list[object]], numeric_from: int = 1) -> None:
        """A data table: the first column holds row headers; columns from ``numeric_from`` are numbers."""
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
        body = []
        for row in rows:
            cells = [f'<th scope="row">{e(row[0])}</th>'] + [
                f'<td class="num">{e(c)}</td>' if i + 1 >= numeric_from else f"<td>{e(c)}</td>"
                for i, c in enumerate(row[1:])
            ]
            body.append("<tr>" + "".join(cells) + "</tr>")
        self.add(f'<div class="scroll" role="region" aria-label="{e(caption)}" tabindex="0"><table>',
                 f"<caption>{e(caption)}</caption><thead><tr>{head}</tr></thead>",
                 f"<tbody>{''.join(body)}</tbody></table></div>")

    def figure(self, svg: str, caption_id: str, caption: str) -> None:
        self.add(f'<figure>{svg}<figcaption id="{caption_id}">{e(caption)}</figcaption></figure>')


def _prose(text: str) -> str:
    """A sentence of ours that may hold `commands`: those become <code>, everything escaped."""
    return "".join(f"<code>{e(piece)}</code>" if i % 2 else e(piece) for i, piece in enumerate(text.split("`")))


def _describe(r: ReportData, d: Distribution) -> str:
    parts = ", ".join(f"{r.name(s.stance)} {fmt.pct(s.share)} (95% interval {fmt.interval(s.ci_low, s.ci_high)}, {s.count})"
                      for s in d.rows)
    return f"{d.title}: {parts}"


def _dist_table(h: _Html, r: ReportData, d: Distribution) -> None:
    h.table(f"Stance — {d.title} (n = {d.n})", ["stance", "count", "share", "95% interval", "corrected share"],
            [[r.name(s.stance), s.count, fmt.pct(s.share), fmt.interval(s.ci_low, s.ci_high), fmt.pct(s.adjusted_share)]
             for s in d.rows])
    h.add(f'<p class="note">{e(fmt.counted_apart(d))}.{" Note: " + e(d.adjusted_note) + "." if d.adjusted_note else ""}</p>')


def _about(h: _Html, r: ReportData) -> None:
    """The proposition and every label's readable name and one-line definition, first."""
    if r.scheme is None:
        return
    h.add('<section aria-labelledby="about"><h2 id="about">What this report is about</h2>')
    if r.scheme.proposition:
        h.add(f"<p>The texts were read for one debate: <strong>{e(r.scheme.proposition)}</strong>. "
              "Each text takes one stance:</p>")
    h.add("<dl>", *(f"<dt>{e(x.name)}</dt><dd>{e(fmt.first_sentence(x.definition))}</dd>" for x in r.scheme.stances), "</dl>")
    if r.scheme.themes:
        h.add('<p>A text can also raise any of these themes:</p><dl class="themes">',
              *(f"<dt>{e(x.name)}</dt><dd>{e(fmt.first_sentence(x.definition))}</dd>" for x in r.scheme.themes), "</dl>")
    elif none := fmt.no_themes(r):
        h.add(f"<p>{e(none)}</p>")
    h.add("</section>")


def _stance(h: _Html, r: ReportData) -> None:
    h.add('<section aria-labelledby="stance"><h2 id="stance">Stance</h2>')
    if pooled := fmt.pooled_note(r):
        h.add(f"<p>{e(pooled)}</p>")
    dists = [r.overall] + (r.per_source if len(r.per_source) > 1 else [])
    cap = h.new_id("cap")
    h.figure(charts.stance_chart(dists, r.stance_labels, cap, names=r.name), cap,
             "Bar chart of stance shares with 95% intervals. " + "; ".join(_describe(r, d) for d in dists)
             + ". The same figures are in the tables below.")
    for d in dists:
        _dist_table(h, r, d)
    h.add(f'<p class="note">{e(fmt.adjusted_explained(r))}</p></section>')


def _themes(h: _Html, r: ReportData) -> None:
    if fmt.no_themes(r) and not r.themes:  # said under "What this report is about": no empty section
        return
    h.add('<section aria-labelledby="themes"><h2 id="themes">Themes</h2>')
    if not r.themes:
        h.add("<p>No themes tagged.</p></section>")
        return
    cols = list(r.themes[0].by_stance)
    cap = h.new_id("cap")
    desc = "; ".join(f"{r.name(t.theme)} {t.count} ({fmt.pct(t.share)})" for t in r.themes)
    h.figure(charts.themes_chart(r.themes, cols, cap, names=r.name), cap,
             f"Stacked bar chart of documents per theme, split by stance. {desc}. Data in the table below.")
    h.table(f"Themes by stance (share of {r.themes_n} classified documents)",
            ["theme", "count", "share", "95% interval", *(fmt.column_name(r, c) for c in cols)],
            [[r.name(t.theme), t.count, fmt.pct(t.share), fmt.interval(t.ci_low, t.ci_high), *t.by_stance.values()]
             for t in r.themes])
    h.add("</section>")


def _theme_evidence(h: _Html, r: ReportData) -> None:
    """Each theme's quotes from every stance and where it comes up; themes found but not in the scheme."""
    te = r.theme_evidence
    if te is None:
        return
    h.add('<section aria-labelledby="theme-evidence"><h2 id="theme-evidence">Evidence for each theme</h2>',
          "<p>Quotes from every stance, including texts that take none, and the share of texts with the theme by group.</p>")
    for t in te.themes:
        h.add(f"<h3>{e(r.name(t.theme))} ({fmt.texts(t.count)})</h3>")
        if t.shares:
            h.add("<ul>" + "".join(f"<li>{e(fmt.theme_share_line(d, rows))}</li>" for d, rows in t.shares.items()) + "</ul>")
        for q in t.quotes:
            h.add(f"<blockquote><p>{e(q.text)}</p><footer>— {e(fmt.quote_credit(q))}; stance: {e(r.name(q.stance))}, "
                  f"document <code>{e(q.doc_id)}</code></footer></blockquote>")
    if te.discovered:
        h.add("<h3>Themes found in the texts but not in the scheme</h3>",
              f"<p>{_prose(f'From `voices themes discover`; {fmt.adopt_hint()}.')}</p><ul>",
              "".join(f"<li><code>{e(d.id)}</code> {e(d.name)}: {fmt.texts(d.size)}; {e(', '.join(d.terms))}</li>"
                      for d in te.discovered), "</ul>")
    h.add("</section>")


def _quotes(h: _Html, r: ReportData) -> None:
    h.add('<section aria-labelledby="quotes"><h2 id="quotes">Representative quotes</h2>')
    for stance, quotes in r.quotes.items():
        h.add(f"<h3>{e(r.name(stance))}</h3>")
        if not quotes:
            h.add("<p>No confident examples.</p>")
        for q in quotes:
            h.add(f"<blockquote><p>{e(q.text)}</p><footer>— {e(fmt.quote_credit(q))}, "
                  f"document <code>{e(q.doc_id)}</code></footer></blockquote>")
    h.add("</section>")


def _dynamics(h: _Html, r: ReportData) -> None:
    d = r.dynamics
    if not d.replies:
        return
    h.add('<section aria-labelledby="dynamics"><h2 id="dynamics">Thread dynamics</h2>',
          f"<p>Of {d.replies} replies, {d.same} take the same stance as the comment they answer, {d.different} "
          f"a different one, and {d.not_comparable} are not comparable (either side has no position or is uncertain).</p>")
    if d.contested:
        h.table("Most contested sub-threads", ["thread start", "by", "replies", "disagreeing replies", "stances"],
                [[f"{c.root_id}: {c.snippet}", c.author or "", c.replies, c.different,
                  ", ".join(f"{r.name(k)} {v}" for k, v in c.stances.items())] for c in d.contested], numeric_from=2)
    h.add("</section>")


def _cross(h: _Html, r: ReportData, t: CrossTable) -> None:
    h.table(t.title, [t.row_name, *(fmt.column_name(r, c) for c in t.columns)],
            [[row, *counts] for row, counts in zip(t.rows, t.counts, strict=True)])


def _consultation(h: _Html, r: ReportData) -> None:
    c = r.consultation
    if c is not None:
        h.add('<section aria-labelledby="consultation"><h2 id="consultation">Consultation</h2>',
              f"<p>{e(fmt.answers_line(c))}</p>")
        own, rest = fmt.question_tables(c)
        for i, q in enumerate(c.questions, 1):
            h.add(f'<section aria-labelledby="question-{i}"><h3 id="question-{i}">Question {i}</h3>',
                  f'<p class="question">{e(q.text)}</p>')
            h.table(f"Stance of the answers to question {i} (n = {q.n})", ["stance", "count", "share", "95% interval"],
                    [[r.name(x.stance), x.count, fmt.pct(x.share), fmt.interval(x.ci_low, x.ci_high)] for x in q.rows])
            h.add(f'<p class="note">{e(fmt.question_note(q))}</p>')
            for t in own.get(q.key, []):
                _cross(h, r, t)
            h.add("</section>")
        for t in rest:
            _cross(h, r, t)
        if c.mapping_used:
            h.table("Closed answer and free text disagree (check by hand)",
                    ["document", "question", "ticked", "implies", "text argues", "confidence", "text"],
                    [[x.doc_id, x.question_id or "", x.closed_answer, r.name(x.expected_stance), r.name(x.stance),
                      fmt.prob(x.stance_probability), x.snippet] for x in c.disagreements] or [["none", "", "", "", "", "", ""]],
                    numeric_from=99)
        h.add("</section>")
    if r.campaigns:
        h.add('<section aria-labelledby="campaigns"><h2 id="campaigns">Campaign responses</h2>',
              "<p>Identical or near-identical texts sent by several respondents, counted once.</p>")
        h.table("Campaigns", ["campaign", "size", "stance", "text"],
                [[x.campaign_id, x.size, r.name(x.stance), x.snippet] for x in r.campaigns], numeric_from=99)
        h.add("</section>")


def _over_time(h: _Html, r: ReportData) -> None:
    if not r.by_month:
        return
    cap = h.new_id("cap")
    desc = "; ".join(f"{fmt.day(m.month)} (n={m.n}): "
                     + ", ".join(f"{r.name(s)} {fmt.pct(m.shares[s], 0)}" for s in r.stance_labels)
                     for m in r.by_month)
    h.add('<section aria-labelledby="time"><h2 id="time">Stance over time</h2>')
    h.figure(charts.time_chart(r.by_month, r.stance_labels, cap, names=r.name, months_as=fmt.day), cap,
             f"Line chart of stance share by month. {desc}.")
    h.table("Stance share by month", ["month", "n", *map(r.name, r.stance_labels)],
            [[fmt.day(m.month), m.n, *(fmt.pct(m.shares[s], 0) for s in r.stance_labels)] for m in r.by_month])
    if note := fmt.undated_note(r):
        h.add(f'<p class="note">{e(note)}</p>')
    h.add("</section>")


def _review(h: _Html, r: ReportData) -> None:
    h.add('<section aria-labelledby="review"><h2 id="review">For review</h2>',
          f"<p>{_prose(fmt.label_help(r))}</p>")
    rows = [[i.doc_id, i.reason + (f" (parent: {r.name(i.parent_stance)})" if i.parent_stance else ""), r.name(i.stance),
             fmt.prob(i.stance_probability), i.snippet] for i in r.review_low_confidence + r.review_flips]
    h.table("Documents worth a human look", ["document", "why", "stance", "confidence", "text"],
            rows or [["none", "", "", "", ""]], numeric_from=99)
    h.add("</section>")


def _methods(h: _Html, r: ReportData) -> None:
    m = r.methods
    h.add('<section aria-labelledby="methods"><h2 id="methods">How this report was made</h2>',
          *(f"<p>{_prose(p)}</p>" for p in fmt.plain_methods(r)), "</section>",
          '<section aria-labelledby="appendix"><h2 id="appendix">Appendix: technical details</h2><ul>')
    for info in m.models:
        bits = [f"{info.documents} documents"]
        if info.created:
            bits.append(f"trained {fmt.day(info.created)}")
        if info.training_data_hash:
            bits.append(f"training data {info.training_data_hash[:16]} (n = {info.training_n})")
        if info.abstain_threshold is not None:
            bits.append(f"abstention threshold {info.abstain_threshold:.2f}")
        if info.thresholds:
            bits.append("theme thresholds " + ", ".join(f"{k} {v:.2f}" for k, v in info.thresholds.items()))
        if info.cv:
            bits.append(f"{fmt.cv_scores(info)} " + ", ".join(f"{k} {v}" for k, v in info.cv.items()))
        bits.append(f"on {fmt.other_writer_scores(info)} " + (", ".join(f"{k} {v}" for k, v in info.cross_writer.items())
                                                    or "not measured"))
        h.add(f"<li>{e(info.task)} model <code>{e(info.model_id[:16])}</code>: {e('; '.join(bits))}</li>")
    h.add("</ul>", f"<p>Generated {e(fmt.day(m.generated))}. Human labels used: {e(fmt.human_labels_used(r))}. "
                   f"Not in English (left unclassified): {r.not_english}.</p>")
    h.add(*(f'<p class="note">Note: {_prose(n)}</p>' for n in m.notes), "</section>")


def _accuracy(h: _Html, r: ReportData) -> None:
    """The "How accurate on these texts" block (only with a labelled validation sample)."""
    if r.accuracy is None:
        return
    from voices.report.accuracy import TITLE

    line, header, rows = fmt.named_accuracy_table(r)
    h.add(f'<section aria-labelledby="accuracy"><h2 id="accuracy">{e(TITLE)}</h2>', f"<p>{e(line)}</p>")
    h.table("Agreement with people's labels, by stance", header, rows, numeric_from=1)
    h.add("</section>")


SECTIONS = (("about", "About"), ("stance", "Stance"), ("themes", "Themes"), ("theme-evidence", "Theme evidence"),
            ("quotes", "Quotes"), ("dynamics", "Thread dynamics"),
            ("consultation", "Consultation"), ("campaigns", "Campaigns"), ("time", "Over time"),
            ("review", "For review"), ("accuracy", "Accuracy here"), ("methods", "How it was made"),
            ("appendix", "Appendix"))


def render_html(report: ReportData) -> str:
    """The report as one self-contained HTML document."""
    h = _Html()
    for part in (_about, _stance, _themes, _theme_evidence, _quotes, _dynamics,
                 _consultation, _over_time, _review, _accuracy, _methods):
        part(h, report)
    body = "".join(h.parts)
    nav = "".join(f'<li><a href="#{sid}">{label}</a></li>' for sid, label in SECTIONS if f'id="{sid}"' in body)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{e(report.title)} — voices report</title><style>{CSS}</style></head><body>"
        '<a class="skip" href="#main">Skip to the report</a>'
        f"<header><h1>{e(report.title)}</h1><p>{e(fmt.summary_line(report))}</p></header>"
        f'<main id="main"><nav aria-label="Contents"><ul>{nav}</ul></nav>{body}</main></body></html>\n'
    )
