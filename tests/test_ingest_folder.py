"""`voices ingest DIR`: the files voices reads, each other file skipped with a one-line warning; none: refused."""

from __future__ import annotations

import json
import shutil

from ingest_helpers import SAMPLES, count
from typer.testing import CliRunner

from voices.cli import app

runner = CliRunner()
MANIFEST = json.dumps({"comments": 90000, "thread_files": 180}, indent=2)  # as benchmarks/generate_corpus.py writes


def ingest(*args: object):
    return runner.invoke(app, ["ingest", *(str(a) for a in args)])


def _folder(tmp_path, *names: str):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "MANIFEST.json").write_text(MANIFEST, encoding="utf-8")
    return folder


def test_a_folder_is_read_file_by_file_and_its_manifest_skipped_with_one_line(tmp_path):
    folder = _folder(tmp_path, "thread.txt", "consultation.csv", "README.md")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # hidden: passed over unsaid
    (folder / "old").mkdir()
    res = ingest(folder, "--corpus", tmp_path / "c.duckdb", "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert [(f["path"].removeprefix(f"{folder}/"), f["format"]) for f in result["files"]] == [
        ("MANIFEST.json", "skip"), ("README.md", "skip"), ("consultation.csv", "consultation"), ("old", "skip"),
        ("thread.txt", "textpage")]
    warned = [line for line in res.stderr.splitlines() if "MANIFEST.json" in line]
    assert warned == [f"voices: WARNING: {folder}/MANIFEST.json: not a file voices reads (one JSON object written "
                      "over several lines, not records: give JSON Lines (one object with a text field a line) or a "
                      "JSON array of such objects); skipped"]
    assert f"{folder}/old: a folder inside the folder, not entered; give it on its own; skipped" in res.stderr
    alone = tmp_path / "alone.duckdb"  # the same documents as the two files given by name
    assert ingest(SAMPLES / "thread.txt", SAMPLES / "consultation.csv", "--corpus", alone).exit_code == 0
    assert result["documents_added"] == count(tmp_path / "c.duckdb") == count(alone) > 0


def test_a_folder_with_no_file_voices_reads_is_refused_and_no_corpus_made(tmp_path):
    folder = _folder(tmp_path, "README.md")
    res = ingest(folder, "--corpus", tmp_path / "c.duckdb")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"voices: error: {folder}: no file in this folder is comments or responses "
                                 "voices reads (MANIFEST.json: not a file voices reads (one JSON object")
    assert "README.md: a documentation file" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c.duckdb").exists()


def test_a_file_given_by_name_that_voices_cannot_read_is_still_refused_saying_how_to_pass_it_over(tmp_path):
    folder = _folder(tmp_path, "thread.txt")
    res = ingest(folder / "MANIFEST.json", folder / "thread.txt", "--corpus", tmp_path / "c.duckdb")
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        f"voices: error: {folder}/MANIFEST.json: one JSON object written over several lines, not records: give "
        "JSON Lines (one object with a text field a line) or a JSON array of such objects; or leave it out, or "
        "give its folder: voices skips the files of a folder it cannot read")
    assert not (tmp_path / "c.duckdb").exists()
    res = ingest(folder / "MANIFEST.json", "--corpus", tmp_path / "c.duckdb")  # alone: nothing to pass over
    assert res.exit_code == 2 and "leave it out" not in res.stderr


def test_a_folder_and_a_file_in_it_read_the_file_once(tmp_path):
    folder = _folder(tmp_path, "thread.txt")
    res = ingest(folder / "thread.txt", folder, "--corpus", tmp_path / "c.duckdb", "--json")
    assert res.exit_code == 0, res.output
    assert [f["format"] for f in json.loads(res.stdout)["files"]] == ["textpage", "skip", "repeated"]


NOTE = "Email from Jane Doe:\nI strongly disagree with the proposal because caseloads are already too high.\n"


def test_a_file_of_a_kind_voices_reads_that_it_cannot_read_refuses_the_folder_and_stores_nothing(tmp_path):
    """A response in a folder of responses (a .txt email, a .json of answers in one object, an .xls) is not a
    manifest: skipping it with a warning and exit 0 let a user believe it was stored."""
    folder = _folder(tmp_path, "consultation.csv")
    (folder / "response-07.txt").write_text(NOTE, encoding="utf-8")
    answers = {"responses": [{"text": "Registration would make the expectation of practice formal."}]}
    (folder / "responses.json").write_text(json.dumps(answers, indent=2), encoding="utf-8")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    res = ingest(folder, "--corpus", tmp_path / "c.duckdb")
    assert res.exit_code == 2, res.output
    assert len(res.stderr.strip().splitlines()) == 1
    assert res.stderr.startswith(f"voices: error: {folder}: 3 files of a kind voices reads cannot be read: "
                                 "old.xls (this is an old Office file (save it as CSV or XLSX), not text")
    assert "; response-07.txt (no comments section found in any layout voices reads" in res.stderr
    assert "; responses.json (one JSON object written over several lines, not records" in res.stderr
    assert res.stderr.rstrip().endswith("nothing was stored: fix each one (or give --format), or move it out of the "
                                        "folder if it is not comments or responses")
    assert "MANIFEST.json" not in res.stderr  # a manifest holds no records: still skipped
    assert count(tmp_path / "c.duckdb") == 0 and not (tmp_path / "c.duckdb").exists()


def test_a_folder_still_skips_what_holds_no_responses_an_empty_file_a_pdf_and_a_manifest(tmp_path):
    folder = _folder(tmp_path, "consultation.csv")
    (folder / "empty.csv").write_text("", encoding="utf-8")
    (folder / "letter.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02")
    for name in ("README.txt", "LICENSE.txt", "notes.txt"):  # named as documentation: not a response
        (folder / name).write_text("Responses exported on 4 March from the consultation hub.\n", encoding="utf-8")
    res = ingest(folder, "--corpus", tmp_path / "c.duckdb", "--json")
    assert res.exit_code == 0, res.output
    assert [(f["path"].removeprefix(f"{folder}/"), f["format"]) for f in json.loads(res.stdout)["files"]] == [
        ("LICENSE.txt", "skip"), ("MANIFEST.json", "skip"), ("README.txt", "skip"),
        ("consultation.csv", "consultation"), ("empty.csv", "skip"), ("letter.pdf", "skip"), ("notes.txt", "skip")]
    assert f"{folder}/letter.pdf: not a file voices reads (this is a PDF document" in res.stderr
    assert count(tmp_path / "c.duckdb") == 33
