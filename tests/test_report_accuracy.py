"""The report's "How accurate on these texts" block: an oracle example, then the report end to end."""

from __future__ import annotations

import json

import pytest
from report_fixtures import FakeStance, FakeThemes, classified_corpus, learnt_by_the_model, make_report_corpus
from sklearn.metrics import accuracy_score, f1_score
from typer.testing import CliRunner

import voices.classify
from voices.cli import app
from voices.report.accuracy import NEXT_STEP, TOO_FEW, accuracy_on_sample, accuracy_table
from voices.store import Corpus

runner = CliRunner()

# Hand-computed: 20 validation texts truly "a" (16 predicted a), 20 truly "b" (18 predicted b):
# sensitivity 0.8, specificity 0.9. The model predicts a for 60 of 100 texts, so
# Rogan-Gladen gives (0.6 + 0.9 - 1) / (0.8 + 0.9 - 1) = 0.5 / 0.7.
PAIRS = [("a", "a")] * 16 + [("a", "b")] * 4 + [("b", "b")] * 18 + [("b", "a")] * 2


def test_oracle_binary_rogan_gladen():
    acc = accuracy_on_sample(PAIRS, ["a", "b"], {"a": 60, "b": 40}, seed=1, bootstrap=400)
    assert acc.n == 40 and acc.accuracy == pytest.approx(34 / 40)
    a, b = acc.labels
    assert (a.support, b.support) == (20, 20)
    assert a.f1 == pytest.approx(32 / 38) and b.f1 == pytest.approx(36 / 42)
    assert a.corrected_share == pytest.approx(0.5 / 0.7) and b.corrected_share == pytest.approx(0.2 / 0.7)
    assert a.predicted_share == pytest.approx(0.6)
    for value, (low, high) in [(acc.accuracy, acc.accuracy_ci), (a.f1, a.f1_ci), (a.corrected_share, a.corrected_ci)]:
        assert low <= value <= high and high - low > 0.01


def test_f1_and_accuracy_match_sklearn():
    pairs = [("x", "x"), ("x", "y"), ("y", "y"), ("z", "y"), ("z", "z"), ("y", "x"), ("x", "x")] * 3
    acc = accuracy_on_sample(pairs, ["x", "y", "z"], {"x": 1, "y": 1, "z": 1}, bootstrap=10)
    true, pred = zip(*pairs, strict=True)
    assert acc.accuracy == pytest.approx(accuracy_score(true, pred))
    assert [r.f1 for r in acc.labels] == pytest.approx(list(f1_score(true, pred, labels=["x", "y", "z"], average=None)))


def test_correction_clips_and_renormalises():
    acc = accuracy_on_sample(PAIRS, ["a", "b"], {"a": 5, "b": 95}, bootstrap=50)
    # (0.05 + 0.9 - 1) / 0.7 < 0: clipped to 0, and b takes the rest
    assert [r.corrected_share for r in acc.labels] == [0.0, 1.0]


def test_a_label_the_model_never_predicts_makes_the_correction_unidentified_and_the_block_says_so():
    # the model never says "c" on the sample (12 true c's read as b): the matrix is singular, so any share
    # of c explains the predicted counts equally well and the corrected shares must carry that warning
    pairs = PAIRS + [("c", "b")] * 12
    acc = accuracy_on_sample(pairs, ["a", "b", "c"], {"a": 50, "b": 50, "c": 0}, bootstrap=20)
    assert acc.note is not None and "ill-conditioned (condition number inf)" in acc.note
    assert "Note: the model's confusion matrix is ill-conditioned" in accuracy_table(acc)[0]
    fine = accuracy_on_sample(PAIRS, ["a", "b"], {"a": 60, "b": 40}, bootstrap=20)
    assert fine.note is None and "Note:" not in accuracy_table(fine)[0]


def test_seeded_bootstrap_is_deterministic_and_small_labels_are_not_corrected():
    pairs = PAIRS + [("c", "c")] * 9
    one = accuracy_on_sample(pairs, ["a", "b", "c"], {"a": 50, "b": 40, "c": 10}, seed=7, bootstrap=200)
    two = accuracy_on_sample(pairs, ["a", "b", "c"], {"a": 50, "b": 40, "c": 10}, seed=7, bootstrap=200)
    assert one == two
    assert one.labels[2].support == 9 and one.labels[2].corrected_share is None and one.labels[2].corrected_ci is None
    assert accuracy_on_sample([], ["a"], {"a": 1}) is None


