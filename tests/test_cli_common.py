"""The options every command shares, defined once in ``voices.cli._common``, and the bugs that hid."""

from __future__ import annotations

import json

import pytest
import typer.main
from report_fixtures import FakeStance, FakeThemes, make_report_corpus
from store_fixtures import THREAD, make_corpus
from typer.testing import CliRunner

import voices.classify
from voices.cli import app
from voices.ids import source_id
from voices.store import Corpus

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)
GROUPS = {"scheme": ("init", "set"), "themes": ("discover", "adopt")}


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def classified(tmp_path, monkeypatch):
    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    path = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", path, "-q").exit_code == 0
    return path


def test_every_command_is_registered():
    assert COMMANDS == ["classify", "corpus", "delete", "evaluate", "export", "ingest", "label", "quotes", "report", "review",
                        "sample", "scheme", "themes", "train"]
    assert sorted(typer.main.get_command(app).commands["scheme"].commands) == ["init", "set"]
    assert sorted(typer.main.get_command(app).commands["themes"].commands) == ["adopt", "discover"]


@pytest.mark.parametrize("name", COMMANDS)
def test_shared_options_and_dash_h_everywhere(name):
    command = typer.main.get_command(app).commands[name]
    if name in GROUPS:  # a group: --corpus on it, the shared options on its subcommands
        assert {o for p in command.params for o in p.opts} == {"--corpus"}
        for sub in GROUPS[name]:
            result = run(name, sub, "-h")
            assert result.exit_code == 0 and f"{name} {sub}" in result.output, result.output
        return
    flags = {opt for p in command.params for opt in p.opts if opt.startswith("-")}
    assert {"--debug", "-v", "--verbose", "-q", "--quiet"} <= flags
    assert ("--corpus" in flags) == (name != "evaluate")
    assert "--json" in flags  # export too: with --out it prints a summary (rows, path, cells cut)
    if "--source" in flags:
        assert "-s" in flags, f"{name}: -s is --source in every command that has --source"
    result = run(name, "-h")
    assert result.exit_code == 0, result.output
    assert f"Usage: voices {name}" in result.output or f"Usage: root {name}" in result.output
    assert run("-h").exit_code == 0


