"""The suppression list: what ``voices delete`` erased, remembered so ingest does not take it in again.

Erasing a person's answers and then ingesting the same file (or a renamed copy, a
later export, an export written before the delete) brought them back without a
word. ``delete`` now records, in the same transaction as the erasure, keyed
digests of each erased document in table ``erased`` (schema step 8); every
ingest path skips a record matching one, and ``ingest --readmit-erased`` stores
it again and removes the digests of its erasure.

What is kept holds no personal data: each digest is HMAC-SHA256 under the
corpus's own secret (``secrets.redaction_key``, the key of redacted outputs' ids),
with a domain label per kind so no digest equals a keyed id an export shows.
Without the corpus's key nobody can test a name or a text against the list; the
erase time and an entry number (which digests came from one erased document) are
all that is stored beside them. The key is in the corpus file (table ``secrets``),
as ingest needs it: whoever holds the file can test a guessed respondent id or
author (with the source) for whether it was erased.

Which digests, per erased document:

- ``id``: its voices id, and its keyed id (the id a redacted export shows; a row read
  back from one carries it as its id), so the same file ingested again and an export
  read back are caught whatever their text. A record's own id in a records file is
  looked up too: an export read as records (``--text-field``) carries the voices id
  there, while its voices id is made anew from it.
- ``content``: its text (NFC, whitespace collapsed, case-folded) with who wrote it and
  its question id; one digest for the respondent id and one for the author where it
  has both (a records file read back names only the author), else one for its date
  and time. A date without a time of day names nobody: strangers' "Agree." on two
  pages of one day are two people.
  A document's id hashes its source, and a source is named by its file or title: the
  same file under another name, or a later export in a new source, gives new ids but
  the same person's same answer to the same question.

  Who wrote it is part of the key because identical texts from different people are
  normal: a campaign's template answer, a "No", an "Agree.". Another respondent's copy
  is theirs, not the erased person's. ``row-N``, the respondent id a consultation row
  without one is given, is a place in a file and names nobody: row 5 of another survey
  is someone else, and during a campaign likely holds the same words. A page's article
  has no author but is one published text: it is its own "who". An author such as
  "Anonymous" or "Guest" is everyone who posts without a name: no "who" either.
- ``anonymous``: a text with no author and no respondent (other than an article). Its id
  names a place, not a person: without a native id it counts such texts in its source,
  so a later copy of the page with a comment added above gives the erased id to a
  stranger's comment and a new id to the erased one. Such an id is not looked up, nor is
  its text alone (an anonymous "Agree." recurs by chance, and would suppress strangers):
  its source, text and question, with which copy of that text in the source it is
  (the 2nd "Agree." of an erased page), so that many copies, and no more, stay out.
  Its date, if it has one, is kept with its text too (``content``).
- ``response``: a consultation respondent's ratings and breakdown fields row
  (``responses``), by source and respondent id, and by respondent id with the row's
  values (a renamed copy of the file).
- ``id-rule``: a source erased whole (its row in ``sources`` gone): its id and the id rule it
  was stored under (``voices.ids``), in table ``erased_rules`` (schema step 10), apart from the
  erased records' entries. The same file ingested again, even once a newer rule has landed, is
  read under that rule, so its records carry the ids and respondents their digests were
  recorded with; read under a newer one, a respondent numbered by row became a named one and
  the erased answers came back. It is never readmitted: no record matches it.

A document still stored (in another source, say) is never skipped: it is kept as it is.
Digests are loaded when an ingest starts, as a sorted array of their first 64 bits
(``Suppressions``), and only when the table holds any: a corpus that never erased
anything pays one small query.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from voices.placeholders import names_nobody

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

TABLE = "erased"
_SPACE = re.compile(r"\s+")
# the respondent id the consultation reader gives a row without one: a place in a file, not a person
_PLACE = re.compile(r"row-[0-9]+")
# a date with its time of day (hours and minutes): only then does it single a text out
_TIMED = re.compile(r"[0-9]{1,2}:[0-9]{2}")


def _names_somebody(role: str, value: str) -> bool:
    """Whether a respondent id or author is someone's (not ``row-N``, not "Anonymous" or "Guest")."""
    if role == "respondent":
        return not _PLACE.fullmatch(value)
    # what comment sites write where a name would be: shared by everyone who posts without one, so it names
    # nobody (an erased "Anonymous: Agree." must not suppress every other anonymous "Agree." on another page)
    return not names_nobody(value)


