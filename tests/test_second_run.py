"""The second day: commands run twice, into the same place, or in the wrong order, as users do.

A user's first run of each command is tested where the command is; these pin what a
second run, or a run before the command it depends on, does: the same result, a
one-line refusal that says what to do, or a warning; never a silent duplicate.
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.errors import InputError
from voices.store import Corpus

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def count(corpus: Path) -> int:
    with Corpus.open(corpus) as c:
        return c.sql("SELECT count(*) FROM documents").fetchone()[0]


@pytest.fixture
def thread(tmp_path):
    corpus = tmp_path / "c.duckdb"
    result = run("ingest", SAMPLES / "thread.txt", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    return corpus


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_redacted_export_read_back_into_its_own_corpus_is_refused(thread, tmp_path, fmt):
    """export --redact then ingest of that file into the same corpus added 35 redacted copies under
    keyed ids (and warned that the originals were "not in this file"). Now it is refused, storing
    nothing; the unredacted export reads back as the same documents, and the redacted one goes into
    another corpus as documents like any other."""
    shared = tmp_path / f"shared.{fmt}"
    assert run("export", "--redact", "--out", shared, "--corpus", thread).exit_code == 0
    result = run("ingest", shared, "--corpus", thread)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"voices: error: {shared}: a redacted export of this corpus: 35 of its rows are stored documents under "
        f"keyed ids, first on line {2 if fmt == 'csv' else 1}; ingesting it would add them again as redacted "
        "copies, so nothing was stored: ingest an export made without --redact, or give another --corpus"]
    assert count(thread) == 35
    plain = tmp_path / f"plain.{fmt}"
    assert run("export", "--out", plain, "--corpus", thread).exit_code == 0
    again = run("ingest", plain, "--corpus", thread, "--json")
    assert again.exit_code == 0, again.output
    assert (json.loads(again.stdout)["documents_added"], count(thread)) == (0, 35)
    other = tmp_path / "other.duckdb"
    elsewhere = run("ingest", shared, "--corpus", other)
    assert elsewhere.exit_code == 0, elsewhere.output
    assert count(other) == 35


def test_a_label_set_aside_by_ingest_replace_is_listed_by_export_label_history(tmp_path):
    """label a text, then ingest --replace with that text edited: the label moved to label_history, and
    no command showed it (the warning named five ids once). export --label-history lists every one."""
    import csv

    corpus, path = tmp_path / "c.duckdb", tmp_path / "answers.csv"
    path.write_text("id,text,author\nc1,Directors must be social workers.,Al\nc2,Pay is the real problem.,Bo\n",
                    "utf-8")
    assert run("ingest", path, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        c1, c2 = (r[0] for r in c.sql("SELECT id FROM documents ORDER BY position").fetchall())
    assert run("label", c1, "--stance", "social_work_leaders", "--themes", "pay", "--by", "Ann",
               "--corpus", corpus).exit_code == 0
    assert run("label", c2, "--stance", "none", "--by", "Bob", "--corpus", corpus).exit_code == 0
    empty = run("export", "--label-history", "--corpus", corpus)
    assert (empty.exit_code, empty.stdout) == (0, "")  # nothing set aside yet
    path.write_text("id,text,author\nc1,Directors need not be social workers.,Al\nc2,Pay is the only problem.,Bo\n",
                    "utf-8")
    assert run("ingest", path, "--replace", "--corpus", corpus).exit_code == 0
    listed = run("export", "--label-history", "--corpus", corpus)
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["id"], r["source_id"] is not None, r["stance"], r["themes"], r["themes_labelled"], r["labelled_by"],
             r["reason"]) for r in sorted(rows, key=lambda r: r["labelled_by"])] == [
        (c1, True, "social_work_leaders", ["pay"], True, "Ann", "text updated by ingest --replace"),
        (c2, True, "none", None, False, "Bob", "text updated by ingest --replace")]
    assert all(r["superseded_at"] >= r["labelled_at"] for r in rows)
    assert sorted(r["original_id"] for r in rows) == ["c1", "c2"]  # the user's own ids, to find the rows again
    out = tmp_path / "history.csv"
    assert run("export", "--label-history", "--out", out, "--corpus", corpus).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert sorted((r["id"], r["stance"], r["themes"], r["themes_labelled"], r["original_id"]) for r in table) == sorted(
        [(c1, "social_work_leaders", "pay", "true", "c1"), (c2, "none", "", "false", "c2")])
    refused = run("export", "--label-history", "--redact", "--corpus", corpus)
    assert refused.exit_code == 2
    assert "--label-history writes every label set aside, as stored: --redact does not apply" in refused.stderr


def test_a_second_parquet_export_replaces_the_first_and_never_a_foreign_folder(thread, tmp_path):
    """Every file format replaced its file on a second export; parquet was refused ("not empty"), so a
    nightly `export --out corpus.parquet/` failed from its second night. An earlier export's folder (only
    part files) is now replaced whole with the corpus as it is now; a folder holding anything else is
    refused and left as it was."""
    import pandas as pd

    out = tmp_path / "corpus.parquet"
    assert run("export", "--format", "parquet", "--out", out, "--corpus", thread).exit_code == 0
    assert len(pd.read_parquet(out)) == 35
    result = run("ingest", SAMPLES / "consultation.csv", "--corpus", thread)
    assert result.exit_code == 0, result.output
    again = run("export", "--format", "parquet", "--out", out, "--corpus", thread)
    assert again.exit_code == 0, again.output
    assert (len(pd.read_parquet(out)), sorted(p.name for p in out.iterdir())) == (count(thread), ["part-00000.parquet"])
    assert count(thread) > 35 and sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    refused = run("export", "--format", "parquet", "--out", mine, "--corpus", thread)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        f"voices: error: --out {mine} is a folder holding other files than a Parquet export's "
        "part-NNNNN.parquet, which writing would delete: give a new folder path (or an earlier export's folder "
        "to replace)")
    assert [(p.name, p.read_text()) for p in mine.iterdir()] == [("notes.txt", "keep me")]


def test_a_folder_moved_aside_by_a_killed_replace_comes_back(tmp_path):
    """Without an atomic exchange, replacing a folder is two renames; a kill between them left the old
    output in a hidden `-old.` folder that the next write's sweep deleted with the rest: both lost.
    The sweep now puts it back when the target is missing (and renameat2 swaps in one step on Linux)."""
    import subprocess
    import sys

    from voices._atomic import _sweep, atomic_folder

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    target = tmp_path / "model"
    aside = tmp_path / f".model.voices-{pid}-old.abc123"
    (aside / "model").mkdir(parents=True)
    (aside / "model" / "meta.json").write_text("{}")
    half = tmp_path / f".model.voices-{pid}-xyz789"  # the new folder the killed run wrote
    half.mkdir()
    _sweep(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
    assert (target / "meta.json").read_text() == "{}"
    with atomic_folder(target, replace=True) as tmp:  # and a replace swaps the folders whole
        (tmp / "meta.json").write_text('{"new": 1}')
    assert [(p.name, p.read_text()) for p in target.iterdir()] == [("meta.json", '{"new": 1}')]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_a_deleted_default_model_says_how_to_go_back_to_the_shipped_one(thread, tmp_path):
    """classify --stance-model DIR makes DIR the corpus's default; once DIR was deleted, a plain classify
    said "no stance model at DIR: give --stance-model DIR", which gave no way back to the shipped model
    (its folder is inside the installed package), and giving that folder pinned the corpus to the shipped
    model's current id. Now the message names the shipped folder, and giving it clears the default."""
    import shutil

    from voices.models import default_model_dir
    from voices.store.settings import get_setting

    mine = tmp_path / "mine"
    shutil.copytree(default_model_dir("stance"), mine)
    assert run("classify", "--stance-model", mine, "--corpus", thread).exit_code == 0
    with Corpus.open(thread) as c:
        assert get_setting(c, "stance_model")["path"] == str(mine.resolve())
    shutil.rmtree(mine)
    shutil.copytree(default_model_dir("themes"), mine)  # retrained there for the other task
    other = run("classify", "--corpus", thread)
    assert other.exit_code == 2
    assert other.stderr.strip() == (  # it said "check --stance-model", which this call did not give
        f"voices: error: the corpus's stance model at {mine.resolve()} (set by an earlier classify --stance-model) "
        "now holds a themes model: give --stance-model DIR for another, or --stance-model shipped:stance to go "
        "back to the shipped one")
    shutil.rmtree(mine)
    gone = run("classify", "--corpus", thread)
    assert gone.exit_code == 2
    assert gone.stderr.strip() == (
        f"voices: error: the corpus's stance model at {mine.resolve()} (set by an earlier classify --stance-model) "
        "is gone: give --stance-model DIR for another, or --stance-model shipped:stance to go back "
        "to the shipped one")
    back = run("classify", "--stance-model", "shipped:stance", "--corpus", thread)  # as the message says
    assert back.exit_code == 0, back.output
    with Corpus.open(thread) as c:
        assert get_setting(c, "stance_model") is None  # the shipped model again, not pinned to its current id
    again = run("classify", "--corpus", thread)
    assert again.exit_code == 0, again.output
    assert "0 documents classified, 34 already up to date" in again.stderr


