"""Issue 12 items 3, 4, 6: a new debate from scratch, retraining on a corpus's own labels,
the corpus's default models, and the fixes to model_id and abstention coverage.

The texts are a made-up debate written for these tests (tests/fixtures/library)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.models.calibrate import abstain_threshold
from voices.store import Corpus
from voices.store.settings import get_setting

FIX = Path(__file__).parent / "fixtures" / "library"
STANCES = ["for=Wants the library open on Sundays", "against=Does not want Sunday opening",
           "none=No position on Sunday opening"]
THEMES = ["cost=Money, budgets, council tax", "staffing=Staff, their hours and days off",
          "family=Children and parents", "working_hours=People at work when the library is open",
          "study=Students, revision, quiet space"]
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _gold() -> dict[str, dict]:
    return {d["text"]: d for f in sorted(FIX.glob("*.jsonl")) for d in map(json.loads, f.open())}


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    """scheme init -> ingest -> scheme set -> label --from (all but 6 texts) -> train --corpus."""
    tmp = tmp_path_factory.mktemp("debate")
    scheme, corpus = tmp / "library.toml", tmp / "c.duckdb"
    args = ["scheme", "init", "--proposition", "Open the town library on Sundays", "--out", scheme]
    args += [x for s in STANCES for x in ("--stance", s)] + [x for t in THEMES for x in ("--theme", t)]
    assert (r := run(*args)).exit_code == 0, r.output
    assert (r := run("ingest", *sorted(FIX.glob("*.jsonl")), "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    gold = _gold()
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
    held = {d for d, _ in docs[::8]}
    lines = ["id,stance,themes"] + [f"{d},{gold[t]['stance']},{';'.join(gold[t]['themes'])}"
                                    for d, t in docs if d not in held]
    (tmp / "labels.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (r := run("label", "--from", tmp / "labels.csv", "--corpus", corpus)).exit_code == 0, r.output
    for task in ("stance", "themes"):
        r = run("train", "--task", task, "--corpus", corpus, "--out", tmp / task, "--json")
        assert r.exit_code == 0, r.output
    return {"tmp": tmp, "corpus": corpus, "scheme": scheme, "held": held, "docs": docs, "gold": gold,
            "labelled": len(docs) - len(held), "train_stderr": r.stderr}


def test_scheme_init_writes_a_scheme_that_reads_back(debate):
    from voices.models.scheme import load_scheme

    s = load_scheme(debate["scheme"])
    assert (s.name, s.labels("stance")) == ("library", ["for", "against", "none"])
    assert s.labels("themes") == ["cost", "staffing", "family", "working_hours", "study"]
    assert s.stances["for"].definition == "Wants the library open on Sundays"


@pytest.mark.parametrize(("args", "match"), [
    (["--stance", "for=Yes"], "at least two --stance"),
    (["--stance", "for", "--stance", "against=No"], "give NAME=DEFINITION"),
    (["--stance", "a b=x", "--stance", "c=y"], "a label is letters"),
    (["--stance", "a=x", "--stance", "a=y"], "given twice"),
    (["--stance", "a=x", "--stance", "A=y"], "given twice (letter case aside)"),
    (["--stance", "a=x", "--stance", "b=y", "--theme", "B=z"], "--theme 'B' has the name of a --stance"),
])
def test_scheme_init_refuses_bad_labels(tmp_path, args, match):
    r = run("scheme", "init", "--proposition", "P", "--out", tmp_path / "s.toml", *args)
    assert r.exit_code == 2 and match in r.stderr, r.output
    assert not (tmp_path / "s.toml").exists()


def test_scheme_init_never_replaces_a_file(tmp_path):
    out = tmp_path / "s.toml"
    out.write_text("mine")
    r = run("scheme", "init", "--proposition", "P", "--stance", "a=x", "--stance", "b=y", "--out", out)
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert out.read_text() == "mine"



def test_scheme_init_out_dash_prints_the_scheme_as_out_dash_does_elsewhere(tmp_path, monkeypatch):
    """`--out -` is stdout for export, report and quotes; scheme init took it for a file named '-' (with
    --name it wrote one in the working folder, without it refused the scheme name '-')."""
    from voices.models.scheme import parse_scheme

    monkeypatch.chdir(tmp_path)
    args = ["scheme", "init", "--proposition", "Open on Sundays", "--stance", "for=Yes", "--stance", "against=No"]
    r = run(*args, "--out", "-", "--name", "sundays")
    assert r.exit_code == 0, r.output
    s = parse_scheme(r.stdout, "stdout")
    assert (s.name, s.labels("stance"), s.labels("themes")) == ("sundays", ["for", "against"], [])
    assert r.stderr == ("voices: wrote scheme 'sundays' to stdout: 2 stances, 0 themes; next: save it as "
                        "sundays.toml, then voices scheme set sundays.toml\n")
    assert list(tmp_path.iterdir()) == []  # no file named '-'
    r = run(*args, "--out", "-")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == "voices: error: --out - prints the scheme: give --name NAME too (a file's name gives it otherwise)\n"
    r = run(*args, "--out", "-", "--name", "sundays", "--json")
    assert r.exit_code == 2 and r.stdout == "" and "give --out FILE.toml" in r.stderr

def test_scheme_set_stores_the_scheme_and_labels_follow_it(debate):
    from voices.models.scheme import scheme_for

    with Corpus.open(debate["corpus"]) as c:
        assert scheme_for(c).name == "library"
        assert get_setting(c, "scheme")["toml"] == debate["scheme"].read_text()


def test_scheme_set_for_one_source(tmp_path):
    from voices.models.scheme import scheme_for

    corpus = tmp_path / "c.duckdb"
    assert run("ingest", FIX / "town-forum.jsonl", FIX / "council-page.jsonl", "--corpus", corpus, "-q").exit_code == 0
    with Corpus.open(corpus) as c:
        sid = c.sql("SELECT id FROM sources ORDER BY id").fetchall()[0][0]
    r = run("scheme", "set", "--source", sid[:6], "social-work-leadership", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert scheme_for(c, sid).name == "social-work-leadership"
        assert c.sql("SELECT source_id FROM source_schemes").fetchall() == [(sid,)]


def test_train_from_corpus_records_provenance(debate):
    meta = json.loads((debate["tmp"] / "stance" / "meta.json").read_text())
    adapted = meta["adaptation"]
    assert adapted["user_labels"]["n"] == debate["labelled"]
    # keyed ids (k + 15 hex), never the plain ones anyone can recompute from a public thread
    assert len(adapted["user_labels"]["doc_keys"]) == debate["labelled"] and "doc_ids" not in adapted["user_labels"]
    assert all(k.startswith("k") and len(k) == 16 for k in adapted["user_labels"]["doc_keys"])
    assert adapted["weight"] == 1 and adapted["weights_tried"] == [1]  # no shipped texts under this scheme
    assert "your labels only" in adapted["cv_score_on"] and 0 <= adapted["cv_score"] <= 1
    assert meta["labels"] == ["for", "against", "none"] and meta["training_data"]["files"] == []
    assert meta["training_data"]["origin"] == "yours"
    card = (debate["tmp"] / "stance" / "README.md").read_text()
    assert f"All {debate['labelled']} texts are your own labels" in card
    assert not any(t in json.dumps(meta) for t in debate["gold"])  # ids and counts, never texts
    assert meta["cv"]["coverage"] >= 0.5  # the abstention threshold leaves at least half covered


def test_train_warns_with_fewer_than_30_labels_per_stance(debate, tmp_path):
    r = run("train", "--task", "stance", "--corpus", debate["corpus"], "--out", tmp_path / "m")
    assert r.exit_code == 0, r.output
    counts = json.loads((debate["tmp"] / "stance" / "meta.json").read_text())["adaptation"]["user_labels"]["counts"]
    few = ", ".join(f"{lab} {counts.get(lab, 0)}" for lab in ("for", "against", "none") if counts.get(lab, 0) < 30)
    assert few.startswith("for ")  # the fixture has fewer than 30 of each stance named "for", as scheme init's example
    assert (f"voices: warning: fewer than 30 of your labels on these stances: {few}; the model's figures for them "
            "are rough; label more texts\n") in r.stderr
    assert "labels for for" not in r.stderr


def test_the_inference_bundle_is_written_and_used(debate):
    from voices.models import load_model

    model = load_model(debate["tmp"] / "stance")
    assert (debate["tmp"] / "stance" / "bundle.json").is_file() and model.bundle is not None
    pred = model.predict(["Please open on Sundays, families need it.",
                          "I oppose Sunday opening, the council cannot afford the overtime."])
    assert [p.label for p in pred] == ["for", "against"]


def test_classify_with_the_new_models_and_report_readable_names(debate):
    corpus, tmp = debate["corpus"], debate["tmp"]
    r = run("classify", "--corpus", corpus, "--stance-model", tmp / "stance", "--themes-model", tmp / "themes")
    assert r.exit_code == 0, r.output
    assert "48 documents classified" in r.stderr
    with Corpus.open(corpus) as c:
        assert get_setting(c, "stance_model")["path"] == str((tmp / "stance").resolve())
        rows = dict(c.sql("SELECT doc_id, stance FROM predictions").fetchall())
    held_right = sum(rows[d] == debate["gold"][t]["stance"] for d, t in debate["docs"] if d in debate["held"])
    assert held_right >= 4  # of 6 texts never labelled
    r = run("report", "--corpus", corpus, "--format", "md")
    assert r.exit_code == 0, r.output
    assert "Open the town library on Sundays" in r.stdout  # the new scheme's proposition, stated first
    assert "Wants the library open on Sundays" in r.stdout  # and each stance's definition
    assert "| For |" in r.stdout and "| Against |" in r.stdout and "| None |" in r.stdout  # readable names


def test_plain_classify_uses_the_default_and_refuses_a_changed_model(debate, tmp_path):
    import shutil

    corpus = tmp_path / "c.duckdb"
    shutil.copy(debate["corpus"], corpus)
    model = tmp_path / "stance"
    shutil.copytree(debate["tmp"] / "stance", model)
    r = run("classify", "--corpus", corpus, "--stance-model", model, "--themes-model", debate["tmp"] / "themes")
    assert r.exit_code == 0, r.output
    assert (r := run("classify", "--corpus", corpus)).exit_code == 0, r.output
    assert "0 documents classified, 48 already up to date" in r.stderr
    # retrained with another option: a new model_id, so the default is refused ...
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", model, "--abstain-precision", "0.6", "-q")
    assert r.exit_code == 0, r.output
    r = run("classify", "--corpus", corpus)
    assert r.exit_code == 2 and "is now model" in r.stderr and f"--stance-model {model}" in r.stderr
    # ... and taken when given again: every document is retagged (it used to say "0 classified")
    r = run("classify", "--corpus", corpus, "--stance-model", model)
    assert r.exit_code == 0 and "48 documents classified" in r.stderr, r.output


def test_a_model_that_does_not_fit_the_scheme_is_refused(debate):
    r = run("classify", "--corpus", debate["corpus"], "--stance-model", "src/voices/data/models/stance",
            "--themes-model", debate["tmp"] / "themes")
    assert r.exit_code == 2
    assert "social_work_leaders" in r.stderr and "not in the corpus's scheme 'library'" in r.stderr


def test_the_report_names_themes_no_model_covers(tmp_path):
    from voices.models.scheme import scheme_for
    from voices.report.data import Methods, ModelInfo, ReportData
    from voices.report.scheme import _note_uncovered_themes
    from voices.store.settings import set_setting

    corpus = tmp_path / "c.duckdb"
    assert run("ingest", FIX / "town-forum.jsonl", "--corpus", corpus, "-q").exit_code == 0
    scheme = tmp_path / "s.toml"
    args = [x for s in STANCES for x in ("--stance", s)] + [x for t in THEMES for x in ("--theme", t)]
    assert run("scheme", "init", "--proposition", "P", "--out", scheme, *args).exit_code == 0
    assert run("scheme", "set", scheme, "--corpus", corpus).exit_code == 0
    report = ReportData.__new__(ReportData)
    report.methods = Methods(generated="x", models=[ModelInfo(task="themes", model_id="m1", created=None,
                             training_data_hash=None, training_n=None, abstain_threshold=None, thresholds={},
                             cv={}, cross_writer={}, documents=1)], human_labels=0, notes=[])
    with Corpus.open(corpus, write=True) as c:
        set_setting(c, "unused", 1)
        _note_uncovered_themes(report, scheme_for(c), {"m1": {"labels": ["cost", "family"]}})
    assert report.methods.notes == ["themes no model covers (never tagged, so never counted): staffing, working_hours, study"]


def test_abstention_keeps_at_least_half_covered():
    rng = np.random.default_rng(0)
    conf = rng.uniform(0.3, 0.9, 60)
    correct = rng.uniform(size=60) < 0.4  # far below any precision goal: once nearly all flagged
    threshold = abstain_threshold(conf, correct, 0.9)
    assert (conf >= threshold).mean() >= 0.5
    assert abstain_threshold(conf, np.ones(60, bool), 0.9) == pytest.approx(conf.min())


def test_model_id_covers_the_options(debate, tmp_path):
    """Same data, another abstention precision: the same model.skops but another model_id."""
    a, b = tmp_path / "a", tmp_path / "b"
    for out, p in ((a, "0.9"), (b, "0.5")):
        r = run("train", "--task", "stance", "--corpus", debate["corpus"], "--out", out, "--abstain-precision", p, "-q")
        assert r.exit_code == 0, r.output
    ma, mb = (json.loads((d / "meta.json").read_text()) for d in (a, b))
    assert (a / "model.skops").read_bytes() == (b / "model.skops").read_bytes()
    assert ma["model_id"] != mb["model_id"]
    # editing an option in meta.json no longer matches the model_id: refused
    from voices.errors import ModelError
    from voices.models import load_model

    mb["abstain_threshold"] = 0.01
    (b / "meta.json").write_text(json.dumps(mb))
    with pytest.raises(ModelError, match="do not match model_id"):
        load_model(b)


def test_train_needs_data_or_a_corpus(tmp_path):
    r = run("train", "--task", "stance", "--out", tmp_path / "m")
    assert r.exit_code == 2 and "--data" in r.stderr and "--corpus" in r.stderr


def test_train_corpus_refuses_options_it_does_not_take(debate, tmp_path):
    r = run("train", "--task", "stance", "--corpus", debate["corpus"], "--out", tmp_path / "m", "--objective", "f_avg")
    assert r.exit_code == 2 and "--objective do not go with --corpus" in r.stderr


def test_weight_of_own_labels_is_chosen_by_cv_beside_other_data(debate, tmp_path, monkeypatch):
    """With other labelled texts (--data here; the shipped corpus under the shipped scheme), the
    user's labels' weight comes from the grid, scored on the user's labels only, folds by document."""
    import shutil

    from voices.store.training_labels import training_labels

    corpus = tmp_path / "c.duckdb"
    shutil.copy(debate["corpus"], corpus)
    forum = {json.loads(line)["text"] for line in (FIX / "town-forum.jsonl").open()}
    with Corpus.open(corpus, write=True) as c:  # keep the user's labels on one source's texts only
        c.sql("DELETE FROM labels WHERE doc_id IN (SELECT id FROM documents WHERE text NOT IN "
              "(SELECT unnest(?::VARCHAR[])))", [sorted(forum)])
        mine = len(training_labels(c))
    monkeypatch.chdir(tmp_path)  # --corpus given relative: meta records no path at all (it can name the user)
    r = run("train", "--task", "stance", "--corpus", "c.duckdb", "--out", tmp_path / "m", "--json", "-q",
            "--data", FIX / "council-page.jsonl", "--data", FIX / "parents-group.jsonl")
    assert r.exit_code == 0, r.output
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert "corpus" not in meta["training_data"] and meta["training_data"]["corpus_id"].startswith("k")
    adapted = meta["adaptation"]
    assert adapted["weights_tried"] == [1, 3, 10, 30, 100] and adapted["weight"] in (1, 3, 10, 30, 100)
    assert [row["weight"] for row in meta["selection"]] == [1, 3, 10, 30, 100]
    assert adapted["cv_score"] == max(row["cv_score"] for row in meta["selection"])
    assert adapted["user_labels"]["n"] == mine and meta["training_data"]["n"] == mine + 30
    assert meta["training_data"]["files"] == [  # by a hash of their bytes: a file name can name someone
        f"your-file-{hashlib.sha256((FIX / f).read_bytes()).hexdigest()[:12]}.jsonl"
        for f in ("council-page.jsonl", "parents-group.jsonl")]
    assert meta["training_data"]["origin"] == "yours"
    assert f"{mine} of the {mine + 30} texts are your own labels" in (tmp_path / "m" / "README.md").read_text()
    assert "grouped by document" in meta["cv"]["splits"] and meta["cv"]["n"] == mine  # figures on own labels


