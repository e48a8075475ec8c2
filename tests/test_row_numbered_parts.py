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



@pytest.mark.parametrize("rows", [[2], [2, 1]])
def test_a_piped_later_part_meeting_an_earlier_pipes_row_numbers_counts_as_stored(tmp_path, rows):
    """An earlier pipe stored 'stdin' with its own row-2 answer to a Q1: the later part's row-2 (Cat's answer) had
    that id with other words, and the pipe was refused, telling the user to give --source-title NAME, which stored
    the part's answers a second time. Every answer held by 'named': counted as stored, 'stdin' left as it was."""
    _path, corpus = _named_corpus(tmp_path)
    earlier = HEADER.replace("have done first", "do next") + 'Zed Other,"Something else entirely, from an earlier pipe."\n'
    assert (r := run("ingest", "-", "--corpus", corpus, "-q", stdin=earlier)).exit_code == 0, r.output
    before = stored(corpus)
    r = run("ingest", "--preview", "-", "--corpus", corpus, "--json", stdin=HEADER + "".join(ROWS[i] for i in rows))
    assert json.loads(r.stdout)["part_of_stored"] == [{"source_id": SID, "title": "named", "documents": len(rows)}]
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=HEADER + "".join(ROWS[i] for i in rows))
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, len(rows))
    assert done["part_of_stored_sources"] == [{"path": "-", "source_id": SID, "title": "named",
                                               "documents": len(rows)}]
    assert stored(corpus) == before  # 4 documents, 2 sources
    new = 'Dan Example,"Registration would give directors the duties their teams carry."\n'
    r = run("ingest", "-", "--corpus", corpus, stdin=HEADER + ROWS[2] + new)  # one answer no source holds
    assert r.exit_code == 2 and "the id of a text an earlier pipe stored with other words" in r.stderr
    assert stored(corpus) == before

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


DIRECTORS = ("respondent_id,Q4. Should directors be registered social workers?,Q5. Please give reasons for your answer\n"
             'R001,Yes,"Directors who have practised understand the risk a team carries."\n'
             'R002,No,"Services should be judged by the people using them, not by badges."\n'
             'R003,Don\'t know,"I am undecided and would like to hear how it would work in practice."\n')
DIRECTORS_SID = source_id(Source(title="directors", kind="consultation"))


def _older_export(tmp_path, rule: int, fmt: str = "jsonl", rows: int = 3, file: str = DIRECTORS):
    """An export (``fmt``) of a corpus holding directors.csv's first ``rows`` answers under id ``rule``, as a voices
    from before exports carried the ``id_rule`` field wrote it."""
    import pandas as pd

    path = tmp_path / "A" / "directors.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join(file.splitlines(keepends=True)[:rows + 1]), encoding="utf-8")
    first = tmp_path / f"first-{rule}.duckdb"
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", path, "--corpus", first, "-q")).exit_code == 0, r.output
    out = tmp_path / f"export-{rule}.{fmt}"
    assert (r := run("export", "--corpus", first, "--format", fmt, "--out", out)).exit_code == 0, r.output
    if fmt == "jsonl":
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {line.pop("id_rule") for line in lines} == {rule}
        out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    else:
        frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.drop(columns=["id_rule"]).to_csv(out, index=False)
    return out


def _holding(tmp_path, rule: int, rows: int = 3, file: str = DIRECTORS):
    """A corpus holding directors.csv's first ``rows`` answers under id ``rule``: its documents, as stored."""
    path = tmp_path / "B" / "directors.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join(file.splitlines(keepends=True)[:rows + 1]), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    return corpus


def everything(corpus) -> list[tuple]:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY id").fetchall()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(("exported", "held"), [(1, 2), (2, 1)])
def test_an_older_export_of_the_other_rule_stores_nothing_twice(tmp_path, exported, held, fmt):
    """Without its id_rule field an export's source was taken as saying nothing: the rule-1 ids (row-2...) were not
    the rule-2 source's (R001...), and its 3 answers were stored a second time (6 documents in the one source)."""
    out = _older_export(tmp_path, exported, fmt)
    corpus = _holding(tmp_path, held)
    before = everything(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 3, 0)
    assert done["warnings"] == [
        f"{out}: source {DIRECTORS_SID} is stored here under id rule {held} and this export does not say the rule "
        "its ids were made by (an export from before the id_rule field), and they are not this source's: 3 are "
        "stored here already (same text, author and date), not added again"]
    assert everything(corpus) == before  # 3 documents, positions and all
    assert stored(corpus)[1] == [(DIRECTORS_SID, held)]


