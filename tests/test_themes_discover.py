"""voices themes discover | adopt: determinism, the stability filter, the scheme and queue adopt writes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from store_fixtures import make_corpus
from themes_fixtures import CONSULTATION, make_theme_corpus
from typer.testing import CliRunner

from voices import api
from voices.api.themes import _scheme_text
from voices.cli import app
from voices.errors import InputError, NotFoundError, UsageError
from voices.ids import source_id
from voices.models.scheme import scheme_for
from voices.redact import IdMask
from voices.store import Corpus
from voices.store.discovered import latest_run
from voices.themes import DiscoveryOptions, _model
from voices.themes import _describe as describe

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_theme_corpus(tmp_path_factory.mktemp("themes") / "c.duckdb")


@pytest.fixture(scope="module")
def discovered(corpus):
    result = run("themes", "discover", "--corpus", corpus, "--n", "4", "--json")
    assert result.exit_code == 0, result.output
    return result


def test_discover_finds_the_four_topics_and_stores_the_run(corpus, discovered):
    out = json.loads(discovered.stdout)
    assert out["n"] == 4 and out["method"] == "nmf-tfidf-v2" and out["n_documents"] == 60
    assert len(out["themes"]) == 4 and out["dropped"] == []
    words = [" ".join(t["terms"]) for t in out["themes"]]
    for topic in ("salary", "caseload", "registration", "outsourcing"):
        assert sum(topic in w for w in words) == 1, (topic, words)
    for t in out["themes"]:
        assert t["id"] == describe.theme_id(t["terms"]) and t["id"].startswith("d-") and len(t["id"]) == 10
        assert t["size"] == len(t["doc_ids"]) == 15
        assert 0.5 <= t["stability"] <= 1.0
        assert len(t["exemplars"]) == 3 and all(e["doc_id"] in t["doc_ids"] for e in t["exemplars"])
        assert set(t["shares"]) == {"source", "question", "respondent_type"}
        assert t["shares"]["question"] == {"What would help the workforce?": 0.25}
        assert t["overlap"] == {}  # nothing classified or labelled
    with Corpus.open(corpus) as c:  # stored with plain ids; shown keyed, as redacted reports show them
        stored, keyed = latest_run(c), IdMask.for_corpus(c)
        assert latest_run(c, out["run_id"]) == stored
    assert all(d.startswith("k") for t in out["themes"] for d in t["doc_ids"])
    assert [[keyed(d) for d in t["doc_ids"]] for t in stored["themes"]] == [t["doc_ids"] for t in out["themes"]]
    for t in stored["themes"]:
        t["doc_ids"] = [keyed(d) for d in t["doc_ids"]]
        t["exemplars"] = [{**e, "doc_id": keyed(e["doc_id"]), "id": keyed(e["id"])} for e in t["exemplars"]]
        assert list(t["shares"]["source"]) == [source_id(CONSULTATION)]  # stored plain, shown keyed
        t["shares"]["source"] = {keyed.source(s): v for s, v in t["shares"]["source"].items()}
    assert stored == out


def test_exemplars_carry_id_and_quote_as_quotes_and_reports_name_them(corpus, discovered):
    """The walk: an exemplar was ``{"doc_id", "text"}`` where `voices quotes` and the report's quotes give a
    document's ``id`` and its sentence as ``quote``; both names are added, keyed as ``doc_id`` is."""
    with Corpus.open(corpus) as c:  # the stored run keeps plain ids
        stored = latest_run(c, json.loads(discovered.stdout)["run_id"])
    for out, kind in ((json.loads(discovered.stdout), "k"), (stored, "d")):
        exemplars = [e for t in out["themes"] for e in t["exemplars"]]
        assert len(exemplars) == 12
        assert all(sorted(e) == ["doc_id", "id", "quote", "text"] for e in exemplars)
        assert all(e["id"] == e["doc_id"] and e["id"][0] == kind and e["quote"] == e["text"] for e in exemplars)