def test_the_shipped_labelled_corpus_is_package_data():
    from voices.models.adapt_data import shipped_data_files

    stance, themes = shipped_data_files("stance"), shipped_data_files("themes")
    assert "/voices/data/labelled/" in stance[0].as_posix()
    assert [p.name for p in themes if p not in stance] == ["batch-w9.jsonl"]  # exclude-stance.txt
    assert len(stance) == 9


def test_scheme_set_refuses_a_scheme_that_orphans_labels(debate, tmp_path):
    import shutil

    corpus = tmp_path / "c.duckdb"
    shutil.copy(debate["corpus"], corpus)
    r = run("scheme", "set", "social-work-leadership", "--corpus", corpus)
    assert r.exit_code == 2, r.output
    assert "use against, for, cost, family, staffing, study, working_hours, which scheme" in r.stderr
    from voices.models.scheme import scheme_for

    with Corpus.open(corpus) as c:
        assert scheme_for(c).name == "library"  # nothing stored


def test_train_refuses_an_unknown_task_before_counting_labels(tmp_path):
    from voices.api.models import train
    from voices.errors import UsageError

    with pytest.raises(UsageError, match=r"--task 'foo' is not one of stance\|themes"):
        train([], "foo", tmp_path / "m", corpus=tmp_path / "c.duckdb")


