"""Aggregation: distributions, campaigns, thread dynamics, consultations, human labels, months."""

from __future__ import annotations

import pandas as pd
import pytest
from report_fixtures import CAMPAIGN_TEXT, CONFUSION, FakeStance, classified_corpus

from voices.errors import InputError
from voices.models.scheme import load_scheme
from voices.report import build_report
from voices.report.aggregate import aggregate
from voices.report.campaigns import find_campaigns
from voices.report.consultation import ClosedAnswerMap, closed_answer_map
from voices.schemas import EXPORT_FIELDS
from voices.store import Corpus
from voices.store.label_rows import export_labelled
from voices.store.labels import add_label

SCHEME = "corpora/schemes/social-work-leadership.toml"


def doc(i: str, stance: str | None, parent: str | None = None, uncertain: bool = False, **kw) -> dict:
    row = dict.fromkeys(EXPORT_FIELDS)
    row.update(id=i, source_id="s1", source_title="A thread", kind="reply" if parent else "comment",
               position=int(i[1:]) if i[1:].isdigit() else 0, parent_id=parent, author=f"user {i}",
               posted_at="2024-01-01T10:00:00", text=f"text of {i}", stance=stance,
               stance_probability=0.9 if stance else None, stance_uncertain=uncertain if stance else None,
               themes=[], theme_probabilities={}, stance_model="m1" if stance else None, themes_model="t1")
    row.update(kw)
    return row


def tree() -> pd.DataFrame:
    """c1 <- c2 (different) <- c3 (same as c2); c1 <- c4 (none: not comparable); c5 <- c6 (uncertain)."""
    return pd.DataFrame([
        doc("c1", "social_work_leaders"),
        doc("c2", "system_leaders", "c1"),
        doc("c3", "system_leaders", "c2"),
        doc("c4", "none", "c1"),
        doc("c5", "practice_connected"),
        doc("c6", "system_leaders", "c5", uncertain=True),
        doc("c7", "practice_connected"),
        doc("c8", "social_work_leaders", "c7"),
    ])


def test_thread_dynamics_on_a_small_tree():
    r = aggregate(tree())
    d = r.dynamics
    assert (d.replies, d.same, d.different, d.not_comparable) == (5, 1, 2, 2)
    assert [c.root_id for c in d.contested] == ["c1", "c7"]
    assert (d.contested[0].replies, d.contested[0].different, d.contested[0].comparable) == (3, 1, 2)
    assert {i.doc_id: i.parent_stance for i in r.review_flips} == {"c2": "social_work_leaders", "c8": "practice_connected"}


def test_distribution_counts_uncertain_apart():
    r = aggregate(tree())
    o = r.overall
    assert (o.n, o.uncertain) == (7, 1)
    counts = {s.stance: s.count for s in o.rows}
    assert counts == {"practice_connected": 2, "social_work_leaders": 2, "system_leaders": 2, "none": 1}
    assert [s.stance for s in o.rows][-1] == "none"
    swl = next(s for s in o.rows if s.stance == "social_work_leaders")
    assert (swl.share, swl.ci_low, swl.ci_high) == (pytest.approx(2 / 7), pytest.approx(0.0822, abs=1e-4),
                                                   pytest.approx(0.6411, abs=1e-4))
    assert o.adjusted_note.startswith("no out-of-fold confusion matrix")


def test_a_scope_with_no_confident_stance_has_no_share_not_a_zero_one():
    # only an uncertain text: 0 of 0 is no share at all, and "0.0%" would read as "nobody argues this"
    from voices.report.machine import render_csv
    from voices.report.markdown import render_markdown

    r = aggregate(pd.DataFrame([doc("c1", "system_leaders", uncertain=True)]))
    o = r.overall
    assert (o.n, o.uncertain) == (0, 1)
    assert [(s.count, s.share, s.ci_low, s.ci_high) for s in o.rows] == [(0, None, 0.0, 1.0)] * len(o.rows) != []
    table = render_markdown(r).split("## Stance", 1)[1].split("\n## ", 1)[0]
    assert "| 0 | – | 0.0–100.0% |" in table and "| 0 | 0.0% |" not in table
    assert ",share," not in "".join(line for line in render_csv(r).splitlines() if "stance_distribution" in line)