def test_an_older_exports_answer_the_other_rules_source_lacks_is_counted_not_added(tmp_path):
    out = _older_export(tmp_path, 1)
    corpus = _holding(tmp_path, 2, rows=2)
    before = everything(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 2, 1)
    assert ("2 are stored here already (same text, author and date), not added again; 1 is not stored here and not "
            "added, as the export's ids are not the ones this source's own file gives here: ingest that file (read "
            "by rule 2) to add it") in done["warnings"][0]
    assert everything(corpus) == before


def test_an_older_export_of_the_sources_own_rule_still_adds_its_new_answer(tmp_path):
    """Nothing in it matched by content alone: its ids are the source's, and its third answer is added as before."""
    out = _older_export(tmp_path, 2)
    corpus = _holding(tmp_path, 2, rows=2)
    done = json.loads((r := run("ingest", out, "--corpus", corpus, "--json")).stdout)
    assert r.exit_code == 0, r.output
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (1, 2, 0)
    assert done["warnings"] == []
    assert everything(corpus) == everything(tmp_path / "first-2.duckdb")


def test_an_older_exports_new_answer_worded_as_one_it_holds_by_id_is_added_not_taken_for_it(tmp_path):
    """Unambiguous only: R003 wrote R001's words. Its row keeps no column that shows another rule (and R001's answer
    is in the export under its own id), so it is another answer, not R001's under another id: it is added."""
    words = "Directors who have practised understand the risk a team carries."
    file = DIRECTORS.replace("I am undecided and would like to hear how it would work in practice.", words)
    out = _older_export(tmp_path, 2, file=file)
    corpus = _holding(tmp_path, 2, rows=2, file=file)
    done = json.loads((r := run("ingest", out, "--corpus", corpus, "--json")).stdout)
    assert r.exit_code == 0, r.output
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (1, 2, 0)
    assert everything(corpus) == everything(tmp_path / "first-2.duckdb")


def test_an_older_exports_new_campaign_copy_is_added_not_taken_for_a_copy_it_lacks(tmp_path):
    """R004 posted R002's campaign words; this export (by the source's own rule) has R001 and R004, not R002. Matched
    by content alone R004 was counted as R002's answer and lost: a match needs the row to show the other rule (a
    respondent id or name column kept, as only rule 1 keeps it, or one the source keeps missing)."""
    template = "Registration for directors now, say the campaign's many supporters."
    head, r1, r2, r3 = DIRECTORS.splitlines(keepends=True)
    r2 = r2.replace("Services should be judged by the people using them, not by badges.", template)
    out = _older_export(tmp_path, 2, file=head + r1 + f'R004,Yes,"{template}"\n')
    corpus = _holding(tmp_path, 2, file=head + r1 + r2 + r3)
    done = json.loads((r := run("ingest", out, "--corpus", corpus, "--json")).stdout)
    assert r.exit_code == 0, r.output
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (1, 1, 0)
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id FROM documents WHERE text = ? ORDER BY 1", [template]).fetchall() == [
            ("R002",), ("R004",)]


CAMPAIGN = "Leaders must be registered social workers, say the campaign."
NAMED_DATED = "Your name (optional),Date submitted,Q1. Who should lead?\n"


def _campaign_corpus(tmp_path, name: str, copies: int = 1):
    """A corpus holding a file of one named answer and ``copies`` of the campaign's words signed ``name``."""
    path = tmp_path / "named.csv"
    path.write_text(NAMED_DATED + 'Ann Example,2024-03-01,"A different answer from a different person."\n'
                    + f'{name},2024-03-01,"{CAMPAIGN}"\n' * copies, encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    return corpus


@pytest.mark.parametrize("name", ["Anonymous", "Guest", "N/A", "-", " anonymous "])
def test_a_campaign_copy_signed_by_a_placeholder_is_no_part_of_a_stored_source(tmp_path, name):
    """"Anonymous" names nobody: a new respondent piping the campaign's words the same day under it, numbered by row,
    was matched by content to the stored copy (row-3), counted as present and lost."""
    corpus = _campaign_corpus(tmp_path, name)
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=NAMED_DATED + f'{name},2024-03-01,"{CAMPAIGN}"\n')
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["part_of_stored_sources"]) == (1, 0, [])
    docs, sources = stored(corpus)
    assert [d[3] for d in docs].count(CAMPAIGN) == 2 and len(sources) == 2