def test_folds_hold_other_texts_fewer_than_the_folds():
    """A --data file with fewer texts than CV folds beside a corpus's labels crashed train --corpus
    (KFold: n_splits=5 greater than n_samples=2); each such text is now tested in one fold."""
    from voices.models.adapt_cv import _splits
    from voices.models.data import LabelledItem

    user = [LabelledItem(f"d{i}", f"text {i}", "for" if i % 2 else "against", f"s{i}", "c") for i in range(20)]
    y_user = np.array([i % 2 for i in range(20)])
    splits, _ = _splits(user, 2, ["file", "file"], y_user, "stance", 0)
    assert len(splits) == 5
    tested = sorted(int(i) for _, te in splits for i in te if i < 2)
    assert tested == [0, 1]  # each of the two other texts held out exactly once
    for tr, te in splits:
        assert not set(tr.tolist()) & set(te.tolist()) and len(tr) + len(te) == 22


def ids_of(corpus: Path) -> list[str]:
    with Corpus.open(corpus) as c:
        return [d for (d,) in c.sql("SELECT id FROM documents ORDER BY id").fetchall()]


def test_train_with_only_sample_labels_names_the_learning_queue(tmp_path):
    """Labelling the sheet `review --export` writes by default (the validation sample), as the
    README's steps do, leaves nothing to train on: the refusal says why and which sheet to label."""
    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", *sorted(FIX.glob("*.jsonl")), "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("sample", "--validation", 12, "--corpus", corpus)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        ids = [d for (d,) in c.sql("SELECT doc_id FROM validation_sample ORDER BY doc_id").fetchall()]
    (tmp_path / "s.csv").write_text("id,stance\n" + "".join(f"{d},none\n" for d in ids), encoding="utf-8")
    assert (r := run("label", "--from", tmp_path / "s.csv", "--corpus", corpus)).exit_code == 0, r.output
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "m")
    assert r.exit_code == 2
    assert r.stderr == (f"voices: error: {corpus}: 0 stance labels outside the validation sample (the 12 texts of "
                        "the validation sample are kept for measuring accuracy, never trained on), and training "
                        "needs 10; label 10 more: `voices review --export more.xlsx --queue learning`, fill it, "
                        "then `voices label --from more.xlsx`; or train with --data only\n")
    assert not (tmp_path / "m").exists()
    # four labels outside the sample: six more, not "at least 10 other texts"
    rest = [d for d in ids_of(corpus) if d not in ids][:4]
    (tmp_path / "t.csv").write_text("id,stance\n" + "".join(f"{d},none\n" for d in rest), encoding="utf-8")
    assert (r := run("label", "--from", tmp_path / "t.csv", "--corpus", corpus)).exit_code == 0, r.output
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "m")
    assert r.exit_code == 2 and "4 stance labels outside the validation sample" in r.stderr
    assert "and training needs 10; label 6 more: `voices review" in r.stderr


