"""A voices export read into a corpus that holds its source under another id rule (``voices.ids``).

An export carries each document's ids and, in its ``id_rule`` field, the rule its source's ids were made
by. Merging corpora (``voices export`` from one, ``voices ingest`` of the file into another) where both
stored the same consultation file, one under rule 1 and one under rule 2, gave the same answers under
other ids: every answer was stored a second time in the one source. The source keeps the rule it has
here; an export row whose id the source lacks is matched with a stored document of the same text,
author and date (each stored document matched once), and counted as already present. A row no stored
document matches is not added either: under the export's rule its id is not one the source's own file
gives here, so a later ingest of that file would store the answer twice. The file says how many of each.

Most files are read alike by both rules (no ``respondent_id`` column, no unpaired "reasons" question:
``voices.ingest.consultation_columns.rules_read_alike``), and there the export's ids are the ones the
source's own file gives here: a rule-1 export row read so is added as usual (it was refused, under a
warning untrue for that file, and the answer lost), and so is every row of a rule-2 export whose source
is stored here under rule 1 and read alike, as its stored documents show.

An export from before the ``id_rule`` field does not say its rule. Read into a source stored here under
rule 1 or 2 its ids were taken as the source's, and an export by the other rule stored every answer again.
Its rows are settled when the file ends. A row whose id the source lacks is matched by content alone when
its text has three words or more, a stored document of it is not in the export under its own id, and its
kept columns show the other rule (``_shows_other_rule``), or, keeping no id or name column, it is the one stored
answer of its row, kind and kept values (``_same_answer``); such a row counts as present, and the rows matched
by neither, stored meanwhile, are then taken back, counted and warned about. With no such match, or with a
row keeping a column only the source's own rule keeps, the export is taken to be by the source's own rule,
and they stay, as before.

``FileLoader`` (``voices.ingest.file_loader``) inherits these checks and holds the state they read.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# where a stored row (``voices.ingest.rows.stored_row``, ``DOCUMENT_COLUMNS``' order) has the id, source id,
# author, date and text (a test holds these against DOCUMENT_COLUMNS; importing the store here would load DuckDB)
_ID, _SOURCE, _KIND, _AUTHOR, _DATE, _QUESTION, _RESPONDENT, _CLOSED, _TEXT, _ATTRIBUTES = 0, 1, 3, 4, 5, 8, 9, 12, 13, 14
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
    # ends shows whether they are to be taken back (``_settle_unsaid_rules``): the ones among them whose content
    # a stored document holds and whose columns show the other rule (``candidates``), the stored documents the
    # export holds under their own ids (``by_id``: no other row's), and whether a row kept a column only the
    # source's own rule keeps (``own``: its ids are the source's)
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
    # attributes): a row is compared whole, all its closed answers and kept values (``_same_row``)
    respondent: dict[str, str] = field(default_factory=dict)
    answers: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    # an export that says its rule: the stored documents given to a row matched by content, with that row's
    # place in ``incoming``, its content and the row, so a row holding one by id later takes it back (``_held_by_id``)
    given_out: dict[str, tuple[int, Content, tuple]] = field(default_factory=dict)


class ExportRules:
    """The checks of a voices export's rows against sources stored here under another id rule."""

    def _export_rule(self, sid: str, given: int, kind: str = "consultation") -> None:
        """Read source ``sid`` of a voices export by the rule the export says (``given``, 0: not said).

        A source new here takes the export's rule; one stored as rule 0 (an older export brought it)
        learns it; a source stored under another rule keeps its own, and its rows are matched
        (``_other_rule_row``), when it is a consultation: the rules read only consultations' columns
        otherwise, and a thread's documents have the same ids by every rule (a reply new here is added).
        """
        from voices.ids import ANY_ID_RULE, FIRST_ID_RULE
        from voices.ingest.consultation_columns import rules_read_alike
        from voices.store import export_kept
        from voices.store.ingest_docs import answers_by_row, held_places, source_columns

        stored = self.corpus.id_rule(sid)
        if stored is None or stored == ANY_ID_RULE:
            self.ctx.id_rules[sid] = given
            return
        self.ctx.id_rules[sid] = stored
        if given == stored or kind != "consultation":
            return
        if stored == FIRST_ID_RULE and rules_read_alike(*source_columns(self.corpus, sid)):
            return  # its file is read alike by the export's rule: the export's ids are the ones it gives here
        held: dict[Content, list[str]] = defaultdict(list)
        ids: set[str] = set()
        # a rule-2 export names the author a rule-1 source keeps as a column: held under that name, or stored twice
        named = export_kept.named_authors(self.corpus, sid) if stored == FIRST_ID_RULE and given > stored else {}
        for doc, digest, author, posted_at, _parent in reversed(held_places(self.corpus, sid)):
            held[(digest, named.get(doc, author), posted_at)].append(doc)  # reversed: pop() gives the first first
            ids.add(doc)
        kept = frozenset(c for c in source_columns(self.corpus, sid)[0] if not rules_read_alike([c], []))
        by_row = answers_by_row(self.corpus, sid) if given == ANY_ID_RULE else {}
        self.other_rule[sid] = OtherRule(given, stored, ids, dict(held), kept=kept, by_row=by_row)

    def _other_rule_row(self, row: tuple) -> bool:
        """Whether an export row of a source stored under another rule is left out (counted, not added)."""
        from voices.ids import ANY_ID_RULE

        other = self.other_rule[row[_SOURCE]]
        if row[_ID] in other.ids:
            self._held_by_id(other, row[_SOURCE], row[_ID])
            return False  # the same id by either rule: stored already, counted as usual
        content = (hashlib.md5(row[_TEXT].encode("utf-8"), usedforsecurity=False).hexdigest(), row[_AUTHOR], row[_DATE])
        if content not in other.held and (named := _named_in_columns(other, row)) is not None:
            content = (content[0], named, content[2])  # rule 1 kept the name column: rule 2 reads it as the author
        if other.given == ANY_ID_RULE:
            _unsaid_row(other, row, content)
            return False  # stored, until the file ends
        copies = [d for d in other.held.get(content, []) if d not in other.by_id]
        if not copies and self._read_alike(other, row):
            return False  # the id its file gives here too: added as usual
        if not copies and self.options.keep_export_ids:
            self.export_ids[row[_SOURCE]].append(row[_ID])  # not the id its file gives: noted for that file
            return False
        self.result.documents += 1
        if copies:
            other.held[content].remove(copies[-1])  # the last: pop() gives the first place first
            other.given_out[copies[-1]] = (len(self.incoming[row[_SOURCE]]), content, row)
            self.incoming[row[_SOURCE]].append(copies[-1])  # the stored document stands where this row is
            other.present += 1
            self.result.already_present += 1
        else:
            other.left_out += 1
            self.result.not_added_other_rule += 1
        return True

    def _held_by_id(self, other: OtherRule, sid: str, doc: str) -> None:
        """A row of the export holds stored document ``doc`` by its id: no other row's match by content.

        A second unsigned copy of a campaign's words, new here, met the stored copy the export also holds by
        id, and was said "stored here already": the user had no reason to ingest the file that adds it. The row
        given ``doc`` takes another free copy, or is counted as not added, with the way to add it (with
        ``--keep-export-ids`` it is stored, at its place, under its own id).
        """
        other.by_id.add(doc)
        if doc not in other.given_out:
            return
        at, content, row = other.given_out.pop(doc)
        free = [d for d in other.held.get(content, []) if d not in other.by_id]
        if free:
            other.held[content].remove(free[-1])
            other.given_out[free[-1]] = (at, content, row)
            self.incoming[sid][at] = free[-1]
            return
        other.present -= 1
        self.result.already_present -= 1
        if self.options.keep_export_ids:
            self.incoming[sid][at] = row[_ID]  # its place: _merge_positions orders the source by ``incoming``
            self.export_ids[sid].append(row[_ID])
            self.result.documents -= 1  # counted again as the batch is stored
            self.positions[sid] += 1
            self.batch.append((*row[:2], self.positions[sid], *row[3:]))
            return
        self.incoming[sid][at] = ""  # no document: filtered out when the file ends (``_settle_unsaid_rules``)
        other.left_out += 1
        self.result.not_added_other_rule += 1

    def _settle_unsaid_rules(self) -> None:
        """Take back the rows stored meanwhile of an export that does not say its rule, if it proved another.

        A row of it matched by content alone to a stored document the export does not hold under its own id
        (each given out once), its columns showing the other rule (``_unsaid_row``), shows an export by the
        other rule, unless a row kept a column only the source's own rule keeps: the matched rows are taken
        back as present, and its rows matched by neither id nor content, whose ids the source's own file does
        not give here, are taken back, counted and warned about; without such a match they all stay, as before.
        Matched as they came, a second unsigned campaign copy new here took the stored copy the export held by
        id, and the export's new answers were taken back with it: all lost.
        """
        from voices.store.stored_part import drop_source

        for sid, other in self.other_rule.items():
            if "" in self.incoming.get(sid, ()):  # rows whose stored document another row held by id
                self.incoming[sid] = [d for d in self.incoming[sid] if d]
            if other.own or not (other.candidates or other.exact):
                continue
            present = _one_each(other)
            free = {k: [d for d in docs if d not in other.by_id and d not in present.values()]
                    for k, docs in other.held.items()}
            present.update({row: free[k].pop() for row, k in other.candidates.items() if free.get(k)})
            if not present:
                continue
            # --keep-export-ids: the rows matched by neither stay, under the export's ids
            gone = [d for d in other.pending if d in present] if self.options.keep_export_ids else other.pending
            if self.options.keep_export_ids:
                self.export_ids[sid] += [d for d in other.pending if d not in present]
            drop_source(self.corpus, sid, known=True, ids=gone)
            taken = set(gone)
            self.incoming[sid] = [present.get(d, d) for d in self.incoming[sid] if d not in taken or d in present]
            other.present += len(present)
            other.left_out += len(taken) - len(present)
            self.result.added -= len(taken)
            self.result.already_present += len(present)
            self.result.not_added_other_rule += len(taken) - len(present)

    def _record_export_ids(self) -> None:
        """Record the answers --keep-export-ids stored under the export's ids (``voices.store.export_kept``)."""
        from voices.store import export_kept

        for sid, ids in sorted(self.export_ids.items()):
            kept = set(self.incoming.get(sid, ()))
            export_kept.record(self.corpus, sid, [d for d in ids if d in kept])

    def _kept_answer(self, row: tuple) -> bool:
        """Whether a new row of a file is an answer --keep-export-ids stored under an export's id (then counted).

        Not the id the source's own file gives it here: the file's row of the same text, author and date was stored
        again. Given out once each, in place order, of the row's respondent when both name one, whose id it takes.
        """
        from voices.store import export_kept

        doc = export_kept.kept_answer(self.kept_held[row[_SOURCE]], row[_TEXT], row[_AUTHOR], row[_DATE],
                                      row[_RESPONDENT], row[_ATTRIBUTES], lambda: not self.corpus.stored_ids([row[_ID]]))
        if doc is None:
            return False  # none, or the row's own id is stored: that document
        export_kept.adopt(self.corpus, row[_SOURCE], doc, row[_RESPONDENT], row[_AUTHOR])
        self.incoming[row[_SOURCE]].append(doc)  # the stored answer stands where this row is
        self.result.documents += 1
        self.result.already_present += 1
        return True

    @staticmethod
    def _read_alike(other: OtherRule, row: tuple) -> bool:
        """Whether rule 1, the export's, read ``row`` as the rule stored here would (its kept columns, question)."""
        import json

        from voices.ids import FIRST_ID_RULE
        from voices.ingest.consultation_columns import rules_read_alike

        if other.given != FIRST_ID_RULE:
            return False  # a rule-2 row shows no column rule 1 read otherwise: the stored source's tell (above)
        columns = json.loads(row[_ATTRIBUTES]) if row[_ATTRIBUTES] else {}
        return rules_read_alike(columns, [row[_QUESTION] or ""])

    def _warn_other_rule(self) -> None:
        """Say, per source, what was done with the rows of a source stored here under another rule."""
        for sid, other in sorted(self.other_rule.items()):
            if not other.present and not other.left_out:
                continue
            done = []
            if other.present:
                done.append(f"{other.present} {_is(other.present)} stored here already (same text, author and date), "
                            "not added again")
            if other.left_out:
                it = "it" if other.left_out == 1 else "them"
                done.append(f"{other.left_out} {_is(other.left_out)} not stored here and not added, as the export's ids are not "
                            f"the ones this source's own file gives here: ingest that file (read by rule "
                            f"{other.stored}) to add {it}, or give --keep-export-ids to store {it} under the "
                            f"export's ids (a later ingest of that file counts {it} as stored)")
            given = (f"this export has it under rule {other.given}, so its answers have other ids" if other.given else
                     "this export does not say the rule its ids were made by (an export from before the id_rule "
                     "field), and they are not this source's")
            self.ctx.warn(f"source {sid} is stored here under id rule {other.stored} and {given}: {'; '.join(done)}")