def test_a_report_after_scheme_set_on_a_classified_corpus_says_the_predictions_are_for_another_debate(
        thread, tmp_path):
    """classify, then scheme set with another debate's scheme: the report opened with the new proposition
    ("Open the town library on Sundays") and its stances, then counted the old model's stances under it.
    It now states no proposition its figures do not measure, and says (stderr and the methods notes) what
    to do; --scheme with the scheme the predictions were made for reports as before."""
    scheme = tmp_path / "library.toml"
    made = run("scheme", "init", "--proposition", "Open the town library on Sundays", "--stance", "for=Wants it",
               "--stance", "against=Does not", "--stance", "none=No position", "--theme", "cost=Money",
               "--out", scheme)
    assert made.exit_code == 0, made.output
    assert run("classify", "--corpus", thread).exit_code == 0
    assert run("scheme", "set", scheme, "--corpus", thread).exit_code == 0
    result = run("report", "--format", "md", "--corpus", thread)
    assert result.exit_code == 0, result.output
    note = ("the stances counted here (social_work_leaders, system_leaders, practice_connected) are not in scheme "
            "'library', so these predictions were made for another debate: classify again with models trained for "
            "it (voices train --task stance --corpus ..., then voices classify --stance-model DIR)")
    assert result.stderr.strip().splitlines() == [f"voices: WARNING: {note}"]
    assert "Open the town library" not in result.stdout and "Wants it" not in result.stdout
    assert "Note: the stances counted here (social\\_work\\_leaders" in result.stdout
    given = run("report", "--format", "md", "--scheme", "social-work-leadership", "--corpus", thread)
    assert given.exit_code == 0 and given.stderr == "", given.output
    assert "## What this report is about" in given.stdout and "Note: the stances counted here" not in given.stdout


