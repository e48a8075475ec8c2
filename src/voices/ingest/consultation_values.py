"""What a consultation column's sampled values say it holds: free text, a closed question's scale, or labels.

``column_kind`` sorts a column as "text", "closed" or "other" by its values; the helpers here tell
answers pasted by many (``copied_answers``), short answers under a header that names them
(``named_answers``), a respondent's type, a long-format export's question column and a breakdown
category by theirs; ``unread`` finds the columns of written answers left out. Which column has which
role is decided from these and the headers in ``voices.ingest.consultation_columns``.
"""

from __future__ import annotations

import re
from collections import Counter

from voices.ingest._tabular import Row
from voices.ingest.base import iso_datetime

NON_ANSWERS = frozenset({"", "n/a", "na", "n.a.", "none", "-", "--", "—", "–", "nil", "."})
_SCALE = frozenset(
    "agree disagree strongly tend to neither nor somewhat slightly yes no don't dont know not sure "
    "unsure support oppose partly partially undecided neutral n/a very poor good fair excellent average "
    "satisfied dissatisfied likely unlikely important unimportant extremely quite fairly not at all".split()
)
# a question, maybe with a short prompt after it ("... a four-day week? Why?", "...? Please explain")
_QUESTION_HEADER = re.compile(r"\?(?:\s+[^?\s]+){0,5}\??\s*$")
# a header that says its column holds written answers: trusted when no column's values look like free text
TEXT_HEADER = re.compile(
    r"^(?:your |any (?:other |further )?|additional |general |free[- ]?text |open )?"
    r"(?:comments?|responses?|answers?|feedback|text|views?|remarks?|thoughts|suggestions?|opinions?|"
    r"explanation|reasons?|message|reply|what you (?:said|told us))$|" + _QUESTION_HEADER.pattern,
    re.I,
)


def _is_scale(values: list[str]) -> bool:
    words = [set(re.findall(r"[a-z/']+", v.casefold())) for v in values]
    return bool(values) and all(w and w <= _SCALE for w in words)


def column_kind(values: list[str]) -> str:
    """"closed", "text" or "other" from a sample of a column's non-blank values.

    Free text is told by its content: answers of several words that mostly differ.
    A column of short labels repeated across respondents (a role, a sector, a
    consent choice) is not free text, however long the labels are.
    """
    answers = [v.strip() for v in values if v.strip().casefold() not in NON_ANSWERS]
    if not answers:
        return "other"
    if _is_scale(answers):
        return "closed"
    words = [len(v.split()) for v in answers]
    if (max(words) >= 6 or sum(words) / len(words) >= 4) and _varied(answers):
        return "text"
    lengths = [len(v) for v in answers]
    if len(set(answers)) <= 6 and max(lengths) <= 25 and len(answers) >= 10:
        return "closed"
    return "other"


# A sample of fewer answers than this is too small to show labels repeating: it counts as varied.
_FEW_ANSWERS = 8


def _varied(values: list[str]) -> bool:
    """Answers that mostly differ: at least one, and half of them distinct (a column of short labels is not)."""
    answers = [v.strip().casefold() for v in values if v.strip().casefold() not in NON_ANSWERS]
    return bool(answers) and (len(answers) < _FEW_ANSWERS or len(set(answers)) / len(answers) >= 0.5)


def copied_answers(header: str, values: list[str]) -> bool:
    """Written answers that repeat, under a header that names them: a campaign's text pasted by many.

    Copies make a column of answers look like a closed question's labels (fewer than half distinct),
    and the column was ignored, its answers lost without a word. A closed question's options are each
    picked by several respondents; here many answers are one respondent's own: at least
    ``_FEW_ANSWERS``, and a quarter of the answers, are given once.
    """
    answers = [v.strip() for v in values if v.strip().casefold() not in NON_ANSWERS]
    if not answers or not TEXT_HEADER.search(header.strip()):
        return False
    words = [len(v.split()) for v in answers]
    if max(words) < 6 and sum(words) / len(words) < 4:
        return False
    counts = Counter(answers)
    once = sum(1 for n in counts.values() if n == 1)
    return once >= max(_FEW_ANSWERS, len(answers) / 4)


def named_answers(header: str, values: list[str]) -> bool:
    """Answers under a header that names them: varied, or under a question, anything but a few short labels.

    People answering the same question write the same words often ("Nothing to add",
    "Against."), so a question's column need not mostly differ; its closed twin
    ("Yes"/"No", a handful of options) repeats a few short labels, and is not the text.
    """
    if _varied(values):
        return True
    answers = [v.strip().casefold() for v in values if v.strip().casefold() not in NON_ANSWERS]
    if not answers:
        return False
    labels = len(set(answers)) <= _FEW_LABELS and max(len(v.split()) for v in answers) <= 6
    return bool(_QUESTION_HEADER.search(header.strip())) and not labels


# A column with no more distinct values than this, all short, is a closed question's options.
_FEW_LABELS = 12


# the name ``voices.ingest._tabular.unique_header`` gives a column without a header
_HEADERLESS = re.compile(r"column \d+")
# how ``unread`` ends its word on a column the sample leaves blank; ``late_advice`` tells it again from later answers
LATE_TEXT = ": to store them, name every answer column with --text-column, this one too"
LATE_CLOSED = (": they are a closed question's options, not written answers (no --text-column for it): to count them, "
               'give it the role "closed" in a --mapping (ingest --preview FILE --save-mapping MAP.toml writes one to edit)')


