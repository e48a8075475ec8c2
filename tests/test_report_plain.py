"""The report in plain language: the proposition and definitions from the corpus's scheme,
readable names instead of ids, reader-facing dates, a title, plain methods, questions in full."""

from __future__ import annotations

import copy
import json
import re

import pytest
from report_fixtures import FakeStance, classified_corpus

from voices.models.scheme import load_scheme
from voices.report import build_report, render
from voices.report._format import day, first_sentence
from voices.report.about import default_title, plain_figures
from voices.report.accuracy import NEXT_STEP
from voices.store import Corpus

ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
OWN = """name = "our-debate"
proposition = "Whether directors of children's services must hold a social work qualification"
[stance.social_work_leaders]
title = "Must be a social worker"
definition = "The director must be a qualified social worker. Anything else is second best."
[stance.system_leaders]
definition = "Any strong leader can do the job."
[stance.practice_connected]
title = "Close to practice"
definition = "What counts is time with practitioners."
[stance.none]
title = "Says nothing on it"
definition = "No view on the qualification."
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return classified_corpus(tmp_path_factory.mktemp("plain") / "c.duckdb")


@pytest.fixture(scope="module")
def shipped(corpus):
    return build_report(corpus, stance_model=FakeStance(), generated="2025-06-01")


@pytest.mark.parametrize("fmt", ["md", "html", "table"])
def test_the_report_states_the_proposition_and_each_stance_from_the_shipped_scheme(shipped, fmt):
    scheme = load_scheme("social-work-leadership")
    text = render(shipped, fmt)
    flat = " ".join(text.replace("&#x27;", "'").replace("│", " ").split())
    assert " ".join(scheme.proposition.split()) in flat
    for label in scheme.stances.values():
        assert label.title and label.title in flat
        assert first_sentence(label.definition) in flat
    assert flat.index(scheme.proposition.split()[0]) < flat.index("95%")  # definitions come first


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_corpus_with_its_own_scheme_is_described_by_it(corpus, tmp_path, fmt):
    own = tmp_path / "own.duckdb"
    own.write_bytes(corpus.read_bytes())
    with Corpus.open(own, write=True) as c:
        c.sql("INSERT INTO settings VALUES ('scheme', ?)", [json.dumps(OWN)])
    report = build_report(own, stance_model=FakeStance(), generated="2025-06-01")
    text = render(report, fmt).replace("&#x27;", "'")
    assert "Whether directors of children's services must hold a social work qualification" in text
    assert "The director must be a qualified social worker." in text and "second best" not in text
    assert "Any strong leader can do the job." in text
    # the title where the scheme gives one, the id as words where it does not
    assert "Must be a social worker" in text and "System leaders" in text and "Says nothing on it" in text
    assert "Social workers lead" not in text  # the shipped scheme's names are not used
    assert report.scheme.name == "our-debate"


def test_ids_stay_in_json_and_csv_while_readers_see_names(shipped):
    data = json.loads(render(shipped, "json"))
    assert data["stance_labels"] == ["social_work_leaders", "system_leaders", "practice_connected", "none"]
    assert [s["id"] for s in data["scheme"]["stances"]] == data["stance_labels"]
    assert data["scheme"]["stances"][0]["name"] == "Social workers lead"
    assert "social_work_leaders" in render(shipped, "csv")
    md = render(shipped, "md")
    assert "### Social workers lead" in md and "| Social workers lead | 5 |" in md
    html = render(shipped, "html")
    assert "<h3>Social workers lead</h3>" in html
    assert ">social_work_leaders<" not in html.replace("<code>social_work_leaders</code>", "")  # only in the label help


@pytest.mark.parametrize("fmt", ["md", "html", "table"])
def test_dates_are_written_for_readers_and_quotes_show_no_confidence(shipped, fmt):
    text = render(shipped, fmt)
    assert not ISO_TIMESTAMP.search(text)
    assert "3 Jan 2024" in text and "1 Jun 2025" in text
    quotes = text.split("Representative quotes", 2)[-1].split("Thread dynamics", 1)[0]
    assert "Directors must be" in quotes
    assert "confidence" not in quotes.lower() and "0.90" not in quotes
    assert "confidence" in text.split("For review", 1)[1].lower()  # the review list keeps it


@pytest.mark.parametrize(("value", "shown"), [
    ("2024-03-04T11:20:20", "4 Mar 2024"), ("2024-12-25", "25 Dec 2024"), ("2024-11", "Nov 2024"),
    (None, "undated"), ("", "undated"), ("last Tuesday", "last Tuesday"), ("2024-13-01", "2024-13-01"),
])
def test_day(value, shown):
    assert day(value) == shown


@pytest.mark.parametrize(("titles", "title"), [
    (["Thread A"], "Thread A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C"),
    (["A", "B", "C", "D"], "4 sources"), (["None"], "1 source"),
])
def test_default_title(titles, title):
    assert default_title(titles) == title


def test_the_title_option_and_the_default(corpus, shipped):
    assert shipped.title == "Should directors be social workers? and Leadership consultation 2024"
    given = build_report(corpus, stance_model=FakeStance(), title="Who should lead? Responses to March 2024")
    assert render(given, "md").startswith("# Who should lead? Responses to March 2024\n")


def test_methods_in_plain_words_with_the_figures_in_an_appendix(shipped):
    md = render(shipped, "md")
    plain, appendix = md.split("## How this report was made", 1)[1].split("## Appendix: technical details", 1)
    assert "macro" not in plain and "covered_accuracy" not in plain and "fake-stance" not in plain
    assert "Accuracy has not been checked on these texts: it comes from other texts" in plain
    assert ("Cross-validated on its training texts (each scored by a model fitted without it; AI-written and "
            "labelled by their AI writers, not by people), it gave the labelled stance 81% of the time") in plain
    assert "a person would" not in plain  # the shipped texts' labels are their AI writers', not a person's
    assert f"`{NEXT_STEP}`" in plain
    assert "macro\\_f1 0.790" in appendix and "`fake-stance-1`" in appendix


def test_methods_state_the_real_writing_figures_from_the_model_card(shipped):
    meta = {"cv": {"accuracy": {"value": 0.8676, "ci95": [0.85, 0.88]}, "n": 3384},
            "real_writing": {"n": 120, "label": "dev", "stance": {
                "accuracy": {"value": 0.7167, "ci95": [0.64, 0.8]}, "stance_correct": 4, "stance_total": 10,
                "none_given_stance": 28, "none_total": 110}}}
    figures = plain_figures(meta, "stance")
    assert figures == {"tested_accuracy": 0.8676, "tested_n": 3384, "origin": "shipped", "own_labels": None,
                       "real_writing": {"n": 120, "label": "dev", "accuracy": 0.7167, "stance_correct": 4,
                                        "stance_total": 10, "none_given_stance": 28, "none_total": 110}}
    report = copy.deepcopy(shipped)
    vars(report.methods.models[0]).update(figures, training_n=3384)
    text = render(report, "html").replace("&#x27;", "'")
    assert "A statistical model trained on 3384 AI-written example texts (not these) read each text" in text
    assert ("Cross-validated on its 3384 training texts (each scored by a model fitted without it; AI-written and "
            "labelled by their AI writers, not by people), it gave the labelled stance 87% of the time; on 120 "
            "texts by real people it agreed with a person 72% of the time, but most of those take no position: of "
            "the 10 that did, it found the right stance in 4, and it gave a stance to 28 of the 110 that took "
            "none, so read the stance shares as an upper bound on how many take a side.") in text
    assert "<code>voices sample --validation 100</code>" in text


def test_methods_of_a_model_adapted_with_your_labels_say_whose_labels_scored_it(shipped):
    """`train --corpus`: its cv is scored on the user's labels (texts that may be these), not on AI-written ones."""
    meta = {"cv": {"accuracy": {"value": 0.794, "ci95": [0.65, 0.91]}, "n": 34},
            "training_data": {"n": 3418, "origin": "shipped"}, "real_writing": None,
            "adaptation": {"weight": 1, "user_labels": {"n": 34, "counts": {"none": 22}}}}
    figures = plain_figures(meta, "stance")
    assert (figures["origin"], figures["own_labels"], figures["tested_n"]) == ("shipped", 34, 34)
    report = copy.deepcopy(shipped)
    vars(report.methods.models[0]).update(figures, training_n=3418)
    md = render(report, "md")
    plain, appendix = md.split("## How this report was made", 1)[1].split("## Appendix: technical details", 1)
    plain = " ".join(plain.split())
    # whose the other texts are: it said "3418 labelled texts (34 of them labelled by you)", hiding that 3384 of
    # them were AI-written
    assert ("A statistical model trained on 3418 labelled texts: 34 labelled by you and 3384 AI-written examples "
            "(not these) read each text") in plain
    accuracy = ("Accuracy has not been checked on a random sample of these texts. Scored on your 34 labels, each by "
                "a model fitted without it, it gave your stance 79% of the time. To check it here")
    assert accuracy in plain
    assert plain.count("AI-written") == 1  # the training texts; the accuracy was scored on your labels
    stance_model = appendix.split("- **themes model**", 1)[0]
    assert "  - cross-validated, scored on your 34 labels only: accuracy 0.810" in stance_model  # the fake's cv
    assert "AI-written" not in stance_model.split("another writer")[0]


