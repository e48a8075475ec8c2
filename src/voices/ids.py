"""Stable ids for sources and documents.

Document ids never depend on position or on text alone: they hash the source id
with the format's native id when there is one, else with author, posted_at, parent
id and an occurrence index (so two people who both wrote "Agree." stay two).

The occurrence index is a text's place among its source's texts of that author,
date and parent. Standard input with no title of its own is one source ("stdin")
that every pipe adds to, so a later pipe's texts take the places after the ones
stored: ``assign_ids``' ``fits`` says which places a stored text of other words holds,
and its ``copies`` where a text is stored already.

**Id rules.** What a reader takes as a record's native id (which column is the respondent's
id, which question number an answer carries) can improve, but a stored source's documents
must keep the ids they were stored under, or ingesting the same file again stores every
answer a second time. So each source records the id rule its documents were made under
(``sources.id_rule``, schema step 10), and ingest reads a file into a stored source under
that rule; a new source gets ``ID_RULE``, the newest. ``ingest --replace`` keeps the rule
too: moving a source to another rule gives its documents new ids, and labels, the
validation sample and erasure digests are keyed by the old ones. A source erased whole
leaves a keyed digest of its rule on the suppression list (``voices.store.suppression``), so
the same file ingested again is read as it was, even after a newer rule, and what was erased
stays out.

- rule 0: a source a voices export read back made, when the export does not say the rule its ids were
  made by (an export from before its ``id_rule`` field; one that says it gives the source that rule).
  A file read into it later is read by the rule under which the source holds the file's first answers
  (the newest when neither does), which it then keeps.
- rule 1: the rule of every source stored before rules were recorded (schema step 10 sets it; a
  reading open of an older corpus, without the column, reads rule 1).
- rule 2: consultations: a ``respondent_id`` / ``Response-ID`` header is the respondent id
  column, and "Please give reasons for your answer" (or "... an explanation") explains the
  closed question before it, taking its number when it has none of its own; a name column
  headed as forms word it ("Your name (optional)", "Name of respondent") is the author, which
  tells a renamed copy of a stored file.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from voices.schemas import Record, Source

# The headers rule 2 reads as naming the respondent (``voices.ingest.consultation_columns``, case-insensitive): an id
# column ("respondent_id", "Response-ID", "Ref") and a name column as forms word it. Here, below both ingest and store,
# because the stored-part check (``voices.store.stored_part``) lets a match by content tell only through such a column.
RESPONDENT_ID_COLUMN_2 = r"^(?:response|respondent|submission|unique|record|entry|user)?[\s_-]*(?:id|ref|reference|number|no\.?)$"
NAME_COLUMN_2 = (r"^\s*(?:(?:full |your (?:full )?|respondent'?s? )?name|name of (?:the )?respondent|"
                 r"what is your (?:full )?name\??)\s*(?:\((?:optional|if you wish)\))?\s*:?\s*$")
# The id header compiled once for consultation_columns (which finds the id column) and redact.frames (which numbers a
# kept id column); SQL (stored_part, export_kept.named_sql) takes the string, and so does export_kept.as_named, which
# reads a row as named_sql does. Anchored at both ends without MULTILINE: ``match`` and ``search`` agree. DuckDB's
# RE2 reads ``\s`` and ``$`` as ASCII space and the very end, where Python also takes Unicode spaces and a final
# newline: headers reach the store with their spaces made one (``_tabular.unique_header``). A Turkish dotted or
# dotless I ("RESPONDENT_İD") is an i to Python's ``re.I`` and to no RE2 flag: SQL takes ``sql_pattern``'s copies.
RESPONDENT_ID_HEADER_2 = re.compile(RESPONDENT_ID_COLUMN_2, re.I)
# A question's number as a header or a row's "Question" cell opens with it ("Q3.", "Question 4:", "5)"): it names the
# question's id (``voices.ingest.consultation``), and the store tells a kept answer's question by the words after it.
QNUM = re.compile(r"^\s*(q(?:uestion)?\s*\d+[a-z]?|\d+[a-z]?)(?=[\s.:)–-])", re.I)

_SPACE = re.compile(r"\s+")


def sql_pattern(pattern: str) -> str:
    """``pattern`` for DuckDB's ``regexp_full_match(..., 'i')`` to read as Python's ``re.I`` does, quotes doubled.

    Python folds "İ" and "ı" into i, RE2 does not ("ſ" and the Kelvin sign it folds as Python does): each literal i
    becomes ``[iİı]``, so ``delete --respondent`` finds an answer a rule-1 source keeps under "RESPONDENT_İD".

    >>> sql_pattern(r"^(?:id|it's)$")
    "^(?:[iİı]d|[iİı]t''s)$"
    """
    out, escaped, in_class = [], False, False
    for ch in pattern:
        if ch in "iI":
            if escaped or in_class:
                raise ValueError(f"an i inside a class or after a backslash is left as RE2 reads it: {pattern!r}")
            ch = "[iİı]"
        elif not escaped:
            in_class = ch == "[" or (in_class and ch != "]")
        escaped = ch == "\\" and not escaped
        out.append(ch)
    return "".join(out).replace("'", "''")


RESPONDENT_ID_SQL_2, NAME_SQL_2 = sql_pattern(RESPONDENT_ID_COLUMN_2), sql_pattern(NAME_COLUMN_2)

ANY_ID_RULE = 0  # a source read back from an older voices export: its documents came with their ids, by a rule not said
FIRST_ID_RULE = 1  # a source stored before sources recorded their id rule
ID_RULE = 2  # the newest id rule: what a new source is stored under (see the module docstring)


def _digest(*parts: str | None, size: int) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x00" if part is None else part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:size]


def normalise_title(title: str) -> str:
    """Case-folded, NFC, single-spaced title: the identity of a source without a URL."""
    title = unicodedata.normalize("NFC", title)
    return _SPACE.sub(" ", title).strip().casefold()


def normalise_url(url: str) -> str:
    """A URL without fragment, trailing slash, or scheme/host case differences."""
    url = url.strip().split("#", 1)[0].rstrip("/")
    m = re.match(r"(?i)^(https?)://([^/]+)(.*)$", url)
    if m:
        url = f"{m.group(1).lower()}://{m.group(2).lower()}{m.group(3)}"
    return re.sub(r"(?i)^http://", "https://", url)


@functools.lru_cache(maxsize=4096)  # every record of a file carries its source: hash it once, not per record
def source_id(source: Source) -> str:
    """The source's id: its own when it carries one, else from its URL, else its title."""
    if source.id:
        return source.id
    if source.url:
        return "s" + _digest("url", normalise_url(source.url), size=11)
    return "s" + _digest("title", normalise_title(source.title), size=11)