def test_a_question_with_no_confident_answer_has_no_share_row_in_the_csv():
    """b9da369 left the question_shares table writing 'share,' with an empty value where stance_distribution
    writes no row: 0 of 0 confident answers is no share, and one table of the CSV must not say it otherwise."""
    from voices.report.machine import render_csv

    answers = [doc(f"a{i}", "system_leaders", uncertain=i < 3, kind="consultation_answer", respondent_id=f"r{i}",
                   question_id="q1" if i < 3 else "q2", question="One?" if i < 3 else "Two?") for i in range(6)]
    r = aggregate(pd.DataFrame(answers))
    assert [(q.key, q.n, q.uncertain, [s.share for s in q.rows]) for q in r.consultation.questions] == [
        ("q1", 0, 3, [None]), ("q2", 3, 0, [1.0])]
    rows = [line.split(",")[1:] for line in render_csv(r).splitlines() if line.startswith("question_shares,")]
    assert ["q1", "", "system_leaders", "share", ""] not in rows and ["q2", "", "system_leaders", "share", "1.0"] in rows
    assert ["q1", "", "system_leaders", "count", "0"] in rows and ["q1", "", "", "uncertain", "3"] in rows


def test_adjusted_shares_use_the_models_matrix():
    frame = tree()
    meta = FakeStance(model_id="m1").meta
    r = aggregate(frame, model_metas={"m1": meta})
    adjusted = {s.stance: s.adjusted_share for s in r.overall.rows}
    assert sum(adjusted.values()) == pytest.approx(1.0)
    # the fake matrix over-calls social_work_leaders, so its corrected share is lower than its raw 2/8
    assert adjusted["social_work_leaders"] < 2 / 8
    assert CONFUSION[0][0] == 80


def test_campaigns_need_three_respondents_and_long_texts():
    texts = [CAMPAIGN_TEXT, CAMPAIGN_TEXT.upper(), CAMPAIGN_TEXT.replace("frontline", "front-line"),
             "Agree.", "Agree.", "Agree.", "Agree.", CAMPAIGN_TEXT.replace("union", "branch") + " Thanks!",
             "Something else entirely about caseloads and pay in our authority this year."]
    frame = pd.DataFrame({"id": [f"d{i}" for i in range(len(texts))], "text": texts,
                          "respondent_id": [f"R{i}" for i in range(len(texts))]})
    assert find_campaigns(frame) == [["d0", "d1", "d2", "d7"]]
    same_person = frame.assign(respondent_id="R1")
    assert find_campaigns(same_person) == []  # one person pasting three times is not a campaign


