"""The browser harness the HTML report and review-page tests share (Playwright over Debian's chromium).

Playwright drives the system chromium through ``executable_path``: its own browser
download is not reachable here. Missing chromium (or playwright) skips with the
reason, except under ``CI=true``, where it is a failure: ``.ci/run`` installs chromium.

Use the ``browser`` fixture (one browser per test session) and open pages with
``new_page(browser, width)``; ``dom_checks(page)`` returns the layout faults the
report and review pages must not have.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str:
    """The browser executable, or skip/fail with the reason."""
    found = os.environ.get("VOICES_CHROMIUM") or next((b for b in map(shutil.which, CANDIDATES) if b), None)
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed: CI must run `apt-get install -y chromium` first")
    pytest.skip("chromium is not installed (apt-get install -y chromium) so the browser test cannot run")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless chromium driven by Playwright, shared by the session's tests."""
    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the [test] extra")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable,
                               args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
        try:
            yield b
        finally:
            b.close()


def new_page(browser: object, width: int = 1280, height: int = 900) -> object:
    """A fresh page (own context: no cookies shared between tests) at ``width`` px."""
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    return context.new_page()


# Layout faults computed in the page: elements wider than the viewport, text under
# 11 px, table headers broken inside a word, charts (svg/img) without a text alternative.
_DOM_CHECKS = """() => {
  const vw = document.documentElement.clientWidth, out = {wide: [], small: [], broken: [], unlabelled: []};
  const name = el => {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || r.width === 0) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; }
    }
    if (!clipped && r.right > vw + 1) out.wide.push(name(el) + ' right=' + Math.round(r.right));
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(cs.fontSize) < 11) out.small.push(name(el) + ' ' + cs.fontSize);
  }
  for (const th of document.querySelectorAll('th')) {
    for (const word of th.textContent.trim().split(/\\s+/)) {
      if (!word) continue;
      const range = document.createRange(), node = [...th.childNodes].find(n => n.nodeType === 3 && n.textContent.includes(word));
      if (!node) continue;
      const at = node.textContent.indexOf(word); range.setStart(node, at); range.setEnd(node, at + word.length);
      const lines = new Set([...range.getClientRects()].map(q => Math.round(q.top)));
      if (lines.size > 1) out.broken.push(word);
    }
  }
  for (const c of document.querySelectorAll('svg, img')) {
    const fig = c.closest('figure');
    const alt = c.getAttribute('aria-label') || c.getAttribute('alt') || c.querySelector && c.querySelector('title')
      || (fig && fig.querySelector('figcaption'));
    if (!alt && c.getAttribute('aria-hidden') !== 'true') out.unlabelled.push(name(c));
  }
  return out;
}"""


def dom_checks(page: object) -> dict[str, list[str]]:
    """The page's layout faults by kind (``wide``, ``small``, ``broken``, ``unlabelled``); empty lists when clean."""
    return page.evaluate(_DOM_CHECKS)  # type: ignore[attr-defined]


# Accessibility faults computed in the page (WCAG 2.2 AA), our own checks: axe-core is
# not vendored here, and these two need nothing beyond the computed styles.
# - contrast: every visible text (HTML and SVG <text>) against what is drawn under it:
#   the nearest opaque background of its ancestors (translucent layers blended), or for
#   SVG text the last filled shape under its centre (drawn earlier, so below it);
#   4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
# - landmarks: one <main>, a <header> outside it, nothing on the page outside a landmark
#   but the skip link, every <section> named by a heading (aria-labelledby) or aria-label
#   and holding a heading, no heading level skipped.
_A11Y_CHECKS = """() => {
  const out = {contrast: [], landmarks: []};
  const rgba = s => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const htmlBackground = el => {
    const layers = [];
    for (let p = el; p; p = p.parentElement) {
      const c = rgba(getComputedStyle(p).backgroundColor); if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((bg, layer) => over(layer, bg), [255, 255, 255, 1]);
  };
  const svgBackground = t => {
    const svg = t.ownerSVGElement, box = t.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
    let bg = htmlBackground(svg);
    for (const shape of svg.querySelectorAll('rect, path, polygon, circle')) {
      if (shape.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING) break;  // drawn after the text
      const fill = rgba(getComputedStyle(shape).fill || ''), r = shape.getBoundingClientRect();
      if (fill && fill[3] > 0 && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) bg = over(fill, bg);
    }
    return bg;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el), r = el.getBoundingClientRect();
    if (cs.display === 'none' || cs.visibility === 'hidden' || r.width === 0 || el.closest('.skip')) continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim());
    if (!own.length) continue;
    const svgText = el instanceof SVGElement;
    const fg = rgba(svgText ? cs.fill : cs.color) || [0, 0, 0, 1], bg = svgText ? svgBackground(el) : htmlBackground(el);
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5, got = ratio(over(fg, bg), bg);
    if (got < need) out.contrast.push(name(el) + ' "' + own[0].slice(0, 30) + '" ' + got.toFixed(2) + ':1');
  }
  const mains = document.querySelectorAll('main');
  if (mains.length !== 1) out.landmarks.push(mains.length + ' main elements');
  if (![...document.querySelectorAll('header')].some(h => !h.closest('main, section, article')))
    out.landmarks.push('no page header');
  for (const child of document.body.children) {
    const ok = ['MAIN', 'HEADER', 'NAV', 'FOOTER', 'ASIDE', 'SCRIPT', 'STYLE'].includes(child.tagName)
      || (child.matches('a[href^="#"]') && child.classList.contains('skip'));
    if (!ok) out.landmarks.push('outside any landmark: ' + name(child));
  }
  for (const s of document.querySelectorAll('section')) {
    const by = s.getAttribute('aria-labelledby'), label = by ? document.getElementById(by) : null;
    if (!(label && label.textContent.trim()) && !(s.getAttribute('aria-label') || '').trim())
      out.landmarks.push('section without a name: ' + name(s));
    if (!s.querySelector('h1, h2, h3, h4, h5, h6')) out.landmarks.push('section without a heading: ' + name(s));
  }
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) out.landmarks.push('heading level skipped: ' + name(h) + ' after h' + last);
    last = level;
  }
  return out;
}"""


def a11y_checks(page: object) -> dict[str, list[str]]:
    """The page's accessibility faults by kind (``contrast``, ``landmarks``); empty lists when clean."""
    return page.evaluate(_A11Y_CHECKS)  # type: ignore[attr-defined]