def document_id(
    source_key: str,
    native_id: str | None,
    author: str | None = None,
    posted_at: str | None = None,
    parent_id: str | None = None,
    occurrence: int = 0,
) -> str:
    """A document's id (16 hex digits after ``d``)."""
    if native_id is not None:
        return "d" + _digest(source_key, "native", native_id, size=15)
    return "d" + _digest(
        source_key, "meta", author, posted_at, parent_id, str(occurrence), size=15
    )


_Signature = tuple[str, str | None, str | None, str | None]  # source id, author, date, parent id


def assign_ids(records: Iterable[Record], fits: Callable[[Record, str, str], bool] | None = None,
               copies: Callable[[Record, _Signature], Iterable[str]] | None = None
               ) -> Iterator[tuple[Record, str, str | None]]:
    """Give each record its document id and its parent's id, in input order.

    Records of one source must come with parents before their replies (every
    reader yields document order, where that holds). A ``parent_key`` that names
    no earlier record of the source is kept as no parent.

    ``fits(record, source_id, doc_id)``: whether a record with no id of its own may take the id of its
    place, ``False`` when a stored document of another text holds it (an earlier pipe's, on standard
    input). The record then takes the first place of its author, date and parent that fits and this call
    has not given (``_next_fitting``), so no text is lost under another's id. Without ``fits`` (and on a
    fresh corpus, where every place fits) ids depend on the input alone.

    ``copies(record, (source_id, author, posted_at, parent_id))``: with ``fits``, the ids of the stored
    documents of that source, author, date and parent holding the record's very text, in stored order.
    The first this call has not given is the record's: the text is stored already, wherever its place,
    and a place freed before it (``voices delete --id``) is not taken instead.
    """
    ids: dict[tuple[str, str], str] = {}
    seen: dict[_Signature, int] = {}
    given: set[str] = set()  # the places this call gave a record (only with ``fits``)
    lowest: dict[_Signature, int] = {}  # per signature: all below given
    for rec in records:
        sid = source_id(rec.source)
        if rec.doc_id:
            doc = rec.doc_id
            parent = rec.parent_id
        else:
            parent = ids.get((sid, rec.parent_key)) if rec.parent_key is not None else None
            if rec.native_id is not None:
                doc = document_id(sid, rec.native_id)
            else:
                sig = (sid, rec.author, rec.posted_at, parent)
                occ = seen.get(sig, 0)
                seen[sig] = occ + 1
                doc = document_id(sid, None, rec.author, rec.posted_at, parent, occ)
                if fits is not None:
                    doc = _next_fitting(rec, sig, fits, given, lowest, copies)
        ids[(sid, rec.key)] = doc
        yield rec, doc, parent


