"""Issue 10, data loss 2 and CSV safety: every output goes through one atomic writer that refuses non-outputs."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
from report_fixtures import classified_corpus
from store_fixtures import make_corpus
from typer.testing import CliRunner

from voices._atomic import atomic_file, atomic_folder, check_target
from voices.cli import app
from voices.csvcells import is_safe_cell, neutralise, unneutralise
from voices.errors import OutputError
from voices.store import Corpus

runner = CliRunner()
N_DOCS = 16  # report_fixtures: the thread and the consultation

OUT_COMMANDS = {
    "export-csv": ["export", "--format", "csv"],
    "export-jsonl": ["export", "--format", "jsonl"],
    "export-parquet": ["export", "--format", "parquet"],
    "report-md": ["report", "--format", "md"],
    "report-html": ["report", "--format", "html"],
}


def _count(path) -> int:
    with Corpus.open(path) as c:
        return c.count_documents()


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_out_equal_to_corpus_is_refused(tmp_path, command):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, [*OUT_COMMANDS[command], "--out", str(corpus), "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert "is a corpus" in res.output
    assert _count(corpus) == N_DOCS


def test_out_equal_to_corpus_wal_is_refused(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    wal = tmp_path / "c.duckdb.wal"
    res = runner.invoke(app, ["export", "--format", "csv", "--out", str(wal), "--corpus", str(corpus)])
    assert res.exit_code == 2 and "write-ahead log" in res.output, res.output
    assert not wal.exists() and _count(corpus) == N_DOCS


def test_out_through_a_symlink_to_the_corpus_is_refused(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    link = tmp_path / "innocent.csv"
    link.symlink_to(corpus)
    res = runner.invoke(app, ["export", "--out", str(link), "--corpus", str(corpus)])
    assert res.exit_code == 2 and "is a corpus" in res.output
    assert _count(corpus) == N_DOCS


@pytest.mark.parametrize("command", ["export-csv", "report-md"])
def test_out_dev_null_is_refused_and_the_device_stays(tmp_path, command):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, [*OUT_COMMANDS[command], "--out", "/dev/null", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "device or special file" in res.output, res.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_out_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="special file"):
        check_target(fifo)


@pytest.mark.parametrize("command", ["export-csv", "report-md"])
def test_out_directory_is_refused(tmp_path, command):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    res = runner.invoke(app, [*OUT_COMMANDS[command], "--out", str(folder), "--corpus", str(corpus)])
    assert res.exit_code == 2 and "is a folder" in res.output, res.output
    assert (folder / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(("args", "out", "expected"), [
    (["export", "--format", "xlsx"], "corpus.csv",
     "ends in .csv, but the export would be xlsx: give --format csv or an --out ending in .xlsx"),
    (["export", "--format", "CSV"], "corpus.parquet", "give --format parquet or an --out ending in .csv"),
    (["export"], "corpus.md", "ends in .md, but the export would be csv: give an --out ending in .csv"),
    (["export", "--labelled"], "labels.xlsx", "the export would be jsonl: give an --out ending in .jsonl"),
    (["report", "--format", "md"], "report.html", "the report would be md: give --format html or an --out ending in .md"),
    (["report", "--json"], "report.md", "the report would be json"),
    (["quotes", "--theme", "pay"], "pay.xlsx", "the quotes would be csv: give an --out ending in .csv"),
])
def test_out_named_for_another_format_is_refused(tmp_path, args, out, expected):
    """An --out ending in .html (.xlsx...) received Markdown (CSV...) and the command said it wrote it."""
    corpus = classified_corpus(tmp_path / "c.duckdb")
    target = tmp_path / out
    target.write_text("old")
    res = runner.invoke(app, [*args, "--out", str(target), "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith(f"voices: error: --out {target} ")
    assert expected in res.stderr and res.stderr.count("\n") == 1 and res.stdout == ""
    assert target.read_text() == "old"


@pytest.mark.parametrize(("args", "out"), [(["export", "--format", "XLSX"], "corpus.XLSX"),
                                           (["report", "--format", "html"], "report.htm"),
                                           (["quotes", "--theme", "pay", "--format", "md"], "pay.markdown"),
                                           (["export"], "corpus.txt")])
def test_out_named_for_its_format_or_unknown_ending_is_written(tmp_path, args, out):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, [*args, "--out", str(tmp_path / out), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / out).stat().st_size > 0


@pytest.mark.parametrize(("args", "out", "written", "start"), [
    (["report"], "report.html", "html report", b"<!DOCTYPE html>"),
    (["report"], "Report.XLSX", "xlsx report", b"PK"),
    (["report"], "report.csv", "csv report", "\ufefftable,scope,row,stance,measure,value".encode()),
    (["export"], "corpus.xlsx", "16 rows", b"PK"),
    (["export"], "corpus.jsonl", "16 rows", b'{"id": '),
    (["export", "--labelled"], "labels.csv", "0 rows", "\ufeffid,text,stance,themes".encode()),
    (["quotes", "--theme", "pay"], "pay.md", "wrote 1 quote of theme pay", b"# "),  # not "1 quotes"
])
def test_out_without_format_writes_the_format_it_is_named_for(tmp_path, args, out, written, start):
    """'report --out report.html' was refused ('give --format html'): without --format, the ending says what to write."""
    corpus = classified_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, [*args, "--out", str(tmp_path / out), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert written in res.stderr
    assert (tmp_path / out).read_bytes().startswith(start)


@pytest.mark.parametrize(("args", "out"), [(["export", "--format", "jsonl"], "corpus.json"),
                                           (["quotes", "--theme", "pay", "--format", "csv"], "pay.html")])
def test_out_ending_the_command_never_writes_is_left_to_a_given_format(tmp_path, args, out):
    """'export --format jsonl --out data.json' was refused though the user named the format (export writes no .json)."""
    corpus = classified_corpus(tmp_path / "c.duckdb")
    res = runner.invoke(app, [*args, "--out", str(tmp_path / out), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    first = (tmp_path / out).read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.startswith('{"id": ') if "jsonl" in args else first.startswith("id,source_id,")


@pytest.mark.parametrize("command", ["export-csv", "report-md", "report-html"])
def test_existing_output_keeps_its_mode(tmp_path, command):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "private.out"
    out.write_text("old")
    out.chmod(0o600)
    res = runner.invoke(app, [*OUT_COMMANDS[command], "--out", str(out), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_bytes().decode("utf-8-sig") != "old"


def test_new_output_gets_the_plain_umask_mode(tmp_path):
    out = tmp_path / "new.txt"
    umask = os.umask(0o022)
    try:
        with atomic_file(out) as fh:
            fh.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_writing_a_file_keeps_no_descriptor_open(tmp_path):
    # every atomic write leaked mkstemp's descriptor: a long session (review, a server) ran out of them
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        with atomic_file(tmp_path / "a.txt") as fh:
            fh.write("whole")
    assert len(os.listdir("/proc/self/fd")) == before
    assert (tmp_path / "a.txt").read_text() == "whole"


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(out) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert out.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
@pytest.mark.parametrize("name", ["model.skops", "new-output", "sub/new-output"])
def test_out_inside_a_model_folder_is_refused_and_the_model_kept(tmp_path, command, name):
    # over meta.json or model.skops the model was lost; beside them, retraining into the folder deleted the output
    import shutil

    from voices.models import default_model_dir, load_model

    corpus = classified_corpus(tmp_path / "c.duckdb")
    model = tmp_path / "my-model"
    shutil.copytree(default_model_dir("stance"), model)
    before = {p.name: p.read_bytes() for p in model.iterdir()}
    res = runner.invoke(app, [*OUT_COMMANDS[command], "--out", str(model / name), "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [
        f"voices: error: --out {model / name} is inside the model folder {model}, which retraining replaces whole: "
        f"give a {'folder' if 'parquet' in command else 'file'} path outside it"]
    assert {p.name: p.read_bytes() for p in model.iterdir()} == before
    assert load_model(model).model_id == load_model(default_model_dir("stance")).model_id


def test_export_over_a_models_meta_json_is_refused(tmp_path):
    import shutil

    from voices.models import default_model_dir

    corpus = classified_corpus(tmp_path / "c.duckdb")
    model = tmp_path / "my-model"
    shutil.copytree(default_model_dir("stance"), model)
    res = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(model / "meta.json"), "--corpus", str(corpus)])
    assert res.exit_code == 2 and "is inside the model folder" in res.stderr, res.output
    assert (model / "meta.json").read_bytes() == (default_model_dir("stance") / "meta.json").read_bytes()


def test_a_models_own_files_are_still_rewritten_in_its_folder(tmp_path):
    import shutil

    from voices.models import default_model_dir
    from voices.models.persist import read_meta
    from voices.models.save import update_meta

    model = tmp_path / "my-model"
    shutil.copytree(default_model_dir("stance"), model)
    update_meta(model, cross_writer={"n": 3})
    assert read_meta(model)["cross_writer"] == {"n": 3}


def test_model_folder_over_a_corpus_is_refused(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    with pytest.raises(OutputError, match="is a corpus"), atomic_folder(corpus, replace=True):
        pass
    assert _count(corpus) == N_DOCS


def test_model_folder_replaced_whole(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "old.txt").write_text("old")
    out.chmod(0o700)
    with atomic_folder(out, replace=True) as tmp:
        (tmp / "new.txt").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["new.txt"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


# ---- CSV safety -----------------------------------------------------------------------------
SNEAKY = ["=1+1", " =1+1", "\u00a0=HYPERLINK(\"http://x\")", "\u200b@SUM(A1)", "\ufeff-2+3", "\t=x", "\r=x",
          "'=x", "''+x", "a=b", "plain", "'quoted", "\uff1d1+1", "\u3000\uff0bcmd", "\uff0d2", "\uff20SUM(A1)"]


@pytest.mark.parametrize("text", SNEAKY)
def test_neutralise_round_trips_and_is_safe(text):
    assert is_safe_cell(neutralise(text))
    assert unneutralise(neutralise(text)) == text


def test_full_width_formula_signs_are_neutralised():
    # Excel set up for East Asian input reads a leading U+FF1D as "=": such a cell ran as a formula
    assert neutralise("\uff1d1+1") == "'\uff1d1+1"
    assert neutralise("\u3000\uff0bcmd") == "'\u3000\uff0bcmd"
    assert neutralise("a\uff1db") == "a\uff1db"
    assert unneutralise("'\uff20SUM(A1)") == "\uff20SUM(A1)"


def test_csv_writer_quotes_bare_cr_and_lf():
    from voices.csvcells import csv_writer

    buf = io.StringIO()
    csv_writer(buf).writerow(["a\rb", "c\nd", neutralise("\u00a0=cmd")])
    assert buf.getvalue() == "\"a\rb\",\"c\nd\",'\u00a0=cmd\r\n"


def _bad_corpus(tmp_path):
    from store_fixtures import THREAD

    from voices.schemas import Record

    records = [Record(THREAD, "comment", f"{t} text", str(i), author=t) for i, t in enumerate(SNEAKY, 1)]
    records.append(Record(THREAD, "comment", "line one\rbare CR\r=HYPERLINK(\"x\")", "99", author="\u00a0@me"))
    return make_corpus(tmp_path / "c.duckdb", records)


def test_report_csv_no_cell_starts_a_formula(tmp_path):
    from report_fixtures import CONSULT, FakeStance, FakeThemes

    from voices.classify import classify_corpus
    from voices.schemas import Record

    closed = ["\u00a0=HYPERLINK(\"http://x\")", "line\r=1+1", "\u200b@SUM(A1)", " -2+3", "Agree"]
    records = [Record(CONSULT, "consultation_answer", f"Leaders must be social workers {i}.", f"R{i}:Q",
                      native_id=f"R{i}:Q", question_id="=Q1", question="Q?", respondent_id=f"R{i}",
                      respondent_type="\t=type", closed_answer=c) for i, c in enumerate(closed)]
    corpus = make_corpus(tmp_path / "r.duckdb", records)
    classify_corpus(corpus, stance_model=FakeStance(), themes_model=FakeThemes())
    res = runner.invoke(app, ["report", "--format", "csv", "--corpus", str(corpus), "--out", str(tmp_path / "r.csv")])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "r.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) > 5 and all(len(r) == 6 for r in rows)
    assert all(is_safe_cell(cell) for row in rows for cell in row)
    cells = {cell for row in rows for cell in row}
    assert "line\r=1+1" in cells  # quoted: one cell with the CR inside
    assert "'\u00a0=HYPERLINK(\"http://x\")" in cells


def test_export_csv_no_cell_starts_a_formula_and_reads_back(tmp_path):
    from voices.ingest.exported import unneutralise as read_back

    corpus = _bad_corpus(tmp_path)
    out = tmp_path / "e.csv"
    res = runner.invoke(app, ["export", "--format", "csv", "--out", str(out), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == len(SNEAKY) + 2
    assert all(is_safe_cell(cell) for row in rows for cell in row)
    header = rows[0]
    authors = {read_back(r[header.index("author")]) for r in rows[1:]}
    assert set(SNEAKY) | {"\u00a0@me"} == authors
    texts = [r[header.index("text")] for r in rows[1:]]
    assert "line one\rbare CR\r=HYPERLINK(\"x\")" in texts
    assert "'\uff1d1+1 text" in texts


def test_dataset_out_equal_to_a_corpus_or_device_is_refused(tmp_path):
    from voices.scale.output import check_output

    corpus = classified_corpus(tmp_path / "c.duckdb")
    with pytest.raises(OutputError, match="is a corpus"):
        check_output(str(corpus))
    with pytest.raises(OutputError, match="special file"):
        check_output("/dev/null")
    assert _count(corpus) == N_DOCS


def test_train_out_equal_to_a_corpus_is_refused(tmp_path):
    from voices.models.save import save_model

    corpus = classified_corpus(tmp_path / "c.duckdb")
    with pytest.raises(OutputError, match="is a corpus"):
        save_model(corpus, object(), {"task": "stance"})
    assert _count(corpus) == N_DOCS


def test_train_refuses_a_corpus_as_out_before_training(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    data = tmp_path / "l.jsonl"
    data.write_text('{"id": "1", "text": "x", "stance": "none"}\n')
    res = runner.invoke(app, ["train", "--data", str(data), "--task", "stance", "--out", str(corpus)])
    assert res.exit_code == 2 and "is a corpus" in res.output, res.output
    assert _count(corpus) == N_DOCS


def test_train_refuses_a_folder_of_other_files_before_training(tmp_path):
    """train --out replaced any folder whole: the files a user kept there were deleted, exit 0."""
    from voices.models.save import save_model

    data = tmp_path / "l.jsonl"
    data.write_text('{"id": "1", "text": "x", "stance": "none"}\n')
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    res = runner.invoke(app, ["train", "--data", str(data), "--task", "stance", "--out", str(mine)])
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.output
    assert f"--out {mine} is a folder holding other files than a model's" in res.stderr
    with pytest.raises(OutputError, match="holding other files"):
        save_model(mine, object(), {"task": "stance"})
    assert [p.name for p in mine.iterdir()] == ["notes.txt"] and (mine / "notes.txt").read_text() == "mine"


def test_train_refuses_a_model_folder_that_also_holds_a_corpus(tmp_path):
    """A folder with meta.json was replaced whole, whatever else it held: a corpus kept beside the model was deleted."""
    import shutil

    from voices.models import default_model_dir

    corpus = classified_corpus(tmp_path / "c.duckdb")
    model = tmp_path / "project"
    shutil.copytree(default_model_dir("stance"), model)
    shutil.copy(corpus, model / "study.duckdb")
    data = tmp_path / "l.jsonl"
    data.write_text('{"id": "1", "text": "x", "stance": "none"}\n')
    res = runner.invoke(app, ["train", "--data", str(data), "--task", "stance", "--out", str(model)])
    assert res.exit_code == 2, res.output
    assert res.stderr == (f"voices: error: --out {model} is a folder holding other files than a model's, which "
                          "training would delete: give a new folder path (or an earlier model's folder to replace)\n")
    from voices.models.save import save_model

    with pytest.raises(OutputError, match="holding other files"):
        save_model(model, object(), {"task": "stance"})
    assert _count(model / "study.duckdb") == N_DOCS
    assert sorted(p.name for p in model.iterdir()) == sorted(
        ["README.md", "bundle.json", "bundle.npz", "meta.json", "model.skops", "study.duckdb"])


def test_a_killed_writers_temporary_is_swept_but_not_a_live_ones(tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".r.md.voices-{int(dead.stdout)}-abc.tmp"
    live = tmp_path / f".r.md.voices-{os.getppid()}-abc.tmp"
    other = tmp_path / f".r.md.{int(dead.stdout)}.voices-1-abc.tmp"  # another output's temporary
    for p in (stale, live, other):
        p.write_text("partial")
    with atomic_file(tmp_path / "r.md") as fh:
        fh.write("whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "r.md"])


@pytest.mark.parametrize("command", [["report", "--format", "xlsx"], ["export", "--format", "xlsx"]])
def test_xlsx_out_refused_is_one_line_without_tracebacks(tmp_path, command):
    """A refused XLSX --out was once followed by pages of lxml tracebacks from the unsaved workbook."""
    import subprocess
    import sys

    corpus = classified_corpus(tmp_path / "c.duckdb")
    for out in (corpus, tmp_path):
        done = subprocess.run([sys.executable, "-m", "voices", *command, "--out", str(out), "--corpus", str(corpus)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("voices: error: --out "), done.stderr
    assert _count(corpus) == N_DOCS


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_out_into_a_missing_folder_creates_it_and_says_so_once(tmp_path, command):
    """--out into a missing folder created it without a word: a mistyped path left a folder nobody was told of."""
    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "new" / "deeper" / "out.file"
    args = [*OUT_COMMANDS[command], "--corpus", str(corpus)]
    res = runner.invoke(app, [*args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.is_file() or sorted(p.name for p in out.iterdir()) == ["part-00000.parquet"]  # parquet: a folder
    assert res.stderr.splitlines()[0] == f"voices: created folder {out.parent}"
    assert res.stderr.count("created folder") == 1
    again = runner.invoke(app, [*args, "--out", str(out.parent / "again.file")])  # the folder is there now
    assert again.exit_code == 0, again.output
    assert "created folder" not in again.stderr
    quiet = runner.invoke(app, [*args, "-q", "--out", str(tmp_path / "other" / "out.file")])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == "" and (tmp_path / "other" / "out.file").exists()


def test_an_atomic_write_into_a_missing_folder_logs_the_folder_it_made(tmp_path, caplog):
    caplog.set_level("INFO", logger="voices._atomic")
    with atomic_folder(tmp_path / "a" / "model") as folder:
        (folder / "x").write_text("x")
    with atomic_file(tmp_path / "a" / "b.txt") as fh:  # "a" exists now
        fh.write("x")
    assert [r.getMessage() for r in caplog.records] == [f"created folder {tmp_path / 'a'}"]
