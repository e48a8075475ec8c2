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