def test_same_input_gives_byte_identical_json(corpus, discovered):
    again = run("themes", "--corpus", corpus, "discover", "--n", "4", "--json")
    assert again.exit_code == 0, again.output
    assert again.stdout == discovered.stdout
    with Corpus.open(corpus) as c:  # the same run id: replaced, not duplicated
        assert c.sql("SELECT count(*) FROM discovered_themes").fetchall() == [(1,)]


def test_exemplars_are_redacted_by_default(corpus):
    out = api.discover_themes(corpus, n=4).result
    quotes = [e["text"] for t in out["themes"] for e in t["exemplars"]]
    assert not any("@example.org" in q for q in quotes)
    plain = api.discover_themes(corpus, n=4, redact=False).result
    assert plain["run_id"] != out["run_id"]  # the options are part of the run


def test_terminal_table_shows_name_size_stability_and_a_quote(corpus):
    result = run("themes", "discover", "--corpus", corpus, "--n", "4")
    assert result.exit_code == 0, result.output
    assert "stability" in result.stdout and "exemplar" in result.stdout and "15" in result.stdout
    assert "stored discovery run r-" in result.stderr and "voices themes adopt" in result.stderr


def test_stability_filter_drops_unstable_themes(corpus):
    strict = api.discover_themes(corpus, n=4, redact=False).result
    stab = sorted(t["stability"] for t in strict["themes"])
    from voices.nlp.preprocess import PREPROCESS_VERSION
    from voices.store.discovered import discovery_frame
    from voices.themes import discover

    with Corpus.open(corpus) as c:
        frame = discovery_frame(c, None, PREPROCESS_VERSION).drop(columns="codebook")
    cut = (stab[0] + stab[-1]) / 2
    opts = DiscoveryOptions(n=4, redact=False, min_stability=cut)
    filtered = discover(frame, options=opts)
    assert all(t["stability"] >= cut for t in filtered["themes"])
    assert filtered["dropped"] and all(d["stability"] < cut for d in filtered["dropped"])
    assert len(filtered["themes"]) + len(filtered["dropped"]) == 4
    assert filtered["stability_all"] == strict["stability_all"]


def test_hungarian_matching_is_one_to_one():
    a, b, c = np.arange(0, 20), np.arange(20, 40), np.arange(40, 60)
    assert _model.match([a, b, c], [c, a, b]).tolist() == [1.0, 1.0, 1.0]
    half = np.arange(10, 30)  # overlaps a and b by a third each: only one of them may take it
    assert sorted(_model.match([a, b], [half, np.arange(100, 120)]).tolist()) == [0.0, pytest.approx(1 / 3)]


def test_members_rule_and_top_decile():
    W = np.array([[1.0, 0.0], [0.5, 0.5], [0.1, 0.9], [0.0, 0.0]] + [[0.01, 0.0]] * 16)
    assert _model.members(W, 0).tolist() == [0, 1] + list(range(4, 20))
    assert _model.members(W, 1).tolist() == [1, 2]
    assert _model.top_decile(W, 1).tolist() == [1, 2]
    assert _model.top_decile(W, 0).tolist() == [0, 1]


def test_overlap_with_codebook_themes():
    mask = np.array([True, True, False, False])
    codebook = [["pay"], ["pay", "burnout"], ["burnout"], None]
    assert describe.overlap(mask, codebook) == {"burnout": 0.3333, "pay": 1.0}
    assert describe.overlap(mask, [None] * 4) == {}


def test_overlap_uses_labels_where_the_corpus_has_them(tmp_path):
    path = make_theme_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True) as c, c.transaction():
        ids = [r[0] for r in c.sql("SELECT id FROM documents WHERE text LIKE '%salary%' ORDER BY id").fetchall()]
        for i in ids:
            c.sql("INSERT INTO labels VALUES (?, 'none', ['pay'], 'tester', now())", [i])
    out = api.discover_themes(path, n=4, redact=False).result
    best = max(t["overlap"].get("pay", 0.0) for t in out["themes"])
    assert best >= 0.5


