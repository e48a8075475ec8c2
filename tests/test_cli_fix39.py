"""The CLI audit's findings outside its own area (session 39), each a command line that exited 1 or misled, run again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ingest_helpers import count as stored
from typer.testing import CliRunner

from voices.cli import app

ROOT = Path(__file__).resolve().parents[1]
THREAD = ROOT / "corpora" / "samples" / "thread.txt"

runner = CliRunner()


def run(*args: object):
    """The CLI on ``args``, stderr kept apart (``result.stderr``)."""
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def exported(tmp_path):
    """The sample thread's corpus and its Parquet export (a dataset folder)."""
    corpus = tmp_path / "a.duckdb"
    assert run("ingest", THREAD, "--corpus", corpus).exit_code == 0
    out = tmp_path / "pq"
    r = run("export", "--format", "parquet", "--out", out, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    return corpus, out


def test_a_folder_with_an_export_folder_inside_ingests_its_thread(tmp_path, exported):
    """`voices ingest mix` (the thread and an export folder in it) said "unexpected error: ArrowInvalid": any
    Parquet file under the folder made it one dataset, the thread included (the README: not the folders inside it)."""
    _, pq = exported
    mix = tmp_path / "mix"
    mix.mkdir()
    shutil.copy(THREAD, mix)
    shutil.copytree(pq, mix / "pq")
    r = run("ingest", mix, "--corpus", tmp_path / "b.duckdb")
    assert r.exit_code == 0, r.output
    assert f"{mix / 'pq'}: a folder inside the folder, not entered" in r.stderr
    assert stored(tmp_path / "b.duckdb") == stored(exported[0]) == 35


def test_a_parquet_file_beside_a_thread_is_one_file_of_the_folder(tmp_path, exported):
    _, pq = exported
    mix = tmp_path / "mix"
    mix.mkdir()
    shutil.copy(THREAD, mix)
    shutil.copy(pq / "part-00000.parquet", mix / "old.parquet")
    r = run("ingest", mix, "--corpus", tmp_path / "b.duckdb")
    assert r.exit_code == 0, r.output
    assert "2 files, 35 documents added, 35 skipped as duplicates" in r.stderr


def test_a_dataset_folder_still_ingests_as_one(tmp_path, exported):
    _, pq = exported
    (pq / "_SUCCESS").write_bytes(b"")  # a finished job's marker, passed over as pyarrow passes it over
    r = run("ingest", pq, "--corpus", tmp_path / "b.duckdb")
    assert r.exit_code == 0, r.output
    assert stored(tmp_path / "b.duckdb") == 35


@pytest.mark.parametrize("name", ["a.parquet", "z.parquet"])
def test_a_dataset_folder_with_a_parquet_file_of_other_fields_names_that_file(tmp_path, exported, name):
    """A voices export's part beside someone else's Parquet file: refused as "pq: line 36: not a voices document
    ... was this file edited?" (z.parquet, read after the part) or "this Parquet data is not a voices export"
    (a.parquet, read first), the folder named, never the file to take out."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, folder = exported
    pq.write_table(pa.table({"x": [1, 2], "text": ["hello there", "more"]}), folder / name)
    r = run("ingest", folder, "--corpus", tmp_path / "b.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {folder / name}: this Parquet file is not part of a voices "
                                          "export (fields: x, text): move it out of the folder (give it on its own "
                                          "with --format records), then ingest the folder again\n")
    assert not (tmp_path / "b.duckdb").exists() or stored(tmp_path / "b.duckdb") == 0


def test_a_parquet_file_broken_past_its_footer_is_refused_in_one_line(tmp_path, exported):
    """A page broken after a readable footer came out of ``to_batches`` as a traceback (exit 1)."""
    import pyarrow.parquet as pq

    good = tmp_path / "good.parquet"
    pq.write_table(pq.read_table(exported[1] / "part-00000.parquet"), good, compression="snappy")
    data = bytearray(good.read_bytes())
    data[100:len(data) // 2] = b"\xff" * (len(data) // 2 - 100)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(bytes(data))
    r = run("ingest", bad, "--corpus", tmp_path / "b.duckdb")
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"voices: error: {bad}: Parquet data broken after row 0 (")
    assert r.stderr.endswith("): nothing was stored: export it again\n") and r.stderr.count("\n") == 1
    assert not (tmp_path / "b.duckdb").exists()


@pytest.mark.parametrize("in_folder", [False, True])
def test_a_file_named_in_latin1_is_refused_in_one_line(tmp_path, in_folder):
    """`voices ingest th<0xe9>.txt` said "unexpected error: InvalidInputException ... surrogate" (exit 1)."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    named = folder / os.fsdecode(b"th\xe9.txt")
    shutil.copy(THREAD, named)
    corpus = tmp_path / "c.duckdb"
    r = run("ingest", folder if in_folder else named, "--corpus", corpus)
    assert r.exit_code == 2, r.output
    assert r.stderr == (f"voices: error: {folder}/th\\xe9.txt: the file name is not UTF-8 text, and voices keeps "
                        "each file's name with what it stores: rename the file to a UTF-8 name (convmv -f latin1 -t "
                        "utf8), then ingest it; nothing was stored\n")
    assert not corpus.exists()


@pytest.mark.parametrize("command", [("corpus",), ("ingest", THREAD)])
def test_an_empty_file_given_as_corpus_is_said_to_be_one_and_left_alone(tmp_path, command):
    """`: > e.duckdb; voices corpus --corpus e.duckdb` said "corpus is damaged ... restore it from a backup"."""
    empty = tmp_path / "e.duckdb"
    empty.write_bytes(b"")
    r = run(*command, "--corpus", empty)
    assert r.exit_code == 2, r.output
    assert r.stderr == (f"voices: error: {empty} is an empty file, not a voices corpus, and voices leaves files it did "
                        "not make as they are: give another --corpus, or remove the empty file and rerun to make a "
                        "corpus there\n")
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["e.duckdb"]


def test_a_missing_label_file_is_said_to_be_missing(tmp_path):
    """`voices label --from /nope` said "unknown label file type ''" of a file that is not there."""
    nope = tmp_path / "nope"
    r = run("label", "--from", nope, "--corpus", tmp_path / "c.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {nope}: no such label file; check the --from path\n")


def test_a_folder_given_as_scheme_is_said_to_be_one(tmp_path):
    """`voices scheme set adir` answered with a raw "[Errno 21] Is a directory"."""
    folder = tmp_path / "adir"
    folder.mkdir()
    r = run("scheme", "set", folder, "--corpus", tmp_path / "c.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {folder}: a folder, not a scheme file; give the .toml file "
                                          "inside it, or a shipped scheme's name\n")


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b"\xff\xfe\r\x00\n\x00"])
def test_a_csv_holding_only_a_byte_order_mark_is_empty(tmp_path, content):
    """A CSV saved from an empty sheet (a BOM and perhaps a line end) said "cannot tell what kind of file"."""
    path = tmp_path / "answers.csv"
    path.write_bytes(content)
    r = run("ingest", path, "--corpus", tmp_path / "c.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {path}: the file is empty: give a file with comments or "
                                          "responses in it\n")