def test_train_says_which_figure_chose_the_weight(debate, tmp_path):
    """`macro_f1 0.931` above `(CV score 0.954 on your labels only)`: two figures of one kind on the
    same labels, the second unnamed. The line now names it and says it is before calibration. A new
    debate has no shipped texts, so no weight is chosen (the walk: "weight 1 (chosen by ...)", a choice of one)."""
    r = run("train", "--task", "stance", "--corpus", debate["corpus"], "--out", tmp_path / "m")
    assert r.exit_code == 0, r.output
    adapted = json.loads((tmp_path / "m" / "meta.json").read_text())["adaptation"]
    said = " ".join(r.stderr.split())
    assert adapted["weights_tried"] == [1]
    assert (f"learnt from your {debate['labelled']} labels alone (no other labelled texts to weigh them against; "
            f"macro_f1 {adapted['cv_score']} out of fold before calibration, the figures above after it)") in said
    assert "CV score" not in said and "chosen by" not in said


def test_the_shipped_themes_model_is_not_forced_on_a_new_debate_and_the_flag_given(debate, tmp_path):
    """Given only --stance-model on a new debate, classify fell back to the shipped themes model and
    refused the whole command (exit 2) over a model the user never asked for. Now it tags stance,
    leaves themes untagged and says how to train and give a themes model (test_new_debate_themes.py)."""
    corpus = tmp_path / "c.duckdb"  # the debate's corpus may have a themes model as its default by now
    assert (r := run("ingest", *sorted(FIX.glob("*.jsonl")), "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", debate["scheme"])).exit_code == 0, r.output
    r = run("classify", "--corpus", corpus, "--stance-model", debate["tmp"] / "stance")
    assert r.exit_code == 0, r.output
    assert ("voices: themes not tagged: the scheme has themes and no themes model fits it (the shipped one tags the "
            "shipped scheme's): label texts with its themes, train one (voices train --task themes --corpus CORPUS "
            "--out DIR), then voices classify --themes-model DIR\n") in r.stderr


