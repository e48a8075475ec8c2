"""Charts for the HTML report: small inline SVG built from the data, labelled directly, deterministic.

Each mark is one element computed from a figure in the report (a ``<rect>`` per bar,
a ``<polyline>`` per line), so a chart stays a few kilobytes however many documents
it describes. Labels sit on the chart next to what they name (the label above its
bar, the share at the bar's end, the stance at the end of its line) rather than in
a key far away; the stacked theme bars keep a one-line key right above them.

The drawing is ``WIDTH`` px wide and scales down, never up (CSS ``max-width``), so
text drawn at 13 px is still at least 11 px on a 390 px phone. Colours are Okabe
and Ito's palette (distinguishable under the common colour-vision deficiencies);
every bar has a dark outline and stacked segments also differ by hatching, so no
chart relies on colour alone. Nothing is fetched; text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from voices.report.data import Distribution, MonthRow, ThemeRow

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
# stroke patterns per series: solid, then line hatches (one short path each, defined once per chart)
_HATCH_PATHS = ("", "M0,8 L8,0", "M0,0 L8,8", "M4,0 L4,8", "M0,4 L8,4", "M0,8 L8,0 M0,0 L8,8")
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")
WIDTH = 420
FONT = 13
INK = "#1a1a1a"
_PAD = 6


def colours(labels: Sequence[str]) -> dict[str, str]:
    """A fixed colour per label, in label order."""
    return {lab: OKABE_ITO[i % len(OKABE_ITO)] for i, lab in enumerate(labels)}


def whisker(share: float, low: float, high: float) -> tuple[float, float]:
    """The interval's reach below and above the share; Wilson bounds can sit a rounding error past it.

    >>> whisker(1.0, 0.8, 1.0 - 1e-16)
    (0.19999999999999996, 0.0)
    """
    return max(share - low, 0.0), max(high - share, 0.0)


def _n(value: float) -> str:
    """A coordinate with at most one decimal (deterministic, short)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, content: str, *, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="600"' if bold else ""
    end = ' text-anchor="end"' if anchor == "end" else ' text-anchor="middle"' if anchor == "middle" else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{end}{weight}>{escape(content)}</text>'


def _svg(height: float, caption_id: str, body: list[str], defs: str = "") -> str:
    h = _n(height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" '
            f'role="img" aria-labelledby="{caption_id}" focusable="false" class="chart" '
            f'font-family="system-ui,sans-serif" font-size="{FONT}" fill="{INK}">'
            + (f"<defs>{defs}</defs>" if defs else "") + "".join(body) + "</svg>")


def _hatches(prefix: str, n: int) -> str:
    """``<pattern>`` defs ``{prefix}-k`` for series k that hatch (k >= 1); series 0 is plain."""
    out = []
    for k in range(1, min(n, len(_HATCH_PATHS))):
        out.append(f'<pattern id="{prefix}-{k}" width="8" height="8" patternUnits="userSpaceOnUse">'
                   f'<path d="{_HATCH_PATHS[k]}" stroke="{INK}" stroke-width="1"/></pattern>')
    return "".join(out)


def _lines(text: str, chars: int = 50) -> list[str]:
    """``text`` wrapped at spaces into lines of at most ``chars`` characters (a longer word stays whole).

    >>> _lines("Who should lead social work? Directors, registration and a workforce", 30)
    ['Who should lead social work?', 'Directors, registration and a', 'workforce']
    """
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= chars:
            out[-1] += " " + word
        else:
            out.append(word)
    return out or [""]


def _label(x: float, y: float, text: str, *, bold: bool = False) -> tuple[list[str], float]:
    """A label wrapped over as many lines as it needs, starting at baseline ``y``; returns it and its last baseline."""
    parts = []
    for i, line in enumerate(_lines(text, 48 if bold else 54)):
        parts.append(_text(x, y + i * (FONT + 3), line, bold=bold))
    return parts, y + (len(parts) - 1) * (FONT + 3)


