"""A source's title names no one in a redacted output, and stays as stored in an unredacted one.

A file called "Letter from Sarah Jones.jsonl", a page or a post titled with a commenter's
name: its title was shown verbatim as ``source_title`` and in report headings and tables.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from redacted_outputs import REDACTED, run
from report_fixtures import FakeStance, FakeThemes
from store_fixtures import make_corpus
from themes_fixtures import theme_records
from typer.testing import CliRunner

from voices.cli import app
from voices.redact import Redactor, redact_frame
from voices.schemas import Record, Source

runner = CliRunner()

NAMED = Source(title="Letter from Sarah Jones (sarah.jones@example.org)", kind="consultation")
SHOWN = "Letter from [PERSON] ([EMAIL])"
PLAIN = Source(title="Who should lead social work?", kind="thread", url="https://example.org/who-leads")
PRIVATE = ("sarah", "jones")  # the e-mail holds both


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Sixty answers under the named source (pay, caseload, ... texts), two comments under an ordinary one."""
    from voices.classify import classify_corpus

    records = [dataclasses.replace(r, source=NAMED) for r in theme_records()]
    records += [Record(PLAIN, "comment", "Directors must be social workers, and our pay is frozen.", "c1",
                       author="Sam", posted_at="2024-03-05T10:00:00"),
                Record(PLAIN, "comment", "A system leader need not be a social worker; pay them less.", "c2",
                       author="Kim", posted_at="2024-03-06T10:00:00")]
    path = make_corpus(tmp_path_factory.mktemp("titles") / "c.duckdb", records)
    classify_corpus(path, stance_model=FakeStance(), themes_model=FakeThemes())
    text = "\n".join(r.text for r in records).casefold()
    assert not any(p in text for p in PRIVATE), "only the title may name the person"
    return path


@pytest.mark.parametrize("name", list(REDACTED))
def test_a_redacted_output_shows_the_title_redacted(corpus, tmp_path, name):
    args, out, read = REDACTED[name]
    shown = run(corpus, tmp_path, args, out, read)
    plain = shown.replace("\\[", "[").replace("\\]", "]")  # Markdown escapes the brackets
    assert not [p for p in PRIVATE if p in plain.casefold()], name
    assert SHOWN in plain  # redacted as a text is, not dropped: the reader still sees which source
    assert PLAIN.title in plain  # a title naming no one comes through unchanged


def test_redacted_report_titles_in_every_place_the_report_shows_them(corpus, tmp_path):
    """The json report's default title, sources, per-source tables, quotes and theme shares by source."""
    data = json.loads(run(corpus, tmp_path, ["report", "--format", "json", "--redact"], None, None))
    assert data["title"] == f"{PLAIN.title} and {SHOWN}"
    assert sorted(s["source_title"] for s in data["sources"]) == [SHOWN, PLAIN.title]
    quoted = {q["source_title"] for qs in data["quotes"].values() for q in qs}
    assert quoted and quoted <= {SHOWN, PLAIN.title}
    blob = json.dumps(data["theme_evidence"], ensure_ascii=False)
    assert f'"key": "{SHOWN}"' in blob and f'"key": "{PLAIN.title}"' in blob


