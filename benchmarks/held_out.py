"""The scoring the held-out redaction probes share (``redaction_held_out37.py``, ``redaction_held_out38.py``,
``redaction_review38.py``): rows of ``(kind, text, value, want)``, kind "title" or "body", want "hide" or "keep".

Rules only (no NER): a title as ``Redactor.source_titles`` shows it, a body as ``Redactor.redact`` does. A ``hide``
row counts when every letter of ``value`` is hidden, a ``keep`` row when none is. Prints each failing row (each
row with ``verbose``) and the counts.
"""

from __future__ import annotations

from collections.abc import Iterable


def score(rows: Iterable[tuple[str, str, str, str]], *, verbose: bool = False) -> dict[str, list[int]]:
    """Counts ``{"hide": [ok, rows], "keep": [ok, rows]}``. Each row gets a new ``Redactor``, so a name found
    in one row is not hidden in the next by that alone."""
    from voices.redact import Redactor

    counts = {"hide": [0, 0], "keep": [0, 0]}
    for kind, text, value, want in rows:
        redactor = Redactor(entities=lambda texts: [[] for _ in texts])
        spans = redactor.spans(text, f"title:{text}" if kind == "title" else None)
        hidden = {i for s, e, _ in spans for i in range(s, e)}
        at = text.index(value)
        letters = [at + i for i, c in enumerate(value) if c.isalnum()]
        ok = all(i in hidden for i in letters) if want == "hide" else not any(i in hidden for i in letters)
        counts[want][0] += ok
        counts[want][1] += 1
        if not ok or verbose:
            shown = redactor.source_title(text) if kind == "title" else redactor.redact(text)
            print(f"  {'fails' if not ok else 'ok'} ({want}) {kind}: {text!r} -> {shown!r}")
    print(f"named hidden: {counts['hide'][0]} / {counts['hide'][1]}; "
          f"clean kept: {counts['keep'][0]} / {counts['keep'][1]}")
    return counts
