"""Authors that name nobody ("Anonymous", "Guest", "N/A", "-"): several people, not one commenter.

Everyone who posts without a name is stored under the same author, so a report took them for one
commenter (a template three of them posted was no campaign; one quote for all of them; one
"Commenter N") and ``voices delete --author Anonymous`` would have erased every one of them.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from report_fixtures import no_entities
from typer.testing import CliRunner

from voices.cli import app
from voices.placeholders import names_nobody
from voices.redact import Redactor
from voices.report.campaigns import find_campaigns
from voices.store import Corpus

runner = CliRunner()
TEMPLATE = "Directors must be registered social workers so that practice is led by people who have done the job."


def test_placeholder_names_are_told_from_names():
    assert [names_nobody(a) for a in ("Anonymous", "ANON", " guest ", "Unknown", "N/A", "-", "", None)] == [True] * 8
    assert [names_nobody(a) for a in ("Jo Bloggs", "Anonymous Parent", "Guesty", "Ann")] == [False] * 4


def test_a_template_posted_by_three_anonymous_commenters_is_a_campaign():
    """Three copies from 'Anonymous', 'Anonymous' and 'Guest' counted as two respondents: no campaign (three
    are needed). Three copies by one named author are still one respondent."""
    frame = pd.DataFrame({"id": ["a", "b", "c", "d", "e", "f"], "text": [TEMPLATE] * 3 + [TEMPLATE.upper()] * 3,
                          "author": ["Anonymous", "anonymous", "Guest", "Jo Bloggs", "Jo Bloggs", "jo bloggs"]})
    assert find_campaigns(frame[:3]) == [["a", "b", "c"]]
    assert find_campaigns(frame[3:]) == []


def test_a_redacted_output_shows_a_placeholder_author_as_no_numbered_commenter():
    """'Anonymous' and 'Guest' were 'Commenter 1' and 'Commenter 3' beside Jo's 'Commenter 2': every anonymous
    post read as one person's."""
    r = Redactor(["Anonymous", "Jo Bloggs", "Guest", "N/A", "Kit"], entities=no_entities)
    assert [r.pseudonym(a) for a in ("Anonymous", "Jo Bloggs", "guest", "N/A", "-", "Kit", None)] == [
        "an unnamed commenter", "Commenter 1", "an unnamed commenter", "an unnamed commenter",
        "an unnamed commenter", "Commenter 2", None]


def _thread(tmp_path):
    rows = [("c1", "Anonymous", TEMPLATE), ("c2", "Anonymous", TEMPLATE), ("c3", "Guest", TEMPLATE),
            ("c4", "Jo Bloggs", "Agency spending keeps rising while permanent staff leave for less stressful jobs."),
            ("c5", "Anonymous", "Leaders who have never done the job cannot see why staff leave the frontline."),
            ("c6", "N/A", "A director is a system leader across the whole system and registration adds nothing.")]
    path = tmp_path / "thread.jsonl"
    path.write_text("".join(json.dumps({"id": i, "author": a, "date": f"2024-03-0{n}", "text": t}) + "\n"
                            for n, (i, a, t) in enumerate(rows, 1)), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return corpus


def test_a_report_counts_anonymous_commenters_apart(tmp_path):
    """Checked by hand: c1-c3 are one template from three unnamed posters (a campaign of 3); c1 and c5 are both
    'Anonymous' and both quotable for the first stance, so both are quoted, each as 'an unnamed commenter'."""
    from report_fixtures import FakeStance, FakeThemes

    from voices.classify import classify_corpus

    corpus = _thread(tmp_path)
    classify_corpus(corpus, stance_model=FakeStance(), themes_model=FakeThemes())
    result = runner.invoke(app, ["report", "--corpus", str(corpus), "--format", "json", "--redact"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [c["size"] for c in report["campaigns"]] == [3]
    assert len(report["campaigns"][0]["doc_ids"]) == 3
    quoted = sorted((q["author"], q["text"][:22]) for q in report["quotes"]["social_work_leaders"])
    assert quoted == [("an unnamed commenter", "Directors must be regi"), ("an unnamed commenter", "Leaders who have never")]
    assert [(q["author"], q["text"][:20]) for q in report["quotes"]["system_leaders"]] == [
        ("an unnamed commenter", "A director is a syst")]


@pytest.mark.parametrize("author", ["Anonymous", " guest ", "N/A", "-", "Unknown"])
def test_delete_refuses_an_author_several_people_post_under(tmp_path, author):
    corpus = _thread(tmp_path)
    before = corpus.read_bytes()
    result = runner.invoke(app, ["delete", "--author", author, "--corpus", str(corpus)])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message == (f"voices: error: --author {author.strip()!r} is a placeholder several people post under, "
                       "not one person's name: deleting it would erase all of them; delete that person's documents "
                       "one by one with --id DOC_ID (voices export lists documents with their ids and authors)")
    assert corpus.read_bytes() == before
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM documents").fetchone()[0] == 6
