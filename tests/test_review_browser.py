"""The review page in a real browser: 20 labels by keyboard alone, undo, markup shown as text, 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import dom_checks, new_page
from review_fixtures import campaign_corpus, review_corpus, running, sample_ids, stored_labels

pytestmark = pytest.mark.slow

# pointer events the page sees; the keyboard test must cause none
_WATCH = """() => { window.__pointer = 0;
  for (const t of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'mousemove'])
    document.addEventListener(t, e => { if (e.isTrusted) window.__pointer++; }, true); }"""


def _progress(page, done: int) -> None:
    page.wait_for_function("n => document.getElementById('progress').textContent.includes(': ' + n + ' of')",
                           arg=done, timeout=10_000)


def test_twenty_labels_by_keyboard_alone_then_undo(browser, tmp_path: Path):
    corpus = review_corpus(tmp_path / "c.duckdb")
    ids = sample_ids(corpus)
    with running(corpus) as server:
        page = new_page(browser, 390, 800)
        page.goto(server.url)
        assert page.url == f"http://127.0.0.1:{server.port}/"  # the token left the address bar
        _progress(page, 0)
        page.evaluate(_WATCH)
        assert dom_checks(page)["wide"] == [] and dom_checks(page)["small"] == []
        expected = {}
        for i in range(20):
            stance_key = str(1 + i % 4)
            if i % 5 == 0:
                page.keyboard.press("b")  # toggle the second theme, pay
            page.keyboard.press(stance_key)
            _progress(page, i + 1)
            stance = ["social_work_leaders", "system_leaders", "practice_connected", "none"][i % 4]
            expected[ids[i]] = (stance, ["pay"] if i % 5 == 0 else [])
        page.keyboard.press("u")
        _progress(page, 19)
        del expected[ids[19]]
        assert page.evaluate("window.__pointer") == 0
        first = page.locator("#stances button").first  # a labelled control that shows its key
        assert first.get_attribute("aria-keyshortcuts") == "1"
        assert first.text_content().startswith("1 social_work_leaders")
        page.context.close()
    assert stored_labels(corpus) == expected


def test_markup_in_a_text_shows_as_text(browser, tmp_path: Path):
    corpus = review_corpus(tmp_path / "c.duckdb")
    from voices.store import Corpus

    with Corpus.open(corpus) as c:
        hostile = c.sql("SELECT id, text FROM documents WHERE text LIKE '%<script>%'").fetchone()
    with Corpus.open(corpus, write=True) as c:  # make it the first text of the sample
        c.sql("UPDATE validation_sample SET draw = 2 WHERE doc_id <> ?", [hostile[0]])
    with running(corpus) as server:
        page = new_page(browser)
        page.goto(server.url)
        _progress(page, 0)
        assert page.locator("#text").text_content() == hostile[1]
        assert page.locator("#text script, #text img, #text b").count() == 0
        assert page.title() == "voices review"
        page.context.close()


def test_the_learning_page_says_how_many_copies_it_leaves_out(browser, tmp_path: Path):
    """The page offered each copy of a campaign text; it shows each text once now, and says so where it counts."""
    corpus = campaign_corpus(tmp_path / "c.duckdb")
    with running(corpus, "learning", retrain_every=50) as server:
        page = new_page(browser)
        page.goto(server.url)
        _progress(page, 0)
        assert page.locator("#progress").text_content() == (
            "learning queue: 0 of 30 labelled (0 this session, 0 skipped); 4 word-for-word copies of these texts "
            "left out: each text is shown once")
        page.context.close()
