"""Finding stored documents and sources by the keyed ids redacted outputs show (``voices.ids``).

``voices label`` and ``voices delete --id`` take a document's keyed id, and every ``--source``
a source's (``Corpus.resolve_sources``), or a prefix of either, so that someone holding only a
redacted export can name a document or a source. Keyed ids are not stored: each id is hashed
again under the corpus's secret (about a second per million documents).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["MIN_PREFIX", "keyed_matches", "keyed_source_matches", "refuse_short_prefix"]

# The fewest characters of a keyed id that are looked up: fewer would hash every id for a prefix most of them share.
MIN_PREFIX = 4
# ``k`` and 15 hex digits, or a prefix of four characters at least; plain ids begin with ``d``.
_KEYED = re.compile(rf"k[0-9a-f]{{{MIN_PREFIX - 1},15}}")
# ``ks`` and 12 hex digits (``voices.ids.keyed_source_id``), or a prefix of four characters at least.
_KEYED_SOURCE = re.compile(rf"ks[0-9a-f]{{{MIN_PREFIX - 2},12}}")
# The start of a keyed id, shorter than that: "k", "k5a", "ks0".
_TOO_SHORT = re.compile(rf"k[0-9a-f]{{0,{MIN_PREFIX - 2}}}|ks[0-9a-f]{{0,{MIN_PREFIX - 3}}}")


def refuse_short_prefix(given: str, what: str = "document") -> None:
    """Raise ``UsageError`` when ``given`` begins a keyed id but is too short to look up.

    Every command that takes an id prefix calls this when nothing matched, so "k5a" is told it
    needs ``MIN_PREFIX`` characters instead of "no document 'k5a'".

    Examples
    --------
    >>> refuse_short_prefix("kf09d")  # long enough: nothing to say
    >>> refuse_short_prefix("ks0", "source")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    voices.errors.UsageError: source id prefix 'ks0' is too short: it has 3 characters, a prefix needs at least 4 (...)
    """
    from voices.errors import UsageError

    if _TOO_SHORT.fullmatch(given):
        chars = "character" if len(given) == 1 else "characters"
        raise UsageError(f"{what} id prefix {given!r} is too short: it has {len(given)} {chars}, a prefix needs "
                         f"at least {MIN_PREFIX} (`voices export` lists each {what}'s id)")


def keyed_matches(corpus: Corpus, given: str, scope: str = "", params: Sequence[Any] = ()) -> list[tuple[str, str]]:
    """``(keyed id, id)`` of the documents whose keyed id is ``given`` or starts with it (at most 3).

    Parameters
    ----------
    corpus : Corpus
        The corpus whose secret keyed the ids.
    given : str
        A keyed id or a prefix of one; anything not shaped like one matches nothing.
    scope : str
        More conditions on ``documents``, as ``" AND source_id = ?"``; ``params`` fill them.

    Returns
    -------
    list of (str, str)
        Empty when nothing matches or the corpus has no key yet.
    """
    from voices.ids import keyed_id
    from voices.store.secrets import redaction_key

    if not _KEYED.fullmatch(given):
        return []
    key = redaction_key(corpus)
    if key is None:
        return []
    found = []
    for batch in corpus.iter_frames(f"SELECT id FROM documents WHERE true{scope} ORDER BY id", list(params),
                                    batch_size=100_000):
        found += [(k, d) for d in batch["id"] if (k := keyed_id(key, d)).startswith(given)]
    return found[:3]  # read to the end: a half-read result would hold the caller's transaction


def keyed_source_matches(corpus: Corpus, given: str, source_ids: Sequence[str]) -> list[str]:
    """The ``source_ids`` whose keyed id (``voices.ids.keyed_source_id``) is ``given`` or starts with it.

    Empty when ``given`` is not shaped like a keyed source id or the corpus has no key yet.

    Examples
    --------
    >>> keyed_source_matches(None, "s0ac55f08cb5", ["s0ac55f08cb5"])  # a plain id is not a keyed one
    []
    """
    from voices.ids import keyed_source_id
    from voices.store.secrets import redaction_key

    if not _KEYED_SOURCE.fullmatch(given):
        return []
    key = redaction_key(corpus)
    if key is None:
        return []
    return [s for s in source_ids if keyed_source_id(key, s).startswith(given)]
