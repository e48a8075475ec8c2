"""Shapes a read of redacted real writing found left in a text's body, one group each: a site named after
its writer, a US street address and ZIP code, a job title with the employer that makes it one person's.

Texts are project-written look-alikes; none is copied from the writing that was read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_fixtures import no_entities
from typer.testing import CliRunner

from voices.cli import app
from voices.redact import Redactor

runner = CliRunner()


def _exported(tmp_path: Path, texts: list[str]) -> list[str]:
    """``texts`` ingested through the CLI, then as ``export --redact`` shows them."""
    source, corpus = tmp_path / "t.jsonl", tmp_path / "c.duckdb"
    source.write_text("".join(json.dumps({"id": f"m{i}", "text": t, "author": "Ira"}) + "\n"
                              for i, t in enumerate(texts)), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return [json.loads(line)["text"] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(("text", "shown"), [
    ("see janesmith.com for the rest", "see [PROFILE] for the rest"),
    ("my blog at www.tomhollis-socialwork.co.uk.", "my blog at [PROFILE]."),
    ("email me via kwamemensah.net or JaneSmith.org", "email me via [PROFILE] or [PROFILE]"),
    ("read https://Kwamemensah.net/2024/05/why-i-left, then", "read [PROFILE], then"),
    ("(jane-smith.co.uk) and CHLOEBROWN.COM", "([PROFILE]) and [PROFILE]"),
])
def test_a_host_a_name_is_built_from_goes_whole_in_a_body(text, shown):
    assert Redactor(entities=no_entities).redact(text) == shown


@pytest.mark.parametrize("text", [
    "Read communitycare.co.uk, basw.co.uk and gov.uk.",
    "theguardian.com and mumsnet.com say so; markdownguide.org, willpower.com too.",
    "https://www.communitycare.co.uk/2024/01/pay and www.gov.uk/guidance/working-together",
    "nspcc.org.uk, barnardos.org.uk, researchinpractice.org.uk, victoriahouse.org, bristol.gov.uk",
    "e.g. this, i.e. that, notes.txt, Mr.Smith, version 2.0",
])
def test_an_ordinary_host_in_a_body_stays(text):
    assert Redactor(entities=no_entities).redact(text) == text


def test_a_host_in_a_title_is_read_by_the_title_rule_as_before():
    r = Redactor(entities=no_entities)
    assert r.source_title("see janesmith.com") == "see [PERSON].com"


def test_a_named_host_leaves_no_name_in_a_redacted_export(tmp_path):
    texts = ["More on my blog at www.tomhollis-socialwork.co.uk and at kwamemensah.net, as communitycare.co.uk said."]
    assert _exported(tmp_path, texts) == ["More on my blog at [PROFILE] and at [PROFILE], as communitycare.co.uk said."]