def test_label_from_the_same_file_twice_says_nothing_changed(thread, tmp_path):
    """label --from the same file again said "stored 2 labels" as the first time, which reads as if it
    added them again; the labels (and who gave them, and when) were rightly left as they were. It now
    says how many rows said what was stored already."""
    with Corpus.open(thread) as c:
        first, second = (r[0] for r in c.sql("SELECT id FROM documents WHERE kind <> 'article' ORDER BY position "
                                               "LIMIT 2").fetchall())
    path = tmp_path / "labels.csv"
    path.write_text(f"id,stance,themes,by\n{first},none,pay,Ann\n{second},system_leaders,,Ann\n", "utf-8")
    once = run("label", "--from", path, "--corpus", thread)
    assert once.exit_code == 0, once.output
    assert once.stderr.strip() == f"voices: stored 2 labels from {path}"
    with Corpus.open(thread) as c:
        query = "SELECT doc_id, stance, themes, labelled_by, labelled_at FROM labels ORDER BY doc_id"
        stored = c.sql(query).fetchall()
    twice = run("label", "--from", path, "--corpus", thread)
    assert twice.exit_code == 0, twice.output
    assert twice.stderr.strip() == f"voices: stored 2 labels from {path} (all already stored as given, left as they were)"
    path.write_text(f"id,stance,themes,by\n{first},none,pay,Ann\n{second},none,,Ann\n", "utf-8")
    edited = run("label", "--from", path, "--corpus", thread, "--json")
    assert json.loads(edited.stdout) == {"path": str(path), "labelled": 2, "validation_added": 0, "unchanged": 1,
                                         "blank": 0, "model_guesses": 0}
    with Corpus.open(thread) as c:
        now = c.sql(query).fetchall()
    assert now[[r[0] for r in now].index(first)] == stored[[r[0] for r in stored].index(first)]  # kept whole
    assert [(r[0], r[1]) for r in now] == sorted([(first, "none"), (second, "none")])


