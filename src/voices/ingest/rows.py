"""A read record on its way to the corpus: the checks it passes and the row it is stored as.

Shared by the ingest (``voices.ingest.pipeline``) and ``voices ingest --preview``
(``voices.ingest.preview``), so a preview counts, warns about and refuses rows as
ingest does: a text over ``--max-text-chars`` refused, a repeated row warned about,
a field cleaned (NUL characters dropped, NFC, a lone surrogate refused).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from voices.errors import InputError
from voices.ingest.base import ReadContext
from voices.schemas import Record

__all__ = ["check_length", "stored_row", "warn_duplicate", "warn_duplicates_in_all"]

_TEXT_FIELDS = ("author", "posted_at", "question_id", "question", "respondent_id",
                "respondent_type", "organisation", "closed_answer")
_TEXT_FIELD_NAMES = tuple((f, f.replace("_", " ")) for f in _TEXT_FIELDS)  # (attribute, as messages name it)
_MAX_DUPLICATE_WARNINGS = 10
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: str | None, what: str, rec: Record, ctx: ReadContext) -> str | None:
    if value is None:
        return None
    if value.isascii() and "\x00" not in value:
        # the common case, 200,000 calls for 20,000 comments: no surrogate, no NUL, NFC already
        return value
    if _SURROGATE.search(value):
        # JSON allows "\ud800" escapes that are no character at all; no store can keep them
        where = f"line {rec.line}: " if rec.line else ""
        raise InputError(f"{ctx.name}: {where}the {what} holds an invalid character (a lone UTF-16 "
                         "surrogate escape such as \\ud800): fix that escape and retry")
    if "\x00" in value:
        where = f"line {rec.line}: " if rec.line else ""
        ctx.warn(f"{where}NUL characters removed from the {what}; the text around them is kept")
        value = value.replace("\x00", "")
    return unicodedata.normalize("NFC", value)


def stored_row(rec: Record, doc_id: str, parent: str | None, sid: str, position: int,
               ctx: ReadContext) -> tuple[Any, ...]:
    """The row stored for ``rec`` (``DOCUMENT_COLUMNS``' order), every text field cleaned as ``_clean`` says."""
    author, posted_at, question_id, question, respondent_id, respondent_type, organisation, closed_answer = (
        _clean(getattr(rec, f), what, rec, ctx) for f, what in _TEXT_FIELD_NAMES)
    return (doc_id, sid, position, rec.kind, author, posted_at, parent, question_id, question, respondent_id,
            respondent_type, organisation, closed_answer,
            _clean(rec.text, "text", rec, ctx) or "", _clean(rec.attributes, "attributes", rec, ctx),
            _clean(rec.original_id, "id", rec, ctx))


def check_length(rec: Record, ctx: ReadContext, limit: int) -> None:
    """Refuse a text over ``limit`` characters (``--max-text-chars``), naming its row or line."""
    if rec.text is not None and len(rec.text) > limit:
        row = rec.extra.get("row")
        where = f"row {row}" if row else (f"line {rec.line}" if rec.line else f"item {rec.key}")
        raise InputError(
            f"{ctx.name}: {where}: a text of {len(rec.text):,} characters, over the limit of "
            f"{limit:,}: check that row, or raise the limit with --max-text-chars")


def warn_duplicate(rec: Record, ctx: ReadContext, nth: int, rewritten: bool = False) -> None:
    """Warn about the ``nth`` repeated row of a file (the first few only).

    ``rewritten``: the row has an earlier row's id (a respondent who answered twice) but other text, which is
    not stored: always said, and as such, never as a "duplicate" stored once, since its text is left out.
    """
    if nth > _MAX_DUPLICATE_WARNINGS and not rewritten:
        return
    row = rec.extra.get("row")
    where = f"line {rec.line}" if rec.line else "an item"
    where = f"row {row} ({where})" if row else where
    # the question, not the respondent: a survey's respondent id is their e-mail or name,
    # and stderr ends up in scrollback, CI logs and bug reports; the row says which
    what = f" (question {rec.question_id})" if rec.respondent_id and rec.question_id else ""
    if rewritten:
        ctx.warn(f"{where}: the same {'respondent' if rec.respondent_id else 'id'} as an earlier row{what} with "
                 "other text: the earlier text is stored, this one left out: to store this one instead, remove the "
                 "earlier row and ingest the file again with --replace")
    else:
        ctx.warn(f"{where}: duplicate of an earlier row{what}; stored once")


def warn_duplicates_in_all(ctx: ReadContext, duplicates: int) -> None:
    """After the first few repeated rows warned about one by one, how many there were in all.

    Logged like every other warning: it went only into ``--json``'s list, never to stderr.
    """
    if duplicates > _MAX_DUPLICATE_WARNINGS:
        ctx.warn(f"{duplicates} duplicate rows in all, each stored once")