def _methods_of(shipped, origin: str, n: int, accuracy: float) -> str:
    """The md report, flattened, with the stance model's meta saying who wrote its ``n`` training texts."""
    figures = plain_figures({"cv": {"accuracy": accuracy, "n": n}, "training_data": {"n": n, "origin": origin}},
                            "stance")
    report = copy.deepcopy(shipped)
    vars(report.methods.models[0]).update(figures, training_n=n)
    return " ".join(render(report, "md").split())


@pytest.mark.parametrize(("origin", "n", "words"), [
    ("mixed", 3500, "3500 labelled texts: 34 labelled by you and 3466 from your files and the shipped AI-written ones"),
    ("yours", 234, "234 labelled texts: 34 labelled by you and 200 from your files"),
    ("shipped", 34, "34 texts labelled by you"),
])
def test_methods_of_an_adapted_model_say_whose_its_other_texts_are(shipped, origin, n, words):
    meta = {"cv": {"accuracy": 0.8, "n": 34}, "training_data": {"n": n, "origin": origin},
            "adaptation": {"weight": 1, "user_labels": {"n": 34, "counts": {"none": 34}}}}
    report = copy.deepcopy(shipped)
    vars(report.methods.models[0]).update(plain_figures(meta, "stance"), training_n=n)
    md = " ".join(render(report, "md").split())
    assert f"A statistical model trained on {words} read each text" in md


