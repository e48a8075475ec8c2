"""The report's "Human labels used" beside the stance table's human-labelled count: a label on a campaign copy
(the campaign is counted once) or on an article (never classified) is used by no figure, and the report says so."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from report_fixtures import CAMPAIGN_TEXT
from test_report_aggregate import doc

from voices.report.aggregate import aggregate
from voices.report.html import render_html
from voices.report.machine import render_csv, render_json
from voices.report.markdown import render_markdown
from voices.report.table import render_text


def labelled_frame() -> pd.DataFrame:
    """Four labels: one counted, two on copies of a campaign of three, one on an article."""
    rows = [doc(f"a{i}", "social_work_leaders", text=CAMPAIGN_TEXT, respondent_id=f"R{i}", author=f"writer {i}",
                label_stance="system_leaders" if i > 1 else None) for i in (1, 2, 3)]
    rows += [doc("b1", "none", label_stance="practice_connected"), doc("c1", "practice_connected"),
             doc("d0", None, kind="article", label_stance="none", stance_model=None, themes_model=None)]
    return pd.DataFrame(rows)


def test_the_labels_no_figure_uses_are_counted_apart():
    r = aggregate(labelled_frame())
    assert (r.human_labels, r.overall.human_labelled) == (4, 1)
    assert (r.human_labels_copies, r.human_labels_articles) == (2, 1)
    assert r.overall.campaign_copies == 2


WORDS = ("Human labels used: 4 (1 in the stance counts; 2 on campaign copies, each campaign counted once; "
         "1 on an article, never classified)")


@pytest.mark.parametrize("render", [render_markdown, render_html, lambda r: render_text(r, width=400)])
def test_each_rendered_report_says_where_the_other_labels_went(render):
    assert WORDS in " ".join(str(render(aggregate(labelled_frame()))).split())


def test_json_and_csv_carry_the_two_counts():
    r = aggregate(labelled_frame())
    data = json.loads(render_json(r))
    assert (data["human_labels"], data["human_labels_copies"], data["human_labels_articles"]) == (4, 2, 1)
    rows = [line.split(",") for line in render_csv(r).splitlines()]
    assert ["methods", "overall", "", "", "human_labels_copies", "2"] in rows
    assert ["methods", "overall", "", "", "human_labels_articles", "1"] in rows


def test_with_every_label_counted_the_line_is_as_before():
    frame = labelled_frame().iloc[[0, 3, 4]]
    assert "Human labels used: 1. Not in English" in render_markdown(aggregate(frame))
