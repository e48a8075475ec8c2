"""A user's black-box audit of the CLI (session 39): each test is a command line that misbehaved, run again."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from voices.cli import app

SRC = Path(__file__).resolve().parents[1] / "src" / "voices"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def no_text_field(tmp_path):
    """A labelled file train reads and refuses: reaching its refusal means every option before it was taken."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "stance": "none"}\n', encoding="utf-8")
    return path


def test_train_takes_its_choices_in_any_case(tmp_path, no_text_field):
    """`voices train --task STANCE` was refused ("use one of stance, themes"), while --format HTML and
    --queue Learning are taken in any case, as the README says of --format."""
    r = run("train", "--task", "STANCE", "--objective", "F_AVG", "--tokenizer", "Tweets",
            "--data", no_text_field, "--out", tmp_path / "m")
    assert r.exit_code == 2, r.output
    assert r.stderr == f"voices: error: {no_text_field}:1: no 'text' field; map the text column with --text-field\n"


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--tokenizer", "bogus", "--tokenizer 'bogus' is not one of default|tweets"),
    ("--objective", "f1", "--objective 'f1' is not one of macro_f1|f_avg"),
])
def test_train_refuses_an_unknown_choice_before_reading_the_files(tmp_path, no_text_field, option, value, said):
    """An unknown --tokenizer or --objective was said only after every labelled file was read and checked: with a
    file to fix as well, the user learnt of the option on the second run (and "unknown tokenizer" named no option)."""
    r = run("train", "--task", "stance", option, value, "--data", no_text_field, "--out", tmp_path / "m")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {said}\n")


def test_train_adapt_in_any_case_reaches_the_corpus(tmp_path):
    r = run("train", "--task", "stance", "--adapt", "MAP", "--corpus", tmp_path / "none.duckdb", "--out", tmp_path / "m")
    assert (r.exit_code, r.stderr) == (2, f"voices: error: no corpus at {tmp_path / 'none.duckdb'}: check --corpus\n")


@pytest.fixture
def not_a_folder(tmp_path):
    """A path under a plain file: no folder can be made there, as root too (a 0555 folder stops no root)."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    return tmp_path / "afile"


def test_review_export_names_its_own_option_when_it_cannot_write(tmp_path, not_a_folder):
    """`voices review --export /sys/kernel/x.csv` answered "--out /sys/kernel/x.csv: cannot write there", an option
    review has not."""
    from review_fixtures import review_corpus

    corpus = review_corpus(tmp_path / "c.duckdb")
    r = run("review", "--export", not_a_folder / "s.csv", "-n", 2, "--corpus", corpus)
    assert (r.exit_code, r.stderr) == (2, f"voices: error: --export {not_a_folder / 's.csv'}: cannot write there "
                                          "(Not a directory): give another file path\n")


def test_save_mapping_names_its_own_option_when_it_cannot_write(tmp_path, not_a_folder):
    """`voices ingest c.csv --save-mapping /sys/kernel/m.toml` warned "--out /sys/kernel/m.toml: cannot write there",
    and with a file where the folder should be, "--save-mapping afile/m.toml exists and differs from this mapping
    (edited since?)": there was no such file."""
    from ingest_helpers import SAMPLES

    target = not_a_folder / "m.toml"
    r = run("ingest", SAMPLES / "consultation.csv", "--save-mapping", target, "--corpus", tmp_path / "c.duckdb")
    assert r.exit_code == 0, r.output
    assert (f"voices: WARNING: --save-mapping {target}: cannot write there (Not a directory): give another "
            "file path; the documents were stored\n") in r.stderr
    r = run("ingest", "--preview", SAMPLES / "consultation.csv", "--save-mapping", target)
    assert r.exit_code == 2 and r.stderr.endswith(f"voices: error: --save-mapping {target}: cannot write there "
                                                  "(Not a directory): give another file path\n"), r.output


