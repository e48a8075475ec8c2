"""What one ingested file is checked against in the corpus: where its texts may go, and what it repeats.

``voices.ingest.file_loader``'s ``FileLoader`` streams a file into the corpus; the checks here,
which it inherits, compare that file with what the corpus stored before it: a pipe's places in
standard input's "stdin" source (``voices.ingest.piped_checks``, inherited here), records ``voices delete``
erased (skipped unless ``--readmit-erased``), a redacted export of this very corpus, the same file under another name,
a file or pipe that is only part of a stored source (taken back), the positions of a stored
source this file lacks documents of, and the warning for texts whose id a stored document holds
with other words. They read the loader's state (its corpus, options, result and what its batches
saw); the loader calls them as it reads and once its last batch is stored. ``source_rule`` gives
the id rule a source is read under (``voices.ids``), for the loader and ``--preview``, and ``part_rule`` the
older one a new source that is part of a stored one is read by.
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from typing import Any

from voices.errors import InputError
from voices.ids import source_id
from voices.ingest.base import counted, shown_path
from voices.ingest.piped_checks import PipedChecks
from voices.ingest.stdin_source import STDIN


def source_rule(corpus: Any, suppressions: Any, sid: str) -> int:
    """The id rule (``voices.ids``) a source's records are read under: a stored source's own, a new source
    the newest, unless it is a source erased whole under an older one (``voices.store.suppression``)."""
    from voices.ids import FIRST_ID_RULE, ID_RULE

    stored = corpus.id_rule(sid)
    if stored is not None:
        return stored
    erased = suppressions.erased_rule(sid, range(FIRST_ID_RULE, ID_RULE)) if suppressions is not None else None
    return erased or ID_RULE


def erased_hits(suppressions: Any, corpus: Any, row: tuple[Any, ...], placed: bool, copies: Any,
                before: dict[tuple[str, str], str] | None = None) -> list[str]:
    """The suppression list's digests of ``row`` (``stored_row``'s) when ``voices delete`` erased it here; else [].

    ``placed``: its id was made from its place in the source; ``copies``: the file's count of anonymous texts
    so far. A stored document is kept as it is: erasing the same answer from one source leaves another source's
    copy (a respondent id in two consultations needs --source), and --replace must not remove it. ``before``:
    ``ReadContext.read_before``, the question id an older reading gave the row's answer, its erasure's too.
    """
    from voices.store.corpus import DOCUMENT_COLUMNS

    doc = dict(zip(DOCUMENT_COLUMNS[:-1], row, strict=True))  # stored_row gives the columns but ingested_at
    hits = suppressions.document(doc["id"], doc["kind"], doc["text"], doc["author"], doc["posted_at"],
                                 doc["respondent_id"], doc["question_id"], source_id=doc["source_id"],
                                 copies=copies, placed=placed, original_id=doc["original_id"])
    old = (before or {}).get((doc["source_id"], doc["question_id"] or ""))
    if not hits and old and doc["respondent_id"]:
        from voices.ids import document_id

        hits = suppressions.document(document_id(doc["source_id"], f"{doc['respondent_id']}|{old}"), doc["kind"],
                                     doc["text"], doc["author"], doc["posted_at"], doc["respondent_id"], old,
                                     source_id=doc["source_id"], placed=placed)
    return [] if not hits or corpus.stored_ids([row[0]]) else hits


def renamed_copy(name: str, copied: tuple[str, str, int, int]) -> InputError:
    """The refusal of a file whose new source repeats stored source ``copied`` (``Corpus.copied_source``)."""
    other, title, k, n = copied
    how_many = f"all {n} of its" if k == n else f"{k} of its {n}"
    return InputError(
        f"{name}: {how_many} texts are stored already, as they stand here (author, date or place, respondent), in "
        f"source {other} ({title!r}): the same file (or a later export of it) under another name? Nothing was "
        f"stored: give --source-title {shlex.quote(title)} to read it as that source (only its new texts are "
        "added), or --source-title NAME if it is another source")


def part_rule(corpus: Any, sid: str, reading: Any, piped: bool = False) -> int | None:
    """The older id rule to read new source ``sid`` by, when it is a part of a source stored under that rule.

    ``head -3 FILE | voices ingest -`` (or those rows saved under another name) after FILE was stored under
    rule 1: read by the newest rule its respondent and question ids differ from the stored ones, so the part
    check (``voices.store.stored_part``) found no source holding it and its answers were stored again. Read as
    the older rule reads them, a stored source of that rule holding every one of ``reading(rule)`` (a sample's
    answers as they would be stored) makes the file readable by that rule, and the part check then counts it
    as stored or refuses it. ``sid`` stored already keeps its own rule, unless ``piped`` (standard input's
    "stdin", which every pipe adds to, is judged by each pipe's own answers); a file the older rules read as
    the newest does needs none of this.
    """
    from voices.ids import ID_RULE
    from voices.store.stored_part import held_under_rule, older_rules

    if corpus.id_rule(sid) is not None and not piped:
        return None
    newest = None
    for rule in older_rules(corpus):
        rows = reading(rule)
        newest = reading(ID_RULE) if newest is None else newest
        if rows != newest and held_under_rule(corpus, sid, rows, rule) is not None:
            return rule
    return None


class StoredChecks(PipedChecks):
    """The checks of one file against the stored corpus; ``FileLoader`` holds the state they read."""

    def _erased(self, row: tuple[Any, ...], placed: bool) -> bool:
        """Whether ``row`` (``voices.ingest.rows.stored_row``'s) was erased from this corpus earlier and is to be skipped.

        ``placed``: its id was made from its place in the source (the record has no id of its own).
        """
        assert self.suppressions is not None
        hits = erased_hits(self.suppressions, self.corpus, row, placed, self.anonymous_copies, self.ctx.read_before)
        if not hits:
            return False
        if self.options.readmit_erased:
            self.suppressions.readmitted.append(hits)
            self.result.readmitted += 1
            return False
        self.erased_ids.add(row[0])
        self.result.erased += 1
        return True

    def _unerased(self, rows: list[tuple[str, str, str | None, str | None]]
                  ) -> list[tuple[str, str, str | None, str | None]]:
        """The respondents' ratings rows less those erased earlier (all of them with ``--readmit-erased``)."""
        if self.suppressions is None:
            return rows
        kept = []
        for r in rows:
            hits = self.suppressions.response(*r)
            if hits and not self.options.readmit_erased:
                self.result.erased_responses += 1
                continue
            if hits:
                self.suppressions.readmitted.append(hits)
            kept.append(r)
        return kept

    def _refuse_redacted_copy(self) -> None:
        """Refuse a redacted export of this very corpus: its rows are stored documents under keyed ids.

        ``export --redact`` shows each id keyed with the corpus's secret, so read back into the
        same corpus every row looked new and was added again, redacted, beside its original (and the
        originals were warned about as missing from the file). Into another corpus the keys differ
        and the rows are documents like any other.
        """
        from voices.store.secrets import documents_keyed_as

        copies = documents_keyed_as(self.corpus, self.keyed)
        if not copies:
            return
        lines = sorted(line for k in copies if (line := self.keyed[k]))
        where = f", first on line {lines[0]}" if lines else ""
        raise InputError(
            f"{self.ctx.name}: a redacted export of this corpus: {len(copies)} of its rows are stored documents under "
            f"keyed ids{where}; ingesting it would add them again as redacted copies, so nothing was stored: "
            "ingest an export made without --redact, or give another --corpus")

    def _refuse_renamed_copy(self) -> None:
        """Refuse a file whose new source mostly repeats a stored source: the same file under another name.

        A source without a title of its own is named by its file, so responses.csv copied to
        responses-final.csv (or a later export saved as responses-june.csv) stored every answer
        it shares with responses.csv again, as another source, without a word.
        ``--source-title`` names the source on purpose, and is trusted.
        """
        for sid in self.result.sources:
            # a page's own title names it whatever the file is called: only file-named sources are checked,
            # which also keeps this off the 1M-comment path (thousands of titled thread pages)
            if sid in self.before or sid not in self.file_named:
                continue
            copied = self.corpus.copied_source(sid, before=self.ctx.labels_before.get(sid, ()))
            if copied is not None:
                raise renamed_copy(self.ctx.name, copied)

    def _drop_stored_parts(self) -> None:
        """Take back a new source whose every document one stored source holds: it is part of that source.

        ``head -3 FILE | voices ingest -`` after ``voices ingest FILE`` stored the same texts again as a new
        source, counted twice in the report. Piped, its documents now count as already in the corpus, and the
        result names the source holding them. A file with a name of its own is refused instead, storing
        nothing: those rows saved apart read the same as a second survey wave or thread repeating them
        (the same respondent's same answer), which must not be dropped without a word. The rule is
        ``voices.store.stored_part``'s; ``--source-title`` names a new source on purpose, and is trusted.
        """
        from voices.store.stored_part import drop_source, holding_rows, holding_source

        if self.result.readmitted:  # stored again on purpose (--readmit-erased): never taken back
            return
        for sid in [s for s in self.result.sources if s in self.file_named]:
            ids = self._new_to_stdin_source(sid) if sid in self.before else None
            if sid in self.before and ids is None:
                continue  # a file named like a stored source is more of it
            ratings = [(sid, rid, attrs, ratings) for src, rid, attrs, ratings in self.ctx.respondents
                       if source_id(src) == sid]
            met = [r for r in self.piped_rows if r[1] == sid] if ids is not None else []
            held = holding_rows(self.corpus, sid, met, ids or [], ratings) if met else \
                holding_source(self.corpus, sid, ratings, ids)
            if held is None:
                if shown_path(self.path) == STDIN:  # a file of its own is asked nothing more: the join costs
                    self._warn_stored_again(sid, ids if ids is not None else self.incoming[sid])  # 0.2 s CPU at 20k
                continue
            other, title, k = held
            if shown_path(self.path) != STDIN:
                texts = "its text is stored already, as it stands" if k == 1 else \
                    f"all {k} of its texts are stored already, as they stand"
                raise InputError(
                    f"{self.ctx.name}: {texts} here, in source {other} ({title!r}): "
                    "a part of that file, or another wave or thread repeating them? Nothing was stored: give "
                    f"--source-title {shlex.quote(title)} to read it as that source (nothing is added twice), "
                    "or --source-title NAME to store it as another source")
            drop_source(self.corpus, sid, known=self.file_named[sid], ids=ids)
            self.parts.add(sid)
            self.result.sources.remove(sid)
            self.result.added -= k - len(met)  # the texts that met an earlier pipe's ids were not added
            self.piped_other = [] if met else self.piped_other
            self.result.already_present += k
            self.result.part_of_stored.append({"source_id": other, "title": title, "documents": k})

    def _warn_stored_again(self, sid: str, ids: list[str]) -> None:
        """Say how many of a pipe's new texts (in "stdin") a stored source holds as they stand: not all, so it is
        no part of that source (``_drop_stored_parts``), and they were stored again, counted twice in reports (a
        pipe of a stored file's rows and new ones: no warning said it). A file of its own is not asked: its rows
        saved apart read as a second wave's, and the query cost every first ingest of a file 0.2 s CPU (20,000
        rows beside 35,000)."""
        from voices.store.stored_part import held_elsewhere

        held = held_elsewhere(self.corpus, sid, ids)
        if held is None:
            return
        other, title, k = held
        one = k == 1
        self.ctx.warn(f"{k} of its {counted(len(ids), 'new text')} {'is' if one else 'are'} stored already, as "
                      f"{'it stands' if one else 'they stand'} here, in source {other} ({title!r}), and "
                      f"{'was' if one else 'were'} stored again in source {sid} ({self.titles[sid]!r}): reports "
                      f"count {'it' if one else 'them'} twice; to add a pipe to that source instead (what it "
                      f"holds skipped), give --source-title {shlex.quote(title)}")

    def _merge_positions(self) -> None:
        """Keep positions 1..n when this file lacks documents the corpus holds for its source.

        A thread whose moderators removed a comment, an older copy of it, or a
        consultation in several files: each document the file lacks stays right
        after the one it followed before, and the file's own order decides the rest.
        """
        if self.options.replace:
            return  # what the file lacks is removed (see _replace), so the file's order is complete
        for sid, before in self.before.items():
            if sid in self.parts:
                continue  # this file's documents were taken back: the source stands as it was
            present = set(self.incoming[sid])
            if present.issuperset(before):
                continue  # the file holds the whole source: its positions are complete
            # a source is named by the file's title (its stem without one), so data/2023/comments.csv and
            # data/2024/comments.csv meet here too: --replace would erase the other file's documents.
            # Every pipe adds to "stdin": that earlier pipes' texts stay is no news, and --replace would erase them;
            # so does a pipe given a stored source's title (the stored-again warning's advice): --replace would
            # erase that source's answers the pipe never held
            if sid not in self.piped_sources and shown_path(self.path) != STDIN:
                gone = sum(d not in present for d in before)
                is_, stay = ("is", "stays") if gone == 1 else ("are", "stay")
                self.ctx.warn(f"{counted(gone, 'document')} of source {sid} {is_} not in this file and {stay} in "
                              "the corpus; give --replace to keep only this file's, or "
                              "--source-title NAME if this file is another source")
            followers: dict[str | None, list[str]] = defaultdict(list)
            anchor = None
            for doc in before:
                if doc in present:
                    anchor = doc
                else:
                    followers[anchor].append(doc)
            order = followers.pop(None, [])
            for doc in self.incoming[sid]:
                order.append(doc)
                order.extend(followers.get(doc, ()))
            self.result.repositioned += self.corpus.set_positions(order)

    def _warn_other_text(self) -> None:
        """Say when a text was not stored because its id is a stored document's with another text.

        Ids of texts with no id, author or date come from their place in their source, and a source is
        named by the file's title: a second file named alike (2023/comments.csv, 2024/comments.csv) had its
        texts counted as 'already in the corpus' and dropped without a word. A text edited since it was
        stored keeps its id too, and ``--replace`` takes it.
        """
        self._refuse_piped_other()
        self._warn_unsigned_stored()
        if not self.other_text:
            return
        lines = sorted(line for line in self.other_text if line)
        where = f" (first on line {lines[0]})" if lines else ""
        n = len(self.other_text)
        not_added = f"{counted(n, 'text')} {'was' if n == 1 else 'were'} not added: {'it' if n == 1 else 'each'} has"
        if self.options.replace:  # --replace took every edit: these ids were an earlier file's of this call
            self.ctx.warn(f"{not_added} the id of a document an earlier "
                          f"file of this call stored with another text{where}, and that text is kept. A text with "
                          "no id, author or date is known by its place in its source, and a source by its title: "
                          "give this file its own --source-title NAME (or --id-column for the records' own ids)")
            return
        # two causes, two remedies: an edited text (a moderated comment) is taken by --replace, which now
        # updates a stored document; a second file named alike needs its own --source-title, and there
        # --replace would overwrite the first file's texts, so each remedy names the case it is for
        self.ctx.warn(f"{not_added} the id of a stored document whose "
                      f"text or author differs{where}, and the stored text is kept. If the file's text is an edit of the "
                      "stored one, give --replace to take it (the source's documents the file lacks then go). "
                      "A text with no id, author or date is known by its place in its source, and a source by "
                      "its title: if this file is another source, give --source-title NAME (or --id-column for "
                      "the records' own ids)")