@pytest.mark.parametrize("block", [3, 2_000_000])
def test_campaign_shingles_and_minhash_match_a_plain_python_reading(monkeypatch, block):
    # The Arrow/numpy shingles and signatures must equal the obvious per-key computation
    # (sets of "w1 w2" bigrams; per function, the minimum of (a*x + b) mod p over a key's bigrams).
    import hashlib
    from itertools import pairwise

    import numpy as np

    from voices.report import campaigns as c

    monkeypatch.setattr(c, "_BLOCK_BIGRAMS", block)  # 3: a key or two per block
    keys = ["one two three two three", "x  y", "a", "", "one two", "b c d e f g h i", "one two three"]
    sh = c._shingles([keys[:3], [], keys[3:]])  # batches, one of them empty
    got = [{sh.vocabulary[g] for g in sh.gram[sh.start[i]:sh.start[i + 1]]} for i in range(len(keys))]
    want = [set(map(" ".join, pairwise(k.split(" ")))) for k in keys]
    assert got == want and got[1] == {"x ", " y"} and got[2] == got[3] == set()
    assert all(np.diff(sh.gram[sh.start[i]:sh.start[i + 1]]).min(initial=1) > 0 for i in range(len(keys)))
    with_grams = [k for k, g in zip(keys, want, strict=True) if g]
    sig = c._signatures(c._shingles([with_grams]))
    rng = np.random.default_rng(0)
    mult = rng.integers(1, 1 << 31, size=c._BANDS * c._ROWS, dtype=np.uint64).tolist()
    add = rng.integers(0, 1 << 31, size=c._BANDS * c._ROWS, dtype=np.uint64).tolist()
    for row, key in zip(sig.tolist(), with_grams, strict=True):
        xs = [int.from_bytes(hashlib.blake2b(b.encode(), digest_size=4).digest(), "big")
              for b in set(map(" ".join, pairwise(key.split(" "))))]
        assert row == [min((a * x + b) % c._PRIME for x in xs) for a, b in zip(mult, add, strict=True)]


def test_campaign_counted_once_in_report(tmp_path):
    r = build_report(classified_corpus(tmp_path / "c.duckdb"), stance_model=FakeStance(), scheme=SCHEME)
    assert len(r.campaigns) == 1
    c = r.campaigns[0]
    assert (c.size, c.stance) == (3, "social_work_leaders")
    assert r.overall.campaign_copies == 2
    assert r.overall.n == 11  # 13 confident documents, two campaign copies left out


def test_consultation_breakdowns_and_disagreements(tmp_path):
    r = build_report(classified_corpus(tmp_path / "c.duckdb"), stance_model=FakeStance(), scheme=SCHEME)
    c = r.consultation
    assert c.answers == 4 and c.mapping_used
    by_type = dict(zip(c.by_respondent_type.rows, c.by_respondent_type.counts, strict=True))
    assert by_type == {"individual": [2, 1, 0, 0, 0], "organisation": [0, 1, 0, 0, 0]}
    closed = c.closed_vs_stance[0]
    assert closed.rows == ["Strongly agree", "Agree", "Disagree"]
    assert [(x.closed_answer, x.expected_stance, x.stance) for x in c.disagreements] == [
        ("Agree", "social_work_leaders", "system_leaders")]
    assert r.not_english == 1
    # the answer not in English is not among the 4: the sentence says whose answers it counts
    from voices.report.markdown import render_markdown

    assert "4 classified free-text answers (campaign copies counted once; answers not in English" in render_markdown(r)


def test_the_csv_holds_every_figure_and_field_the_json_and_the_tables_show(tmp_path):
    """The walk: the CSV's contested threads had only "different" (the rendered table shows replies and each
    stance's count), its disagreements no closed answer, its flips no parent, and the JSON's ``documents``,
    ``themes_n`` (the themes' denominator), ``validation_unlabelled`` and ``consultation.answers`` no row."""
    from voices.report.machine import render_csv

    def rows(r, table: str) -> list[list[str]]:
        return [line.split(",")[1:] for line in render_csv(r).splitlines() if line.startswith(table + ",")]

    r = aggregate(tree())
    assert rows(r, "contested_threads")[:6] == [
        ["overall", "c1", "", "replies", "3"], ["overall", "c1", "", "different", "1"],
        ["overall", "c1", "", "comparable", "2"], ["overall", "c1", "none", "count", "1"],
        ["overall", "c1", "social_work_leaders", "count", "1"], ["overall", "c1", "system_leaders", "count", "2"]]
    assert ["overall", "c2", "system_leaders", "parent_id", "c1"] in rows(r, "review_flips")
    assert rows(r, "methods")[:6] == [["overall", "", "", "documents", "8"], ["overall", "", "", "articles", "0"],
                                      ["overall", "", "", "themes_n", "8"],
                                      ["overall", "", "", "human_labels", "0"], ["overall", "", "", "not_english", "0"],
                                      ["overall", "", "", "validation_unlabelled", "0"]]
    assert (r.documents, r.themes_n) == (8, 8)  # the uncertain c6 has its themes
    c = build_report(classified_corpus(tmp_path / "c.duckdb"), stance_model=FakeStance(), scheme=SCHEME)
    assert rows(c, "consultation") == [["overall", "", "", "answers", "4"]]
    (doc_id,) = {x.doc_id for x in c.consultation.disagreements}
    assert [x[3:] for x in rows(c, "closed_answer_disagreements")] == [
        ["stance_probability", "0.9"], ["closed_answer", "Agree"], ["expected_stance", "social_work_leaders"]]
    assert {x[1] for x in rows(c, "closed_answer_disagreements")} == {doc_id}


