"""Issue 10: denial of service from small files, and bad bytes. One test per case, named after it.

Every hostile file here is built in code and is under 1 MB; each must be read or
refused (exit 2, one line naming the file) quickly. Time and memory per file are
measured by ``benchmarks/hostile_inputs.py``, not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import hostile_files as hostile
import pytest
from ingest_helpers import documents
from typer.testing import CliRunner

from voices.cli import app
from voices.errors import CorpusError, InputError
from voices.ingest import ingest_paths
from voices.store import Corpus

runner = CliRunner()


def ingest(*args: str):
    return runner.invoke(app, ["ingest", *args])


def _refused(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output


@pytest.mark.parametrize("build", [hostile.whitespace_bomb, hostile.shared_strings_bomb,
                                   hostile.far_row_bomb, hostile.wide_row_bomb],
                         ids=["whitespace_bomb", "shared_strings_bomb", "far_row", "wide_rows"])
def test_xlsx_bomb_is_refused_with_exit_2(tmp_path, build):
    path = build(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1 << 20
    corpus = tmp_path / "c.duckdb"
    res = ingest(str(path), "--corpus", str(corpus))
    _refused(res, "bomb.xlsx", "refuses it")
    assert not corpus.exists()


def test_xlsx_dimension_claiming_every_cell_is_read_as_its_real_rows(tmp_path):
    path = hostile.dimension_bomb(tmp_path / "dim.xlsx")
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(path), "--corpus", str(corpus)).exit_code == 0
    texts = sorted(d["text"] for d in documents(corpus))
    assert texts == ["Leaders should have held cases themselves before they lead.", "Pay is the issue."]


def test_dev_zero_with_format_records_is_refused_as_not_a_regular_file(tmp_path):
    res = ingest("/dev/zero", "--format", "records", "--corpus", str(tmp_path / "c.duckdb"))
    _refused(res, "/dev/zero", "not a regular file")


def test_fifo_is_refused_instead_of_hanging(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    res = ingest(str(fifo), "--corpus", str(tmp_path / "c.duckdb"))
    _refused(res, "pipe.csv", "not a regular file")


def test_stdin_given_as_dash_is_read(tmp_path):
    corpus = tmp_path / "c.duckdb"
    rows = "\n".join(json.dumps({"text": t}) for t in ("Directors lead systems.", "Pay is too low."))
    proc = subprocess.run([sys.executable, "-m", "voices", "ingest", "-", "--corpus", str(corpus)],
                          input=rows + "\n", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert sorted(d["text"] for d in documents(corpus)) == ["Directors lead systems.", "Pay is too low."]
    with Corpus.open(corpus) as c:
        assert [s.title for s in c.summary()] == ["stdin"]


@pytest.mark.parametrize(("given", "exit_code", "line"), [
    (b"", 2, "voices: error: -: the file is empty: give a file with comments or responses in it"),
    (b'{"text": "Pay\x00 is too low."}\n', 0,
     "voices: WARNING: -: NUL characters removed (line 1); the text around them is kept"),
], ids=["empty", "nul"])
def test_stdin_is_named_dash_in_messages_not_by_its_temporary_copy(tmp_path, given, exit_code, line):
    corpus = tmp_path / "c.duckdb"
    proc = subprocess.run([sys.executable, "-m", "voices", "ingest", "-", "--corpus", str(corpus)],
                          input=given, capture_output=True, timeout=120)
    assert proc.returncode == exit_code, proc.stderr
    assert proc.stderr.decode().splitlines()[0] == line
    assert corpus.exists() == (exit_code == 0)


def test_text_over_100000_characters_is_refused_naming_the_row(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,text\n1,short answer\n2," + "word " * 30_000 + "\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    _refused(ingest(str(path), "--corpus", str(corpus)), "long.csv", "line 3", "--max-text-chars")
    assert not corpus.exists()


def test_max_text_chars_raises_the_limit_and_long_text_works_in_redacted_export(tmp_path, monkeypatch):
    from voices.nlp._pipeline import load_pipeline

    # spaCy refuses texts past nlp.max_length (E088, 1,000,000 by default): lower it ten-fold
    # so a 110,000-character text takes the same path in a tenth of the time
    monkeypatch.setattr(load_pipeline(None, exclude=("lemmatizer",)), "max_length", 100_000)
    path = tmp_path / "long.jsonl"
    long_text = "Jane Smith said supervision matters. " * 3_000
    path.write_text(json.dumps({"text": long_text}) + "\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(path), "--corpus", str(corpus), "--max-text-chars", "200000").exit_code == 0
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["export", "--format", "jsonl", "--redact", "--corpus", str(corpus),
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = json.loads(out.read_text(encoding="utf-8").splitlines()[0])["text"]
    assert "Jane Smith" not in text and text.count("supervision matters") == 3_000


def test_long_text_sentences_come_in_pieces_spacy_accepts():
    from voices.nlp.sentences import sentences

    text = "Leaders must know practice. " * 50_000  # 1.4M characters
    out = sentences(text)
    assert len(out) == 50_000 and set(out) == {"Leaders must know practice."}


def test_thousand_nested_tags_in_a_comment_are_read(tmp_path):
    path = hostile.nested_tags_page(tmp_path / "deep.html", depth=1_500)
    corpus = tmp_path / "c.duckdb"
    res = ingest(str(path), "--corpus", str(corpus))
    assert res.exit_code == 0, res.output
    assert [d["text"] for d in documents(corpus)] == ["Deep in the markup: supervision matters."]


def test_deep_reply_chain_in_saved_html_keeps_every_parent(tmp_path):
    path = hostile.nested_html_page(tmp_path / "chain.html", depth=1_200)
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(path), "--corpus", str(corpus)).exit_code == 0
    docs = {d["author"]: d for d in documents(corpus)}
    assert len(docs) == 1_200
    ids = {a: d["id"] for a, d in docs.items()}
    assert docs["Reader 1"]["parent_id"] is None
    assert all(docs[f"Reader {i}"]["parent_id"] == ids[f"Reader {i - 1}"] for i in range(2, 1_201))


def test_lone_surrogate_in_jsonl_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n{"text": "broken \\ud800 escape"}\n', encoding="utf-8")
    _refused(ingest(str(path), "--corpus", str(tmp_path / "c.duckdb")), "bad.jsonl", "line 2", "surrogate")


@pytest.mark.parametrize("how", ["truncated", "bit_flipped"])
def test_damaged_corpus_is_refused_with_exit_2(tmp_path, how):
    corpus = tmp_path / "c.duckdb"
    source = tmp_path / "t.jsonl"
    source.write_text("\n".join(json.dumps({"text": f"answer {i} about pay and caseloads"})
                                for i in range(3000)), encoding="utf-8")
    ingest_paths([source], corpus)
    data = bytearray(corpus.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:
        for i in range(4096, len(data), 997):
            data[i] ^= 0x5A
    corpus.write_bytes(bytes(data))
    for args in (["corpus"], ["export", "--format", "jsonl"]):
        res = runner.invoke(app, [*args, "--corpus", str(corpus)])
        assert res.exit_code == 2, (args, res.output)
        assert "is damaged (" in res.output
    with pytest.raises(CorpusError, match="damaged"), Corpus.open(corpus) as c:
        c.sql("SELECT count(*), max(text) FROM documents").fetchall()


def test_csv_with_mixed_utf8_and_cp1252_lines_is_not_garbled(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("text,author\ncafé culture in leadership,A\n".encode()
                     + "naïve directors,B\n".encode("cp1252"))
    corpus = tmp_path / "c.duckdb"
    assert ingest(str(path), "--corpus", str(corpus)).exit_code == 0
    assert sorted(d["text"] for d in documents(corpus)) == ["café culture in leadership", "naïve directors"]


@pytest.mark.parametrize("value, kind", [({"a": 1}, "an object"), ([1, 2], "a list"),
                                         (42, "a number"), (True, "true/false")])
def test_json_value_given_as_text_is_refused_naming_the_line(tmp_path, value, kind):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": "fine"}) + "\n" + json.dumps({"text": value}) + "\n", encoding="utf-8")
    _refused(ingest(str(path), "--corpus", str(tmp_path / "c.duckdb")), "line 2", kind)


def test_json_object_in_a_voices_export_text_is_refused(tmp_path):
    from voices.schemas import EXPORT_FIELDS

    row = dict.fromkeys(EXPORT_FIELDS) | {"id": "d1", "source_id": "s1", "kind": "comment",
                                                "position": 1, "text": {"nested": True}}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1.*an object"):
        ingest_paths([path], tmp_path / "c.duckdb")


# ---- classify --dataset: the input is checked before any work ----------------------------

def _parquet(folder, frame):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / "part-0.parquet")
    return folder


@pytest.mark.parametrize("ids, match", [(["a", None, "c"], "without an id"), (["a", "", "c"], "without an id"),
                                        (["a", "b", "a"], ": 1 id occurs more than once .*'a'"),
                                        (["a", "b", "a", "b"], ": 2 ids occur more than once .*'a'")],
                         ids=["null_id", "empty_id", "duplicate_id", "duplicate_ids"])
def test_dataset_with_null_or_duplicate_ids_is_refused(tmp_path, ids, match):
    import pandas as pd

    from voices.scale.dataset import scan_dataset

    data = _parquet(tmp_path / "in", pd.DataFrame({"id": ids, "text": ["x", "y", "z", "w"][:len(ids)]}))
    with pytest.raises(InputError, match=match):
        scan_dataset(str(data))


@pytest.mark.parametrize("statistics", [True, False], ids=["with_statistics", "without_statistics"])
@pytest.mark.parametrize("blank", [None, "", "  \n"], ids=["null", "empty", "spaces"])
def test_dataset_texts_that_are_blank_are_counted_and_named(tmp_path, statistics, blank):
    """A blank text was classified (stance none at 0.98); then one refused the whole dataset.
    It is now counted, its id named, and left out, as ingest leaves it out of a corpus."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from voices.scale.dataset import scan_dataset

    (tmp_path / "in").mkdir()
    table = pa.table({"id": ["a", "b", "c", "d"], "text": ["x", blank, blank, "y"]}, pa.schema([("id", pa.string()),
                                                                                            ("text", pa.string())]))
    pq.write_table(table, tmp_path / "in" / "part-0.parquet", write_statistics=statistics)
    scan = scan_dataset(str(tmp_path / "in"))
    assert (scan.rows, scan.blank, scan.blank_ids) == (4, 2, ("b", "c"))


