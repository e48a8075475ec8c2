"""The HTML report in a real headless browser (Debian's chromium): nothing injected runs.

Skipped with the reason when chromium is missing, except under CI=true, where a
missing browser is a failure (.ci/run installs it: apt-get install -y chromium).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from report_fixtures import FakeStance, classified_corpus

from voices.report import build_report, render

pytestmark = pytest.mark.slow

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars")


def _browser() -> str:
    found = os.environ.get("VOICES_CHROMIUM") or next((b for b in map(shutil.which, CANDIDATES) if b), None)
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed: CI must run `apt-get install -y chromium` first")
    pytest.skip("chromium is not installed (apt-get install -y chromium) so the browser test cannot run")


def _chromium(browser: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    path = classified_corpus(tmp / "c.duckdb")
    html = render(build_report(path, stance_model=FakeStance()), "html")
    out = tmp / "report.html"
    out.write_text(html, encoding="utf-8")
    return out


def test_injected_markup_never_runs(report_file, tmp_path):
    browser = _browser()
    done = _chromium(browser, tmp_path, "--virtual-time-budget=3000", "--dump-dom", report_file.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # the default title: the two sources' titles
    assert "<title>Should directors be social workers? and Leadership consultation 2024 — voices report</title>" in dom
    assert "PWNED" not in dom.split("<body", 1)[0]  # the planted scripts would have set the title
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom  # shown as text
    assert "&lt;img src=x onerror=\"document.title='PWNED2'\"&gt;" in dom
    assert "<img" not in dom  # no element was created from comment text
    assert dom.count("<svg") == 3 and dom.count("<figcaption") == 3
    assert dom.count("<blockquote>") >= 6 and "Directors must be social workers." in dom


def test_screenshot_on_a_phone_and_a_desktop(report_file, tmp_path):
    browser = _browser()
    for name, size in (("phone", "390,2400"), ("desktop", "1280,2400")):
        shot = tmp_path / f"report-{name}.png"
        done = _chromium(browser, tmp_path, f"--window-size={size}", f"--screenshot={shot}", report_file.as_uri())
        assert done.returncode == 0, done.stderr[-2000:]
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000


@pytest.mark.parametrize("width", [1280, 390])
def test_layout_holds_on_a_laptop_and_a_phone(browser, report_file, tmp_path, width):
    # Issue 16: nothing wider than the viewport, no text under 11 px, no table header broken
    # inside a word, every chart with a text alternative; measured in the page itself.
    from browser import dom_checks, new_page

    page = new_page(browser, width)
    page.goto(report_file.as_uri())
    faults = dom_checks(page)
    page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
    assert faults == {"wide": [], "small": [], "broken": [], "unlabelled": []}
    # charts scale down, never up: their 13 px text stays >= 11 px at 390 px
    scale = page.evaluate("() => Math.min(...[...document.querySelectorAll('svg.chart')]"
                          ".map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width))")
    assert 13 * scale >= 11
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_contrast_and_landmarks_hold_on_a_laptop_and_a_phone(browser, report_file, width):
    # Issue 16 item 5: WCAG AA contrast of every text (SVG text on what is drawn under it)
    # and the landmarks, computed from the page's own styles.
    from browser import a11y_checks, new_page

    page = new_page(browser, width)
    page.goto(report_file.as_uri())
    assert a11y_checks(page) == {"contrast": [], "landmarks": []}
    # every chart keeps its text alternative and a data table in the same section
    charts = page.evaluate("""() => [...document.querySelectorAll('figure')].map(f => [
        (document.getElementById(f.querySelector('svg').getAttribute('aria-labelledby')) || {}).textContent || '',
        f.closest('section').querySelectorAll('table').length])""")
    assert len(charts) == 3 and all(len(text) > 40 and tables >= 1 for text, tables in charts)
    page.context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_core_finds_no_violation(browser, report_file, width):
    # axe-core itself (bundled with axe-playwright-python, runs offline; injected through
    # Playwright, which the report's CSP does not stop): WCAG 2.2 A/AA and best practice
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is in [test]")
    from browser import new_page

    page = new_page(browser, width)
    page.goto(report_file.as_uri())
    found = axe.Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    page.context.close()
    assert found.response["violations"] == [], found.generate_snapshot()
    assert found.response["testEngine"]["name"] == "axe-core"


def test_the_checks_catch_poor_contrast_and_missing_landmarks(browser, tmp_path):
    # the checks themselves: grey on white, white text on a light SVG bar, a nameless section
    from browser import a11y_checks, new_page

    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><body><div><p style="color:#999">faint</p></div>'
                   '<main><section><p>no heading</p></section><h3>skipped</h3>'
                   '<svg width="200" height="40"><rect x="0" y="0" width="200" height="40" fill="#E69F00"/>'
                   '<text x="10" y="25" fill="#ffffff">on the bar</text></svg></main></body></html>', encoding="utf-8")
    page = new_page(browser, 1280)
    page.goto(bad.as_uri())
    faults = a11y_checks(page)
    page.context.close()
    assert [f.split('"')[1] for f in faults["contrast"]] == ["faint", "on the bar"]
    assert faults["landmarks"] == ["no page header", "outside any landmark: div", "section without a name: section",
                                   "section without a heading: section", "heading level skipped: h3 after h0"]