@pytest.mark.parametrize("name", ["Sarah", "Anonymous"])
def test_more_copies_than_a_source_holds_are_no_part_of_it(tmp_path, name):
    """Two Sarahs piped the campaign's words where the stored file holds one: both were matched by content to that
    one stored copy, counted as present, and the second answer was lost."""
    corpus = _campaign_corpus(tmp_path, name)
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=NAMED_DATED + f'{name},2024-03-01,"{CAMPAIGN}"\n' * 2)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["part_of_stored_sources"]) == (2, 0, [])
    assert [d[3] for d in stored(corpus)[0]].count(CAMPAIGN) == 3


def test_a_named_part_of_a_file_holding_the_copies_still_counts_as_stored(tmp_path):
    """The safeguards keep a real part: Sarah's two copies, rows 3 and 4, piped from row 3 on, are held."""
    corpus = _campaign_corpus(tmp_path, "Sarah", copies=2)
    before = stored(corpus)
    r = run("ingest", "-", "--corpus", corpus, "--json", stdin=NAMED_DATED + f'Sarah,2024-03-01,"{CAMPAIGN}"\n' * 2)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, 2)
    assert stored(corpus) == before


@pytest.mark.parametrize("first", ["by id", "by content"])
def test_an_older_export_by_the_sources_own_rule_keeps_its_unnamed_campaign_copy_and_new_answer(tmp_path, first):
    """A rule-1 export (no id_rule field) of a rule-1 source keeping 'Your name (optional)': its row-4, a second
    unsigned campaign copy, keeps no name column, which read as rule 2's; matched by content to row-3's stored copy
    (in the export under its own id) it was counted as present, and Dan's new answer taken back as 'not added': 2
    answers lost. A row keeping the name column shows the source's own rule; a copy held by id is no one else's."""
    head = NAMED_DATED
    ann = 'Ann Example,2024-03-01,"A different answer from a different person."\n'
    copy = f',2024-03-01,"{CAMPAIGN}"\n'
    dan = 'Dan New,2024-03-02,"A brand new answer nobody stored here yet."\n'
    out = _older_export(tmp_path, 1, rows=4, file=head + ann + copy + copy + dan)
    if first == "by content":  # the new copy before the one the source holds by id
        lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
        out.write_text("".join([lines[0], lines[2], lines[1], lines[3]]), encoding="utf-8")
    corpus = _holding(tmp_path, 1, rows=2, file=head + ann + copy + copy + dan)
    done = json.loads((r := run("ingest", out, "--corpus", corpus, "--json")).stdout)
    assert r.exit_code == 0, r.output
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (2, 2, 0)
    assert done["warnings"] == []
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT respondent_id, text FROM documents ORDER BY respondent_id").fetchall() == [
            ("row-2", ann.split('"')[1]), ("row-3", CAMPAIGN), ("row-4", CAMPAIGN), ("row-5", dan.split('"')[1])]


