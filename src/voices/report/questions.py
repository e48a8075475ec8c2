"""Stance shares per consultation question, so no headline silently mixes questions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from voices.report.data import QuestionShares, Share
from voices.report.stats import wilson


def question_shares(cells: Sequence[tuple], labels: Sequence[str],
                    flagged: Sequence[tuple[str, str, int]] = ()) -> list[QuestionShares]:
    """Each question's full text and the stance shares of its confident free-text answers.

    Parameters
    ----------
    cells : sequence of tuple
        ``ReportDocs.answer_cells`` rows: (question key, question text, respondent type,
        closed answer, stance or None when uncertain, count, first ord).
    labels : sequence of str
        The stances, in report order.
    flagged : sequence of tuple
        (question key, ``labelled`` or ``copy``, count) of the answers flagged uncertain that ``cells`` counts
        under a person's label or leaves out as campaign copies.

    Returns
    -------
    list of QuestionShares
        In the order the questions first appear; the text is the question as asked
        (its key when the export gave no text).
    """
    order: dict[str, int] = {}
    texts: dict[str, tuple[int, str]] = {}
    counts: dict[str, Counter] = {}
    for key, question, _kind, _closed, stance, n, first in cells:
        key = str(key)
        order[key] = min(order.get(key, first), first)
        if isinstance(question, str) and question.strip() and first <= texts.get(key, (first, ""))[0]:
            texts[key] = (first, " ".join(question.split()))
        counts.setdefault(key, Counter())[stance] += n
    out = []
    for key in sorted(order, key=lambda k: (order[k], k)):
        c = counts[key]
        confident = sum(v for s, v in c.items() if s is not None)
        rows = [Share(lab, c[lab], c[lab] / confident if confident else None, *wilson(c[lab], confident))
                for lab in labels]
        apart: Counter = Counter()
        for _key, how, n in (f for f in flagged if str(f[0]) == key):
            apart[how] += n
        out.append(QuestionShares(key, texts.get(key, (0, key))[1], confident, c[None], rows,
                                  apart["labelled"], apart["copy"]))
    return out
