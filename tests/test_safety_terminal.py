"""Issue 10, terminal output: markup in content never crashes a renderer; control sequences never reach the terminal."""

from __future__ import annotations

import json

from store_fixtures import THREAD, make_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.schemas import Record, Source
from voices.terminal_text import safe_markup, strip_controls

runner = CliRunner()
NASTY = "[/] [bold red]loud[/bold red] \x1b]0;pwned\x07\x1b[2J\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x9b31m\r\u202eevil"
CONTROLS = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def _clean(text: str) -> bool:
    return not any(c in text for c in CONTROLS)


def test_strip_controls_keeps_text_tabs_and_newlines():
    assert strip_controls("a\tb\nc\x1b[1mD\x1b[0m\x00") == "a\tb\ncD"
    assert strip_controls(NASTY) == "[/] [bold red]loud[/bold red] link 31mevil"


def test_rich_markup_in_a_source_title_does_not_crash_voices_corpus(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb", [Record(Source(title=NASTY, kind="thread"), "comment", "hi", "1")])
    res = runner.invoke(app, ["corpus", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "[/]" in res.stdout and _clean(res.stdout)


def test_control_sequences_in_content_never_reach_the_terminal_report(tmp_path):
    from report_fixtures import FakeStance, FakeThemes

    from voices.classify import classify_corpus
    from voices.report import build_report
    from voices.report.table import render_text

    src = Source(title=f"Thread {NASTY}", kind="thread")
    records = [Record(src, "comment", f"Leaders must be social workers. {NASTY} {i}", str(i), author=f"a{NASTY}",
                      posted_at=f"2024-01-0{i}") for i in range(1, 6)]
    corpus = make_corpus(tmp_path / "c.duckdb", records)
    classify_corpus(corpus, stance_model=FakeStance(), themes_model=FakeThemes())
    text = render_text(build_report(corpus, None, redact=False))
    assert "loud" in text and _clean(text)


def test_messages_and_json_on_stdout_carry_no_raw_controls(tmp_path, capsys):
    from voices.cli._output import emit_json, message

    message(f"warning about {NASTY}")
    emit_json({"title": NASTY})
    out, err = capsys.readouterr()
    assert _clean(err) and "warning about [/]" in err
    assert "\x9b" not in out and "\u202e" not in out and json.loads(out)["title"] == NASTY


def test_data_on_a_terminal_is_stripped_but_a_pipe_gets_it_exact(monkeypatch, capsys):
    import sys

    from voices.cli._output import data_stream, write_stdout

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    data_stream().write(NASTY)
    write_stdout(NASTY)
    out = capsys.readouterr().out
    assert _clean(out) and out.count("loud") == 2
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    data_stream().write(NASTY)
    assert capsys.readouterr().out == NASTY


def test_safe_markup_prints_markup_literally():
    from rich.console import Console

    console = Console(record=True, width=200, color_system=None)
    console.print(safe_markup(NASTY))
    assert "[/] [bold red]loud[/bold red]" in console.export_text()


def test_export_stdout_in_a_pipe_is_exact(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb", [Record(THREAD, "comment", f"x {NASTY}", "1")])
    res = runner.invoke(app, ["export", "--format", "jsonl", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.splitlines()[0])["text"] == f"x {NASTY}"