@pytest.mark.parametrize(("content", "said"), [
    (b"id,text\n1,hello there\n", "CSV text: rename it to end in .csv"),
    (b"hello there\n", "plain text: rename it to end in .txt"),
])
def test_text_named_xlsx_is_told_to_be_renamed(tmp_path, content, said):
    """A CSV named .xlsx was told to "save it again from Excel": it is no workbook, and Excel is not the fix."""
    path = tmp_path / "answers.xlsx"
    path.write_bytes(content)
    r = run("ingest", path, "--corpus", tmp_path / "c.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {path}: not an Excel workbook but {said} and give it again\n")


def test_export_keeps_a_filled_review_sheet_as_review_does(tmp_path, exported):
    """`voices export --out FILLED.csv` wrote over a review sheet whose labels were not stored: a person's work."""
    import csv

    corpus, _ = exported
    sheet = tmp_path / "sheet.csv"
    assert run("review", "--export", sheet, "-n", 3, "--queue", "learning", "--corpus", corpus).exit_code == 0
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0] |= {"stance": "none", "by": "me"}
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    filled = sheet.read_bytes()
    r = run("export", "--out", sheet, "--corpus", corpus)
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {sheet} holds 1 label not stored yet (first at {sheet} row "
                                          f"2), which writing it again would lose: store it first with voices label "
                                          f"--from {sheet}, or give another file\n")
    assert sheet.read_bytes() == filled
    assert run("label", "--from", sheet, "--corpus", corpus).exit_code == 0
    r = run("export", "--out", sheet, "--corpus", corpus)  # stored: the sheet may go
    assert r.exit_code == 0, r.output
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        exported_rows = list(csv.DictReader(fh))
    assert len(exported_rows) == 35
    assert [r["human_stance"] for r in exported_rows if r["id"] == rows[0]["id"]] == ["none"]