@pytest.mark.parametrize("texts", [[None, None], ["", "  "]], ids=["null", "spaces"])
def test_dataset_whose_every_text_is_blank_is_refused(tmp_path, texts):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from voices.scale.dataset import scan_dataset

    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"id": ["a", "b"], "text": pa.array(texts, pa.string())}),
                   tmp_path / "in" / "part-0.parquet")
    with pytest.raises(InputError, match=r"in: every one of its 2 documents has no text \(null, empty or only "
                                         r"spaces\): give the rows their texts"):
        scan_dataset(str(tmp_path / "in"))


def test_classify_dataset_skips_blank_texts_names_them_and_classifies_the_rest(tmp_path, caplog):
    """``classify --dataset`` refused a whole dataset for one blank text (exit 2)."""
    import logging

    import pandas as pd
    from distributed import Client
    from scale_helpers import FakeClassifier

    from voices.scale import classify_dataset, load_dataset_predictions

    ids = [f"d{i}" for i in range(8)]
    texts = ["Pay them properly.", None, "Directors must be social workers.", " ", "", "Caseloads are too high.",
             "\u3000\n", "Registration protects standards."]
    data = _parquet(tmp_path / "in", pd.DataFrame({"id": ids, "text": texts}))
    with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client, \
            caplog.at_level(logging.WARNING, logger="voices.scale.dask_classify"):
        done = classify_dataset(str(data), str(tmp_path / "out"), client=client, classifier=FakeClassifier(),
                                partition_rows=3)
    assert (done.documents, done.skipped_blank) == (4, 4)
    assert [r.getMessage() for r in caplog.records if r.name == "voices.scale.dask_classify"] == [
        f"{data}: 4 documents with no text (null, empty or only spaces) not classified and left out of "
        f"{tmp_path / 'out'}: id d1, d3, d4, d6"]
    back = load_dataset_predictions(str(tmp_path / "out"))
    assert list(back["id"]) == ["d0", "d2", "d5", "d7"] and back["stance"].notna().all()
    assert json.loads((tmp_path / "out" / "_SUCCESS").read_text())["skipped_blank"] == 4