def test_the_same_consultation_file_under_another_name_is_refused(tmp_path):
    """A consultation export has no title of its own, so its file name names the source: the same file
    copied to responses-final.csv was stored again whole as a second source (33 duplicate answers), and
    a later export under a new name stored its old answers again, without a word. Now refused, storing
    nothing; --source-title names the source on purpose."""
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", SAMPLES / "consultation.csv", "--corpus", corpus, "-q").exit_code == 0
    copy = tmp_path / "responses-final.csv"
    shutil.copy(SAMPLES / "consultation.csv", copy)
    result = run("ingest", copy, "--corpus", corpus, "-q")
    assert result.exit_code == 2, result.output
    with Corpus.open(corpus) as c:
        (sid,), = c.sql("SELECT id FROM sources").fetchall()
    assert result.stderr.strip() == (
        f"voices: error: {copy}: all 33 of its texts are stored already, as they stand here (author, date or "
        f"place, respondent), in source {sid} ('consultation'): the same file (or a later export of it) under "
        "another name? Nothing was stored: give --source-title consultation to read it as that source (only its "
        "new texts are added), or "
        "--source-title NAME if it is another source")
    assert count(corpus) == 33
    grown = tmp_path / "responses-june.csv"  # a later export: the 33 answers and 2 new ones
    lines = (SAMPLES / "consultation.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    grown.write_text("".join(lines) + "R-9001,20/03/2024 10:00,Individual,,Agree,Directors should hold a "
                     "practice qualification.\nR-9002,20/03/2024 11:00,Individual,,Disagree,It does not matter who "
                     "leads as long as caseloads fall.\n", "utf-8")
    later = run("ingest", grown, "--corpus", corpus, "-q")
    assert later.exit_code == 2 and "33 of its 35 texts are stored already" in later.stderr, later.output
    taken = run("ingest", grown, "--source-title", "consultation", "--corpus", corpus, "--json")
    assert taken.exit_code == 0, taken.output
    assert (json.loads(taken.stdout)["documents_added"], count(corpus)) == (2, 35)
    same = run("ingest", copy, "--source-title", "consultation", "--corpus", corpus, "--json")
    assert same.exit_code == 0, same.output
    assert (json.loads(same.stdout)["documents_added"], count(corpus)) == (0, 35)
    other = run("ingest", copy, "--source-title", "Second round", "--corpus", corpus, "-q")
    assert other.exit_code == 0, other.output  # named on purpose: trusted
    assert count(corpus) == 68


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_review_export_again_keeps_a_sheet_whose_labels_are_not_stored_yet(thread, tmp_path, suffix):
    """review --export to-label.xlsx, fill it in, then the same export again (before label --from) replaced
    the filled sheet with an empty one: the person's labels lost. It is refused while the sheet holds
    labels the corpus lacks; once they are stored (or on an untouched sheet) it is written again."""
    import openpyxl

    from voices.labelfile import read_label_file

    assert run("sample", "--validation", "5", "--corpus", thread).exit_code == 0
    sheet = tmp_path / f"to label.{suffix}"  # a space: the command the refusal names must run as printed
    assert run("review", "--export", sheet, "--corpus", thread).exit_code == 0
    again = run("review", "--export", sheet, "--corpus", thread)  # untouched: nothing to lose
    assert again.exit_code == 0, again.output
    if suffix == "csv":
        import csv

        with sheet.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        rows[1][rows[0].index("stance")] = "none"
        with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    else:
        book = openpyxl.load_workbook(sheet)
        ws = book.worksheets[0]
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index("stance") + 1, value="none")
        book.save(sheet)
    before = sheet.read_bytes()
    refused = run("review", "--export", sheet, "--corpus", thread)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.strip() == (
        f"voices: error: {sheet} holds 1 label not stored yet (first at {read_label_file(sheet)[0].where}), which "
        f"writing it again would lose: store it first with voices label --from '{sheet}', or give another file")
    assert sheet.read_bytes() == before
    told = refused.stderr.split("store it first with ", 1)[1].split(", or give", 1)[0]
    stored = runner.invoke(app, [*shlex.split(told)[1:], "--corpus", str(thread)])  # as printed (it cut at the space)
    assert stored.exit_code == 0, stored.output
    written = run("review", "--export", sheet, "--corpus", thread)
    assert written.exit_code == 0, written.output
    assert sheet.read_bytes() != before  # the next four texts, unfilled
    with pytest.raises(InputError, match="no labelled rows"):
        read_label_file(sheet)


def test_review_export_keeps_another_corpuss_filled_sheet_of_the_same_name(thread, tmp_path):
    """A filled-in to-label.csv of one corpus was replaced by review --export of another corpus to the same
    name: none of its documents are in the second corpus, so none counted as unstored, and the labels were
    lost. A sheet naming no document of this corpus is another corpus's, and is kept."""
    sheet = tmp_path / "to-label.csv"
    assert run("review", "--export", sheet, "--queue", "learning", "--n", "2", "--corpus", thread).exit_code == 0
    import csv

    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("stance")] = "none"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    before = sheet.read_bytes()
    other = tmp_path / "other.duckdb"
    (tmp_path / "other.jsonl").write_text('{"text": "Pay us for the caseloads we carry."}\n', "utf-8")
    assert run("ingest", tmp_path / "other.jsonl", "--corpus", other).exit_code == 0
    refused = run("review", "--export", sheet, "--queue", "learning", "--corpus", other)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.strip() == (
        f"voices: error: {sheet} holds 1 label for documents not in corpus {other} (another corpus's sheet?), "
        f"which writing it again would lose: give another file, or store it with voices label --from "
        f"{sheet} --corpus THAT_CORPUS and delete the file")  # was "1 label(s)", "store them"
    assert sheet.read_bytes() == before
    assert run("label", "--from", sheet, "--corpus", thread).exit_code == 0  # stored where they belong
    sheet.unlink()
    assert run("review", "--export", sheet, "--queue", "learning", "--corpus", other).exit_code == 0


def test_a_report_pooling_sources_of_two_debates_says_to_report_each(thread, tmp_path):
    """A mixed corpus (README: `scheme set --source ID` for one source): a report over every source
    counted both debates' stances under the corpus-wide scheme's proposition. It now says the report
    pools several debates and to report each with --source."""
    scheme = tmp_path / "library.toml"
    assert run("scheme", "init", "--proposition", "Open the town library on Sundays", "--stance", "for=Wants it",
               "--stance", "against=Does not", "--stance", "none=No position", "--theme", "cost=Money",
               "--out", scheme).exit_code == 0
    assert run("ingest", SAMPLES / "consultation.csv", "--corpus", thread, "-q").exit_code == 0
    assert run("classify", "--corpus", thread, "-q").exit_code == 0
    with Corpus.open(thread) as c:
        (consultation,), = c.sql("SELECT id FROM sources WHERE kind = 'consultation'").fetchall()
    assert run("scheme", "set", scheme, "--source", consultation, "--corpus", thread).exit_code == 0
    with Corpus.open(thread, write=True) as c, c.transaction():  # as a model trained for the library debate tags
        c.sql("UPDATE predictions SET stance = 'for' WHERE doc_id IN "
              "(SELECT id FROM documents WHERE source_id = ?) AND stance IS NOT NULL", [consultation])
    result = run("report", "--format", "md", "--corpus", thread)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        "voices: WARNING: the stances counted here (for) are not in scheme 'social-work-leadership': the report "
        "pools sources of several debates; report each debate's sources with --source"]
    assert "## What this report is about" not in result.stdout


