"""``voices delete --author NAME``: the person erased is erased as a labeller too.

``labels.labelled_by`` (and ``label_history``) kept the erased author's name on the labels they gave to other
people's documents, readable in the corpus file after the delete's rewrite. The labels stay (they are those
documents' labels); the name becomes ``erased labeller``. The names here are made up.
"""

from __future__ import annotations

import json

from test_delete_author import _corpus_bytes, _run, _setup

from voices.store import Corpus


def _labelled_by_them(corpus, docs, name):
    """The erased author labels Kit's comment on page A and Sam's on page B (one an older, superseded label)."""
    with Corpus.open(corpus, write=True) as c, c.transaction():
        for text in ("Kit's own comment stays too.", "Sam answers on page B."):
            c.sql("INSERT INTO labels VALUES (?, 'against', ['pay'], ?, now())", [docs[text], f" {name.upper()}"])
        c.sql("INSERT INTO label_history VALUES (?, 'for', [], ?, now(), now(), 'text updated by ingest --replace')",
              [docs["Kit's own comment stays too."], name])
        c.sql("INSERT INTO labels VALUES (?, 'for', [], 'Mo', now())", [docs["A reply that stays, by Mo."]])


def test_delete_author_renames_them_where_they_labelled_others_documents(tmp_path):
    corpus, _, name, _, docs, _ = _setup(tmp_path)
    _labelled_by_them(corpus, docs, name)
    assert name.upper().encode() in _corpus_bytes(corpus)
    res = _run("delete", "--author", name, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert ("voices: the 3 labels they gave to other documents stay, their name replaced by 'erased labeller'\n"
            in res.stderr)
    after = _corpus_bytes(corpus)  # what `grep -a` on the corpus files sees
    assert name.encode() not in after and name.upper().encode() not in after
    with Corpus.open(corpus) as c:
        assert sorted(c.sql("SELECT d.text, l.stance, l.labelled_by FROM labels l JOIN documents d ON d.id = l.doc_id"
                            ).fetchall()) == [("A reply that stays, by Mo.", "for", "Mo"),
                                              ("Kit's own comment stays too.", "against", "erased labeller"),
                                              ("Sam answers on page B.", "against", "erased labeller")]
        assert c.sql("SELECT stance, labelled_by FROM label_history").fetchall() == [("for", "erased labeller")]


def test_delete_author_in_one_source_renames_them_only_on_its_labels(tmp_path):
    corpus, _, name, _, docs, sources = _setup(tmp_path)
    _labelled_by_them(corpus, docs, name)
    res = _run("delete", "--author", name, "--source", sources["Page B"], "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        assert sorted(c.sql("SELECT d.text, l.labelled_by FROM labels l JOIN documents d ON d.id = l.doc_id "
                            "WHERE d.source_id = ? OR l.labelled_by != 'labeller'", [sources["Page A"]]
                            ).fetchall()[1:]) == [("A reply that stays, by Mo.", "Mo"),
                                              ("Kit's own comment stays too.", f" {name.upper()}"),
                                              ("Sam answers on page B.", "erased labeller")]
    assert json.loads(res.stdout)["labels_unnamed"] == 1


def _exported_before(tmp_path):
    """The erased author labels Kit's comment (page A, in upper case) and Sam's (page B); Mo labels his own reply;
    ``export --labelled`` then writes them out: the corpus, the name, the sources and that file."""
    corpus, _, name, _, docs, sources = _setup(tmp_path)
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("DELETE FROM labels")
        for text, by in (("Kit's own comment stays too.", name.upper()), ("Sam answers on page B.", name),
                         ("A reply that stays, by Mo.", "Mo")):
            c.sql("INSERT INTO labels VALUES (?, 'system_leaders', [], ?, now())", [docs[text], by])
    old = tmp_path / "labelled.jsonl"
    res = _run("export", "--labelled", "--format", "jsonl", "--corpus", corpus, "--out", old)
    assert res.exit_code == 0, res.output
    assert name.upper() in old.read_text(encoding="utf-8")
    return corpus, name, sources, old


def test_an_old_labelled_export_read_back_after_the_delete_does_not_name_them_again(tmp_path):
    """``export --labelled`` before the delete still names them; ``label --from`` that file wrote the name back."""
    corpus, name, _, old = _exported_before(tmp_path)
    assert _run("delete", "--author", name, "--corpus", corpus).exit_code == 0
    res = _run("label", "--from", old, "--corpus", corpus, "--by", "Ruth")
    assert res.exit_code == 0, res.output
    assert name.upper().encode() not in _corpus_bytes(corpus)
    with Corpus.open(corpus) as c:
        assert sorted(c.sql("SELECT d.text, l.stance, l.labelled_by FROM labels l JOIN documents d ON d.id = l.doc_id"
                            ).fetchall()) == [("A reply that stays, by Mo.", "system_leaders", "Mo"),
                                              ("Kit's own comment stays too.", "system_leaders", "erased labeller"),
                                              ("Sam answers on page B.", "system_leaders", "erased labeller")]


def test_only_the_erased_persons_whole_name_is_unnamed_in_any_case(tmp_path):
    """"Jo" and "Jo Canary...son" are other labellers; the erased name in lower case is theirs."""
    corpus, _, name, _, docs, _ = _setup(tmp_path)
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("DELETE FROM labels")
        for text, by in (("Kit's own comment stays too.", "Jo"), ("Sam answers on page B.", f"{name}son"),
                         ("A reply that stays, by Mo.", name.lower())):
            c.sql("INSERT INTO labels VALUES (?, 'system_leaders', [], ?, now())", [docs[text], by])
    assert _run("delete", "--author", name, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        assert sorted(c.sql("SELECT d.text, l.labelled_by FROM labels l JOIN documents d ON d.id = l.doc_id"
                            ).fetchall()) == [("A reply that stays, by Mo.", "erased labeller"),
                                              ("Kit's own comment stays too.", "Jo"),
                                              ("Sam answers on page B.", f"{name}son")]


def test_an_old_labelled_export_after_a_delete_in_one_source_does_not_name_them_again_there(tmp_path):
    """``delete --author NAME --source B`` kept no digest of the labeller (they label elsewhere still), so
    ``label --from`` an export written before it put their name back on the label it had unnamed on page B."""
    corpus, name, sources, old = _exported_before(tmp_path)
    assert _run("delete", "--author", name, "--source", sources["Page B"], "--corpus", corpus).exit_code == 0
    res = _run("label", "--from", old, "--corpus", corpus, "--by", "Ruth")
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        assert sorted(c.sql("SELECT d.text, l.labelled_by FROM labels l JOIN documents d ON d.id = l.doc_id"
                            ).fetchall()) == [("A reply that stays, by Mo.", "Mo"),
                                              ("Kit's own comment stays too.", name.upper()),  # page A: named still
                                              ("Sam answers on page B.", "erased labeller")]