def _pct(share: float | None) -> str:
    from voices.report._format import pct

    return pct(share, 0)


def stance_chart(dists: Sequence[Distribution], labels: Sequence[str], caption_id: str,
                 names: Callable[[str], str] = str) -> str:
    """Horizontal bars of stance shares with Wilson 95% intervals; one labelled group per scope.

    ``names`` gives each label's readable name (default: the id).
    """
    col = colours(labels)
    bar_w, bar_h, left = WIDTH - 2 * _PAD - 44, 14, _PAD
    body, y = [], 0.0
    for d in dists:
        if len(dists) > 1:
            parts, y = _label(left, y + FONT + 8, f"{d.title} (n={d.n})", bold=True)
            body += parts
        rows = {s.stance: s for s in d.rows}
        for stance in labels:
            s = rows.get(stance)
            share, low, high = (s.share or 0.0, s.ci_low, s.ci_high) if s else (0.0, 0.0, 0.0)
            parts, y = _label(left, y + FONT + 6, names(stance))
            body += parts
            top = y + 4
            width = share * bar_w
            body.append(f'<rect x="{left}" y="{_n(top)}" width="{_n(width)}" height="{bar_h}" fill="{col[stance]}" '
                        f'stroke="{INK}" stroke-width=".8"/>')
            below, above = whisker(share, low, high)
            if below or above:
                x0, x1, mid = left + (share - below) * bar_w, left + (share + above) * bar_w, top + bar_h / 2
                body.append(f'<path d="M{_n(x0)},{_n(mid)}H{_n(x1)}M{_n(x0)},{_n(mid - 4)}V{_n(mid + 4)}'
                            f'M{_n(x1)},{_n(mid - 4)}V{_n(mid + 4)}" stroke="{INK}" stroke-width="1.2" fill="none"/>')
                end = x1
            else:
                end = left + width
            body.append(_text(end + 4, top + bar_h - 2, _pct(s.share if s else 0.0)))
            y = top + bar_h
    body.append(f'<path d="M{left},0V{_n(y + 2)}" stroke="{INK}" stroke-width="1"/>')
    return _svg(y + _PAD, caption_id, body)


def themes_chart(themes: Sequence[ThemeRow], columns: Sequence[str], caption_id: str,
                 names: Callable[[str], str] = str) -> str:
    """Stacked horizontal bars: documents per theme, split by stance, with the total at each bar's end."""
    col = colours(columns)
    shown = [c for c in columns if any(t.by_stance.get(c, 0) for t in themes)]
    prefix = f"{caption_id}-h"
    body: list[str] = []
    # the key, one line right above the bars: swatch and name per stance, wrapping when it must
    x, y = float(_PAD), FONT + 2.0
    for c in shown:
        k = columns.index(c)
        width = 16 + 8 + 7.2 * len(names(c)) + 14
        if x + width > WIDTH and x > _PAD:
            x, y = float(_PAD), y + FONT + 6
        body.append(_swatch(x, y - 11, col[c], k, prefix))
        body.append(_text(x + 20, y, names(c)))
        x += width
    most = max((t.count for t in themes), default=0) or 1
    top_total = max((sum(t.by_stance.values()) for t in themes), default=0)
    scale = (WIDTH - 2 * _PAD - 40) / max(most, top_total, 1)
    for t in themes:
        parts, y = _label(_PAD, y + FONT + 8, names(t.theme))
        body += parts
        top, left = y + 4, float(_PAD)
        for c in shown:
            count = t.by_stance.get(c, 0)
            if not count:
                continue
            body.append(_bar(left, top, count * scale, 14, col[c], columns.index(c), prefix))
            left += count * scale
        body.append(_text(left + 4, top + 12, str(t.count)))
        y = top + 14
    return _svg(y + _PAD, caption_id, body, _hatches(prefix, len(columns)))


