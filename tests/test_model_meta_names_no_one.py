"""A model folder names no one in its metadata either: not the user's file names, not the
corpus's path, not a document id anyone can recompute.

``meta.json`` recorded ``training_data.files`` as given ("interview-sarah-jones.jsonl"),
``training_data.corpus`` as an absolute path (``/home/sarah.jones/...``) and
``adaptation.user_labels.doc_ids`` as plain ids (a hash of source, author and date: for a
public thread, anyone can recompute them and learn which comments were labelled). The
person here, Sarah Jones, is invented; the texts are ``test_train_redacts``'s made-up debate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_train_redacts import _texts, labelled_corpus, run

from voices.store import Corpus

# Every part of the person's name as the paths spell it, looked for case-insensitively.
NAME_PARTS = ["sarah", "jones", "sarah.jones", "sarah-jones", "interview-sarah"]


def _named_in(folder: Path) -> dict[str, list[str]]:
    """Name parts found in each file of ``folder``, and in each member of a zip (``model.skops``,
    ``bundle.npz``), whose compressed bytes a search of the file itself cannot see into."""
    import io
    import zipfile

    def hits(blob: bytes) -> list[str]:
        low = blob.lower()
        return [p for p in NAME_PARTS if p.encode("utf-8") in low or p.encode("utf-32-le") in low]

    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            blob = path.read_bytes()
            found[path.name] = hits(blob)
            if zipfile.is_zipfile(io.BytesIO(blob)):
                with zipfile.ZipFile(io.BytesIO(blob)) as z:
                    for member in z.namelist():
                        found[f"{path.name}:{member}"] = hits(z.read(member))
    return {k: v for k, v in found.items() if v}


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """A corpus and labelled files in ``sarah.jones/projects/``, from ``interview-sarah-jones.jsonl``."""
    home = tmp_path_factory.mktemp("home") / "sarah.jones" / "projects"
    home.mkdir(parents=True)
    texts = _texts()
    corpus, ids = labelled_corpus(home / "interview-sarah-jones.jsonl", home / "sarah-jones.duckdb",
                                  home / "labels-sarah-jones.csv")
    data = home / "interview-sarah-jones-labels.jsonl"
    data.write_text("".join(json.dumps({"text": t, "stance": s, "group": f"g{i % 4}"}) + "\n"
                            for i, (t, s) in enumerate(texts)), encoding="utf-8")
    out = tmp_path_factory.mktemp("models")
    r = run("train", "--task", "stance", "--corpus", corpus, "--data", data, "--out", out / "from-corpus", "-q",
            "--json")
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    r = run("train", "--task", "stance", "--data", data, "--out", out / "from-file", "-q")
    assert r.exit_code == 0, r.output
    return {"home": home, "corpus": corpus, "data": data, "ids": ids, "models": out, "train_json": shown}


@pytest.mark.parametrize("model", ["from-corpus", "from-file"])
def test_no_part_of_the_users_paths_is_in_any_file_of_the_model_folder(named, model):
    folder = named["models"] / model
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "bundle.json", "bundle.npz", "meta.json",
                                                        "model.skops"]
    assert _named_in(folder) == {}
    assert str(named["home"]).encode() not in (folder / "meta.json").read_bytes()


def test_a_users_file_is_recorded_by_a_hash_of_its_bytes(named):
    import hashlib

    digest = hashlib.sha256(named["data"].read_bytes()).hexdigest()[:12]
    for model in ("from-corpus", "from-file"):
        meta = json.loads((named["models"] / model / "meta.json").read_text(encoding="utf-8"))
        assert meta["training_data"]["files"] == [f"your-file-{digest}.jsonl"]
        card = (named["models"] / model / "README.md").read_text(encoding="utf-8")
        assert f"your-file-{digest}.jsonl" in card


def test_the_corpus_and_its_documents_are_recorded_keyed(named):
    from voices.ids import keyed_id
    from voices.models.private_meta import corpus_id
    from voices.store.secrets import redaction_key

    meta = json.loads((named["models"] / "from-corpus" / "meta.json").read_text(encoding="utf-8"))
    with Corpus.open(named["corpus"]) as c:
        key = redaction_key(c)
    assert key is not None
    assert "corpus" not in meta["training_data"]
    assert meta["training_data"]["corpus_id"] == corpus_id(key) == keyed_id(key, "voices corpus id")
    users = meta["adaptation"]["user_labels"]
    assert "doc_ids" not in users
    assert users["doc_keys"] == sorted(keyed_id(key, d) for d in named["ids"].values())
    assert len(users["doc_keys"]) == 48 and not set(users["doc_keys"]) & set(named["ids"].values())


def test_train_json_shows_the_keyed_ids_and_no_plain_ones(named):
    """``train --json`` showed ``adaptation.user_labels.doc_ids`` (plain ids, which identified the
    labelled documents); it now shows ``doc_keys``, as meta.json records them, and no ``doc_ids``."""
    meta = json.loads((named["models"] / "from-corpus" / "meta.json").read_text(encoding="utf-8"))
    users = named["train_json"]["adaptation"]["user_labels"]
    assert sorted(users) == ["counts", "doc_keys", "n", "sources"]
    assert users == meta["adaptation"]["user_labels"]
    assert users["n"] == len(users["doc_keys"]) == 48
    assert not set(users["doc_keys"]) & set(named["ids"].values())
    assert named["train_json"]["model_id"] == meta["model_id"]


def _old_folder(named, model: Path) -> str:
    """The from-corpus model as voices wrote it before ids were keyed: ``user_labels.doc_ids`` (plain)
    and ``training_data.corpus`` (a path), its ``model_id`` derived over that meta. Returns a plain id."""
    import hashlib

    from voices.models.model_id import derived_model_id

    shutil.copytree(named["models"] / "from-corpus", model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    users = meta["adaptation"]["user_labels"]
    doc = sorted(named["ids"].values())[0]
    del users["doc_keys"], meta["training_data"]["corpus_id"]
    users["doc_ids"] = sorted(named["ids"].values())
    meta["training_data"]["corpus"] = "/somewhere/old.duckdb"
    meta["model_id"] = derived_model_id(hashlib.sha256((model / "model.skops").read_bytes()).hexdigest(), meta)
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return doc


def test_evaluate_reads_an_old_folder_with_plain_doc_ids(named, tmp_path):
    from voices.models.persist import read_meta

    doc = _old_folder(named, tmp_path / "old")
    assert doc in read_meta(tmp_path / "old")["adaptation"]["user_labels"]["doc_ids"]
    got = {}
    for name, folder in (("old", tmp_path / "old"), ("new", named["models"] / "from-corpus")):
        r = run("evaluate", "--model", folder, "--data", named["data"], "--allow-overlap", "--json")
        assert r.exit_code == 0, r.output
        got[name] = json.loads(r.stdout)
    assert got["old"]["model_id"] != got["new"]["model_id"]  # the old meta is its own model's
    same = [k for k in got["new"] if "model" not in k]
    assert {"macro_f1", "confusion"} <= set(same)
    assert {k: got["old"][k] for k in same} == {k: got["new"][k] for k in same}
    assert got["old"]["n"] == 48


def _one_doc(corpus: Path) -> tuple[str, str]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT id, source_id FROM documents ORDER BY id LIMIT 1").fetchall()[0]


def test_delete_of_a_labelled_document_still_lists_the_model_by_its_keyed_id(named, tmp_path):
    """The text keys are taken out of meta.json here, so only ``doc_keys`` can match."""
    corpus = tmp_path / "c.duckdb"
    shutil.copy(named["corpus"], corpus)
    models = tmp_path / "models"
    shutil.copytree(named["models"] / "from-corpus", models / "m")
    meta = json.loads((models / "m" / "meta.json").read_text(encoding="utf-8"))
    meta["training_data"]["text_keys"] = []
    (models / "m" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    _, sid = _one_doc(corpus)
    r = run("delete", "--source", sid, "--models", models, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["deleted_documents"] == 48
    [hit] = out["models_trained_on_them"]
    assert hit["path"] == str(models / "m") and hit["documents"] == 48
    # the command names the corpus deleted from (meta.json no longer records a path) and the file by its hash
    assert hit["retrain"] == (f"voices train --task stance --corpus {corpus.resolve()} "
                              f"--data {meta['training_data']['files'][0]} --out {models / 'm'}")


def test_an_old_model_folder_with_plain_doc_ids_still_matches(named, tmp_path):
    corpus = tmp_path / "c.duckdb"
    shutil.copy(named["corpus"], corpus)
    models = tmp_path / "models"
    (models / "old").mkdir(parents=True)
    doc, sid = _one_doc(corpus)
    old = {"task": "stance", "adaptation": {"user_labels": {"n": 1, "doc_ids": [doc]}},
           "training_data": {"files": ["old-labels.jsonl"], "corpus": "/somewhere/old.duckdb", "text_keys": []}}
    (models / "old" / "meta.json").write_text(json.dumps(old), encoding="utf-8")
    r = run("delete", "--source", sid, "--models", models, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    [hit] = json.loads(r.stdout)["models_trained_on_them"]
    assert hit["documents"] == 1
    assert hit["retrain"] == ("voices train --task stance --corpus /somewhere/old.duckdb --data old-labels.jsonl "
                              f"--out {models / 'old'}")


def test_a_model_from_another_corpus_is_not_given_this_corpus_in_its_retrain_command(named, tmp_path):
    from voices.erase import affected_models

    models = tmp_path / "models"
    shutil.copytree(named["models"] / "from-corpus", models / "m")
    meta = json.loads((models / "m" / "meta.json").read_text(encoding="utf-8"))
    [hit] = affected_models(set(meta["training_data"]["text_keys"][:1]), [models], corpus=tmp_path / "other.duckdb",
                            corpus_key="k000000000000000")
    assert hit.retrain.startswith("voices train --task stance --corpus CORPUS --data your-file-")


def test_a_ubiquitous_hashtag_naming_someone_written_out_is_not_in_dropped_hashtags(tmp_path):
    """``--tokenizer tweets`` records the hashtags in half the texts or more as ``dropped_hashtags``
    (meta.json, bundle.json, model.skops). The texts are redacted before that list is fitted, so a
    hashtag spelling a name the texts also write out is a ``#[PERSON]``, never the name."""
    data = tmp_path / "tagged.jsonl"
    data.write_text("".join(json.dumps({"text": f"{t} Kemi Okafor was let down. #JusticeForKemiOkafor",
                                        "stance": s, "group": f"g{i % 4}"}) + "\n"
                            for i, (t, s) in enumerate(_texts())), encoding="utf-8")
    r = run("train", "--task", "stance", "--data", data, "--tokenizer", "tweets", "--out", tmp_path / "m", "-q")
    assert r.exit_code == 0, r.output
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["tokenizer"]["dropped_hashtags"] == [] and meta["redaction"]["changed"] == 48
    for path in (tmp_path / "m").iterdir():
        low = path.read_bytes().lower()
        assert not [w for w in ("kemi", "okafor") if w.encode() in low or w.encode("utf-32-le") in low], path.name


