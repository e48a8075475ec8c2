"""``ingest --preview``'s ``documents`` is what the real ingest then counts as the file's documents.

The answers and names here are made up for these tests.
"""

from __future__ import annotations

import json

import pytest
from test_row_numbered_parts import _named_corpus, run


def _both(path, corpus, *flags: str, stdin: str | None = None) -> tuple[int, int, int]:
    """``--preview``'s documents, then the real ingest's (per file, and added plus already present)."""
    r = run("ingest", "--preview", path, "--corpus", corpus, "--json", *flags, stdin=stdin)
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)["documents"]
    r = run("ingest", path, "--corpus", corpus, "--json", *flags, stdin=stdin)
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    return shown, done["files"][0]["documents"], done["documents_added"] + done["skipped_already_present"]


@pytest.mark.parametrize(("flags", "documents"), [((), 2), (("--readmit-erased",), 3)])
def test_preview_does_not_count_an_answer_erased_here(tmp_path, flags, documents):
    """Ann's answer, erased, is skipped by ingest; --preview counted it among the file's 3 documents."""
    path, corpus = _named_corpus(tmp_path)
    assert (r := run("delete", "--author", "Ann Example", "--corpus", corpus)).exit_code == 0, r.output
    assert _both(path, corpus, *flags) == (documents, documents, documents)