def test_a_stance_nobody_gave_in_the_sample_shows_no_f1_rather_than_zero():
    # c: no person and no model prediction in the sample, F1 is 0/0 (was shown "0.00 (0.00–0.00)", which reads
    # as a model that always fails); d: the model said d twice where people said a, so its F1 of 0 is real
    pairs = PAIRS + [("a", "d")] * 2
    acc = accuracy_on_sample(pairs, ["a", "b", "c", "d"], {"a": 50, "b": 40, "c": 5, "d": 5}, bootstrap=20)
    a, _, c, d = acc.labels
    assert (c.support, c.sample_predicted, d.support, d.sample_predicted) == (0, 0, 0, 2)
    assert a.sample_predicted == 18 and c.f1 == 0.0  # the data keep sklearn's zero_division=0
    rows = {r[0]: r for r in accuracy_table(acc)[2]}
    assert rows["c"][1:3] == ["0", "none in the sample"]
    assert rows["d"][1:3] == ["0", "0.00 (0.00–0.79)"]  # 0 of 2 texts: no certainty either
    assert rows["a"][2].startswith(f"{a.f1:.2f} (")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    path = make_report_corpus(tmp_path / "c.duckdb")
    assert runner.invoke(app, ["classify", "--corpus", str(path)]).exit_code == 0
    return path


