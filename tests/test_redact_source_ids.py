"""A redacted output shows a source's id keyed with the corpus's secret, and ``--source`` takes it back.

A source id is a plain hash of its URL (or title): a redacted output kept a title such as "Notes"
while the URL, a personal blog, is never shown, yet printed the id, so anyone could hash a guessed
URL and confirm it (``voices.ids.source_id``).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from redacted_outputs import REDACTED, run
from report_fixtures import FakeStance, FakeThemes
from store_fixtures import make_corpus
from themes_fixtures import theme_records
from typer.testing import CliRunner

from voices.cli import app
from voices.ids import keyed_source_id, source_id
from voices.schemas import Record, Source

runner = CliRunner()

BLOG = Source(title="Notes", kind="consultation", url="https://mira-tallis.example.net/notes")
PLAIN = Source(title="Who should lead social work?", kind="thread")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from voices.classify import classify_corpus

    records = [dataclasses.replace(r, source=BLOG) for r in theme_records()]
    records += [Record(PLAIN, "comment", "Directors must be social workers, and our pay is frozen.", "c1",
                       author="Sam", posted_at="2024-03-05T10:00:00")]
    path = make_corpus(tmp_path_factory.mktemp("sourceids") / "c.duckdb", records)
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    return path


def _keyed(corpus: Path) -> dict[str, str]:
    """Plain source id -> the keyed id every redacted output of this corpus shows."""
    from voices.store import Corpus
    from voices.store.secrets import redaction_key

    with Corpus.open(corpus, create=False) as c:
        key = redaction_key(c)
    assert key is not None
    return {source_id(s): keyed_source_id(key, source_id(s)) for s in (BLOG, PLAIN)}


@pytest.mark.parametrize("name", list(REDACTED))
def test_no_redacted_output_shows_a_plain_source_id(corpus, tmp_path, name):
    shown = run(corpus, tmp_path, *REDACTED[name])
    assert source_id(BLOG) not in shown and source_id(PLAIN) not in shown, name
    assert "Notes" in shown  # the title stays: only the id was the leak


def test_every_redacted_output_shows_the_same_keyed_source_id(corpus, tmp_path):
    keyed = _keyed(corpus)
    blog, plain = keyed[source_id(BLOG)], keyed[source_id(PLAIN)]
    assert blog.startswith("ks") and len(blog) == 14 and blog != plain
    rows = [json.loads(x) for x in run(corpus, tmp_path, *REDACTED["export jsonl"]).splitlines()]
    assert {(r["source_id"], r["source_title"]) for r in rows} == {(blog, "Notes"), (plain, PLAIN.title)}
    report = json.loads(run(corpus, tmp_path, *REDACTED["report json"]))
    assert {(s["source_id"], s["source_title"]) for s in report["sources"]} == {(blog, "Notes"),
                                                                                  (plain, PLAIN.title)}
    quotes = json.loads(run(corpus, tmp_path, *REDACTED["quotes json"]))
    assert {(q["source_id"], q["source_title"]) for q in quotes["quotes"]} == {(blog, "Notes"), (plain, PLAIN.title)}
    discovered = runner.invoke(app, ["themes", "discover", "--n", "4", "--json", "--corpus", str(corpus)])
    assert discovered.exit_code == 0, discovered.output
    assert {k for t in json.loads(discovered.stdout)["themes"] for k in t["shares"]["source"]} <= {blog, plain}
    assert source_id(BLOG) not in discovered.stdout
    rows = [json.loads(x) for x in run(corpus, tmp_path, ["export", "--format", "jsonl"], None, None).splitlines()]
    assert {r["source_id"] for r in rows} == {source_id(BLOG), source_id(PLAIN)}  # unredacted: as stored


def test_source_takes_the_keyed_id_or_a_prefix_of_it(corpus, tmp_path):
    blog = _keyed(corpus)[source_id(BLOG)]
    for given in (blog, blog[:6]):
        rows = [json.loads(x) for x in run(corpus, tmp_path, ["export", "--format", "jsonl", "--source", given],
                                           None, None).splitlines()]
        assert len(rows) == 60 and {r["source_id"] for r in rows} == {source_id(BLOG)}
    result = runner.invoke(app, ["export", "--format", "jsonl", "--source", "ks000000000000", "--corpus", str(corpus)])
    assert result.exit_code == 2 and "no source 'ks000000000000'" in result.output


def test_delete_source_takes_the_keyed_id(tmp_path):
    from voices.store import Corpus

    path = make_corpus(tmp_path / "c.duckdb", [
        Record(BLOG, "comment", "Pay is frozen.", "c1", author="Sam", posted_at="2024-03-05T10:00:00"),
        Record(PLAIN, "comment", "Caseloads are too high.", "c2", author="Kim", posted_at="2024-03-06T10:00:00")])
    blog = _keyed(path)[source_id(BLOG)]
    result = runner.invoke(app, ["delete", "--source", blog, "--corpus", str(path)])
    assert result.exit_code == 0, result.output
    with Corpus.open(path, create=False) as c:
        assert c.sql("SELECT source_id, text FROM documents").fetchall() == [(source_id(PLAIN),
                                                                              "Caseloads are too high.")]


def test_an_ambiguous_keyed_prefix_is_not_answered_with_plain_ids(tmp_path):
    """``--source ks36`` matching two sources named their plain ids, the hashes a redacted output hides."""
    from voices.store import Corpus
    from voices.store.secrets import REDACTION_KEY

    key = b"\x01" * 32
    sources = [Source(title=f"Thread {n}", kind="thread") for n in range(60)]
    by_prefix: dict[str, list[Source]] = {}
    for s in sources:  # two sources whose keyed ids share "ks" and two hex digits under this key
        by_prefix.setdefault(keyed_source_id(key, source_id(s))[:4], []).append(s)
    prefix, pair = next((p, ss[:2]) for p, ss in sorted(by_prefix.items()) if len(ss) > 1)
    path = make_corpus(tmp_path / "c.duckdb", [Record(s, "comment", f"Text {n}.", f"c{n}", author="Sam")
                                               for n, s in enumerate(pair)])
    with Corpus.open(path, write=True) as c:
        c.sql("UPDATE secrets SET value = ? WHERE name = ?", [key, REDACTION_KEY])
    result = runner.invoke(app, ["export", "--format", "jsonl", "--source", prefix, "--corpus", str(path)])
    assert result.exit_code == 2
    assert f"source prefix '{prefix}' is ambiguous (2 sources): give more of it" in result.output
    assert not any(source_id(s) in result.output for s in pair)
    plain = runner.invoke(app, ["export", "--format", "jsonl", "--source", "s", "--corpus", str(path)])
    assert plain.exit_code == 2 and all(source_id(s) in plain.output for s in pair)  # plain prefixes as before


@pytest.mark.parametrize("command", [["export"], ["report"], ["quotes"], ["classify"], ["delete"],
                                     ["themes", "discover"], ["scheme", "set"]])
def test_every_source_option_says_it_takes_the_keyed_id(command):
    """The README lists these seven; ``scheme set`` and ``themes discover`` said "source id (or prefix)"."""
    result = runner.invoke(app, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert "or the keyed id a redacted output shows" in words, command
