"""A hostile review of audit39 (session 39's CLI audit): each test is a command line its fixes left misbehaving."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app

SRC = Path(__file__).resolve().parents[1] / "src" / "voices"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("args", [
    ("report", "--dataset", ""),
    ("report", "--dataset", "  "),
    ("classify", "--dataset", "", "--out", "x"),
    ("classify", "--dataset", "ds", "--out", ""),
    ("classify", "--dataset", "ds", "--out", "x", "--scheduler", " "),
    ("scheme", "init", "--proposition", "P", "--stance", "a=b", "--stance", "c=d", "--out", "s.toml", "--name", ""),
    ("themes", "adopt", "d-1", "--name", "x", "--description", "y", "--run", ""),
])
def test_an_option_given_as_nothing_is_refused(tmp_path, monkeypatch, args):
    """`voices report --dataset ""` (an unset $DATASET) reported on the corpus instead, exit 0; `classify --dataset ""`
    said "--out x is inside the dataset :"; `scheme init --name ""` named the scheme after the file and `themes adopt
    --run ""` took the newest run, as if the option were not given. They are refused as `--source ""` is."""
    from store_fixtures import make_corpus

    monkeypatch.chdir(tmp_path)
    make_corpus(tmp_path / "voices.duckdb")
    r = run(*args)
    option = next(a for a in reversed(args) if a.startswith("--") and args[args.index(a) + 1].strip() == "")
    assert r.exit_code == 2, r.output
    named = "'--out' / '-o'" if option == "--out" else f"'{option}'"
    assert f"Error: Invalid value for {named}: an empty value: give one, or leave the option out\n" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["voices.duckdb"]


def test_train_corpus_that_is_not_utf8_is_refused_in_one_line(tmp_path, monkeypatch):
    """`voices train --task stance --corpus c<0xe9>.duckdb --out m` ended in "unexpected error: RuntimeError:
    std::bad_cast" (exit 1): train's own --corpus missed the check the shared --corpus got."""
    monkeypatch.chdir(tmp_path)
    r = run("train", "--task", "stance", "--corpus", "c\udce9.duckdb", "--out", "m")
    assert (r.exit_code, r.stderr) == (2, "voices: error: --corpus c\ufffd.duckdb: the path is not UTF-8 text, and "
                                          "DuckDB opens only UTF-8 paths: rename the file (or its folder), or give "
                                          "another --corpus\n")
    assert list(tmp_path.iterdir()) == []


def test_report_refuses_an_out_that_is_its_scheme_by_another_name(tmp_path, monkeypatch):
    """The --out/--scheme check compared resolved paths: another name of the same file passed. On a case-insensitive
    disk (macOS, Windows) `--scheme SW.toml --out sw.toml` is such a name, and the report's rename replaced the
    scheme; a hard link is the same case on this disk (one file, two names)."""
    from report_fixtures import FakeStance, FakeThemes, make_report_corpus

    import voices.classify

    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    corpus = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", corpus, "-q").exit_code == 0
    shipped = (SRC / "data" / "schemes" / "social-work-leadership.toml").read_text(encoding="utf-8")
    (tmp_path / "SW.toml").write_text(shipped, encoding="utf-8")
    os.link(tmp_path / "SW.toml", tmp_path / "sw.toml")
    monkeypatch.chdir(tmp_path)
    r = run("report", "--corpus", corpus, "--scheme", "SW.toml", "--out", "sw.toml", "--format", "md")
    assert (r.exit_code, r.stderr) == (2, "voices: error: --out sw.toml is the --scheme file this report reads: "
                                          "writing there would destroy it: give another path\n")
    assert (tmp_path / "sw.toml").read_text(encoding="utf-8") == shipped
    assert os.path.samefile(tmp_path / "sw.toml", tmp_path / "SW.toml")


