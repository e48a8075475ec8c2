"""Renderers: escaping, the HTML's self-containment and accessibility markup, csv/json contracts."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from report_fixtures import FakeStance, classified_corpus

from voices.errors import InputError
from voices.report import build_report, render
from voices.report.markdown import esc
from voices.schemas import PREDICTION_FIELDS


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = classified_corpus(tmp_path_factory.mktemp("r") / "c.duckdb")
    return build_report(path, stance_model=FakeStance(), scheme="corpora/schemes/social-work-leadership.toml",
                        generated="2025-06-01")


def test_html_is_self_contained_escaped_and_accessible(report):
    html = render(report, "html")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "default-src &#x27;none&#x27;" in html or "default-src 'none'" in html
    assert "<script" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;document.title=&#x27;PWNED2&#x27;&quot;&gt;" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing fetched
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 3 and all('role="img"' in s and "aria-labelledby=" in s for s in svgs)
    for cap in re.findall(r'aria-labelledby="([^"]+)"', " ".join(svgs)):
        assert f'<figcaption id="{cap}">' in html
    assert html.count("<caption>") >= 8 and 'scope="col"' in html and 'scope="row"' in html
    assert "#0072B2" in html  # Okabe-Ito
    assert "Directors must be social workers." in html  # a quote
    assert render(report, "html") == html  # deterministic


def test_markdown_escapes_markup(report):
    md = render(report, "md")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert esc("a | b *c* [x](y) <b>") == r"a \| b \*c\* \[x\](y) &lt;b&gt;"
    assert "| Social workers lead | 5 | 45.5% | 21.3–72.0% |" in md  # the scheme's name, not the id


def test_csv_is_tidy_and_safe(report):
    text = render(report, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == ["table", "scope", "row", "stance", "measure", "value"]
    count = next(r for r in rows if r["table"] == "stance_distribution" and r["scope"] == "overall"
                 and r["stance"] == "system_leaders" and r["measure"] == "count")
    assert count["value"] == "3"
    assert {r["table"] for r in rows} >= {"themes", "by_month", "thread_dynamics", "campaigns", "closed_answer_vs_stance:Q1"}
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    share = next(r for r in rows if r["table"] == "stance_distribution" and r["scope"] == "overall"
                 and r["stance"] == "social_work_leaders" and r["measure"] == "share")
    assert share["value"] == "0.4545"  # 5 of 11, rounded to 4 decimals
    decimals = [len(r["value"].split(".")[1]) for r in rows if re.fullmatch(r"-?\d+\.\d+", r["value"])]
    assert decimals and max(decimals) <= 4


def test_json_uses_prediction_field_names(report):
    data = json.loads(render(report, "json"))
    assert data["overall"]["rows"][0].keys() >= {"stance", "count", "share", "ci_low", "ci_high", "adjusted_share"}
    review = data["review_low_confidence"][0]
    assert {"stance", "stance_probability"} <= set(review) and set(review) & set(PREDICTION_FIELDS)
    assert data["methods"]["generated"] == "2025-06-01"
    assert "self-selected" in data["methods"]["caveat"]


def test_table_text(report):
    text = render(report, "table")
    assert "95% CI" in text and "Social workers lead" in text and "How this report was made" in text
    assert "social_work_leaders" not in text  # ids stay in JSON and CSV


def test_table_text_shows_the_largest_campaigns_and_says_where_the_rest_are(report):
    # A terminal report is for reading: 2,872 campaign rows took seconds to draw and nobody reads them there.
    from dataclasses import replace

    from voices.report.data import Campaign
    from voices.report.table import TERMINAL_ROWS

    many = [Campaign(f"campaign-{i}", 3 + i % 7 + (40 if i == 25 else 0), None, [f"d{i}"], f"template {i} text")
            for i in range(1, 31)]
    text = render(replace(report, campaigns=many), "table")
    shown = re.findall(r"campaign-(\d+)", text)
    assert len(shown) == TERMINAL_ROWS == 10
    assert shown[:2] == ["25", "6"]  # the largest first (49 copies, then 9), ties in report order
    assert "and 20 more campaigns (30 in all): see voices report --format csv or md" in " ".join(text.split())
    # the full list stays in every other format
    assert len(set(re.findall(r"campaign-(\d+)", render(replace(report, campaigns=many), "md")))) == 30
    few = render(replace(report, campaigns=many[:TERMINAL_ROWS]), "table")
    assert len(re.findall(r"campaign-(\d+)", few)) == TERMINAL_ROWS and "more campaigns" not in few


def test_unknown_format(report):
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        render(report, "pdf")


def test_error_bars_never_negative_when_a_bound_rounds_past_the_share():
    from voices.report.charts import whisker

    below, above = whisker(1.0, 0.8, 1.0 - 1e-16)
    assert abs(below - 0.2) < 1e-12 and above == 0.0
    assert whisker(0.0, 1e-17, 0.2) == (0.0, 0.2)


def test_html_and_charts_stay_small(report):
    # Issue 16 asks for <= 150 KB a report and <= 10 KB a chart; dotted hatches made the stance chart 360 KB.
    # Charts are built from the data (a rect per bar, a polyline per line), not matplotlib paths.
    html = render(report, "html")
    assert len(html.encode()) <= 150_000
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 3 and max(len(s.encode()) for s in charts) <= 10_000


def test_a_stance_model_that_is_not_one_is_refused(tmp_path):
    """--stance-model pointing at a folder without meta.json, or a themes model, was passed over with exit 0."""
    from typer.testing import CliRunner

    from voices.cli import app

    corpus = classified_corpus(tmp_path / "c.duckdb")
    (tmp_path / "notes").mkdir()
    themes = tmp_path / "themes-model"
    themes.mkdir()
    (themes / "meta.json").write_text(json.dumps({"format": 1, "model_id": "m", "task": "themes", "labels": ["pay"],
                                                  "preprocess_version": "1", "cv": {}, "training_data": {}}))
    for model, needle in ((tmp_path / "notes", "notes is not a model directory (no meta.json"),
                          (tmp_path / "nothere", "no such model"),
                          (themes, "is a themes model: give the stance model")):
        res = CliRunner().invoke(app, ["report", "--format", "md", "--stance-model", str(model),
                                       "--corpus", str(corpus)])
        assert res.exit_code == 2 and needle in res.output and res.output.count("\n") == 1, res.output
