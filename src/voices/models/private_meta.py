"""What ``meta.json`` keeps of the user's files, corpus and documents: nothing that names anyone.

A model folder is made to be passed on. A file name can name a person
("interview-sarah-jones.csv"), so can the corpus's absolute path
(``/home/sarah.jones/...``), and a plain document id hashes source, author and date,
so for a public thread anyone can recompute it and learn which comments were labelled.
So ``meta.json`` records:

- a user's file as ``your-file-<sha256 of its bytes, 12 hex><suffix>``: the owner can
  tell which file it was (``sha256sum``), nobody else learns its name (the shipped
  labelled corpus's files, AI-written package data, keep their names);
- the corpus as ``corpus_id``, a keyed digest under the corpus's own secret: only
  someone holding the corpus can check a model came from it; no path;
- the user's labelled documents as ``doc_keys``, their keyed ids (as redacted exports
  show them), which ``voices delete`` (holding the corpus) recomputes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from voices.models.data import is_shipped_file

_CORPUS_ID_INPUT = "voices corpus id"  # keyed under the corpus secret: never a path or a name


def recorded_file_name(path: Path | str) -> str:
    """How ``training_data.files`` records a labelled file: its name if shipped, else a content hash.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "interview-sarah-jones.csv"); _ = p.write_text("text,stance\\n")
    ...     recorded_file_name(p)
    'your-file-35aa9728f519.csv'
    """
    p = Path(path)
    if is_shipped_file(p):
        return p.name
    digest = hashlib.sha256()
    try:
        with p.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:  # unreadable here (read already by then): still never the name
        digest.update(str(p).encode("utf-8"))
    return f"your-file-{digest.hexdigest()[:12]}{p.suffix.lower()}"


def recorded_file_names(paths: Sequence[Path | str]) -> list[str]:
    """``recorded_file_name`` of each path, in order."""
    return [recorded_file_name(p) for p in paths]


def corpus_id(key: bytes | None) -> str | None:
    """The corpus as ``training_data.corpus_id`` records it: a keyed digest, or None without a key yet."""
    from voices.ids import keyed_id

    return keyed_id(key, _CORPUS_ID_INPUT) if key is not None else None


def doc_keys(key: bytes | None, doc_ids: Iterable[str]) -> list[str] | None:
    """The documents' keyed ids, sorted; None when the corpus has no key yet (nothing is recorded then)."""
    from voices.ids import keyed_id

    return sorted({keyed_id(key, d) for d in doc_ids}) if key is not None else None