def test_a_scheme_without_themes_says_classify_needs_one(tmp_path):
    """A themes model given for a scheme without themes (`scheme init` with no --theme) is refused: it says that
    leaving the flag out classifies stance only (test_stance_only_debate.py), and what to add for themes."""
    from voices.errors import ModelError
    from voices.models.scheme import check_model_fits, load_scheme

    scheme = tmp_path / "s.toml"
    args = ["scheme", "init", "--proposition", "Open the town library on Sundays", "--out", scheme]
    assert (r := run(*args, *[x for s in STANCES for x in ("--stance", s)])).exit_code == 0, r.output
    with pytest.raises(ModelError) as err:
        check_model_fits(load_scheme(scheme), "themes", ["pay"], "models/t")
    assert str(err.value) == (
        "models/t: its themes labels pay are not in the corpus's scheme 's'; the scheme has no themes, and no themes "
        "model fits it: leave out --themes-model to classify stance only, or add themes to the scheme ([themes.NAME] "
        "with a definition, then voices scheme set), label texts with them and train one on this corpus (voices "
        "train --task themes --corpus CORPUS --out DIR), then give it with voices classify --themes-model DIR")


def test_train_warns_when_labelled_copies_sit_in_other_folds():
    """A consultation's campaign answers labelled twice: cross-validation grouped by document scored a
    text after training on its word-for-word copy and printed macro_f1 1.000 (95% CI 1.000-1.000),
    where the validation sample gave 0.88. Training now warns how many labels have such a copy."""
    from voices.models.adapt_cv import _copies_across_folds
    from voices.models.adapt_notes import _warnings
    from voices.models.data import LabelledItem
    from voices.models.scheme import SHIPPED_SCHEME, load_scheme

    def item(i, text, group="s1"):
        return LabelledItem(f"d{i}", text, "none", group, f"row {i}")

    user = [item(1, "Pay us properly."), item(2, "pay  us PROPERLY."), item(3, "Pay us properly."),
            item(4, "Caseloads are too high."), item(5, "Leaders must be social workers.")]
    assert _copies_across_folds(user) == 3  # grouped by document: each copy is in a group of its own
    sourced = [item(1, "Pay us properly.", "a"), item(2, "Pay us properly.", "a"), item(3, "Other.", "b"),
               item(4, "More.", "c")]
    assert _copies_across_folds(sourced) == 0  # by source (3 sources): both copies in source a's fold
    said = _warnings("themes", user, load_scheme(SHIPPED_SCHEME))
    assert said == ["3 of your 5 labelled texts have a word-for-word copy among the others (campaign answers, "
                    "repeated replies), so cross-validation may score a text after training on its copy: the "
                    "cross-validated figures can flatter the model"]


@pytest.mark.parametrize("n,said", [(1, "c.duckdb: 1 stance label outside the validation sample, and training needs 10; "
                                       "label 9 more"),
                                    (3, "c.duckdb: 3 stance labels outside the validation sample, and training needs "
                                       "10; label 7 more")])
def test_too_few_labels_counts_one_label_or_many(n, said):
    """README's own run printed "1 stance labels outside the validation sample"."""
    from voices.models.adapt_notes import _too_few_labels

    assert _too_few_labels("c.duckdb", n, "stance", 0).startswith(said)
