"""Property: a generated thread, rendered as a copied page in any layout, parses back to the same tree."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voices.ingest import IngestOptions
from voices.ingest.base import ReadContext
from voices.ingest.pages import LAYOUTS, READERS, detect

AS_OF = datetime(2024, 3, 6)
NAMES = ["Alice Marsh", "Ben Okafor", "Priya Sandhu", "Gareth Pryce", "Hannah Lowe", "Mx Jo Reid"]
HANDLES = ["casework_cat", "policy_pete", "FrontlineFran", "GreyCardigan", "newly_qualified", "dave_k",
           "amhp_anna", "TeamManagerTom"]
WORDS = ["directors", "registration", "caseload", "supervision", "practice", "leaders", "qualified", "council", "budget", "thresholds", "inspection", "retention", "vacancies", "frontline", "trust", "decisions", "workforce", "agency", "principal"]  # noqa: E501 - a word list
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]  # noqa: E501 - a word list


@st.composite
def threads(draw, layout):
    """Posts in page order (a preorder of the reply tree): author, date, text lines, parent index."""
    n = draw(st.integers(1, 7))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    children: dict = {}
    for i, p in enumerate(parents):
        children.setdefault(p, []).append(i)
    order: list[int] = []
    stack = list(reversed(children[None]))
    while stack:
        i = stack.pop()
        order.append(i)
        stack.extend(reversed(children.get(i, [])))
    pool = HANDLES if layout in ("reddit", "mumsnet", "disqus") else NAMES + HANDLES
    # Disqus names the parent's author ("a > b"): distinct authors keep that unambiguous
    authors = draw(st.permutations(pool))[:n] if layout == "disqus" else [draw(st.sampled_from(pool))
                                                                            for _ in range(n)]
    gaps = draw(st.lists(st.integers(1, 600), min_size=n, max_size=n))
    posts = []
    when = datetime(2024, 3, 4, 8, 0)
    for k, i in enumerate(order):
        when += timedelta(minutes=gaps[k])
        lines = [" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8)))
                 for _ in range(draw(st.integers(1, 2)))]
        lines[-1] += f" item{k}x."
        posts.append({"author": authors[k], "when": when, "lines": lines,
                      "parent": order.index(parents[i]) if parents[i] is not None else None})
    return posts


def _depth(posts, k):
    d = 0
    while posts[k]["parent"] is not None:
        k, d = posts[k]["parent"], d + 1
    return d


def _guardian(posts, draw):
    out = ["Comments", ""]
    for p in posts:
        w = p["when"]
        stamp = (f"{w.day} {MONTHS[w.month - 1][:3]} {w.year} {w.hour}.{w.minute:02d}" if draw(st.booleans())
                 else f"{w.day} {MONTHS[w.month - 1]} {w.year} {(w.hour - 1) % 12 + 1}:{w.minute:02d}"
                 f"{'am' if w.hour < 12 else 'pm'}")
        out.append(p["author"])
        if p["parent"] is not None:
            q = posts[p["parent"]]
            qw = q["when"]
            out.append(f"Response to {q['author']}, {qw.day} {MONTHS[qw.month - 1][:3]} {qw.year} "
                       f"{qw.hour}.{qw.minute:02d}")
        out += [stamp, *p["lines"], "Reply", "Report", "Share", "Recommend", ""]
    return out


def _indented(posts, header, furniture, top=()):
    out = list(top)
    for k, p in enumerate(posts):
        pad = "    " * _depth(posts, k)
        out += [pad + h for h in header(p)] + [pad + ln for ln in p["lines"]] + [pad + f for f in furniture]
    return out


def _relative(p, draw):
    days = (AS_OF - p["when"].replace(hour=0, minute=0)).days
    return f"{days}d" if draw(st.booleans()) else f"{days} day{'s' if days != 1 else ''} ago"


def render(layout, posts, draw):
    """The page text as a browser would copy it."""
    if layout == "guardian":
        lines = _guardian(posts, draw)
    elif layout == "wordpress-com":
        stamp = lambda w: (f"{MONTHS[w.month - 1]} {w.day}, {w.year} at {(w.hour - 1) % 12 + 1}:{w.minute:02d} "  # noqa: E731 - local shorthand
                           f"{'am' if w.hour < 12 else 'pm'}")
        lines = _indented(posts, lambda p: [p["author"], stamp(p["when"])], ["Reply", "Like"],
                          [f"{len(posts)} thoughts on “Who should lead social work?”"])
    elif layout == "generic":
        lines = _indented(posts, lambda p: [p["author"], p["when"].strftime("%Y-%m-%d %H:%M")], [""])
    elif layout == "mumsnet":
        lines = []
        for p in posts:
            stamp = p["when"].strftime("%d/%m/%Y %H:%M" if draw(st.booleans()) else "%a %d-%b-%y %H:%M:%S")
            quote = [f"> {' '.join(posts[p['parent']]['lines'])}"] if p["parent"] is not None else []
            lines += [f"{p['author']} · {stamp}", *quote, *p["lines"], "Add message | Report | See all", ""]
    elif layout == "disqus":
        lines = []
        for p in posts:
            to = f" > {posts[p['parent']]['author']}" if p["parent"] is not None else ""
            lines += ["Avatar", f"{p['author']}{to} • {_relative(p, draw)}", *p["lines"], "Reply • Share ›"]
    else:  # reddit: "level N" lines, or indentation
        levels = draw(st.booleans())
        lines = []
        for k, p in enumerate(posts):
            depth = _depth(posts, k)
            pad = "" if levels else "  " * depth
            lines += ([f"level {depth + 1}"] if levels else []) + [
                f"{pad}u/{p['author']} · {_relative(p, draw)}", *(pad + ln for ln in p["lines"]),
                pad + "Reply", pad + "Share", pad + str(draw(st.integers(0, 99)))]
    return "\n".join(lines) + "\n"


def expected(layout, p):
    if layout in ("disqus", "reddit"):
        return p["when"].date().isoformat()
    seconds = layout == "mumsnet"
    return p["when"].isoformat() if seconds else p["when"].replace(second=0).isoformat()


@pytest.mark.parametrize("layout", LAYOUTS)
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_rendered_thread_parses_back_to_the_same_tree(layout, data, tmp_path):
    posts = data.draw(threads(layout))
    text = render(layout, posts, data.draw)
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    if layout != "generic" or len(posts) > 1:  # a lone author/date pair is not a repeating layout
        assert detect(text) == layout, text
    ctx = ReadContext(Path(path), IngestOptions(as_of=AS_OF.date().isoformat()))
    records = list(READERS[layout](path, ctx))
    keys = [r.key for r in records]
    got = [(r.author, r.posted_at, r.text, keys.index(r.parent_key) if r.parent_key else None) for r in records]
    want = [(p["author"], expected(layout, p), "\n".join(p["lines"]), p["parent"]) for p in posts]
    assert got == want, text
