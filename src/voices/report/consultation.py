"""Consultation breakdowns and campaign detection.

Campaign responses (one template text sent by many respondents) are found by
normalised text and, for near-identical copies, word-bigram Jaccard similarity
with MinHash candidate pairs, so a 100,000-answer export is not compared pair by pair.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from voices.errors import InputError
from voices.report._text import Texts
from voices.report.data import Campaign, Consultation, CrossTable, Disagreement
from voices.report.questions import question_shares
from voices.report.threads import is_none_label

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from voices.models.scheme import Scheme
    from voices.store.report_docs import ReportDocs

log = logging.getLogger(__name__)

MIN_CAMPAIGN = 3
MIN_CAMPAIGN_WORDS = 8
JACCARD = 0.7
_BANDS, _ROWS = 8, 4
_PRIME = (1 << 61) - 1
_BLOCK_BIGRAMS = 2_000_000  # MinHash gathers this many bigrams at a time (16 MB a function)
LIKERT_ORDER = (
    "strongly agree", "agree", "tend to agree", "neither agree nor disagree", "tend to disagree",
    "disagree", "strongly disagree", "yes", "no", "don't know", "not sure",
    "excellent", "very good", "good", "fair", "poor", "very poor",
)
NOT_GIVEN = "(not given)"
UNCERTAIN = "(uncertain)"


@dataclass
class ClosedAnswerMap:
    """Closed answers that state a stance: which questions, and answer -> stance.

    ``questions`` (regexes) and ``answers`` come from the scheme when it lists them.
    Without patterns, a question asks the proposition when it is like it
    (``voices.report.closed.asks_proposition``); an answer the scheme does not list
    is read on the usual scales (tend to agree, somewhat disagree, don't know...),
    the other way round for a question asked in the negative.
    """

    questions: list[re.Pattern[str]] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    proposition: str | None = None

    def expected(self, question: str | None, answer: str | None) -> str | None:
        """The stance a closed answer states for this question, or None."""
        from voices.report.closed import agreement, asks_proposition, negated

        if not self.answers or not isinstance(answer, str):
            return None
        limited = bool(self.questions or self.proposition)  # else: every closed question counts
        if limited and not (any(p.search(question or "") for p in self.questions)
                            or asks_proposition(question, self.proposition)):
            return None
        side = agreement(answer)
        if side == "neutral":
            return self.answers.get("neither agree nor disagree", "none")
        if side is not None and negated(question):
            side = "disagree" if side == "agree" else "agree"
            return self.answers.get(side)
        return self.answers.get(answer.strip().casefold()) or (self.answers.get(side) if side else None)


def closed_answer_map(scheme: Scheme) -> ClosedAnswerMap | None:
    """The ``[consultation.closed_answers]`` of a scheme (``voices.models.scheme.load_scheme``).

    A scheme without a mapping gives None (the report then shows the plain
    cross-table); question patterns that are not valid regexes are skipped with a log
    message.
    """
    section = scheme.closed_answers
    mapping = section.get("map", {})
    if not isinstance(mapping, dict) or not mapping:
        return None
    patterns = []
    for raw in section.get("questions", []) or []:
        try:
            patterns.append(re.compile(str(raw), re.IGNORECASE))
        except re.error as exc:
            log.warning("scheme %s: skipping question pattern %r (%s)", scheme.name, raw, exc)
    answers = {str(k).strip().casefold(): str(v) for k, v in mapping.items() if isinstance(v, str)}
    return ClosedAnswerMap(patterns, answers, scheme.proposition or None)


def ratings(rows: list[tuple[str | None, str | None]], fields: Sequence[str] = ()) -> list[CrossTable]:
    """Closed questions no free text explains: respondents per answer, overall and by each breakdown field.

    Every respondent counts once, whether or not they wrote any free text.
    """
    import json

    parsed = [(json.loads(a) if a else {}, json.loads(r)) for a, r in rows if r]
    out: list[CrossTable] = []
    for question in sorted({q for _a, r in parsed for q in r}):
        answered = [(a, r[question]) for a, r in parsed if r.get(question)]
        order = _answer_order({ans for _a, ans in answered})
        total = Counter(ans for _a, ans in answered)
        out.append(CrossTable(f"Ratings: {question}", "answer", "respondents", order, ["respondents"],
                              [[total[o]] for o in order]))
        for key in fields:
            values = sorted({_given(a.get(key)) for a, _ans in answered})
            cells = Counter((ans, _given(a.get(key))) for a, ans in answered)
            out.append(CrossTable(f"Ratings: {question} by {key}", "answer", key, order, values,
                                  [[cells[(o, v)] for v in values] for o in order]))
    return out


def _attribute(wanted: str, keys: list[str]) -> str:
    """The breakdown field ``--by`` names: exact, any case, a unique prefix, or a unique part of it."""
    low = wanted.casefold()
    for test in (lambda k: k == wanted, lambda k: k.casefold() == low,
                 lambda k: k.casefold().startswith(low), lambda k: low in k.casefold()):
        hits = [k for k in keys if test(k)]
        if len(hits) == 1:
            return hits[0]
    shown = "; ".join(keys) or "none (ingest a survey export with role, sector or region columns)"
    raise InputError(f"--by {wanted!r} names no single breakdown field; the fields are: {shown}")


# ---- campaigns -------------------------------------------------------------------------
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise_text(text: str) -> str:
    """Case-folded words only: the identity of a template text."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


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
    from voices.store.report_docs import ReportDocs

    with ReportDocs.from_frame(frame) as docs:
        return [docs.ids(group) for group in campaign_groups(docs, False, min_size, threshold)]


def campaign_groups(docs: ReportDocs, classified_only: bool, min_size: int = MIN_CAMPAIGN,
                    threshold: float = JACCARD) -> list[list[int]]:
    """Campaigns among the documents (only classified ones when asked): ``ord`` lists, as ``find_campaigns``.

    Identical texts share a normalised key (made in SQL, or here for texts Python's Unicode
    rules must normalise); near-identical keys are joined through MinHash candidate pairs.
    """
    extra = {o: normalise_text(t) for o, t in docs.unusual_texts(classified_only)}
    component = _near_duplicates(_shingles(docs.campaign_keys(classified_only, extra, MIN_CAMPAIGN_WORDS)), threshold)
    respondents = {pair: who for pair in docs.campaign_respondents() if (who := _respondent(*pair)) is not None}
    return docs.campaign_groups(component, respondents, min_size)


class _Shingles(NamedTuple):
    """Word bigrams of each key: key i has the distinct bigrams ``gram[start[i]:start[i + 1]]``,
    each an index into ``vocabulary``, which holds every distinct bigram once."""

    vocabulary: list[str]
    gram: np.ndarray
    start: np.ndarray


def _shingles(batches: Iterable[list[str]]) -> _Shingles:
    """Bigrams made and encoded by Arrow kernels (no Python per bigram: 0.24 s at 20k answers before)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    index: dict[str, int] = {}
    grams: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    for keys in batches:
        words = pc.split_pattern(pa.array(keys, type=pa.large_string()), " ")  # as str.split(" ")
        flat, ends = words.flatten(), np.asarray(words.offsets)[1:]
        # bigram i joins words i and i + 1 unless word i ends its key
        inside = np.ones(max(len(flat) - 1, 0), dtype=bool)
        inside[ends[(ends > 0) & (ends < len(flat))] - 1] = False
        pairs = pc.binary_join_element_wise(flat[:-1], flat[1:], pa.scalar(" ", pa.large_string())).filter(pa.array(inside))
        encoded = pc.dictionary_encode(pairs)
        # the batch's distinct bigrams -> process-wide indices (one dict operation per distinct bigram)
        local = np.array([index.setdefault(b, len(index)) for b in encoded.dictionary.to_pylist()], dtype=np.int64)
        n_pairs = np.diff(np.asarray(words.offsets)) - 1
        owner = np.repeat(np.arange(len(keys), dtype=np.int64), np.maximum(n_pairs, 0))
        # each key's distinct bigrams (a set, as the Jaccard similarity counts them)
        both = np.sort(owner * max(len(index), 1) + local[np.asarray(encoded.indices, dtype=np.int64)])
        both = both[np.r_[True, both[1:] != both[:-1]]] if len(both) else both  # np.unique hashes: 6x slower
        key, gram = np.divmod(both, max(len(index), 1))
        grams.append(gram)
        sizes.append(np.bincount(key, minlength=len(keys)))
    gram = np.concatenate(grams) if grams else np.zeros(0, np.int64)
    start = np.zeros(sum(len(x) for x in sizes) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(sizes) if sizes else np.zeros(0, np.int64), out=start[1:])
    return _Shingles(list(index), gram, start)


def _signatures(sh: _Shingles) -> np.ndarray:
    """MinHash signatures: per hash function (a*x + b) mod p, minimised over each key's bigrams,
    where x is the bigram's 4-byte BLAKE2b digest."""
    import numpy as np

    x = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big") for s in sh.vocabulary),
                    dtype=np.uint64, count=len(sh.vocabulary))
    rng = np.random.default_rng(0)
    mult = rng.integers(1, 1 << 31, size=_BANDS * _ROWS, dtype=np.uint64)
    add = rng.integers(0, 1 << 31, size=_BANDS * _ROWS, dtype=np.uint64)
    # a < 2**31 and x < 2**32 keep a*x + b below 2**64: no overflow in uint64
    hashed = (mult[:, None] * x[None, :] + add[:, None]) % np.uint64(_PRIME)  # function x distinct bigram
    n = len(sh.start) - 1
    sig = np.empty((n, _BANDS * _ROWS), dtype=np.uint64)
    lo = 0
    while lo < n:  # a block of keys at a time keeps the gathered bigrams small
        hi = min(n, max(lo + 1, int(np.searchsorted(sh.start, sh.start[lo] + _BLOCK_BIGRAMS, side="right")) - 1))
        block, at = sh.gram[sh.start[lo]:sh.start[hi]], sh.start[lo:hi] - sh.start[lo]
        for j, row in enumerate(hashed):  # one function at a time: its row stays in cache (8x faster)
            sig[lo:hi, j] = np.minimum.reduceat(row[block], at)
        lo = hi
    return sig