def test_format_is_case_insensitive(classified, tmp_path):
    out = tmp_path / "r.html"
    result = run("report", "--corpus", classified, "--format", "HTML", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert "wrote html report to" in result.stderr
    csv = run("export", "--corpus", classified, "--format", "CSV")
    assert csv.exit_code == 0, csv.output
    assert csv.stdout.lstrip("\ufeff").startswith("id,source_id,source_title")
    bad = run("report", "--corpus", classified, "--format", "PDF")
    assert bad.exit_code == 2 and "--format 'PDF' is not one of table|md|html|csv|json" in bad.output


@pytest.mark.parametrize("args", [["export"], ["report"], ["quotes", "--theme", "pay"], ["ingest", "x.txt"]])
def test_an_empty_format_is_refused_not_taken_for_the_default(classified, args):
    """--format '' wrote the default format with exit 0, as if no --format had been given."""
    result = run(*args, "--format", "", "--corpus", classified)
    assert result.exit_code == 2 and result.stdout == ""
    # one line from the console script, as every usage error (test_usage_errors_are_one_line_...)
    assert "'--format' / '-f': an empty value: give a format, or leave --format out for the default" in result.stderr


def test_report_json_with_another_format_is_refused(classified):
    """--json --format csv printed JSON with exit 0: the --format given was silently dropped."""
    result = run("report", "--json", "--format", "CSV", "--corpus", classified)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "voices: error: --json is --format json, so --format CSV contradicts it: give one of them\n"
    same = run("report", "--json", "--format", "Json", "--corpus", classified)
    assert same.exit_code == 0 and json.loads(same.stdout)["documents"] > 0


@pytest.mark.parametrize("args", [["export", "--format", "csv"], ["report", "--format", "md"],
                                  ["quotes", "--theme", "pay", "--format", "json", "--no-redact"]])
def test_out_dash_is_stdout(classified, tmp_path, monkeypatch, args):
    """--out - wrote a file named '-' in the working folder; '-' is stdout, as it is stdin for ingest."""
    monkeypatch.chdir(tmp_path)
    to_stdout = run(*args, "--corpus", classified)
    dashed = run(*args, "--out", "-", "--corpus", classified)
    assert dashed.exit_code == 0, dashed.output
    assert not (tmp_path / "-").exists()
    if args[0] == "report":  # the report says when it was made: compare what it reports
        assert dashed.stdout.splitlines()[:3] == to_stdout.stdout.splitlines()[:3]
    else:
        assert dashed.stdout == to_stdout.stdout and dashed.stdout


@pytest.mark.parametrize(("args", "sheet", "rows"), [(["export", "--format", "xlsx"], "documents", 17),
                                                     (["report", "--format", "XLSX"], "contents", None)])
@pytest.mark.parametrize("dash", [True, False])
def test_a_binary_format_goes_to_a_redirected_stdout(classified, tmp_path, monkeypatch, args, sheet, rows, dash):
    """'voices export --format xlsx --out - > corpus.xlsx' was refused ('an XLSX export is a binary file'):
    stdout sent to a file or a pipe takes the workbook, written whole first; a terminal is still refused."""
    import io

    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    result = run(*args, *(["--out", "-"] if dash else []), "--corpus", classified)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists() and "wrote" not in result.stderr  # no temporary path named
    book = load_workbook(io.BytesIO(result.stdout_bytes))
    assert sheet in book.sheetnames
    if rows is not None:  # the 16 documents under a header row
        assert book[sheet].max_row == rows and book[sheet].cell(1, 1).value == "id"
    failed = run(*args, "--out", "-", "--source", "nosuchsource", "--corpus", classified)
    assert failed.exit_code == 2 and failed.stdout_bytes == b""  # nothing half-written to stdout


def test_report_json_honours_out(classified, tmp_path):
    out = tmp_path / "report.json"
    result = run("report", "--corpus", classified, "--json", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["documents"] == json.loads(run("report", "--corpus", classified, "--json").stdout)["documents"]


def test_quiet_silences_export_and_delete(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    loud = run("export", "--corpus", path, "--out", tmp_path / "a.csv")
    assert loud.exit_code == 0 and "wrote 6 rows" in loud.stderr
    quiet = run("export", "--corpus", path, "--out", tmp_path / "b.csv", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()
    gone = run("delete", "--corpus", path, "--respondent", "R2", "--quiet")
    assert gone.exit_code == 0 and gone.stderr == ""
    with Corpus.open(path) as c:
        assert c.count_documents() == 5
    refused = run("delete", "--corpus", path, "-q")
    assert refused.exit_code == 2 and "give --source ID" in refused.stderr, "errors still show under -q"


def test_corpus_on_a_group_wins_over_voices_corpus(tmp_path):
    """$VOICES_CORPUS filled the subcommand's own --corpus, so a group's typed --corpus lost to it."""
    path = make_corpus(tmp_path / "c.duckdb")
    other = tmp_path / "other.duckdb"
    env = {"VOICES_CORPUS": str(other)}
    scheme = tmp_path / "s.toml"
    assert run("scheme", "init", "--proposition", "P", "--stance", "a=A", "--stance", "b=B", "--out", scheme,
               "-q").exit_code == 0
    typed = runner.invoke(app, ["scheme", "--corpus", str(path), "set", str(scheme), "--json"], env=env)
    assert typed.exit_code == 0, typed.output
    assert json.loads(typed.stdout)["corpus"] == str(path)
    assert not other.exists()
    both = runner.invoke(app, ["scheme", "--corpus", str(other), "set", str(scheme), "--corpus", str(path),
                               "--json"], env={"VOICES_CORPUS": str(tmp_path / "third.duckdb")})
    assert both.exit_code == 0 and json.loads(both.stdout)["corpus"] == str(path), "the subcommand's wins"
    from_env = runner.invoke(app, ["scheme", "set", str(scheme)], env=env)
    assert from_env.exit_code == 2 and f"no corpus at {other}" in from_env.stderr
    assert not other.exists()


def test_delete_refuses_a_models_folder_that_does_not_exist_and_erases_nothing(tmp_path):
    """--models with a mistyped folder erased the documents and said nothing of models: the check never ran."""
    path = make_corpus(tmp_path / "c.duckdb")
    result = run("delete", "--corpus", path, "--respondent", "R2", "--models", tmp_path / "modles")
    assert result.exit_code == 2
    assert result.stderr == (f"voices: error: --models {tmp_path / 'modles'}: no such folder; give a model folder "
                             "(or a folder of them) to check, or leave --models out\n")
    with Corpus.open(path) as c:
        assert c.count_documents() == 6



def _leaf_commands():
    for name, command in typer.main.get_command(app).commands.items():
        subs = getattr(command, "commands", None)
        yield from ((f"{name} {sub}", c) for sub, c in subs.items()) if subs else [(name, command)]


@pytest.mark.parametrize(("name", "command"), list(_leaf_commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_shared_long_option_has_the_same_short_one_everywhere(name, command):
    """`themes discover -n 5` worked and `review --export s.xlsx -n 5` was "No such option: -n"."""
    flags = {opt for p in command.params for opt in p.opts}
    for long, short in {"--source": "-s", "--out": "-o", "--format": "-f", "--n": "-n"}.items():
        assert long not in flags or short in flags, f"{name}: {long} without {short}"

def test_dash_s_is_source_in_export_and_delete(tmp_path):
    path = make_corpus(tmp_path / "c.duckdb")
    sid = source_id(THREAD)
    exported = run("export", "--corpus", path, "-s", sid[:6], "--format", "jsonl")
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == 4 and {r["source_id"] for r in rows} == {sid}
    deleted = run("delete", "--corpus", path, "-s", sid[:6], "--json")
    assert deleted.exit_code == 0, deleted.output
    assert json.loads(deleted.stdout) == {"deleted_documents": 4, "source_id": sid, "respondent_id": None,
                                          "models_trained_on_them": [], "compacted": False,
                                          "author": None, "document_id": None, "models_not_found": [],
                                          "labels_unnamed": 0}


def test_the_progress_bar_draws_use_case_events(capsys):
    from voices.api import Progress
    from voices.cli._common import Common
    from voices.cli._output import progress_bar

    with progress_bar(False, "ingesting") as draw:
        assert draw is None
    events = []
    relay = Common(corpus=None, quiet=False).progress(events.append)
    with progress_bar(True, "ingesting") as draw:
        for done in range(3):
            draw(Progress("ingest", f"file {done + 1}/2", done, 2))
    relay(Progress("classify", "", 1, 2))
    relay(Progress("migrate", "migrated corpus c.duckdb from schema 1 to 2"))
    assert events == [Progress("classify", "", 1, 2)]
    assert capsys.readouterr().err.endswith("voices: migrated corpus c.duckdb from schema 1 to 2\n")


@pytest.mark.parametrize("args, expected", [
    (["sample", "--validation", "abc"], "voices: error: Invalid value for '--validation'"),
    (["report", "--nosuch"], "voices: error: No such option: --nosuch"),
    (["nosuch"], "voices: error: No such command 'nosuch'."),
])
def test_usage_errors_are_one_line_from_the_console_script(args, expected):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "voices", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected) and lines[0].endswith(" -h)"), done.stderr


def test_console_script_help_version_and_missing_values():
    import subprocess
    import sys

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "voices", *args], capture_output=True, text=True, timeout=60)

    for args in (["-h"], ["report", "-h"], ["--version"]):
        done = cli(*args)
        assert done.returncode == 0 and done.stdout and done.stderr == "", (args, done.stderr)
    bare = cli()  # no command: the help, as click shows it, exit 2
    assert bare.returncode == 2 and "Commands" in bare.stderr
    missing = cli("report", "--corpus")  # click has no command context here: one line, no wrong hint
    assert missing.returncode == 2
    assert missing.stderr == "voices: error: Option '--corpus' requires an argument.\n"


def test_sigterm_stops_a_command_as_ctrl_c_does_and_leaves_no_copy_of_standard_input(tmp_path):
    """SIGTERM ended the process on the spot: the copy of standard input (people's texts)
    stayed in the temporary folder, and hidden half-written outputs beside their targets."""
    import os
    import signal
    import subprocess
    import sys
    import time

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "voices", "ingest", "-", "--corpus", str(tmp_path / "c.duckdb")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "TMPDIR": str(tmp)})
    proc.stdin.write(b'{"id": "q1", "text": "Open the library on Sundays, please."}\n')
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not any(tmp.glob("voices-stdin-*")):  # copying standard input, which stays open
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and out == b""
    assert err.decode() == "voices: stopped (SIGTERM); nothing half-written was kept\n"
    assert list(tmp.iterdir()) == []


def test_an_interrupted_corpus_query_is_an_interruption_not_an_unexpected_error(capsys):
    """DuckDB answers Ctrl-C during a query with its own 'Query interrupted', and the cleanup after
    it failed on the aborted transaction: the user saw 'unexpected error: TransactionException ...
    (rerun with --debug)' and exit 1 for a Ctrl-C."""
    from pathlib import Path

    import duckdb

    from voices.cli._common import Common
    from voices.cli._handled import handled

    with pytest.raises(typer.Exit) as stopped, handled(Common(Path("c.duckdb"))):
        try:
            raise RuntimeError("Query interrupted")
        finally:
            raise duckdb.TransactionException("TransactionContext Error: Current transaction is aborted")
    assert stopped.value.exit_code == 130
    assert capsys.readouterr().err == "voices: interrupted; nothing half-written was kept\n"


@pytest.mark.parametrize(("args", "option"), [
    (["report", "--format", "md", "--title", "caf\udce9", "--out", "OUT"], "--title"),
    (["label", "DOC", "--stance", "none", "--by", "caf\udce9"], "--by"),
    (["export", "--format", "csv", "--source", "\udce9", "--out", "OUT"], "--source"),
], ids=["report-title", "label-by", "export-source"])
def test_text_options_a_terminal_could_not_decode_are_refused_in_one_line(tmp_path, args, option):
    # a Latin-1 terminal's bytes reach Python as lone surrogates: writing them failed with a UnicodeEncodeError, exit 1
    corpus = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:
        doc = c.sql("SELECT min(id) FROM documents").fetchone()[0]
    out = tmp_path / "out"
    res = run(*[{"OUT": out, "DOC": doc}.get(a, a) for a in args], "--corpus", corpus)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [
        f"voices: error: {option}: holds bytes that are not UTF-8 text; type it in a UTF-8 terminal"]
    assert not out.exists()
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*) FROM labels").fetchone()[0] == 0