def late_advice(after: str, values: list[str], how: str) -> str | None:
    """``unread``'s ``after`` told again by ``values``, the column's first answers, as ``how`` says: "said" as it
    is; for a column the sample left blank, "late" (its header names answers, ``TEXT_HEADER``) or "unnamed".
    None when there is nothing to say.

    A closed question answered only after the rows scanned ("Likely", "Unlikely") was advised as an answer column
    (``--text-column``, which stores each option as a written answer): its options get the way to count them. Under
    a header naming no answers ("If other, please specify"), written answers and a closed question's options are said
    ("Rating": its 15,000 ratings were left out with warnings []); dates there are not.
    """
    answers = [v for v in values if v.casefold() not in NON_ANSWERS]
    if how == "said" or not answers:
        return after if how != "unnamed" else None
    kind = column_kind(answers)
    if how == "unnamed" and kind != "text":
        closed = kind == "closed" or _options(answers)
        return after.removesuffix(LATE_TEXT) + LATE_CLOSED if closed and not _dates(answers) else None
    labels = len(set(answers)) <= _FEW_LABELS and max(len(v.split()) for v in answers) <= 6
    if how == "late" and (kind == "closed" or (labels and len(answers) >= _FEW_ANSWERS)):
        return after.removesuffix(LATE_TEXT) + LATE_CLOSED
    return after


_DATE_SHAPE = re.compile(r"\d[-/.:]\d")


def _dates(values: list[str]) -> bool:
    """A column of dates or times ("2024-01-05"): what a form stamps, no question's options."""
    return all(_DATE_SHAPE.search(v) and iso_datetime(v) for v in values)


# more different answers than this are no closed question's options (a county list's 48 are said as answers)
_MAX_OPTIONS = 30


def _options(values: list[str]) -> bool:
    """A closed question's options, however many (15 regions): each picked by several respondents, hardly one by
    one alone, as people's own short answers are. Read as a breakdown category, they were said as answers left
    out, with --text-column as the way to store them: each region a written answer."""
    counts = Counter(v.casefold() for v in values)
    once = sum(1 for n in counts.values() if n == 1)
    return len(counts) <= _MAX_OPTIONS and len(values) >= 3 * len(counts) and once <= len(counts) // 10


def unread(columns: list[tuple[str, str, list[str]]], sample: list[Row],
           meta: set[int]) -> list[tuple[int, str, str, str]]:
    """The columns of written answers under a question left out, their answers not stored: to say so, each as its
    index and the warning's words before and after the count of its answers (the whole file's, ``consultation``
    counts them as it reads: counted in the sample alone, a 5,000-row sheet's 5,000 were said to be 500).

    Not a survey tool's column (``meta``: consent, status) nor a closed question's long options: more
    different answers than a closed question has options (``_FEW_LABELS``). Short answers a question's
    column holds (``named_answers``) are read as text only when no column of long ones is found: beside
    one, they are a breakdown category, no answers of their own; said when enough (``_FEW_ANSWERS``) show it.
    A column the sample leaves blank is said only when the rows after it answer it (``consultation``, by
    ``late_advice``): answered from row 6,000 of a 7,000-row sheet, a question's 1,001 answers were left out without
    a word; so were an 'If other, please specify' column's, whose header names no answers. Each entry: the column's
    index, the words before and after its count, and how ``late_advice`` reads them ("said", "late", "unnamed").
    """
    said = []
    for i, (name, role, _examples) in enumerate(columns):
        values = [cells[i].strip() for _n, _l, cells in sample if cells[i].strip().casefold() not in NON_ANSWERS]
        named = bool(TEXT_HEADER.search(name))
        # answered, if at all, only after the rows its role was told by: said when it is (not a column without a
        # header, as a sheet's blank trailing ones are: each would be counted row by row)
        if not values and role == "ignore" and i not in meta and (named or not _HEADERLESS.fullmatch(name)):
            said.append((i, f"column '{name}': ",
                         f" answers left out, as the first {len(sample):,} rows leave it blank{LATE_TEXT}",
                         "late" if named else "unnamed"))
        if role not in ("ignore", "category") or i in meta or not named or not values:
            continue
        words = [len(v.split()) for v in values]
        if role == "ignore" and len(set(values)) > _FEW_LABELS and (max(words) >= 6 or sum(words) / len(words) >= 4):
            said.append((i, f"column '{name}': ", " written answers left out, as they repeat like a closed question's "
                         "options: to store them, name every answer column with --text-column, this one too", "said"))
        elif (max(words) < 6 and sum(words) / len(words) < 4 and len(values) >= _FEW_ANSWERS  # fewer: a role's
              and named_answers(name, values) and not _options(values)):  # labels look alike; longer: a closed
            # question's long options
            how = "read as a breakdown category" if role == "category" else "left out"
            said.append((i, f"column '{name}': ", f" short answers not stored as answers ({how}): to store them, "
                         "name every answer column with --text-column, this one too", "said"))
    return said


def looks_like_types(values: list[str]) -> bool:
    """A respondent's type ("Social worker", "Parent"): a few short labels that respondents share."""
    answers = [v.strip().casefold() for v in values if v.strip()]
    return (bool(answers) and max(len(v.split()) for v in answers) <= 6
            and len(set(answers)) <= max(_FEW_LABELS, len(answers) // 4))


def repeats(values: list[str]) -> bool:
    """Values respondents share (the question each row answers), not one per row."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and (len(filled) < _FEW_ANSWERS or len(set(filled)) <= len(filled) / 2)


def is_category(sample: list[Row], i: int) -> bool:
    """Short labels that respondents share (a role, a sector, a region): a breakdown, not an answer."""
    values = [cells[i].strip() for _n, _l, cells in sample if cells[i].strip()]
    return bool(values) and max(len(v.split()) for v in values) <= 6
