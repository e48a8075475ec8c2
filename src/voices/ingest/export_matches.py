"""A voices export's rows matched with a source stored here under another id rule (``voices.ingest.export_rules``).

What such a source holds (``OtherRule``), where a stored row has each field (``ROW_*``), and the matching by
content of an export that does not say its rule: each row noted as it comes (``unsaid_row``: its columns
showing the other rule, ``_shows_other_rule``, or the same answer at the same row, ``_same_answer``) and the
rows keeping no id or name column given one stored answer each when the file ends (``one_each``). A rule-1
export row's kept name column is read as rule 2 reads the author (``named_in_columns``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

# where a stored row (``voices.ingest.rows.stored_row``, ``DOCUMENT_COLUMNS``' order) has the id, source id, kind,
# author, date, question, respondent id, closed answer, text and attributes (a test holds these against
# DOCUMENT_COLUMNS; importing the store here would load DuckDB)
(ROW_ID, ROW_SOURCE, ROW_KIND, ROW_AUTHOR, ROW_DATE, ROW_QUESTION, ROW_RESPONDENT, ROW_CLOSED, ROW_TEXT,
 ROW_ATTRIBUTES) = 0, 1, 3, 4, 5, 8, 9, 12, 13, 14
ROW_QUESTION_ID = 7
Content = tuple[str, str | None, str | None]  # a text's MD5, its author and date


@dataclass
class OtherRule:
    """A source of the export stored here under another id rule: what its rows are matched against."""

    given: int  # the export's rule
    stored: int  # the rule the source has here (it keeps it)
    ids: set[str]  # the source's stored document ids
    #: its stored documents by content, each id given out once
    held: dict[Content, list[str]] = field(default_factory=dict)
    present: int = 0  # export rows found stored by content: not added
    left_out: int = 0  # export rows not found: not added
    # an export that does not say its rule (``given`` 0): the columns the source keeps that rule 2 reads as the
    # respondent or author (under rule 1 only), and the ids of its rows not matched by id, stored until the file
    # ends shows whether they are to be taken back (``ExportRules._settle_unsaid_rules``): the ones among them
    # whose content a stored document holds and whose columns show the other rule (``candidates``), the stored
    # documents the export holds under their own ids (``by_id``: no other row's), and whether a row kept a column
    # only the source's own rule keeps (``own``: its ids are the source's)
    kept: frozenset[str] = frozenset()
    pending: list[str] = field(default_factory=list)
    candidates: dict[str, Content] = field(default_factory=dict)
    by_id: set[str] = field(default_factory=set)
    own: bool = False
    # an export that does not say its rule: the source's answers numbered by row (``answers_by_row``), and its rows
    # keeping no id or name column with the stored answers they may be (``_same_answer``): row id -> documents
    by_row: dict[str, tuple] = field(default_factory=dict)
    exact: dict[str, list[str]] = field(default_factory=dict)
    # and each such export row's respondent, with every answer of the export's respondents (closed answer,
    # attributes): a row is compared whole, all its closed answers and kept values (``one_each``)
    respondent: dict[str, str] = field(default_factory=dict)
    answers: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    # an export that says its rule: the stored documents given to a row matched by content, with that row's
    # place in ``incoming``, its content and the row, so a row holding one by id later takes it back
    # (``ExportRules._held_by_id``)
    given_out: dict[str, tuple[int, Content, tuple]] = field(default_factory=dict)


def one_each(other: OtherRule) -> dict[str, str]:
    """The export's rows keeping no id or name column, each given the first stored answer it may be that is free.

    One to one: an answer no row holds by id, given out once, in the export's order, so one respondent's same
    words for two questions take the two stored answers, and a row more than the source holds takes none. The
    respondent rows must agree whole (``_row_values``: every closed answer and kept value of each side's row).
    """
    given: dict[str, str] = {}
    stored: dict[str, list[tuple]] = defaultdict(list)  # the source's respondents numbered by row: their answers
    for _kind, respondent, _question, closed, attributes in other.by_row.values():
        stored[respondent].append((closed, attributes))
    for row, docs in other.exact.items():
        mine = _row_values(other.answers[other.respondent[row]])
        doc = next((d for d in docs if d not in other.by_id and d not in given.values()
                    and _among(mine, _row_values(stored[other.by_row[d][1]]))), None)
        if doc is not None:
            given[row] = doc
    return given


def unsaid_row(other: OtherRule, row: tuple, content: Content) -> None:
    """Note a row of an export that does not say its rule, not matched by id, for ``ExportRules._settle_unsaid_rules``."""
    import json

    from voices.ids import FIRST_ID_RULE

    other.pending.append(row[ROW_ID])
    keys = json.loads(row[ROW_ATTRIBUTES]) if row[ROW_ATTRIBUTES] else {}
    if other.stored == FIRST_ID_RULE and not other.kept.isdisjoint(keys):
        other.own = True  # rule 2 reads that column as the respondent or author: only rule 1 keeps it
    elif content in other.held and _shows_other_rule(other, row):
        other.candidates[row[ROW_ID]] = content
    elif content in other.held and (docs := _same_answer(other, row, content)):
        other.exact[row[ROW_ID]] = docs
        other.respondent[row[ROW_ID]] = row[ROW_RESPONDENT]
    other.answers[row[ROW_RESPONDENT]].append((row[ROW_CLOSED], row[ROW_ATTRIBUTES]))


def _same_answer(other: OtherRule, row: tuple, content: Content) -> list[str]:
    """The stored answers, in place order, an export row keeping no id or name column may be, read by the other rule.

    Without such a column both rules number respondents by row, and read otherwise only a question ("Please
    give reasons for your answer": rule 2 pairs it with the closed question before it, whose answer rule 1
    keeps as a column), so the ids differ and no column shows the rule. The same row, kind, text of three words
    or more, author, date and kept values tell the answer. Kept values: rule 1 keeps every closed answer of the
    row as a column of each answer, rule 2 files each as its own answer's closed answer, so one side's values
    are among the other's (with two paired questions, Yes and Yes against Yes). Left unmatched, every such row
    was stored again. One respondent's same words for two questions are two such answers: given out one each
    when the file ends (``ExportRules._settle_unsaid_rules``), in place order.
    """
    from voices.ingest.consultation_columns import rules_read_alike
    from voices.store.stored_part import MIN_WORDS

    if len(row[ROW_TEXT].split()) < MIN_WORDS or not other.by_row:
        return None
    mine = _kept_values(row[ROW_CLOSED], row[ROW_ATTRIBUTES])
    found = [d for d in reversed(other.held[content]) if (at := other.by_row.get(d)) is not None
             and (at[0], at[1]) == (row[ROW_KIND], row[ROW_RESPONDENT]) and _among(mine, _kept_values(at[3], at[4]))
             and not rules_read_alike([], [row[ROW_QUESTION] or "", at[2] or ""])]
    return found  # held is reversed (pop() gives the first place first): reversed again, in place order


def _kept_values(closed: str | None, attributes: str | None) -> Counter[str]:
    """An answer's kept values: its closed answer and its columns' (rule 1 keeps the one as a column)."""
    import json

    values = list(json.loads(attributes).values()) if attributes else []
    return Counter(str(v) for v in [*values, closed] if v is not None)


def _row_values(answers: list[tuple]) -> Counter[str]:
    """A respondent row's kept values: every answer's closed answer, and the columns the answers keep (each once).

    Rule 1 keeps all the row's closed answers as columns of each answer, rule 2 files each with its own answer:
    read whole, both give the row's. Compared answer by answer, another person at the same row number with the
    same words and first closed answer (Yes against Yes, Yes) was taken for the stored one, and lost.
    """
    import json

    closed = Counter(str(c) for c, _ in answers if c is not None)
    columns: Counter[str] = Counter()
    for _, attributes in answers:
        columns |= Counter(str(v) for v in (json.loads(attributes) if attributes else {}).values() if v is not None)
    return closed + columns


def _among(one: Counter[str], other: Counter[str]) -> bool:
    """Whether one answer's kept values are all among the other's, either way round.

    >>> _among(Counter(["Yes"]), Counter(["Yes", "No"])), _among(Counter(["Yes", "Yes"]), Counter(["Yes", "No"]))
    (True, False)
    """
    return not (one - other) or not (other - one)


def _shows_other_rule(other: OtherRule, row: tuple) -> bool:
    """Whether an export row's kept columns show it read by another rule than the source's, its text telling.

    Rule 1 keeps a respondent id or name column that rule 2 reads as the respondent or author: a row keeping
    one is rule 1's; in a source keeping one (stored under rule 1) a row keeping none of them is rule 2's.
    Matched by content without this, a new answer in the words of a stored one the export lacks (a campaign's
    copy) was taken for it and lost.
    """
    import json

    from voices.ids import FIRST_ID_RULE
    from voices.ingest.consultation_columns import rules_read_alike
    from voices.store.stored_part import MIN_WORDS

    if len(row[ROW_TEXT].split()) < MIN_WORDS:  # "Yes" or "Agreed" is anybody's
        return False
    keys = list(json.loads(row[ROW_ATTRIBUTES])) if row[ROW_ATTRIBUTES] else []
    if other.stored == FIRST_ID_RULE:
        return bool(other.kept) and other.kept.isdisjoint(keys)
    return not rules_read_alike(keys, [])


def named_in_columns(other: OtherRule, row: tuple) -> str | None:
    """The author rule 2 reads from a rule-1 export row's kept name column ("Your name (optional)"), else None:
    read as blank, a stored answer of that name was counted as not stored, and ``--keep-export-ids`` stored it again."""
    from voices.ids import ANY_ID_RULE, FIRST_ID_RULE
    from voices.store.export_kept import as_named

    if other.given not in (FIRST_ID_RULE, ANY_ID_RULE) or other.stored == FIRST_ID_RULE or row[ROW_AUTHOR] is not None:
        return None
    return as_named(None, None, row[ROW_ATTRIBUTES])[0]
