"""A pipe mixing a stored file's rows with new ones: the stored rows are stored again, and said so.

``voices.store.stored_part`` takes a pipe back as part of a stored source only when that source holds every one
of its texts (a single new answer makes it a new source, pinned in ``tests/test_id_rules.py``). The stored rows
of such a pipe go into "stdin" again, and reports count them twice: the ingest says how many, where, and how
to add a pipe to the stored source instead.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from voices.cli import app
from voices.ids import source_id
from voices.schemas import Source
from voices.store import Corpus

HEAD = "respondent_id,Q4. Should directors be registered social workers?,Q5. Please give reasons for your answer\n"
ROWS = ['R001,Yes,"Directors who have practised understand the risk a team carries."\n',
        'R002,No,"Services should be judged by the people using them, not by badges."\n',
        'R003,Don\'t know,"I am undecided and would like to hear how it would work in practice."\n']
NEW = 'R004,Yes,"Registration would give directors the same duties their teams carry."\n'
SID = source_id(Source(title="directors", kind="consultation"))
STDIN = source_id(Source(title="stdin", kind="consultation"))


def _stored(tmp_path):
    path, corpus = tmp_path / "directors.csv", tmp_path / "c.duckdb"
    path.write_text(HEAD + "".join(ROWS), encoding="utf-8")
    assert (r := CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus)])).exit_code == 0, r.output
    return corpus


def _pipe(corpus, text, *extra):
    r = CliRunner().invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json", *extra], input=text)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_a_pipe_of_stored_and_new_rows_says_how_many_it_stores_again(tmp_path):
    """Was: 2 documents added to 'stdin', R003's answer beside its stored copy, warnings []."""
    corpus = _stored(tmp_path)
    done = _pipe(corpus, HEAD + ROWS[2] + NEW)
    assert (done["documents_added"], done["part_of_stored_sources"]) == (2, [])  # nothing lost: R004 is stored
    assert done["warnings"] == [
        f"-: 1 of its 2 new texts is stored already, as it stands here, in source {SID} ('directors'), and was "
        f"stored again in source {STDIN} ('stdin'): reports count it twice; to add a pipe to that source instead "
        "(what it holds skipped), give --source-title directors"]
    (tmp_path / "b").mkdir()
    corpus2 = _stored(tmp_path / "b")
    done = _pipe(corpus2, HEAD + ROWS[2] + NEW, "--source-title", "directors")  # the advice, followed
    assert (done["documents_added"], done["skipped_already_present"]) == (1, 1)
    with Corpus.open(corpus2) as c:
        assert c.sql("SELECT source_id, count(*) FROM documents GROUP BY 1").fetchall() == [(SID, 4)]


def test_a_pipe_of_new_rows_only_says_nothing(tmp_path):
    corpus = _stored(tmp_path)
    done = _pipe(corpus, HEAD + NEW)
    assert (done["documents_added"], done["warnings"]) == (1, [])


def test_a_pipe_of_stored_rows_only_is_still_taken_as_part_of_the_stored_source(tmp_path):
    corpus = _stored(tmp_path)
    done = _pipe(corpus, HEAD + ROWS[2])
    assert (done["documents_added"], done["skipped_already_present"], done["warnings"]) == (0, 1, [])


def test_a_file_of_its_own_sharing_rows_is_not_asked(tmp_path):
    """Saved apart, a stored file's rows with new ones read as a second wave's: stored, as the part rule keeps them."""
    corpus = _stored(tmp_path)
    wave = tmp_path / "wave-2.csv"
    wave.write_text(HEAD + ROWS[2] + NEW, encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(wave), "--corpus", str(corpus), "--json"])
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["documents_added"], json.loads(r.stdout)["warnings"]) == (2, [])


def test_the_advice_followed_is_not_told_to_replace_the_source(tmp_path):
    """The pipe added to 'directors' as the warning above advises was then told '2 documents of source ... are not in
    this file and stay in the corpus; give --replace to keep only this file's': --replace would erase R001's and
    R002's answers, which the pipe never meant to replace. A pipe adds to the source it names, as to 'stdin'."""
    corpus = _stored(tmp_path)
    done = _pipe(corpus, HEAD + ROWS[2] + NEW, "--source-title", "directors")
    assert (done["documents_added"], done["skipped_already_present"], done["warnings"]) == (1, 1, [])
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM documents WHERE source_id = ?", [SID]).fetchone() == (4,)