def test_the_headline_count_says_where_the_articles_went(tmp_path):
    """The walk: `voices corpus` said 66 documents, the JSON's sources[].documents added up to 66, and the
    report's first line said "61 documents from 10 sources" without a word about the 5 articles it left out."""
    from voices.report.machine import render_csv
    from voices.report.markdown import render_markdown

    r = build_report(classified_corpus(tmp_path / "c.duckdb"), stance_model=FakeStance(), scheme=SCHEME,
                     redact=False)
    assert (r.documents, r.articles, sum(s["documents"] for s in r.sources)) == (15, 1, 16)
    assert r.to_dict()["articles"] == 1
    assert "15 documents from 2 sources (besides 1 article, not classified); generated" in render_markdown(r)
    assert "methods,overall,,,articles,1" in render_csv(r)
    assert "(besides" not in render_markdown(aggregate(tree()))  # no article, no aside


def test_no_mapping_gives_plain_cross_table(tmp_path):
    frame = tree().assign(kind="consultation_answer", closed_answer="Agree", question_id="Q1", question="Q?")
    r = aggregate(frame, closed_answers=None)
    assert not r.consultation.mapping_used and r.consultation.disagreements == []
    assert r.consultation.closed_vs_stance[0].rows == ["Agree"]


def test_scheme_mapping_skips_bad_patterns_and_unreadable_schemes_are_errors(tmp_path):
    mapping = closed_answer_map(load_scheme(SCHEME))
    assert mapping.expected("Should the director be a registered social worker?", " Agree ") == "social_work_leaders"
    assert mapping.expected("How long have you worked here?", "Agree") is None
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 'x'\n[stance.a]\ndefinition = 'A'\n"
                   "[consultation.closed_answers]\nquestions = ['(']\n[consultation.closed_answers.map]\nyes = 'a'\n")
    assert closed_answer_map(load_scheme(bad)).expected("anything", "Yes") == "a"
    (tmp_path / "plain.toml").write_text("name = 'x'\n[stance.a]\ndefinition = 'A'\n")
    assert closed_answer_map(load_scheme(tmp_path / "plain.toml")) is None
    (tmp_path / "broken.toml").write_text("not toml [")
    with pytest.raises(InputError, match="not valid TOML"):
        load_scheme(tmp_path / "broken.toml")
    with pytest.raises(InputError, match="no such scheme file"):
        load_scheme(tmp_path / "absent.toml")
    assert ClosedAnswerMap().expected("q", "Agree") is None


def test_human_labels_override_and_are_counted(tmp_path):
    path = classified_corpus(tmp_path / "c.duckdb")
    with Corpus.open(path, write=True) as c, c.transaction():
        unsure = c.sql("SELECT id FROM documents WHERE text LIKE 'Perhaps%'").fetchone()[0]
        add_label(c, unsure[:10], "practice_connected", ["burnout"], by="tester")
    r = build_report(path, stance_model=FakeStance(), scheme=SCHEME)
    assert r.human_labels == 1 and r.overall.human_labelled == 1
    assert r.overall.uncertain == 0
    assert {s.stance: s.count for s in r.overall.rows}["practice_connected"] == 3
    assert unsure not in [i.doc_id for i in r.review_low_confidence]
    rows = list(export_labelled(path))
    assert rows == [{"id": unsure, "text": "Perhaps, I am not sure what I think about any of this.",
                     "stance": "practice_connected", "stance_labelled": True, "themes": ["burnout"],
                     "source_id": rows[0]["source_id"], "themes_labelled": True, "labelled_by": "tester",
                     "labelled_at": rows[0]["labelled_at"]}]


