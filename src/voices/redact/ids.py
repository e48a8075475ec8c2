"""Document ids as redacted outputs show them: keyed with the corpus's secret, or row numbers.

Plain document ids hash source, author, date and parent, so whoever has a list of
candidate authors can recompute them and learn who wrote a quote. Redacted outputs
therefore show ``voices.ids.keyed_id`` under the corpus's own key (``voices label``
accepts it), and a report built from a dataset, which has no corpus and no key,
shows the document's row number. Source ids, plain hashes of a URL or title, are
keyed the same way (``voices.ids.keyed_source_id``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from voices.ids import keyed_id, keyed_source_id
from voices.redact.erased import ErasedNames

if TYPE_CHECKING:
    from voices.store import Corpus

log = logging.getLogger(__name__)


class IdMask:
    """Maps document ids to the ids a redacted output shows.

    Parameters
    ----------
    key : bytes or None
        The corpus's redaction key: ids become ``k`` + 15 hex digits.
    rows : iterable of str or None
        Document ids in row order (a dataset without a corpus): ids become ``row N``
        (1-based). Used when given.

    Examples
    --------
    >>> IdMask(rows=["d1", "d2"])("d2")
    'row 2'
    >>> IdMask(key=b"secret")("d0123456789abcde")
    'k20bc082256b2627'
    """

    def __init__(self, key: bytes | None = None, rows: Iterable[str] | None = None,
                 erased: ErasedNames | None = None) -> None:
        self._rows = None if rows is None else {str(d): i for i, d in enumerate(rows, start=1)}
        if self._rows is None and not key:
            raise ValueError("IdMask needs a key or the row order")
        self._key = key or b""
        # the names voices delete erased, keyed with the same secret: a redactor with this mask hides them too
        self.erased = erased

    @classmethod
    def for_corpus(cls, corpus: Corpus) -> IdMask:
        """The corpus's keyed ids, and the names erased from it (``ErasedNames``); a one-off key (with a
        warning) for a corpus not written since keys came in."""
        from voices.store import erased_names
        from voices.store.secrets import redaction_key

        key = redaction_key(corpus)
        if key is None:
            # reading commands never write (they read an older schema as it is), so the key waits for a write
            log.warning("corpus %s has no redaction key yet (made before keys came in): ids in this output are "
                        "not stable and cannot be given back to --source/--id; run any write command, e.g. "
                        "voices classify --corpus %s, to fix a key", corpus.path, corpus.path)
            return cls(os.urandom(32))
        return cls(key, erased=ErasedNames(key, erased_names.load(corpus)))

    def __call__(self, doc_id: str) -> str:
        if self._rows is not None:
            n = self._rows.get(str(doc_id))
            return f"row {n}" if n is not None else "row ?"
        return keyed_id(self._key, str(doc_id))

    def source(self, source_id: str) -> str | None:
        """A source's id keyed with the corpus's secret (``voices.ids.keyed_source_id``); None without
        a key (a dataset's rows), where the redactor numbers sources instead.

        >>> IdMask(key=b"secret").source("s0123456789a"), IdMask(rows=["d1"]).source("s0123456789a")
        ('ks31565e6cc015', None)
        """
        return None if self._rows is not None else keyed_source_id(self._key, str(source_id))