def _near_duplicates(sh: _Shingles, threshold: float) -> list[int]:
    """Component of each key: keys joined when a MinHash band puts them in one bucket with the
    bucket's first key and their bigram Jaccard similarity reaches ``threshold``."""
    import numpy as np

    n = len(sh.start) - 1
    if n == 0:
        return []
    sig = _signatures(sh)
    pairs = []
    for band in range(_BANDS):
        block = np.ascontiguousarray(sig[:, band * _ROWS:(band + 1) * _ROWS])
        _, first, inverse = np.unique(block, axis=0, return_index=True, return_inverse=True)
        first = first[inverse.ravel()]
        later = np.nonzero(first != np.arange(n))[0]
        pairs.append(np.stack([first[later], later], axis=1))
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    gram, start = sh.gram, sh.start
    cached: tuple[int, set[int]] = (-1, set())  # the bucket's first key, compared with many others
    for a, b in np.unique(np.concatenate(pairs), axis=0).tolist():
        if find(a) == find(b):
            continue
        if cached[0] != a:
            cached = (a, set(gram[start[a]:start[a + 1]].tolist()))
        other = gram[start[b]:start[b + 1]].tolist()
        both = len(cached[1].intersection(other))
        if both / (len(cached[1]) + len(other) - both) >= threshold:
            parent[find(b)] = find(a)
    return [find(i) for i in range(n)]


