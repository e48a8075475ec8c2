"""The "How accurate on these texts" block leaves out texts a model learnt elsewhere.

It found a model's training texts only by the ids ``train --corpus`` records under the corpus's
secret, so a model trained with ``--data`` on an export, or with ``--corpus`` on another corpus
holding the same texts, was scored on its own training texts in the validation sample, a
flattering figure. Its ``training_data.text_keys`` find them now.

Corpus A holds two of the made-up library debate's files (tests/fixtures/library), all labelled;
corpus B holds all three, every text labelled in B's validation sample.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

FIX = Path(__file__).parent / "fixtures" / "library"
TRAINED = ["council-page.jsonl", "parents-group.jsonl"]  # 30 texts
THEMES = [x for t in ("cost=Money, budgets, council tax", "staffing=Staff, their hours and days off",
                       "family=Children and parents", "working_hours=People at work when the library is open",
                       "study=Students, revision, quiet space") for x in ("--theme", t)]
runner = CliRunner()


def run(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def _gold() -> dict[str, dict]:
    return {d["text"]: d for f in sorted(FIX.glob("*.jsonl")) for d in map(json.loads, f.open())}


def _label_all(corpus: Path, sheet: Path, *, validation: bool) -> None:
    gold = _gold()
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
    lines = ["id,stance,themes,validation"] + [f"{d},{gold[t]['stance']},{';'.join(gold[t]['themes'])},"
                                               f"{'yes' if validation else ''}" for d, t in docs]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run("label", "--from", sheet, "--corpus", corpus)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """Corpus A labelled and trained on (``--data`` on its export, and ``--corpus``); corpus B sampled."""
    tmp = tmp_path_factory.mktemp("elsewhere")
    scheme, a, b = tmp / "library.toml", tmp / "a.duckdb", tmp / "b.duckdb"
    run("scheme", "init", "--proposition", "Open the town library on Sundays", "--out", scheme,
        "--stance", "for=Wants the library open on Sundays", "--stance", "against=Does not want Sunday opening",
        "--stance", "none=No position on Sunday opening", *THEMES)
    run("ingest", *(FIX / f for f in TRAINED), "--corpus", a, "-q")
    run("scheme", "--corpus", a, "set", scheme)
    _label_all(a, tmp / "a.csv", validation=False)
    exported = run("export", "--labelled", "--format", "jsonl", "--corpus", a).stdout
    (tmp / "labelled.jsonl").write_text(exported, encoding="utf-8")
    run("train", "--task", "stance", "--data", tmp / "labelled.jsonl", "--scheme", scheme, "--out", tmp / "from-file", "-q")
    run("train", "--task", "stance", "--corpus", a, "--out", tmp / "from-a", "-q")
    run("train", "--task", "themes", "--corpus", a, "--out", tmp / "themes", "-q")
    run("ingest", *sorted(FIX.glob("*.jsonl")), "--corpus", b, "-q")
    run("scheme", "--corpus", b, "set", scheme)
    return {"tmp": tmp, "b": b}


def _scored_in_b(setup, model: str) -> tuple[dict, list[str], float]:
    """B classified with ``model`` and every text labelled as validation: the report's accuracy block,
    its notes, and the accuracy computed here over the texts the model never saw (town-forum's 18)."""
    b, tmp = setup["b"], setup["tmp"]
    # labelled into the sample first: once a model that learnt them tagged B, label --from refuses them
    _label_all(b, tmp / "b.csv", validation=True)
    run("classify", "--corpus", b, "--stance-model", tmp / model, "--themes-model", tmp / "themes", "--all")
    gold = _gold()
    trained = {t for f in TRAINED for t in (json.loads(x)["text"] for x in (FIX / f).open())}
    with Corpus.open(b) as c:
        rows = c.sql("SELECT d.text, p.stance FROM documents d JOIN predictions p ON p.doc_id = d.id").fetchall()
        assert c.sql("SELECT count(*) FROM validation_sample").fetchall()[0][0] == 48
    unseen = [(gold[t]['stance'], s) for t, s in rows if t not in trained]
    data = json.loads(run("report", "--corpus", b, "--format", "json", "--no-redact").stdout)
    return data["accuracy"], data["methods"]["notes"], sum(h == p for h, p in unseen) / len(unseen)


NOTE = ("30 validation texts left out of 'How accurate on these texts': the stance model that tagged them was "
        "trained on them (the same text was in its training data: a copy labelled here, a file or another corpus)")


def test_a_model_trained_on_an_export_with_data_is_not_scored_on_those_texts(setup):
    meta = json.loads((setup["tmp"] / "from-file" / "meta.json").read_text())
    assert "adaptation" not in meta and len(meta["training_data"]["text_keys"]) == 30  # no ids to match by
    accuracy, notes, expected = _scored_in_b(setup, "from-file")
    assert accuracy["n"] == 18 and sum(lab["support"] for lab in accuracy["labels"]) == 18  # was 48
    assert accuracy["accuracy"] == pytest.approx(expected)
    assert NOTE in notes


def test_a_model_trained_on_another_corpus_is_not_scored_on_its_texts_here(setup):
    meta = json.loads((setup["tmp"] / "from-a" / "meta.json").read_text())
    assert len(meta["adaptation"]["user_labels"]["doc_keys"]) == 30  # keyed under A's secret: B's ids never match
    accuracy, notes, expected = _scored_in_b(setup, "from-a")
    assert accuracy["n"] == 18 and sum(lab["support"] for lab in accuracy["labels"]) == 18
    assert accuracy["accuracy"] == pytest.approx(expected)
    assert NOTE in notes


def test_evaluate_refuses_the_same_texts_by_the_same_keys(setup):
    """``voices evaluate`` scores files: the same training-text keys refuse them (exit 2)."""
    result = runner.invoke(app, ["evaluate", "--model", str(setup["tmp"] / "from-a"), "--data",
                                 str(FIX / "council-page.jsonl"), "--label-field", "stance"])
    assert result.exit_code == 2 and "15 evaluation texts are in the model's training data" in result.output
    result = runner.invoke(app, ["evaluate", "--model", str(setup["tmp"] / "from-a"), "--data",
                                 str(FIX / "town-forum.jsonl"), "--label-field", "stance", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n"] == 18


def test_label_from_refuses_validation_on_a_text_a_data_model_learnt(setup, tmp_path):
    """label --from with validation yes matched a model's training texts by id only, so a text the
    ``--data`` model learnt (it records no id of this corpus's, only text keys) joined the sample of a
    corpus that model tagged. Its text key refuses the row now, as an id does; other texts still join."""
    from voices.store.predictions import model_metas
    from voices.store.validation import members

    c, tmp = tmp_path / "c.duckdb", setup["tmp"]
    run("ingest", FIX / "town-forum.jsonl", FIX / "council-page.jsonl", "--corpus", c, "-q")
    run("scheme", "--corpus", c, "set", tmp / "library.toml")
    run("classify", "--corpus", c, "--stance-model", tmp / "from-file", "--themes-model", tmp / "themes")
    trained = {json.loads(x)["text"] for x in (FIX / "council-page.jsonl").open()}
    with Corpus.open(c, write=True) as cc:
        docs = cc.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
        [(stance_model,)] = cc.sql("SELECT DISTINCT stance_model FROM predictions").fetchall()
        for model_id, meta in model_metas(cc).items():  # only the --data model may find them: the themes
            if model_id != stance_model:  # model (trained on A) keeps its ids, but forgets its texts here
                meta["training_data"].pop("text_keys")
                cc.sql("UPDATE meta SET value = ? WHERE key = ?", [json.dumps(meta), f"model:{model_id}"])
        data_model = model_metas(cc)[stance_model]
    assert "adaptation" not in data_model and len(data_model["training_data"]["text_keys"]) == 30  # no ids
    fresh = next(d for d, t in docs if t not in trained)
    learnt = [d for d, t in docs if t in trained][:2]
    sheet = tmp_path / "l.csv"
    sheet.write_text(f"id,stance,validation\n{fresh},for,yes\n{learnt[0]},for,yes\n{learnt[1]},against,yes\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["label", "--from", str(sheet), "--corpus", str(c)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"voices: error: {sheet} row 3: validation yes on a text whose words (case and spacing aside) the stance "
        f"model {stance_model[:12]}, which tagged the corpus, learnt from a copy labelled here, a file or another "
        "corpus (2 such rows; "
        "also row 4); the validation sample must never score a model on its training texts: leave validation "
        "empty on such rows (voices sample --validation N draws unlabelled texts); nothing was stored\n")
    with Corpus.open(c) as cc:
        assert members(cc) == set() and cc.sql("SELECT count(*) FROM labels").fetchall() == [(0,)]
    sheet.write_text(f"id,stance,validation\n{fresh},for,yes\n{learnt[0]},for,\n", encoding="utf-8")
    run("label", "--from", sheet, "--corpus", c)
    with Corpus.open(c) as cc:
        assert members(cc) == {fresh}


def test_sample_never_draws_a_text_a_model_that_tagged_the_corpus_learnt(setup, tmp_path):
    """``sample --validation`` left out only labelled texts: a text the ``--data`` model learnt (no id of
    this corpus's, only its text key) was drawn, and the person's validation label on it wasted (the
    report leaves it out). Such a text is put back now, counted in ``--json`` ``trained_left_out``."""
    from voices.store.validation import members

    c, tmp = tmp_path / "c.duckdb", setup["tmp"]
    run("ingest", FIX / "town-forum.jsonl", FIX / "council-page.jsonl", "--corpus", c, "-q")
    run("scheme", "--corpus", c, "set", tmp / "library.toml")
    run("classify", "--corpus", c, "--stance-model", tmp / "from-file", "--themes-model", tmp / "themes")
    trained = {json.loads(x)["text"] for x in (FIX / "council-page.jsonl").open()}  # all 15 learnt
    result = runner.invoke(app, ["sample", "--validation", "40", "--json", "--corpus", str(c)])
    assert result.exit_code == 0, result.output
    drawn = json.loads(result.stdout)
    assert (drawn["total"], sum(drawn["added"].values()), drawn["trained_left_out"]) == (18, 18, 15)
    assert ("not the 40 asked for: no other text is left that nobody has labelled and no model that tagged the "
            "corpus learnt (15 such texts put back") in result.stderr
    with Corpus.open(c) as cc:
        texts = dict(cc.sql("SELECT id, text FROM documents").fetchall())
        assert len(members(cc)) == 18 and not {texts[d] for d in members(cc)} & trained


def test_a_sample_of_texts_no_model_learnt_is_drawn_as_before(setup, tmp_path):
    """The put-back check changes no draw where nothing was learnt: town-forum's texts, which the
    ``--data`` model never saw, give the same 6 members (seed 3) with that model's metas as without."""
    from voices.store.validation import draw_sample, members

    drawn = []
    for name, classify in (("plain", False), ("tagged", True)):
        c = tmp_path / f"{name}.duckdb"
        run("ingest", FIX / "town-forum.jsonl", "--corpus", c, "-q")
        run("scheme", "--corpus", c, "set", setup["tmp"] / "library.toml")
        if classify:
            run("classify", "--corpus", c, "--stance-model", setup["tmp"] / "from-file", "--themes-model",
                setup["tmp"] / "themes", "-q")
        with Corpus.open(c, write=True) as cc, cc.transaction():
            d = draw_sample(cc, 6, seed=3)
            drawn.append((d.total, d.trained, sorted(members(cc))))
    assert drawn[0] == drawn[1] and drawn[0][:2] == (6, 0)


def test_a_sample_of_a_corpus_of_learnt_copies_looks_them_up_once(tmp_path, monkeypatch):
    """A campaign of copies of texts a model learnt: the draw put back the learnt texts it drew and drew
    again, one lookup and one pass over the source per round, so 20,000 such texts took 76 s (quadratic).
    They are looked up once now, all counted in ``trained``, and only the texts no model learnt drawn."""
    import voices.store.predictions as predictions
    import voices.store.validation as validation
    from voices.store.provenance import text_key

    texts = [f"Campaign answer number {i} on the library hours." for i in range(400)]
    data = tmp_path / "campaign.jsonl"
    data.write_text("".join(json.dumps({"id": str(i), "author": "a", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    c = tmp_path / "c.duckdb"
    run("ingest", data, "--corpus", c, "-q")
    learnt = texts[:390]
    meta = {"task": "stance", "training_data": {"text_keys": [text_key(t.upper() + "  ") for t in learnt]}}
    monkeypatch.setattr(predictions, "model_metas", lambda _corpus: {"m" * 64: meta})
    lookups = []
    real = validation._learnt
    monkeypatch.setattr(validation, "_learnt", lambda *a: lookups.append(len(a[1])) or real(*a))
    with Corpus.open(c, write=True) as cc, cc.transaction():
        d = validation.draw_sample(cc, 10, seed=1)
        drawn = {t for (t,) in cc.sql("SELECT text FROM documents WHERE id IN (SELECT doc_id FROM validation_sample)")
                 .fetchall()}
    assert lookups == [400]
    assert (d.total, d.trained, d.added) == (10, 390, {next(iter(d.added)): 10})
    assert drawn == set(texts[390:])
