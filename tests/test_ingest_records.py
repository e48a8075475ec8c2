"""Generic CSV/JSONL records and voices' own exports read back (round trip)."""

from __future__ import annotations

import csv
import io

import pytest
from ingest_helpers import FIX, SAMPLES, documents, read

from voices.errors import InputError
from voices.ingest import ingest_paths
from voices.ingest.exported import is_export_header, unneutralise
from voices.schemas import EXPORT_FIELDS


def test_jsonl_records_with_default_field_names_and_late_parent():
    records, ctx = read("records", FIX / "records.jsonl")
    assert [(r.key, r.parent_key, r.kind) for r in records] == [
        ("m1", None, "comment"), ("m2", "m1", "reply"), ("m3", "m2", "reply")]
    assert records[0].author == "Ira" and records[0].posted_at == "2024-02-01T10:00:00+00:00"
    assert ctx.skipped == {"empty": 1}


def test_csv_records_with_mapped_fields():
    records, _ = read("records", FIX / "records.csv", text_field="body", id_column="msg_id",
                      author_field="who", date_field="when", source_field="thread")
    assert [(r.native_id, r.author, r.posted_at, r.source.title) for r in records] == [
        ("x1", "Lee", "2024-03-01", "Retention chat"),
        ("x2", "Max", "2024-03-02", "Retention chat"),
        ("y1", "Sol", "2024-03-03", "Pay chat"),
    ]


def test_a_reply_to_an_id_no_record_has_is_kept_without_a_parent_and_warned_about(tmp_path):
    # the records' own ids are in "rid", which voices does not guess: the reply link came to nothing, silently
    path = tmp_path / "odd.jsonl"
    path.write_text('{"msg": "Directors must be social workers.", "rid": "1"}\n'
                    '{"msg": "No, they need not be.", "rid": "2", "re": "1"}\n', encoding="utf-8")
    records, ctx = read("records", path, text_field="msg", parent_field="re")
    assert [(r.key, r.parent_key, r.kind) for r in records] == [("line-1", None, "comment"), ("line-2", "1", "reply")]
    assert ctx.warnings == [f"{path}: 1 record replies to an id that no record in the file has (field 're', e.g. "
                            "'1' on line 2): kept without a parent; name the field holding each record's own id "
                            "with --id-column"]
    records, ctx = read("records", path, text_field="msg", parent_field="re", id_column="rid")
    assert [(r.key, r.parent_key) for r in records] == [("1", None), ("2", "1")] and ctx.warnings == []


def test_missing_text_field_lists_the_fields(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text("msg_id,note,who\nx1,Supervision kept me in the job.,Lee\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"records\.csv: no text column or field \(found: msg_id, note, who\)"):
        read("records", path)


@pytest.mark.parametrize("field", ["response", "answer", "feedback", "comments", "selftext"])
def test_answer_like_fields_are_text_without_options(tmp_path, field):
    path = tmp_path / "answers.jsonl"
    path.write_text(f'{{"id": "a1", "{field}": "Pay is the real issue here."}}\n', encoding="utf-8")
    records, _ = read("records", path)
    assert [(r.native_id, r.text) for r in records] == [("a1", "Pay is the real issue here.")]


def test_body_and_comment_fields_are_text_without_options():
    records, _ = read("records", FIX / "records.csv")
    assert next((r.key, r.text) for r in records) == ("line-2", "Supervision kept me in the job.")


def test_invalid_jsonl_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n{"text": broken}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl: line 2: not valid JSON"):
        read("records", path)


@pytest.mark.parametrize(("content", "message"), [
    ('{"text": "fine"}\n["a", "b"]\n',
     "bad.jsonl: line 2: a list, not a JSON object: each line must be one object with a text field"),
    ('[{"text": "fine"}, "stray", 3]\n',
     "bad.jsonl: item 2 of the JSON array is a string, not an object: give each record as an object with a "
     "text field"),
], ids=["a-list-line", "an-array-with-a-string"])
def test_a_json_value_that_is_not_an_object_is_refused_never_dropped(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read("records", path)
    assert str(info.value) == f"{tmp_path}/{message}"


def test_export_header_and_formula_prefix():
    assert is_export_header(list(EXPORT_FIELDS) + ["stance", "themes"])
    assert is_export_header(list(reversed(EXPORT_FIELDS)))  # a spreadsheet may reorder an export (test_export_edited)
    assert unneutralise("'=SUM(A1)") == "=SUM(A1)"
    assert unneutralise("'-1 for pay") == "-1 for pay"
    assert unneutralise("'quoted") == "'quoted"


def test_handwritten_csv_export_restores_ids_and_formula_cells(tmp_path):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(list(EXPORT_FIELDS) + ["stance"])
    row = dict.fromkeys(EXPORT_FIELDS, "")
    row |= {"id": "dabc", "source_id": "s123", "source_title": "A thread", "kind": "comment",
            "position": "3", "author": "'@someone", "text": "'=1+1 is not a formula here"}
    writer.writerow([row[f] for f in EXPORT_FIELDS] + ["oppose"])
    path = tmp_path / "export.csv"
    path.write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    ingest_paths([path], corpus)
    (doc,) = documents(corpus)
    assert (doc["id"], doc["source_id"], doc["position"]) == ("dabc", "s123", 3)
    assert doc["author"] == "@someone" and doc["text"] == "=1+1 is not a formula here"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_round_trip_through_voices_export(tmp_path, fmt):
    export = pytest.importorskip("voices.export")
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    ingest_paths([SAMPLES / "thread.txt", SAMPLES / "consultation.csv", FIX / "small.html"], first)
    out = tmp_path / ("out" if fmt == "parquet" else f"out.{fmt}")
    if fmt == "parquet":
        export.export_corpus(first, fmt, out)
    else:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            export.export_corpus(first, fmt, None, None, fh)
    result = ingest_paths([out], second)
    assert result.files[0].format == "voices"
    keep = [c for c in documents(first)[0] if c != "ingested_at"]
    strip = lambda docs: [{k: d[k] for k in keep} for d in docs]  # noqa: E731
    assert strip(documents(second)) == strip(documents(first))


def test_a_repeated_text_header_says_its_other_columns_are_not_read(tmp_path):
    """'id,author,text,text': the second text column's words were left out with warnings []."""
    path = tmp_path / "two-texts.csv"
    path.write_text("id,author,text,text\n1,Ann,First text here,Second column one\n2,Bob,Another text,Second two\n",
                    encoding="utf-8")
    records, ctx = read("records", path)
    assert [r.text for r in records] == ["First text here", "Another text"]
    assert ctx.warnings == [f"{path}: column 'text' is headed so 2 times: only the first is read as the text, the "
                            "other left out ('text (2)'): check the file's header, or give --text-field 'text (2)' "
                            "to read that one instead"]
    records, ctx = read("records", path, text_field="text (2)")  # the way it gives
    assert [r.text for r in records] == ["Second column one", "Second two"] and ctx.warnings == []
