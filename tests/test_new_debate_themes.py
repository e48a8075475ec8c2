"""A new debate whose scheme has themes but no themes model yet: classify tags stance only and
says why, the report says its themes are never counted, and a themes model given by hand that
does not fit is still refused.

The texts are the made-up library debate of tests/fixtures/library (see test_own_labels.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.models import default_model_dir
from voices.store import Corpus

FIX = Path(__file__).parent / "fixtures" / "library"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    """scheme init (with themes) -> ingest -> scheme set -> stance labels -> train --task stance."""
    tmp = tmp_path_factory.mktemp("themes_untrained")
    scheme, corpus = tmp / "sundays.toml", tmp / "c.duckdb"
    assert (r := run("scheme", "init", "--proposition", "Open the town library on Sundays", "--out", scheme,
                     "--stance", "for=Wants Sunday opening", "--stance", "against=Does not want it",
                     "--stance", "none=No position", "--theme", "cost=What it would cost",
                     "--theme", "staffing=Who would work the Sundays")).exit_code == 0, r.output
    assert (r := run("ingest", *sorted(FIX.glob("*.jsonl")), "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    gold = {d["text"]: d["stance"] for f in sorted(FIX.glob("*.jsonl")) for d in map(json.loads, f.open())}
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
    (tmp / "labels.csv").write_text("id,stance\n" + "".join(f"{d},{gold[t]}\n" for d, t in docs), encoding="utf-8")
    assert (r := run("label", "--from", tmp / "labels.csv", "--corpus", corpus)).exit_code == 0, r.output
    assert (r := run("train", "--task", "stance", "--corpus", corpus, "--out", tmp / "m")).exit_code == 0, r.output
    return {"corpus": corpus, "model": tmp / "m", "n": len(docs)}


def test_classify_tags_stance_and_says_why_themes_are_not(debate):
    r = run("classify", "--corpus", debate["corpus"], "--stance-model", debate["model"], "--json")
    assert r.exit_code == 0, r.output  # it was exit 2: the shipped themes model, never asked for, did not fit
    done = json.loads(r.stdout)
    assert done["classified"] == debate["n"]
    assert done["themes_not_tagged"].startswith("themes not tagged: the scheme has themes and no themes model fits")
    assert "voices train --task themes" in r.stderr
    with Corpus.open(debate["corpus"]) as c:
        rows = c.sql("""SELECT themes, theme_probabilities, themes_model, count(*), count(stance)
                        FROM predictions GROUP BY ALL""").fetchall()
    assert rows == [([], "{}", None, debate["n"], debate["n"])]
    report = run("report", "--corpus", debate["corpus"], "--format", "json")
    assert report.exit_code == 0, report.output
    notes = json.loads(report.stdout)["methods"]["notes"]
    assert "no themes model tagged these texts: the themes of scheme 'sundays' are never counted: train one " \
           "(voices train --task themes) and classify with it" in notes


def test_a_themes_model_given_by_hand_that_does_not_fit_is_still_refused(debate):
    r = run("classify", "--corpus", debate["corpus"], "--stance-model", debate["model"],
            "--themes-model", default_model_dir("themes"), "--all")
    assert r.exit_code == 2
    assert "are not in the corpus's scheme 'sundays'" in r.stderr


def test_a_corpus_of_two_debates_keeps_the_refusal_and_one_source_classifies(tmp_path):
    """Source B under a new scheme (the shipped stances, themes of its own), source A under the shipped one:
    the shipped themes model fits A, so classifying both is refused as before (tagging A with no themes would
    be wrong), with --source or without (a plain classify read the corpus-wide scheme only, and tagged B with
    the shipped themes); `--source B` alone tags B's stance and says its themes were not tagged."""
    corpus, scheme = tmp_path / "c.duckdb", tmp_path / "b.toml"
    stances = ["social_work_leaders=Leaders must be social workers", "system_leaders=Directors lead systems",
               "practice_connected=Leaders stay close to practice", "none=No position"]
    args = ["scheme", "init", "--proposition", "Who should lead social work", "--out", scheme,
            "--theme", "funding=Money for services"]
    assert (r := run(*args, *[x for s in stances for x in ("--stance", s)])).exit_code == 0, r.output
    files = sorted(FIX.glob("*.jsonl"))[:2]
    assert (r := run("ingest", *files, "--corpus", corpus, "-q")).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        a, b = (sid for (sid,) in c.sql("SELECT DISTINCT source_id FROM documents ORDER BY 1").fetchall())
    assert (r := run("scheme", "--corpus", corpus, "set", "--source", b, scheme)).exit_code == 0, r.output
    r = run("classify", "--corpus", corpus, "--source", a, "--source", b)
    assert r.exit_code == 2 and "are not in the corpus's scheme 'b'" in r.stderr
    r = run("classify", "--corpus", corpus)  # every source's scheme, not the corpus-wide one alone
    assert r.exit_code == 2 and "are not in the corpus's scheme 'b'" in r.stderr
    r = run("classify", "--corpus", corpus, "--source", b, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["themes_not_tagged"].startswith("themes not tagged")
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT DISTINCT d.source_id, p.themes_model FROM predictions p JOIN documents d "
                     "ON d.id = p.doc_id").fetchall() == [(b, None)]


def test_a_plain_classify_of_a_debate_without_themes_beside_one_with_says_to_classify_apart(tmp_path):
    """Source B under a scheme with no themes, A under the shipped one: the refusal said "leave out
    --themes-model", a flag nobody gave; it now says to classify each debate's sources apart."""
    corpus, scheme = tmp_path / "c.duckdb", tmp_path / "b.toml"
    stances = ["social_work_leaders=a", "system_leaders=b", "practice_connected=c", "none=d"]
    args = ["scheme", "init", "--proposition", "Who should lead social work", "--out", scheme]
    assert (r := run(*args, *[x for s in stances for x in ("--stance", s)])).exit_code == 0, r.output
    assert (r := run("ingest", *sorted(FIX.glob("*.jsonl"))[:2], "--corpus", corpus, "-q")).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        b = c.sql("SELECT DISTINCT source_id FROM documents ORDER BY 1").fetchall()[-1][0]
    assert (r := run("scheme", "--corpus", corpus, "set", "--source", b, scheme)).exit_code == 0, r.output
    r = run("classify", "--corpus", corpus)
    assert r.exit_code == 2
    assert r.stderr.endswith("are not in the corpus's scheme 'b'; the scheme has no themes, and another source's "
                             "scheme has: classify each debate's sources apart (voices classify --source ID, stance "
                             "only for this one)\n")
    r = run("classify", "--corpus", corpus, "--source", b)
    assert r.exit_code == 0, r.output