def test_the_meta_schema_reads_old_folders_and_refuses_a_plain_id_as_a_key(named, tmp_path):
    from voices.errors import ModelError
    from voices.models.persist import read_meta

    model = tmp_path / "m"
    shutil.copytree(named["models"] / "from-corpus", model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    doc = next(iter(named["ids"].values()))
    old = json.loads(json.dumps(meta))
    del old["training_data"]["corpus_id"], old["adaptation"]["user_labels"]["doc_keys"]
    old["training_data"]["corpus"] = "/somewhere/old.duckdb"
    old["adaptation"]["user_labels"]["doc_ids"] = [doc]
    (model / "meta.json").write_text(json.dumps(old), encoding="utf-8")
    assert read_meta(model)["adaptation"]["user_labels"]["doc_ids"] == [doc]
    meta["adaptation"]["user_labels"]["doc_keys"] = [doc]  # a plain id where a keyed one belongs
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="doc_keys' is not a list of keyed ids; retrain the model"):
        read_meta(model)


@pytest.mark.parametrize("tag", ["#JusticeForKemiOkafor", "#justiceforkemiokafor"])
def test_a_ubiquitous_hashtag_naming_someone_never_written_out_is_counted_not_named(tmp_path, tag):
    """With no 'Kemi Okafor' in the texts, '#JusticeForKemiOkafor' was not redacted and reached
    ``meta.json``'s ``tokenizer.dropped_hashtags`` verbatim. Split at its case changes it spells a
    full name, so it is redacted in the texts; in lower case it cannot be split, so meta.json only
    counts it (a hashtag of English words, '#StopTheCuts', is still named)."""
    data = tmp_path / "tagged.jsonl"
    data.write_text("".join(json.dumps({"text": f"{t} {tag} #StopTheCuts", "stance": s, "group": f"g{i % 4}"}) + "\n"
                            for i, (t, s) in enumerate(_texts())), encoding="utf-8")
    r = run("train", "--task", "stance", "--data", data, "--tokenizer", "tweets", "--out", tmp_path / "m", "-q")
    assert r.exit_code == 0, r.output
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    if tag[1].isupper():  # redacted in the texts: nothing of it is left to drop, in any file of the folder
        assert meta["tokenizer"]["dropped_hashtags"] == ["stopthecuts"] and meta["redaction"]["changed"] == 48
        assert "dropped_hashtags_withheld" not in meta["tokenizer"]
        for path in (tmp_path / "m").iterdir():
            low = path.read_bytes().lower()
            assert not [w for w in ("kemi", "okafor") if w.encode() in low or w.encode("utf-32-le") in low], path.name
    else:
        assert meta["tokenizer"]["dropped_hashtags"] == ["stopthecuts"]
        assert meta["tokenizer"]["dropped_hashtags_withheld"] == 1
        assert "kemi" not in (tmp_path / "m" / "meta.json").read_text(encoding="utf-8").lower()
        assert "kemi" not in (tmp_path / "m" / "README.md").read_text(encoding="utf-8").lower()
