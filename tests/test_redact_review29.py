"""Leaks today's safety review found in redacted outputs, each shown through the CLI on the output's bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from redacted_outputs import REDACTED, run
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()


def _ingest(tmp_path: Path, files: dict[str, list[dict]]) -> Path:
    corpus = tmp_path / "c.duckdb"
    paths = []
    for name, rows in files.items():
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(app, ["ingest", *paths, "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return corpus


def _export(corpus: Path, fmt: str = "jsonl") -> str:
    result = runner.invoke(app, ["export", "--format", fmt, "--redact", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_profile_url_on_any_site_is_hidden_whole_and_its_scheme_is_no_name(tmp_path):
    text = ("See https://www.communitycare.co.uk/profile/kemi-okafor/ and /profile/kemi-okafor for more. "
            "Ask https://example.org/author/jdoe84. Or https://example.org/users/login at https://www.gov.uk/x.")
    corpus = _ingest(tmp_path, {"t.jsonl": [{"id": "m1", "text": text, "author": "Ira"}]})
    out = _export(corpus)
    assert "okafor" not in out.casefold() and "jdoe84" not in out
    assert "[PERSON]" not in out  # "https" was read as a name: "[PERSON]://www..."
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["text"] == ("See [PROFILE] and [PROFILE] for more. Ask [PROFILE]. "
                           "Or https://example.org/users/login at https://www.gov.uk/x.")


def test_a_title_made_from_a_file_name_names_no_author_and_no_name_the_texts_hold(tmp_path):
    """With author "Kemi Okafor", "kemi-okafor-response" was the title as it stood; "_" and CamelCase too."""
    rows = [{"id": "m1", "text": "Registration keeps leaders close to practice.", "author": "Kemi Okafor"},
            {"id": "m2", "text": "I spoke to Tunde Bello about pay.", "author": "Ira"}]
    files = {f"{stem}.jsonl": [{**r, "id": f"{stem}-{r['id']}", "text": f"{r['text']} ({n})"} for r in rows]
             for n, stem in enumerate(["kemi-okafor-response", "kemi_okafor_response", "KemiOkafor", "kemi.okafor"])}
    files["zz-tunde_bello.notes.jsonl"] = [{"id": "t1", "text": "Caseloads are too high.", "author": "Ira"}]
    out = _export(_ingest(tmp_path, files), "csv")
    assert "okafor" not in out.casefold() and "bello" not in out.casefold()
    titles = {line.split(",")[2] for line in out.splitlines()[1:]}
    assert titles == {"[PERSON]-response", "[PERSON]_response", "[PERSON]", "zz-[PERSON].notes"}


def test_a_report_shows_no_name_a_file_name_spells(tmp_path):
    """A report redacts only the texts it quotes, so "tunde.bello.notes" is hidden as two names in a row."""
    from report_fixtures import FakeStance, FakeThemes

    from voices.classify import classify_corpus

    rows = [{"id": "t1", "text": "Caseloads are too high and pay is frozen.", "author": "Ira"}]
    corpus = _ingest(tmp_path, {"tunde.bello.notes.jsonl": rows, "who-should-lead-social-work.jsonl":
                                [{**rows[0], "id": "t2", "author": "Kim"}]})
    classify_corpus(corpus, stance_model=FakeStance(), themes_model=FakeThemes())
    result = runner.invoke(app, ["report", "--format", "json", "--redact", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "bello" not in result.stdout.casefold()
    titles = {s["source_title"] for s in json.loads(result.stdout)["sources"]}
    assert titles == {"[PERSON].notes", "who-should-lead-social-work"}


EXPORTS = [name for name in REDACTED if name.startswith("export")]


@pytest.mark.parametrize("name", EXPORTS)
def test_a_redacted_export_redacts_a_typed_respondent_type_and_closed_answer(tmp_path, name):
    """The report redacted them since safe29; ``export --redact`` wrote them as typed, in every format."""
    from report_fixtures import CONSULT, QUESTION
    from store_fixtures import make_corpus

    from voices.schemas import Record

    def answer(resp, text, rtype, closed):
        return Record(CONSULT, "consultation_answer", text, f"{resp}:Q1", native_id=f"{resp}:Q1", question_id="Q1",
                      question=QUESTION, respondent_id=resp, respondent_type=rtype, closed_answer=closed)

    corpus = make_corpus(tmp_path / "c.duckdb", [
        answer("R1", "Leaders must be social workers.", "Individual (Bernard Ivel, 07700 900463)", "Agree"),
        answer("R2", "A director is a system leader.", "Individual", "Other: speak to Ottoline Quarrie")])
    args, out, read = REDACTED[name]
    shown = run(corpus, tmp_path, args, out, read)
    assert not [w for w in ("Bernard", "Ivel", "900463", "Ottoline", "Quarrie") if w in shown], name
    if name in ("export csv", "export jsonl"):
        assert "Individual ([PERSON], [PHONE])" in shown and "Other: speak to [PERSON]" in shown


_UNNUMBERED = """Respondent ID,Are you responding as an individual or an organisation?,Should directors be registered?,\
Please explain your answer.,Any comments on Dr Oswin Pellow's proposal?
A1,Individual,Agree,Registration keeps leaders close to practice.,It would cut caseloads for social workers.
A2,Individual,Disagree,Directors lead whole systems and need different skills.,Pay matters more than titles here.
"""
# "q" + sha256 of the header "any comments on dr oswin pellow's proposal?": the id a guess could be checked against
_HASHED = "2cb15b45"


@pytest.fixture(scope="module")
def unnumbered(tmp_path_factory) -> Path:
    from report_fixtures import FakeStance, FakeThemes

    from voices.classify import classify_corpus

    folder = tmp_path_factory.mktemp("unnumbered")
    (folder / "consult.csv").write_text(_UNNUMBERED, encoding="utf-8")
    corpus = folder / "c.duckdb"
    result = runner.invoke(app, ["ingest", str(folder / "consult.csv"), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    classify_corpus(corpus, stance_model=FakeStance(), themes_model=FakeThemes())
    return corpus


@pytest.mark.parametrize("name", [n for n in REDACTED if not n.startswith("quotes")])
def test_a_hashed_question_id_is_question_n_beside_its_redacted_question(unnumbered, tmp_path, name):
    args, out, read = REDACTED[name]
    shown = run(unnumbered, tmp_path, args, out, read)
    assert _HASHED not in shown and "Pellow" not in shown, name
    if name in ("export jsonl", "report csv", "report json"):
        assert "question 1" in shown, name


def test_a_redacted_export_keeps_the_id_of_a_question_shown_as_it_is(unnumbered):
    rows = [json.loads(line) for line in _export(unnumbered).splitlines()]
    ids = {r["question"]: r["question_id"] for r in rows}
    assert ids == {"Should directors be registered? Please explain your answer.": "qbd5b022a",
                   "Any comments on Dr [PERSON]'s proposal?": "question 1"}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_deleted_authors_name_stays_hidden_in_others_texts_and_is_stored_nowhere(tmp_path, fmt):
    """``delete`` took "Zed Mulcahy" off the redactor's author list: "ZED never listened" named him after it."""
    from voices.store import Corpus

    corpus = _ingest(tmp_path, {
        "thread-a.jsonl": [{"id": "a1", "text": "Supervision kept me in the job.", "author": "Zed Mulcahy"}],
        "thread-b.jsonl": [{"id": "b1", "text": "Zed never listened. ZED never listened to anyone either.",
                            "author": "Ira"}]})
    with Corpus.open(corpus) as c:
        (source_a,) = [s for s, t in c.sql("SELECT id, title FROM sources").fetchall() if t == "thread-a"]
    result = runner.invoke(app, ["delete", "--source", source_a, "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    out = _export(corpus, fmt)
    assert "zed" not in out.casefold() and "mulcahy" not in out.casefold()
    assert "[PERSON] never listened. [PERSON] never listened to anyone either." in out
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("c.duckdb*"))
    assert b"mulcahy" not in stored.lower()  # erasure stays real: only keyed digests of the name are kept
    with Corpus.open(corpus) as c:
        digests = [d for (d,) in c.sql("SELECT digest FROM erased_names").fetchall()]
    assert len(digests) == 3 and all(len(d) == 64 and int(d, 16) >= 0 for d in digests)  # full name, Zed, Mulcahy


def test_a_name_ner_finds_in_a_text_is_hidden_in_a_slug_and_a_place_or_body_is_not():
    from voices.redact import Redactor

    text = "I read Community Care and the West Sussex report by Kemi Okafor."
    ents = [(7, 21, "ORG"), (30, 41, "GPE"), (52, 63, "GPE")]  # the small pipeline calls some names places
    r = Redactor(entities=lambda ts: [ents if t == text else [] for t in ts])
    r.prefetch([("d1", text)])
    assert r.source_titles(["community-care-comments", "west-sussex-consultation", "kemi-okafor-notes"]) == {
        "community-care-comments": "community-care-comments", "west-sussex-consultation": "west-sussex-consultation",
        "kemi-okafor-notes": "[PERSON]-notes"}


def test_a_blog_a_host_names_after_its_writer_is_a_profile(tmp_path):
    """A profile URL on any site was hidden, but "kemiokafor.wordpress.com" (the writer's name as the host
    gives it) reached a redacted export whole; the hosts' own pages stay."""
    text = ("My blog https://kemiokafor.wordpress.com/about says more; so do jdoe84.github.io and "
            "kemi.substack.com/p/why-i-left, then. Sign up at https://wordpress.com/start or www.wordpress.com.")
    corpus = _ingest(tmp_path, {"t.jsonl": [{"id": "m1", "text": text, "author": "Ira"}]})
    (row,) = [json.loads(line) for line in _export(corpus).splitlines()]
    assert row["text"] == ("My blog [PROFILE] says more; so do [PROFILE] and [PROFILE], then. "
                           "Sign up at https://wordpress.com/start or www.wordpress.com.")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_site_whose_host_spells_a_commenters_name_is_a_profile(tmp_path, fmt):
    """A commenter linking their own site ("https://ottiliebrackenbury.com/about-me") kept it whole in a
    redacted export: a URL's host is never read as a name, so the name hidden as the author stood in the link.
    The whole URL is now a profile when its host holds a name the output knows; other sites' links stay."""
    text = ("Directors should be registered. More at https://ottiliebrackenbury.com/about-me, "
            "at www.ottilie-brackenbury.co.uk and at https://www.communitycare.co.uk/2024/registration.")
    corpus = _ingest(tmp_path, {"t.jsonl": [{"id": "m1", "text": text, "author": "Ottilie Brackenbury"}]})
    out = _export(corpus, fmt)
    assert "brackenbury" not in out.casefold() and "ottilie" not in out.casefold()
    if fmt == "jsonl":
        (row,) = [json.loads(line) for line in out.splitlines()]
        assert row["text"] == ("Directors should be registered. More at [PROFILE], at [PROFILE] and at "
                               "https://www.communitycare.co.uk/2024/registration.")
