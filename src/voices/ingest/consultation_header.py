"""A consultation export's header written over two or three rows, merged into one (``merge_header_rows``).

Survey tools (Qualtrics, SurveyMonkey, SmartSurvey) write sub-labels or import ids under the
question texts; a hand-made sheet merges a question's cell over its closed answer and its
explanation (``merged_halves`` tells that shape, which ``voices.ingest.consultation`` also asks
to read a source stored before such sheets were read right the way it was stored).
"""

from __future__ import annotations

import re

from voices.ingest._tabular import Row, unique_header
from voices.ingest.base import ReadContext

_SUBHEADERS = frozenset({"response", "open-ended response", "other (please specify)", "comments", "answer"})
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"')
_BLANK_HEADER = re.compile(r"^column \d+$")  # what unique_header calls a blank header cell
# the label of a merged question cell's explanation half ("Please explain", "Reasons", "Comments")
_EXPLAIN = re.compile(r"\b(?:explain|explanation|why|reasons?|comments?|tell us more|give details|details)\b", re.I)


def merge_header_rows(header: list[str], sample: list[Row]) -> tuple[list[str], list[Row]]:
    """Survey tools that write the header over two or three rows, merged into one.

    Qualtrics writes short names, then the question texts, then ``{"ImportId": ...}``;
    SurveyMonkey and SmartSurvey write the question, then a row of sub-labels
    ("Response", "Open-Ended Response", choice names) with blank metadata cells.
    A hand-made sheet merges a question's cell over its closed answer and its explanation.
    Returns the merged header and the sample without the header rows.
    """
    rows = [cells for _n, _l, cells in sample[:2]]
    if len(rows) == 2 and any(_IMPORT_ID.match(c.strip()) for c in rows[1]):
        # keep Qualtrics' question codes (Q3) in front of the texts: they become question ids
        merged = [f"{name}. {text.strip()}" if re.match(r"^Q\d+$", name) and text.strip() else (text.strip() or name)
                  for name, text in zip(header, rows[0], strict=False)]
        return unique_header(merged), sample[2:]
    if rows and _is_subheader(rows[0], header, sample[1:]):
        # a merged cell's halves: the question names the closed half, the explanation keeps its own label and
        # follows it, as "Q1. Do you agree? Please explain" (a survey tool's sub-labels are added to the question)
        halves, merged, parent = merged_halves(rows[0], header), [], ""
        for name, raw in zip(header, rows[0], strict=False):
            blank = bool(_BLANK_HEADER.match(name))
            parent = parent if blank and parent else name
            sub = raw.strip()
            if halves:
                merged.append(sub if blank and sub else parent)
            else:
                merged.append(parent if not sub or sub.casefold() in ("response", "open-ended response")
                              else f"{parent} - {sub}")
        return unique_header(merged), sample[1:]
    return header, sample


def _is_subheader(cells: list[str], header: list[str], below: list[Row]) -> bool:
    """A row of sub-labels under the header: a survey tool's ("Response"), or a merged cell's halves.

    A spreadsheet whose question cell is merged over its closed answer and its explanation reads as a
    blank header cell, with the halves' labels ("Agree/Disagree", "Please explain") on the row below,
    whose respondent cells are blank; read as data, that row was an answer and the explanations had no
    question. A first respondent without an id is no such row when an answer of theirs is given again below
    ("Yes" under the question): their answers were dropped and their words made every explanation's question.
    """
    filled = [c.strip() for c in cells if c.strip()]
    if not filled or cells[0].strip() or any(len(c) > 80 for c in filled):
        return False
    if any(c.casefold() in _SUBHEADERS for c in filled):
        return True
    given = {(i, c.strip().casefold()) for _n, _l, row in below for i, c in enumerate(row) if c.strip()}
    return merged_halves(cells, header) and not any((i, c.strip().casefold()) in given for i, c in enumerate(cells))


def merged_halves(cells: list[str], header: list[str]) -> bool:
    """Labels only under merged header cells (a named cell, then blank ones), one of them an explanation's."""
    blank = [bool(_BLANK_HEADER.match(name)) for name in header]
    under = [i for i, c in enumerate(cells[: len(header)]) if c.strip()]
    return (len(under) == sum(1 for c in cells if c.strip())
            and all(blank[i] or (i + 1 < len(blank) and blank[i + 1]) for i in under)
            and all(len(cells[i].split()) <= 6 for i in under)
            and any(blank[i] and i and not blank[i - 1] and _EXPLAIN.search(cells[i]) for i in under))


# characters no one sees (zero-width spaces and joiners, a byte-order mark, a word joiner): a header copied with one
# was another question that reads the same ("...answer\u200b" beside "...answer")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_NUMBERED = re.compile(r"(.+) \((\d+)\)")  # ``unique_header``'s name for a repeated header


def repeated_questions(header: list[str], text: list[int], ctx: ReadContext) -> list[str]:
    """``header`` with each answer column whose header repeats an earlier one's named visibly, "(2)" after it.

    ``unique_header`` numbers an exact repeat; one differing by an invisible character only was stored as a question
    of its own that reads the same as the first. The column's question id stays its header's (its answers' ids, as
    stored before). Said once, for the first such answer column, with how many there are.
    """
    names, count, said = list(header), {}, []
    for i, name in enumerate(header):
        key = _INVISIBLE.sub("", name).strip()
        numbered = _NUMBERED.fullmatch(key)
        key = numbered[1] if numbered and numbered[1] in count else key
        count[key] = count.get(key, 0) + 1
        if count[key] > 1:
            names[i] = f"{key} ({count[key]})"
            said += [(i, key)] if i in text else []
    if said:
        i, key = said[0]
        first = next(n for n, name in enumerate(header) if _INVISIBLE.sub("", name).strip() == key)
        more = f" ({len(said) - 1} more such columns)" if len(said) > 1 else ""
        ctx.warn(f"column {i + 1}: its header repeats column {first + 1}'s ({key!r}){more}: its answers are stored as "
                 f"question {names[i]!r} (those stored before take the name when the file is ingested again with --replace, "
                 "ids and labels kept): if it is another question, give it a header of its own and ingest the file "
                 "again with --replace")
    return names
