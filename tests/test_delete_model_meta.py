"""``voices delete`` takes the erased texts out of the corpus's copies of model metas.

The corpus keeps the ``meta.json`` of every model that tagged it (``store.predictions.save_model_meta``),
with a plain hash of each training text (``training_data.text_keys``) and the labelled documents' ids.
After a delete the corpus file still held the erased text's hash, so anyone with the file could confirm
a guess of the erased words.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

import pytest
from report_fixtures import FakeStance, FakeThemes
from typer.testing import CliRunner

from voices.cli import app
from voices.ids import keyed_id
from voices.store import Corpus
from voices.store.predictions import model_metas
from voices.store.provenance import text_key
from voices.store.secrets import redaction_key

runner = CliRunner()


@dataclass
class _Trained(FakeStance):
    """The fake stance model, with training data that holds some of the corpus's texts."""

    text_keys: tuple[str, ...] = ()
    doc_keys: tuple[str, ...] = ()

    @property
    def meta(self) -> dict:
        meta = super().meta
        meta["training_data"] = {**meta["training_data"], "text_keys": sorted(self.text_keys),
                                 "doc_ids": sorted(self.doc_keys)}
        meta["adaptation"] = {"user_labels": {"n": len(self.doc_keys), "doc_keys": sorted(self.doc_keys)}}
        return meta