def test_a_corpus_holding_redacted_copies_from_before_still_reads_its_own_plain_export(thread, tmp_path, monkeypatch):
    """A corpus that took in a redacted copy before the refusal holds documents under keyed ids; its own
    plain export then names them, and the check read those rows as a redacted copy: the export could not
    be read back. A keyed id stored already is that document (skipped as present), never a copy."""
    import voices.store.secrets as secrets

    shared = tmp_path / "shared.csv"
    assert run("export", "--redact", "--out", shared, "--corpus", thread).exit_code == 0
    with monkeypatch.context() as m:  # the old behaviour: the copies go in
        m.setattr(secrets, "documents_keyed_as", lambda corpus, keyed: {})
        assert run("ingest", shared, "--corpus", thread, "-q").exit_code == 0
    assert count(thread) == 70
    plain = tmp_path / "plain.jsonl"
    assert run("export", "--out", plain, "--corpus", thread).exit_code == 0
    again = run("ingest", plain, "--corpus", thread, "--json")
    assert again.exit_code == 0, again.output
    assert (json.loads(again.stdout)["documents_added"], count(thread)) == (0, 70)
    same = run("ingest", shared, "--corpus", thread, "--json")  # the copies are stored: nothing new either
    assert same.exit_code == 0, same.output
    assert (json.loads(same.stdout)["documents_added"], count(thread)) == (0, 70)


def test_short_answers_recurring_in_another_file_are_no_renamed_copy(tmp_path):
    """Texts with no author or date match a stored source's only at the same place: "Agree" recurs in
    different files, which are not copies; a copy of the file itself still is."""
    corpus = tmp_path / "c.duckdb"
    first, other = tmp_path / "first.jsonl", tmp_path / "other.jsonl"
    first.write_text('{"text": "Agree"}\n{"text": "Disagree"}\n{"text": "Agree"}\n', "utf-8")
    other.write_text('{"text": "Disagree"}\n{"text": "Agree"}\n{"text": "Pay us properly."}\n', "utf-8")
    assert len(ingest_both(first, other, corpus, "d.id")) == count(corpus) == 6
    assert_copy_refused(first, tmp_path / "first-again.jsonl", corpus, 3, stored=6)


def test_a_second_wave_sharing_some_answers_is_no_renamed_copy(tmp_path):
    """Two consultation files whose second questions got the same answer on the same row share half their
    texts; that is no copy (the stored file is not repeated whole), so the second is stored."""
    corpus = tmp_path / "c.duckdb"
    head = "Q1 Please explain your answer,Q2 Any other comments at all\n"
    for name in ("wave-1.csv", "wave-2.csv"):
        (tmp_path / name).write_text(head + f"An answer long enough in {name},Another answer long enough\n")
    assert len(ingest_both(tmp_path / "wave-1.csv", tmp_path / "wave-2.csv", corpus, "d.id")) == count(corpus) == 4


def test_two_of_three_rows_matching_a_two_row_file_is_no_copy(tmp_path):
    """A stored two-row file whose rows open a longer file: two texts are too few to call it a copy."""
    corpus = tmp_path / "c.duckdb"
    (tmp_path / "short.jsonl").write_text('{"text": "Yes"}\n{"text": "No"}\n', "utf-8")
    (tmp_path / "long.jsonl").write_text('{"text": "Yes"}\n{"text": "No"}\n{"text": "Pay us properly."}\n', "utf-8")
    assert len(ingest_both(tmp_path / "short.jsonl", tmp_path / "long.jsonl", corpus, "d.id")) == count(corpus) == 5


