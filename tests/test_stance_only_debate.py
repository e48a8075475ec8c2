"""A new debate whose scheme has no themes, end to end from the CLI; where the report says its
accuracy comes from; and the learning queue's sheet giving each word-for-word text once.

The texts are the made-up library debate of tests/fixtures/library (see test_own_labels.py).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.report.accuracy import NO_SAMPLE_NOTE, no_sample_note
from voices.report.data import ModelInfo
from voices.report.methods import _corrected_note
from voices.store import Corpus

FIX = Path(__file__).parent / "fixtures" / "library"
STANCES = ["for=Wants the library open on Sundays", "against=Does not want Sunday opening",
           "none=No position on Sunday opening"]
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _gold() -> dict[str, str]:
    return {d["text"]: d["stance"] for f in sorted(FIX.glob("*.jsonl")) for d in map(json.loads, f.open())}


def _init(tmp: Path, name: str, themes: list[str]) -> Path:
    out = tmp / f"{name}.toml"
    args = ["scheme", "init", "--proposition", "Open the town library on Sundays", "--out", out]
    args += [x for s in STANCES for x in ("--stance", s)] + [x for t in themes for x in ("--theme", t)]
    assert (r := run(*args)).exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    """scheme init (no --theme) -> ingest -> scheme set -> label stances -> train --task stance -> classify."""
    tmp = tmp_path_factory.mktemp("stance_only")
    scheme, corpus = _init(tmp, "sundays", []), tmp / "c.duckdb"
    assert (r := run("ingest", *sorted(FIX.glob("*.jsonl")), "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    gold = _gold()
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
    (tmp / "labels.csv").write_text("id,stance\n" + "".join(f"{d},{gold[t]}\n" for d, t in docs), encoding="utf-8")
    assert (r := run("label", "--from", tmp / "labels.csv", "--corpus", corpus)).exit_code == 0, r.output
    assert (r := run("train", "--task", "stance", "--corpus", corpus, "--out", tmp / "m")).exit_code == 0, r.output
    return {"tmp": tmp, "corpus": corpus, "model": tmp / "m", "docs": docs, "gold": gold,
            "classify": run("classify", "--corpus", corpus, "--stance-model", tmp / "m")}


def test_a_scheme_without_themes_classifies_stance_only(debate):
    r = debate["classify"]
    assert r.exit_code == 0, r.output
    with Corpus.open(debate["corpus"]) as c:
        rows = c.sql("""SELECT themes, theme_probabilities, themes_model, count(*), count(stance)
                        FROM predictions GROUP BY ALL""").fetchall()
    # no themes model ran: themes stored as a missing prediction always was, and no model id
    assert rows == [([], "{}", None, 48, 48)]
    again = run("classify", "--corpus", debate["corpus"], "--json")  # the corpus's model, still no themes model
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["up_to_date"] == 48


def test_export_keeps_the_themes_field_empty(debate):
    r = run("export", "--corpus", debate["corpus"], "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(r.stdout.lstrip("\ufeff").splitlines()))
    assert len(rows) == 48 and {x["themes"] for x in rows} == {""} and {x["themes_model"] for x in rows} == {""}
    assert {x["stance"] for x in rows} == {"for", "against", "none"}


def report(debate, fmt: str) -> str:
    r = run("report", "--corpus", debate["corpus"], "--format", fmt)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_report_md_says_the_scheme_has_no_themes(debate):
    md = report(debate, "md")
    assert "| For | 16 | 33.3% | 21.7–47.5% |" in md and "| Against | 16 | 33.3% |" in md
    assert "The scheme 'sundays' has no themes: the texts were read for stance only." in md
    assert "## Themes" not in md and "No themes tagged" not in md
    assert "gave it one stance." in md and "any themes" not in md


def test_report_other_formats_say_it_too(debate):
    html = report(debate, "html")
    assert "has no themes: the texts were read for stance only." in html and 'id="themes"' not in html
    assert "33.3%" in html
    data = json.loads(report(debate, "json"))
    assert data["themes"] == [] and data["scheme"]["themes"] == []
    assert "scheme 'sundays' has no themes: stance only, no themes model used" in data["methods"]["notes"]
    assert [round(s["share"], 3) for s in data["overall"]["rows"]] == [0.333, 0.333, 0.333]
    rows = list(csv.reader(report(debate, "csv").lstrip("\ufeff").splitlines()))
    assert ["methods", "overall", "", "", "scheme_themes", "0"] in rows
    assert not [x for x in rows if x[0] == "themes"]
    table = report(debate, "table")
    assert "The scheme 'sundays' has no themes" in table and "Themes (share" not in table


def test_a_scheme_with_themes_and_no_themes_model_tags_stance_and_says_so(debate, tmp_path):
    # it was refused (exit 2) for the shipped themes model nobody asked for: test_new_debate_themes.py
    corpus = tmp_path / "c.duckdb"
    shutil.copy(debate["corpus"], corpus)
    themed = _init(tmp_path, "themed", ["cost=Money, budgets, council tax", "study=Students and revision"])
    assert (r := run("scheme", "--corpus", corpus, "set", themed)).exit_code == 0, r.output
    r = run("classify", "--corpus", corpus, "--stance-model", debate["model"])
    assert r.exit_code == 0, r.output
    assert "themes not tagged" in r.stderr and "voices train --task themes --corpus" in r.stderr


def test_own_labels_report_says_accuracy_comes_from_them(debate):
    md = report(debate, "md")
    assert "Scored on your 48 labels, each by a model fitted without it" in md
    assert ("Note: corrected shares use error rates measured on your 48 labels (out of fold), not on a random "
            "sample of this corpus: treat them as indicative") in md
    assert "Note: accuracy figures come from your 48 labels, each scored by a model fitted without it, not from " \
           "a random sample of these texts" in md
    assert "other texts" not in md  # nothing here was measured on other texts


def _model(own: int | None, origin: str = "shipped") -> ModelInfo:
    return ModelInfo("stance", "m", own_labels=own, origin=origin)


@pytest.mark.parametrize(("models", "corrected", "accuracy"), [
    ([_model(None)], "other texts (the training corpus), not on this corpus", "other texts (the models' training"),
    ([_model(None, "yours")], "other texts (the training corpus), not on this corpus", "other texts (the models'"),
    ([_model(40, "mixed")], "your 40 labels (out of fold), not on a random sample of this corpus",
     "your 40 labels, each scored by a model fitted without it, not from a random sample"),
    ([_model(40), _model(None)], "your labels (out of fold) and other texts (the training corpus)",
     "your labels (the models trained on them) and other texts"),
    ([_model(40), _model(12)], "your labels (out of fold), not on a random sample",
     "your labels, each scored by a model fitted without it"),
])
def test_each_case_says_where_its_figures_come_from(models, corrected, accuracy):
    assert _corrected_note(models).startswith(f"corrected shares use error rates measured on {corrected}")
    assert _corrected_note(models).endswith(": treat them as indicative")
    note = no_sample_note(models)
    assert note.startswith(f"accuracy figures come from {accuracy}")
    assert (note == NO_SAMPLE_NOTE) == (not any(m.own_labels for m in models))
    assert note.endswith("`voices label --from sheet.xlsx`) and report again")


def test_with_a_validation_sample_no_note_says_accuracy_comes_from_elsewhere(debate, tmp_path):
    """A labelled sample the model never learnt from: the figures are measured here, and no note says otherwise."""
    corpus = tmp_path / "c.duckdb"
    shutil.copy(debate["corpus"], corpus)
    extra = tmp_path / "more.jsonl"
    texts = [("Sunday opening please, my children would love it and so would I.", "for"),
             ("Keep Sundays closed, the staff deserve a day of rest.", "against"),
             ("Will the cafe reopen too?", "none")] * 4
    extra.write_text("".join(json.dumps({"text": f"{t} ({i})"}) + "\n" for i, (t, _) in enumerate(texts)),
                     encoding="utf-8")
    assert (r := run("ingest", extra, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("classify", "--corpus", corpus)).exit_code == 0, r.output
    assert (r := run("sample", "--validation", 12, "--corpus", corpus)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        new = c.sql("SELECT d.id, d.text FROM documents d JOIN validation_sample v ON v.doc_id = d.id "
                    "WHERE d.id NOT IN (SELECT doc_id FROM labels)").fetchall()
    stance = {f"{t} ({i})": s for i, (t, s) in enumerate(texts)}
    (tmp_path / "v.csv").write_text("id,stance,validation\n" + "".join(f"{d},{stance[t]},yes\n" for d, t in new),
                                    encoding="utf-8")
    assert new and (r := run("label", "--from", tmp_path / "v.csv", "--corpus", corpus)).exit_code == 0, r.output
    md = run("report", "--corpus", corpus, "--format", "md").stdout
    assert "How accurate on these texts" in md
    assert "accuracy figures come from" not in md
    assert "corrected shares use error rates measured on your 48 labels (out of fold)" in md


def test_learning_sheet_gives_each_text_once(tmp_path):
    """Campaign copies word for word (case and spacing aside): one row each, the first copy by id."""
    gold = list(_gold())
    lines = [{"text": t} for t in gold[:10]]
    lines += [{"text": gold[0]}, {"text": gold[0].upper()}, {"text": "  " + gold[1]}, {"text": gold[2]}]
    data = tmp_path / "copies.jsonl"
    data.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    corpus, sheet = tmp_path / "c.duckdb", tmp_path / "sheet.csv"
    assert (r := run("ingest", data, "--corpus", corpus, "-q")).exit_code == 0, r.output
    r = run("review", "--export", sheet, "--corpus", corpus, "--queue", "learning", "--n", 60)
    assert r.exit_code == 0, r.output
    assert "wrote 10 texts" in r.stderr and "left out 4 word-for-word copies" in r.stderr
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
    first = {}
    for doc_id, text in docs:
        first.setdefault(" ".join(text.split()).casefold(), doc_id)
    assert sorted(x["id"] for x in rows) == sorted(first.values())
    # with one copy labelled, its other copies are not asked for again
    one = next(x for x in rows if x["text"] == gold[0])
    assert (r := run("label", one["id"], "--stance", "none", "--corpus", corpus)).exit_code == 0, r.output
    sheet.unlink()
    r = run("review", "--export", sheet, "--corpus", corpus, "--queue", "learning", "--n", 60, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"path": str(sheet), "queue": "learning", "rows": 9, "copies_left_out": 4}
    assert gold[0].casefold() not in {x["text"].casefold() for x in csv.DictReader(sheet.open(encoding="utf-8-sig"))}


def test_retraining_the_corpus_model_in_its_folder_says_classify_must_be_given_it(debate, tmp_path):
    """The walk: `voices delete` advises `voices train ... --out` the corpus's own model folder; the retrained
    folder (another model_id) then made a plain classify exit 2, and train had said nothing of it."""
    corpus, model = tmp_path / "c.duckdb", tmp_path / "m"
    shutil.copy(debate["corpus"], corpus)
    shutil.copytree(debate["model"], model)
    assert (r := run("classify", "--corpus", corpus, "--stance-model", model)).exit_code == 0, r.output
    old = json.loads((model / "meta.json").read_text())["model_id"]
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", model, "--abstain-precision", "0.8")
    assert r.exit_code == 0, r.output
    new = json.loads((model / "meta.json").read_text())["model_id"]
    assert new != old
    assert (f"voices: warning: {model} held model {old[:12]}, the stance model corpus {corpus} classifies with; "
            f"it now holds model {new[:12]}: give voices classify --stance-model {model} to retag with it (a plain "
            "classify refuses the changed folder)") in " ".join(r.stderr.split())
    assert run("classify", "--corpus", corpus).exit_code == 2  # as the warning said
    same = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "other")
    assert same.exit_code == 0 and "held model" not in same.stderr  # another folder: nothing replaced


def test_classify_says_when_a_model_given_becomes_the_corpus_default(debate, tmp_path):
    """The walk: `classify --stance-model DIR` stored DIR as the corpus's model without a word, so a later plain
    classify (or its refusal when DIR changed) came as a surprise."""
    model = debate["model"].resolve()
    model_id = json.loads((model / "meta.json").read_text())["model_id"]
    first = debate["classify"]
    assert first.exit_code == 0, first.output
    assert (f"voices: the corpus's stance model is now {model} (model {model_id[:12]}): a plain voices classify "
            "uses it\n") in first.stderr
    corpus = tmp_path / "c.duckdb"
    shutil.copy(debate["corpus"], corpus)
    again = run("classify", "--corpus", corpus, "--stance-model", model)  # already its default: nothing to say
    assert again.exit_code == 0 and "is now" not in again.stderr, again.output