def test_by_month_only_when_more_than_one_month():
    assert aggregate(tree()).by_month == []
    frame = tree()
    frame.loc[frame["id"].isin(["c5", "c7", "c8"]), "posted_at"] = "2024-02-03"
    months = aggregate(frame).by_month
    assert [(m.month, m.n) for m in months] == [("2024-01", 4), ("2024-02", 3)]
    assert months[1].shares["practice_connected"] == pytest.approx(2 / 3)


def test_the_month_table_says_how_many_confident_texts_have_no_date():
    from voices.report.machine import render_csv
    from voices.report.markdown import render_markdown

    frame = tree()
    frame.loc[frame["id"].isin(["c5", "c7"]), "posted_at"] = "2024-02-03"
    frame.loc[frame["id"].isin(["c1", "c8"]), "posted_at"] = None
    r = aggregate(frame)
    assert [(m.month, m.n) for m in r.by_month] == [("2024-01", 3), ("2024-02", 2)]
    assert r.undated == 2 and r.overall.n == 3 + 2 + r.undated  # the months and the undated add up to n
    assert "2 texts with a confident stance but no date are in no month." in render_markdown(r)
    assert "by_month,overall,,,undated,2" in render_csv(r)


def test_dask_style_frame_without_status_columns():
    frame = tree().astype({"stance_uncertain": "boolean"})
    frame.loc[frame["id"] == "c7", ["stance", "stance_probability", "stance_uncertain"]] = [None, None, pd.NA]
    r = aggregate(frame)  # stance null but a model id: a non-English row of a classify_frame output
    assert r.not_english == 1 and r.overall.n == 6


def test_quotes_pick_the_supporting_sentence(tmp_path):
    r = build_report(classified_corpus(tmp_path / "c.duckdb"), stance_model=FakeStance(), scheme=SCHEME)
    swl = r.quotes["social_work_leaders"]
    assert 2 <= len(swl) <= 3 and len({q.author for q in swl}) == len(swl)
    first = next(q for q in swl if q.author == "Dr Steve Rogowski")
    assert first.text == "Directors must be social workers."
    assert (first.posted_at, first.stance_probability) == ("2024-01-03T09:00:00", 0.9)
    assert "none" not in r.quotes


def test_mixed_models_are_each_corrected_with_their_own_matrix():
    from voices.report.stats import adjusted_shares

    frame = tree()
    frame.loc[frame["id"].isin(["c5", "c7", "c8"]), "stance_model"] = "m2"
    m1 = FakeStance(model_id="m1").meta
    m2 = dict(m1, oof_confusion=[[90, 0, 0, 10], [0, 90, 0, 10], [0, 0, 90, 10], [5, 5, 5, 85]])
    r = aggregate(frame, model_metas={"m1": m1, "m2": m2})
    adjusted = {s.stance: s.adjusted_share for s in r.overall.rows}
    labels = m1["labels"]
    # confident model-tagged rows only: m1 tags c1-c4 (c6 is uncertain but still counted), m2 c5, c7, c8
    a1 = adjusted_shares({"social_work_leaders": 1, "system_leaders": 3, "none": 1}, m1["oof_confusion"], labels)
    a2 = adjusted_shares({"practice_connected": 2, "social_work_leaders": 1}, m2["oof_confusion"], labels)
    for lab in labels:
        assert adjusted[lab] == pytest.approx((5 * a1.shares[lab] + 3 * a2.shares[lab]) / 8)
    assert "2 stance models tagged these documents" in r.overall.adjusted_note
    assert "own error matrix" in r.overall.adjusted_note


