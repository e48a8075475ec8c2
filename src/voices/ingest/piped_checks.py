"""The checks of a pipe read into standard input's "stdin" source, which every pipe without a title adds to.

``StoredChecks`` (``voices.ingest.stored_checks``) inherits them, and ``FileLoader`` holds the state they read:
the place a piped text with no id of its own takes in "stdin" (``_fits``) and the stored copies of its very
text (``_copies``), a pipe refused for taking another pipe's places, piped answers signed by nobody counted
as the stored ones at their rows, and whether a pipe's documents are all new to "stdin"
(``voices.ingest.stdin_source``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from voices.errors import InputError
from voices.ingest.base import counted, shown_path
from voices.ingest.stdin_source import STDIN
from voices.schemas import Record

Signature = tuple[str, str | None, str | None, str | None]  # a text's source, author, date and parent id
# a piped source as stored before a file: id -> text digest, and (digest, author, date, parent) -> ids
# where a stored row (``voices.ingest.rows.stored_row``) has the author and respondent id (held against the store's
# DOCUMENT_COLUMNS by a test; importing the store here would load DuckDB), and a respondent numbered by row
_AUTHOR, _RESPONDENT = 4, 9
_ROW_NUMBERED = re.compile(r"row-[0-9]+")
Held = tuple[dict[str, str], dict[tuple[str, str | None, str | None, str | None], list[str]]]


def _nfc(value: str | None) -> str | None:
    """A field as it is stored (``voices.ingest.rows``): NUL characters dropped, NFC."""
    return None if value is None else unicodedata.normalize("NFC", value.replace("\x00", ""))


def _digest(text: str) -> str:
    """The MD5 of a text as it is stored, as the store's ``md5(text)`` gives it."""
    return hashlib.md5(_nfc(text).encode("utf-8"), usedforsecurity=False).hexdigest()


class PipedChecks:
    """The checks of a pipe into "stdin"; ``FileLoader`` holds the state they read."""

    def _piped(self) -> bool:
        """Whether this file is standard input read into the source "stdin" every such pipe adds to.

        ``--replace`` says the pipe is that source as it now stands, and ``--source-title`` names another.
        """
        return shown_path(self.path) == STDIN and not self.options.replace and not self.options.source_title

    def _refuse_piped_other(self) -> None:
        """Refuse a pipe whose texts have the ids of another pipe's texts in "stdin": storing it would lose them.

        A text with no id of its own takes the next free place (``_fits``); an own id (a survey's "Response
        ID" 1, 2, 3, or a respondent numbered by row) is no place to move from. Such a text was dropped under
        a warning; an edit of a piped text cannot be told from another survey's answer with the same id.
        """
        if not self.piped_other:
            return
        lines = sorted(line for line in self.piped_other if line)
        where = f", first on line {lines[0]}" if lines else ""
        ids = "has the id of a text" if len(self.piped_other) == 1 else "have the ids of texts"
        raise InputError(
            f"{self.ctx.name}: {counted(len(self.piped_other), 'text')} {ids} an earlier pipe stored with other "
            f"words or another author in source 'stdin'{where}, so nothing was stored: give --source-title NAME to "
            "store this input as a source of its own, or --replace if it is the whole 'stdin' source as it now stands")

    def _note_unsigned_stored(self) -> None:
        """Before a batch is stored: note its piped answers numbered by row, signed by nobody, stored already.

        Such an answer meets the stored one at its row with the same words: one pipe given twice, or a second
        'Anonymous' respondent's copy of a campaign's words. Nothing tells them apart, so it counts as stored
        (nothing is stored twice), and ``_warn_unsigned_stored`` says so: it was counted present without a word.
        """
        if not self.piped_batch:
            return
        from voices.placeholders import names_nobody

        unsigned = [r[0] for r in self.batch if r[0] in self.piped_batch and names_nobody(r[_AUTHOR])
                    and _ROW_NUMBERED.fullmatch(r[_RESPONDENT] or "")]
        if unsigned:
            self.unsigned_stored += [self.lines.get(d) for d in sorted(self.corpus.stored_ids(unsigned))]

    def _warn_unsigned_stored(self) -> None:
        """Say that piped answers signed by nobody were counted as the stored answers at their rows."""
        n = len(self.unsigned_stored)
        if not n:
            return
        lines = sorted(line for line in self.unsigned_stored if line)
        where = f", first on line {lines[0]}" if lines else ""
        one = n == 1
        self.ctx.warn(
            f"{counted(n, 'answer')} signed by nobody (blank or a placeholder such as 'Anonymous') "
            f"{'has the words of the answer' if one else 'have the words of the answers'} an earlier pipe stored at "
            f"{'its row' if one else 'their rows'} of source 'stdin'{where}, and {'is' if one else 'are'} counted as "
            "stored already, as the same input piped again would be: an unsigned answer numbered by row cannot be "
            f"told from another respondent's; if {'it is another person' if one else 'they are other people'}'s "
            f"answer{'' if one else 's'}, give --source-title NAME to store this input as a source of its own")

    def _fits(self, rec: Record, sid: str, doc_id: str) -> bool:
        """Whether a piped text with no id of its own may take ``doc_id``, its place in source ``sid``.

        Standard input without a title of its own is one source, "stdin", and every pipe adds to it: a
        second, different pipe's first text had the place, and so the id, of the first pipe's, and was not
        stored. A place a stored text of other words holds is taken already; the text takes the next one.
        The same pipe again, or a part of it, meets its own texts at their places and adds nothing.
        With ``--replace`` (not asked then) the pipe is the source as it now stands: its edits keep their ids.
        """
        if rec.source.title != self.path.stem:
            return True  # a source named by the input (a page's title) or the user: an edit keeps its place
        held = self._held(sid)[0].get(doc_id)
        return held is None or held == _digest(rec.text)

    def _copies(self, rec: Record, sig: Signature) -> list[str]:
        """The stored documents of a piped text's source, author, date and parent that hold its very text.

        "a b c" piped, "b" deleted (``voices delete --id``) and "a c" piped again: "c" took "b"'s freed
        place, the first that fits, and was stored twice. A text stored already is found where it is.
        """
        sid, author, posted_at, parent = sig
        if rec.source.title != self.path.stem:
            return []
        places = self._held(sid)[1]
        return places.get((_digest(rec.text), _nfc(author), _nfc(posted_at), parent), []) if places else []

    def _held(self, sid: str) -> Held:
        """Source ``sid`` as stored before this file: id -> text digest, and (digest, author, date, parent) -> ids."""
        if sid not in self.held:
            from voices.store.ingest_docs import held_places

            digests: dict[str, str] = {}
            places: dict[tuple[str, str | None, str | None, str | None], list[str]] = defaultdict(list)
            for doc, digest, author, posted_at, parent in held_places(self.corpus, sid):
                digests[doc] = digest
                places[(digest, author, posted_at, parent)].append(doc)
            self.held[sid] = digests, dict(places)
        return self.held[sid]

    def _new_to_stdin_source(self, sid: str) -> list[str] | None:
        """This file's documents, when it is standard input, ``sid`` its "stdin" source and none of them in it yet
        (``voices.ingest.stdin_source``; ``piped_rows``: ids an earlier pipe's texts hold with other words)."""
        from voices.ingest.stdin_source import new_to_stdin_source

        return new_to_stdin_source(self.path, self.incoming[sid], lambda own: set(self.before[sid]).intersection(own),
                                   lambda: {r[0] for r in self.piped_rows})