def _setup(tmp_path):
    """Two pages: Jo's comment (trained on, by id and text), a copy of Kit's comment on page B by Sam
    (both trained on, one key), and Mo's (not trained on)."""
    jo, kit = f"Jo's own words {secrets.token_hex(12)}.", f"Kit's words {secrets.token_hex(12)}."
    rows = [{"id": "a1", "source": "Page A", "author": "Jo Canary", "text": jo},
            {"id": "a2", "source": "Page A", "author": "Kit", "text": kit},
            {"id": "a3", "source": "Page A", "author": "Mo", "text": "Mo's comment was never trained on."},
            {"id": "b1", "source": "Page B", "author": "Sam", "text": "  " + kit.upper()}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    res = runner.invoke(app, ["ingest", str(path), "--format", "records", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        ids = dict(c.sql("SELECT text, id FROM documents").fetchall())
        secret = redaction_key(c)
    from voices.classify import classify_corpus

    model = _Trained(text_keys=(text_key(jo), text_key(kit), "0123456789abcdef"),
                     doc_keys=(keyed_id(secret, ids[jo]), ids[jo], keyed_id(secret, ids[kit])))
    classify_corpus(corpus, stance_model=model, themes_model=FakeThemes())
    return corpus, jo, kit, ids, secret


def _meta(corpus):
    with Corpus.open(corpus) as c:
        return model_metas(c)["fake-stance-1"]


@pytest.mark.parametrize("how", ["author", "id", "source"])
def test_delete_takes_the_erased_texts_keys_out_of_the_corpus_copy_of_a_models_meta(tmp_path, how):
    corpus, jo, kit, ids, secret = _setup(tmp_path)
    jo_key, jo_keyed = text_key(jo), keyed_id(secret, ids[jo])
    assert jo_key.encode() in corpus.read_bytes() and jo_keyed.encode() in corpus.read_bytes()  # there before
    with Corpus.open(corpus) as c:
        page_a = c.sql("SELECT id FROM sources WHERE title = 'Page A'").fetchone()[0]
    option = {"author": ["--author", "jo canary"], "id": ["--id", ids[jo]], "source": ["--source", page_a]}[how]
    res = runner.invoke(app, ["delete", *option, "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    meta = _meta(corpus)
    kept_keys = ["0123456789abcdef", text_key(kit)]  # Kit's text stays in Sam's copy on page B
    assert meta["training_data"]["text_keys"] == sorted(kept_keys)
    gone_ids = {ids[jo], jo_keyed} | ({keyed_id(secret, ids[kit])} if how == "source" else set())
    assert not gone_ids & {*meta["training_data"]["doc_ids"], *meta["adaptation"]["user_labels"]["doc_keys"]}
    assert meta["adaptation"]["user_labels"]["n"] == 3  # how many it learnt from is no one's text
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("c.duckdb"))
    for gone in (jo_key, jo_keyed, ids[jo]):
        assert gone.encode() not in on_disk
    assert "delete or regenerate them" in res.output  # copies elsewhere (model folders too) still hold data


def test_a_text_key_goes_when_its_last_copy_goes(tmp_path):
    corpus, jo, kit, _, _ = _setup(tmp_path)
    for author in ("Kit", "Sam"):
        res = runner.invoke(app, ["delete", "--author", author, "--corpus", str(corpus)])
        assert res.exit_code == 0, res.output
        still = text_key(kit) in _meta(corpus)["training_data"]["text_keys"]
        assert still == (author == "Kit")
    assert sorted(_meta(corpus)["training_data"]["text_keys"]) == sorted([text_key(jo), "0123456789abcdef"])


def test_classifying_again_with_the_same_model_does_not_bring_the_erased_keys_back(tmp_path):
    """The model folder's meta.json still lists the erased text's hash and ids; the next classify with it
    saved that meta into the corpus again, whole."""
    from voices.classify import classify_corpus

    corpus, jo, kit, ids, secret = _setup(tmp_path)
    res = runner.invoke(app, ["delete", "--author", "jo canary", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:  # keyed digests of what the meta held (Jo's text key, plain and keyed id) only
        assert len(json.loads(c.sql("SELECT value FROM meta WHERE key = 'erased_model_meta_keys'").fetchone()[0])) == 3
    model = _Trained(text_keys=(text_key(jo), text_key(kit), "0123456789abcdef"),
                     doc_keys=(keyed_id(secret, ids[jo]), ids[jo], keyed_id(secret, ids[kit])))
    classify_corpus(corpus, stance_model=model, themes_model=FakeThemes(), force=True)
    meta = _meta(corpus)
    assert meta["training_data"]["text_keys"] == sorted(["0123456789abcdef", text_key(kit)])
    assert meta["training_data"]["doc_ids"] == [keyed_id(secret, ids[kit])]
    assert meta["adaptation"]["user_labels"]["doc_keys"] == [keyed_id(secret, ids[kit])]
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("c.duckdb"))
    for gone in (text_key(jo), keyed_id(secret, ids[jo]), ids[jo]):
        assert gone.encode() not in on_disk


def test_a_model_folder_trained_on_them_that_tags_the_corpus_after_the_delete_brings_no_key_back(tmp_path):
    """A model trained on Jo's text before the delete, that had not tagged the corpus yet: the delete named it
    (retrain it), but its first classify stored its meta, with Jo's text key and keyed id, in the corpus."""
    from voices.classify import classify_corpus

    jo = f"Jo's own words {secrets.token_hex(12)}."
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "a1", "source": "Page A", "author": "Jo Canary", "text": jo}) + "\n"
                    + json.dumps({"id": "a2", "source": "Page A", "author": "Mo", "text": "Mo stays."}) + "\n",
                    encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert (res := runner.invoke(app, ["ingest", str(path), "--format", "records", "--corpus", str(corpus)])
            ).exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        jo_id, secret = c.sql("SELECT id FROM documents WHERE author = 'Jo Canary'").fetchone()[0], redaction_key(c)
    model = _Trained(text_keys=(text_key(jo), "0123456789abcdef"), doc_keys=(keyed_id(secret, jo_id),))
    folder = tmp_path / "models" / "stance"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps(model.meta), encoding="utf-8")
    res = runner.invoke(app, ["delete", "--author", "Jo Canary", "--models", str(tmp_path / "models"),
                              "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert str(folder) in res.output  # named: retrain it
    classify_corpus(corpus, stance_model=model, themes_model=FakeThemes())
    meta = _meta(corpus)
    assert (meta["training_data"]["text_keys"], meta["adaptation"]["user_labels"]["doc_keys"]) == (
        ["0123456789abcdef"], [])
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("c.duckdb"))
    assert text_key(jo).encode() not in on_disk and keyed_id(secret, jo_id).encode() not in on_disk
