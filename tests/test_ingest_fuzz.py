"""Fuzzing every reader: any input ends in documents stored or a typed refusal (exit 2).

Each reader gets a small valid file of its format, mutated by hypothesis (bytes
replaced, inserted, deleted, spliced, truncated), plus plain random bytes. The
call goes through ``ingest_paths`` exactly as ``voices ingest --format FMT`` runs
it, so a traceback or exit 1 anywhere in reading, decoding or storing fails the
test, and the per-example deadline catches a hang. Examples are bounded so the
whole module stays inside CI's budget (about a minute).
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import FIX, SAMPLES

from voices.errors import VoicesError
from voices.ingest import IngestOptions, ingest_paths

_SEEDS = {
    "textpage": (FIX / "short_thread.txt", ".txt"),
    "wxr": (FIX / "small.xml", ".xml"),
    "html": (FIX / "small.html", ".html"),
    "consultation": (FIX / "small_consultation.csv", ".csv"),
    "records": (FIX / "records.jsonl", ".jsonl"),
    "xlsx": (SAMPLES / "consultation.xlsx", ".xlsx"),
}
_counter = itertools.count()


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "replace" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b">", b"\"", b",", b"\n", b"\r", b"\x00", b"{",
                                                b"\xff\xfe", b"\xc3", b"\\ud800", b"<div>" * 50,
                                                b"]]>", b"&amp;", b"&#0;", b"\t", b"'", b"=cmd|"]))
        elif op == "delete" and data:
            del data[at: at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        elif op == "splice" and data:
            start = draw(st.integers(0, len(data) - 1))
            data[at:at] = data[start: start + draw(st.integers(1, 200))]
    return bytes(data)


def _inputs(fmt: str) -> st.SearchStrategy[bytes]:
    seed = _SEEDS[fmt][0].read_bytes()
    return st.one_of(mutated(seed), st.binary(max_size=400), st.just(seed))


def _ingest(tmp_path: Path, fmt: str, data: bytes) -> None:
    n = next(_counter)
    path = tmp_path / f"input-{n}{_SEEDS[fmt][1]}"
    path.write_bytes(data)
    options = IngestOptions(format="consultation" if fmt == "xlsx" else fmt)
    try:
        ingest_paths([path], tmp_path / f"corpus-{n}.duckdb", options)
    except VoicesError as exc:
        assert exc.exit_code == 2, exc
        assert "\n" not in str(exc).strip()


_SETTINGS = settings(max_examples=35, deadline=10_000, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", sorted(_SEEDS))
def test_reader_ends_in_documents_or_a_typed_refusal(tmp_path, fmt):
    @_SETTINGS
    @given(data=_inputs(fmt))
    def run(data: bytes) -> None:
        _ingest(tmp_path, fmt, data)

    run()


@_SETTINGS
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
       author=st.text(max_size=30))
def test_records_with_any_text_store_it_unchanged(tmp_path_factory, text, author):
    import json

    from voices.store import Corpus

    tmp = tmp_path_factory.mktemp("records")
    path = tmp / "r.jsonl"
    path.write_text(json.dumps({"text": text, "author": author}) + "\n", encoding="utf-8")
    try:
        ingest_paths([path], tmp / "c.duckdb")
    except VoicesError as exc:
        assert exc.exit_code == 2
        return
    if not (tmp / "c.duckdb").exists():
        assert not text.strip()
        return
    with Corpus.open(tmp / "c.duckdb") as c:
        stored = c.sql("SELECT text FROM documents").fetchall()
    import unicodedata

    kept = text.strip()  # a blank text is no document; NULs go, NFC is the stored form
    assert [row[0] for row in stored] == ([unicodedata.normalize("NFC", kept.replace("\x00", ""))] if kept else [])


def test_xlsx_built_with_any_cell_text_is_read_or_refused(tmp_path):
    from openpyxl import Workbook

    @_SETTINGS
    @given(cells=st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
                          min_size=1, max_size=6))
    def run(cells: list[str]) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(["Respondent ID", "Your views"])
        for i, cell in enumerate(cells):
            sheet.append([f"R{i}", cell])
        buffer = io.BytesIO()
        book.save(buffer)
        _ingest(tmp_path, "xlsx", buffer.getvalue())

    run()
