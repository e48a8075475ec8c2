"""A stance-only debate (a scheme with no themes) on the paths stop 30 left: a themes model given anyway,
a themes model an earlier classify set, and a Parquet dataset classified on a Dask cluster.

The texts are the made-up children's homes debate of tests/fixtures/homes (no real person's words).
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.models import default_model_dir
from voices.store import Corpus

FIX = Path(__file__).parent / "fixtures" / "homes" / "homes.jsonl"
STANCES = ["for=Wants councils to run the homes", "against=Opposes bringing them in-house", "none=No position"]
SHIPPED_THEMES = ("burnout, pay, workforce_shortage, frontline_detachment, lived_experience, registration, "
                  "performance_targets, outsourcing, accountability, values_ethics, career_path")
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def homes(tmp_path_factory):
    """scheme init (no --theme) -> ingest -> scheme set -> label (id,stance; then id,stance,themes '') -> train."""
    tmp = tmp_path_factory.mktemp("homes")
    scheme, corpus = tmp / "homes.toml", tmp / "c.duckdb"
    args = ["scheme", "init", "--proposition", "Councils should bring children's homes back in-house", "--out", scheme]
    assert (r := run(*args, *[x for s in STANCES for x in ("--stance", s)])).exit_code == 0, r.output
    assert (r := run("ingest", FIX, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    gold = {d["text"]: d["stance"] for d in map(json.loads, FIX.open(encoding="utf-8"))}
    with Corpus.open(corpus) as c:
        docs = c.sql("SELECT id, text FROM documents ORDER BY id").fetchall()
    (tmp / "a.csv").write_text("id,stance\n" + "".join(f"{d},{gold[t]}\n" for d, t in docs[:60]), encoding="utf-8")
    (tmp / "b.csv").write_text("id,stance,themes\n" + "".join(f"{d},{gold[t]},\n" for d, t in docs[60:]),
                               encoding="utf-8")
    for sheet in ("a.csv", "b.csv"):
        assert (r := run("label", "--from", tmp / sheet, "--corpus", corpus)).exit_code == 0, r.output
    assert (r := run("train", "--task", "stance", "--corpus", corpus, "--out", tmp / "m", "-q")).exit_code == 0, r.output
    return {"tmp": tmp, "corpus": corpus, "model": tmp / "m", "gold": gold, "docs": docs}


def _copy(homes, tmp_path: Path) -> Path:
    corpus = tmp_path / "c.duckdb"
    shutil.copy(homes["corpus"], corpus)
    return corpus


def test_the_stance_model_records_that_its_scheme_has_no_themes(homes):
    meta = json.loads((homes["model"] / "meta.json").read_text(encoding="utf-8"))
    assert meta["scheme"] == {"name": "homes", "version": 1} and meta["scheme_themes"] == []
    assert meta["labels"] == ["for", "against", "none"]


def test_a_themes_model_given_anyway_says_leaving_it_out_works(homes, tmp_path):
    corpus = _copy(homes, tmp_path)
    themes = default_model_dir("themes")
    r = run("classify", "--corpus", corpus, "--stance-model", homes["model"], "--themes-model", themes)
    assert r.exit_code == 2
    assert r.stderr == (
        f"voices: error: the shipped themes model ({themes}): its themes labels {SHIPPED_THEMES} are not in the "
        "corpus's scheme 'homes'; the scheme has no themes, and no themes model fits it: leave out --themes-model "
        "to classify stance only, or add themes to the scheme ([themes.NAME] with a definition, then voices scheme "
        "set), label texts with them and train one on this corpus (voices train --task themes --corpus CORPUS --out "
        "DIR), then give it with voices classify --themes-model DIR\n")
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM predictions").fetchone() == (0,)  # refused before anything was stored


def test_a_themes_model_an_earlier_classify_set_is_not_used_for_a_stance_only_scheme(homes, tmp_path):
    """`classify --themes-model M` under a scheme with themes, then `scheme set` to one without: classify with no
    --themes-model read M (the corpus's default) and refused it, telling the user to leave out a flag never given."""
    from voices.models import load_model
    from voices.store.settings import set_setting

    corpus, themes = _copy(homes, tmp_path), tmp_path / "themes"
    shutil.copytree(default_model_dir("themes"), themes)
    with Corpus.open(corpus, write=True, create=False) as c, c.transaction():
        set_setting(c, "themes_model", {"path": str(themes), "model_id": load_model(themes).model_id})
    r = run("classify", "--corpus", corpus, "--stance-model", homes["model"], "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["classified"] == 100
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT themes, themes_model, count(*) FROM predictions GROUP BY ALL").fetchall() == [
            ([], None, 100)]


@pytest.mark.slow
def test_a_dataset_of_a_stance_only_debate_is_classified_for_stance_only(homes, tmp_path):
    """The Dask path read no scheme and ran the shipped themes model: texts about children's homes came back
    tagged `outsourcing` and `pay`, the social-work debate's themes. Now it tags stance only, as the corpus does."""
    corpus = _copy(homes, tmp_path)
    assert (r := run("export", "--corpus", corpus, "--format", "parquet", "--out", tmp_path / "in")).exit_code == 0
    r = run("classify", "--dataset", tmp_path / "in", "--out", tmp_path / "out", "--workers", 1,
            "--stance-model", homes["model"], "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents"], done["themes_model"]) == (100, "")
    out = pd.read_parquet(tmp_path / "out").sort_values("id")
    assert [list(t) for t in out["themes"]] == [[]] * 100 and out["themes_model"].isna().all()
    assert [list(p) for p in out["theme_probabilities"]] == [[]] * 100
    assert json.loads((tmp_path / "out" / "_SUCCESS").read_text())["models"]["themes_model"] == ""
    # the same stances as the corpus path gives with the same model
    r = run("classify", "--corpus", corpus, "--stance-model", homes["model"])
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        local = dict(c.sql("SELECT doc_id, stance FROM predictions").fetchall())
    assert {i: (None if pd.isna(s) else s) for i, s in zip(out["id"], out["stance"], strict=True)} == local
    assert set(local.values()) >= {"for", "against", "none"}
    # the report read no scheme from the dataset and stated the shipped social-work debate over these stances
    r = run("report", "--dataset", tmp_path / "out", "--format", "md")
    assert r.exit_code == 2
    assert r.stderr == (f"voices: error: {tmp_path / 'out'} was classified with a stance model trained for scheme "
                        "'homes', which voices does not ship: give --scheme FILE (the scheme's TOML, as voices scheme "
                        "init wrote it) so the report states that debate\n")
    r = run("report", "--dataset", tmp_path / "out", "--format", "md", "--scheme", homes["tmp"] / "homes.toml")
    assert r.exit_code == 0, r.output
    assert "one debate: **Councils should bring children's homes back in-house**" in r.stdout
    assert "The scheme 'homes' has no themes: the texts were read for stance only." in r.stdout
    assert "Who should lead social work" not in r.stdout and "Burnout" not in r.stdout