def _bar(x: float, y: float, w: float, h: float, fill: str, k: int, prefix: str) -> str:
    rect = f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}" stroke="{INK}" stroke-width=".8"/>'
    if 0 < k < len(_HATCH_PATHS):
        rect += f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="url(#{prefix}-{k})"/>'
    return rect


def _swatch(x: float, y: float, fill: str, k: int, prefix: str) -> str:
    return _bar(x, y, 16, 12, fill, k, prefix)


def time_chart(months: Sequence[MonthRow], labels: Sequence[str], caption_id: str,
               names: Callable[[str], str] = str, months_as: Callable[[str], str] = str) -> str:
    """Stance share by month: one line per stance, each with its own dash, named at its last point."""
    col = colours(labels)
    # room at the right for the longest name and its share, up to half the drawing (longer names are cut)
    room = int((WIDTH / 2 - 6) / 7.2) - 5
    shown = {s: names(s) if len(names(s)) <= room else names(s)[: room - 1] + "…" for s in labels}
    right = max(170.0, min(WIDTH / 2, 6 + 7.2 * (max(map(len, shown.values()), default=0) + 5)))
    left, top, plot_h = 44.0, 12.0, 150.0
    plot_w = WIDTH - left - right
    step = plot_w / max(len(months) - 1, 1)
    xs = [left + i * step if len(months) > 1 else left + plot_w / 2 for i in range(len(months))]

    def y_of(share: float) -> float:
        return top + plot_h * (1 - share)

    body = [f'<path d="M{_n(left)},{_n(top)}V{_n(top + plot_h)}H{_n(left + plot_w)}" stroke="{INK}" fill="none"/>']
    for tick in (0.0, 0.5, 1.0):
        body.append(_text(left - 4, y_of(tick) + 4, _pct(tick), anchor="end"))
    every = max(1, -(-len(months) // 5))  # at most 5 month labels: they must not overlap at 13 px
    for i, m in enumerate(months):
        if i % every == 0 or i == len(months) - 1:
            body.append(_text(xs[i], top + plot_h + FONT + 4, months_as(m.month), anchor="middle"))
    ends: list[tuple[float, str, str]] = []
    for k, stance in enumerate(labels):
        pts = " ".join(f"{_n(x)},{_n(y_of(m.shares.get(stance, 0.0)))}" for x, m in zip(xs, months, strict=True))
        dash = f' stroke-dasharray="{_DASHES[k % len(_DASHES)]}"' if _DASHES[k % len(_DASHES)] else ""
        body.append(f'<polyline points="{pts}" fill="none" stroke="{col[stance]}" stroke-width="2.2"{dash}/>')
        if months:
            ends.append((y_of(months[-1].shares.get(stance, 0.0)), stance, col[stance]))
    placed = _spread(sorted(y for y, _, _ in ends), FONT + 1, top + plot_h)
    for (_, stance, _colour), y in zip(sorted(ends), placed, strict=True):
        body.append(_text(xs[-1] + 6 if xs else left, y + 4, f"{shown[stance]} {_pct(_last_share(months, stance))}"))
    return _svg(top + plot_h + FONT + 10, caption_id, body)


def _last_share(months: Sequence[MonthRow], stance: str) -> float:
    return months[-1].shares.get(stance, 0.0) if months else 0.0


def _spread(ys: list[float], gap: float, bottom: float) -> list[float]:
    """Nudge sorted label positions apart so no two are closer than ``gap``, none below ``bottom``.

    >>> _spread([10.0, 12.0, 40.0], 14, 100)
    [10.0, 24.0, 40.0]
    >>> _spread([90.0, 100.0], 14, 100)
    [86.0, 100.0]
    """
    out: list[float] = []
    for y in ys:
        out.append(max(y, out[-1] + gap) if out else y)
    excess = out[-1] - bottom if out else 0.0
    return [y - excess for y in out] if excess > 0 else out