def test_adopt_adds_the_theme_to_the_scheme_and_queues_its_texts(tmp_path):
    path = make_theme_corpus(tmp_path / "c.duckdb")
    out = api.discover_themes(path, n=4).result
    theme = out["themes"][0]
    result = run("themes", "adopt", theme["id"], "--corpus", path, "--name", "lone_working",
                 "--description", "Working alone without support")
    assert result.exit_code == 0, result.output
    assert "queued 15 texts" in result.stderr
    # commands that run as printed: the learning queue (a plain `voices review` shows the validation sample)
    # and train with the corpus path and --out, which it requires
    assert (f"label them: voices review --queue learning --corpus {path}; then retrain: "
            f"voices train --task themes --corpus {path} --out models/themes") in " ".join(result.stderr.split())
    with Corpus.open(path) as c:
        scheme = scheme_for(c)
        assert scheme.themes["lone_working"].definition == "Working alone without support"
        assert list(scheme.themes["lone_working"].keywords) == theme["terms"][:5]
        assert "pay" in scheme.themes and scheme.name == "social-work-leadership"  # grown, not replaced
        rows = c.sql("SELECT doc_id, queue, reason FROM review_queue ORDER BY doc_id").fetchall()
        keyed = IdMask.for_corpus(c)
    assert sorted(keyed(r[0]) for r in rows) == sorted(theme["doc_ids"])
    assert {(r[1], r[2]) for r in rows} == {("learning", f"adopted:{theme['id']}")}


def test_adopting_a_theme_twice_under_another_name_is_refused(tmp_path):
    """A second `themes adopt ID` with another --name added a second theme with the same cues and
    queued 0 texts, splitting one theme's labels between two names. It is refused now, naming the first."""
    path = make_theme_corpus(tmp_path / "c.duckdb")
    theme = api.discover_themes(path, n=4).result["themes"][0]
    assert run("themes", "adopt", theme["id"], "--corpus", path, "--name", "lone_working",
               "--description", "Working alone without support").exit_code == 0
    with Corpus.open(path) as c:
        before = (_scheme_text(c), c.sql("SELECT count(*) FROM review_queue").fetchone()[0])
    again = run("themes", "adopt", theme["id"], "--corpus", path, "--name", "working_alone",
                "--description", "Alone at work")
    assert again.exit_code == 2, again.output
    assert again.stderr.strip() == (
        f"voices: error: theme {theme['id']} is in scheme 'social-work-leadership' already, adopted as "
        f"'lone_working': label its texts with voices review --queue learning --corpus {path}, or adopt another theme")
    with Corpus.open(path) as c:
        assert (_scheme_text(c), c.sql("SELECT count(*) FROM review_queue").fetchone()[0]) == before
        assert "working_alone" not in scheme_for(c).themes and before[1] == 15


@pytest.mark.parametrize(("args", "message"), [
    (["adopt", "d-00000000", "--name", "new_theme", "--description", "x"], "no theme 'd-00000000'"),
    (["adopt", "{id}", "--name", "pay", "--description", "x"], "already has that theme"),
    (["adopt", "{id}", "--name", "two words", "--description", "x"], "letters, digits"),
    (["adopt", "{id}", "--name", "ok", "--description", " "], "--description is empty"),
    (["adopt", "{id}", "--name", "ok", "--description", "x", "--run", "r-nope"], "no discovery run 'r-nope'"),
    (["discover", "--n", "0"], "--n 0"),
    (["discover", "--n", "many"], "--n 'many'"),
    (["discover", "--n", "9"], "too few for 9 themes"),
    (["discover", "--source", "nope"], "nope"),
])
def test_bad_input_exits_2_with_one_line(corpus, discovered, args, message):
    theme_id = json.loads(discovered.stdout)["themes"][0]["id"]
    result = run("themes", *[a.replace("{id}", theme_id) for a in args], "--corpus", corpus)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("voices: error:") and message in lines[0], lines