def test_a_dataset_refuses_a_themes_model_its_stance_models_scheme_lacks(homes, tmp_path):
    """Refused on the client, before a cluster starts, naming both ways out."""
    from voices.errors import ModelError
    from voices.scale.dask_classify import resolve_models

    themes = default_model_dir("themes")
    with pytest.raises(ModelError) as err:
        resolve_models(homes["model"], themes)
    assert str(err.value) == (
        f"{themes}: its themes labels {SHIPPED_THEMES} are not in scheme 'homes' of the stance model {homes['model']}, "
        "which has no themes: leave out --themes-model to classify stance only, or add themes to the scheme, label "
        "texts with them and train one for it (voices train --task themes --corpus CORPUS --out DIR), then give it "
        "with --themes-model DIR")
    assert resolve_models(homes["model"], None).themes is None



def test_a_dataset_refuses_an_older_stance_model_whose_schemes_themes_it_cannot_know(homes, tmp_path):
    """A stance model from before meta.json recorded ``scheme_themes`` (``classify --dataset`` reads no corpus):
    the job ran the shipped themes model and tagged the children's homes texts `outsourcing` and `pay`.
    Now it is refused before a cluster starts, naming both ways out; a themes model given is used."""
    from voices.models import load_model
    from voices.scale.dask_classify import resolve_models

    old = tmp_path / "old"
    shutil.copytree(homes["model"], old)
    meta = json.loads((old / "meta.json").read_text(encoding="utf-8"))
    del meta["scheme_themes"]  # not an ID_FIELD: the model id stays valid, as in a folder written before it
    (old / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    corpus = _copy(homes, tmp_path)
    assert (r := run("export", "--corpus", corpus, "--format", "parquet", "--out", tmp_path / "in")).exit_code == 0
    r = run("classify", "--dataset", tmp_path / "in", "--out", tmp_path / "out", "--stance-model", old)
    assert r.exit_code == 2
    assert r.stderr == (
        f"voices: error: {old}: a stance model from before voices recorded its scheme's themes, so classify "
        "--dataset (which reads no corpus) cannot tell whether scheme 'homes' has themes, and the shipped themes "
        "model's are another debate's: retrain it (voices train --task stance --corpus CORPUS --out DIR), which "
        "records them, or give --themes-model DIR trained for scheme 'homes'\n")
    assert not (tmp_path / "out").exists()
    themes = default_model_dir("themes")
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())  # the CLI's handler may not propagate
    logging.getLogger("voices.scale.dask_classify").addHandler(handler)
    try:
        chosen = resolve_models(old, themes)  # the user's choice for the scheme: used, with a warning
    finally:
        logging.getLogger("voices.scale.dask_classify").removeHandler(handler)
    assert chosen.themes is not None and chosen.themes.model_id == load_model(themes).model_id
    assert said == [f"{old}: a stance model from before voices recorded its scheme's themes: the themes model "
                    "given is taken to be one for scheme 'homes', unchecked"]
    shipped = resolve_models(None, None)  # the shipped stance model records no scheme_themes either: as before
    assert shipped.themes is not None and shipped.themes.model_id == load_model(themes).model_id