def test_methods_of_a_model_trained_on_your_files_and_the_shipped_ones_say_both(shipped):
    md = _methods_of(shipped, "mixed", 3500, 0.85)
    assert "A statistical model trained on 3500 labelled texts, from your files and the shipped AI-written ones" in md
    assert ("Cross-validated on its 3500 training texts (your files and the shipped AI-written ones), it gave the "
            "labelled stance 85% of the time") in md and "labelled by their AI writers" not in md


def test_methods_of_a_model_trained_on_your_files_do_not_call_them_ai_written(shipped):
    md = _methods_of(shipped, "yours", 200, 0.9)
    assert "A statistical model trained on 200 labelled texts from your files read each text" in md
    assert ("Cross-validated on your 200 labelled texts, it gave their labelled stance 90% of the time; it has not "
            "been measured on real people's writing.") in md
    stance_model = md.split("**stance model**", 1)[1].split("**themes model**", 1)[0]
    assert "cross-validated on its training texts (your files): accuracy 0.810" in stance_model
    assert "AI-written" not in stance_model and "AI-written" not in md.split("## Appendix")[0]


def test_each_consultation_question_has_its_section_with_the_full_text(shipped):
    c = shipped.consultation
    assert [q.text for q in c.questions] == ["Should the director of children's services be a registered social worker?"]
    q = c.questions[0]
    assert (q.key, q.n, [x.count for x in q.rows]) == ("Q1", 4, [2, 2, 0, 0])
    md = render(shipped, "md")
    assert "### Question 1\n\n> Should the director of children's services be a registered social worker?" in md
    html = render(shipped, "html").replace("&#x27;", "'")
    assert ('<h3 id="question-1">Question 1</h3><p class="question">Should the director of children\'s services '
            "be a registered social worker?</p>") in html


