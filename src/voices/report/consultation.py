"""Consultation breakdowns and campaign detection.

Campaign responses (one template text sent by many respondents) are found by
normalised text and, for near-identical copies, word-bigram Jaccard similarity
with MinHash candidate pairs, so a 100,000-answer export is not compared pair by pair.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from voices.report._text import Texts
from voices.report.data import Campaign, Consultation, CrossTable, Disagreement
from voices.report.threads import is_none_label

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

MIN_CAMPAIGN = 3
MIN_CAMPAIGN_WORDS = 8
JACCARD = 0.7
_BANDS, _ROWS = 8, 4
_PRIME = (1 << 61) - 1
LIKERT_ORDER = (
    "strongly agree", "agree", "tend to agree", "neither agree nor disagree", "tend to disagree",
    "disagree", "strongly disagree", "yes", "no", "don't know", "not sure",
)
NOT_GIVEN = "(not given)"
UNCERTAIN = "(uncertain)"


@dataclass
class ClosedAnswerMap:
    """Closed answers that state a stance: which questions (regexes), and answer -> stance."""

    questions: list[re.Pattern[str]] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)

    def expected(self, question: str | None, answer: str | None) -> str | None:
        """The stance a closed answer states for this question, or None."""
        if not self.answers or not isinstance(answer, str):
            return None
        if self.questions and not any(p.search(question or "") for p in self.questions):
            return None
        return self.answers.get(answer.strip().casefold())


def read_closed_answer_map(path: Path | str | None) -> ClosedAnswerMap | None:
    """Read ``[consultation.closed_answers]`` from a scheme file, tolerantly.

    A missing file, section or malformed entry gives no mapping (the report then shows
    the plain cross-table); bad regexes are skipped with a log message.
    """
    if path is None or not Path(path).is_file():
        return None
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        log.warning("cannot read scheme %s (%s): no closed-answer mapping", path, exc)
        return None
    section = data.get("consultation", {}).get("closed_answers", {})
    mapping = section.get("map", {}) if isinstance(section, dict) else {}
    if not isinstance(mapping, dict) or not mapping:
        return None
    patterns = []
    for raw in section.get("questions", []) or []:
        try:
            patterns.append(re.compile(str(raw), re.IGNORECASE))
        except re.error as exc:
            log.warning("scheme %s: skipping question pattern %r (%s)", path, raw, exc)
    answers = {str(k).strip().casefold(): str(v) for k, v in mapping.items() if isinstance(v, str)}
    return ClosedAnswerMap(patterns, answers)


# ---- campaigns -------------------------------------------------------------------------
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise_text(text: str) -> str:
    """Case-folded words only: the identity of a template text."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _shingles(words: list[str], k: int = 2) -> set[str]:
    return {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (1.0 for two empty sets)."""
    return len(a & b) / len(a | b) if (a or b) else 1.0


def _signature(shingles: set[str], a: object, b: object) -> tuple[int, ...]:
    """MinHash signature: per hash function (a*x + b) mod p, minimised over the shingles."""
    import numpy as np

    values = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big") for s in shingles),
        dtype=np.uint64,
    )
    # a < 2**31 and x < 2**32 keep a*x + b below 2**64: no overflow in uint64
    return tuple(((np.outer(a, values) + b[:, None]) % np.uint64(_PRIME)).min(axis=1).tolist())


def find_campaigns(frame: pd.DataFrame, min_size: int = MIN_CAMPAIGN, threshold: float = JACCARD) -> list[list[str]]:
    """Groups of document ids whose texts are identical or near-identical, from ``min_size`` respondents.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``id``, ``text`` and optionally ``respondent_id``/``author``, in document order.
    min_size : int
        Distinct respondents needed for a campaign.
    threshold : float
        Word-bigram Jaccard similarity for "near-identical" (0.7 survives a changed word or two
        in a 20-word template).

    Returns
    -------
    list of list of str
        Each group in document order; groups ordered by their first document.
    """
    import numpy as np

    ids = [str(i) for i in frame["id"]]
    norm = [normalise_text(t if isinstance(t, str) else "") for t in frame["text"]]
    who = [_respondent(frame, i) for i in range(len(frame))]
    exact: dict[str, list[int]] = {}
    for i, n in enumerate(norm):
        if len(n.split()) >= MIN_CAMPAIGN_WORDS:
            exact.setdefault(n, []).append(i)
    keys = list(exact)
    shingles = [_shingles(k.split()) for k in keys]
    rng = np.random.default_rng(0)
    mult = rng.integers(1, 1 << 31, size=_BANDS * _ROWS, dtype=np.uint64)
    add = rng.integers(0, 1 << 31, size=_BANDS * _ROWS, dtype=np.uint64)
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple, int] = {}
    for j, sh in enumerate(shingles):
        sig = _signature(sh, mult, add)
        for band in range(_BANDS):
            key = (band, sig[band * _ROWS:(band + 1) * _ROWS])
            first = buckets.setdefault(key, j)
            if first != j and find(first) != find(j) and jaccard(shingles[first], sh) >= threshold:
                parent[find(j)] = find(first)
    groups: dict[int, list[int]] = {}
    for j, key in enumerate(keys):
        groups.setdefault(find(j), []).extend(exact[key])
    out = []
    for members in groups.values():
        members.sort()
        if len({who[i] for i in members}) >= min_size:
            out.append([ids[i] for i in members])
    first = {doc_id: i for i, doc_id in enumerate(ids)}
    return sorted(out, key=lambda g: first[g[0]])


def _respondent(frame: pd.DataFrame, i: int) -> str:
    for col in ("respondent_id", "author"):
        if col in frame.columns:
            value = frame[col].iat[i]
            if isinstance(value, str) and value.strip():
                return f"{col}:{value.strip().casefold()}"
    return f"id:{frame['id'].iat[i]}"


def campaigns(frame: pd.DataFrame, groups: list[list[str]], texts: Texts) -> list[Campaign]:
    """Describe each campaign: its size, the stance most of its copies carry, a snippet."""
    by_id = frame.set_index("id")
    out = []
    for n, members in enumerate(groups, 1):
        rows = by_id.loc[members]
        confident = rows[rows["group"] == "confident"]["eff_stance"]
        stance = Counter(confident).most_common(1)[0][0] if len(confident) else None
        first = members[0]
        out.append(Campaign(f"campaign-{n}", len(members), stance, members, texts.snippet(first, by_id.at[first, "text"])))
    return out


# ---- consultation breakdowns ---------------------------------------------------------
def _answer_order(answers: set[str]) -> list[str]:
    known = [a for a in LIKERT_ORDER if a in {x.casefold() for x in answers}]
    rank = {a: i for i, a in enumerate(known)}
    return sorted(answers, key=lambda a: (rank.get(a.casefold(), len(rank)), a.casefold()))


def _column(row: pd.Series) -> str:
    return row["eff_stance"] if row["group"] == "confident" else UNCERTAIN


def _cross(title: str, row_name: str, frame: pd.DataFrame, key: str, labels: list[str],
           order: list[str] | None = None) -> CrossTable:
    cols = [*labels, UNCERTAIN]
    counts: dict[str, Counter] = {}
    for _, row in frame.iterrows():
        value = row[key] if isinstance(row[key], str) and row[key].strip() else NOT_GIVEN
        counts.setdefault(value, Counter())[_column(row)] += 1
    rows = order or sorted(counts)
    return CrossTable(title, row_name, "stance", rows, cols, [[counts.get(r, Counter())[c] for c in cols] for r in rows])


def consultation(frame: pd.DataFrame, labels: list[str], mapping: ClosedAnswerMap | None, texts: Texts) -> Consultation | None:
    """Breakdowns of consultation answers (campaign copies beyond the first left out).

    Returns None when the frame holds no consultation answers.
    """
    answers = frame[(frame["kind"] == "consultation_answer") & frame["group"].isin(["confident", "uncertain"])
                    & ~frame["campaign_copy"]]
    if answers.empty:
        return None
    result = Consultation(answers=len(answers), mapping_used=mapping is not None)
    qkey = answers["question_id"].where(answers["question_id"].notna(), answers["question"])
    answers = answers.assign(_q=qkey.fillna(NOT_GIVEN).astype(str))
    result.by_question = [_cross("Stance by question", "question", answers, "_q", labels)]
    result.by_respondent_type = _cross("Stance by respondent type", "respondent type", answers, "respondent_type", labels)
    for q, group in answers.groupby("_q", sort=True):
        closed = group[group["closed_answer"].notna() & (group["closed_answer"].astype(str).str.strip() != "")]
        if closed.empty:
            continue
        question = next((x for x in group["question"] if isinstance(x, str)), q)
        order = _answer_order(set(closed["closed_answer"].astype(str)))
        result.closed_vs_stance.append(
            _cross(f"{q}: closed answer vs stance of the free text — {question}", "closed answer", closed,
                   "closed_answer", labels, order)
        )
        if mapping is not None:
            result.disagreements.extend(_disagreements(closed, mapping, texts))
    return result


def _disagreements(closed: pd.DataFrame, mapping: ClosedAnswerMap, texts: Texts) -> list[Disagreement]:
    out = []
    for _, row in closed.iterrows():
        expected = mapping.expected(row["question"], row["closed_answer"])
        stance = row["eff_stance"]
        if expected is None or is_none_label(expected) or row["group"] != "confident" or is_none_label(stance):
            continue
        if stance != expected:
            prob = row.get("stance_probability")
            out.append(Disagreement(
                doc_id=row["id"], question_id=row["question_id"] if isinstance(row["question_id"], str) else None,
                closed_answer=str(row["closed_answer"]), expected_stance=expected, stance=stance,
                stance_probability=None if prob is None or prob != prob else float(prob),
                snippet=texts.snippet(row["id"], row["text"]),
            ))
    return out
