"""Format detection, and --format overriding it."""

from __future__ import annotations

import pytest
from ingest_helpers import FIX, SAMPLES, SEED

from voices.errors import InputError
from voices.ingest import IngestOptions, sniff
from voices.schemas import EXPORT_FIELDS


@pytest.mark.parametrize("path,expected", [
    (SAMPLES / "thread.txt", "textpage"),
    (SAMPLES / "wordpress-export.xml", "wxr"),
    (SAMPLES / "comments.html", "html"),
    (SAMPLES / "consultation.csv", "consultation"),
    (SAMPLES / "consultation.xlsx", "consultation"),
    (SAMPLES / "README.md", "skip"),
    (FIX / "records.jsonl", "records"),
    (FIX / "records.csv", "consultation"),  # no `text` column: a consultation unless told
    (FIX / "xxe.xml", "wxr"),  # then refused by the WXR reader
    (FIX / "billion_laughs.xml", "wxr"),
])
def test_sniffed_formats(path, expected):
    assert sniff(path) == expected


def test_seed_is_a_text_page():
    if not SEED.exists():
        pytest.skip("shared seed file not present")
    assert sniff(SEED) == "textpage"


def test_text_page_without_txt_suffix_and_export_headers(tmp_path):
    page = tmp_path / "copied"
    page.write_text("Title\n\n2 Responses to Title\n\n  1. Ann May 1, 2024 at 9:00 am #\n\n    Hi\n",
                    encoding="utf-8")
    assert sniff(page) == "textpage"
    export = tmp_path / "export.csv"
    export.write_text("\ufeff" + ",".join(EXPORT_FIELDS) + ",stance\n", encoding="utf-8")
    assert sniff(export) == "voices"
    records = tmp_path / "r.csv"
    records.write_text("id,Text,author\n1,hello,x\n", encoding="utf-8")
    assert sniff(records) == "records"


def test_options_steer_detection():
    assert sniff(FIX / "records.csv", IngestOptions(text_field="body")) == "records"
    assert sniff(FIX / "records.csv", IngestOptions(format="textpage")) == "textpage"


def test_undetectable_input_asks_for_format(tmp_path):
    path = tmp_path / "notes"
    path.write_text("just some words without structure\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes: cannot tell what kind of file this is: give --format"):
        sniff(path)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_sniffer_and_reader_share_one_bom_table_and_delimiter_rule(tmp_path, codec):
    from voices.ingest._tabular import csv_delimiter
    from voices.ingest.encoding import bom_codec, read_text

    path = tmp_path / "answers.data"
    path.write_text("respondent;text\nr1;Directors should be social workers.\n", encoding=codec)
    assert bom_codec(path.read_bytes()) is not None
    assert sniff(path) == "records"
    assert csv_delimiter(read_text(path).text.split("\n", 1)[0]) == ";"
