"""Author names that name nobody: what comment sites and forms write where a name would be.

"Anonymous", "Guest", "N/A" or "-" is shared by everyone who posts without a name, so several
people stand behind one stored author. What counts people (a report's campaign respondents, one
quote per commenter, "Commenter N" pseudonyms) takes each such document as a different unknown
person, and ``voices delete --author`` refuses such a name. Erasure digests
(``voices.store.suppression``) leave it out of a text's "who" for the same reason.
"""

from __future__ import annotations

import re

# Changing this set changes which erasure digests carry an author (``voices.store.suppression``): an erased
# document must still be recognised on a later ingest, so names are only ever added with a schema step.
PLACEHOLDER_AUTHORS = frozenset({
    "anonymous", "anon", "anonymous user", "guest", "guest user", "unknown", "deleted", "removed", "[deleted]",
    "[removed]", "name withheld", "withheld", "a reader", "reader", "visitor", "user", "none", "n/a", "-"})
_SPACE = re.compile(r"\s+")


def names_nobody(author: object) -> bool:
    """Whether a stored author names nobody: missing, blank, or a placeholder ("Anonymous", "Guest", "N/A").

    Examples
    --------
    >>> [names_nobody(a) for a in ("Anonymous", " guest ", "N/A", "-", "", None, "Jo Bloggs", "Anonymous Parent")]
    [True, True, True, True, True, True, False, False]
    """
    if not isinstance(author, str):
        return True
    return not author.strip() or _SPACE.sub(" ", author.strip()).casefold() in PLACEHOLDER_AUTHORS