def test_methods_name_real_writing_figures_or_say_not_measured():
    m1 = FakeStance(model_id="m1").meta | {"real_writing": {
        "n": 120, "label": "dev (used for design choices)",
        "stance": {"macro_f1": {"value": 0.41, "ci95": [0.3, 0.5]}, "accuracy": {"value": 0.8, "ci95": [0.7, 0.9]}}}}
    notes = aggregate(tree(), model_metas={"m1": m1}).methods.notes
    assert any(n.startswith("stance model m1 on 120 real texts (dev (used for design choices)): ")
               and "macro_f1 0.410 (95% CI 0.300–0.500)" in n and "accuracy 0.800" in n for n in notes)
    assert "themes model t1: not measured on real writing" in notes
    assert any("error rates measured on other texts" in n for n in notes)


def test_appendix_says_the_cross_validated_and_other_writer_scores_are_on_ai_written_texts():
    from voices.report.markdown import render_markdown
    from voices.report.table import render_text

    meta = FakeStance(model_id="m1").meta | {
        "cv": {"accuracy": {"value": 0.87, "ci95": [0.85, 0.88]}, "n": 3384},
        "cross_writer": {"macro_f1": {"value": 0.83, "ci95": [0.79, 0.86]}, "n": 400}}
    r = aggregate(tree(), model_metas={"m1": meta})
    md = render_markdown(r)
    assert "  - cross-validated on its training texts (AI-written): accuracy 0.870" in md
    assert "  - another writer's texts (AI-written): macro\\_f1 0.830" in md
    text = " ".join(render_text(r, width=400).split())
    assert "cross-validated on its training texts (AI-written) accuracy 0.870" in text


def test_review_reasons_do_not_call_a_sure_text_low_confidence():
    """The walk through the learning loop: people labelled all but two texts, the model was 0.994 and 0.998 sure
    of those, and "For review" listed the 0.994 one as "low confidence" beside "0.99". The quarter is relative."""
    frame = pd.DataFrame([doc("c1", "none", stance_probability=0.994), doc("c2", "none", stance_probability=0.998),
                          doc("c3", "practice_connected", stance_probability=0.999)])
    assert [(i.doc_id, i.reason, i.stance_probability) for i in aggregate(frame).review_low_confidence] == [
        ("c1", "among the least confident quarter", 0.994)]
    unsure = pd.DataFrame([doc("c5", "system_leaders", uncertain=True, stance_probability=0.41)])
    assert [(i.doc_id, i.reason) for i in aggregate(unsure).review_low_confidence] == [
        ("c5", "low confidence (uncertain)")]


def test_a_scope_people_labelled_throughout_has_its_share_as_corrected_share():
    """The walk: every consultation answer labelled by people, the thread all but two; the thread's table showed
    corrected shares, the consultation's a column of dashes that read as "could not be corrected"."""
    people = {"label_stance": "none", "labelled_by": "Sam"}
    frame = pd.DataFrame([doc("c1", "none", **people), doc("c3", "none", **people),
                          doc("c2", "none", label_stance="system_leaders", labelled_by="Sam"),
                          doc("a1", "none", source_id="s2", source_title="Consultation", **people),
                          doc("a2", "none", source_id="s2", source_title="Consultation", **people)])
    r = aggregate(frame)
    consultation = next(d for d in r.per_source if d.scope == "s2")
    assert [(x.stance, x.count, x.share, x.adjusted_share) for x in consultation.rows if x.count] == [
        ("none", 2, 1.0, 1.0)]
    assert {x.stance: x.adjusted_share for x in r.overall.rows} == {"system_leaders": 0.2, "none": 0.8}
    assert consultation.adjusted_note is None