def create_table(con: Any) -> None:
    """Schema step 8: the ``erased`` table (a digest per row, several rows per erased document)."""
    con.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        digest VARCHAR NOT NULL, entry BIGINT NOT NULL, erased_at TIMESTAMP NOT NULL,
        PRIMARY KEY (digest, entry))""")


def _mac(key: bytes, kind: str, *parts: str | None) -> str:
    msg = "\x1f".join("\x00" if p is None else p for p in parts)
    return hmac.new(key, f"voices.erased.{kind}\x1e{msg}".encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()


def normalise_text(text: str) -> str:
    """The text as the content key sees it: NFC, whitespace runs as one space, case-folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text.replace("\x00", ""))).strip().casefold()


def document_digests(key: bytes, doc_id: str, kind: str, text: str | None, author: str | None,
                     posted_at: str | None, respondent_id: str | None, question_id: str | None,
                     *, source_id: str = "", copies: Counter[tuple[str, ...]] | None = None,
                     placed: bool = False, original_id: str | None = None, erasing: bool = False) -> list[str]:
    """The digests that identify one document across re-ingests (see the module docstring).

    ``copies`` counts the anonymous texts met so far (by source, text and question): one
    counter per erasure, or per file read. ``placed``: the id was made from the record's
    place, so for an anonymous record it names a place, not this text, and is not looked up.
    ``original_id``: the record's own id in its file; a records file read back from an
    export carries the exported (plain or keyed) id there. ``erasing``: also the digest of
    its keyed id. A record read back from a redacted export carries that keyed id as its
    id, so its plain ``id`` digest is the one to look up.
    """
    who = [(role, v.strip()) for role, v in (("respondent", respondent_id), ("author", author))
           if v and v.strip() and _names_somebody(role, v.strip())]
    anonymous = not who and kind != "article"
    out = [] if anonymous and placed else [_mac(key, "id", doc_id)]
    if original_id and original_id.strip() and original_id != doc_id:
        out.append(_mac(key, "id", original_id.strip()))
    if erasing:
        from voices.ids import keyed_id

        out.append(_mac(key, "id", keyed_id(key, doc_id)))
    body, question = normalise_text(text or ""), (question_id or "").strip()
    if anonymous:
        place = (source_id, body, question)
        nth = 0
        if copies is not None:
            nth = copies[place]
            copies[place] += 1
        out.append(_mac(key, "anonymous", *place, str(nth)))
    if not body:
        return out
    if not who and posted_at and _TIMED.search(posted_at):
        who = [("date", posted_at.strip())]
    if not who and kind == "article":
        who = [("article", "")]
    return out + [_mac(key, "content", body, role, value, question) for role, value in who]


def rule_digest(key: bytes, source_id: str, rule: int) -> str:
    """The digest saying that erased source ``source_id`` was stored under id rule ``rule``."""
    return _mac(key, "id-rule", source_id, str(rule))


RULES_TABLE = "erased_rules"  # the ``id-rule`` digests: apart from ``erased``, whose entries are erased records