@pytest.mark.parametrize("args", [("ingest", "THREAD"), ("corpus",), ("export",)])
def test_a_corpus_path_that_is_not_utf8_is_refused_in_one_line(tmp_path, monkeypatch, args):
    """`voices ingest t.txt --corpus c<0xe9>.duckdb` (a Latin-1 file name) ended in "unexpected error: RuntimeError:
    std::bad_cast" (exit 1); DuckDB opens UTF-8 paths only, so it is refused, by --corpus and $VOICES_CORPUS alike."""
    from ingest_helpers import SAMPLES

    monkeypatch.chdir(tmp_path)
    name = "c\udce9.duckdb"  # the byte 0xe9 as Python hands an undecodable file name over
    said = ("voices: error: --corpus c\ufffd.duckdb: the path is not UTF-8 text, and DuckDB opens only UTF-8 paths: "
            "rename the file (or its folder), or give another --corpus\n")
    argv = [str(SAMPLES / "thread.txt") if a == "THREAD" else a for a in args]
    r = run(*argv, "--corpus", name)
    assert (r.exit_code, r.stderr) == (2, said)
    monkeypatch.setenv("VOICES_CORPUS", name)
    r = run(*argv)
    assert (r.exit_code, r.stderr) == (2, said)
    assert list(tmp_path.iterdir()) == []


def test_a_command_without_a_corpus_ignores_an_undecodable_voices_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICES_CORPUS", "c\udce9.duckdb")
    r = run("scheme", "init", "--proposition", "P", "--stance", "a=b", "--stance", "c=d", "--out", "-", "--name", "n")
    assert r.exit_code == 0, r.output
    assert 'proposition = "P"' in r.stdout