def test_quotes_of_a_theme_in_a_stance_only_debate_says_the_scheme_has_none(homes, tmp_path):
    """It said "unknown theme 'pay' ...; use one of:" and then nothing: no way on."""
    corpus = _copy(homes, tmp_path)
    assert (r := run("classify", "--corpus", corpus, "--stance-model", homes["model"])).exit_code == 0, r.output
    r = run("quotes", "--corpus", corpus, "--theme", "pay")
    assert r.exit_code == 2
    assert r.stderr == (
        f"voices: error: no theme 'pay': the scheme 'homes' of {corpus} has no themes (stance only); give a theme "
        "voices themes discover found (--theme d-...), or add themes to the scheme ([themes.NAME], then voices "
        "scheme set); texts by stance are in voices report\n")
    assert "Missing option '--theme'" in run("quotes", "--corpus", corpus).stderr  # quotes are of a theme


def test_a_qdpx_codebook_says_why_its_themes_group_is_empty(homes, tmp_path):
    """The codebook took definitions only from a shipped scheme: the corpus's own stances came without theirs,
    and the themes group was an empty folder that did not say the debate has no themes."""
    import xml.etree.ElementTree as ET
    import zipfile

    corpus = _copy(homes, tmp_path)
    assert (r := run("classify", "--corpus", corpus, "--stance-model", homes["model"])).exit_code == 0, r.output
    r = run("export", "--corpus", corpus, "--format", "qdpx", "--out", tmp_path / "p.qdpx")
    assert r.exit_code == 0, r.output
    ns = {"q": "urn:QDA-XML:project:1.0"}
    root = ET.fromstring(zipfile.ZipFile(tmp_path / "p.qdpx").read("project.qde"))
    groups = {g.get("name"): g for g in root.findall("q:CodeBook/q:Codes/q:Code", ns)}
    assert groups["themes"].findall("q:Code", ns) == []
    assert groups["themes"].findtext("q:Description", namespaces=ns) == (
        "none: the scheme 'homes' has no themes, texts were coded for stance only")
    stances = {c.get("name"): c.findtext("q:Description", namespaces=ns)
               for c in groups["stance"].findall("q:Code", ns)}
    assert stances == dict(s.split("=") for s in STANCES)