def stdin_before_replace(corpus: Any, path: Path, options: Any) -> tuple[str, dict[str, tuple]] | None:
    """Standard input's "stdin" source as stored before a pipe read with ``--replace``: its id, and each document's
    text digest and author by id. None for a file, a pipe without ``--replace``, or one given a title of its own."""
    if shown_path(path) != STDIN or not options.replace or options.source_title:
        return None
    from voices.ids import source_id
    from voices.schemas import Source
    from voices.store.ingest_docs import held_places

    sid = source_id(Source(title=path.stem, kind="thread"))  # every pipe's source: its id is its title's
    return sid, {doc: (digest, author) for doc, digest, author, *_rest in held_places(corpus, sid)}


def say_replaced_pipe(corpus: Any, before: tuple[str, dict[str, tuple]], result: Any) -> str | None:
    """Say which texts an earlier pipe stored in "stdin" a pipe with ``--replace`` replaced under their ids.

    The line is added to ``result``'s warnings and returned, for the caller to log once ``--replace`` stands: logged
    here, it told of a replacement a refused call (a labelled text it would remove) had undone.

    Another person's words under the id of the first pipe's took its place, said only as '1 updated', and a label
    on it went to label history without a word: ``--replace`` said the pipe is that source as it now stands,
    which a second survey's export with the same ids is not.
    """
    from voices.store.ingest_docs import held_places

    sid, held = before
    now = {doc: (digest, author) for doc, digest, author, *_rest in held_places(corpus, sid)}
    replaced = sorted(doc for doc, was in held.items() if doc in now and now[doc] != was)
    if not replaced:
        return
    labels = len(set(result.labels_superseded).intersection(replaced))
    message = (f"{result.path}: --replace: {counted(len(replaced), 'text')} an earlier pipe stored in source 'stdin' "
               f"{'was' if len(replaced) == 1 else 'were'} replaced by this input's under "
               f"{'its id' if len(replaced) == 1 else 'their ids'} (other words or another author; first "
               f"{replaced[0]}; {counted(labels, 'label')} moved to label history): if this input is not that source "
               "as it now stands, pipe the earlier input again with --replace to put its texts back, and this one "
               "with --source-title NAME")
    result.warnings.append(message)
    return message
