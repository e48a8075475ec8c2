"""Reading labelled data: both formats, field mapping and every refusal a user may meet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voices.errors import InputError, LabelError
from voices.models.data import data_hash, read_labelled
from voices.models.scheme import load_scheme

FIX = Path(__file__).parent / "fixtures" / "labelled"
REPO = Path(__file__).parents[1]
SCHEME = REPO / "corpora" / "schemes" / "social-work-leadership.toml"


def _write(tmp_path: Path, name: str, rows: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_jsonl_and_csv_give_the_same_items(task):
    a = read_labelled([FIX / "tiny.jsonl"], task)
    b = read_labelled([FIX / "tiny.csv"], task)
    assert [(i.id, i.text, i.label, i.group) for i in a] == [(i.id, i.text, i.label, i.group) for i in b]
    assert len(a) == 32


def test_group_defaults_to_group_field_then_file(tmp_path):
    assert {i.group for i in read_labelled([FIX / "tiny.jsonl"], "stance")} == {"g1", "g2", "g3", "g4"}
    p = _write(tmp_path, "writer-a.jsonl", [{"id": "1", "text": "x", "stance": "none"}])
    assert read_labelled([p], "stance")[0].group == "writer-a"


def test_field_mapping(tmp_path):
    p = tmp_path / "semeval.csv"
    p.write_text("id,target,Tweet,Stance\n1,A,I love it,FAVOR\n2,A,No way,AGAINST\n", encoding="utf-8")
    items = read_labelled([p], "stance", text_field="Tweet", label_field="Stance", group_field="target")
    assert [(i.text, i.label, i.group) for i in items] == [("I love it", "FAVOR", "A"), ("No way", "AGAINST", "A")]


@pytest.mark.parametrize(
    ("row", "task", "match"),
    [
        ({"id": "1", "text": "x", "stance": "sw_leaders"}, "stance", r"bad\.jsonl:2: unknown stance 'sw_leaders'"),
        ({"id": "1", "text": "x", "themes": ["burnout", "stress"]}, "themes", r"bad\.jsonl:2: unknown theme 'stress'"),
        ({"id": "1", "text": "   ", "stance": "none"}, "stance", r"bad\.jsonl:2: empty text"),
        ({"id": "1", "text": 5, "stance": "none"}, "stance", r"bad\.jsonl:2: the 'text' field holds a number, not text"),
        ({"id": "1", "text": ["a"], "stance": "none"}, "stance", r"bad\.jsonl:2: the 'text' field holds a list"),
        ({"id": "1", "text": "x", "stance": 1}, "stance", r"bad\.jsonl:2: the 'stance' field holds a number, not a label"),
        ({"id": "1", "text": "x"}, "stance", r"bad\.jsonl:2: no 'stance' field; map the label column"),
        ({"id": "1", "body": "x", "stance": "none"}, "stance", r"no 'text' field; map the text column"),
        ({"id": "1", "text": "x", "stance": ""}, "stance", r"empty 'stance' label"),
    ],
)
def test_bad_rows_are_refused_with_file_and_line(tmp_path, row, task, match):
    ok = {"id": "0", "text": "fine", "stance": "none", "themes": []}
    p = _write(tmp_path, "bad.jsonl", [ok, row])
    labels = load_scheme(SCHEME).labels(task)
    with pytest.raises(LabelError, match=match):
        read_labelled([p], task, labels=labels)


def test_invalid_json_line(tmp_path):
    p = tmp_path / "broken.jsonl"
    p.write_text('{"id": "1", "text": "a", "stance": "none"}\n{"id": 2,\n', encoding="utf-8")
    with pytest.raises(LabelError, match=r"broken\.jsonl:2: not valid JSON"):
        read_labelled([p], "stance")


def test_duplicate_ids_across_files(tmp_path):
    a = _write(tmp_path, "a.jsonl", [{"id": "x1", "text": "one", "stance": "none"}])
    b = _write(tmp_path, "b.jsonl", [{"id": "x1", "text": "two", "stance": "none"}])
    with pytest.raises(LabelError, match=r"b\.jsonl:1: id 'x1' already used at .*a\.jsonl:1"):
        read_labelled([a, b], "stance")


def test_same_text_with_different_labels_is_refused(tmp_path):
    p = _write(tmp_path, "d.jsonl", [
        {"id": "1", "text": "Leaders must be SWs", "stance": "social_work_leaders"},
        {"id": "2", "text": "leaders  must be sws", "stance": "none"},
    ])
    with pytest.raises(LabelError, match=r"d\.jsonl:2: same text as .*d\.jsonl:1"):
        read_labelled([p], "stance")


def test_labels_in_another_case_take_the_schemes_spelling(tmp_path):
    p = _write(tmp_path, "d.jsonl", [{"id": "1", "text": "a", "stance": "SYSTEM_LEADERS", "themes": ["Pay"]},
                                     {"id": "2", "text": "b", "stance": "None", "themes": "BURNOUT;pay"}])
    scheme = load_scheme(SCHEME)
    stances = read_labelled([p], "stance", labels=scheme.labels("stance"))
    themes = read_labelled([p], "themes", labels=scheme.labels("themes"))
    assert [i.label for i in stances] == ["system_leaders", "none"]
    assert [i.label for i in themes] == [("pay",), ("burnout", "pay")]


@pytest.mark.parametrize("task,first,second", [("stance", "FAVOR", "favor"), ("themes", ["Pay"], ["pay", "x"])])
def test_without_a_scheme_labels_that_differ_only_in_case_are_refused(tmp_path, task, first, second):
    p = _write(tmp_path, "d.jsonl", [{"id": "1", "text": "a", task: first}, {"id": "2", "text": "b", task: second}])
    with pytest.raises(LabelError, match=r"d.jsonl:2: label '(favor|pay)' differs only in case from '(FAVOR|Pay)' "
                                         r"at .*d.jsonl:1"):
        read_labelled([p], task)


def test_exact_duplicates_are_kept_once(tmp_path):
    p = _write(tmp_path, "d.jsonl", [
        {"id": "1", "text": "Same words", "stance": "none"},
        {"id": "2", "text": "Same words", "stance": "none"},
    ])
    assert [i.id for i in read_labelled([p], "stance")] == ["1"]


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(LabelError, match=r"unknown labelled data format '\.txt'"):
        (tmp_path / "x.txt").write_text("hi")
        read_labelled([tmp_path / "x.txt"], "stance")
    with pytest.raises(LabelError, match=r"no such labelled data file"):
        read_labelled([tmp_path / "nope.jsonl"], "stance")


def test_data_hash_changes_with_any_label():
    items = read_labelled([FIX / "tiny.jsonl"], "stance")
    changed = [items[0].__class__(items[0].id, items[0].text, "none", "g", "w"), *items[1:]]
    assert data_hash(items) != data_hash(changed)
    assert data_hash(items) == data_hash(read_labelled([FIX / "tiny.jsonl"], "stance"))


def test_shipped_scheme_matches_the_guide():
    s = load_scheme(SCHEME)
    assert s.labels("stance") == ["social_work_leaders", "system_leaders", "practice_connected", "none"]
    assert len(s.labels("themes")) == 11 and "career_path" in s.themes
    assert all(d.definition and d.keywords for d in s.themes.values())
    assert s.closed_answers["map"]["strongly disagree"] == "system_leaders"


def test_scheme_errors(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('name = "x"\n[stance.a]\nexamples = ["e"]\n')
    with pytest.raises(InputError, match=r"\[stance\.a\] needs a definition"):
        load_scheme(bad)
    with pytest.raises(InputError, match="no such scheme file"):
        load_scheme(tmp_path / "missing.toml")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_a_csv_saved_by_excel_reads_as_label_files_do(tmp_path, encoding):
    """The walk: `voices evaluate --data` of a UTF-16 CSV (Excel's "Unicode text") ended in "unexpected error:
    UnicodeDecodeError", exit 1; the same file is read by `label --from` and `ingest`."""
    path = tmp_path / "held-out.csv"
    path.write_bytes("text,stance\r\nCafé staff need leaders who did the job.,social_work_leaders\r\n"
                     "Any manager can lead.,system_leaders\r\n".encode(encoding))
    items = read_labelled([path], "stance")
    assert [(i.text, i.label, i.where) for i in items] == [
        ("Café staff need leaders who did the job.", "social_work_leaders", f"{path}:2"),
        ("Any manager can lead.", "system_leaders", f"{path}:3")]


def test_bytes_in_no_text_encoding_are_refused_with_the_file_not_a_traceback(tmp_path):
    csv_path, jsonl_path = tmp_path / "x.csv", tmp_path / "x.jsonl"
    csv_path.write_bytes(b"text,stance\n\x81\x8d\x8f\x90\x9d,none\n")  # bytes Windows-1252 leaves undefined
    with pytest.raises(InputError, match=r"x\.csv: not UTF-8 text \(nor UTF-16 or Windows-1252\); save the file as UTF-8"):
        read_labelled([csv_path], "stance")
    jsonl_path.write_bytes(b'{"text": "ok", "stance": "none"}\n{"text": "\xff\xfe", "stance": "none"}\n')
    with pytest.raises(LabelError, match=r"x\.jsonl:2: not UTF-8 text; save the file as UTF-8"):
        read_labelled([jsonl_path], "stance")
    jsonl_path.write_bytes(b'\xef\xbb\xbf{"text": "A BOM before the first line.", "stance": "none"}\n')
    assert read_labelled([jsonl_path], "stance")[0].text == "A BOM before the first line."