def report(path, fmt):
    result = runner.invoke(app, ["report", "--corpus", str(path), "--format", fmt, "--no-redact"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_report_without_sample_points_to_the_next_step(corpus):
    md = report(corpus, "md")
    assert "How accurate on these texts" not in md and NEXT_STEP in md and "come from other texts" in md
    assert json.loads(report(corpus, "json"))["accuracy"] is None


def test_report_with_a_labelled_sample(corpus, tmp_path):
    assert runner.invoke(app, ["sample", "--validation", "15", "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT v.doc_id, p.stance FROM validation_sample v JOIN predictions p ON p.doc_id = v.doc_id "
                     "WHERE p.stance IS NOT NULL ORDER BY 1").fetchall()
    # people agree with the model on all but the first
    sheet = tmp_path / "l.csv"
    lines = ["id,stance"] + [f"{d},{'none' if i == 0 and s != 'none' else ('system_leaders' if i == 0 else s)}"
                             for i, (d, s) in enumerate(rows)]
    sheet.write_text("\n".join(lines) + "\n")
    assert runner.invoke(app, ["label", "--from", str(sheet), "--corpus", str(corpus)]).exit_code == 0
    data = json.loads(report(corpus, "json"))["accuracy"]
    assert data["n"] == len(rows) and data["accuracy"] == pytest.approx((len(rows) - 1) / len(rows))
    md = report(corpus, "md")
    assert "## How accurate on these texts" in md and TOO_FEW in md and NEXT_STEP not in md
    block = md.split("## How accurate on these texts", 1)[1].split("\n## ", 1)[0]
    assert "| Social workers lead |" in block and "social\\_work" not in block  # stances by their names
    # two corrected shares in one report: the stance table points to the one measured on these texts
    stance = md.split("## Stance", 1)[1].split("\n## ", 1)[0]
    assert 'measured on these texts (the labelled validation sample) are under "How accurate on these texts"' in stance
    html = report(corpus, "html")
    assert 'id="accuracy"' in html and TOO_FEW in html
    table = report(corpus, "table")
    assert "How accurate on these texts" in table and TOO_FEW in table
    # the CSV carries the block too, with the JSON's figures rounded to 4 decimals
    import csv
    import io

    rows = [r for r in csv.DictReader(io.StringIO(report(corpus, "csv").lstrip("\ufeff")))
            if r["table"] == "validation_accuracy"]
    figures = {(r["stance"], r["measure"]): float(r["value"]) for r in rows}
    assert figures[("", "n")] == data["n"] and figures[("", "accuracy")] == round(data["accuracy"], 4)
    for lab in data["labels"]:
        assert figures[(lab["label"], "f1")] == round(lab["f1"], 4)
        assert figures[(lab["label"], "support")] == lab["support"]
        assert ((lab["label"], "corrected_share") in figures) == (lab["corrected_share"] is not None)


def test_model_shares_in_the_accuracy_block_count_a_campaign_once_as_the_stance_table_does(corpus, tmp_path):
    from voices.report.build import _model_counts

    class Docs:  # one campaign of three: two copies, which the stance table leaves out
        def group_counts(self):
            return [("s", "confident", False, False, "none", "none", "m", 5, 0),
                    ("s", "confident", True, False, "none", "none", "m", 2, 9),
                    ("s", "uncertain", False, False, None, "system_leaders", "m", 1, 3),
                    ("s", "confident", False, True, "none", "system_leaders", "m", 1, 4),  # a person's label: model's guess kept
                    ("s", "not_english", False, False, None, None, None, 1, 5)]

    assert _model_counts(Docs()) == {"none": 5, "system_leaders": 2}
    assert runner.invoke(app, ["sample", "--validation", "15", "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT v.doc_id, p.stance FROM validation_sample v JOIN predictions p ON p.doc_id = v.doc_id "
                     "WHERE p.stance IS NOT NULL").fetchall()
    sheet = tmp_path / "l.csv"
    sheet.write_text("id,stance\n" + "".join(f"{d},{s}\n" for d, s in rows))
    assert runner.invoke(app, ["label", "--from", str(sheet), "--corpus", str(corpus)]).exit_code == 0
    data = json.loads(report(corpus, "json"))
    overall = data["overall"]
    assert overall["campaign_copies"] > 0
    counted = overall["n"] + overall["uncertain"]  # the texts the stance table counts, uncertain ones by best guess
    for lab in data["accuracy"]["labels"]:
        assert lab["predicted_share"] * counted == pytest.approx(round(lab["predicted_share"] * counted))


def test_csv_and_xlsx_carry_the_notes_that_make_corrected_shares_shaky(tmp_path):
    """The JSON, md and html said the validation sample's matrix could not identify the corrected shares
    (and that a source's adjusted shares were clipped); the CSV and XLSX gave the same shares without a word."""
    import csv
    import io

    from openpyxl import load_workbook
    from report_fixtures import classified_corpus

    from voices.formats.xlsx import write_report
    from voices.report import build_report
    from voices.report.machine import render_csv

    data = build_report(classified_corpus(tmp_path / "c.duckdb"), redact=False)
    labels = data.stance_labels  # the model never says practice_connected on the sample: singular matrix
    pairs = [(labels[0], labels[0])] * 12 + [(labels[3], labels[3])] * 12 + [(labels[2], labels[3])] * 12
    data.accuracy = accuracy_on_sample(pairs, labels, {labels[0]: 30, labels[3]: 70}, bootstrap=20)
    clipped = next(d for d in data.per_source if d.adjusted_note)
    assert data.accuracy.note is not None and "condition number inf" in data.accuracy.note
    rows = list(csv.DictReader(io.StringIO(render_csv(data).lstrip("\ufeff"))))
    notes = {(r["table"], r["scope"], r["measure"]): r["value"] for r in rows if "note" in r["measure"]}
    assert notes == {("validation_accuracy", "overall", "note"): data.accuracy.note,
                     ("stance_distribution", clipped.scope, "adjusted_note"): clipped.adjusted_note}
    write_report(data, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["validation_accuracy"]
    assert data.accuracy.note in [c.value for row in sheet.iter_rows() for c in row]


def _sample_labelled_but_the_first_right(corpus, tmp_path) -> list[tuple[str, str, str]]:
    """A validation sample of 15 drawn and labelled, people agreeing with the model on all but the first:
    ``(doc_id, model's stance, text)`` of the members the model tagged, by id."""
    assert runner.invoke(app, ["sample", "--validation", "15", "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT v.doc_id, p.stance, d.text FROM validation_sample v JOIN predictions p ON p.doc_id = v.doc_id "
                     "JOIN documents d ON d.id = v.doc_id WHERE p.stance IS NOT NULL ORDER BY 1").fetchall()
    sheet = tmp_path / "l.csv"
    sheet.write_text("id,stance\n" + "".join(f"{d},{'system_leaders' if i == 0 and s == 'none' else 'none' if i == 0 else s}\n"
                                              for i, (d, s, _) in enumerate(rows)))
    assert runner.invoke(app, ["label", "--from", str(sheet), "--corpus", str(corpus)]).exit_code == 0
    return rows


def test_the_accuracy_block_never_counts_a_text_the_model_was_trained_on(corpus, tmp_path):
    """A sample text labelled for training and learnt by the model in use (its meta.json's doc_keys) was
    scored like any other, flattering the model; it is left out now, and the report says how many were."""
    rows = _sample_labelled_but_the_first_right(corpus, tmp_path)
    n = len(rows)
    assert json.loads(report(corpus, "json"))["accuracy"]["accuracy"] == pytest.approx((n - 1) / n)
    learnt_by_the_model(corpus, [rows[1][0], rows[2][0]])  # two the model gets right: it had learnt them
    data = json.loads(report(corpus, "json"))
    assert data["accuracy"]["n"] == n - 2 and data["accuracy"]["accuracy"] == pytest.approx((n - 3) / (n - 2))
    note = ("2 validation texts left out of 'How accurate on these texts': the stance model that tagged them was "
            "trained on them (labelled for training, then put in the sample)")
    assert note in data["methods"]["notes"]
    assert note in report(corpus, "md").replace("\n", " ")


def test_a_text_learnt_by_its_id_and_its_text_is_left_out_once_and_each_reason_is_named(corpus, tmp_path):
    """The doc_keys path counts and words as before; the text keys (a model trained with --data or on another
    corpus) add the texts it missed, none twice, and the note names both reasons."""
    from voices.store.provenance import text_key

    rows = _sample_labelled_but_the_first_right(corpus, tmp_path)
    n = len(rows)
    learnt_by_the_model(corpus, [rows[1][0]])
    data = json.loads(report(corpus, "json"))
    assert data["accuracy"]["n"] == n - 1 and data["accuracy"]["accuracy"] == pytest.approx((n - 2) / (n - 1))
    assert ("1 validation text left out of 'How accurate on these texts': the stance model that tagged them was "
            "trained on them (labelled for training, then put in the sample)") in data["methods"]["notes"]
    with Corpus.open(corpus, write=True) as c:  # its training texts: the one learnt by id, and two more (one wrong)
        meta = json.loads(c.sql("SELECT value FROM meta WHERE key = 'model:fake-stance-1'").fetchall()[0][0])
        meta["training_data"]["text_keys"] = sorted(text_key(t) for _, _, t in rows[:3])
        c.sql("UPDATE meta SET value = ? WHERE key = 'model:fake-stance-1'", [json.dumps(meta)])
    data = json.loads(report(corpus, "json"))
    # a campaign's copy of one of them has the same text, so it is left out too
    same = [i for i, (_, _, t) in enumerate(rows) if text_key(t) in meta["training_data"]["text_keys"]]
    assert same == [0, 1, 2, 11]
    assert data["accuracy"]["n"] == n - 4 and data["accuracy"]["accuracy"] == pytest.approx(1.0)
    assert ("4 validation texts left out of 'How accurate on these texts': the stance model that tagged them was "
            "trained on them (labelled for training, then put in the sample; or the same text was in its training "
            "data: a copy labelled here, a file or another corpus)") in data["methods"]["notes"]


def test_a_corrected_share_the_sample_never_confused_still_has_the_counts_own_interval():
    """The walk through the learning loop: 14 validation texts people called "none" and the model too, and the
    block showed "42.4% (42.4%–42.4%)" for the corrected share, while the raw share of the same 59 texts had
    a Wilson interval of 30.6–55.1%: the bootstrap resampled the sample's errors but not the texts counted."""
    from voices.report.stats import wilson

    pairs = ([("swl", "swl")] * 7 + [("swl", "pc")] + [("sys", "sys")] * 5 + [("pc", "pc")] * 2
             + [("none", "none")] * 14)
    acc = accuracy_on_sample(pairs, ["swl", "sys", "pc", "none"], {"swl": 12, "sys": 11, "pc": 11, "none": 25})
    none = acc.labels[3]
    assert (none.support, none.f1) == (14, 1.0)
    assert none.corrected_share == pytest.approx(25 / 59)
    assert none.corrected_ci == pytest.approx((0.305, 0.559), abs=1e-3)
    low, high = wilson(25, 59)
    assert (round(low, 3), round(high, 3)) == (0.306, 0.551)  # the raw share's, which it must not undercut
    assert none.f1_ci[1] == 1.0 and none.f1_ci[0] < 0.92  # 14 of 14 is not certainty (see the F1 test below)
    assert accuracy_table(acc)[2][3][-1] == "42.4% (30.5%–55.9%)"


def test_a_drawn_sample_not_labelled_yet_asks_to_label_it_not_to_draw_one(corpus, tmp_path):
    """The walk: after `voices sample --validation 30` the report still said "draw a validation sample with
    `voices sample --validation 100`", which is refused (a sample exists); and with one of the sheet's rows
    deleted, the block scored 29 texts without a word about the 30th the person skipped."""
    assert runner.invoke(app, ["sample", "--validation", "6", "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus) as c:
        drawn = c.sql("SELECT v.doc_id, p.stance FROM validation_sample v JOIN predictions p ON p.doc_id = v.doc_id "
                      "WHERE p.stance IS NOT NULL ORDER BY 1").fetchall()
    n = len(drawn)
    md = " ".join(report(corpus, "md").split())
    assert NEXT_STEP not in md
    assert (f"To check it here, label the {n} texts of the validation sample drawn (`voices review --export "
            "sheet.xlsx`, then `voices label --from sheet.xlsx`) and report again.") in md
    assert json.loads(report(corpus, "json"))["validation_unlabelled"] == n
    sheet = tmp_path / "l.csv"
    sheet.write_text("id,stance\n" + "".join(f"{d},{s}\n" for d, s in drawn[1:]))  # one row deleted
    assert runner.invoke(app, ["label", "--from", str(sheet), "--corpus", str(corpus)]).exit_code == 0
    md = " ".join(report(corpus, "md").split())
    assert f"On {n - 1} validation texts a person labelled" in md
    assert ("1 text of the validation sample is not labelled yet, so not scored (a sample with texts skipped can "
            "flatter the model); label it (`voices review --export sheet.xlsx`, then `voices label --from "
            "sheet.xlsx`) and report again") in md
    assert json.loads(report(corpus, "json"))["validation_unlabelled"] == 1


def test_accuracy_of_a_sample_the_model_got_all_right_has_wilsons_interval_not_certainty():
    """The walk: 19 of 19 consultation answers right, and the block said "accuracy 1.00 (1.00–1.00), 95%
    bootstrap interval": every resample of a perfect sample is perfect. A proportion gets Wilson's interval."""
    from scipy.stats import binomtest

    acc = accuracy_on_sample([("a", "a")] * 12 + [("b", "b")] * 7, ["a", "b"], {"a": 24, "b": 15})
    assert (acc.n, acc.accuracy) == (19, 1.0)
    assert acc.accuracy_ci == pytest.approx(tuple(binomtest(19, 19).proportion_ci(method="wilson")))
    assert acc.accuracy_ci == pytest.approx((0.8318, 1.0), abs=1e-4)
    assert accuracy_table(acc)[0].startswith("On 19 validation texts a person labelled, the model agreed with them "
                                             "100% of the time (accuracy 1.00 (0.83–1.00), 95% Wilson interval).")
    some = accuracy_on_sample(PAIRS, ["a", "b"], {"a": 60, "b": 40})
    assert some.accuracy_ci == pytest.approx(tuple(binomtest(34, 40).proportion_ci(method="wilson")))


def test_f1_of_a_small_perfect_sample_has_an_interval_not_certainty():
    """Stop 32: 5 of 5 "b" texts right gave "F1 1.00 (1.00–1.00)": every bootstrap resample of a perfect
    sample is perfect. F1 = 2J/(1+J) with J = tp/(tp+fp+fn), binomial given tp+fp+fn, so Wilson's interval
    for J, mapped, bounds F1."""
    from scipy.stats import binomtest

    from voices.report.accuracy import f1_interval

    acc = accuracy_on_sample([("a", "a")] * 12 + [("a", "b")] + [("b", "b")] * 5, ["a", "b"], {"a": 24, "b": 15})
    a, b = acc.labels
    assert (b.support, b.sample_predicted, b.f1) == (5, 6, pytest.approx(10 / 11))
    assert (a.support, a.f1) == (13, pytest.approx(24 / 25))
    low, high = binomtest(5, 6).proportion_ci(method="wilson")  # J of b: 5 of the 6 texts b touches
    assert b.f1_ci == pytest.approx((2 * low / (1 + low), 2 * high / (1 + high)))
    assert b.f1_ci == pytest.approx((0.6077, 0.9847), abs=1e-4)
    perfect = accuracy_on_sample([("a", "a")] * 12 + [("b", "b")] * 5, ["a", "b"], {"a": 24, "b": 15}).labels[1]
    assert (perfect.f1, perfect.f1_ci) == (1.0, pytest.approx((0.7225, 1.0), abs=1e-4))
    assert accuracy_table(accuracy_on_sample([("b", "b")] * 5, ["a", "b"], {"a": 1, "b": 1}))[2][1][2] == (
        "1.00 (0.72–1.00)")
    assert f1_interval(0, 0, 0) == (0.0, 1.0)  # nothing to go on: anything
    assert f1_interval(0, 3, 2) == pytest.approx((0.0, 0.6058), abs=1e-4)  # F1 0 on 5 texts


def test_the_validation_sample_draws_no_article_so_every_label_asked_for_is_scored(tmp_path):
    """The walk: `sample --validation 8` on a corpus of threads drew an article, the review sheet asked for its
    label, and the block then read "On 7 validation texts" without a word about the 8th: articles are not
    classified, and a text found not in English gets no stance, so neither is ever scored."""
    path = classified_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path) as c:
        articles = {r[0] for r in c.sql("SELECT id FROM documents WHERE kind = 'article'").fetchall()}
        texts = c.sql("SELECT count(*) FROM documents WHERE kind <> 'article'").fetchone()[0]
        welsh = {r[0] for r in c.sql("SELECT doc_id FROM predictions WHERE stance IS NULL").fetchall()}
    assert len(articles) == 1 and texts == 15 and len(welsh) == 1 and not welsh & articles  # the Welsh answer
    result = runner.invoke(app, ["sample", "--validation", "16", "--corpus", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 14  # every text with a stance, neither the article nor the Welsh
    with Corpus.open(path) as c:
        drawn = {r[0] for r in c.sql("SELECT doc_id FROM validation_sample").fetchall()}
    assert len(drawn) == 14 and not drawn & (articles | welsh)
    assert json.loads(report(path, "json"))["validation_unlabelled"] == 14  # each one asked for is counted


def test_the_block_says_what_the_models_share_is_of_and_which_intervals_it_gives():
    """The walk: "model's share" 21.7% sat under a stance table of people's labels saying 24.4%, with nothing
    saying it was the model's own stances on the 83 texts of that table, nor how the F1 and corrected-share
    intervals were made."""
    acc = accuracy_on_sample(PAIRS, ["a", "b"], {"a": 60, "b": 40}, bootstrap=50)
    assert acc.counted == 100
    assert accuracy_table(acc)[0].endswith(
        "The model's share is of its own stances (best guesses where uncertain) on the 100 texts of the stance table, "
        "people's labels set aside; F1 has a 95% Wilson interval, a corrected share a 95% bootstrap one (50 "
        "resamples of the sample and of those texts).")


def test_the_block_says_a_correction_assumes_what_no_validation_text_shows():
    """The walk: no validation text was 'Any background can lead', yet 'No position' was corrected from 59.0% to
    30.9%: adjusted_shares takes the empty row of the confusion matrix as the identity, and nothing said so."""
    pairs = [("a", "a")] * 10 + [("a", "b")] * 2 + [("b", "b")] * 3
    acc = accuracy_on_sample(pairs, ["a", "b", "c"], {"a": 50, "b": 30, "c": 20}, bootstrap=20)
    assert [x.support for x in acc.labels] == [12, 3, 0] and acc.labels[0].corrected_share is not None
    line = accuracy_table(acc, {"a": "For", "b": "Against", "c": "Neither"}.get)[0]
    assert line.endswith("No validation text was labelled 'Neither' by a person, so the corrected shares assume the "
                         "model never misses such a text.")
    few = accuracy_on_sample(pairs[:5], ["a", "b", "c"], {"a": 50, "b": 30, "c": 20}, bootstrap=20)
    assert "never misses" not in accuracy_table(few)[0]  # nothing corrected: nothing assumed