def test_dataset_texts_that_start_with_spaces_are_not_refused(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from voices.scale.dataset import scan_dataset

    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"id": ["a", "b"], "text": [" x", "y"]}), tmp_path / "in" / "part-0.parquet")
    scan_dataset(str(tmp_path / "in"))


@pytest.mark.parametrize("column, values, match", [("text", [1, 2], "'text' is int64, not text"),
                                                   ("position", ["1", "2"], "'position' is (large_)?string, not whole")],
                         ids=["text_as_numbers", "position_as_text"])
def test_dataset_with_wrong_column_types_is_refused(tmp_path, column, values, match):
    import pandas as pd

    from voices.scale.dataset import scan_dataset

    frame = pd.DataFrame({"id": ["a", "b"], "text": ["x", "y"]})
    frame[column] = values
    data = _parquet(tmp_path / "in", frame)
    with pytest.raises(InputError, match=match):
        scan_dataset(str(data))


def test_dataset_out_inside_the_input_is_refused(tmp_path):
    import pandas as pd

    from voices.errors import UsageError
    from voices.scale.dask_classify import classify_dataset

    data = _parquet(tmp_path / "in", pd.DataFrame({"id": ["a", "b"], "text": ["x", "y"]}))
    with pytest.raises(UsageError, match="inside the dataset"):
        classify_dataset(str(data), str(data / "classified"), client=None, classifier=None)
    res = runner.invoke(app, ["classify", "--dataset", str(data), "--out", str(data / "out"), "--workers", "1"])
    assert res.exit_code == 2 and "inside the dataset" in res.output, res.output


