"""Answers whose respondents are numbered by row (``row-N``: no respondent id column) met again in a part of their
file, or in an older export, are not stored twice (``voices.store.stored_part``, ``voices.ingest.export_rules``).

The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import voices.ids
from voices.cli import app
from voices.ids import source_id
from voices.schemas import Source
from voices.store import Corpus

runner = CliRunner()
HEADER = "Your name (optional),Q1. What should directors of children's services have done first?\n"
ROWS = ['Ann Example,"Directors should listen to the front line teams first."\n',
        'Bob Example,"Services should be judged by the people using them."\n',
        'Cat Example,"I am undecided and would like to hear how it would work."\n']
SID = source_id(Source(title="named", kind="consultation"))
STDIN = source_id(Source(title="stdin", kind="consultation"))


def run(*args: object, stdin: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def stored(corpus) -> tuple[list[tuple], list[tuple]]:
    """The corpus's documents (source, author, respondent, text) and its sources (id, id rule)."""
    with Corpus.open(corpus) as c:
        return (c.sql("SELECT source_id, author, respondent_id, text FROM documents ORDER BY source_id, position")
                .fetchall(), c.sql("SELECT id, id_rule FROM sources ORDER BY id").fetchall())


def _named_corpus(tmp_path, rule: int = 2):
    """A corpus holding named.csv (a name column, no respondent id column: respondents row-2...) under ``rule``."""
    path = tmp_path / "named.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    return path, corpus


@pytest.mark.parametrize("rule", [1, 2])
def test_a_piped_later_part_of_a_row_numbered_file_counts_as_stored(tmp_path, rule):
    """`sed -n '1p;4p' named.csv | voices ingest -` read Cat's answer as row-2 where the stored one is row-4: only a
    rule-1 source was matched by content, so under rule 2 the answer was stored again as source 'stdin'."""
    _path, corpus = _named_corpus(tmp_path, rule)
    before = stored(corpus)
    assert [d[2] for d in before[0]] == ["row-2", "row-3", "row-4"] and before[1] == [(SID, rule)]
    for part, k in ((HEADER + ROWS[2], 1), (HEADER + ROWS[2] + ROWS[1], 2)):
        r = run("ingest", "-", "--corpus", corpus, "--json", stdin=part)
        assert r.exit_code == 0, r.output
        done = json.loads(r.stdout)
        assert (done["documents_added"], done["skipped_already_present"]) == (0, k)
        assert done["part_of_stored_sources"] == [{"path": "-", "source_id": SID, "title": "named", "documents": k}]
        assert stored(corpus) == before  # 3 documents, 1 source


def test_a_later_part_saved_under_a_name_of_its_own_is_refused_as_a_part_from_the_top_is(tmp_path):
    _path, corpus = _named_corpus(tmp_path)
    before = stored(corpus)
    saved = tmp_path / "named-part.csv"
    saved.write_text(HEADER + ROWS[2], encoding="utf-8")
    r = run("ingest", saved, "--corpus", corpus)
    assert r.exit_code == 2
    assert (f"{saved}: its text is stored already, as it stands here, in source {SID} ('named')"
            in " ".join(r.stderr.split()))
    assert len(r.stderr.strip().splitlines()) == 2  # the row-numbering warning, then the one-line refusal
    assert stored(corpus) == before


def test_a_later_part_with_an_answer_the_source_lacks_is_a_new_source(tmp_path):
    _path, corpus = _named_corpus(tmp_path)
    new = 'Dan Example,"Registration would give directors the duties their teams carry."\n'
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=HEADER + ROWS[2] + new)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["part_of_stored_sources"]) == (2, 0, [])
    docs, sources = stored(corpus)
    assert (len(docs), sorted(sources)) == (5, sorted([(SID, 2), (STDIN, 2)]))


@pytest.mark.parametrize("rule", [1, 2])
def test_a_second_campaign_batch_on_the_same_date_is_no_part_of_the_first(tmp_path, rule):
    """A date names nobody: two campaigners posting the template on the same day, numbered by row, are two answers.
    Matched by content (same text, question, date), the second batch would be counted as present and lost."""
    template = "Leaders must be registered social workers, full stop, say the campaign."
    first = tmp_path / "batch1.csv"
    first.write_text('Date submitted,Q1. Who should lead?\n2024-03-01,"A different answer from a different person."\n'
                     + f'2024-03-01,"{template}"\n' * 3, encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", first, "--corpus", corpus, "-q")).exit_code == 0, r.output
    second = f'Date submitted,Q1. Who should lead?\n2024-03-01,"{template}"\n'  # row-2: another's answer there
    r = run("ingest", "-", "--format", "consultation", "--corpus", corpus, "--json", stdin=second)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["part_of_stored_sources"]) == (1, 0, [])
    assert len(stored(corpus)[0]) == 5