def test_themes_discover_names_no_source_title(corpus):
    """Discovery's shares are by source id, its exemplars redacted: the title never appears."""
    result = runner.invoke(app, ["themes", "discover", "--n", "4", "--json", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout)
    assert run["themes"] and not [p for p in PRIVATE if p in result.stdout.casefold()]
    assert any(NAMED.title not in json.dumps(t["shares"]) and t["shares"]["source"] for t in run["themes"])


def test_themes_discover_shows_a_named_sources_id_as_every_redacted_output_does(corpus):
    """Its shares were keyed by the plain id, a hash of "Letter from Sarah Jones": keyed with the secret now."""
    from voices.ids import source_id

    shown = runner.invoke(app, ["themes", "discover", "--n", "4", "--json", "--corpus", str(corpus)])
    plain = runner.invoke(app, ["themes", "discover", "--n", "4", "--json", "--no-redact", "--corpus", str(corpus)])
    assert shown.exit_code == 0 and plain.exit_code == 0, shown.output + plain.output
    assert source_id(NAMED) not in shown.stdout
    assert {k for t in json.loads(shown.stdout)["themes"] for k in t["shares"]["source"]} == {
        _keyed(corpus, NAMED), _keyed(corpus, PLAIN)}
    assert {k for t in json.loads(plain.stdout)["themes"] for k in t["shares"]["source"]} == {
        source_id(NAMED), source_id(PLAIN)}


def _keyed(corpus: Path, source: Source) -> str:
    from voices.ids import keyed_source_id, source_id
    from voices.store import Corpus
    from voices.store.secrets import redaction_key

    with Corpus.open(corpus, create=False) as c:
        return keyed_source_id(redaction_key(c), source_id(source))


UNREDACTED = {
    "corpus": ["corpus", "--json"],
    "export jsonl": ["export", "--format", "jsonl"],
    "report md --no-redact": ["report", "--format", "md", "--no-redact"],
}


@pytest.mark.parametrize("name", list(UNREDACTED))
def test_an_unredacted_output_keeps_the_title_as_stored(corpus, tmp_path, name):
    shown = run(corpus, tmp_path, UNREDACTED[name], None, None)
    assert NAMED.title in shown.replace("\\", "") and SHOWN not in shown.replace("\\", "")


def test_a_title_from_the_file_name_is_redacted(tmp_path):
    """No --source-title: the title comes from the file name, here a person's."""
    src = tmp_path / "Letter from Sarah Jones.jsonl"
    src.write_text(json.dumps({"text": "Leaders must know the work.", "author": "Sam"}) + "\n", encoding="utf-8")
    path = tmp_path / "c.duckdb"
    result = runner.invoke(app, ["ingest", str(src), "--corpus", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in run(path, tmp_path, ["export", "--format", "jsonl", "--redact"], None, None)
            .splitlines()]
    assert [r["source_title"] for r in rows] == ["Letter from [PERSON]"]
    rows = [json.loads(x) for x in run(path, tmp_path, ["export", "--format", "jsonl"], None, None).splitlines()]
    assert [r["source_title"] for r in rows] == ["Letter from Sarah Jones"]


def test_a_title_costs_one_redaction_per_output_not_one_per_row():
    import pandas as pd

    seen: list[str] = []

    def finder(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        seen.extend(texts)
        return [[(t.find("Sarah Jones"), t.find("Sarah Jones") + 11, "PERSON")] if "Sarah Jones" in t else []
                for t in texts]

    frame = pd.DataFrame({"id": [f"d{i}" for i in range(6)], "author": ["Sam"] * 6, "text": ["Fine."] * 6,
                          "source_title": ["Letter from Sarah Jones"] * 4 + ["Who should lead social work?"] * 2})
    redactor = Redactor(["Sam"], entities=finder)
    first = redact_frame(frame.iloc[:3], redactor)
    rest = redact_frame(frame.iloc[3:], redactor)
    assert list(first["source_title"]) + list(rest["source_title"]) == (
        ["Letter from [PERSON]"] * 4 + ["Who should lead social work?"] * 2)
    assert [t for t in seen if t != "Fine."] == ["Letter from Sarah Jones", "Who should lead social work?"]
    assert redactor.source_title("Letter from Sarah Jones") == "Letter from [PERSON]"
    assert redactor.source_title(None) is None and redactor.source_title(" ") == " "


@pytest.mark.parametrize("name", list(REDACTED))
def test_a_redacted_output_hides_the_id_its_named_title_hashes_to(corpus, tmp_path, name):
    """A source's id is a plain hash of its title: beside 'Letter from [PERSON]', the id of
    'Letter from Sarah Jones' let anyone with a list of names recompute it and confirm the name."""
    from voices.ids import source_id

    shown = run(corpus, tmp_path, *REDACTED[name])
    assert source_id(NAMED) not in shown, name


def test_a_redacted_report_keys_every_sources_id(corpus, tmp_path):
    from voices.ids import source_id

    named, plain = _keyed(corpus, NAMED), _keyed(corpus, PLAIN)
    data = json.loads(run(corpus, tmp_path, ["report", "--format", "json", "--redact"], None, None))
    assert {(s["source_id"], s["source_title"]) for s in data["sources"]} == {
        (named, SHOWN), (plain, PLAIN.title)}
    quoted = {(q["source_id"], q["source_title"]) for qs in data["quotes"].values() for q in qs}
    assert quoted and quoted <= {(named, SHOWN), (plain, PLAIN.title)}
    rows = [json.loads(x) for x in run(corpus, tmp_path, ["export", "--format", "jsonl"], None, None).splitlines()]
    assert {r["source_id"] for r in rows} == {source_id(NAMED), source_id(PLAIN)}  # unredacted: as stored


def test_a_file_name_whose_first_name_is_short_is_redacted_as_a_title():
    """'olu.bankole.feedback' and 'sam-okafor-letter' titled redacted outputs whole: a slug's two parts spelt
    a name only when both were four letters or more, to keep 'dropbox.com' and 'notes.txt'."""
    from voices.redact import Redactor

    r = Redactor(entities=lambda texts: [[] for _ in texts])
    titles = ["olu.bankole.feedback", "sam-okafor-letter", "dropbox.com", "notes.txt", "co-production", "nhs-england",
              "www.wordpress.com", "en.wikipedia.org"]  # a host's short first part is no first name
    assert list(r.source_titles(titles).values()) == [
        "[PERSON].feedback", "[PERSON]-letter", "dropbox.com", "notes.txt", "co-production", "nhs-england",
        "www.wordpress.com", "en.wikipedia.org"]


def test_a_file_name_joining_a_first_name_that_is_a_word_or_a_joined_name_is_redacted_as_a_title():
    """'tom-hollis-feedback.csv' ('tom' is an English word) and 'kwamemensah_response.txt' (one word) titled
    redacted outputs whole; file names of words that are also first names keep them."""
    from voices.redact import Redactor

    r = Redactor(entities=lambda texts: [[] for _ in texts])
    kept = ["will-power.csv", "mark-scheme.txt", "rose-garden.csv", "summary-2024.csv", "grace-period", "evalresults",
            "dataset.csv", "waitrose", "dianafund", "team-meeting-notes.docx", "jack.json"]
    titles = ["tom-hollis-feedback.csv", "kwamemensah_response.txt", "sam_okafor", "emmawatson", *kept]
    assert list(r.source_titles(titles).values()) == [
        "[PERSON]-feedback.csv", "[PERSON]_response.txt", "[PERSON]", "[PERSON]", *kept]
    # the rule is a title's: the same words in a text are read by the text's rules
    assert r.redact("the will-power of the team") == "the will-power of the team"


_NO_NER = {"entities": lambda texts: [[] for _ in texts]}
# A person's name in a file-name title: run together, parted, or framed as someone's answer
NAMED_FILES = {
    "chloebrown.docx": "[PERSON].docx",  # two listed names, no separator: "brown" is an English word
    "chloebrown-consultation.csv": "[PERSON]-consultation.csv",
    "ChloeBrown.docx": "[PERSON].docx",
    "chloe.brown.pdf": "[PERSON].pdf",
    "annabaker.docx": "[PERSON].docx",
    "priyapatel_notes.txt": "[PERSON]_notes.txt",
    "jameswood-2024.pdf": "[PERSON]-2024.pdf",
    "kwameasante_feedback.csv": "[PERSON]_feedback.csv",
    "jo-wilkins-response.txt": "[PERSON]-response.txt",  # a first name of two letters, on no list
    "jo-wilkins.txt": "[PERSON].txt",
    "di-marsh-reply.txt": "[PERSON]-reply.txt",
    "chloe-brown-letter.pdf": "[PERSON]-letter.pdf",
    "mark-brown-response.txt": "[PERSON]-response.txt",  # both words, framed as an answer
    "ed-okonkwo-answers.csv": "[PERSON]-answers.csv",
    "olubankole_answers.csv": "[PERSON]_answers.csv",  # a name on no list, framed as an answer
    "olubankole answers": "[PERSON] answers",  # the title a consultation file of that name gets
    "babajide-submission.docx": "[PERSON]-submission.docx",
    "tendai_consultation.xlsx": "[PERSON]_consultation.xlsx",
    "rhodri_response.csv": "[PERSON]_response.csv",
    "harry_statement.pdf": "[PERSON]_statement.pdf",
    "Eilidh-feedback.docx": "[PERSON]-feedback.docx",
    "final-ngozi-interview.txt": "final-[PERSON]-interview.txt",
}
# File names of ordinary words, compounds that start with a name, places, peoples, tools and acronyms
PLAIN_FILES = """elizabethan-poor-law.txt santander-branch-closures.csv marketingplan.xlsx markdown-notes.md
    willpower-survey.csv victorian-workhouses.txt patrickstown-depot.csv jackpot-results.csv kenyan-responses.csv
    rosegarden-plan.pdf redacted-responses.csv stakeholder-feedback.xlsx senco-feedback.docx NHS-consultation.csv
    devnull.txt haldane-report.pdf carolina-survey-results.csv summer-consultation.csv anonymized-answers.csv
    webform-responses.csv billboard-campaign.csv markscheme.docx jobcentre-feedback.csv eventbrite-responses.csv
    qualtrics-responses.csv MacArthur-report.pdf""".split() + ["Nuffield response to the consultation"]


# Names in the other orders a consultation upload's file name writes them: surname first, an initial, a date or
# an answer word after two words that are both English, spaced as a consultation's title writes "_", "O'" and "Mc"
NAMED_FILES.update({
    "SMITH_John_2024": "[PERSON]_2024",
    "SMITH John 2024": "[PERSON] 2024",  # the title of "SMITH_John_2024.csv"
    "Okafor_Kemi": "[PERSON]",
    "khan_ahmed": "[PERSON]",
    "smith_john_2024": "[PERSON]_2024",
    "john smith 2024": "[PERSON] 2024",
    "john-smith-2024-03-01": "[PERSON]-2024-03-01",
    "priya patel final": "[PERSON] final",
    "jsmith-feedback.csv": "[PERSON]-feedback.csv",
    "jsmith": "[PERSON]",
    "j.smith-feedback": "[PERSON]-feedback",
    "J_Smith_response": "[PERSON]_response",
    "JSmith_response": "[PERSON]_response",
    "smith-j-response": "[PERSON]-response",
    "patel_p_012": "[PERSON]_012",
    "Response from J Smith.docx": "Response from [PERSON].docx",
    "mary_o'neill_response": "[PERSON]_response",
    "o'brien_feedback": "[PERSON]_feedback",
    "McDonald_response": "[PERSON]_response",
    "Priya-Patel_v2_FINAL": "[PERSON]_v2_FINAL",  # "v2" is a version, no initial
    "Smith, John - response": "[PERSON] - response",  # a list's order
    "Smith, J": "[PERSON]",
    "Brown, Mary response": "[PERSON] response",
    "Letter (J Smith)": "Letter ([PERSON])",
    "Mr J Smith": "Mr [PERSON]",
})
PLAIN_FILES += """a-level-results.csv x-ray-feedback.csv e-learning-feedback.csv plan_b part_b_responses annex_a v2-responses
    q3-report bradford_response young_people_2024 green_paper_response white-paper-2024 mark-scheme-2024
    policy-review.docx london-borough-response.csv sector-feedback.txt workforce-survey nhs-england-submission
    team_meeting_2024 grace-period-response""".split() + ["Leeds response", "Phase 2 report", "Q1 2024", "Plan B",
    "Leeds, Bradford and Wakefield response", "Part A, B", "Health, Care and Housing", "Bath, Bristol response",
    "Plan B Green", "Annex B Hill", "Vitamin D Day", "Schedule C Banks"]  # a heading's letter, no initial


@pytest.mark.parametrize(("title", "shown"), NAMED_FILES.items())
def test_a_name_joined_parted_or_framed_in_a_file_name_title_is_hidden(title, shown):
    """'chloebrown' ('brown' is a word), 'jo-wilkins' ('jo' is on no list) and 'olubankole_answers' (a name
    on no list) titled redacted outputs whole."""
    assert Redactor(**_NO_NER).source_title(title) == shown


@pytest.mark.parametrize("title", PLAIN_FILES)
def test_a_file_name_title_that_names_no_one_is_shown_whole(title):
    """'elizabethan' ('eliza' and 'bethan', or 'elizabet' and 'han'), 'santander' and 'marketingplan.xlsx'
    ('xlsx' read as a second name) came out as '[PERSON]'."""
    assert Redactor(**_NO_NER).source_title(title) == title


def test_file_names_naming_people_are_hidden_in_every_redacted_output(tmp_path):
    """Through the CLI: a consultation file's title is its name ("_" read as a space), and a redacted export
    hides the names in it and nothing else."""
    corpus, names = tmp_path / "c.duckdb", ["chloebrown-consultation", "jo-wilkins-response", "olubankole_answers",
                                            "elizabethan-poor-law", "santander-branch-closures", "marketingplan"]
    for i, name in enumerate(names):
        (tmp_path / f"{name}.csv").write_text(f'id,response\n1,"Our caseloads in team {i} are too high."\n')
        result = runner.invoke(app, ["ingest", str(tmp_path / f"{name}.csv"), "--corpus", str(corpus)])
        assert result.exit_code == 0, result.output
    stored = run(corpus, tmp_path, ["export", "--format", "jsonl"], None, None).splitlines()
    assert sorted(json.loads(r)["source_title"] for r in stored) == sorted([*names[:2], "olubankole answers", *names[3:]])
    rows = run(corpus, tmp_path, ["export", "--format", "jsonl", "--redact"], None, None).splitlines()
    assert sorted(json.loads(r)["source_title"] for r in rows) == [
        "[PERSON] answers", "[PERSON]-consultation", "[PERSON]-response", "elizabethan-poor-law", "marketingplan",
        "santander-branch-closures"]