def test_replace_says_when_it_shrinks_the_validation_sample(tmp_path):
    """ingest --replace removing sampled documents shrank the validation sample without a word."""
    corpus = tmp_path / "c.duckdb"
    rows = [{"id": f"r-{i:02d}", "text": f"Comment number {i} about who should lead the service."} for i in range(12)]
    full, fewer = tmp_path / "t.jsonl", tmp_path / "t2.jsonl"
    full.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    fewer.write_text("".join(json.dumps(r) + "\n" for r in rows[3:]), "utf-8")
    assert run("ingest", full, "--corpus", corpus, "--source-title", "t", "-q").exit_code == 0
    assert run("sample", "--validation", "12", "--corpus", corpus, "-q").exit_code == 0
    res = run("ingest", fewer, "--corpus", corpus, "--source-title", "t", "--replace", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["validation_removed"] == 3 and json.loads(res.stdout)["documents_removed"] == 3
    said = run("ingest", full, "--corpus", corpus, "--source-title", "t", "-q")
    assert said.exit_code == 0
    again = run("ingest", fewer, "--corpus", corpus, "--source-title", "t", "--replace")
    assert again.exit_code == 0, again.output
    assert ("3 removed (no longer in the files); 0 of them were" not in again.stderr
            and "were in the validation sample" not in again.stderr)  # the re-added three were never sampled


def ingest_both(first: Path, second: Path, corpus: Path, columns: str) -> list[tuple]:
    """Ingest two files, both taken; then ``columns`` of every document, by source title and position."""
    for path in (first, second):
        taken = run("ingest", path, "--corpus", corpus, "-q")
        assert taken.exit_code == 0, taken.output
    with Corpus.open(corpus) as c:
        return c.sql(f"SELECT {columns} FROM documents d JOIN sources s ON s.id = d.source_id "
                     "ORDER BY s.title, d.position").fetchall()


def assert_copy_refused(original: Path, copy: Path, corpus: Path, texts: int, *, stored: int) -> None:
    """The original file under another name is still refused as a renamed copy, storing nothing."""
    shutil.copy(original, copy)
    refused = run("ingest", copy, "--corpus", corpus, "-q")
    assert refused.exit_code == 2, refused.output
    assert f"all {texts} of its texts are stored already" in refused.stderr, refused.stderr
    assert count(corpus) == stored


def test_a_second_survey_wave_repeating_short_answers_from_other_respondents_is_no_renamed_copy(tmp_path):
    """Two waves of one survey share "No" and "Agree" at the same places, without authors or dates,
    from other respondents: the second wave was refused as the first under another name."""
    corpus = tmp_path / "c.duckdb"
    wave1, wave2 = tmp_path / "wave1.csv", tmp_path / "wave2.csv"
    head = "Respondent ID,Q1. Any other comments?\n"
    wave1.write_text(head + "R-1,No\nR-2,N/A\nR-3,Agree\nR-4,The fees are too high for families like ours.\n", "utf-8")
    wave2.write_text(head + "S-1,No\nS-2,N/A\nS-3,Agree\nS-4,Please keep the library open on Saturdays.\n", "utf-8")
    rows = ingest_both(wave1, wave2, corpus, "s.title, d.respondent_id, d.text")
    assert rows == [("wave1", "R-1", "No"), ("wave1", "R-3", "Agree"),
                    ("wave1", "R-4", "The fees are too high for families like ours."),
                    ("wave2", "S-1", "No"), ("wave2", "S-3", "Agree"),
                    ("wave2", "S-4", "Please keep the library open on Saturdays.")]  # "N/A" is no answer
    assert_copy_refused(wave1, tmp_path / "wave1-final.csv", corpus, 3, stored=6)


def test_records_repeating_texts_under_other_ids_of_their_own_are_no_renamed_copy(tmp_path):
    """Records the user's own file gives other ids are other records, whatever their texts."""
    corpus = tmp_path / "c.duckdb"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text('{"id": "a1", "text": "Agree"}\n{"id": "a2", "text": "No"}\n', "utf-8")
    second.write_text('{"id": "b1", "text": "Agree"}\n{"id": "b2", "text": "No"}\n', "utf-8")
    assert sorted(ingest_both(first, second, corpus, "d.original_id")) == [("a1",), ("a2",), ("b1",), ("b2",)]
    assert_copy_refused(first, tmp_path / "first-copy.jsonl", corpus, 2, stored=4)


def test_a_second_wave_sharing_one_common_answer_by_row_number_is_no_renamed_copy(tmp_path):
    """Where most answers are one "No", two waves with row numbers as ids share it at most places by
    chance: the second was refused, and the advice (--source-title of the first) would have merged
    it into the first wave, skipping its rows as stored. Only a text found once in its file tells."""
    corpus = tmp_path / "c.duckdb"
    wave1, wave2 = tmp_path / "wave1.jsonl", tmp_path / "wave2.jsonl"
    texts1 = ["No", "No", "No", "Too far to travel.", "No", "No", "Staff were kind.", "No", "No", "Open later."]
    texts2 = ["No", "No", "No", "More parking.", "No", "No", "No", "No", "Cheaper fees.", "No"]
    for path, texts in ((wave1, texts1), (wave2, texts2)):
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts, 1)), "utf-8")
    rows = ingest_both(wave1, wave2, corpus, "s.title, d.text")
    assert rows == [("wave1", t) for t in texts1] + [("wave2", t) for t in texts2]
    assert_copy_refused(wave1, tmp_path / "wave1-final.jsonl", corpus, 10, stored=20)


