"""``voices delete --author NAME`` and ``--id DOC_ID``: one commenter's right to erasure.

``delete`` took only ``--source`` or ``--respondent``: a commenter who asked to be erased could
only be erased by deleting the whole thread, and everyone else's comments with it.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _corpus_bytes(path: Path) -> bytes:
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name) or p.name.startswith("." + path.name)]
    return b"".join(p.read_bytes() for p in files if p.is_file())


def _setup(tmp_path):
    """Two pages; the erased commenter wrote on both (one name spelled two ways), others replied to them."""
    # random tails defeat DuckDB's string compression, so the bytes are on disk before the delete
    name = f"Jo Canary{secrets.token_hex(8)}"
    said = f"My own words {secrets.token_hex(40)}"
    rows = [
        {"id": "a1", "source": "Page A", "text": f"{said} on page A.", "author": name},
        {"id": "a2", "source": "Page A", "text": "A reply that stays, by Mo.", "author": "Mo", "parent_id": "a1"},
        {"id": "a3", "source": "Page A", "text": "Kit's own comment stays too.", "author": "Kit"},
        {"id": "b1", "source": "Page B", "text": f"{said} on page B.", "author": f"\u00a0 {name.upper()} "},
        {"id": "b2", "source": "Page B", "text": "Sam answers on page B.", "author": "Sam", "parent_id": "b1"},
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    res = _run("ingest", path, "--format", "records", "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus, write=True) as c, c.transaction():
        docs = dict(c.sql("SELECT text, id FROM documents").fetchall())
        sources = dict(c.sql("SELECT title, id FROM sources").fetchall())
        mine = docs[f"{said} on page A."]
        c.sql("INSERT INTO labels VALUES (?, 'for', ['pay'], 'labeller', now())", [mine])
        c.sql("INSERT INTO prepared VALUES (?, 'v1', ?)", [mine, f"cached {said}"])
        c.sql("INSERT INTO predictions (doc_id, status, stance, classified_at) VALUES (?, 'ok', 'for', now())", [mine])
        c.sql("INSERT INTO validation_sample VALUES (?, ?, 1, now())", [mine, sources["Page A"]])
    return corpus, path, name, said, docs, sources


def _texts(corpus):
    with Corpus.open(corpus) as c:
        return sorted(c.sql("SELECT text FROM documents").fetchall())


OTHERS = [("A reply that stays, by Mo.",), ("Kit's own comment stays too.",), ("Sam answers on page B.",)]


def test_delete_author_erases_one_commenter_everywhere_and_keeps_everyone_else(tmp_path):
    corpus, path, name, said, _, _ = _setup(tmp_path)
    with Corpus.open(corpus) as c:  # open and close: everything checkpointed into the file
        assert c.count_documents() == 5
    before = _corpus_bytes(corpus)
    assert said.encode() in before and name.encode() in before, "the canaries must be on disk before the delete"

    res = _run("delete", "--author", f" {name.lower()}  ", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert res.stderr == (f"voices: deleted 2 documents of author {name.lower()}\n"  # and what it cannot reach:
                          "voices: reports, exports and copies of the corpus written before this still hold them: "
                          "delete or regenerate them\n")

    after = _corpus_bytes(corpus)  # what `grep -a` on the corpus files sees
    assert said.encode() not in after and name.encode() not in after and name.upper().encode() not in after
    assert _texts(corpus) == OTHERS
    with Corpus.open(corpus) as c:
        # the replies stay, stored without their parent
        assert c.sql("SELECT text, parent_id FROM documents WHERE text IN ('A reply that stays, by Mo.', "
                     "'Sam answers on page B.') ORDER BY text").fetchall() == [
            ("A reply that stays, by Mo.", None), ("Sam answers on page B.", None)]
        for table in ("labels", "prepared", "predictions", "validation_sample"):
            assert c.sql(f"SELECT count(*) FROM {table}").fetchall() == [(0,)], table
        assert c.sql("SELECT count(DISTINCT entry) FROM erased").fetchall() == [(2,)]
        assert c.count_documents() == 3 and len(c.summary()) == 2  # both pages keep their other comments

    # ingesting the same file again skips the erased comments and nobody else's
    res = _run("ingest", path, "--format", "records", "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_erased"]) == (0, 2)
    assert _texts(corpus) == OTHERS


def test_delete_author_with_source_erases_only_there(tmp_path):
    corpus, _, name, said, _, sources = _setup(tmp_path)
    res = _run("delete", "--author", name, "--source", sources["Page B"], "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    # the fields --source and --respondent give, and the new ones beside them
    assert out == {"deleted_documents": 1, "source_id": sources["Page B"], "respondent_id": None,
                   "models_trained_on_them": [], "compacted": False, "author": name, "document_id": None,
                   "models_not_found": [], "labels_unnamed": 0}
    assert _texts(corpus) == sorted([(f"{said} on page A.",), *OTHERS])


def test_delete_id_erases_one_document_by_unique_prefix(tmp_path):
    corpus, _, _, said, docs, _ = _setup(tmp_path)
    doc = docs[f"{said} on page B."]
    prefix = next(doc[:n] for n in range(4, len(doc)) if not any(d != doc and d.startswith(doc[:n])
                                                                  for d in docs.values()))
    res = _run("delete", "--id", prefix, "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["deleted_documents"], out["document_id"], out["source_id"]) == (1, doc, None)
    assert said.encode() + b" on page B" not in _corpus_bytes(corpus)
    assert _texts(corpus) == sorted([(f"{said} on page A.",), *OTHERS])
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT parent_id FROM documents WHERE text = 'Sam answers on page B.'").fetchall() == [(None,)]
    kit = docs["Kit's own comment stays too."]
    res = _run("delete", "--id", kit, "--corpus", corpus)
    assert res.exit_code == 0 and res.stderr.splitlines()[0] == f"voices: deleted document {kit}"


def test_delete_models_trained_on_an_erased_author_are_listed(tmp_path):
    corpus, _, name, said, docs, _ = _setup(tmp_path)
    model = tmp_path / "models" / "mine"
    model.mkdir(parents=True)
    meta = {"task": "stance", "training_data": {"files": [], "text_keys": []},
            "adaptation": {"user_labels": {"n": 1, "doc_ids": [docs[f"{said} on page A."]]}}}
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    res = _run("delete", "--author", name, "--models", tmp_path / "models", "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    [hit] = json.loads(res.stdout)["models_trained_on_them"]
    assert (hit["path"], hit["documents"]) == (str(model), 1)


@pytest.mark.parametrize(("args", "message"), [
    (["--author", "Nobody Here"], "voices: error: no document by author 'Nobody Here' in {corpus}: check the name "
                                  "as stored (voices export lists each document's author)\n"),
    (["--author", "Kitt"], "voices: error: no document by author 'Kitt' in {corpus} (close: 'Kit'): check the name "
                           "as stored (voices export lists each document's author)\n"),
    (["--id", "zzzz"], "voices: error: no document 'zzzz' in {corpus}: give its voices id, the keyed id a redacted "
                       "export shows, or a unique prefix of either (voices export lists each document's id)\n"),
    (["--author", "Kit", "--id", "a"], "voices: error: --author and --id do not go together: erase them in "
                                       "separate deletes (--source narrows any of them)\n"),
    (["--author", "  "], None),
])
def test_delete_author_or_id_refused_changes_nothing(tmp_path, args, message):
    corpus, *_ = _setup(tmp_path)
    before = _texts(corpus)
    res = _run("delete", *args, "--corpus", corpus)
    assert res.exit_code == 2, res.output
    assert res.stderr.count("\n") == 1
    if message is not None:
        assert res.stderr == message.format(corpus=corpus)
    assert _texts(corpus) == before


def test_delete_id_ambiguous_prefix_is_refused(tmp_path):
    corpus, *_ = _setup(tmp_path)
    with Corpus.open(corpus) as c:
        ids = [r[0] for r in c.sql("SELECT id FROM documents ORDER BY id").fetchall()]
    common = ids[0][:1]
    assert sum(i.startswith(common) for i in ids) > 1 or pytest.skip("ids share no first character")
    res = _run("delete", "--id", common, "--corpus", corpus)
    assert res.exit_code == 2 and "is ambiguous" in res.stderr and "give more of it" in res.stderr
    assert len(_texts(corpus)) == 5


def test_delete_id_takes_the_keyed_id_a_redacted_export_shows(tmp_path):
    """Someone holding only a redacted export names the document by its ``k...`` id, or a prefix of it."""
    from voices.ids import keyed_id
    from voices.store.secrets import redaction_key

    corpus, _, _, said, docs, _ = _setup(tmp_path)
    res = _run("export", "--format", "jsonl", "--redact", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    shown = [json.loads(line)["id"] for line in res.stdout.splitlines()]
    with Corpus.open(corpus) as c:
        key = redaction_key(c)
    kit = docs["Kit's own comment stays too."]
    assert keyed_id(key, kit) in shown and kit not in shown
    res = _run("delete", "--id", keyed_id(key, kit)[:8], "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["document_id"] == kit
    assert _texts(corpus) == sorted([(f"{said} on page A.",), (f"{said} on page B.",), OTHERS[0], OTHERS[2]])
    mo = docs["A reply that stays, by Mo."]
    res = _run("delete", "--id", keyed_id(key, mo), "--corpus", corpus)  # the whole keyed id
    assert res.exit_code == 0 and res.stderr.splitlines()[0] == f"voices: deleted document {mo}"


def test_delete_id_unknown_or_ambiguous_keyed_id_is_refused(tmp_path, monkeypatch):
    corpus, *_ = _setup(tmp_path)
    before = _texts(corpus)
    res = _run("delete", "--id", "k" + "0" * 15, "--corpus", corpus)
    assert res.exit_code == 2
    assert res.stderr == (f"voices: error: no document '{'k' + '0' * 15}' in {corpus}: give its voices id, the keyed "
                          "id a redacted export shows, or a unique prefix of either (voices export lists each "
                          "document's id)\n")
    # keyed ids that share their first five characters (as two in a large corpus will)
    monkeypatch.setattr("voices.ids.keyed_id", lambda key, doc: "kabc0" + doc[-10:])
    res = _run("delete", "--id", "kabc0", "--corpus", corpus)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert res.stderr.startswith("voices: error: document id prefix 'kabc0' is ambiguous (kabc0")
    assert res.stderr.endswith("give more of it\n")
    assert _texts(corpus) == before


def test_delete_author_matches_the_name_whatever_white_space_is_inside_it(tmp_path):
    """A web page's "Jo&nbsp;Bloggs" and a typed "Jo  Bloggs" stayed after ``delete --author "Jo Bloggs"``:
    only white space around the name was folded, so a name nobody can type as stored could not be erased."""
    rows = [{"id": "a1", "text": "First comment here.", "author": "Jo\u00a0Bloggs"},
            {"id": "a2", "text": "Second comment here.", "author": "Jo  Bloggs"},
            {"id": "a3", "text": "Third comment here.", "author": "jo bloggs"},
            {"id": "a4", "text": "Someone else entirely.", "author": "Jo Bloggsworth"},
            {"id": "a5", "text": "And one more person.", "author": "JoBloggs"}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert _run("ingest", path, "--format", "records", "--corpus", corpus).exit_code == 0
    res = _run("delete", "--author", "Jo Bloggs", "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["deleted_documents"] == 3
    assert _texts(corpus) == [("And one more person.",), ("Someone else entirely.",)]


def test_a_delete_run_again_says_the_person_was_erased_not_that_the_name_is_wrong(tmp_path):
    """An erasure request run twice (its first run killed, or its output lost) was answered "no document by
    author ...: check the name as stored", as for a typo: whoever erases could not tell it had been done.
    The keyed digests the delete keeps (``erased_names``, ``erased``) tell it, and nothing more is stored."""
    from voices.ids import keyed_id
    from voices.store.secrets import redaction_key

    name = "Zebedee Quartermain-Oyelaran"  # a name the redactor looks for: its terms are kept as digests
    rows = [{"id": "z1", "source": "Page Z", "author": name, "text": "My caseload at Pellworth was 41."},
            {"id": "z2", "source": "Page Z", "author": "Mo", "text": "Forty-one is far too many.", "parent_id": "z1"}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert _run("ingest", path, "--format", "records", "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        doc = c.sql("SELECT id FROM documents WHERE author = ?", [name]).fetchall()[0][0]
        keyed = keyed_id(redaction_key(c), doc)
    assert _run("delete", "--author", name, "--corpus", corpus).exit_code == 0
    before = _texts(corpus)
    res = _run("delete", "--author", f" {name.lower()} ", "--corpus", corpus)
    assert res.exit_code == 2, res.output
    assert res.stderr == (f"voices: error: no document by author {name.lower()!r} in {corpus}: an author of that "
                          "name was erased from it earlier (voices delete), and nothing of theirs is stored now; "
                          "reports, exports and copies of the corpus written before that still hold them\n")
    for given in (doc, keyed):
        res = _run("delete", "--id", given, "--corpus", corpus)
        assert res.exit_code == 2, res.output
        assert res.stderr == (f"voices: error: document {given!r} was erased from {corpus} earlier (voices delete), "
                              "and nothing of it is stored now; reports, exports and copies of the corpus written "
                              "before that still hold it\n")
    res = _run("delete", "--author", "Nobody Here", "--corpus", corpus)  # a name never erased: as before
    assert res.stderr.endswith("check the name as stored (voices export lists each document's author)\n")
    assert _texts(corpus) == before


def test_delete_author_detaches_an_anonymous_reply_too(tmp_path):
    """The reply-detaching UPDATE picks replies with "NOT (cond)": for a reply with no author the author match was
    NULL, NOT NULL is NULL, and the anonymous reply kept the erased comment's id as its parent."""
    rows = [{"id": "a1", "source": "Page A", "text": "Jo wrote this comment here.", "author": "Jo Bloggs"},
            {"id": "a2", "source": "Page A", "text": "An anonymous reply that stays.", "parent_id": "a1"}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert (res := _run("ingest", path, "--format", "records", "--corpus", corpus)).exit_code == 0, res.output
    assert (res := _run("delete", "--author", "Jo Bloggs", "--corpus", corpus)).exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT text, author, parent_id FROM documents").fetchall() == [
            ("An anonymous reply that stays.", None, None)]