def test_a_theme_label_in_a_stance_only_debate_is_refused(homes, tmp_path):
    """The scheme's empty themes were passed on as "no check": `label ID --themes pay` stored a theme no scheme
    defines, as a person's label, and `label --from` did the same for a filled themes cell."""
    from voices.store.labels import get_label

    corpus = _copy(homes, tmp_path)
    doc = homes["docs"][0][0]
    r = run("label", doc, "--stance", "for", "--themes", "pay", "--corpus", corpus)
    assert r.exit_code == 2
    assert r.stderr == ("voices: error: the scheme has no themes (stance only), so theme 'pay' cannot be stored: "
                        "leave themes empty, or add it to the scheme ([themes.NAME], then voices scheme set)\n")
    (tmp_path / "t.csv").write_text(f"id,stance,themes\n{homes['docs'][1][0]},for,\n{doc},for,pay;cost\n",
                                    encoding="utf-8")
    r = run("label", "--from", tmp_path / "t.csv", "--corpus", corpus)
    assert r.exit_code == 2
    assert r.stderr == (f"voices: error: {tmp_path / 't.csv'} row 3: the scheme has no themes (stance only), so "
                        "themes 'cost', 'pay' cannot be stored: leave themes empty, or add them to the scheme "
                        "([themes.NAME], then voices scheme set); nothing was stored\n")
    with Corpus.open(corpus) as c:
        assert get_label(c, doc).themes is None and get_label(c, homes["docs"][1][0]).themes is None
    r = run("label", doc, "--stance", "against", "--themes", "", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert (get_label(c, doc).stance, get_label(c, doc).themes) == ("against", [])


def test_train_leaves_out_a_labelled_copy_of_a_validation_text_and_says_so(homes, tmp_path):
    """A label on a word-for-word copy of a sample member was training data: the model learnt the member's
    words and the report left the member out of its accuracy figures. Trained end to end on the homes debate."""
    from voices.store.provenance import text_key

    corpus = _copy(homes, tmp_path)
    member, text = homes["docs"][0]
    (tmp_path / "extra.jsonl").write_text(json.dumps({"text": text.upper(), "author": "Campaigner"}) + "\n",
                                          encoding="utf-8")
    r = run("ingest", tmp_path / "extra.jsonl", "--source-title", "campaign", "--corpus", corpus, "-q")
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus, write=True) as c, c.transaction():
        copy = c.sql("SELECT id FROM documents WHERE text = ?", [text.upper()]).fetchone()[0]
        c.sql("DELETE FROM labels WHERE doc_id = ?", [member])  # as sample --validation would draw it: unlabelled
        c.sql("INSERT INTO validation_sample SELECT id, source_id, 1, TIMESTAMP '2025-01-01' FROM documents "
              "WHERE id = ?", [member])
    r = run("label", copy, "--stance", homes["gold"][text], "--corpus", corpus)
    assert r.exit_code == 0 and "`voices train` leaves it out" in r.stderr, r.output
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.output
    assert ("voices: warning: 1 of your stance labels is on word-for-word copies (case and spacing aside) of "
            "validation-sample texts, left out of training: a model that learnt those words would have the "
            "sample's texts left out of its accuracy figures\n") in r.stderr
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    users = meta["adaptation"]["user_labels"]
    assert (users["n"], users["sample_copies_left_out"]) == (99, 1)  # 100 labelled, less the member's copy
    assert text_key(text) not in meta["training_data"]["text_keys"]  # the member's words were never learnt