@pytest.mark.parametrize("first", ["by id", "by content"])
def test_an_exports_new_campaign_copy_is_not_said_stored_as_the_copy_it_holds_by_id(tmp_path, first):
    """A rule-1 export (id_rule 1) into the rule-2 source: its row-3, an unsigned campaign copy, is stored here by id;
    its row-4, a second copy, was matched by content to that same stored document and said "stored here already",
    so the user had no reason to ingest the file that adds it. Met after that row, it is added as its file would add
    it (it keeps no column rule 2 reads otherwise); met before it, it is counted as not added, with the way to add
    it. Dan's answer, which keeps his name column, is not added, as before."""
    copy = f',2024-03-01,"{CAMPAIGN}"\n'
    file = (NAMED_DATED + 'Ann Example,2024-03-01,"A different answer from a different person."\n' + copy + copy
            + 'Dan New,2024-03-02,"A brand new answer nobody stored here yet."\n')
    out = _older_export(tmp_path, 1, rows=4, file=file)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if first == "by content":  # the new copy before the one stored here by id
        lines[1:3] = lines[2:0:-1]
    out.write_text("".join(json.dumps({**line, "id_rule": 1}) + "\n" for line in lines), encoding="utf-8")
    corpus = _holding(tmp_path, 2, rows=2, file=file)
    before = everything(corpus)
    done = json.loads((r := run("ingest", out, "--corpus", corpus, "--json")).stdout)
    assert r.exit_code == 0, r.output
    added = first == "by id"
    it = "it" if added else "them"
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (
        int(added), 2, 2 - int(added))
    assert done["warnings"] == [
        f"{out}: source {DIRECTORS_SID} is stored here under "
        "id rule 2 and this export has it under rule 1, so its answers have other ids: "
        f"{2 - int(added)} {'is' if added else 'are'} not stored here and not added, as the export's ids are not the "
        f"ones this source's own file gives here: ingest that file (read by rule 2) to add {it}, or give "
        f"--keep-export-ids to store {it} under the export's ids (a later ingest of that file counts {it} as stored)"]
    with Corpus.open(corpus) as c:
        copies = c.sql("SELECT respondent_id FROM documents WHERE text = ? ORDER BY 1", [CAMPAIGN]).fetchall()
    assert copies == ([("row-3",), ("row-4",)] if added else [("row-3",)])
    assert len(everything(corpus)) == len(before) + int(added)


@pytest.mark.parametrize("how", ["piped", "saved apart"])
def test_preview_says_a_file_is_part_of_a_stored_source(tmp_path, how):
    """--preview showed no sign that ingest would count a part of named.csv as stored there (piped) or refuse it
    (saved apart): the field is ingest's own per-file ``part_of_stored``, in --json and in the text."""
    path, corpus = _named_corpus(tmp_path)
    before = stored(corpus)
    part, new = HEADER + ROWS[2] + ROWS[1], 'Dan Example,"Registration would give directors the duties they carry."\n'
    saved = tmp_path / "named-part.csv"
    saved.write_text(part, encoding="utf-8")
    given, stdin = ("-", part) if how == "piped" else (saved, None)
    r = run("ingest", "--preview", given, "--corpus", corpus, "--json", stdin=stdin)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["part_of_stored"] == [{"source_id": SID, "title": "named", "documents": 2}]
    r = run("ingest", "--preview", given, "--corpus", corpus, stdin=stdin)
    assert ("part of stored source " + SID + " ('named'): all 2 of its texts are stored there already, so ingest "
            + ("counts them as stored there" if how == "piped" else "refuses this file")
            + " (--source-title NAME stores them as a source of their own)") in " ".join(r.stdout.split())
    saved.write_text(part + new, encoding="utf-8")  # one answer the source lacks: a new source, nothing said
    r = run("ingest", "--preview", saved, "--corpus", corpus, "--json")
    assert json.loads(r.stdout)["part_of_stored"] == []
    assert json.loads(run("ingest", "--preview", path, "--json").stdout)["part_of_stored"] == []  # no corpus
    assert stored(corpus) == before


REASONS = ("Q4. Should directors be registered social workers?,Please give reasons for your answer\n"
           'Yes,"Directors who have practised understand the risk a team carries."\n'
           'No,"Services should be judged by the people using them, not by badges."\n'
           'Yes,"Directors who have practised understand the risk a team carries."\n')


@pytest.mark.parametrize(("exported", "held"), [(1, 2), (2, 1)])
def test_an_older_export_keeping_no_id_or_name_column_stores_nothing_twice(tmp_path, exported, held):
    """No respondent id or name column, but a 'Please give reasons' column rule 2 pairs with Q4 and rule 1 reads as
    a question of its own: the rules give other question ids, so an older export's rows (no id_rule field) matched
    nothing by id, kept no column showing their rule, and were stored again: 6 documents. Matched one to one (the
    same respondent row, kept values and text of three words or more), they are counted present."""
    out = _older_export(tmp_path, exported, file=REASONS)
    corpus = _holding(tmp_path, held, file=REASONS)
    before = everything(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 3, 0)
    assert everything(corpus) == before
    assert stored(corpus)[1] == [(DIRECTORS_SID, held)]