@pytest.mark.parametrize(("by", "user", "stored"), [
    ("   ", "ann", "ann"),  # a blank --by is no name given: $USER, as without --by
    (" Bo ", "ann", "Bo"),
    ("", "  ", None),  # an empty $USER (a container, cron) names no one either
])
def test_a_blank_labeller_is_no_name(tmp_path, monkeypatch, by, user, stored):
    """`voices label ID --stance none --by '   '` stored a labeller named by three spaces, and with an empty $USER
    a labeller named ''; exports listed them in labelled_by as if they were names."""
    from store_fixtures import make_corpus

    from voices.store import Corpus

    corpus = make_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:
        (doc,) = c.sql("SELECT id FROM documents WHERE text = 'Agree.'").fetchone()
    monkeypatch.setenv("USER", user)
    r = run("label", doc, "--stance", "none", "--by", by, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT labelled_by FROM labels WHERE doc_id = ?", [doc]).fetchall() == [(stored,)]


def test_report_takes_the_shipped_stance_model_by_name(tmp_path):
    """`voices report --stance-model shipped:stance` said "shipped:stance: no such model directory; train one with
    `voices train` (shipped:stance or shipped:themes names a shipped model)": the name it had been given."""
    from ingest_helpers import SAMPLES

    corpus = tmp_path / "c.duckdb"
    assert (r := run("classify", "--corpus", corpus, "-q", SAMPLES / "thread.txt")).exit_code == 0, r.output
    plain = run("report", "--corpus", corpus, "--format", "md")
    named = run("report", "--corpus", corpus, "--format", "md", "--stance-model", "shipped:stance")
    assert (named.exit_code, named.stderr) == (0, ""), named.output
    assert named.stdout == plain.stdout and "## " in plain.stdout
    themes = run("report", "--corpus", corpus, "--stance-model", "shipped:themes")
    assert themes.exit_code == 2
    assert themes.stderr.startswith("voices: error: --stance-model ") and "is a themes model" in themes.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_refuses_to_write_over_the_scheme_it_reads(tmp_path, monkeypatch, fmt):
    """`voices report --scheme sw.toml --out sw.toml --format md` replaced the user's scheme with the report, exit 0
    (an ending the report never writes is left as given)."""
    from report_fixtures import FakeStance, FakeThemes, make_report_corpus

    import voices.classify

    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    corpus = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", corpus, "-q").exit_code == 0
    shipped = (SRC / "data" / "schemes" / "social-work-leadership.toml").read_text(encoding="utf-8")
    scheme = tmp_path / "sw.toml"
    scheme.write_text(shipped, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("report", "--corpus", corpus, "--scheme", "sw.toml", "--out", "./sw.toml", "--format", fmt)
    assert (r.exit_code, r.stderr) == (2, "voices: error: --out sw.toml is the --scheme file this report reads: "
                                          "writing there would destroy it: give another path\n")
    assert scheme.read_text(encoding="utf-8") == shipped
    r = run("report", "--corpus", corpus, "--scheme", "sw.toml", "--out", "r.out", "--format", fmt)
    assert r.exit_code == 0, r.output
    assert scheme.read_text(encoding="utf-8") == shipped and (tmp_path / "r.out").stat().st_size > 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("args", [("export", "--format", "jsonl"), ("corpus", "--json")])
def test_stdout_on_a_full_disk_is_said_in_one_line(tmp_path, args):
    """`voices export > out.csv` on a full disk said "unexpected error: OSError: [Errno 28] No space left on device
    (rerun with --debug)", exit 1, and not that out.csv holds only part of the export."""
    import os
    import subprocess
    import sys

    from store_fixtures import make_corpus

    corpus = make_corpus(tmp_path / "c.duckdb")
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "voices", *args, "--corpus", str(corpus)], stdout=full,
                             stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert (res.returncode, res.stderr) == (2, "voices: error: the disk refused a write (No space left on device): "
                                               "free space and run the command again; its output on standard "
                                               "output, if sent to a file, is incomplete\n")


@pytest.mark.parametrize(("option", "blank"), [
    *((o, b) for o in ("--source-title", "--source-url", "--text-column", "--closed-column", "--organisation-column")
      for b in ("", "   ")),
    ("--id-column", ""), ("--text-field", ""),  # a record's field may be named by spaces (test_cli_revaudit39)
])
def test_ingest_refuses_a_naming_option_given_as_nothing(tmp_path, option, blank):
    """`voices ingest thread.txt --source-title '   '` stored the thread a second time, as a new source titled by
    three spaces (35 documents twice); `--source-title ''` meant no title and `--id-column ''` was dropped, unsaid."""
    from ingest_helpers import SAMPLES

    from voices.store import Corpus

    corpus = tmp_path / "c.duckdb"
    assert (r := run("ingest", SAMPLES / "thread.txt", "--corpus", corpus, "-q")).exit_code == 0, r.output
    r = run("ingest", SAMPLES / "thread.txt", option, blank, "--corpus", corpus)
    assert (r.exit_code, r.stderr) == (2, f"voices: error: {option} is empty: give its value, or leave {option} out\n")
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT count(*), count(DISTINCT source_id) FROM documents").fetchone() == (35, 1)


@pytest.mark.parametrize("args", [
    ("export", "--source", ""), ("classify", "-s", " "), ("report", "-s", "s", "-s", ""),
    ("quotes", "--theme", "pay", "--stance", ""), ("themes", "discover", "-s", "  "),
    ("scheme", "set", "social-work-leadership", "--source", ""),
    ("evaluate", "-m", "shipped:stance", "--data", "DATA", "--label-field", ""),
    ("train", "--task", "stance", "--out", "m", "--data", "DATA", "--group-field", ""),
])
def test_an_option_given_as_nothing_is_refused(tmp_path, monkeypatch, args):
    """`voices export --source ''` said "source prefix '' is ambiguous ... give more of it", `classify -s ' '`
    "no source ' '", and `quotes --stance ''` and `evaluate --label-field ''` went on as if not given."""
    from store_fixtures import make_corpus

    monkeypatch.chdir(tmp_path)
    make_corpus(tmp_path / "voices.duckdb")
    data = tmp_path / "l.jsonl"
    data.write_text('{"text": "a", "stance": "none"}\n', encoding="utf-8")
    r = run(*[data if a == "DATA" else a for a in args])
    option = args[-2]
    named = "'--source' / '-s'" if option in ("--source", "-s") else f"'{option}'"
    assert r.exit_code == 2  # as one line through voices.cli.main; CliRunner shows click's own layout
    assert f"Error: Invalid value for {named}: an empty value: give one, or leave the option out\n" in r.stderr