def _respondent(respondent_id: str | None, author: str | None) -> str | None:
    """Who sent a text (None: nobody named; the document id stands in)."""
    for col, value in (("respondent_id", respondent_id), ("author", author)):
        if isinstance(value, str) and value.strip():
            return f"{col}:{value.strip().casefold()}"
    return None


def campaigns(docs: ReportDocs, texts: Texts) -> list[Campaign]:
    """Describe each campaign: its size, the stance most of its copies carry, a snippet."""
    best: dict[int, tuple[int, int, str]] = {}
    for number, stance, count, first in docs.campaign_stances():
        if number not in best or (-count, first) < (-best[number][0], best[number][1]):
            best[number] = (count, first, stance)
    members = docs.campaign_members()
    firsts = docs.texts([first for _, _, first in members])
    texts.prefetch((ids[0], firsts.get(first)) for _, ids, first in members)
    return [
        Campaign(f"campaign-{number}", len(ids), best[number][2] if number in best else None,
                 [texts.doc_id(i) for i in ids],
                 texts.snippet(ids[0], firsts.get(first)))
        for number, ids, first in members
    ]


# ---- consultation breakdowns ---------------------------------------------------------
def _answer_order(answers: set[str]) -> list[str]:
    known = [a for a in LIKERT_ORDER if a in {x.casefold() for x in answers}]
    rank = {a: i for i, a in enumerate(known)}
    return sorted(answers, key=lambda a: (rank.get(a.casefold(), len(rank)), a.casefold()))


