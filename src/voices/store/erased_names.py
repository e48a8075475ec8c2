"""Erased authors' names, as keyed digests only: so a redacted output still hides a name ``voices delete`` erased.

A redactor hides the names of the output's authors wherever they turn up in texts. ``voices
delete`` takes a person's documents away, and with them their name off that list: "Zed never
listened", in someone else's reply, was "[PERSON] never listened" before the delete and named Zed
after it. ``delete`` now records, in its own transaction, a keyed digest of each name term of the
erased authors (the full name, first name and surname the redactor would look for: the caller says
which, ``voices.redact.authors.erased_name_terms``) in table ``erased_names`` (schema step 9), and a
redactor built for the corpus hides a word or words whose digest is among them.

Nothing readable of the name is stored: each digest is HMAC-SHA256 under the corpus's own secret
(``secrets.redaction_key``), with a domain label of its own so it equals no other digest the corpus
keeps, of the term case-folded, with no time and no link to the erasure it came from. As with the
suppression list, whoever holds the corpus file (and so its key) can test a guessed name.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

TABLE = "erased_names"
# a term the redactor hides wherever it is written, an everyday word ("Grace") it hides where a name goes,
# or a user name ("SWmum1985") it hides in any case
KINDS = ("name", "word", "handle")
# who gave a label, once ``delete --author`` erased that person; ``LABELLER`` digests are of such a whole name,
# matched only against a label file's labeller (never a redaction term: a domain label of their own)
ERASED_LABELLER = "erased labeller"
LABELLER = "labeller"


def create_table(con: Any) -> None:
    """Schema step 9: the ``erased_names`` table (one keyed digest per erased name term)."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (digest VARCHAR PRIMARY KEY)")


def name_digest(key: bytes, kind: str, term: str) -> str:
    """The keyed digest of a name term of one kind (``KINDS``), case-folded and with single spaces.

    >>> name_digest(b"k", "name", "Zed") == name_digest(b"k", "name", " zed ")
    True
    """
    msg = f"voices.erased_name.{kind}\x1e{' '.join(term.casefold().split())}"
    return hmac.new(key, msg.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def record(corpus: Corpus, terms: Mapping[str, str]) -> int:
    """Add the digests of ``terms`` (term -> kind) inside the caller's transaction; returns how many are new."""
    from voices.store.secrets import redaction_key

    key = redaction_key(corpus)
    if not terms or key is None:  # a writing open made the key: None only for a corpus never migrated
        return 0
    digests = sorted({name_digest(key, kind, term) for term, kind in terms.items()})
    before = int(corpus._con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0])
    corpus._con.execute(f"INSERT INTO {TABLE} SELECT DISTINCT unnest(?::VARCHAR[]) ON CONFLICT DO NOTHING", [digests])
    return int(corpus._con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0]) - before


def load(corpus: Corpus) -> frozenset[str]:
    """Every erased name's digest (none for a corpus not written since the table came in)."""
    if not corpus.has_table(TABLE):
        return frozenset()
    return frozenset(r[0] for r in corpus.sql(f"SELECT digest FROM {TABLE}").fetchall())


def was_erased(corpus: Corpus, name: str) -> bool:
    """Whether ``name``, as given to ``delete --author``, is one of the name terms of an author erased earlier
    (a whole name, or a first name or surname of one: the digests say no more)."""
    from voices.store.secrets import redaction_key

    key = redaction_key(corpus) if corpus.has_table(TABLE) else None
    if key is None or not name.split():
        return False
    digests = [name_digest(key, kind, name) for kind in KINDS]
    return bool(corpus.sql(f"SELECT count(*) FROM {TABLE} WHERE digest IN (SELECT unnest(?::VARCHAR[]))",
                           [digests]).fetchall()[0][0])


def labeller_kind(source_id: str | None = None) -> str:
    """The domain of a labeller's digest: erased everywhere (``LABELLER``), or in one source only.

    ``delete --author NAME --source S`` kept none (the person labels elsewhere still), and ``label --from`` an
    export written before it named them again on the labels of S's documents the delete had unnamed.
    """
    return LABELLER if source_id is None else f"{LABELLER}\x1f{source_id}"


def as_labeller(corpus: Corpus, by: str | None, source_id: str | None = None) -> str | None:
    """``by`` as a label file's labeller is stored on a document of ``source_id``: ``ERASED_LABELLER`` for a person
    ``delete --author`` erased (everywhere, or in that source).

    An ``export --labelled`` file written before the delete still names them, and ``label --from`` it wrote
    their name back onto the labels the delete had unnamed.
    """
    from voices.store.secrets import redaction_key

    if by is None or not by.split() or not corpus.has_table(TABLE):
        return by
    key = redaction_key(corpus)
    if key is None:
        return by
    kinds = {labeller_kind(), labeller_kind(source_id)}
    digests = [name_digest(key, kind, by) for kind in sorted(kinds)]
    found = corpus.sql(f"SELECT count(*) FROM {TABLE} WHERE digest IN (SELECT unnest(?::VARCHAR[]))", [digests])
    return ERASED_LABELLER if found.fetchall()[0][0] else by
