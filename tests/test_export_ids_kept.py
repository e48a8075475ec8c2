"""``ingest --keep-export-ids``: a voices export's answers that a source stored here under another id rule lacks
were counted as not added (``not_added_other_rule``) with no way to store them but the source's own file.

The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from test_row_numbered_parts import (
    CAMPAIGN,
    DIRECTORS,
    DIRECTORS_SID,
    NAMED_DATED,
    _holding,
    _older_export,
    everything,
    run,
    stored,
)

from voices.store import Corpus

COPY = f',2024-03-01,"{CAMPAIGN}"\n'
CAMPAIGN_FILE = (NAMED_DATED + 'Ann Example,2024-03-01,"A different answer from a different person."\n' + COPY + COPY
                 + 'Dan New,2024-03-02,"A brand new answer nobody stored here yet."\n')


def _said(out, rule: int, swap: bool = False):
    """``out`` (JSONL) with its ``id_rule`` field said again, its second and third rows swapped if ``swap``."""
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if swap:
        lines[1:3] = lines[2:0:-1]
    out.write_text("".join(json.dumps({**line, "id_rule": rule}) + "\n" for line in lines), encoding="utf-8")
    return out


def _case(tmp_path, case: str):
    """An export and a corpus whose source, stored under the other id rule, lacks some of its answers: how many."""
    if case == "rule not said":  # a rule-1 export from before the id_rule field; the source holds 2 of its 3
        return _older_export(tmp_path, 1), _holding(tmp_path, 2, rows=2), 2, 1
    if case == "rule said":
        return _said(_older_export(tmp_path, 1), 1), _holding(tmp_path, 2, rows=2), 2, 1
    # a new campaign copy met before the stored copy the export holds by id (``_held_by_id``), and Dan's answer
    out = _said(_older_export(tmp_path, 1, rows=4, file=CAMPAIGN_FILE), 1, swap=True)
    return out, _holding(tmp_path, 2, rows=2, file=CAMPAIGN_FILE), 2, 2


@pytest.mark.parametrize("case", ["rule not said", "rule said", "copy held by id"])
def test_keep_export_ids_stores_what_the_other_rules_source_lacks(tmp_path, case):
    out, corpus, present, lacking = _case(tmp_path, case)
    before = everything(corpus)
    r = run("ingest", out, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (
        0, present, lacking)
    assert done["warnings"][0].endswith(f"or give --keep-export-ids to store {'it' if lacking == 1 else 'them'} "
                                        "under the export's ids (a later ingest of that file counts "
                                        f"{'it' if lacking == 1 else 'them'} as stored)")
    assert everything(corpus) == before
    r = run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"], done["not_added_other_rule"]) == (
        lacking, present, 0)
    docs, sources = stored(corpus)
    assert (len(docs), sources) == (len(before) + lacking, [(DIRECTORS_SID, 2)])
    assert set(everything(corpus)) >= set(before)  # nothing stored changed
    r = run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")  # and again: nothing twice
    assert (r.exit_code, json.loads(r.stdout)["documents_added"]) == (0, 0)
    assert len(stored(corpus)[0]) == len(before) + lacking


def test_keep_export_ids_reads_well_in_ingest_help():
    r = run("ingest", "--help")
    assert "--keep-export-ids" in r.output


@pytest.mark.parametrize("case", ["rule not said", "rule said", "copy held by id"])
def test_the_sources_own_file_after_keep_export_ids_stores_nothing_twice(tmp_path, case):
    """An answer --keep-export-ids stored under the export's id (R003) was stored again from the source's own
    file under the id it gives here (row-4): exit 0, and only a warning that one document was not in the file.
    The answer the flag stored now stands for the file's row of the same text, author and date, one to one."""
    out, corpus, present, lacking = _case(tmp_path, case)
    assert run("ingest", out, "--corpus", corpus, "--keep-export-ids", "-q").exit_code == 0
    kept = everything(corpus)
    own = tmp_path / "B" / "directors.csv"  # the source's own file, whole this time
    own.write_text(CAMPAIGN_FILE if case == "copy held by id" else DIRECTORS, encoding="utf-8")
    r = run("ingest", own, "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (0, present + lacking)
    assert not [w for w in done["warnings"] if "not in this file" in w]
    after = everything(corpus)
    # the file's order aside, and the respondent, now the one the file gives (``test_export_kept_respondent``)
    assert [r[:2] + r[3:9] + r[10:] for r in after] == [r[:2] + r[3:9] + r[10:] for r in kept]
    if case != "copy held by id":  # its file has no respondent id column: numbered by row either way
        assert sorted(r[9] for r in after) == ["R001", "R002", "R003"]


def test_the_record_of_an_answer_kept_under_the_exports_id_goes_with_it(tmp_path):
    out, corpus, _, _ = _case(tmp_path, "rule said")
    assert run("ingest", out, "--corpus", corpus, "--keep-export-ids", "-q").exit_code == 0
    with Corpus.open(corpus) as c:
        (kept,), = c.sql("SELECT doc_id FROM export_kept").fetchall()
    r = run("delete", "--id", kept, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM export_kept").fetchall() == [(0,)]
    assert kept.encode() not in corpus.read_bytes()


NAMED_IDS = ("respondent_id,Your name (optional),Date submitted,Q1. Who should lead?\n"
             'R001,Ann Example,2024-03-01,"A different answer from a different person."\n'
             'R002,,2024-03-02,"A brand new answer nobody stored here yet."\n')


@pytest.mark.parametrize("said", [True, False])
def test_keep_export_ids_does_not_store_again_an_answer_rule_one_read_without_its_name(tmp_path, said):
    """Rule 1 kept the name column as a column (author blank): Ann's stored answer (author Ann Example) was
    counted as not stored here, and --keep-export-ids stored it a second time, where delete --respondent
    R001 left it."""
    out = _older_export(tmp_path, 1, rows=2, file=NAMED_IDS)
    out = _said(out, 1) if said else out
    corpus = _holding(tmp_path, 2, rows=1, file=NAMED_IDS)
    r = run("ingest", out, "--corpus", corpus, "--keep-export-ids", "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert (done["documents_added"], done["skipped_already_present"]) == (1, 1)
    assert sorted(d[3] for d in stored(corpus)[0]) == ["A brand new answer nobody stored here yet.",
                                                       "A different answer from a different person."]