def _given(value: object) -> str:
    return value if isinstance(value, str) and value.strip() else NOT_GIVEN


def _cross(title: str, row_name: str, cells: list[tuple[str, str | None, int]], labels: list[str],
           order: list[str] | None = None) -> CrossTable:
    """A cross-table from (row value, stance column or None for uncertain, count) cells."""
    cols = [*labels, UNCERTAIN]
    counts: dict[str, Counter] = {}
    for value, column, n in cells:
        counts.setdefault(_given(value), Counter())[UNCERTAIN if column is None else column] += n
    rows = order or sorted(counts)
    return CrossTable(title, row_name, "stance", rows, cols, [[counts.get(r, Counter())[c] for c in cols] for r in rows])


def consultation(docs: ReportDocs, labels: list[str], mapping: ClosedAnswerMap | None, texts: Texts,
                 by: Sequence[str] = ()) -> Consultation | None:
    """Breakdowns of consultation answers (campaign copies beyond the first left out).

    ``by`` names breakdown fields (``attributes`` keys) to cross with stance.
    Returns None when there are no classified consultation answers.

    Raises
    ------
    InputError
        A ``by`` field no answer carries (the fields there are are listed).
    """
    cells = docs.answer_cells()  # (question key, question, respondent type, closed answer, column, n, first ord)
    if not cells:
        if by:
            raise InputError(f"--by {by[0]!r}: no classified consultation answers to break down")
        return None
    result = Consultation(answers=sum(c[5] for c in cells), mapping_used=mapping is not None)
    result.questions = question_shares(cells, labels)
    result.by_question = [_cross("Stance by question", "question", [(c[0], c[4], c[5]) for c in cells], labels)]
    result.by_respondent_type = _cross("Stance by respondent type", "respondent type",
                                       [(c[2], c[4], c[5]) for c in cells], labels)
    keys = docs.attribute_keys() if by else []
    fields = [_attribute(wanted, keys) for wanted in by]
    for key in fields:
        result.by_attribute.append(_cross(f"Stance by {key}", key, docs.attribute_cells(key), labels))
    result.ratings = ratings(docs.response_rows(), fields)
    combos: set[tuple[str | None, str, str]] = set()
    for q in sorted({c[0] for c in cells}):
        group = [c for c in cells if c[0] == q]
        closed = [c for c in group if c[3] is not None and str(c[3]).strip() != ""]
        if not closed:
            continue
        question = min(((c[6], c[1]) for c in group if isinstance(c[1], str)), default=(0, q))[1]
        order = _answer_order({str(c[3]) for c in closed})
        table = _cross(f"{q}: closed answer vs stance of the free text — {question}", "closed answer",
                       [(c[3], c[4], c[5]) for c in closed], labels, order)
        table.question_key = str(q)
        result.closed_vs_stance.append(table)
        if mapping is not None:
            combos.update((c[1], c[3], c[4]) for c in closed if _disagrees(mapping, c[1], c[3], c[4]))
    if mapping is not None:
        result.disagreements = _disagreements(docs, combos, mapping, texts)
    return result


def _disagrees(mapping: ClosedAnswerMap, question: str | None, answer: str, stance: str | None) -> bool:
    """A confident stance (not ``none``) other than the one the closed answer states."""
    expected = mapping.expected(question, answer)
    if expected is None or is_none_label(expected) or stance is None or is_none_label(stance):
        return False
    return stance != expected


def _disagreements(docs: ReportDocs, combos: set[tuple[str | None, str, str]], mapping: ClosedAnswerMap,
                   texts: Texts) -> list[Disagreement]:
    """The answers whose free text argues another stance than their closed answer states, by question."""
    rows = docs.answers_matching(sorted(combos, key=repr))
    by_q: dict[str, list[dict]] = {}
    for row in rows:
        by_q.setdefault(row["qkey"], []).append(row)
    texts.prefetch((row["id"], row["text"]) for row in rows)
    out = []
    for q in sorted(by_q):
        for row in by_q[q]:
            prob = row["stance_probability"]
            out.append(Disagreement(
                doc_id=texts.doc_id(row["id"]), question_id=row["question_id"], closed_answer=str(row["closed_answer"]),
                expected_stance=mapping.expected(row["question"], row["closed_answer"]), stance=row["eff_stance"],
                stance_probability=None if prob is None or prob != prob else float(prob),
                snippet=texts.snippet(row["id"], row["text"]),
            ))
    return out