# ---- a part of a stored file, piped or saved apart, is no new source ---------------------------------
PART_CASES = {
    "jsonl": ("comments.jsonl", "".join(json.dumps(r) + "\n" for r in [
        {"text": "The bus lane should stay, it makes my commute faster.", "author": "Ann"},
        {"text": "Agreed.", "author": "Bob"},
        {"text": "I think the council wasted money on the new signs.", "author": "Cy"},
        {"text": "Please add more cycle parking near the station.", "author": "Di"},
        {"text": "The consultation period was far too short.", "author": "Ed"}]), 3, 3),
    "records csv": ("comments.csv", "comment,author\n"
                    '"The bus lane should stay, it makes my commute faster.",Ann\nAgreed.,Bob\n'
                    '"I think the council wasted money on the new signs.",Cy\n'
                    '"Please add more cycle parking near the station.",Di\n', 3, 2),
    "consultation csv": ("responses.csv", "Response ID,Name,Q1. What should the council do about the bus lane?\n"
                         "R-1,Jane Roe,Keep the bus lane open all day because it helps the buses.\n"
                         "R-2,John Doe,Close the bus lane at weekends so that shoppers can park.\n"
                         "R-3,Mary Major,Move the bus lane to the other side of the road.\n", 3, 2),
    "jsonl past the probe": ("long.jsonl", "".join(json.dumps({"text": f"Answer number {i} about the bus lane.",
                                                                "author": f"Person {i}"}) + "\n" for i in range(30)),
                             25, 25),
    "thread as records": ("thread.csv", "id,comment,author,date,parent_id\n"
                          "c1,Who decides the caseload cap in this county?,Ira,2024-03-04T09:00,\n"
                          "c2,The director does, after the budget round.,Lev,2024-03-04T09:30,c1\n"
                          "c3,Then the budget round is where we should speak up.,Ira,2024-03-04T10:00,c2\n"
                          "c4,Pay matters more than titles in the end.,Ana,2024-03-04T11:00,\n", 3, 2),
}


@pytest.mark.parametrize("case", PART_CASES)
def test_a_piped_part_of_a_stored_file_is_already_there_not_a_new_source(tmp_path, case):
    """head -3 FILE | voices ingest - after voices ingest FILE stored the same texts again as a new source
    ("stdin"), counted twice in the report; the renamed-copy check fires only for (nearly) a whole copy.
    Now they count as already in the corpus, and the summary and --json name the source holding them."""
    name, content, lines, texts = PART_CASES[case]
    corpus, path = tmp_path / "c.duckdb", tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert run("ingest", path, "--corpus", corpus, "-q").exit_code == 0
    with Corpus.open(corpus) as c:
        before = count(corpus), c.sql("SELECT id, title FROM sources").fetchall()
    (sid, title), = before[1]
    part = "".join(content.splitlines(keepends=True)[:lines])
    res = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=part)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"]) == (0, texts)
    assert out["part_of_stored_sources"] == [{"path": "-", "source_id": sid, "title": title, "documents": texts}]
    assert out["files"][0]["sources"] == []
    with Corpus.open(corpus) as c:
        assert (count(corpus), c.sql("SELECT id, title FROM sources").fetchall()) == before
    assert res.stderr.splitlines()[-1].endswith(
        f"0 documents added, {texts} skipped as duplicates (already in the corpus); all {texts} texts of - are in "
        f"source {sid} ({title!r}) already: not added as a new source (--source-title NAME adds them as one)")
    saved = tmp_path / "part" / name  # the same rows saved apart under the same name: the same
    saved.parent.mkdir()
    saved.write_text(part, encoding="utf-8")
    res = run("ingest", saved, "--corpus", corpus, "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["documents_added"] == 0, res.output
    named = runner.invoke(app, ["ingest", "-", "--source-title", "Another debate", "--corpus", str(corpus), "-q"],
                          input=part)
    assert named.exit_code == 0, named.output  # named on purpose: trusted, as for a renamed copy
    assert count(corpus) == before[0] + texts


def test_a_piped_part_of_a_titled_thread_page_is_already_there(tmp_path):
    """A page's title names its source, so its first comments piped are that source's documents; its last
    ones, copied without the title, are a part of it."""
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", SAMPLES / "thread.txt", "--corpus", corpus, "-q").exit_code == 0
    part = "".join((SAMPLES / "thread.txt").read_text(encoding="utf-8").splitlines(keepends=True)[:60])
    res = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=part)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"], count(corpus)) == (0, 8, 35)
    # its last comments, copied without the page's title: named after the file (stdin), so the part rule applies
    tail = "".join((SAMPLES / "thread.txt").read_text(encoding="utf-8").splitlines(keepends=True)[-100:])
    res = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=tail)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["skipped_already_present"], count(corpus)) == (0, 24, 35)
    assert [p["documents"] for p in out["part_of_stored_sources"]] == [24]


def _jsonl(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "author": a}) + "\n" for t, a in rows), encoding="utf-8")
    return path


STORED = [("The bus lane should stay, it makes my commute faster.", "Ann"), ("Agreed.", "Bob"), ("+1", "Cy"),
          ("I think the council wasted money on the new signs.", "Di")]