def test_an_older_export_keeping_no_id_or_name_column_with_an_answer_the_source_lacks_counts_it(tmp_path):
    out = _older_export(tmp_path, 1, file=REASONS)
    corpus = _holding(tmp_path, 2, rows=2, file=REASONS)
    before = everything(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (0, 2, 1)
    assert "or give --keep-export-ids to store it" in done["warnings"][0]
    assert everything(corpus) == before


TWO_REASONS = ("Q4. Should directors be registered social workers?,Please give reasons for your answer,"
               "Q5. Should pay be set nationally?,Please give reasons for your answer\n"
               'Yes,"Directors who have practised understand the risk a team carries.",Yes,"As above, see my reasons."\n'
               'No,"As above, see my reasons.",No,"As above, see my reasons."\n'
               'Yes,"Something else entirely from a third person here.",No,"Pay would fix the shortage of staff."\n')


@pytest.mark.parametrize("keep", [False, True])
@pytest.mark.parametrize(("exported", "held"), [(1, 2), (2, 1)])
def test_an_older_export_of_two_paired_questions_keeping_no_id_column_stores_nothing_twice(tmp_path, exported, held,
                                                                                          keep):
    """Two closed questions each with 'Please give reasons', as real consultations have: rule 1 keeps both closed
    answers as columns on each answer, rule 2 files each as its answer's closed answer, so an answer's kept values
    differed (Yes, Yes against Yes) and all 6 answers were stored again (12 documents); row-3, who wrote the same
    words for both questions, was two rows claiming two stored answers, neither's, so --keep-export-ids stored
    them again too."""
    corpus = _holding(tmp_path, held, file=TWO_REASONS)
    before = everything(corpus)
    flags = ["--keep-export-ids"] if keep else []
    assert _counts(_older_export(tmp_path, exported, file=TWO_REASONS), corpus, *flags) == (0, 6, 0)
    assert (len(before), everything(corpus), stored(corpus)[1]) == (6, before, [(DIRECTORS_SID, held)])


def test_an_older_export_of_two_paired_questions_with_an_answer_the_source_lacks_counts_it(tmp_path):
    """The source holds rows 2 and 3; the export's row-4 answers are new: counted (stored with --keep-export-ids)."""
    out, corpus = _older_export(tmp_path, 1, file=TWO_REASONS), _holding(tmp_path, 2, rows=2, file=TWO_REASONS)
    before = everything(corpus)
    assert _counts(out, corpus) == (0, 4, 2) and everything(corpus) == before
    assert _counts(out, corpus, "--keep-export-ids") == (2, 4, 0)
    assert set(everything(corpus)) >= set(before) and len(everything(corpus)) == 6


def _counts(out, corpus, *flags: str) -> tuple[int, int, int]:
    """Ingest ``out``: documents added, skipped as present, not added as of another id rule."""
    r = run("ingest", out, "--corpus", corpus, "--json", *flags)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    return done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]


# row 4 of a re-numbered file is another person: the same words and first closed answer as the stored row 4, but
# another answer to Q5 and other words for it
OTHER_ROW_4 = TWO_REASONS.replace('No,"Pay would fix the shortage of staff."', 'Yes,"Pay is not the problem at all here."')


@pytest.mark.parametrize(("exported", "held"), [(1, 2), (2, 1)])
def test_an_older_exports_other_person_at_a_stored_row_with_the_same_words_is_not_taken_for_it(tmp_path, exported,
                                                                                              held):
    """Matched by row, kind, words and the one closed answer the rule-2 side files with each answer, row 4's first
    answer was counted present (among the other's kept values: Yes against Yes, Yes) and lost; every closed answer
    of the row is compared now: Yes, Yes is not Yes, No."""
    corpus = _holding(tmp_path, held, file=TWO_REASONS)
    before = everything(corpus)
    out = _older_export(tmp_path, exported, file=OTHER_ROW_4)
    assert _counts(out, corpus) == (0, 4, 2) and everything(corpus) == before
    assert _counts(out, corpus, "--keep-export-ids") == (2, 4, 0)
    assert set(everything(corpus)) >= set(before) and len(everything(corpus)) == 8