def test_empty_corpus_and_no_corpus_exit_2(tmp_path):
    empty = make_corpus(tmp_path / "empty.duckdb", [])
    result = run("themes", "discover", "--corpus", empty)
    assert result.exit_code == 2 and "holds no texts" in result.stderr, result.output
    result = run("themes", "discover", "--corpus", tmp_path / "missing.duckdb")
    assert result.exit_code == 2 and "no corpus at" in result.stderr, result.output
    result = run("themes", "adopt", "d-12345678", "--name", "x", "--description", "y", "--corpus", empty)
    assert result.exit_code == 2 and "no discovery run" in result.stderr, result.output


def test_adopt_with_no_run_is_not_found(tmp_path):
    path = make_theme_corpus(tmp_path / "c.duckdb")
    with pytest.raises(NotFoundError, match="run voices themes discover first"):
        api.adopt_theme(path, "d-12345678", name="x", description="y")


def test_deleting_documents_drops_discovered_runs(tmp_path):
    path = make_theme_corpus(tmp_path / "c.duckdb")
    api.discover_themes(path, n=4, redact=False)
    with Corpus.open(path) as c:
        respondent = c.sql("SELECT respondent_id FROM documents ORDER BY id LIMIT 1").fetchall()[0][0]
    api.delete(path, respondent=respondent)
    with Corpus.open(path) as c:
        assert c.sql("SELECT count(*) FROM discovered_themes").fetchall() == [(0,)]


def test_library_errors_are_typed(corpus):
    with pytest.raises(UsageError, match="--n 1"):
        api.discover_themes(corpus, n=1)
    with pytest.raises(InputError, match="too few"):
        api.discover_themes(corpus, n=7)


REAL_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-dev.jsonl"


@pytest.mark.skipif(not REAL_DEV.is_file(), reason="../shared/data/real-dev.jsonl not beside the repo")
def test_real_writing_surfaces_a_burnout_theme_the_same_way_twice():
    import pandas as pd

    from voices.themes import discover

    rows = [json.loads(line) for line in REAL_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    frame = pd.DataFrame({"id": [r["id"] for r in rows], "text": [r["text"] for r in rows], "author": None,
                          "source_id": "real", "question": None, "respondent_type": None})
    opts = DiscoveryOptions(redact=False)
    first, again = discover(frame, options=opts), discover(frame.iloc[::-1], options=opts)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)  # row order does not matter
    assert any("burnout" in t["terms"] for t in first["themes"]), [t["terms"] for t in first["themes"]]


def test_adopted_texts_come_first_in_the_learning_queue(tmp_path):
    from voices.store.queues import select

    path = make_theme_corpus(tmp_path / "c.duckdb")
    theme = api.discover_themes(path, n=4, redact=False).result["themes"][0]
    api.adopt_theme(path, theme["id"], name="lone_working", description="Working alone")
    first = [e["doc_id"] for e in theme["exemplars"]]
    with Corpus.open(path, write=True) as c:
        assert select(c, "learning", 3) == first  # no predictions needed: the queue alone
        with c.transaction():
            c.sql("INSERT INTO labels VALUES (?, 'none', ['lone_working'], 'tester', now())", [first[0]])
        assert select(c, "learning", 2) == first[1:]


def test_too_few_texts_says_so_in_the_singular_and_offers_a_smaller_n_only_when_it_helps():
    from voices.themes import fit_themes

    with pytest.raises(InputError, match=r"^1 text with \d+ recurring words? is too few for 6 themes: "
                                          r"discovery needs about 60 texts or more$"):
        fit_themes(["pay rise now please pay rise"], DiscoveryOptions(n=6))
    prepared = [f"pay rise caseload burnout staff number{i % 5}" for i in range(30)]
    with pytest.raises(InputError, match=r"too few for 4 themes: .* or more \(or a smaller --n\)$"):
        fit_themes(prepared, DiscoveryOptions(n=4))