def _one_each(other: OtherRule) -> dict[str, str]:
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


def _unsaid_row(other: OtherRule, row: tuple, content: Content) -> None:
    """Note a row of an export that does not say its rule, not matched by id, for ``_settle_unsaid_rules``."""
    import json

    from voices.ids import FIRST_ID_RULE

    other.pending.append(row[_ID])
    keys = json.loads(row[_ATTRIBUTES]) if row[_ATTRIBUTES] else {}
    if other.stored == FIRST_ID_RULE and not other.kept.isdisjoint(keys):
        other.own = True  # rule 2 reads that column as the respondent or author: only rule 1 keeps it
    elif content in other.held and _shows_other_rule(other, row):
        other.candidates[row[_ID]] = content
    elif content in other.held and (docs := _same_answer(other, row, content)):
        other.exact[row[_ID]] = docs
        other.respondent[row[_ID]] = row[_RESPONDENT]
    other.answers[row[_RESPONDENT]].append((row[_CLOSED], row[_ATTRIBUTES]))


def _same_answer(other: OtherRule, row: tuple, content: Content) -> list[str]:
    """The stored answers, in place order, an export row keeping no id or name column may be, read by the other rule.

    Without such a column both rules number respondents by row, and read otherwise only a question ("Please
    give reasons for your answer": rule 2 pairs it with the closed question before it, whose answer rule 1
    keeps as a column), so the ids differ and no column shows the rule. The same row, kind, text of three words
    or more, author, date and kept values tell the answer. Kept values: rule 1 keeps every closed answer of the
    row as a column of each answer, rule 2 files each as its own answer's closed answer, so one side's values
    are among the other's (with two paired questions, Yes and Yes against Yes). Left unmatched, every such row
    was stored again. One respondent's same words for two questions are two such answers: given out one each
    when the file ends (``_settle_unsaid_rules``), in place order.
    """
    from voices.ingest.consultation_columns import rules_read_alike
    from voices.store.stored_part import MIN_WORDS

    if len(row[_TEXT].split()) < MIN_WORDS or not other.by_row:
        return None
    mine = _kept_values(row[_CLOSED], row[_ATTRIBUTES])
    found = [d for d in reversed(other.held[content]) if (at := other.by_row.get(d)) is not None
             and (at[0], at[1]) == (row[_KIND], row[_RESPONDENT]) and _among(mine, _kept_values(at[3], at[4]))
             and not rules_read_alike([], [row[_QUESTION] or "", at[2] or ""])]
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

    if len(row[_TEXT].split()) < MIN_WORDS:  # "Yes" or "Agreed" is anybody's
        return False
    keys = list(json.loads(row[_ATTRIBUTES])) if row[_ATTRIBUTES] else []
    if other.stored == FIRST_ID_RULE:
        return bool(other.kept) and other.kept.isdisjoint(keys)
    return not rules_read_alike(keys, [])


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def _named_in_columns(other: OtherRule, row: tuple) -> str | None:
    """The author rule 2 reads from a rule-1 export row's kept name column ("Your name (optional)"), else None:
    read as blank, a stored answer of that name was counted as not stored, and ``--keep-export-ids`` stored it again."""
    from voices.ids import ANY_ID_RULE, FIRST_ID_RULE
    from voices.store.export_kept import as_named

    if other.given not in (FIRST_ID_RULE, ANY_ID_RULE) or other.stored == FIRST_ID_RULE or row[_AUTHOR] is not None:
        return None
    return as_named(None, None, row[_ATTRIBUTES])[0]