def _export_with_a_label(tmp_path, corpus):
    """An ordinary CSV export holding one stored label, written a minute ago; the labelled document's id."""
    import csv
    import os
    import time

    out = tmp_path / "old.csv"
    doc_id = _first_id(corpus, tmp_path)
    assert run("label", doc_id, "--stance", "system_leaders", "--corpus", corpus).exit_code == 0
    assert run("export", "--out", out, "--corpus", corpus).exit_code == 0
    os.utime(out, (time.time() - 60, time.time() - 60))  # written before what follows, whatever the clock's grain
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert [r["human_stance"] for r in csv.DictReader(fh) if r["id"] == doc_id] == ["system_leaders"]
    return out, doc_id


def _first_id(corpus, tmp_path):
    r = run("export", "--format", "jsonl", "--out", tmp_path / "ids.jsonl", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    return json.loads((tmp_path / "ids.jsonl").read_text(encoding="utf-8").splitlines()[0])["id"]


def test_export_writes_over_an_older_export_whose_label_was_changed_since(tmp_path, exported):
    """An ordinary export, then the label corrected: `export --out old.csv` said the old label was "not stored yet"
    and advised label --from old.csv, which would have put the corrected label back."""
    import csv

    corpus, _ = exported
    out, doc_id = _export_with_a_label(tmp_path, corpus)
    assert run("label", doc_id, "--stance", "none", "--corpus", corpus).exit_code == 0
    r = run("export", "--out", out, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert [r["human_stance"] for r in csv.DictReader(fh) if r["id"] == doc_id] == ["none"]


def test_export_writes_over_an_older_export_of_documents_erased_since(tmp_path, exported):
    """`voices delete` says exports written before it "still hold them: delete or regenerate them"; regenerating
    was refused ("holds 1 label for documents not in corpus ... another corpus's sheet?")."""
    corpus, _ = exported
    out, doc_id = _export_with_a_label(tmp_path, corpus)
    assert run("delete", "--id", doc_id, "--corpus", corpus).exit_code == 0
    r = run("export", "--out", out, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert doc_id not in out.read_text(encoding="utf-8-sig")


def test_classify_puts_a_corpus_back_on_the_shipped_model(tmp_path, exported):
    """`classify --stance-model shipped:stance` was refused ("no stance model at shipped:stance"), so a corpus given
    --stance-model DIR could not go back to the shipped model, as report and evaluate already take it."""
    corpus, _ = exported
    mine = tmp_path / "mine"
    shutil.copytree(ROOT / "src" / "voices" / "data" / "models" / "stance", mine)
    r = run("classify", "--stance-model", mine, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert f"the corpus's stance model is now {mine}" in r.stderr
    r = run("classify", "--stance-model", "shipped:stance", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    shipped = ROOT / "src" / "voices" / "data" / "models" / "stance"
    model_id = json.loads((shipped / "meta.json").read_text())["model_id"]
    # said, as pinning a folder is: the default it replaced is gone (it used to go silently)
    assert (f"voices: the corpus's stance model is the shipped one again (model {model_id[:12]}): a plain voices "
            "classify uses it\n") in r.stderr
    again = run("classify", "--stance-model", "shipped:stance", "--corpus", corpus)  # nothing changed: nothing said
    assert again.exit_code == 0 and "shipped one again" not in again.stderr, again.output
    shutil.rmtree(mine)  # no longer the corpus's default: a plain classify does not look for it
    r = run("classify", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert "34 already up to date" in r.stderr


def test_a_dataset_job_given_shipped_stance_lets_each_worker_load_its_own():
    from voices.scale.dask_classify import resolve_models

    classifier = resolve_models("shipped:stance", "shipped:themes")
    assert (classifier.stance.path, classifier.themes.path) == (None, None)
    assert (classifier.stance.task, classifier.themes.task) == ("stance", "themes")


@pytest.mark.parametrize(("args", "env", "said"), [
    (("corpus", "--corpus", ""), {}, "Invalid value for '--corpus' (env var: 'VOICES_CORPUS'): nothing, or the "
     "current folder '.', not a corpus file: give the corpus file's path (voices.duckdb by default)"),
    (("corpus",), {"VOICES_CORPUS": " "}, "Invalid value for '--corpus' (env var: 'VOICES_CORPUS'): nothing but "
     "spaces, not a corpus file: give the corpus file's path (voices.duckdb by default)"),
    (("train", "--task", "stance", "--out", "m", "--corpus", ""), {}, "Invalid value for '--corpus': nothing, or the "
     "current folder '.', not a corpus file: give the corpus file's path (voices.duckdb by default)"),
])
def test_a_blank_corpus_path_is_said_to_be_blank(args, env, said):
    """`--corpus ""` said ". is a folder", and `VOICES_CORPUS=' '` "no corpus at  :"."""
    r = runner.invoke(app, list(args), env=env)
    assert r.exit_code == 2, r.output
    assert f"Error: {said}\n" in r.stderr  # one line from the console script, as every usage error


def test_export_to_json_names_the_jsonl_format(tmp_path, exported):
    r = run("export", "--out", tmp_path / "x.json", "--corpus", exported[0])
    assert (r.exit_code, r.stderr) == (2, f"voices: error: --out {tmp_path / 'x.json'} ends in .json, but the export "
                                          "would be csv: give --format jsonl or an --out ending in .csv\n")


def test_a_labelled_export_to_json_is_told_it_would_be_json_lines(tmp_path, exported):
    """`export --labelled --out x.json` said "the export would be jsonl: give --format jsonl", the format it
    already was: the refusal is that JSON lines are not the one JSON document .json promises."""
    r = run("export", "--labelled", "--out", tmp_path / "x.json", "--corpus", exported[0])
    assert (r.exit_code, r.stderr) == (2, f"voices: error: --out {tmp_path / 'x.json'} ends in .json, but the export "
                                          "would be JSON lines, not one JSON document: give --format jsonl to write "
                                          "them there, or an --out ending in .jsonl\n")
    assert run("export", "--labelled", "--format", "jsonl", "--out", tmp_path / "x.json",
               "--corpus", exported[0]).exit_code == 0  # as it says


def test_train_refuses_a_corpus_path_that_is_not_utf8(tmp_path, monkeypatch):
    """`train --corpus c<0xe9>.duckdb` said "no corpus at c\\udce9.duckdb" of a file that was there."""
    import os

    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"c\xe9.duckdb")
    r = run("train", "--task", "stance", "--corpus", name, "--out", "m")
    assert (r.exit_code, r.stderr) == (2, "voices: error: --corpus c\ufffd.duckdb: the path is not UTF-8 text, and "
                                          "DuckDB opens only UTF-8 paths: rename the file (or its folder), or give "
                                          "another --corpus\n")


def test_a_label_csv_named_xlsx_is_told_to_be_renamed(tmp_path):
    """`label --from l.xlsx` holding CSV text said "save it again as .xlsx", as ingest said "save it again from Excel"."""
    path = tmp_path / "l.xlsx"
    path.write_bytes(b"id,stance\nab12,none\n")
    r = run("label", "--from", path, "--corpus", tmp_path / "c.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {path}: not an Excel workbook but CSV text: rename it to "
                                          "end in .csv and give it again\n")