def test_a_file_name_a_terminal_could_not_decode_is_still_written(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "caf\udce9.csv"
    res = run("export", "--format", "csv", "--out", out, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,")


def test_review_export_takes_dash_n(classified, tmp_path):
    import csv

    assert run("sample", "--validation", 5, "--corpus", classified).exit_code == 0
    r = run("review", "--export", tmp_path / "s.csv", "-n", 2, "--corpus", classified, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["rows"] == 2
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 2


@pytest.mark.parametrize(("args", "message"), [
    (["train", "--task", "stance", "--data", "tests/fixtures/homes/homes.jsonl"], "a model is a folder"),
    (["train", "--task", "stance", "--corpus", "c.duckdb"], "a model is a folder"),
    (["classify", "--dataset", "in"], "a classified dataset is a folder"),
    (["export", "--format", "parquet", "--corpus", "c.duckdb"], "a Parquet export is a folder"),
], ids=["train-data", "train-corpus", "classify-dataset", "export-parquet"])
def test_out_dash_is_refused_where_the_output_is_a_folder(tmp_path, monkeypatch, args, message):
    """`--out -` is stdout; train and classify --dataset wrote a folder named '-' instead (export refused it)."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    make_corpus(tmp_path / "c.duckdb")
    monkeypatch.chdir(tmp_path)
    args = [str(repo / a) if a.startswith("tests/") else a for a in args]
    r = run(*args, "--out", "-")
    assert r.exit_code == 2
    assert r.stderr == f"voices: error: {message}: give --out DIR\n"
    assert not (tmp_path / "-").exists()
