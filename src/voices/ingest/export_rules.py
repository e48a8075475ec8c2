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
kept columns show the other rule, or, keeping no id or name column, it is the one stored answer of its row,
kind and kept values (``voices.ingest.export_matches``); such a row counts as present, and the rows matched
by neither, stored meanwhile, are then taken back, counted and warned about. With no such match, or with a
row keeping a column only the source's own rule keeps, the export is taken to be by the source's own rule,
and they stay, as before.

``FileLoader`` (``voices.ingest.file_loader``) inherits these checks and holds the state they read.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from voices.ingest.export_matches import (
    ROW_ATTRIBUTES,
    ROW_AUTHOR,
    ROW_DATE,
    ROW_ID,
    ROW_QUESTION,
    ROW_QUESTION_ID,
    ROW_RESPONDENT,
    ROW_SOURCE,
    ROW_TEXT,
    Content,
    OtherRule,
    named_in_columns,
    one_each,
    unsaid_row,
)


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

        other = self.other_rule[row[ROW_SOURCE]]
        if row[ROW_ID] in other.ids:
            self._held_by_id(other, row[ROW_SOURCE], row[ROW_ID])
            return False  # the same id by either rule: stored already, counted as usual
        content = (hashlib.md5(row[ROW_TEXT].encode("utf-8"), usedforsecurity=False).hexdigest(), row[ROW_AUTHOR], row[ROW_DATE])
        if content not in other.held and (named := named_in_columns(other, row)) is not None:
            content = (content[0], named, content[2])  # rule 1 kept the name column: rule 2 reads it as the author
        if other.given == ANY_ID_RULE:
            unsaid_row(other, row, content)
            return False  # stored, until the file ends
        copies = [d for d in other.held.get(content, []) if d not in other.by_id]
        if not copies and self._read_alike(other, row):
            return False  # the id its file gives here too: added as usual
        if not copies and self.options.keep_export_ids:
            self.export_ids[row[ROW_SOURCE]].append(row[ROW_ID])  # not the id its file gives: noted for that file
            return False
        self.result.documents += 1
        if copies:
            other.held[content].remove(copies[-1])  # the last: pop() gives the first place first
            other.given_out[copies[-1]] = (len(self.incoming[row[ROW_SOURCE]]), content, row)
            self.incoming[row[ROW_SOURCE]].append(copies[-1])  # the stored document stands where this row is
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
            self.incoming[sid][at] = row[ROW_ID]  # its place: _merge_positions orders the source by ``incoming``
            self.export_ids[sid].append(row[ROW_ID])
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
        (each given out once), its columns showing the other rule (``unsaid_row``), shows an export by the
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
            present = one_each(other)
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
        again. Given out once each, in place order, to the row's question, of the row's respondent when both name one,
        whose id it takes.
        """
        from voices.store import export_kept

        doc = export_kept.kept_answer(self.kept_held[row[ROW_SOURCE]], row[ROW_TEXT], row[ROW_AUTHOR], row[ROW_DATE],
                                      row[ROW_QUESTION], row[ROW_RESPONDENT], row[ROW_ATTRIBUTES],
                                      lambda: not self.corpus.stored_ids([row[ROW_ID]]), row[ROW_QUESTION_ID])
        if doc is None:
            return False  # none, or the row's own id is stored: that document
        export_kept.adopt(self.corpus, row[ROW_SOURCE], doc, row[ROW_RESPONDENT], row[ROW_AUTHOR])
        self.incoming[row[ROW_SOURCE]].append(doc)  # the stored answer stands where this row is
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
        columns = json.loads(row[ROW_ATTRIBUTES]) if row[ROW_ATTRIBUTES] else {}
        return rules_read_alike(columns, [row[ROW_QUESTION] or ""])

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


def _is(n: int) -> str:
    return "is" if n == 1 else "are"
