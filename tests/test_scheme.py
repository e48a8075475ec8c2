"""Schemes are package data, read by one validated loader; a --scheme that cannot be read is an error."""

from __future__ import annotations

import json

import pytest
from report_fixtures import classified_corpus
from typer.testing import CliRunner

from voices.cli import app
from voices.models.scheme import load_scheme, packaged_scheme
from voices.report.scheme import _closed_answers

runner = CliRunner()


def test_the_shipped_scheme_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = packaged_scheme("social-work-leadership")
    assert path is not None and path.parent.name == "schemes" and path.parent.parent.name == "data"
    assert load_scheme("social-work-leadership").labels("stance") == [
        "social_work_leaders", "system_leaders", "practice_connected", "none"]
    mapping = _closed_answers(None, {"m": {"scheme": {"name": "social-work-leadership", "version": 1}}})
    assert mapping.expected("Should directors be registered social workers?", "Agree") == "social_work_leaders"
    assert _closed_answers(None, {"m": {"scheme": {"name": "../../etc/passwd"}}}) is None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return classified_corpus(tmp_path_factory.mktemp("scheme") / "c.duckdb")


@pytest.mark.parametrize("content", [None, "not toml [", "name = 'x'\n"], ids=["missing", "not-toml", "no-stances"])
def test_report_refuses_a_scheme_it_cannot_read(corpus, tmp_path, content):
    scheme = tmp_path / "s.toml"
    if content is not None:
        scheme.write_text(content)
    res = runner.invoke(app, ["report", "--format", "json", "--scheme", str(scheme), "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(scheme) in lines[0] and not res.stdout


def test_report_takes_a_scheme_by_name(corpus):
    res = runner.invoke(app, ["report", "--format", "json", "--scheme", "social-work-leadership",
                              "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["consultation"]["mapping_used"] is True


def test_train_refuses_a_scheme_it_cannot_read(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"text": f"text {i}", "stance": "none"}) + "\n" for i in range(4)))
    res = runner.invoke(app, ["train", "--data", str(data), "--task", "stance", "--out", str(tmp_path / "m"),
                              "--scheme", str(tmp_path / "absent.toml")])
    assert res.exit_code == 2, res.output
    assert len(res.stderr.strip().splitlines()) == 1 and "absent.toml" in res.stderr
    assert not (tmp_path / "m").exists()


_NOT_A_LABEL = ("a label is letters, digits, '_' or '-' (e.g. sunday_opening); a readable name goes in the "
                "scheme file, as the label's title")
_SHIPPED = packaged_scheme("social-work-leadership").read_text(encoding="utf-8")


@pytest.mark.parametrize(("edit", "message"), [
    (lambda s: s.replace('definition = "No position', 'definition = " "\nold = "No position', 1),
     '[stance.none] needs a definition = "..." string that says what the label means'),
    (lambda s: s + '\n[themes.none]\ndefinition = "x"\n',
     "[themes.none] has the name of [stance.none]; labels are told apart by name alone: rename one"),
    (lambda s: s + '\n[themes.Pay]\ndefinition = "x"\n',
     "[themes.Pay] has the name of [themes.pay]; labels are told apart by name alone: rename one"),
    (lambda s: s + '\n[themes."pay;burnout"]\ndefinition = "x"\n',
     "[themes] label 'pay;burnout': " + _NOT_A_LABEL),
    (lambda s: s + '\n[themes."=HYPERLINK(\\"http://x\\")"]\ndefinition = "x"\n',
     "[themes] label '=HYPERLINK(\"http://x\")': " + _NOT_A_LABEL),
    (lambda s: s + '\n[themes."a\\nb"]\ndefinition = "x"\n',
     "[themes] label 'a\\nb': " + _NOT_A_LABEL),
    (lambda s: s + '\n[themes.""]\ndefinition = "x"\n',
     "[themes] label '': " + _NOT_A_LABEL),
    (lambda s: s + f'\n[themes.{"x" * 10_000}]\ndefinition = "x"\n',
     f"[themes] label '{'x' * 40}…': a label is at most 64 characters; "
     "a longer readable name goes in the scheme file, as the label's title"),
    (lambda s: s.replace('name = "social-work-leadership"', 'name = "x</title><script>alert(1)</script>"'),
     "name 'x</title><script>alert(1)</script>' is not a scheme name: use letters, digits, '_', '.' or '-' "
     "(at most 64)"),
], ids=["blank-definition", "theme-named-like-a-stance", "labels-differing-in-case", "list-separator", "formula",
        "newline", "empty", "10k-characters", "markup-name"])
def test_scheme_set_refuses_labels_people_could_not_tell_apart(corpus, tmp_path, edit, message):
    from voices.models.scheme import scheme_for
    from voices.store import Corpus

    scheme = tmp_path / "s.toml"
    scheme.write_text(edit(_SHIPPED), encoding="utf-8")
    with Corpus.open(corpus) as c:
        before = scheme_for(c)
    res = runner.invoke(app, ["scheme", "set", str(scheme), "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [f"voices: error: {scheme}: {message}"]
    with Corpus.open(corpus) as c:
        assert scheme_for(c) == before  # nothing stored


def test_a_scheme_stored_before_label_ids_were_checked_still_reads(tmp_path):
    # refusing it on read would stop every command on that corpus: it is refused only when set again
    from voices.models.scheme import scheme_for
    from voices.store import Corpus
    from voices.store.settings import set_setting

    corpus = classified_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        set_setting(c, "scheme", {"toml": _SHIPPED + '\n[themes."pay;burnout"]\ndefinition = "x"\n'})
    with Corpus.open(corpus) as c:
        assert scheme_for(c).labels("themes")[-1] == "pay;burnout"


def test_scheme_init_refuses_a_label_of_10000_characters(tmp_path):
    out = tmp_path / "s.toml"
    res = runner.invoke(app, ["scheme", "init", "--proposition", "p", "--stance", "x" * 10_000 + "=x",
                              "--stance", "b=y", "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [
        f"voices: error: --stance '{'x' * 40}…': a label is at most 64 characters; "
        "a longer readable name goes in the scheme file, as the label's title"]
    assert not out.exists()


def test_schemes_for_reads_each_sources_scheme_as_scheme_for_does(tmp_path):
    # one source with its own scheme, one on the corpus's: the shared scheme is read once for all the others
    from pathlib import Path

    from voices.models.scheme import scheme_for, schemes_for
    from voices.store import Corpus

    fix = Path(__file__).parent / "fixtures" / "library"
    corpus = tmp_path / "c.duckdb"
    args = ["ingest", str(fix / "town-forum.jsonl"), str(fix / "council-page.jsonl"), "--corpus", str(corpus), "-q"]
    assert runner.invoke(app, args).exit_code == 0
    with Corpus.open(corpus) as c:
        first, second = (r[0] for r in c.sql("SELECT id FROM sources ORDER BY id").fetchall())
    own = tmp_path / "own.toml"
    own.write_text('name = "own"\n[stance.yes]\ndefinition = "Yes."\n[stance.no]\ndefinition = "No."\n')
    r = runner.invoke(app, ["scheme", "set", "--source", first, str(own), "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        got = schemes_for(c, [first, second])
        assert list(got) == [first, second]
        assert got == {first: scheme_for(c, first), second: scheme_for(c, second)}
        assert (got[first].name, got[second].name) == ("own", "social-work-leadership")
        assert schemes_for(c, []) == {}


def test_scheme_init_keeps_a_del_character_in_the_text(tmp_path):
    # JSON leaves DEL raw and TOML refuses it: the file voices had just written was "not valid TOML ... fix the file"
    out = tmp_path / "s.toml"
    res = runner.invoke(app, ["scheme", "init", "--proposition", "a\x7fb", "--stance", "a=x\x7f", "--stance", "b=y",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    scheme = load_scheme(out)
    assert (scheme.proposition, scheme.stances["a"].definition) == ("a\x7fb", "x\x7f")


@pytest.mark.parametrize(("args", "line"), [
    (["--proposition", "caf\udce9", "--stance", "a=x", "--stance", "b=y"],
     "--proposition: holds bytes that are not UTF-8 text; type it in a UTF-8 terminal"),
    (["--proposition", "p", "--stance", "a=caf\udce9", "--stance", "b=y"],
     "--stance: holds bytes that are not UTF-8 text; type it in a UTF-8 terminal"),
], ids=["proposition", "definition"])
def test_scheme_init_refuses_text_that_is_not_utf8_in_one_line(tmp_path, args, line):
    # a Latin-1 terminal's bytes reach Python as lone surrogates: writing the file raised UnicodeEncodeError, exit 1
    out = tmp_path / "s.toml"
    res = runner.invoke(app, ["scheme", "init", *args, "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [f"voices: error: {line}"]
    assert not out.exists()


def test_the_api_refuses_a_definition_that_is_not_utf8_naming_the_label(tmp_path):
    from voices.api import scheme_init
    from voices.errors import UsageError

    with pytest.raises(UsageError, match=r"^--stance 'a': holds bytes that are not UTF-8 text; type it in a UTF-8 "
                                         r"terminal$"):
        scheme_init("p", ["a=caf\udce9", "b=y"], tmp_path / "s.toml")
    assert not (tmp_path / "s.toml").exists()