def test_xlsx_with_more_shared_strings_than_the_limit_is_refused(tmp_path, monkeypatch):
    from voices.ingest import xlsx_archive

    monkeypatch.setattr(xlsx_archive, "XLSX_MAX_SHARED_STRINGS", 1_000)
    path = hostile.shared_strings_bomb(tmp_path / "strings.xlsx", count=1_001)
    _refused(ingest(str(path), "--corpus", str(tmp_path / "c.duckdb")), "strings.xlsx", "shared strings")
    ok = hostile.shared_strings_bomb(tmp_path / "fewer.xlsx", count=999)
    assert ingest(str(ok), "--corpus", str(tmp_path / "c.duckdb")).exit_code == 0


def test_a_zip_that_is_not_a_workbook_is_refused_with_exit_2(tmp_path):
    """A QDPX project or any ZIP sniffed as a workbook once ended in exit 1 (openpyxl's InvalidFileException)."""
    import zipfile

    corpus = tmp_path / "c.duckdb"
    for name in ("project.qdpx", "notes.zip"):
        with zipfile.ZipFile(tmp_path / name, "w") as z:
            z.writestr("project.qde", "<Project/>")
        _refused(ingest(str(tmp_path / name), "--corpus", str(corpus)), name, "not an XLSX workbook")
    assert not corpus.exists()


def test_a_workbook_under_another_name_says_to_rename_it(tmp_path):
    import pathlib
    import shutil

    samples = pathlib.Path(__file__).resolve().parents[1] / "corpora" / "samples"
    renamed = tmp_path / "answers.bin"
    shutil.copy(samples / "consultation.xlsx", renamed)
    corpus = tmp_path / "c.duckdb"
    _refused(ingest(str(renamed), "--corpus", str(corpus)), "answers.bin", "rename it to end in .xlsx")
    assert not corpus.exists()


def test_a_csv_given_as_dataset_says_how_to_make_a_parquet_one(tmp_path):
    """A CSV was refused with pyarrow's 'magic bytes not found in footer'."""
    from voices.scale.dataset import scan_dataset

    data = tmp_path / "answers.csv"
    data.write_text("id,text\na,hello\n")
    with pytest.raises(InputError, match=r"answers.csv is CSV, and --dataset reads Parquet: voices ingest it, then "
                                         r"voices export --format parquet"):
        scan_dataset(str(data))