def test_the_headline_says_it_pools_every_question(shipped):
    from voices.report.data import QuestionShares

    assert "pool" not in render(shipped, "md")  # one question: nothing is mixed
    report = copy.deepcopy(shipped)
    first = report.consultation.questions[0]
    report.consultation.questions.append(QuestionShares("Q2", "What else should change?", 0, 0, first.rows))
    md = render(report, "md")
    stance = md.split("## Stance", 1)[1].split("##", 1)[0]
    assert "These shares pool the free-text answers to both consultation questions" in stance
    assert "### Question 2\n\n> What else should change?" in md


def test_the_pooling_note_names_the_other_sources_when_the_headline_counts_them_too(shipped):
    """The fixture's headline counts a thread's comments beside the consultation's answers."""
    from voices.report._format import pooled_note
    from voices.report.data import QuestionShares

    report = copy.deepcopy(shipped)
    c = report.consultation
    c.questions.append(QuestionShares("Q2", "What else should change?", 0, 0, c.questions[0].rows))
    assert report.overall.n + report.overall.uncertain > c.answers  # comments of the thread too
    assert pooled_note(report) == ("These shares pool the free-text answers to both consultation questions and "
                                   "the texts of the other sources; each question's own shares are under "
                                   "Consultation.")
    report.overall.n, report.overall.uncertain = c.answers, 0  # a consultation alone
    assert pooled_note(report) == ("These shares pool the free-text answers to both consultation questions; "
                                   "each question's own shares are under Consultation.")  # not "all 2"
    c.questions.append(QuestionShares("Q3", "Anything else?", 0, 0, c.questions[0].rows))
    assert pooled_note(report) == ("These shares pool the free-text answers to all 3 consultation questions; "
                                   "each question's own shares are under Consultation.")


def test_cli_title_option(corpus, tmp_path):
    from typer.testing import CliRunner

    from voices.cli import app

    out = tmp_path / "r.md"
    result = CliRunner().invoke(app, ["report", "--corpus", str(corpus), "--format", "md", "--out", str(out),
                                      "--title", "Leadership: what practitioners say"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Leadership: what practitioners say\n")


@pytest.mark.parametrize("title", ["", "   "])
def test_cli_empty_title_is_refused(corpus, tmp_path, title):
    """--title '' fell back to the default and --title '  ' gave a report headed '# ', both exit 0."""
    from typer.testing import CliRunner

    from voices.cli import app

    out = tmp_path / "r.md"
    result = CliRunner().invoke(app, ["report", "--corpus", str(corpus), "--format", "md", "--out", str(out),
                                      "--title", title])
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr == ("voices: error: --title is empty: give the report's title, or leave --title out for "
                             "the sources' titles\n")


def test_a_question_section_holds_its_closed_answer_table(shipped):
    md = render(shipped, "md")
    section = md.split("### Question 1", 1)[1].split("**Stance by respondent type**", 1)[0]
    assert "**Question 1: closed answer ticked vs stance of the free text**" in section
    assert "| Strongly agree | 1 | 0 | 0 | 0 | 0 |" in section
    assert "**Stance by question**" not in md  # each question's section has those figures
    assert [t.question_key for t in shipped.consultation.closed_vs_stance] == ["Q1"]


def test_the_csv_and_json_carry_each_questions_shares(shipped):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(render(shipped, "csv").lstrip("\ufeff"))))
    q1 = {(x["stance"], x["measure"]): x["value"] for x in rows if x["table"] == "question_shares" and x["scope"] == "Q1"}
    assert q1[("social_work_leaders", "count")] == "2" and q1[("social_work_leaders", "share")] == "0.5"
    assert q1[("", "n")] == "4" and q1[("", "uncertain")] == "0"
    data = json.loads(render(shipped, "json"))
    assert data["consultation"]["questions"][0]["text"].startswith("Should the director of children's services")