def create_rules_table(con: Any) -> None:
    """Schema step 10: the ``erased_rules`` table (one ``id-rule`` digest per source erased whole)."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {RULES_TABLE} (digest VARCHAR PRIMARY KEY, erased_at TIMESTAMP NOT NULL)")


def record_rules(corpus: Corpus, sources: Sequence[tuple[str, int]], now: Any) -> None:
    """Keep, as keyed digests, the id rules of ``(source id, rule)`` erased whole (inside ``delete``'s
    transaction)."""
    key = _key(corpus)
    corpus.sql(f"INSERT OR IGNORE INTO {RULES_TABLE} SELECT unnest(?::VARCHAR[]), ?",
               [[rule_digest(key, sid, rule) for sid, rule in sources], now])


def response_digests(key: bytes, source_id: str, respondent_id: str, attributes: str | None,
                     ratings: str | None) -> list[str]:
    """The digests of a respondent's ratings row: by source and respondent, and by the row's values."""
    return [_mac(key, "response", source_id, respondent_id),
            _mac(key, "response-values", respondent_id, attributes, ratings)]


def _key(corpus: Corpus) -> bytes:
    from voices.store.secrets import redaction_key

    key = redaction_key(corpus)
    if key is None:  # a writing open migrates first, and step 2 makes the key
        raise RuntimeError("the corpus has no secret key: open it for writing first")
    return key


def was_erased(corpus: Corpus, doc_id: str) -> bool:
    """Whether ``doc_id`` (a whole voices id, a keyed id a redacted output showed, or a file's own id) is the
    id of a document ``voices delete`` erased: its ``id`` digest is on the list. A prefix cannot be told."""
    return bool(erased_ids(corpus, {doc_id.strip(), doc_id.strip().lower()}))


def erased_ids(corpus: Corpus, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` (whole voices ids, keyed ids, files' own ids) whose ``id`` digest is on the list: the ids
    of documents ``voices delete`` erased (``train --corpus`` leaves such rows of its ``--data`` files out)."""
    from voices.store.secrets import redaction_key

    key = redaction_key(corpus) if corpus.has_table(TABLE) else None
    by = {_mac(key, "id", i): i for i in ids if i} if key is not None else {}
    if not by:
        return set()
    rows = corpus.sql(f"SELECT DISTINCT digest FROM {TABLE} WHERE digest IN (SELECT unnest(?::VARCHAR[]))",
                      [sorted(by)]).fetchall()
    return {by[d] for (d,) in rows}


CHUNK = 20_000  # documents digested per query: a whole source's texts are never all in memory


def record(corpus: Corpus, cond: str, values: Sequence[Any], now: Any, *, ratings: bool = True) -> int:
    """Add the digests of the documents and ratings rows matching ``cond`` (inside ``delete``'s transaction).

    ``cond`` is a WHERE clause over columns both ``documents`` and ``responses`` have
    (``source_id``, ``respondent_id``); with ``ratings=False`` (an author's comments, one document) it is
    over ``documents`` alone, and no ratings row is recorded. Returns how many entries (documents and rows) were added.
    """
    key = _key(corpus)
    added, after = 0, ""
    copies: Counter[tuple[str, ...]] = Counter()  # anonymous texts: how many copies of each go
    from voices.store.export_kept import named_sql

    while True:  # keyset chunks by id
        docs = corpus.sql(f"SELECT id, kind, text, author, posted_at, respondent_id, question_id, source_id, "
                          f"{named_sql('author')}, {named_sql('respondent_id')} "
                          f"FROM documents WHERE ({cond}) AND id > ? ORDER BY id LIMIT {CHUNK}",
                          [*values, after]).fetchall()
        if not docs:
            break
        added += _insert(corpus, [_as_named(key, doc, document_digests(key, *doc[:7], source_id=doc[7], copies=copies,
                                                                       erasing=True)) for doc in docs], now)
        after = docs[-1][0]
    if not ratings:
        return added
    rows = corpus.sql(f"SELECT source_id, respondent_id, attributes, ratings FROM responses WHERE {cond} "
                      "ORDER BY source_id, respondent_id", values).fetchall()
    return added + _insert(corpus, [response_digests(key, *r) for r in rows], now)


def _as_named(key: bytes, doc: tuple, digests: list[str]) -> list[str]:
    """``digests`` of an erased document (``record``'s row), with those of its author and respondent as a name or id
    column gives them (``export_kept.as_named``: the row's last two values), where one does.

    An answer ``--keep-export-ids`` kept from a rule-1 export stands as row-3, its name and id as columns: erased, its
    digests named nobody, and the source's own file (read by rule 2: R002, "Cat Other") stored it again.
    """
    author, respondent = doc[8], doc[9]
    if author is None and respondent is None:
        return digests
    named = document_digests(key, *doc[:3], doc[3] or author, doc[4], respondent or doc[5], doc[6], source_id=doc[7])
    return digests + [d for d in named if d not in digests]


def _insert(corpus: Corpus, entries: list[list[str]], now: Any) -> int:
    """Store each entry's digests under a new entry number; returns how many entries."""
    if not entries:
        return 0
    first = int(corpus.sql(f"SELECT coalesce(max(entry), 0) + 1 FROM {TABLE}").fetchall()[0][0])
    corpus.sql(f"""INSERT OR IGNORE INTO {TABLE}
                   SELECT unnest(d) AS digest, e AS entry, ? FROM (SELECT unnest(?::VARCHAR[][]) AS d,
                          unnest(?::BIGINT[]) AS e)""",
               [now, entries, list(range(first, first + len(entries)))])
    return len(entries)


# Up to this many digests the list is a Python set of 64-bit ints (about 70 bytes each, a
# lookup in 0.1 us); beyond it a sorted numpy array (8 bytes each, a lookup in about 9 us).
SET_LIMIT = 1_000_000


class Suppressions:
    """The digests an ingest checks each record against (``load`` gives None when there are none).

    Held as the first 64 bits of each digest, not as Python strings of 64 hex digits: a
    corpus that erased a million documents holds about 3 million digests, about 400 MB as
    a set of strings, 24 MB as the sorted array used beyond ``SET_LIMIT``. A record
    matches when the first 64 bits of one of its digests are on the list; by chance that
    happens about once in 10^12 lookups against 3 million digests, and such a record is
    reported as skipped, never silently lost (``--readmit-erased`` stores it).
    """

    def __init__(self, key: bytes, prefixes: Any, rules: Iterable[str] = ()) -> None:
        self.key = key
        #: the ``id-rule`` digests of sources erased whole (``record_rules``)
        self.rules = frozenset(rules)
        #: the digests' first 64 bits: a set of ints, or a sorted unique numpy uint64 array
        self.prefixes = set(prefixes.tolist()) if len(prefixes) <= SET_LIMIT else prefixes
        #: per record this call stored anyway (``--readmit-erased``), the digests of it that matched:
        #: one group per record, since each readmits one erased entry, not every entry sharing a digest
        self.readmitted: list[list[str]] = []

    @classmethod
    def load(cls, corpus: Corpus) -> Suppressions | None:
        """The corpus's suppression list, or None when it erased nothing (or predates the table)."""
        if not corpus.has_table(TABLE):
            return None
        prefixes = corpus.sql(f"SELECT DISTINCT ('0x' || substr(digest, 1, 16))::UBIGINT AS p FROM {TABLE} "
                              "ORDER BY p").fetchnumpy()["p"]
        # a source is erased whole with its documents or ratings rows, so it has entries while its rule matters
        rules = [r[0] for r in corpus.sql(f"SELECT digest FROM {RULES_TABLE}").fetchall()] \
            if corpus.has_table(RULES_TABLE) else []
        return cls(_key(corpus), prefixes, rules) if len(prefixes) else None

    def _listed(self, prefix: int) -> bool:
        if isinstance(self.prefixes, set):
            return prefix in self.prefixes
        import numpy as np

        p = np.uint64(prefix)
        i = int(np.searchsorted(self.prefixes, p))
        return i < len(self.prefixes) and bool(self.prefixes[i] == p)

    def _hits(self, digests: Iterable[str]) -> list[str]:
        return [d for d in digests if self._listed(int(d[:16], 16))]

    def document(self, doc_id: str, kind: str, text: str | None, author: str | None, posted_at: str | None,
                 respondent_id: str | None, question_id: str | None, *, source_id: str = "",
                 copies: Counter[tuple[str, ...]] | None = None, placed: bool = False,
                 original_id: str | None = None) -> list[str]:
        """The digests of this document that are on the list (empty: not erased before).

        ``copies``: the file's own count of anonymous texts, so its n-th copy of one is
        matched against the n-th copy erased; ``placed`` and ``original_id`` as ``document_digests``.
        """
        return self._hits(document_digests(self.key, doc_id, kind, text, author, posted_at, respondent_id,
                                           question_id, source_id=source_id, copies=copies, placed=placed,
                                           original_id=original_id))

    def erased_rule(self, source_id: str, rules: Iterable[int]) -> int | None:
        """The first of ``rules`` that erased source ``source_id`` was stored under (``record_rules``), else None."""
        return next((r for r in rules if rule_digest(self.key, source_id, r) in self.rules), None)

    def response(self, source_id: str, respondent_id: str, attributes: str | None, ratings: str | None) -> list[str]:
        """The digests of this ratings row that are on the list."""
        return self._hits(response_digests(self.key, source_id, respondent_id, attributes, ratings))


def readmit(corpus: Corpus, groups: Iterable[Sequence[str]]) -> int:
    """Remove the erased entries the readmitted records were (inside the ingest's transaction).

    ``groups``: per record stored again, its digests on the list. Each record takes off the
    list the one entry it matches best (most digests in common), not every entry one of its
    digests belongs to: a digest is shared by several erased documents (the same answer of one
    respondent erased from two consultations, one person's same words under one name as two
    respondents, a ratings row's values in two surveys), and readmitting one of them brought the
    others back on the next plain ingest. Records that identify their entry best go first; a record whose best
    entries include one another record took (a second copy of one readmitted document) takes
    none, so an erasure is only ever kept when in doubt. Returns how many entries were removed.
    """
    wanted = [sorted(set(g)) for g in groups if g]
    if not wanted:
        return 0
    pairs = corpus.sql(f"""SELECT g.grp, e.entry, count(*) AS shared
                           FROM (SELECT grp, unnest(d) AS digest FROM (SELECT unnest(?::VARCHAR[][]) AS d,
                                                                              unnest(?::BIGINT[]) AS grp)) g
                           JOIN {TABLE} e USING (digest) GROUP BY g.grp, e.entry""",
                       [wanted, list(range(len(wanted)))]).fetchall()
    best: dict[int, tuple[int, set[int]]] = {}  # group -> (its most digests in common, the entries sharing that many)
    for grp, entry, shared in pairs:
        most, entries = best.get(grp, (0, set()))
        if shared > most:
            best[grp] = (shared, {entry})
        elif shared == most:
            entries.add(entry)
    taken: set[int] = set()
    for _, (_, entries) in sorted(best.items(), key=lambda b: (-b[1][0], min(b[1][1]), b[0])):
        if not entries & taken:
            taken.add(min(entries))
    if taken:
        corpus.sql(f"DELETE FROM {TABLE} WHERE entry IN (SELECT unnest(?::BIGINT[]))", [sorted(taken)])
    return len(taken)
