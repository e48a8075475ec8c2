"""``voices train`` and ``voices evaluate`` end to end, results read back through the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.models import load_model

FIX = Path(__file__).parent / "fixtures" / "labelled"
SCHEME = Path(__file__).parents[1] / "corpora" / "schemes" / "social-work-leadership.toml"
runner = CliRunner()


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "stance"
    result = runner.invoke(app, ["train", "--data", str(FIX / "tiny.jsonl"), "--task", "stance",
                                 "--scheme", str(SCHEME), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["model_id"] == load_model(out).model_id
    assert summary["cv"]["splits"].startswith("leave-one-group-out, 4 folds")
    return out


def test_train_writes_a_loadable_model(trained):
    m = load_model(trained)
    assert m.meta["training_data"]["n"] == 32
    assert m.meta["training_data"]["origin"] == "yours"  # not the shipped corpus: the card does not call it AI-written
    assert "voices does not know who wrote them" in (trained / "README.md").read_text()
    assert m.meta["scheme"] == {"name": "social-work-leadership", "version": 1}


def test_evaluate_json_keys(trained):
    result = runner.invoke(app, ["evaluate", "--model", str(trained), "--data", str(FIX / "heldout.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("macro_f1", "accuracy", "per_label", "confusion", "coverage", "covered_accuracy", "model_id", "n"):
        assert key in data, key
    assert data["n"] == 8 and 0 <= data["macro_f1"]["value"] <= 1


def test_evaluate_table(trained):
    result = runner.invoke(app, ["evaluate", "--model", str(trained), "--data", str(FIX / "heldout.jsonl")])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "confusion" in result.stdout


def test_evaluate_on_a_small_perfect_sample_gives_honest_intervals(trained, tmp_path):
    """Two texts the model gets right printed "accuracy 1.000 (95% CI 1.000-1.000)" and macro-F1 likewise:
    every bootstrap resample of a perfect sample is perfect, a certainty two texts cannot give."""
    from voices.models.intervals import f1_interval, wilson

    rows = [json.loads(line) for line in (FIX / "heldout.jsonl").read_text(encoding="utf-8").splitlines()]
    preds = load_model(trained).predict([r["text"] for r in rows])
    right = [r for r, p in zip(rows, preds, strict=True) if p.label == r["stance"]]
    two = [r for r in right if r["stance"] == "social_work_leaders"]
    assert len(two) == 2
    data = tmp_path / "perfect.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in two), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--model", str(trained), "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["accuracy"] == {"value": 1.0, "ci95": [round(x, 4) for x in wilson(2, 2)], "interval": "wilson"}
    assert got["accuracy"]["ci95"] == [0.3424, 1.0]
    lo, hi = f1_interval(2, 0, 0)  # one of the four stances, both texts right; the others F1 0
    assert got["macro_f1"] == {"value": 0.25, "ci95": [round(lo / 4, 4), round(hi / 4, 4)], "interval": "wilson-jaccard"}
    shown = runner.invoke(app, ["evaluate", "--model", str(trained), "--data", str(data)])
    assert "accuracy 1.000 (95% CI 0.342-1.000)" in shown.stdout
    assert "(95% CI 1.000-1.000)" not in shown.stdout and "0.250-0.250" not in shown.stdout


def test_evaluate_refuses_training_texts(trained):
    result = runner.invoke(app, ["evaluate", "--model", str(trained), "--data", str(FIX / "tiny.csv")])
    assert result.exit_code == 2
    assert "32 evaluation texts are in the model's training data" in result.output
    assert "--allow-overlap" in result.output


def test_one_training_text_in_the_evaluation_data_is_said_in_the_singular(trained, tmp_path):
    """Was "1 evaluation text(s) are in the model's training data"."""
    one = tmp_path / "one.jsonl"
    one.write_text((FIX / "tiny.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--model", str(trained), "--data", str(one)])
    assert result.exit_code == 2
    assert result.output == (f"voices: error: 1 evaluation text is in the model's training data ({one}:1); "
                             "remove it or pass --allow-overlap\n")


def test_themes_train_and_evaluate_from_csv(tmp_path):
    out = tmp_path / "themes"
    result = runner.invoke(app, ["train", "--data", str(FIX / "tiny.csv"), "--task", "themes", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert load_model(out).labels == ["burnout", "pay"]
    result = runner.invoke(app, ["evaluate", "-m", str(out), "--data", str(FIX / "heldout.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    assert {"micro_f1", "macro_f1", "per_label"} <= set(json.loads(result.stdout))


def _favour_against_csv(tmp_path):
    """Thirty SemEval-style rows (FAVOR/AGAINST/NONE with one clear cue set each)."""
    rows = ["id,target,text,stance"]
    words = {"FAVOR": "love great support", "AGAINST": "hate awful oppose", "NONE": "weather lunch today"}
    for i in range(30):
        lab = list(words)[i % 3]
        rows.append(f"{i},T,{words[lab]} number {i},{lab}")
    path = tmp_path / "train.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_semeval_style_labels_print_f_avg(tmp_path):
    train_csv = _favour_against_csv(tmp_path)
    test_csv = tmp_path / "test.csv"
    test_csv.write_text("id,target,text,stance\n1,T,I love and support it,FAVOR\n2,T,awful I oppose,AGAINST\n"
                        "3,T,lunch weather,NONE\n")
    out = tmp_path / "m"
    assert runner.invoke(app, ["train", "--data", str(train_csv), "--task", "stance", "--out", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["evaluate", "-m", str(out), "--data", str(test_csv), "--json"])
    assert result.exit_code == 0, result.output
    assert "semeval_f_avg" in json.loads(result.stdout)


def test_objective_f_avg_is_recorded_with_its_offset(tmp_path):
    train_csv = _favour_against_csv(tmp_path)
    out = tmp_path / "m"
    result = runner.invoke(app, ["train", "--data", str(train_csv), "--task", "stance", "--out", str(out),
                                 "--objective", "f_avg", "--json"])
    assert result.exit_code == 0, result.output
    meta = load_model(out).meta
    assert meta["objective"] == "f_avg" == json.loads(result.stdout)["objective"]
    offset = dict(zip(meta["labels"], meta["calibration"]["objective_offset"], strict=True))
    assert offset["FAVOR"] == offset["AGAINST"] == 0.0


def test_objective_f_avg_needs_favor_and_against(tmp_path):
    result = runner.invoke(app, ["train", "--data", str(FIX / "tiny.jsonl"), "--task", "stance",
                                 "--out", str(tmp_path / "m"), "--objective", "f_avg"])
    assert result.exit_code == 2
    assert "objective f_avg needs stance labels FAVOR and AGAINST" in result.output


def test_bad_label_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "hello", "stance": "maybe"}\n')
    result = runner.invoke(app, ["train", "--data", str(bad), "--task", "stance", "--scheme", str(SCHEME),
                                 "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "bad.jsonl:1: unknown stance 'maybe'" in result.output
    assert "Traceback" not in result.output


def test_a_negative_seed_is_refused_in_one_line_before_training(tmp_path):
    """--seed -1 ended in 'unexpected error: ValueError: expected non-negative integer', exit 1."""
    result = runner.invoke(app, ["train", "--data", str(FIX / "tiny.jsonl"), "--task", "stance",
                                 "--out", str(tmp_path / "m"), "--seed", "-1"])
    assert result.exit_code == 2, result.output
    assert result.stderr == "voices: error: --seed -1: a seed is a whole number of 0 or more: give one such as 0\n"
    assert not (tmp_path / "m").exists()


def test_missing_model_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["evaluate", "-m", str(tmp_path / "none"), "--data", str(FIX / "heldout.jsonl")])
    assert result.exit_code == 2
    assert "no such model directory" in result.output


def test_one_stance_only_says_what_to_add(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text("".join(json.dumps({"id": str(i), "text": f"text {i}", "stance": "none"}) + "\n" for i in range(9)))
    result = runner.invoke(app, ["train", "--data", str(one), "--task", "stance", "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert result.output == ("voices: error: only one stance label (none) in the labelled data: "
                             "add texts labelled with at least one other stance\n")
    assert not (tmp_path / "m").exists()


def test_too_few_of_a_label_without_a_scheme_does_not_speak_of_one(tmp_path):
    rows = [{"id": str(i), "text": f"text {i}", "stance": "a" if i < 6 else "b"} for i in range(7)]
    data = tmp_path / "few.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(app, ["train", "--data", str(data), "--task", "stance", "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "too few examples of b (1); label at least 3 of each, or remove the rows with that label" in result.output


def test_a_label_with_fewer_texts_than_folds_prints_no_sklearn_warning():
    """Three texts of a label (the minimum) under 5-fold CV once printed sklearn's two-line UserWarning."""
    import warnings

    import numpy as np

    from voices.models.selection import make_splits

    y = np.array([0] * 20 + [1] * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        splits, described = make_splits(["one"] * len(y), y, "stance", seed=0)
    assert len(splits) == 5 and described.startswith("5-fold over items")


def test_train_says_whose_texts_its_figures_are_on(tmp_path):
    """The headline CV score printed bare read as the model's accuracy on the user's real texts."""
    from voices.cli.train import measured_on

    out = tmp_path / "stance"
    result = runner.invoke(app, ["train", "--data", str(FIX / "tiny.jsonl"), "--task", "stance", "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (f"these figures are on the files it learnt from (cross-validated), not on texts it never saw: measure it "
            f"with voices evaluate --model {out} --data FILE") in said
    assert measured_on({"training_data": {"origin": "shipped"}}, "m").startswith(
        "these figures are on AI-written texts (the shipped labelled corpus, cross-validated), not on real people's "
        "writing: measure it with voices evaluate --model m --data FILE")
    assert "your files and the shipped AI-written texts together" in measured_on({"training_data": {"origin": "mixed"}}, "m")
    assert "AI-written" in measured_on({"training_data": {}}, "m")  # models from before origin was recorded: shipped


def test_a_plain_report_quotes_with_the_model_classify_made_the_corpus_default(trained, tmp_path):
    """After classify --stance-model DIR (the corpus's default since), a plain report did not look for
    DIR: its quotes fell back to the longest early sentence ("I would ask why we assume practitioners
    want social workers in charge.") instead of the sentence the tagging model reads as the stance."""
    corpus = tmp_path / "c.duckdb"
    samples = Path(__file__).parents[1] / "corpora" / "samples"
    assert runner.invoke(app, ["ingest", str(samples / "thread.txt"), "--corpus", str(corpus)]).exit_code == 0
    done = runner.invoke(app, ["classify", "--stance-model", str(trained), "--corpus", str(corpus)])
    assert done.exit_code == 0, done.output
    plain = runner.invoke(app, ["report", "--format", "json", "--corpus", str(corpus)])
    given = runner.invoke(app, ["report", "--format", "json", "--corpus", str(corpus), "--stance-model", str(trained)])
    assert plain.exit_code == 0 and given.exit_code == 0, plain.output + given.output
    quotes, wanted = json.loads(plain.stdout)["quotes"], json.loads(given.stdout)["quotes"]
    assert quotes == wanted
    assert {q["id"]: q["quote"] for q in quotes["practice_connected"]}["df67d0bbd49ac235"] == (
        "Several of my colleagues would rather have a competent administrator who protects the budget and leaves "
        "practice decisions to the people qualified to make them.")


def test_evaluate_names_the_shipped_model(tmp_path, monkeypatch):
    """An installed voices keeps its models in the package: ``shipped:stance`` scores the shipped one."""
    from voices.models.trained import default_model_dir

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["evaluate", "--model", "shipped:stance", "--data", str(FIX / "heldout.jsonl"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model_id"] == load_model(default_model_dir("stance")).model_id
    missing = runner.invoke(app, ["evaluate", "--model", "shipped:stance-typo", "--data", str(FIX / "heldout.jsonl")])
    assert missing.exit_code == 2
    assert "shipped:stance or shipped:themes" in missing.stderr


def test_a_folder_named_like_a_shipped_model_wins(trained, tmp_path, monkeypatch):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(trained, tmp_path / "shipped:stance")
    result = runner.invoke(app, ["evaluate", "--model", "shipped:stance", "--data", str(FIX / "heldout.jsonl"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model_id"] == load_model(trained).model_id
