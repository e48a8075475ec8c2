"""Charts for the HTML report: matplotlib (its SVG backend, no pyplot) to inline SVG, colour-blind-safe, deterministic.

Colours are Okabe and Ito's palette (distinguishable under the common colour-vision
deficiencies); every bar has a dark outline (WCAG's 3:1 contrast for graphics) and
lines also differ by marker and dash, so no chart relies on colour alone. Text is
kept as SVG text (no embedded fonts, nothing fetched), and ids are salted so the
same report gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from voices.report.data import Distribution, MonthRow, ThemeRow

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", "-.", ":", "-", "--", "-.", ":")
# Line hatches only: matplotlib writes each dot of a dotted hatch ("..", "oo") as four Bezier curves,
# once per colour, which made the stance chart 360 KB of SVG.
HATCHES = ("", "//", "xx", "\\\\", "++", "--", "||", "/-")
_SVG_ROOT = re.compile(r"<svg([^>]*)>", re.S)


def _errors(shares, low, high):
    """Error-bar lengths in points; Wilson bounds can sit a rounding error past the share."""
    import numpy as np

    return [np.clip(shares - low, 0, None) * 100, np.clip(high - shares, 0, None) * 100]


def colours(labels: Sequence[str]) -> dict[str, str]:
    """A fixed colour per label, in label order."""
    return {lab: OKABE_ITO[i % len(OKABE_ITO)] for i, lab in enumerate(labels)}


def _plain(text: str) -> str:
    # matplotlib reads $...$ as mathtext; labels are data, never maths
    return text.replace("$", r"\$")


_RC = {
    "svg.fonttype": "none", "svg.hashsalt": "voices-report", "font.family": "sans-serif",
    "font.size": 10, "axes.edgecolor": "#333333", "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a", "ytick.color": "#1a1a1a", "text.color": "#1a1a1a",
}


def _styled(func: Callable[..., str]) -> Callable[..., str]:
    """Draw with the report's style, leaving the process's matplotlib settings as they were."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        import matplotlib

        with matplotlib.rc_context(_RC):
            return func(*args, **kwargs)

    return wrapper


def _figure(width: float, height: float):
    # A bare Figure (no pyplot): no global backend switch, no figure registry to leak into.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return None, fig, fig.subplots()


def _svg(fig, caption_id: str) -> str:
    buf = io.StringIO()
    fig.tight_layout()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE (they are not valid inside HTML)

    def root(m: re.Match[str]) -> str:
        attrs = re.sub(r'\s(width|height)="[^"]*"', "", m.group(1))
        return f'<svg{attrs} role="img" aria-labelledby="{caption_id}" focusable="false">'

    return _SVG_ROOT.sub(root, svg, count=1)


@_styled
def stance_chart(dists: Sequence[Distribution], labels: Sequence[str], caption_id: str) -> str:
    """Horizontal bars of stance shares with Wilson 95% intervals; one group per scope."""
    import numpy as np

    _, fig, ax = _figure(7.0, 0.5 + 0.45 * len(labels) * len(dists) + 0.3 * len(dists))
    col = colours(labels)
    height = 0.8 / len(dists)
    y = np.arange(len(labels))
    for k, d in enumerate(dists):
        rows = {s.stance: s for s in d.rows}
        shares = np.array([rows[s].share if s in rows else 0.0 for s in labels])
        low = np.array([rows[s].ci_low if s in rows else 0.0 for s in labels])
        high = np.array([rows[s].ci_high if s in rows else 0.0 for s in labels])
        pos = y + (k - (len(dists) - 1) / 2) * height
        ax.barh(pos, shares * 100, height=height * 0.9, color=[col[s] for s in labels], edgecolor="#1a1a1a",
                linewidth=0.8, hatch=HATCHES[k % len(HATCHES)])
        ax.errorbar(shares * 100, pos, xerr=_errors(shares, low, high), fmt="none",
                    ecolor="#1a1a1a", capsize=3, linewidth=1)
    ax.set_yticks(y, [_plain(s) for s in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of documents with a confident stance (%), with 95% interval")
    if len(dists) > 1:
        from matplotlib.patches import Patch

        # scopes differ by hatching (the colour is the stance's), so the key shows hatching only
        handles = [Patch(facecolor="white", edgecolor="#1a1a1a", hatch=HATCHES[k % len(HATCHES)],
                         label=_plain(f"{d.title} (n={d.n})")) for k, d in enumerate(dists)]
        # below the axes: inside them the key covered the longest bars
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.12), fontsize=8, frameon=True)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _svg(fig, caption_id)


@_styled
def themes_chart(themes: Sequence[ThemeRow], columns: Sequence[str], caption_id: str) -> str:
    """Stacked horizontal bars: documents per theme, split by stance."""
    import numpy as np

    _, fig, ax = _figure(7.0, 0.8 + 0.35 * len(themes))
    col = colours(columns)
    y = np.arange(len(themes))
    left = np.zeros(len(themes))
    for i, stance in enumerate(columns):
        counts = np.array([t.by_stance.get(stance, 0) for t in themes], dtype=float)
        if not counts.any():
            continue
        ax.barh(y, counts, left=left, color=col[stance], edgecolor="#1a1a1a", linewidth=0.8,
                hatch=HATCHES[i % len(HATCHES)], label=_plain(stance))
        left += counts
    ax.set_yticks(y, [_plain(t.theme) for t in themes])
    ax.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("documents tagged with the theme")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.12), fontsize=8, frameon=True, ncol=2)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _svg(fig, caption_id)


@_styled
def time_chart(months: Sequence[MonthRow], labels: Sequence[str], caption_id: str) -> str:
    """Stance share by month: one line per stance, each with its own marker and dash."""
    _, fig, ax = _figure(7.0, 3.2)
    col = colours(labels)
    x = list(range(len(months)))
    for i, stance in enumerate(labels):
        ax.plot(x, [m.shares[stance] * 100 for m in months], color=col[stance], marker=MARKERS[i % 8],
                linestyle=DASHES[i % 8], linewidth=1.8, label=_plain(stance))
    ax.set_xticks(x, [f"{m.month}\n(n={m.n})" for m in months], fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share (%)")
    ax.legend(fontsize=8, frameon=True, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    return _svg(fig, caption_id)