def test_training_themes_on_stance_only_labels_says_the_scheme_has_none(homes, tmp_path):
    """The README's new debate, stance-only: labels from `id,stance` sheets carry no themes, so `train --task themes`
    said "0 themes labels ..., label 10 more", asking for themes that `label` then refuses under this scheme."""
    scheme, corpus = homes["tmp"] / "homes.toml", tmp_path / "c.duckdb"
    assert (r := run("ingest", FIX, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    assert (r := run("label", "--from", homes["tmp"] / "a.csv", "--corpus", corpus)).exit_code == 0, r.output
    r = run("train", "--task", "themes", "--corpus", corpus, "--out", tmp_path / "themes")
    assert r.exit_code == 2, r.output
    assert r.stderr == (
        "voices: error: the corpus's scheme 'homes' has no themes (stance only), so there is no themes model to "
        "train: train --task stance, or add themes to the scheme ([themes.NAME] with a definition, then voices "
        "scheme set) and label texts with them\n")
    assert not (tmp_path / "themes").exists()
    with Corpus.open(corpus) as c:  # the labels it was refused over are all still there
        assert c.sql("SELECT count(*), count(stance), count(themes) FROM labels").fetchone() == (60, 60, 0)


@pytest.mark.parametrize("header", ["respondent_id", "Response-ID", "respondent id"])
def test_a_snake_case_respondent_id_column_is_the_respondent_id(tmp_path, header):
    """`respondent_id` (as many exports spell it) was not seen as the id column: respondents were numbered by row,
    with a warning to name it with --id-column, and the ids were lost on re-export."""
    rows = [json.loads(x)["text"] for x in FIX.read_text(encoding="utf-8").splitlines()[:3]]
    data = tmp_path / "homes.csv"
    data.write_text(f"{header},Should councils bring children's homes back in-house? Please explain.\n"
                    + "".join(f"R00{i},\"{t}\"\n" for i, t in enumerate(rows, 1)), encoding="utf-8")
    r = run("ingest", data, "--corpus", tmp_path / "c.duckdb")
    assert r.exit_code == 0, r.output
    assert "no respondent id column" not in r.stderr
    with Corpus.open(tmp_path / "c.duckdb") as c:
        assert c.sql("SELECT respondent_id, text FROM documents ORDER BY 1").fetchall() == [
            (f"R00{i}", t) for i, t in enumerate(rows, 1)]


def test_training_a_themes_model_for_a_stance_only_debate_says_there_are_no_themes(homes, tmp_path):
    """It said "no theme has 3 labelled examples; label more texts' themes": labels the scheme cannot take."""
    r = run("train", "--task", "themes", "--corpus", homes["corpus"], "--out", tmp_path / "t")
    assert r.exit_code == 2
    assert r.stderr == ("voices: error: the corpus's scheme 'homes' has no themes (stance only), so there is no themes "
                        "model to train: train --task stance, or add themes to the scheme ([themes.NAME] with a "
                        "definition, then voices scheme set) and label texts with them\n")
    assert not (tmp_path / "t").exists()


def test_a_report_counts_no_theme_a_label_stored_before_the_refusal_carried(homes, tmp_path):
    """A label stored before `label` refused themes under a stance-only scheme kept `pay`; the report
    said "the texts were read for stance only", then showed a themes table with Pay at 3.0% (1.0-8.5%)."""
    corpus = _copy(homes, tmp_path)
    with Corpus.open(corpus, write=True) as c:
        old = [r[0] for r in c.sql("SELECT doc_id FROM labels ORDER BY doc_id LIMIT 3").fetchall()]
        c.sql("UPDATE labels SET themes = ['pay'] WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [old])
    assert (r := run("classify", "--corpus", corpus, "--stance-model", homes["model"], "-q")).exit_code == 0, r.output
    r = run("report", "--corpus", corpus, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["themes"] == [] and data["theme_evidence"] is None
    assert ("3 texts with themes stored (people's labels, or a classify before voices scheme set) that scheme "
            "'homes' lacks: not counted; voices export shows them") in data["methods"]["notes"]
    r = run("report", "--corpus", corpus, "--format", "md")
    assert "The scheme 'homes' has no themes" in r.stdout and "| Pay |" not in r.stdout and "## Themes" not in r.stdout
    r = run("export", "--corpus", corpus, "--format", "jsonl", "--labelled")
    assert sorted(d["id"] for d in map(json.loads, r.stdout.splitlines()) if d["themes"] == ["pay"]) == old


def test_train_leaves_out_data_file_texts_a_validation_text_has_word_for_word(homes, tmp_path):
    """A --data row copying a sample member's words was trained on: the model learnt them, and the report then
    left the member out of its accuracy figures. Left out now, as labels on copies in the corpus are."""
    from voices.store.provenance import text_key

    corpus = _copy(homes, tmp_path)
    member, text = homes["docs"][0]
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("DELETE FROM labels WHERE doc_id = ?", [member])  # as sample --validation would draw it: unlabelled
        c.sql("INSERT INTO validation_sample SELECT id, source_id, 1, TIMESTAMP '2025-01-01' FROM documents "
              "WHERE id = ?", [member])
    others = ["Run by the council, a home answers to the people who live near it.",
              "Private providers built most of the new places; taking them over buys nothing."]
    data = tmp_path / "more.jsonl"
    data.write_text("".join(json.dumps({"text": t, "stance": s}) + "\n" for t, s in
                            [("  " + text.upper().replace(" ", "  "), homes["gold"][text]),
                             (others[0], "for"), (others[1], "against")]), encoding="utf-8")
    metas = []
    for out in ("m1", "m2"):  # the same inputs twice: the same model_id
        r = run("train", "--task", "stance", "--corpus", corpus, "--data", data, "--out", tmp_path / out)
        assert r.exit_code == 0, r.output
        assert ("voices: warning: 1 text of the --data files is a word-for-word copy (case and spacing aside) of "
                "validation-sample texts, left out of training: a model that learnt those words would have the "
                "sample's texts left out of its accuracy figures\n") in r.stderr
        metas.append(json.loads((tmp_path / out / "meta.json").read_text(encoding="utf-8")))
    meta = metas[0]
    assert meta["adaptation"]["data_copies_left_out"] == 1
    assert "sample_copies_left_out" not in meta["adaptation"]["user_labels"]
    assert (meta["adaptation"]["user_labels"]["n"], meta["training_data"]["n"]) == (99, 101)  # 99 + the 2 others
    assert text_key(text) not in meta["training_data"]["text_keys"]  # the member's words were never learnt
    assert {text_key(t) for t in others} <= set(meta["training_data"]["text_keys"])
    assert metas[1]["model_id"] == meta["model_id"]


def test_shipped_texts_a_validation_text_has_are_counted_apart_from_data_files():
    from voices.models.adapt_data import _without_sample_texts
    from voices.models.adapt_notes import _data_copies_note
    from voices.models.data import LabelledItem
    from voices.store.provenance import text_key

    def item(text: str, where: str) -> LabelledItem:
        return LabelledItem(where, text, "none", "g", where)

    base = [item("Kept, no sample text has these words.", "/shipped/batch-a.jsonl:1"),
            item("THE MEMBER'S WORDS", "/shipped/batch-a.jsonl:2"),
            item("the member's   words", "mine.csv:3"), item("the member's words", "mine.csv:4")]
    kept, counts = _without_sample_texts(base, {"/shipped/batch-a.jsonl"}, {text_key("The member's words")})
    assert ([it.where for it in kept], counts) == (["/shipped/batch-a.jsonl:1"], (2, 1))
    assert _data_copies_note(*counts).startswith("2 texts of the --data files and 1 of the shipped labelled texts "
                                                 "are word-for-word copies (case and spacing aside)")
    assert _without_sample_texts(base, set(), set()) == (base, (0, 0))