@pytest.mark.parametrize("rows", [
    [("Agreed.", "Bob"), ("We need a crossing by the school gates.", "Flo")],  # one common text, and a new one
    [("Agreed.", "Bob"), ("+1", "Cy")],  # only texts that tell nothing, even under the same names
    [("The bus lane should stay, it makes my commute faster.", "Ann"), ("A new point about the market.", "Gus")],
    [("I think the council wasted money on the new signs.", "Someone else")],  # another author's same words
], ids=["one common text", "only short texts", "a part and a new text", "another author"])
def test_a_new_source_sharing_some_texts_with_a_stored_one_is_still_a_new_source(tmp_path, rows):
    corpus = tmp_path / "c.duckdb"
    assert run("ingest", _jsonl(tmp_path / "first.jsonl", STORED), "--corpus", corpus, "-q").exit_code == 0
    res = run("ingest", _jsonl(tmp_path / "second.jsonl", rows), "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["documents_added"], out["part_of_stored_sources"]) == (len(rows), [])
    with Corpus.open(corpus) as c:
        assert sorted(r[0] for r in c.sql("SELECT title FROM sources").fetchall()) == ["first", "second"]
    assert count(corpus) == len(STORED) + len(rows)


def test_a_second_wave_repeating_stored_answers_is_refused_not_dropped(tmp_path):
    """A file of its own whose every answer a stored source holds (the same respondent's same answer in a
    second survey wave) was dropped as "part of a stored source" with exit 0: the wave was lost. Now it
    is refused, nothing stored, and --source-title stores it as its own source."""
    corpus = tmp_path / "c.duckdb"
    head = "Respondent,Q1. What should change?\n"
    (tmp_path / "wave1.csv").write_text(head + "a@example.org,Pay social workers properly and cap caseloads.\n"
                                        "b@example.org,Directors should be registered social workers.\n",
                                        encoding="utf-8")
    (tmp_path / "wave2.csv").write_text(head + "a@example.org,Pay social workers properly and cap caseloads.\n",
                                        encoding="utf-8")
    assert run("ingest", tmp_path / "wave1.csv", "--id-column", "Respondent", "--corpus", corpus, "-q").exit_code == 0
    res = run("ingest", tmp_path / "wave2.csv", "--id-column", "Respondent", "--corpus", corpus)
    assert res.exit_code == 2, res.output
    with Corpus.open(corpus) as c:
        (sid,), = c.sql("SELECT id FROM sources").fetchall()
    assert res.stderr.strip().splitlines() == [
        f"voices: error: {tmp_path / 'wave2.csv'}: its text is stored already, as it stands here, in source {sid} "
        "('wave1'): a part of that file, or another wave or thread repeating them? Nothing was stored: give "
        "--source-title wave1 to read it as that source (nothing is added twice), or --source-title NAME to "
        "store it as another source"]
    assert count(corpus) == 2
    res = run("ingest", tmp_path / "wave2.csv", "--id-column", "Respondent", "--source-title", "Wave 2",
              "--corpus", corpus, "-q")
    assert res.exit_code == 0, res.output
    with Corpus.open(corpus) as c:
        assert sorted(c.sql("SELECT s.title, count(*) FROM documents d JOIN sources s ON s.id = d.source_id "
                            "GROUP BY ALL").fetchall()) == [("Wave 2", 1), ("wave1", 2)]


def test_a_part_with_a_respondent_who_only_rated_is_kept_as_a_source(tmp_path):
    """Every text of the part is stored, but a ratings row is not: dropping the source would lose it."""
    corpus = tmp_path / "c.duckdb"
    head = "Response ID,How would you rate your workload?,What would most improve retention?\n"
    (tmp_path / "survey.csv").write_text(head + "R1,Poor,Caseloads that a person can actually hold.\n"
                                         "R2,Fair,Protected time for supervision and reflection.\n", encoding="utf-8")
    assert run("ingest", tmp_path / "survey.csv", "--corpus", corpus, "-q").exit_code == 0
    part = head + "R1,Poor,Caseloads that a person can actually hold.\nR9,Very poor,\n"
    res = runner.invoke(app, ["ingest", "-", "--corpus", str(corpus), "--json"], input=part)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["part_of_stored_sources"] == []
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT s.title, r.respondent_id FROM responses r JOIN sources s ON s.id = r.source_id "
                     "ORDER BY ALL").fetchall()
    assert rows == [("stdin", "R1"), ("stdin", "R9"), ("survey", "R1"), ("survey", "R2")]


def test_scheme_init_names_the_next_command_so_it_runs_as_printed(tmp_path):
    """'next: voices scheme set my folder/library.toml' split at the space when pasted."""
    out = tmp_path / "my folder" / "library.toml"
    made = run("scheme", "init", "--proposition", "Open the town library on Sundays", "--stance", "for=Wants it",
               "--stance", "against=Does not", "--out", out)
    assert made.exit_code == 0, made.output
    assert made.stderr.endswith(f"; next: voices scheme set '{out}'\n")
    told = made.stderr.rsplit("next: ", 1)[1].strip()
    assert shlex.split(told) == ["voices", "scheme", "set", str(out)]