def test_the_review_list_says_which_ids_the_label_command_takes(shipped):
    md = render(shipped, "md")
    assert ("`voices label DOC_ID --stance LABEL`, where LABEL is one of `social_work_leaders` (Social workers lead), "
            "`system_leaders` (Any background can lead)") in md
    assert "<code>practice_connected</code> (Stay close to practice)" in render(shipped, "html")


def test_a_scheme_label_title_is_optional_and_must_be_text():
    from voices.errors import InputError
    from voices.models.scheme import parse_scheme

    scheme = parse_scheme(OWN, "own.toml")
    assert [d.title for d in scheme.stances.values()] == ["Must be a social worker", "", "Close to practice",
                                                         "Says nothing on it"]
    with pytest.raises(InputError, match=r"bad.toml: \[stance.yes\] title must be a string"):
        parse_scheme('name = "x"\n[stance.yes]\ndefinition = "y"\ntitle = 3\n', "bad.toml")


def test_the_review_help_lists_every_stance_voices_label_takes_not_only_those_seen(shipped):
    """A corpus labelled by people alone (no model) had seen one stance, and the help offered only that one."""
    from voices.report._format import label_help

    report = copy.deepcopy(shipped)
    report.stance_labels = ["social_work_leaders"]
    assert label_help(report) == (
        "Correct any of these with `voices label DOC_ID --stance LABEL`, where LABEL is one of `social_work_leaders` "
        "(Social workers lead), `system_leaders` (Any background can lead), `practice_connected` (Stay close to "
        "practice), `none` (No position).")
    report.scheme = None  # no scheme describes the stances: the report's own labels are all there is
    assert label_help(report).endswith("where LABEL is one of `social_work_leaders` (Social work leaders).")


def test_methods_name_the_themes_model_apart_when_it_learnt_from_other_texts(shipped):
    """`classify --stance-model` with a model adapted on your labels keeps the shipped themes model, and the
    report said one model "trained on ... 34 labelled by you and 3384 AI-written examples" gave stance and themes."""
    meta = {"cv": {"accuracy": 0.8, "n": 34}, "training_data": {"n": 3418, "origin": "shipped"},
            "adaptation": {"weight": 1, "user_labels": {"n": 34, "counts": {"none": 34}}}}
    report = copy.deepcopy(shipped)
    vars(report.methods.models[0]).update(plain_figures(meta, "stance"), training_n=3418, abstain_threshold=0.49)
    themes = next(m for m in report.methods.models if m.task == "themes")
    vars(themes).update(training_n=3587, origin="shipped", own_labels=None)  # the shipped themes model's meta
    md = " ".join(render(report, "md").split())
    assert ("A statistical model trained on 3418 labelled texts: 34 labelled by you and 3384 AI-written examples (not "
            "these) read each text and gave it one stance; another model, trained on 3587 AI-written example texts "
            "(not these), gave it any themes. When the stance model was less than 49% sure, the text is counted as "
            "uncertain and left out of the shares.") in md
    plain = md.split("How this report was made", 1)[1].split("Appendix: technical details", 1)[0]
    assert plain.count("AI-written") == 2  # the stance model's other texts, and the themes model's
    vars(themes).update(training_n=3418, own_labels=34)  # both adapted on the same labels: one sentence
    md = " ".join(render(report, "md").split())
    assert ("A statistical model trained on 3418 labelled texts: 34 labelled by you and 3384 AI-written examples (not "
            "these) read each text and gave it one stance and any themes. When the model was less than 49% sure") in md
