"""The report's uncertain count against the stored ``stance_uncertain`` flags: each text flagged is accounted for."""

from __future__ import annotations

import json

import pandas as pd
from report_fixtures import CAMPAIGN_TEXT
from test_report_aggregate import doc

from voices.report.aggregate import aggregate


def flagged_frame() -> pd.DataFrame:
    """Six predictions flagged uncertain: a campaign of three (two copies), two texts a person labelled, one alone."""
    rows = [doc(f"a{i}", "social_work_leaders", uncertain=True, text=CAMPAIGN_TEXT, respondent_id=f"R{i}",
                author=f"writer {i}") for i in (1, 2, 3)]
    rows += [doc("b1", "system_leaders", uncertain=True, label_stance="none"),
             doc("b2", "none", uncertain=True, label_stance="none"),
             doc("c1", "practice_connected", uncertain=True),
             doc("d1", "practice_connected")]
    return pd.DataFrame(rows)


def test_every_stored_uncertain_flag_is_counted_once_in_the_report():
    frame = flagged_frame()
    assert int(frame["stance_uncertain"].fillna(False).sum()) == 6
    o = aggregate(frame).overall
    assert (o.uncertain, o.uncertain_labelled, o.uncertain_copies) == (2, 2, 2)
    assert o.uncertain + o.uncertain_labelled + o.uncertain_copies == 6
    assert (o.n, o.human_labelled, o.campaign_copies) == (3, 2, 2)


def test_the_report_says_what_its_uncertain_count_leaves_out():
    from voices.report.machine import render_csv
    from voices.report.markdown import render_markdown

    r = aggregate(flagged_frame())
    md = render_markdown(r)
    assert ("2 uncertain (counted apart; of the 6 texts the model flagged uncertain, 2 labelled by a person count "
            "under the label and 2 campaign copies are counted once)") in md
    frame = flagged_frame().drop(index=4)  # one label, and one copy flagged: the campaign's last text is not
    frame.loc[2, "stance_uncertain"] = False
    assert ("2 uncertain (counted apart; of the 4 texts the model flagged uncertain, 1 labelled by a person counts "
            "under the label and 1 campaign copy is counted once)") in render_markdown(aggregate(frame))
    assert any(n.startswith("Uncertain: texts the stance model flagged below its abstention threshold that "
                            "nobody labelled") for n in r.methods.notes)
    rows = [line.split(",") for line in render_csv(r).splitlines()]
    assert ["counted_apart", "overall", "", "", "uncertain_labelled", "2"] in rows
    assert ["counted_apart", "overall", "", "", "uncertain_copies", "2"] in rows


def test_the_methods_note_names_only_what_happened():
    """A corpus with labels but no campaign copy flagged read "(5 labelled by a person, counted under their label;
    0 campaign copies)"."""
    from voices.report.data import Distribution
    from voices.report.methods import uncertain_note

    labelled = Distribution("overall", "All", n=9, rows=[], uncertain=23, uncertain_labelled=5)
    assert uncertain_note(labelled).endswith(
        ": 23 of the 28 stored predictions flagged uncertain (5 labelled by a person, counted under their label)")
    copies = Distribution("overall", "All", n=9, rows=[], uncertain=2, uncertain_copies=1)
    assert uncertain_note(copies).endswith(": 2 of the 3 stored predictions flagged uncertain (1 campaign copy)")


def answers_frame() -> pd.DataFrame:
    """Two questions. Q1: one answer flagged and labelled, one flagged alone. Q2: a campaign of three flagged."""
    def answer(i: str, q: str, **kw) -> dict:
        return doc(i, "system_leaders", kind="consultation_answer", respondent_id=f"R{i}", author=f"writer {i}",
                   question_id=q, question=f"{q}. Is it so?", **kw)

    rows = [answer("a1", "Q1", uncertain=True, label_stance="none"), answer("a2", "Q1", uncertain=True),
            answer("a3", "Q1")]
    rows += [answer(f"b{i}", "Q2", uncertain=True, text=CAMPAIGN_TEXT) for i in (1, 2, 3)]
    return pd.DataFrame(rows)


def test_each_question_accounts_for_its_stored_uncertain_flags():
    """Per question the report gave n and uncertain only: Q2's 3 flagged answers showed as "1 uncertain"."""
    from voices.report.machine import render_csv, render_json
    from voices.report.markdown import render_markdown

    r = aggregate(answers_frame())
    got = {q.key: (q.n, q.uncertain, q.uncertain_labelled, q.uncertain_copies) for q in r.consultation.questions}
    assert got == {"Q1": (2, 1, 1, 0), "Q2": (0, 1, 0, 2)}
    data = json.loads(render_json(r))["consultation"]["questions"]
    assert [(q["uncertain_labelled"], q["uncertain_copies"]) for q in data] == [(1, 0), (0, 2)]
    rows = [line.split(",") for line in render_csv(r).splitlines()]
    assert ["question_shares", "Q2", "", "", "uncertain_copies", "2"] in rows
    assert ["question_shares", "Q1", "", "", "uncertain_labelled", "1"] in rows
    md = " ".join(render_markdown(r).split())
    assert ("n = 0 answers with a confident stance; 1 uncertain, counted apart; of the 3 answers the model flagged "
            "uncertain, 2 campaign copies are counted once.") in md


def test_flags_all_counted_elsewhere_are_still_explained():
    """Every flagged text labelled (or a campaign copy): the sentence, which named uncertain texts only when some
    were left, said nothing of the 2 stored flags; one flagged answer read "of the 1 answers"."""
    from voices.report.markdown import render_markdown

    frame = flagged_frame().iloc[[3, 4, 6]]  # b1, b2 flagged and labelled; d1 confident
    md = " ".join(render_markdown(aggregate(frame)).split())
    assert ("n = 3 with a confident stance; 0 uncertain (counted apart; of the 2 texts the model flagged "
            "uncertain, 2 labelled by a person count under the label); 2 human-labelled") in md
    answers = answers_frame().iloc[[0, 2]]  # Q1: a1 flagged and labelled, a3
    md = " ".join(render_markdown(aggregate(answers)).split())
    assert ("n = 2 answers with a confident stance; of the 1 answer the model flagged uncertain, 1 labelled by a "
            "person counts under the label.") in md