def _next_fitting(rec: Record, sig: _Signature, fits: Callable[[Record, str, str], bool], given: set[str],
                  lowest: dict[_Signature, int],
                  copies: Callable[[Record, _Signature], Iterable[str]] | None = None) -> str:
    """The first place of the record's author, date and parent that ``fits`` it and no record of this call took.

    A stored copy of its text (``copies``) this call has not given comes first: "a b c" piped, "b" deleted
    and "a c" piped again found "b"'s freed place before the place "c" is stored at, and stored "c" twice.

    Every record looks from the first place not yet given, not from its own: a pipe that repeats an
    earlier one with a new text in front ("c a b" after "a b") must meet "a" and "b" at their stored
    places, not move them past "c" and store them twice. A text edited in a later pipe moves alone: the
    ones after it still meet their stored copies. On a fresh corpus every place fits, so the k-th record
    of a signature takes place k, as without ``fits``.
    """
    for doc in copies(rec, sig) if copies is not None else ():
        if doc not in given:
            given.add(doc)
            return doc
    sid, author, posted_at, parent = sig
    occ = lowest.get(sig, 0)
    doc = document_id(sid, None, author, posted_at, parent, occ)
    while doc in given:  # the places below are all given: start after them next time
        occ += 1
        doc = document_id(sid, None, author, posted_at, parent, occ)
    lowest[sig] = occ
    while doc in given or not fits(rec, sid, doc):
        occ += 1
        doc = document_id(sid, None, author, posted_at, parent, occ)
    given.add(doc)
    return doc


def keyed_id(key: bytes, doc_id: str) -> str:
    """A document's id as redacted outputs show it: HMAC-SHA256 of the id under the corpus secret.

    Plain ids hash source, author, date and parent, so anyone with a list of names can
    recompute them; a keyed id cannot be recomputed without the corpus's secret, yet
    ``voices label`` (which holds the corpus) maps it back. ``k`` and 15 hex digits.

    Examples
    --------
    >>> keyed_id(b"secret", "d0123456789abcde")
    'k20bc082256b2627'
    """
    import hmac

    return "k" + hmac.new(key, doc_id.encode("utf-8"), hashlib.sha256).hexdigest()[:15]


def keyed_source_id(key: bytes, source_id: str) -> str:
    """A source's id as redacted outputs show it: HMAC-SHA256 of the id under the corpus secret.

    A plain source id hashes the source's URL or title, and a redacted output can keep a title
    while hiding the URL (a personal blog, a profile page): anyone who guessed the URL could hash
    it and confirm it. A keyed id cannot be computed without the corpus's secret, and
    ``--source`` (``Corpus.resolve_sources``) maps it back. ``ks`` and 12 hex digits; the
    ``source`` prefix under the HMAC keeps it apart from a document's keyed id.

    Examples
    --------
    >>> keyed_source_id(b"secret", "s0123456789a")
    'ks31565e6cc015'
    """
    import hmac

    return "ks" + hmac.new(key, b"source\x1f" + source_id.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
