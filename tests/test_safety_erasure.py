"""Issue 10, erasure that is real: no deleted byte stays in the corpus files; derived data goes too."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from store_fixtures import CONSULTATION, THREAD, make_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.schemas import Record
from voices.store import Corpus

runner = CliRunner()


def _canaries() -> dict[str, str]:
    # random tails defeat DuckDB's string compression, so the bytes are on disk before the delete
    return {f: f"CANARY{f.upper()}{secrets.token_hex(24)}" for f in ("text", "org", "respondent", "labeller")}


def _corpus_bytes(path) -> bytes:
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name) or p.name.startswith("." + path.name)]
    return b"".join(p.read_bytes() for p in files if p.is_file())


def _planted(tmp_path, canary):
    records = [
        Record(CONSULTATION, "consultation_answer", f"Leaders must qualify. {canary['text']} " + "x" * 300,
               "R9:Q1", native_id="R9:Q1", question_id="Q1", question="Should directors be registered?",
               respondent_id=canary["respondent"], respondent_type="organisation",
               organisation=canary["org"], closed_answer="Agree"),
        Record(CONSULTATION, "consultation_answer", "We keep this answer. " + secrets.token_hex(200), "R1:Q1",
               native_id="R1:Q1", question_id="Q1", question="Should directors be registered?",
               respondent_id="R1", respondent_type="individual", closed_answer="Disagree"),
        Record(THREAD, "comment", "A comment that stays.", "1", author="Mo"),
    ]
    corpus = make_corpus(tmp_path / "c.duckdb", records)
    with Corpus.open(corpus, write=True) as c, c.transaction():
        doc = c.sql("SELECT id FROM documents WHERE respondent_id = ?", [canary["respondent"]]).fetchall()[0][0]
        c.sql("INSERT INTO labels VALUES (?, 'for', ['pay'], ?, now())", [doc, canary["labeller"]])
        c.sql("INSERT INTO prepared VALUES (?, 'v1', ?)", [doc, f"cached {canary['text']}"])
        c.sql("""INSERT INTO predictions (doc_id, status, stance, classified_at)
                 VALUES (?, 'ok', 'for', now())""", [doc])
    return corpus, doc


def test_delete_leaves_no_deleted_bytes_in_the_corpus_files(tmp_path):
    canary = _canaries()
    corpus, doc = _planted(tmp_path, canary)
    with Corpus.open(corpus) as c:  # open and close: everything checkpointed into the file
        assert c.count_documents() == 3
    before = _corpus_bytes(corpus)
    assert all(v.encode() in before for v in canary.values()), "the canaries must be on disk before the delete"

    res = runner.invoke(app, ["delete", "--respondent", canary["respondent"], "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    after = _corpus_bytes(corpus)
    leaked = [f for f, v in canary.items() if v.encode() in after]
    assert not leaked, f"deleted {leaked} still readable in the corpus files"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.duckdb"]
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 2
        for table, col in (("predictions", "doc_id"), ("labels", "doc_id"), ("prepared", "doc_id")):
            assert c.sql(f"SELECT count(*) FROM {table} WHERE {col} = ?", [doc]).fetchall()[0][0] == 0
        kept = c.sql("SELECT text FROM documents ORDER BY text").fetchall()
    assert kept[0][0] == "A comment that stays." and kept[1][0].startswith("We keep this answer.")


def test_delete_a_whole_source_erases_its_title_too(tmp_path):
    title = f"Consultation CANARYTITLE{secrets.token_hex(24)}"
    from voices.schemas import Source

    src = Source(title=title, kind="thread")
    corpus = make_corpus(tmp_path / "c.duckdb", [Record(src, "comment", "gone " + secrets.token_hex(100), "1"),
                                                 Record(THREAD, "comment", "stays", "1")])
    with Corpus.open(corpus) as c:
        sid = c.sql("SELECT id FROM sources WHERE title = ?", [title]).fetchall()[0][0]
    assert title.encode() in _corpus_bytes(corpus)
    res = runner.invoke(app, ["delete", "--source", sid, "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert title.encode() not in _corpus_bytes(corpus)
    with Corpus.open(corpus, write=True) as c:  # still a working corpus: constraints survived the rewrite
        assert [s.title for s in c.summary()] == [THREAD.title]
        with pytest.raises(Exception, match="(?i)constraint|duplicate"):
            c.sql("INSERT INTO sources SELECT * FROM sources")


@pytest.mark.parametrize("fifo", [False, True], ids=["models", "and-a-fifo-named-meta-json"])
def test_delete_lists_models_trained_on_the_deleted_documents(tmp_path, fifo):
    # a FIFO named meta.json under --models hung the erasure (read_text waited for a writer): now passed over
    from voices.models.data import text_key

    canary = _canaries()
    corpus, _ = _planted(tmp_path, canary)
    with Corpus.open(corpus) as c:
        text = c.sql("SELECT text FROM documents WHERE respondent_id = ?", [canary["respondent"]]).fetchall()[0][0]
    models = tmp_path / "models"
    for name, keys in (("trained-on-it", [text_key(text), "0" * 16]), ("unrelated", ["1" * 16])):
        (models / name).mkdir(parents=True)
        (models / name / "meta.json").write_text(json.dumps(
            {"task": "stance", "training_data": {"files": ["mine.jsonl"], "text_keys": keys}}))
    if fifo:
        (models / "a-fifo").mkdir()
        os.mkfifo(models / "a-fifo" / "meta.json")
    res = runner.invoke(app, ["delete", "--respondent", canary["respondent"], "--models", str(models),
                              "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["deleted_documents"] == 1
    assert [m["path"] for m in out["models_trained_on_them"]] == [str(models / "trained-on-it")]
    assert out["models_trained_on_them"][0]["retrain"] == (
        f"voices train --data mine.jsonl --task stance --out {models / 'trained-on-it'}")


def test_the_retrain_command_of_a_model_trained_on_a_corpus_names_the_corpus(tmp_path):
    """It printed `voices train --data batch-01.jsonl ... --out DIR`: the shipped files by bare
    name and no --corpus, so it did not rebuild the model that was trained."""
    from voices.erase import retrain_command
    from voices.models.adapt_data import shipped_data_files

    shipped = [p.name for p in shipped_data_files("stance")]
    data = {"files": [*shipped, "extra labels.jsonl"], "corpus": str(tmp_path / "my corpus.duckdb")}
    out = tmp_path / "m"
    assert retrain_command(data, "stance", out) == (
        f"voices train --task stance --corpus '{tmp_path / 'my corpus.duckdb'}' --data 'extra labels.jsonl' --out {out}")
    assert retrain_command({"files": []}, "themes", out) == f"voices train --data LABELLED.jsonl --task themes --out {out}"


def test_delete_compact_rewrites_without_deleting(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["delete", "--compact", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 6


@pytest.mark.parametrize(("args", "needle"), [
    (["--source", ""], "--source is empty"),
    (["--respondent", " "], "--respondent is empty"),
    (["--compact", "--source", "s"], "--compact only rewrites"),
    (["--compact", "--respondent", "R1"], "--compact only rewrites"),
])
def test_delete_refuses_an_empty_id_or_an_id_with_compact(tmp_path, args, needle):
    """An empty --source was exit 1 (ValueError); --compact with an id said nothing of the id it did not erase."""
    corpus = make_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["delete", *args, "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert needle in res.output and res.output.count("\n") == 1, res.output
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 6


@pytest.mark.parametrize("point", ["delete.committed", "delete.rewriting"])
def test_a_delete_killed_before_its_rewrite_is_finished_by_the_next_write(tmp_path, point):
    """A SIGKILL between the delete's commit and the rewrite left the deleted bytes in the file for good."""
    canary = _canaries()
    corpus, _ = _planted(tmp_path, canary)
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 3
    src = Path(__file__).resolve().parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "VOICES_FAULT_POINT": point}
    killed = subprocess.run([sys.executable, "-m", "voices", "delete", "--respondent", canary["respondent"],
                             "--corpus", str(corpus)], env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    assert canary["text"].encode() in _corpus_bytes(corpus), "the kill must land before the rewrite"
    with Corpus.open(corpus) as c:  # a reading open changes nothing, and sees the rows gone
        assert c.count_documents() == 2
    with Corpus.open(corpus, write=True) as c:  # any writing command: ingest, classify, label...
        assert c.erasure_finished and c.count_documents() == 2
    leaked = [f for f, v in canary.items() if v.encode() in _corpus_bytes(corpus)]
    assert not leaked, f"deleted {leaked} still readable after the next write"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.duckdb"]
    with Corpus.open(corpus, write=True) as c:  # finished once: the next open does not rewrite again
        assert not c.erasure_finished


def test_ingest_replace_leaves_no_removed_bytes_in_the_corpus_file(tmp_path):
    """--replace removed documents in the database but left their bytes in the file until a later delete."""
    canary = "Zanzibarian-canary comment the site has since taken down"
    first, second = tmp_path / "first" / "answers.csv", tmp_path / "second" / "answers.csv"
    for path, rows in ((first, ["R1,Leaders must know practice.", f"R2,{canary}"]),
                       (second, ["R1,Leaders must know practice."])):
        path.parent.mkdir()
        path.write_text("Response ID,Please explain your views\n" + "\n".join(rows) + "\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(first), "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus):
        pass
    assert canary.encode() in _corpus_bytes(corpus)
    res = runner.invoke(app, ["ingest", str(second), "--replace", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_removed"] == 1
    assert canary.encode() not in _corpus_bytes(corpus)
    with Corpus.open(corpus) as c:
        assert [r[0] for r in c.sql("SELECT text FROM documents").fetchall()] == ["Leaders must know practice."]
        assert c.sql("SELECT count(*) FROM meta WHERE key = 'erase_pending'").fetchall()[0][0] == 0


def test_a_reading_command_says_when_a_delete_was_stopped_before_its_rewrite(tmp_path, caplog):
    """A reading command (export, report, quotes) after a killed delete said nothing: the deleted
    bytes stayed in the file, unannounced, until some writing command happened to run."""
    import duckdb

    corpus = make_corpus(tmp_path / "c.duckdb")
    con = duckdb.connect(str(corpus))  # the state a delete killed at delete.committed leaves
    con.execute("INSERT INTO meta VALUES ('erase_pending', 'yes')")
    con.close()
    with caplog.at_level("WARNING", logger="voices.store.corpus"), Corpus.open(corpus) as c:
        assert c.erasure_pending() and c.count_documents() == 6
    assert [r.getMessage() for r in caplog.records] == [
        f"corpus {corpus}: a delete or ingest --replace was stopped before its rewrite; the documents it removed "
        "or changed are gone from every table but their old bytes are still in the file: run voices delete --compact"]
    res = runner.invoke(app, ["delete", "--compact", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    caplog.clear()
    with caplog.at_level("WARNING", logger="voices.store.corpus"), Corpus.open(corpus) as c:
        assert not c.erasure_pending() and c.count_documents() == 6
    assert caplog.records == []


def test_ingest_replace_takes_an_edited_text_and_a_remapped_column_and_their_old_bytes_go(tmp_path):
    """A document keeps its id when its text is edited or a column gets another role, and --replace
    said '2 skipped as duplicates (already in the corpus)': the corpus kept the old text and the
    phone number in a column remapped to 'ignore', in the tables and in the file."""
    phone, canary = "07700 900555", f"CANARY{secrets.token_hex(24)}"
    first, second = tmp_path / "first" / "answers.csv", tmp_path / "second" / "answers.csv"
    call = "Call me about caseloads as they are far too high."
    for path, rows in ((first, [f"R1,Teacher,Leaders must know practice. {canary}", f"R2,Nurse ring {phone},{call}"]),
                       (second, ["R1,Teacher,Leaders must know practice.", f"R2,Nurse ring {phone},{call}"])):
        path.parent.mkdir()
        path.write_text("Response ID,Role,Please explain your views\n" + "\n".join(rows) + "\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(first), "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus, write=True) as c, c.transaction():
        r1, r2 = (r[0] for r in c.sql("SELECT id FROM documents ORDER BY respondent_id").fetchall())
        c.sql("INSERT INTO labels VALUES (?, 'for', ['pay'], 'A. Reviewer', now())", [r1])
        for doc in (r1, r2):
            c.sql("INSERT INTO predictions (doc_id, status, stance, classified_at) VALUES (?, 'ok', 'for', now())", [doc])
    assert canary.encode() in _corpus_bytes(corpus)

    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Response ID" = "id"\n"Role" = "ignore"\n"Please explain your views" = "text"\n',
                       encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(second), "--mapping", str(mapping), "--replace",
                              "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["documents_updated"], out["documents_removed"]) == (0, 2, 0)
    assert out["labels_superseded"] == [r1]  # its text changed: the label went to the history
    after = _corpus_bytes(corpus)
    assert canary.encode() not in after and phone.encode() not in after
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT id, text, attributes FROM documents ORDER BY id").fetchall() == sorted(
            [(r1, "Leaders must know practice.", None), (r2, call, None)])
        assert c.sql("SELECT count(*) FROM predictions").fetchall()[0][0] == 0  # of the old texts
        assert c.sql("SELECT doc_id, labelled_by FROM labels").fetchall() == []
        assert c.sql("SELECT doc_id, stance, labelled_by, reason FROM label_history").fetchall() == [
            (r1, "for", "A. Reviewer", "text updated by ingest --replace")]
        assert c.sql("SELECT count(*) FROM meta WHERE key = 'erase_pending'").fetchall()[0][0] == 0
    res = runner.invoke(app, ["ingest", str(second), "--mapping", str(mapping), "--replace",
                              "--corpus", str(corpus), "--json"])
    out = json.loads(res.stdout)
    assert (out["documents_updated"], out["skipped_already_present"]) == (0, 2)  # nothing changed this time


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_the_rewrite_keeps_the_corpus_files_mode(tmp_path, mode):
    """A corpus kept private (chmod 600) came back 644, readable by every user of the machine,
    from any delete, delete --compact or ingest --replace: the fresh copy took the umask's mode."""
    import stat

    corpus = make_corpus(tmp_path / "c.duckdb")
    os.chmod(corpus, mode)
    old_umask = os.umask(0o022)
    try:
        res = runner.invoke(app, ["delete", "--compact", "--corpus", str(corpus)])
    finally:
        os.umask(old_umask)
    assert res.exit_code == 0, res.output
    assert stat.S_IMODE(corpus.stat().st_mode) == mode
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 6


def test_the_rewrite_writes_its_copy_in_a_private_folder_and_leaves_the_umask_alone(tmp_path, monkeypatch):
    """The rewrite set the process's umask while DuckDB wrote the copy: a process-wide change that
    any other thread writing a file in that moment inherited. The copy is now written inside a
    0700 folder beside the corpus, which is removed afterwards."""
    import stat

    from voices.store import compact

    corpus = make_corpus(tmp_path / "c.duckdb")
    os.chmod(corpus, 0o640)
    seen, umasks = [], []
    real_umask = os.umask

    def spy_umask(mask):
        umasks.append(mask)
        return real_umask(mask)

    monkeypatch.setattr(compact.os, "umask", spy_umask)
    monkeypatch.setattr(compact, "fault_point", lambda name: seen.extend(
        (p.name, stat.S_IMODE(p.stat().st_mode)) for p in tmp_path.glob(".c.duckdb.erase-*")))
    res = runner.invoke(app, ["delete", "--compact", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert umasks == []
    assert len(seen) == 1 and seen[0][0].startswith(".c.duckdb.erase-") and seen[0][1] == 0o700
    assert not list(tmp_path.glob(".c.duckdb.erase-*"))
    assert stat.S_IMODE(corpus.stat().st_mode) == 0o640


def test_a_rewrite_left_by_a_killed_delete_is_cleared_by_the_next(tmp_path):
    """A delete killed while writing its copy leaves the private folder behind; the next rewrite removes it."""
    corpus = make_corpus(tmp_path / "c.duckdb")
    left = tmp_path / ".c.duckdb.erase-abc123"
    left.mkdir(mode=0o700)
    (left / "c.duckdb").write_bytes(b"half a copy")
    (tmp_path / ".c.duckdb.erase-0123456789ab").write_bytes(b"an older layout's leftover")
    res = runner.invoke(app, ["delete", "--compact", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert not list(tmp_path.glob(".c.duckdb.erase-*"))
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 6


def test_a_delete_through_a_symlink_erases_the_real_file(tmp_path):
    """The rewrite renamed the fresh copy over the symlink: the real file kept every deleted
    byte where it was, and the link became a separate copy that no longer followed it."""
    canary = _canaries()
    (tmp_path / "data").mkdir()
    real, _ = _planted(tmp_path / "data", canary)
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    with Corpus.open(link):
        pass
    assert canary["text"].encode() in real.read_bytes()
    res = runner.invoke(app, ["delete", "--respondent", canary["respondent"], "--corpus", str(link)])
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert not [f for f, v in canary.items() if v.encode() in _corpus_bytes(real)]
    with Corpus.open(real) as c:
        assert c.count_documents() == 2


def test_a_delete_warns_of_other_hard_links_that_keep_the_old_file(tmp_path):
    """A second name for the corpus file (a backup made with cp -l) keeps the old inode, deleted
    texts included, and the delete said nothing of it."""
    canary = _canaries()
    corpus, _ = _planted(tmp_path, canary)
    os.link(corpus, tmp_path / "backup.duckdb")
    res = runner.invoke(app, ["delete", "--respondent", canary["respondent"], "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert (f"voices: WARNING: corpus {corpus} has 1 other hard link: it keeps the file as it was before "
            f"this erasure, deleted texts included; remove it (find / -samefile {corpus})\n") in res.output
    assert canary["text"].encode() not in corpus.read_bytes()


def test_an_ingest_whose_erasure_rewrite_fails_at_opening_still_ingests(tmp_path, monkeypatch):
    """With an interrupted erasure that cannot be finished (a full disk), the opening warns; the
    ingest then stored its documents and must not fail on a second attempt at the same rewrite."""
    import duckdb

    from voices.errors import CorpusError
    from voices.store import compact

    corpus = make_corpus(tmp_path / "c.duckdb")
    con = duckdb.connect(str(corpus))
    con.execute("INSERT INTO meta VALUES ('erase_pending', 'yes')")
    con.close()
    attempts = []

    def full_disk(c):
        attempts.append(c.path)
        raise CorpusError(f"could not rewrite corpus {c.path} to erase deleted bytes (No space left on device)")

    monkeypatch.setattr(compact, "rewrite_live", full_disk)
    extra = tmp_path / "more.jsonl"
    extra.write_text('{"id": "n1", "text": "A new comment about caseloads.", "author": "Kit"}\n', encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(extra), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "No space left on device" in res.output and "1 document added" in res.output
    with Corpus.open(corpus) as c:
        assert c.count_documents() == 7 and c.erasure_pending()  # the next write tries again


def test_a_reading_open_after_a_killed_replace_names_the_replace(tmp_path, caplog):
    """ingest --replace sets the erasure marker when it updates an edited text; killed before its rewrite,
    the next reading open said 'a delete was stopped', though no one ran delete."""
    path, corpus = tmp_path / "comments.csv", tmp_path / "c.duckdb"
    src = Path(__file__).resolve().parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    path.write_text("id,text,author\nc1,Ring me on 07700 900456 about the plan.,Al\n", "utf-8")
    ingest = [sys.executable, "-m", "voices", "ingest", str(path), "--corpus", str(corpus)]
    assert subprocess.run(ingest, env=env, capture_output=True, timeout=120).returncode == 0
    path.write_text("id,text,author\nc1,I oppose the plan.,Al\n", "utf-8")
    killed = subprocess.run([*ingest, "--replace"], env={**env, "VOICES_FAULT_POINT": "delete.rewriting"},
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    with caplog.at_level("WARNING", logger="voices.store.corpus"), Corpus.open(corpus) as c:
        assert c.erasure_pending()
        assert [r[0] for r in c.sql("SELECT text FROM documents").fetchall()] == ["I oppose the plan."]
    assert [r.getMessage() for r in caplog.records] == [
        f"corpus {corpus}: a delete or ingest --replace was stopped before its rewrite; the documents it removed "
        "or changed are gone from every table but their old bytes are still in the file: run voices delete --compact"]


@pytest.mark.parametrize(("adaptation", "then"), [({"method": "map", "C": 1.0, "C_b": 10.0}, ""),
                                                  ({"weight": 3}, " --adapt pooled"),
                                                  (None, "")])
def test_the_retrain_command_of_a_pooled_corpus_model_keeps_its_method(tmp_path, adaptation, then):
    """A stance model trained --corpus --adapt pooled (or before MAP) was given `voices train --task stance --corpus
    C --out DIR`, which trains by MAP now: another model than the one trained."""
    from voices.erase import retrain_command

    out, corpus = tmp_path / "m", tmp_path / "c.duckdb"
    assert retrain_command({"files": [], "corpus_id": "x"}, "stance", out, corpus, {"adaptation": adaptation}) == (
        f"voices train --task stance --corpus {corpus}{then} --out {out}")


@pytest.mark.parametrize(("meta", "corpus", "then"), [
    ({"objective": "f_avg", "tokenizer": {"hashtags_dropped": []}, "cv": {"seed": 3}, "abstain_precision": 0.8}, False,
     " --seed 3 --abstain-precision 0.8 --objective f_avg --tokenizer tweets"),
    ({"objective": "macro_f1", "cv": {"seed": 0}, "abstain_precision": 0.9}, False, ""),
    ({"cv": {"seed": 5}, "abstain_precision": 0.75, "adaptation": {"method": "map", "C_b": 10.0}}, True,
     " --seed 5 --abstain-precision 0.75")])
def test_the_retrain_command_keeps_the_settings_the_model_was_trained_with(tmp_path, meta, corpus, then):
    """`voices train --seed 3 --abstain-precision 0.8 --objective f_avg --tokenizer tweets` was given back as a plain
    `voices train --data ... --out DIR`: another seed, abstain threshold, objective and tokenizer, another model."""
    from voices.erase import retrain_command

    out, c = tmp_path / "m", tmp_path / "c.duckdb"
    data = {"files": [], "corpus_id": "x"} if corpus else {"files": ["mine.jsonl"]}
    head = f"voices train --task stance --corpus {c}" if corpus else "voices train --data mine.jsonl --task stance"
    assert retrain_command(data, "stance", out, c if corpus else None, meta) == f"{head}{then} --out {out}"