def test_a_parquet_export_to_a_folder_whose_name_is_not_utf8(tmp_path, monkeypatch):
    """`voices export --format parquet --out caf<0xe9>/pq` ended in "unexpected error: UnicodeEncodeError: 'utf-8'
    codec can't encode character '\\udce9'" (exit 1): pyarrow takes a path as UTF-8 text, while a CSV export to the
    same folder was written. The parts go through a Python file handle, which takes any bytes."""
    import pyarrow.parquet as pq
    from store_fixtures import make_corpus

    monkeypatch.chdir(tmp_path)
    corpus = make_corpus(tmp_path / "c.duckdb")
    folder = Path("caf\udce9")
    folder.mkdir()
    r = run("export", "--corpus", corpus, "--format", "parquet", "--out", folder / "pq")
    assert r.exit_code == 0, r.output
    (part,) = (folder / "pq").iterdir()
    assert part.name == "part-00000.parquet"
    with part.open("rb") as fh:
        assert pq.read_table(fh).column("id").to_pylist() == [d["id"] for d in export_rows(corpus)]
    assert sorted(p.name for p in folder.iterdir()) == ["pq"]  # no temporary left beside it


def export_rows(corpus: Path) -> list[dict]:
    import json

    r = run("export", "--corpus", corpus, "--format", "jsonl")
    assert r.exit_code == 0, r.output
    return [json.loads(line) for line in r.stdout.splitlines()]


