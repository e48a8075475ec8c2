"""``voices delete`` names the corpus's own default models trained on what it erased, wherever they are kept.

``classify --stance-model DIR`` makes DIR the corpus's default model (its ``settings``). A model trained
on the corpus's labels is often kept outside ``./models``; ``delete`` looked only there (or at
``--models``), so run from another folder it listed nothing, and the model still learnt from the
erased texts without a word.
"""

from __future__ import annotations

import json

from store_fixtures import make_corpus, thread_records
from typer.testing import CliRunner

from voices.cli import app
from voices.errors import CorpusError
from voices.store import Corpus
from voices.store.compact import RewriteError
from voices.store.settings import set_setting

runner = CliRunner()


def _setup(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb", thread_records())
    with Corpus.open(corpus) as c:
        doc, sid = c.sql("SELECT id, source_id FROM documents ORDER BY id LIMIT 1").fetchall()[0]
    model = tmp_path / "kept" / "my-stance"
    model.mkdir(parents=True)
    meta = {"task": "stance", "training_data": {"files": [], "text_keys": []},
            "adaptation": {"user_labels": {"n": 1, "doc_ids": [doc]}}}
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        set_setting(c, "stance_model", {"path": str(model), "model_id": "m" * 64})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return corpus, sid, model, elsewhere


def _delete(corpus, sid, *extra):
    r = runner.invoke(app, ["delete", "--source", sid, "--corpus", str(corpus), "--json", *extra])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_delete_from_another_folder_names_the_corpus_default_model(tmp_path, monkeypatch):
    corpus, sid, model, elsewhere = _setup(tmp_path)
    monkeypatch.chdir(elsewhere)  # no ./models here
    out = _delete(corpus, sid)
    assert out["deleted_documents"] == 4
    [hit] = out["models_trained_on_them"]
    assert (hit["path"], hit["task"], hit["documents"]) == (str(model), "stance", 1)
    assert hit["retrain"] == f"voices train --data LABELLED.jsonl --task stance --out {model}"


def test_a_default_model_also_under_models_is_listed_once(tmp_path, monkeypatch):
    corpus, sid, model, elsewhere = _setup(tmp_path)
    monkeypatch.chdir(elsewhere)
    out = _delete(corpus, sid, "--models", str(model.parent))
    assert [(m["path"], m["documents"]) for m in out["models_trained_on_them"]] == [(str(model), 1)]


def test_a_default_model_whose_folder_is_gone_is_not_listed(tmp_path, monkeypatch):
    corpus, sid, model, elsewhere = _setup(tmp_path)
    (model / "meta.json").unlink()
    model.rmdir()
    monkeypatch.chdir(elsewhere)
    out = _delete(corpus, sid)
    assert out["deleted_documents"] == 4 and out["models_trained_on_them"] == []


def test_a_delete_whose_rewrite_fails_still_names_the_models_trained_on_what_went(tmp_path, monkeypatch):
    """A full disk during the rewrite left the rows deleted and said only "run voices delete --compact":
    the models trained on them were never named, and no later call could find them."""
    corpus, sid, model, elsewhere = _setup(tmp_path)

    def full_disk(c):
        raise RewriteError(f"could not rewrite corpus {c.path} to erase deleted bytes ([Errno 28] No space left "
                          "on device): the rows are deleted; free some disk space and run voices delete --compact")

    monkeypatch.setattr("voices.store.compact.rewrite_live", full_disk)
    monkeypatch.chdir(elsewhere)
    r = runner.invoke(app, ["delete", "--source", sid, "--corpus", str(corpus)])
    assert r.exit_code == 2, r.output
    assert r.stderr == (f"voices: error: could not rewrite corpus {corpus} to erase deleted bytes ([Errno 28] No "
                        "space left on device): the rows are deleted; free some disk space and run voices delete "
                        f"--compact; model {model} was trained on 1 of them; retrain it without them: "
                        f"voices train --data LABELLED.jsonl --task stance --out {model}\n")
    with Corpus.open(corpus) as c:
        assert c.ids_of(source_id=sid) == [] and c.erasure_pending()


def test_a_delete_refused_before_anything_went_is_not_reported_as_unfinished(tmp_path, monkeypatch):
    corpus, sid, _, _ = _setup(tmp_path)

    def refused(*args, **kwargs):
        raise CorpusError("cannot write corpus: it is read-only")

    monkeypatch.setattr("voices.store.erasure.delete", refused)
    r = runner.invoke(app, ["delete", "--source", sid, "--corpus", str(corpus)])
    assert r.exit_code == 2 and r.stderr == "voices: error: cannot write corpus: it is read-only\n"
    with Corpus.open(corpus) as c:
        assert len(c.ids_of(source_id=sid)) == 4


def test_a_model_that_tagged_the_corpus_and_whose_folder_is_not_given_is_named(tmp_path, monkeypatch):
    """The walk: pm1 tagged the corpus, then pm2 became its model; `delete --id` of a text both learnt named pm2's
    folder only, and pm1, whose meta.json the corpus keeps, learnt the erased text without a word."""
    from voices.store.predictions import save_model_meta

    corpus, sid, model, elsewhere = _setup(tmp_path)
    with Corpus.open(corpus) as c:
        doc = c.sql("SELECT id FROM documents ORDER BY id LIMIT 1").fetchall()[0][0]
    earlier = {"task": "stance", "model_id": "e" * 64, "training_data": {"files": [], "text_keys": []},
               "adaptation": {"user_labels": {"n": 1, "doc_ids": [doc]}}}
    with Corpus.open(corpus, write=True) as c, c.transaction():
        save_model_meta(c, "e" * 64, earlier)
    monkeypatch.chdir(elsewhere)
    out = _delete(corpus, sid)
    assert [m["path"] for m in out["models_trained_on_them"]] == [str(model)]  # the default's folder, as before
    assert out["models_not_found"] == [["e" * 64, "stance", 1]]
    corpus2 = make_corpus(tmp_path / "c2.duckdb", thread_records())  # the line a person reads, on a fresh copy
    with Corpus.open(corpus2, write=True) as c, c.transaction():
        save_model_meta(c, "e" * 64, earlier)
    r = runner.invoke(app, ["delete", "--id", doc, "--corpus", str(corpus2)])
    assert r.exit_code == 0, r.output
    assert (f"voices: stance model {'e' * 12}, which tagged this corpus, was trained on 1 of them; its folder was "
            f"not given: find it (meta.json model_id {'e' * 12}) and retrain it, or name it with --models DIR\n"
            ) in r.stderr


def test_a_delete_stopped_while_it_reads_the_model_folders_has_erased_nothing(tmp_path, monkeypatch):
    """The models trained on the erased documents were read after the delete had committed and rewritten the
    file: the retrain command imports the training code, about 1.3 s on the demo corpus. A Ctrl-C or a kill
    then (found by `kill -9` at 1.2-2.5 s into `voices delete --author`) left the documents erased and no model
    named, and running the delete again said only "no document by author". The folders are read first now."""
    corpus, sid, model, elsewhere = _setup(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("voices.erase.retrain_command", interrupted)
    monkeypatch.chdir(elsewhere)
    r = runner.invoke(app, ["delete", "--source", sid, "--corpus", str(corpus)])
    assert r.exit_code == 130, r.output  # Ctrl-C
    with Corpus.open(corpus) as c:  # nothing went: the same delete, run again, names the model
        assert len(c.ids_of(source_id=sid)) == 4 and not c.erasure_pending()
    monkeypatch.undo()
    monkeypatch.chdir(elsewhere)
    assert _delete(corpus, sid)["models_trained_on_them"][0]["path"] == str(model)


def test_a_delete_stopped_during_its_rewrite_names_the_models_when_the_next_command_finishes_it(tmp_path, monkeypatch):
    """A delete killed while it rewrites the file (9-11 s at a million documents) has erased the rows, and the
    next writing command finishes the rewrite, but the models trained on them were never named: no later call
    can find what they learnt. The delete keeps what it would have said with its unfinished marker."""
    corpus, sid, model, elsewhere = _setup(tmp_path)

    def killed(c):
        raise KeyboardInterrupt  # as SIGKILL would stop it, after the commit and before the rename

    monkeypatch.setattr("voices.store.compact.rewrite_live", killed)
    monkeypatch.chdir(elsewhere)
    r = runner.invoke(app, ["delete", "--source", sid, "--corpus", str(corpus)])
    assert r.exit_code == 130 and "trained on" not in r.stderr
    monkeypatch.undo()
    told = (f"voices: WARNING: model {model} was trained on 1 of the documents that erasure took; retrain it "
            f"without them: voices train --data LABELLED.jsonl --task stance --out {model}\n")
    r = runner.invoke(app, ["delete", "--compact", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    assert told in r.stderr and "finished an erasure that was interrupted" in r.stderr
    with Corpus.open(corpus) as c:
        assert c.ids_of(source_id=sid) == [] and not c.erasure_pending()
