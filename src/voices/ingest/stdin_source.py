"""Whether a pipe is more of standard input's "stdin" source or new to it: the one decision ingest and --preview make.

Standard input without a title of its own is one source, "stdin", and every pipe adds to it. A pipe sharing a
document with it is more of it; one whose documents are all new to it is judged by them alone, as a file would be
(``voices.store.stored_part``: a part of another stored source is taken back). Ingest
(``PipedChecks._new_to_stdin_source``) and ``--preview`` (``voices.ingest.preview``) each decided this in code of
their own, and the two drifted twice. ``STDIN`` is the path that means standard input ("-"), as both compare it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path

STDIN = "-"  # the path that means standard input


def new_to_stdin_source(path: Path, ids: Sequence[str], held: Callable[[list[str]], Collection[str]],
                        other: Callable[[], Collection[str]]) -> list[str] | None:
    """This file's documents of the "stdin" source when it is standard input and none of them is in it yet; else None.

    ``ids``: the documents as ingest stores or counts them (an answer ``--keep-export-ids`` kept stands for its row);
    ``held(own)``: those of ``own`` the source holds; ``other()``: ids an earlier pipe's texts hold with other words
    (respondents numbered by row, as every pipe numbers them), not stored, and judged with the pipe, as it stands.
    Each is asked only of standard input. ``head -2 FILE | voices ingest -`` after ``voices ingest FILE`` and an
    earlier pipe added FILE's rows again.

    >>> new_to_stdin_source(Path("-"), ["a", "b"], lambda own: [], lambda: {"b"})
    ['a']
    >>> new_to_stdin_source(Path("-"), ["a"], lambda own: own, lambda: ()) is None
    True
    """
    from voices.ingest.base import shown_path

    if shown_path(path) != STDIN or not ids:
        return None
    met = other()
    own = [d for d in ids if d not in met]
    return None if held(own) else own