@pytest.fixture
def space_named(tmp_path):
    """Labelled rows whose text field is named by one space, as a hand-made sheet can head its column."""
    path = tmp_path / "sp.jsonl"
    texts = ["Only a qualified social worker should lead social work.", "Directors need not be social workers.",
             "Pay is awful and salaries have fallen.", "Leaders should have practised."]
    path.write_text("".join(json.dumps({"id": f"r{i}", " ": t, "stance": "none"}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return path


def test_a_field_really_named_by_spaces_is_still_read(tmp_path, space_named):
    """audit39 refused `--text-field ' '` as blank, but a field may be named so: `voices ingest sp.jsonl --text-field
    ' '` stored its 4 records before, and `evaluate --text-field ' '` scored them. A name of spaces goes to the
    reader again (which names it when absent: "no field ' '"); only '' (an unset variable) is refused."""
    from voices.store import Corpus

    corpus = tmp_path / "c.duckdb"
    r = run("ingest", space_named, "--text-field", " ", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM documents").fetchone() == (4,)
    r = run("evaluate", "-m", "shipped:stance", "--data", space_named, "--text-field", " ", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n"] == 4
    plain = Path(__file__).parent / "fixtures" / "labelled" / "tiny.jsonl"  # no field of spaces: said so
    r = run("ingest", plain, "--text-field", " ", "--corpus", tmp_path / "d.duckdb")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {plain}: no field ' ' (fields found: id, text, stance, "
                                          "themes, group)\n")
    assert not (tmp_path / "d.duckdb").exists()
    r = run("evaluate", "-m", "shipped:stance", "--data", space_named, "--text-field", "")
    assert r.exit_code == 2 and "Invalid value for '--text-field': an empty value" in r.stderr


def test_an_xlsx_export_on_a_full_disk_says_one_line(tmp_path, monkeypatch):
    """`voices export --format xlsx --out full/o.xlsx` on a full disk said its one line, then ~20 more: "Exception
    ignored in: <function ZipFile.__del__> ... ValueError: seek of closed file" and two lxml "inconsistent exit
    action" tracebacks, as the half-saved workbook's zip and sheet writers were collected (seen on a 64k tmpfs)."""
    import errno
    import gc
    import sys

    from store_fixtures import make_corpus

    from voices.formats import xlsx

    zipfile_open = xlsx._UndatedZip.open

    def open_then_full(self, name, mode="r", *args, **kwargs):
        if mode == "w" and str(getattr(name, "filename", name)).startswith("xl/"):  # partway through the parts
            raise OSError(errno.ENOSPC, "No space left on device")
        return zipfile_open(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(xlsx._UndatedZip, "open", open_then_full)
    r = run("export", "--corpus", make_corpus(tmp_path / "c.duckdb"), "--format", "xlsx", "--out", tmp_path / "o.xlsx")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: could not write {tmp_path / 'o.xlsx'} (No space left on "
                                          "device); nothing was written there: free some space or give another "
                                          "--out\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.duckdb"]
    ignored: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    assert "(No space left on device)" in _save_a_sheet(xlsx, tmp_path / "p.xlsx")
    gc.collect()  # the failed save's workbook, zip and sheet writers go now
    assert ignored == []


def _save_a_sheet(xlsx, out: Path) -> str:
    """Save a one-sheet workbook; the error it fails with, as text (nothing of the failed save is kept alive)."""
    from voices.errors import OutputError

    book = xlsx._new_book(out)
    xlsx._Sheet(book, "rows").append(["a", "b"])
    try:
        xlsx._save(book, out)
    except OutputError as exc:
        return str(exc)
    return "saved"


def test_classify_takes_shipped_stance_as_report_and_evaluate_do(tmp_path):
    """c915881 let `report --stance-model shipped:stance` name the shipped model, as `evaluate --model` does, but
    `voices classify --stance-model shipped:stance` still said "no stance model at shipped:stance: give
    --stance-model DIR": the one way back to the shipped model after a trained one became the corpus's default
    (naming the shipped folder unpins it) needed the folder inside the installed package."""
    from ingest_helpers import SAMPLES

    from voices.classify import load_models
    from voices.models import default_model_dir
    from voices.scale.dask_classify import resolve_models
    from voices.store import Corpus

    corpus = tmp_path / "c.duckdb"
    r = run("classify", "--corpus", corpus, "-q", "--stance-model", "shipped:stance", "--themes-model",
            "shipped:themes", SAMPLES / "thread.txt")
    assert r.exit_code == 0, r.output
    stance, themes = load_models(default_model_dir("stance"), default_model_dir("themes"))
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT DISTINCT stance_model, themes_model FROM predictions").fetchall() == [
            (stance.model_id, themes.model_id)]
        assert c.sql("SELECT count(*) FROM settings WHERE key LIKE '%_model'").fetchone() == (0,)  # none pinned
    # a Dask worker loads its own installed default for a shipped model, never the client's "./shipped:stance"
    refs = resolve_models("shipped:stance", "shipped:themes")
    assert (refs.stance.path, refs.stance.model_id) == (None, stance.model_id)
    assert (refs.themes.path, refs.themes.model_id) == (None, themes.model_id)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("args", [("--help",), ("export", "--help"), ("--version",)])
def test_help_on_a_full_disk_is_said_in_one_line(args):
    """`voices --help > /dev/full` ended in a rich traceback ("OSError: [Errno 28] No space left on device"), exit 1:
    click prints help outside the commands' handled(), where eeeb683 said a full disk in one line, exit 2."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "voices", *args], stdout=full, stderr=subprocess.PIPE, text=True,
                             env=env, timeout=120)
    assert (res.returncode, res.stderr) == (2, "voices: error: the disk refused a write (No space left on device): "
                                               "free space and run the command again; its output on standard "
                                               "output, if sent to a file, is incomplete\n")


@pytest.mark.parametrize("args", [("review", "--export", "OUT.csv"),
                                  ("ingest", "CONSULT", "--save-mapping", "OUT.toml")])
def test_a_full_disk_names_the_option_that_gave_the_path(tmp_path, monkeypatch, args):
    """bafd487 made review --export and ingest --save-mapping name their own option for a path they cannot write,
    but on a full disk they still said "...: free some space or give another --out", an option neither has."""
    import errno

    from ingest_helpers import SAMPLES
    from store_fixtures import make_corpus

    from voices import _atomic

    corpus = make_corpus(tmp_path / "c.duckdb")
    assert run("sample", "--validation", "3", "--corpus", corpus).exit_code == 0

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", full)
    out = tmp_path / ("out" + Path(args[-1]).suffix)
    r = run(*[out if a.startswith("OUT") else SAMPLES / "consultation.csv" if a == "CONSULT" else a for a in args],
            "--corpus", corpus)
    option = args[-2]
    assert f"could not write {out} (No space left on device); nothing was written there: free some space or give " \
           f"another {option}" in r.stderr, r.output
    assert "--out" not in r.stderr and not out.exists()
