"""`voices label --from FILE`, `voices sample --validation`, `voices review --export`: CLI, then the stored result."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from report_fixtures import FakeStance, FakeThemes, make_report_corpus
from typer.testing import CliRunner

import voices.classify
from voices.cli import app
from voices.store import Corpus
from voices.store.label_rows import export_labelled
from voices.store.training_labels import training_labels
from voices.store.validation import members

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))
    path = make_report_corpus(tmp_path / "c.duckdb")
    assert run("classify", "--corpus", path).exit_code == 0
    return path


def ids(path: Path) -> list[str]:
    with Corpus.open(path) as c:
        return [r[0] for r in c.sql("SELECT id FROM documents ORDER BY id").fetchall()]


def labels(path: Path) -> dict[str, tuple]:
    with Corpus.open(path) as c:
        rows = c.sql("SELECT doc_id, stance, themes, labelled_by FROM labels").fetchall()
    return {d: (s, None if t is None else list(t), b) for d, s, t, b in rows}


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(dict(zip(header, r, strict=True))) + "\n" for r in rows), encoding="utf-8")
    elif path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.active.append(header)
        for r in rows:
            book.active.append(r)
        book.save(path)
    else:
        path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_label_from_every_format(corpus, tmp_path, suffix):
    a, b, c = ids(corpus)[:3]
    f = write(tmp_path / f"l{suffix}", ["id", "stance", "themes", "by", "validation"],
              [[a[:10], "system_leaders", "pay;burnout", "ana", "yes"],
               [b, "none", "", "", ""]])
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert "stored 2 labels" in result.stderr
    assert labels(corpus) == {a: ("system_leaders", ["burnout", "pay"], "ana"), b: ("none", [], "bo")}
    with Corpus.open(corpus) as cc:
        assert members(cc) == {a}
    assert c not in labels(corpus)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_a_voices_export_gives_its_human_labels_not_the_model_guesses(corpus, tmp_path, suffix):
    """label --from on a voices export read its stance/themes columns, the model's guesses, and stored one
    'human' label per classified document (exit 0). An export names a person's label human_stance,
    human_themes and labelled_by: those are read, and a row without them is no label."""
    first, second = ids(corpus)[:2]
    assert run("label", first, "--stance", "none", "--themes", "pay", "--by", "Ann", "--corpus", corpus).exit_code == 0
    assert run("label", second, "--stance", "system_leaders", "--by", "Bob", "--corpus", corpus).exit_code == 0
    exported = tmp_path / f"all{suffix}"
    fmt = suffix.lstrip(".")
    assert run("export", "--format", fmt, "--out", exported, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus, write=True) as c:
        c.sql("DELETE FROM labels")
    result = run("label", "--from", exported, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["labelled"] == 2
    assert labels(corpus) == {first: ("none", ["pay"], "Ann"), second: ("system_leaders", None, "Bob")}


def test_a_redacted_export_read_back_keeps_who_labelled_and_when(corpus, tmp_path):
    """export --redact numbers labellers ('Labeller 1'); label --from on it stored 'Labeller 1' over the
    labeller's name and a new time on every label it left as it was. Unchanged labels are now kept
    whole, and an edited row is stored without the pseudonym."""
    import csv

    first, second = ids(corpus)[:2]
    assert run("label", first, "--stance", "none", "--themes", "pay", "--by", "Ann", "--corpus", corpus).exit_code == 0
    assert run("label", second, "--stance", "system_leaders", "--by", "Bob", "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        before = dict(c.sql("SELECT doc_id, labelled_at FROM labels").fetchall())
    exported = tmp_path / "shared.csv"
    assert run("export", "--redact", "--out", exported, "--corpus", corpus).exit_code == 0
    with exported.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows, fields = list(reader), reader.fieldnames
    assert sorted(r["labelled_by"] for r in rows if r["labelled_by"]) == ["Labeller 1", "Labeller 2"]
    keyed = {r["id"] for r in rows}
    assert first not in keyed and all(k.startswith("k") for k in keyed)
    row = next(r for r in rows if not r["human_stance"])  # a person labels one more text in the shared file
    row.update(human_stance="practice_connected", labelled_by="Labeller 1")
    with exported.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    result = run("label", "--from", exported, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    stored = labels(corpus)
    new = next(d for d in stored if d not in (first, second))
    assert stored == {first: ("none", ["pay"], "Ann"), second: ("system_leaders", None, "Bob"),
                      new: ("practice_connected", None, None)}
    with Corpus.open(corpus) as c:
        after = dict(c.sql("SELECT doc_id, labelled_at FROM labels").fetchall())
    assert {d: after[d] for d in before} == before


def test_an_export_without_human_labels_says_which_columns_to_fill(corpus, tmp_path):
    exported = tmp_path / "all.csv"
    assert run("export", "--out", exported, "--corpus", corpus).exit_code == 0
    result = run("label", "--from", exported, "--corpus", corpus)
    assert result.exit_code == 2 and labels(corpus) == {}
    assert result.stderr == (f"voices: error: {exported}: no labelled rows (fill human_stance or human_themes: "
                             "an export's stance and themes are the model's); nothing was stored\n")


def test_label_csv_saved_with_semicolons_is_read(corpus, tmp_path):
    a = ids(corpus)[0]
    f = tmp_path / "l.csv"
    f.write_text(f'id;stance;themes\n{a};system_leaders;"pay;burnout"\n', encoding="utf-8")
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus)[a][:2] == ("system_leaders", ["burnout", "pay"])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_labels_written_in_another_case_are_stored_as_the_scheme_spells_them(corpus, tmp_path, suffix):
    a, b = ids(corpus)[:2]
    f = write(tmp_path / f"l{suffix}", ["id", "stance", "themes"],
              [[a, "SYSTEM_LEADERS", "Pay;BURNOUT"], [b, "None", ""]])
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("system_leaders", ["burnout", "pay"], "bo"), b: ("none", [], "bo")}
    again = run("label", "--from", f, "--by", "bo", "--corpus", corpus)  # the same file again changes nothing
    assert again.exit_code == 0, again.output
    assert "all already stored as given" in again.stderr
    assert run("label", a, "--stance", "Practice_Connected", "--themes", "PAY", "--corpus", corpus).exit_code == 0
    assert labels(corpus)[a][:2] == ("practice_connected", ["pay"])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_labels_typed_with_spaces_or_hyphens_for_underscores_are_stored_by_id(corpus, tmp_path, suffix):
    """A sheet filled in by hand: 'Practice Connected' was refused as an unknown stance while
    'workforce shortage' was read as the theme, because only readable names were matched."""
    a, b = ids(corpus)[:2]
    f = write(tmp_path / f"l{suffix}", ["id", "stance", "themes"],
              [[a, "Practice Connected", "Workforce  Shortage"], [b, " system-leaders ", "pay"]])
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("practice_connected", ["workforce_shortage"], "bo"),
                              b: ("system_leaders", ["pay"], "bo")}


def test_an_id_prefix_typed_in_capitals_finds_its_document(corpus, tmp_path):
    """A sheet whose id cell was retyped as 'D37D230' was refused: no document 'D37D230'."""
    a, b = ids(corpus)[:2]
    f = write(tmp_path / "l.xlsx", ["id", "stance"], [[a[:8].upper(), "none"], [f" {b.upper()} ", "system_leaders"]])
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("none", None, "bo"), b: ("system_leaders", None, "bo")}


@pytest.mark.parametrize("cell", ["[pay, burnout]", "['pay', 'burnout']", "pay, burnout", '["burnout";"pay"]'])
def test_a_theme_list_written_with_commas_or_brackets_is_read(corpus, tmp_path, cell):
    a, b = ids(corpus)[:2]
    f = tmp_path / "l.csv"
    f.write_text(f'id,stance,themes\n{a},none,"{cell.replace(chr(34), chr(34) * 2)}"\n{b},none,[]\n', encoding="utf-8")
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("none", ["burnout", "pay"], "bo"), b: ("none", [], "bo")}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_column_names_written_in_another_case_are_read(corpus, tmp_path, suffix):
    a = ids(corpus)[0]
    f = write(tmp_path / f"l{suffix}", ["ID", "Stance ", "Themes", "By"], [[a, "system_leaders", "pay", "ana"]])
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("system_leaders", ["pay"], "ana")}


@pytest.mark.parametrize("codec", ["cp1252", "utf-16", "utf-8-sig"])
def test_a_sheet_saved_by_excel_in_its_own_encoding_is_read(corpus, tmp_path, codec):
    """Excel saves a filled-in review sheet as CSV in Windows-1252 (or UTF-16 as Unicode text);
    a curly quote in a text, or an accent in who labelled, refused the whole file as not UTF-8."""
    a, b = ids(corpus)[:2]
    f = tmp_path / "sheet.csv"
    f.write_bytes(f"id,text,stance,by\r\n{a},It’s “pay”,none,Zoë\r\n{b},£5,system_leaders,Zoë\r\n".encode(codec))
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("none", None, "Zoë"), b: ("system_leaders", None, "Zoë")}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_label_file_in_two_encodings_is_refused_not_stored_garbled(corpus, tmp_path, suffix):
    """A sheet saved from Excel (Windows-1252) and a row added in a UTF-8 editor: read as Windows-1252,
    the UTF-8 row's labeller "José" was stored as "JosÃ©" without a word (label --from has no warnings)."""
    a, b = ids(corpus)[:2]
    f = tmp_path / f"labels{suffix}"
    if suffix == ".csv":
        f.write_bytes(f"id,stance,by\n{a},none,José\n".encode() + f"{b},none,Zoë\n".encode("cp1252"))
        message = (f"{f} line 3: not UTF-8, while line 2 is: the file mixes two encodings (saved from two "
                   "programs); save it as UTF-8 CSV and import it again; nothing was stored")
    else:
        f.write_bytes(f'{{"id": "{a}", "stance": "none", "by": "José"}}\n'.encode()
                      + f'{{"id": "{b}", "stance": "none", "by": "Zoë"}}\n'.encode("cp1252"))
        message = f"{f}: not UTF-8 text; save the file as UTF-8"
    result = run("label", "--from", f, "--corpus", corpus, "--json")
    assert result.exit_code == 2, result.output
    assert result.stderr.count(message) == 1 and result.stdout == ""
    assert labels(corpus) == {}


def test_a_windows_1252_sheet_with_a_line_that_is_valid_utf8_too_is_read(corpus, tmp_path):
    """French puts a no-break space before "»": Windows-1252 "qualité\xa0»" is the UTF-8 bytes of "qualit頻", so
    a sheet Excel saved with such a text was refused as mixing two encodings."""
    a, b = ids(corpus)[:2]
    f = tmp_path / "sheet.csv"
    f.write_bytes(f"id,text,stance,by\r\n{a},La qualité\xa0» du service,none,Ann\r\n{b},Un café,none,Zoë\r\n"
                  .encode("cp1252"))
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("none", None, "Ann"), b: ("none", None, "Zoë")}


@pytest.mark.parametrize("codec, by", [("cp1250", "Michał Łukasiewicz"), ("cp1250", "Jiří Dvořák"),
                                       ("koi8-r", "Иван Петров")])
def test_a_label_file_in_another_single_byte_encoding_is_refused_not_stored_garbled(corpus, tmp_path, codec, by):
    """A sheet saved in Polish, Czech or Russian Windows was read as Windows-1252 and its labeller stored
    garbled ("Micha³ £ukasiewicz"); it is refused now, as ingest refuses such a file, with ingest's rule."""
    a = ids(corpus)[0]
    f = tmp_path / "labels.csv"
    f.write_bytes(f"id,stance,by\r\n{a},none,{by}\r\n".encode(codec))
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"voices: error: {f}: line 2: not UTF-8 or UTF-16, and read as Windows-1252 its text is garbled (another "
        "encoding, such as Cyrillic, Greek or Central European): re-save the file as UTF-8 and import it again; "
        "nothing was stored")
    assert labels(corpus) == {}
    f.write_bytes(f"id,stance,by\r\n{a},none,{by}\r\n".encode())  # re-saved, as the message says
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    assert labels(corpus) == {a: ("none", None, by)}


def test_labels_named_as_the_report_shows_them_are_stored_by_id(corpus, tmp_path):
    """The report names stances 'Stay close to practice' and themes 'Burnout and workload'; a
    sheet filled with those names was refused as unknown stances."""
    a, b = ids(corpus)[:2]
    f = write(tmp_path / "l.csv", ["id", "stance", "themes"],
              [[a, "Stay close to practice", "burnout and workload;Pay"], [b, "no position", ""]])
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus) == {a: ("practice_connected", ["burnout", "pay"], "bo"), b: ("none", [], "bo")}
    again = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert "all already stored as given" in again.stderr, again.output
    assert run("label", b, "--stance", "Any background can lead", "--corpus", corpus).exit_code == 0
    assert labels(corpus)[b][0] == "system_leaders"


def test_missing_themes_column_keeps_themes(corpus, tmp_path):
    a = ids(corpus)[0]
    assert run("label", a, "--stance", "none", "--themes", "pay", "--corpus", corpus).exit_code == 0
    f = write(tmp_path / "l.csv", ["id", "stance"], [[a, "system_leaders"]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    assert labels(corpus)[a][:2] == ("system_leaders", ["pay"])


def test_stance_only_label_never_exports_model_themes(corpus, tmp_path):
    a = ids(corpus)[0]
    f = write(tmp_path / "l.csv", ["id", "stance"], [[a, "system_leaders"]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    assert labels(corpus)[a][1] is None
    [row] = list(export_labelled(corpus))
    assert row["themes"] is None and row["themes_labelled"] is False
    out = tmp_path / "labelled.jsonl"
    assert run("export", "--labelled", "--format", "jsonl", "--out", out, "--corpus", corpus).exit_code == 0
    from voices.models.data import read_labelled

    assert [i.label for i in read_labelled([out], "stance")] == ["system_leaders"]
    with pytest.raises(Exception, match="no labelled texts"):
        read_labelled([out], "themes")  # the model's themes never became training labels


BAD = [
    ("unknown id", [["zzzzzz", "none", ""]], "no document 'zzzzzz'"),
    ("unknown stance", [["{a}", "maybe", ""]], "unknown stance 'maybe'"),
    ("unknown theme", [["{a}", "none", "pay;nonsense"]], "unknown theme 'nonsense';"),
    ("ambiguous prefix", [["", "none", ""]], "ambiguous"),
    ("no id", [["", "none", "pay"]], "no id"),
    ("twice", [["{a}", "none", ""], ["{a}", "system_leaders", ""]], "already labelled at"),
    ("bad validation", [["{a}", "none", "", "maybe"]], "validation 'maybe'"),
]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
@pytest.mark.parametrize("case,rows,message", BAD, ids=[b[0] for b in BAD])
def test_bad_label_file_stores_nothing(corpus, tmp_path, suffix, case, rows, message):
    a = ids(corpus)[0]
    header = ["id", "stance", "themes", "validation"]
    good = [ids(corpus)[1], "none", "", ""]
    if case == "ambiguous prefix":
        # the shortest prefix two ids share: one character is enough with 15 documents
        all_ids = ids(corpus)
        rows = [[next(x[:1] for x in all_ids if sum(y.startswith(x[:1]) for y in all_ids) > 1), "none", ""]]
    body = [good] + [[cell.format(a=a) for cell in r] + [""] * (4 - len(r)) for r in rows]
    f = write(tmp_path / f"bad{suffix}", header, body)
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and f"bad{suffix} row " in result.stderr
    bad_row = 3 if suffix != ".jsonl" else 2  # header is row 1 in sheets; JSONL counts lines
    if case == "twice":
        bad_row += 1
    assert f"row {bad_row}" in result.stderr
    assert labels(corpus) == {}
    with Corpus.open(corpus) as c:
        assert members(c) == set()


@pytest.mark.parametrize("content,message", [
    (b"stance,themes\nnone,\n", "no 'id' column"),
    (b"\xff\xfe\x00garbag", "not UTF-8"),  # a UTF-16 mark, then an odd number of bytes
    (b"id,stance\n\x81\x8d,none\n", "not UTF-8"),  # neither UTF-8 nor Windows-1252
    (b"id,stance,themes\n,,\n", "no labelled rows"),
    (b"", "the file is empty; give a header row id,stance,themes"),
    (b'id,stance,themes\nab,none,"pay\ncd,none,burnout\n', "row 2: not readable as CSV (unexpected end of data); "
     'a quote (") opened there is probably never closed'),
])
def test_unreadable_label_file(corpus, tmp_path, content, message):
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2 and message in result.stderr and str(f) in result.stderr
    assert labels(corpus) == {}


@pytest.mark.parametrize("name,message", [("x.txt", "unknown label file type"), ("none.csv", "no such label file"),
                                          ("broken.xlsx", "not a readable .xlsx"),
                                          ("my labels", "a folder, not a label file"),
                                          ("labels.csv", "a folder, not a label file")])
def test_label_file_kinds(corpus, tmp_path, name, message):
    if name in ("my labels", "labels.csv"):
        (tmp_path / name).mkdir()
    if name == "broken.xlsx":
        (tmp_path / name).write_bytes(b"not a zip")
    elif name == "x.txt":
        (tmp_path / name).write_text("id\n")
    result = run("label", "--from", tmp_path / name, "--corpus", corpus)
    assert result.exit_code == 2 and message in result.stderr


def test_bad_json_line(corpus, tmp_path):
    f = tmp_path / "l.jsonl"
    f.write_text(json.dumps({"id": ids(corpus)[0], "stance": "none"}) + "\n{oops\n")
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2 and "l.jsonl row 2: not a JSON object" in result.stderr
    assert labels(corpus) == {}


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r in rows:
            sheet.append(r)
    book.save(path)
    return path


def test_xlsx_labels_are_read_from_the_sheet_that_has_an_id_column(corpus, tmp_path):
    a = ids(corpus)[0]
    f = _workbook(tmp_path / "l.xlsx", {"notes": [["who labelled what"]],
                                        "labels": [["id", "stance", "themes"], [a, "none", "pay"]]})
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert labels(corpus)[a][:2] == ("none", ["pay"])


def test_xlsx_label_that_is_a_formula_without_a_saved_value_is_refused(corpus, tmp_path):
    a = ids(corpus)[0]
    f = _workbook(tmp_path / "l.xlsx", {"labels": [["id", "stance", "themes"], [a, '=IF(1,"none")', "pay"]]})
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f'voices: error: {f} row 2: the stance cell is a formula with no saved value (=IF(1,"none")); open the '
        "file in Excel and save it, or type the label in; nothing was stored"]
    assert labels(corpus) == {}


def test_xlsx_with_labels_on_two_sheets_is_refused(corpus, tmp_path):
    a, b = ids(corpus)[:2]
    f = _workbook(tmp_path / "l.xlsx", {"first": [["id", "stance"], [a, "none"]],
                                        "more": [["id", "stance"], [b, "none"]]})
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"voices: error: {f}: sheets 'first', 'more' each have an 'id' column; voices reads the labels of one "
        "sheet: move them onto one sheet, or delete the others"]
    assert labels(corpus) == {}


def test_scheme_of_the_corpus_is_used(corpus, tmp_path):
    from voices.models.scheme import load_scheme

    text = (load_scheme("social-work-leadership").labels("stance"), None)[0]
    assert "system_leaders" in text
    own = ('name = "mine"\nproposition = "p"\n[stance.yes]\ndefinition = "y"\n[stance.no]\ndefinition = "n"\n'
           '[themes.cost]\ndefinition = "c"\n')
    with Corpus.open(corpus, write=True) as c:
        c.sql("INSERT INTO settings VALUES ('scheme', ?)", [json.dumps(own)])
    a = ids(corpus)[0]
    old = write(tmp_path / "old.csv", ["id", "stance", "themes"], [[a, "system_leaders", ""]])
    refused = run("label", "--from", old, "--corpus", corpus)
    assert refused.exit_code == 2 and "unknown stance 'system_leaders'; use one of yes, no" in refused.stderr
    new = write(tmp_path / "new.csv", ["id", "stance", "themes"], [[a, "yes", "cost"]])
    assert run("label", "--from", new, "--corpus", corpus).exit_code == 0
    assert labels(corpus)[a][:2] == ("yes", ["cost"])


def test_sample_validation_stratified_and_deterministic(corpus, tmp_path):
    other = tmp_path / "d.duckdb"
    other.write_bytes(Path(corpus).read_bytes())
    result = run("sample", "--validation", 6, "--seed", 3, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total"] == 6 and out["draw"] == 1 and len(out["added"]) == 2  # two sources, both drawn from
    assert run("sample", "--validation", 6, "--seed", 3, "--corpus", other).exit_code == 0
    with Corpus.open(corpus) as a, Corpus.open(other) as b:
        assert members(a) == members(b) and len(members(a)) == 6
        sizes = dict(a.sql("SELECT source_id, count(*) FROM documents GROUP BY 1").fetchall())
        drawn = dict(a.sql("SELECT source_id, count(*) FROM validation_sample GROUP BY 1").fetchall())
    assert drawn == {s: round(6 * n / sum(sizes.values())) for s, n in sizes.items()}
    again = run("sample", "--validation", 6, "--corpus", corpus)
    assert again.exit_code == 2 and "--top-up" in again.stderr


def test_sample_refuses_a_negative_seed_and_draws_nothing(corpus):
    """--seed -1 ended in 'unexpected error: ValueError' (exit 1)."""
    result = run("sample", "--validation", 4, "--seed", -1, "--corpus", corpus)
    assert result.exit_code == 2
    assert result.stderr == "voices: error: --seed -1: a seed is a whole number of 0 or more: give one such as 0\n"
    with Corpus.open(corpus) as c:
        assert not members(c)


def test_top_up_keeps_members_and_fills_a_new_source(corpus):
    with Corpus.open(corpus, write=True) as c:
        src = c.sql("SELECT min(source_id) FROM documents").fetchall()[0][0]
    assert run("sample", "--validation", 4, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus, write=True) as c:
        before = members(c)
        # the second source "arrives late": drop its members, as if it had none yet
        c.sql("DELETE FROM validation_sample WHERE source_id <> ?", [src])
        kept = members(c)
    result = run("sample", "--validation", 4, "--top-up", "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    with Corpus.open(corpus) as c:
        after = members(c)
        draws = dict(c.sql("SELECT doc_id, draw FROM validation_sample").fetchall())
    assert kept <= after and src not in out["added"] and out["draw"] == 2
    assert all(draws[d] == 1 for d in kept) and len(after) == len(before)


def test_top_up_again_adds_nothing_and_makes_no_draw(corpus):
    """A second identical --top-up grew the sample (shares were taken of its current size)."""
    with Corpus.open(corpus, write=True) as c:
        src = c.sql("SELECT min(source_id) FROM documents").fetchall()[0][0]
    assert run("sample", "--validation", 4, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus, write=True) as c:
        c.sql("DELETE FROM validation_sample WHERE source_id <> ?", [src])
    first = run("sample", "--validation", 4, "--top-up", "--corpus", corpus)
    assert first.exit_code == 0 and first.stderr.startswith("voices: draw 2: added ")
    with Corpus.open(corpus) as c:
        before = members(c)
    for _ in range(2):
        again = run("sample", "--validation", 4, "--top-up", "--json", "--corpus", corpus)
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout) == {"draw": 2, "added": {}, "total": len(before), "trained_left_out": 0}
        assert again.stderr == ("voices: nothing added: every source already has its share of a sample of 4; "
                                f"the validation sample holds {len(before)}\n")
    with Corpus.open(corpus) as c:
        assert members(c) == before


def test_a_validation_draw_never_takes_a_text_labelled_for_training(corpus, tmp_path):
    """Texts labelled from the learning queue (training data, maybe learnt by the model) were drawn
    into the sample: the "How accurate on these texts" block then scored the model on them."""
    every = ids(corpus)
    trained = every[: len(every) // 2]
    f = write(tmp_path / "l.csv", ["id", "stance", "themes"], [[d, "none", ""] for d in trained])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    result = run("sample", "--validation", len(every), "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    with Corpus.open(corpus) as c:
        drawn = members(c)
        assert [d for d, _, _ in training_labels(c)] == trained  # still all training data
        texts = dict(c.sql("SELECT id, text FROM documents").fetchall())
    # and the campaign copies of a trained text in the other half: the next model learns their words too
    from voices.store.provenance import text_key

    copies = {d for d in every if d not in trained and text_key(texts[d]) in {text_key(texts[t]) for t in trained}}
    assert len(copies) == 1
    assert drawn == set(every) - set(trained) - copies
    assert json.loads(result.stdout)["total"] == len(every) - len(trained) - 1
    again = run("sample", "--validation", len(every), "--top-up", "--corpus", corpus)
    assert again.exit_code == 0, again.output
    assert again.stderr == (f"voices: nothing added: every source already has its share of a sample of {len(every)}, "
                            "or no text left that nobody has labelled (labelled texts and their word-for-word copies are "
                            f"training data, never drawn); the validation sample holds {len(every) - len(trained) - 1}\n")


def test_training_labels_leave_validation_out(corpus, tmp_path):
    a, b = ids(corpus)[:2]
    f = write(tmp_path / "l.csv", ["id", "stance", "themes", "validation"], [[a, "none", "", "yes"], [b, "none", "pay", ""]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        assert training_labels(c) == [(b, "none", ["pay"])]
    assert [r["id"] for r in export_labelled(corpus)] == [b]  # `export --labelled` feeds `train --data`


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_validation_no_on_a_sample_text_says_it_stays_in_the_sample(corpus, tmp_path, suffix):
    """The walk: a validation sheet's 'yes' changed to 'no' was read as an empty cell, so the label stayed a
    measuring label, never trained on, and nothing said so."""
    assert run("sample", "--validation", 2, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        held = sorted(members(c))
    other = next(d for d in ids(corpus) if d not in held)
    f = write(tmp_path / f"l{suffix}", ["id", "stance", "validation"],
              [[held[0], "none", "no"], [held[1], "none", "N"], [other, "none", "no"]])
    r = run("label", "--from", f, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert (f"voices: WARNING: {f} row 2 (and 1 more row): validation no on a text of the validation sample; it "
            "stays in the sample (taking texts out would bias it), so its label measures accuracy and is never "
            "trained on\n") in r.stderr
    with Corpus.open(corpus) as c:
        assert sorted(members(c)) == held and [d for d, _, _ in training_labels(c)] == [other]
    quiet = write(tmp_path / f"q{suffix}", ["id", "stance", "validation"], [[held[0], "system_leaders", ""]])
    assert "WARNING" not in run("label", "--from", quiet, "--corpus", corpus).stderr  # an empty cell: nothing said


def test_review_sheet_gives_the_stance_probability_under_the_export_name(corpus, tmp_path):
    """The sheet named the model's stance probability 'confidence'; the export says stance_probability."""
    import csv

    assert run("sample", "--validation", 3, "--corpus", corpus).exit_code == 0
    sheet, exported = tmp_path / "r.csv", tmp_path / "all.csv"
    assert run("review", "--export", sheet, "--corpus", corpus).exit_code == 0
    assert run("export", "--out", exported, "--corpus", corpus).exit_code == 0
    with exported.open(encoding="utf-8-sig", newline="") as fh:
        truth = {r["id"]: r["stance_probability"] for r in csv.DictReader(fh)}
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and any(r["confidence"] for r in rows)
    for r in rows:
        assert r["stance_probability"] == r["confidence"]
        if r["confidence"]:  # an article is not classified: no guess, both empty
            assert float(r["stance_probability"]) == pytest.approx(float(truth[r["id"]]), abs=1e-3)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("given", ["none", "No position"])  # by id, or by the name the sheet's reader sees
def test_review_export_round_trip(corpus, tmp_path, suffix, given):
    assert run("sample", "--validation", 5, "--corpus", corpus).exit_code == 0
    sheet = tmp_path / f"r{suffix}"
    result = run("review", "--export", sheet, "--queue", "validation", "--n", 3, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert "wrote 3 texts" in result.stderr
    assert "not redacted: a sheet for labelling, not for sharing" in result.stderr  # it says what it holds
    # untouched, the sheet labels nothing
    untouched = run("label", "--from", sheet, "--corpus", corpus)
    assert untouched.exit_code == 2 and "no labelled rows" in untouched.stderr
    from voices.labelfile_rows import SHEET_COLUMNS

    if suffix == ".csv":
        import csv

        with sheet.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == SHEET_COLUMNS
        for r in rows[1:]:
            r[SHEET_COLUMNS.index("stance")] = given
        with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    else:
        book = openpyxl.load_workbook(sheet)
        ws = book.active
        assert tuple(c.value for c in ws[1]) == SHEET_COLUMNS
        assert all(c.data_type == "s" for row in ws.iter_rows(min_row=2) for c in row if c.value is not None)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, SHEET_COLUMNS.index("stance") + 1, given)
        book.save(sheet)
    result = run("label", "--from", sheet, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert sorted(s for s, _t, _b in labels(corpus).values()) == ["none"] * 3
    assert all(t == [] for _s, t, _b in labels(corpus).values())
    again = run("review", "--export", sheet, "--n", 10, "--json", "--corpus", corpus)
    assert json.loads(again.stdout)["rows"] == 2  # the labelled three left the validation queue


def _sheet_ids(sheet: Path) -> list[str]:
    import csv

    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def test_review_export_learning_queue_follows_the_review_page_rule(corpus, tmp_path):
    """One rule for both learning queues: the sheet's first text is the page's next one, then density order."""
    from voices.review.learner import learning_order
    from voices.review.queues import Session

    every = ids(corpus)
    assert run("sample", "--validation", 3, "--corpus", corpus).exit_code == 0
    for i, doc in enumerate(every[-4:]):  # two stances, so the learner has a model
        assert run("label", doc, "--stance", ["none", "system_leaders"][i % 2], "--corpus", corpus).exit_code == 0
    sheet = tmp_path / "l.csv"
    assert run("review", "--export", sheet, "--queue", "learning", "--n", 4, "--corpus", corpus).exit_code == 0
    got = _sheet_ids(sheet)
    page = Session(corpus, "learning")
    assert page._model.model is not None and got[0] == page.next()["doc"]["id"]
    with Corpus.open(corpus) as c:
        sample = set(members(c))
    assert len(got) == 4 and not (set(got) & (sample | set(every[-4:])))
    with Corpus.open(corpus) as c:  # the same labels give the same model, so the whole order agrees
        # the sheet gives each word-for-word text once (its first copy by id): the page's order, copies passed over
        def distinct(ranked: list[str]) -> list[str]:
            labelled = {r[0] for r in c.sql("SELECT doc_id FROM labels").fetchall()}
            return page._model.copies.distinct(ranked, 4, labelled, sample)[0]

        k = len(page._model.ids)
        assert distinct(learning_order(c, page._model.ids, page._model.X, page._model.model, k)) == got
        # the page's cached ranking is the rule applied to the pool's own rows
        from voices.review.active import pick_learning

        m, X, all_ids = page._model.model, page._model.X, page._model.ids
        out = sample | set(every[-4:])
        pool = [i for i, d in enumerate(all_ids) if d not in out]
        done = [i for i, d in enumerate(all_ids) if d in out]
        ref = [all_ids[pool[j]] for j in pick_learning(m.predict_proba(X[pool]), X[pool], X[done], k=len(pool))]
        assert distinct(ref) == got
        assert distinct(learning_order(c, all_ids, X, m, k, cache=page._model.cache)) == got  # the cache reused


def test_review_export_learning_queue_without_labels_picks_varied_texts_the_same_each_time(corpus, tmp_path):
    first, again = tmp_path / "a.csv", tmp_path / "b.csv"
    for sheet in (first, again):
        assert run("review", "--export", sheet, "--queue", "learning", "--n", 3, "--corpus", corpus).exit_code == 0
    got = _sheet_ids(first)
    with Corpus.open(corpus) as c:
        texts = {r[0] for r in c.sql("SELECT id FROM documents WHERE kind <> 'article'").fetchall()}
    assert len(set(got)) == 3 and set(got) <= texts and _sheet_ids(again) == got


def test_review_export_cells_are_never_formulas(corpus, tmp_path):
    from voices.formats.review_sheet import write_label_sheet
    from voices.labelfile import read_label_file

    sheet = tmp_path / "f.xlsx"
    write_label_sheet([{"id": "abc", "text": "=HYPERLINK(\"x\")", "stance": "none", "themes": "-pay"}], sheet)
    cell = openpyxl.load_workbook(sheet).active["B2"]
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"x\")"
    assert read_label_file(sheet)[0].themes == ("-pay",)


def test_review_needs_export_and_a_known_queue(corpus, tmp_path):
    assert run("review", "--corpus", corpus).exit_code == 2
    bad = run("review", "--export", tmp_path / "x.csv", "--queue", "odd", "--corpus", corpus)
    assert bad.exit_code == 2 and "unknown queue 'odd'" in bad.stderr
    txt = run("review", "--export", tmp_path / "x.txt", "--corpus", corpus)
    assert txt.exit_code == 2 and ".csv or .xlsx" in txt.stderr


def test_review_options_of_the_other_mode_are_refused_not_ignored(corpus, tmp_path):
    """--port/--by/--no-browser with --export, and --n without it, were silently ignored (exit 0)."""
    sheet = tmp_path / "x.csv"
    page = run("review", "--export", sheet, "--port", 8000, "--no-browser", "--corpus", corpus)
    assert page.exit_code == 2 and not sheet.exists()
    assert page.stderr == ("voices: error: --port, --no-browser go with the review page, not with --export FILE: "
                           "drop them, or drop --export\n")
    by = run("review", "--export", sheet, "--by", "me", "--corpus", corpus)
    assert by.exit_code == 2 and "--by goes with the review page" in by.stderr
    n = run("review", "--n", 5, "--corpus", corpus)
    assert n.exit_code == 2 and "--n goes with --export FILE" in n.stderr


def test_review_export_takes_the_queue_in_any_case(corpus, tmp_path):
    """The page took --queue LEARNING; --export refused it as an unknown queue."""
    sheet = tmp_path / "l.csv"
    result = run("review", "--export", sheet, "--queue", "LEARNING", "--n", 2, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"path": str(sheet), "queue": "learning", "rows": 2,
                                          "copies_left_out": 0}


def test_review_export_of_an_empty_queue_says_what_to_do_and_writes_nothing(corpus, tmp_path):
    sheet = tmp_path / "l.csv"
    none = run("review", "--export", sheet, "--corpus", corpus)
    assert none.exit_code == 2, none.output
    assert none.stderr.strip().splitlines() == [
        f"voices: error: no validation sample in {corpus}: draw one first with voices sample --validation N "
        "(or export --queue learning)"]
    assert run("sample", "--validation", 1, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        [member] = members(c)
    assert run("label", member, "--stance", "none", "--corpus", corpus).exit_code == 0
    done = run("review", "--export", sheet, "--corpus", corpus)
    assert done.exit_code == 2, done.output
    assert "every text of the validation sample" in done.stderr and "--top-up" in done.stderr
    assert not sheet.exists()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_has_human_label_fields(corpus, tmp_path, fmt):
    import pandas as pd

    from voices.schemas import ADDED_EXPORT_FIELDS

    assert ADDED_EXPORT_FIELDS[1:5] == ("human_stance", "human_themes", "labelled_by", "validation")
    a, b, c = ids(corpus)[:3]
    f = write(tmp_path / "l.csv", ["id", "stance", "themes", "by", "validation"],
              [[a, "none", "pay;burnout", "ana", "yes"]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    g = write(tmp_path / "m.csv", ["id", "stance", "by"], [[b, "system_leaders", "bo"]])
    assert run("label", "--from", g, "--corpus", corpus).exit_code == 0
    out = tmp_path / f"out.{fmt}"
    assert run("export", "--format", fmt, "--out", out, "--corpus", corpus).exit_code == 0
    if fmt == "jsonl":
        rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
        got = {k: (rows[k]["human_stance"], rows[k]["human_themes"], rows[k]["labelled_by"], rows[k]["validation"])
               for k in (a, b, c)}
        assert got == {a: ("none", ["burnout", "pay"], "ana", True), b: ("system_leaders", None, "bo", False),
                       c: (None, None, None, False)}
    else:
        frame = pd.read_csv(out, dtype=str, keep_default_na=False) if fmt == "csv" else pd.read_parquet(out)
        frame = frame.set_index("id")
        assert frame.loc[a, "human_stance"] == "none" and frame.loc[a, "labelled_by"] == "ana"
        themes = frame.loc[a, "human_themes"]
        assert (themes == "burnout;pay") if fmt == "csv" else list(themes) == ["burnout", "pay"]
        assert str(frame.loc[a, "validation"]).lower() == "true" and str(frame.loc[b, "validation"]).lower() == "false"


def test_older_corpus_still_exports(tmp_path):
    import gzip

    path = tmp_path / "old.duckdb"
    with gzip.open(Path(__file__).parent / "fixtures" / "corpus-v1.duckdb.gz") as src, path.open("wb") as dst:
        dst.write(src.read())
    result = run("export", "--format", "jsonl", "--corpus", path)
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[0])
    assert first["human_stance"] is None and first["validation"] is False


def test_single_label_uses_the_scheme_of_the_documents_source(corpus):
    a = ids(corpus)[0]
    own = 'name = "mine"\n[stance.yes]\ndefinition = "y"\n[stance.no]\ndefinition = "n"\n'
    with Corpus.open(corpus, write=True) as c:
        source = c.sql("SELECT source_id FROM documents WHERE id = ?", [a]).fetchall()[0][0]
        c.sql("INSERT INTO source_schemes VALUES (?, ?)", [source, own])
    refused = run("label", a, "--stance", "none", "--corpus", corpus)
    assert refused.exit_code == 2 and "unknown stance 'none'; use one of yes, no" in refused.stderr
    assert run("label", a, "--stance", "yes", "--corpus", corpus).exit_code == 0
    assert labels(corpus)[a][0] == "yes"


def test_labelled_export_in_another_format_names_the_options_and_the_fix(corpus, tmp_path):
    res = run("export", "--labelled", "--format", "xlsx", "--out", tmp_path / "l.xlsx", "--corpus", corpus)
    assert res.exit_code == 2
    assert res.output == ("voices: error: --labelled with --format xlsx: labelled exports are jsonl or csv: "
                          "give --format jsonl or csv\n")
    assert not (tmp_path / "l.xlsx").exists()


@pytest.mark.parametrize("extra, needle", [(["--redact"], "it cannot --redact"),
                                           (["--source", "x"], "--source does not apply")],
                         ids=["redact", "source"])
def test_labelled_export_refuses_options_it_would_ignore(corpus, tmp_path, extra, needle):
    """export --labelled --redact wrote every text and labeller's name unredacted and exited 0."""
    res = run("export", "--labelled", *extra, "--out", tmp_path / "l.jsonl", "--corpus", corpus)
    assert res.exit_code == 2 and needle in res.output and res.output.count("\n") == 1
    assert not (tmp_path / "l.jsonl").exists()


def quote_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("redact", [[], ["--no-redact"]])
def test_a_quotes_file_of_model_guesses_only_is_refused_and_stores_nothing(corpus, tmp_path, redact):
    """label --from a quotes CSV stored every row's stance and themes, the model's guesses
    (label_source model), as a person's labels (exit 0)."""
    out = tmp_path / "qb.csv"
    res = run("quotes", "--theme", "burnout", "--out", out, *redact, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    rows = quote_rows(out)
    assert rows and {r["label_source"] for r in rows} == {"model"}
    res = run("label", "--from", out, "--corpus", corpus)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip() == (
        f"voices: error: {out}: no labelled rows: a quotes file's rows whose label_source is model hold the "
        "model's guesses, never read as a person's labels; label them with voices review --export FILE and "
        "fill in its stance and themes; nothing was stored")
    assert labels(corpus) == {}


def test_a_quotes_file_gives_only_the_stances_people_gave(corpus, tmp_path):
    """A human row's stance is read (themes not given: a stance-only label shows the model's themes);
    model rows are untouched rows, skipped."""
    out = tmp_path / "qb.csv"
    assert run("quotes", "--theme", "registration", "--no-redact", "--out", out, "--corpus", corpus).exit_code == 0
    rows = quote_rows(out)
    assert len(rows) >= 2
    first, second = rows[0]["id"], rows[1]["id"]
    # a person's stance-only label on the first text, shown by quotes with the model's themes
    assert run("label", first, "--stance", "none", "--by", "Ann", "--corpus", corpus).exit_code == 0
    assert run("quotes", "--theme", "registration", "--no-redact", "--out", out, "--corpus", corpus).exit_code == 0
    rows = {r["id"]: r for r in quote_rows(out)}
    assert (rows[first]["label_source"], rows[first]["stance"], rows[first]["themes"]) == ("human", "none", "registration")
    assert rows[second]["label_source"] == "model"
    # a stance edited in the file on a human row is a person's new stance; a model row is never read
    edited = [{**r, "stance": "system_leaders"} if r["id"] == first else r for r in rows.values()]
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(edited[0]))
        writer.writeheader()
        writer.writerows(edited)
    res = run("label", "--from", out, "--by", "Bo", "--json", "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["labelled"] == 1
    assert labels(corpus) == {first: ("system_leaders", None, "Bo")}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_rows_left_blank_are_counted_and_said(corpus, tmp_path, suffix):
    """label --from said "stored 2 labels" of a 4-row sheet and never why: the 2 rows left blank went unmentioned."""
    a, b, c, d = ids(corpus)[:4]
    f = write(tmp_path / f"sheet{suffix}", ["id", "text", "stance", "themes", "by"],
              [[a, "one", "none", "pay", ""], [b, "two", "", "", ""], [c, "three", "system_leaders", "", ""],
               [d, "four", "", "", ""]])
    result = run("label", "--from", f, "--by", "bo", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"voices: stored 2 labels from {f}; skipped 2 rows left blank (no stance or themes)"
    assert labels(corpus) == {a: ("none", ["pay"], "bo"), c: ("system_leaders", [], "bo")}
    result = run("label", "--from", f, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"path": str(f), "labelled": 2, "validation_added": 0, "unchanged": 2,
                                         "blank": 2, "model_guesses": 0}


def test_a_quotes_file_s_model_rows_are_counted_as_skipped(corpus, tmp_path):
    out = tmp_path / "q.csv"
    assert run("quotes", "--theme", "registration", "--no-redact", "--out", out, "--corpus", corpus).exit_code == 0
    rows = quote_rows(out)
    assert len(rows) == 3 and {r["label_source"] for r in rows} == {"model"}
    assert run("label", rows[0]["id"], "--stance", "none", "--corpus", corpus).exit_code == 0
    assert run("quotes", "--theme", "registration", "--no-redact", "--out", out, "--corpus", corpus).exit_code == 0
    result = run("label", "--from", out, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"path": str(out), "labelled": 1, "validation_added": 0, "unchanged": 1,
                                         "blank": 0, "model_guesses": 2}
    assert result.stderr.strip() == (f"voices: stored 1 label from {out} (all already stored as given, left as they "
                                     "were); skipped 2 rows of the model's guesses (label_source model)")


def test_validation_yes_on_a_text_labelled_for_training_is_refused(corpus, tmp_path):
    """label --from with validation yes put a text labelled for training (which a model may have learnt) in
    the validation sample, to be scored on it; sample --validation never draws one. Refused now, naming
    the rows, and nothing is stored; a text no label touched yet joins as before."""
    a, b, c, d = ids(corpus)[:4]
    assert run("label", a, "--stance", "none", "--by", "Ann", "--corpus", corpus).exit_code == 0
    assert run("label", c, "--stance", "none", "--by", "Ann", "--corpus", corpus).exit_code == 0
    f = write(tmp_path / "l.csv", ["id", "stance", "validation"],
              [[b, "none", "yes"], [a, "system_leaders", "yes"], [d, "none", ""], [c, "none", "yes"]])
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"voices: error: {f} row 3: validation yes on a text labelled for training, which a model may have learnt "
        "(2 such rows; also row 5); the validation sample must never score a model on its training texts: leave "
        "validation empty on such rows (voices sample --validation N draws unlabelled texts); nothing was stored")
    assert {k: v[0] for k, v in labels(corpus).items()} == {a: "none", c: "none"}
    with Corpus.open(corpus) as cc:
        assert members(cc) == set()
    # without validation on the training texts the file is stored, and only the fresh text joins the sample
    f = write(tmp_path / "l.csv", ["id", "stance", "validation"],
              [[b, "none", "yes"], [a, "system_leaders", ""], [d, "none", ""]])
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    with Corpus.open(corpus) as cc:
        assert members(cc) == {b}
    # read again (a round trip), a member's row is no training text: nothing refused, nothing changed
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0


def test_validation_yes_on_a_text_a_model_learnt_is_refused_even_without_its_label(corpus, tmp_path):
    """A model's meta.json records the texts it learnt (keyed doc_keys); one of those never joins the sample."""
    from report_fixtures import learnt_by_the_model

    a, b = ids(corpus)[:2]
    learnt_by_the_model(corpus, [b])
    f = write(tmp_path / "l.csv", ["id", "stance", "validation"], [[a, "none", "yes"], [b, "none", "yes"]])
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().startswith(f"voices: error: {f} row 3: validation yes on a text labelled for training")
    assert labels(corpus) == {}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_labelled_export_read_back_keeps_who_labelled_and_what(corpus, tmp_path, fmt):
    """label --from an export --labelled file (what ingest now points to) dropped its labelled_by, so every
    label was given again as whoever ran it, and a CSV's stance-only label stored "no themes"."""
    a, b = ids(corpus)[:2]
    assert run("label", a, "--stance", "none", "--by", "Ann", "--corpus", corpus).exit_code == 0
    assert run("label", b, "--stance", "system_leaders", "--themes", "pay", "--by", "Bo", "--corpus", corpus).exit_code == 0
    out = tmp_path / f"mine.{fmt}"
    assert run("export", "--labelled", "--format", fmt, "--out", out, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        when = c.sql("SELECT doc_id, labelled_at FROM labels ORDER BY 1").fetchall()
    result = run("label", "--from", out, "--by", "Zed", "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unchanged"] == 2
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT doc_id, labelled_at FROM labels ORDER BY 1").fetchall() == when
    other = make_report_corpus(tmp_path / "other.duckdb")
    result = run("label", "--from", out, "--by", "Zed", "--corpus", other)
    assert result.exit_code == 0, result.output
    assert labels(other) == {a: ("none", None, "Ann"), b: ("system_leaders", ["pay"], "Bo")}


def test_sample_says_when_it_drew_fewer_than_asked(corpus):
    """`sample --validation 5000` on a small corpus said 'added 80 documents' and nothing of the 5000."""
    with Corpus.open(corpus) as c:
        n = c.sql("SELECT count(*) FROM documents").fetchall()[0][0]
    result = run("sample", "--validation", 5000, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    with Corpus.open(corpus) as c:
        drawn, sources = c.sql("SELECT count(*), count(DISTINCT d.source_id) FROM validation_sample v "
                               "JOIN documents d ON d.id = v.doc_id").fetchall()[0]
    assert 0 < drawn <= n
    assert result.stderr == (f"voices: draw 1: added {drawn} documents from {sources} sources; the validation sample "
                             f"holds {drawn}, not the 5000 asked for: no other text is left that nobody has labelled "
                             "(labelled texts and their word-for-word copies are training data, never drawn)\n")


def test_one_text_or_label_is_said_in_the_singular(corpus, tmp_path):
    """'wrote 1 texts from the validation queue', then 'stored 1 labels from ...'."""
    assert run("sample", "--validation", 1, "--corpus", corpus).exit_code == 0
    sheet = tmp_path / "one.csv"
    result = run("review", "--export", sheet, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"voices: wrote 1 text from the validation queue to {sheet} (as stored, not redacted: "
                             "a sheet for labelling, not for sharing)\n")
    (only,) = [row["id"] for row in csv.DictReader(sheet.open(encoding="utf-8-sig"))]
    labelled = write(tmp_path / "l.csv", ["id", "stance"], [[only, "none"]])
    result = run("label", "--from", labelled, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"voices: stored 1 label from {labelled}\n"
    assert labels(corpus)[only][0] == "none"


# The learning sheet of ``campaign_corpus`` with six other texts labelled and the campaign's first copy in the
# validation sample. Before rev31 the sheet began with the campaign's second copy (d39b98b41f6d6b17): labelled for
# training, its words were learnt and the report left the sample's copy out of its accuracy figures. The sheet
# is otherwise as voices wrote it when it read the texts twice (once to rank, once for the copies).
_CAMPAIGN_SHEET = {3: "8437981c3df122de62c4a43597ba826a0869b5203a7f1ad47e97794c40d792c6",
                   12: "29369892de0c5ce0c18e808d3543841654a239ade41236352d078b165d146a72"}
_CAMPAIGN_SHEET_IDS = ["d8e2fc68ff8bf8fa", "d747c65959214898", "d9d356c9a51fc967",
                       "da449aa0f2eec23e", "d5a75401875c09f5", "db3c578ce132e3a4", "dfdd62c4d212d42f",
                       "db3661f51f52e147", "deb0729cb218fd55", "dc2dc1628bf509e8", "dd20de3fc98a3a56",
                       "dfe392927fb09830"]


@pytest.mark.parametrize("n", [3, 12])
def test_the_learning_sheet_reads_the_texts_once_and_is_unchanged(tmp_path, monkeypatch, n):
    """review --export --queue learning read every text twice (to rank them, then for the copy keys).
    One read serves both now; the sheet is the same bytes, campaign copies and all (but for the copy of
    a validation text it gave first, which no learning sheet offers now)."""
    import hashlib

    from report_fixtures import CAMPAIGN_TEXT
    from review_fixtures import campaign_corpus

    from voices.store.provenance import text_key

    corpus = campaign_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:
        rows = c.sql("SELECT id, text FROM documents WHERE kind <> 'article' ORDER BY id").fetchall()
    camp = [d for d, t in rows if text_key(t) == text_key(CAMPAIGN_TEXT)]
    others = [d for d, _ in rows if d not in camp]
    f = write(tmp_path / "l.csv", ["id", "stance"], [[d, ["none", "system_leaders"][i % 2]]
                                                    for i, d in enumerate(others[:6])])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus, write=True) as c:
        c.sql("INSERT INTO validation_sample SELECT id, source_id, 1, TIMESTAMP '2025-01-01' FROM documents "
              "WHERE id = ?", [camp[0]])
    reads = []
    sql = Corpus.sql

    def counted(self, query, *args, **kwargs):
        if "text FROM documents" in " ".join(query.split()):
            reads.append(query)
        return sql(self, query, *args, **kwargs)

    monkeypatch.setattr(Corpus, "sql", counted)
    sheet = tmp_path / "learn.csv"
    result = run("review", "--export", sheet, "--queue", "learning", "--n", n, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert len(reads) == 1
    # the campaign's four copies outside the sample are all left out: its words are the sample's
    assert json.loads(result.stdout) == {"path": str(sheet), "queue": "learning", "rows": n, "copies_left_out": 4}
    assert _sheet_ids(sheet) == _CAMPAIGN_SHEET_IDS[:n] and not set(camp) & set(_sheet_ids(sheet))
    assert hashlib.sha256(sheet.read_bytes()).hexdigest() == _CAMPAIGN_SHEET[n]


def test_the_validation_draw_leaves_out_copies_of_a_text_labelled_for_training(tmp_path):
    """sample --validation left out the labelled text but drew its word-for-word copies (a campaign's):
    the next model learnt those words, and the report left the copies out of 'How accurate on these
    texts' as texts the model learnt, wasting their validation labels."""
    from report_fixtures import CAMPAIGN_TEXT
    from review_fixtures import campaign_corpus

    from voices.store.provenance import text_key
    from voices.store.validation import members

    corpus = campaign_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:  # articles and texts not in English get no stance, so are never drawn
        docs = dict(c.sql("SELECT id, text FROM documents WHERE kind <> 'article' AND id NOT IN "
                          "(SELECT doc_id FROM predictions WHERE stance IS NULL)").fetchall())
    camp = sorted(d for d, t in docs.items() if text_key(t) == text_key(CAMPAIGN_TEXT))
    assert len(camp) == 5
    assert run("label", camp[2], "--stance", "none", "--corpus", corpus).exit_code == 0
    result = run("sample", "--validation", 100, "--json", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    with Corpus.open(corpus) as c:
        drawn = members(c)
    assert drawn == set(docs) - set(camp) and json.loads(result.stdout)["total"] == len(docs) - 5


def test_validation_yes_on_a_copy_of_a_text_labelled_for_training_is_refused(tmp_path):
    """label --from with validation yes took a word-for-word copy (case and spacing aside) of a text labelled
    for training into the sample; the next model learnt its words and the report left it out of 'How
    accurate on these texts', wasting the label. Refused now, as sample --validation never draws it."""
    from report_fixtures import CAMPAIGN_TEXT
    from review_fixtures import campaign_corpus

    from voices.store.provenance import text_key
    from voices.store.validation import members

    corpus = campaign_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:
        docs = dict(c.sql("SELECT id, text FROM documents").fetchall())
    camp = sorted(d for d, t in docs.items() if text_key(t) == text_key(CAMPAIGN_TEXT))
    other = next(d for d in sorted(docs) if d not in camp)
    twin, copy = next((a, b) for a in camp for b in camp if docs[a] != docs[b])  # another case or spacing
    before = labels(corpus)
    f = write(tmp_path / "v.csv", ["id", "stance", "validation"],
              [[other, "none", "yes"], [twin, "none", ""], [copy, "none", "yes"]])
    result = run("label", "--from", f, "--corpus", corpus)
    assert result.exit_code == 2
    assert result.stderr == (
        f"voices: error: {f} row 4: validation yes on a word-for-word copy (case and spacing aside) of a text "
        "labelled for training, whose words the next model learns; the validation sample must never score a model "
        "on its training texts: leave validation empty on such rows (voices sample --validation N draws unlabelled "
        "texts); nothing was stored\n")
    with Corpus.open(corpus) as c:
        assert members(c) == set() and labels(corpus) == before
    # the same copy without its training twin is a validation text like any other
    f = write(tmp_path / "w.csv", ["id", "stance", "validation"], [[other, "none", "yes"], [copy, "none", "yes"]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        assert members(c) == {other, copy}


def _campaign_with_a_member(tmp_path) -> tuple[Path, list[str], list[str]]:
    """The campaign corpus with the campaign's first copy labelled into the validation sample;
    the five copies' ids and the ids of the other texts."""
    from report_fixtures import CAMPAIGN_TEXT
    from review_fixtures import campaign_corpus

    from voices.store.provenance import text_key

    corpus = campaign_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:
        texts = dict(c.sql("SELECT id, text FROM documents WHERE kind <> 'article' ORDER BY id").fetchall())
    copies = sorted(d for d, t in texts.items() if text_key(t) == text_key(CAMPAIGN_TEXT))
    assert len(copies) == 5
    f = write(tmp_path / "v.csv", ["id", "stance", "validation"], [[copies[0], "social_work_leaders", "yes"]])
    assert (r := run("label", "--from", f, "--corpus", corpus)).exit_code == 0, r.output
    return corpus, copies, sorted(d for d in texts if d not in copies)


def test_a_label_on_a_copy_of_a_validation_text_is_kept_but_never_trained_on(tmp_path):
    """`voices label ID` on a word-for-word copy of a sample member stored a training label: the next
    model learnt the member's words, and the report then left the member out of its accuracy figures."""
    corpus, copies, others = _campaign_with_a_member(tmp_path)
    r = run("label", copies[1], "--stance", "system_leaders", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert r.stderr == (f"voices: WARNING: document {copies[1]}: the words (case and spacing aside) of a "
                        "validation-sample text; the label is stored and reports use it, but `voices train` "
                        "leaves it out, so the sample never scores a model on words it learnt\n"
                        f"voices: labelled {copies[1]} as system_leaders\n")
    assert labels(corpus)[copies[1]][0] == "system_leaders"
    r = run("label", others[0], "--stance", "none", "--corpus", corpus)  # an ordinary text: no warning
    assert r.exit_code == 0 and r.stderr == f"voices: labelled {others[0]} as none\n"
    f = write(tmp_path / "l.csv", ["id", "stance"], [[copies[2], "none"], [copies[3], "none"], [others[1], "none"]])
    r = run("label", "--from", f, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert f"voices: WARNING: 2 documents ({copies[2]}, ...): the words" in r.stderr
    with Corpus.open(corpus) as c:
        assert members(c) == {copies[0]}
        assert [d for d, _, _ in training_labels(c)] == sorted([others[0], others[1]])
    assert sorted(row["id"] for row in export_labelled(corpus)) == sorted([others[0], others[1]])  # train --data


def test_train_counts_the_labels_left_out_as_copies_of_validation_texts(tmp_path):
    corpus, copies, others = _campaign_with_a_member(tmp_path)
    f = write(tmp_path / "l.csv", ["id", "stance"], [[d, "none"] for d in [*copies[1:3], *others[:3]]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "m")
    assert r.exit_code == 2
    assert (f"{corpus}: 3 stance labels outside the validation sample (the 1 text of the validation sample is "
            "kept for measuring accuracy, never trained on; 2 labels on word-for-word copies of their texts are "
            "left out too), and training needs 10; label 7 more") in r.stderr
    from voices.models.adapt_data import _sample_copies_labelled
    from voices.store.training_labels import training_split

    with Corpus.open(corpus) as c:
        split = training_split(c)
    assert [d for d, _, _ in split.copies] == sorted(copies[1:3])
    assert [d for d, _, _ in split.labels] == sorted(others[:3]) == [d for d, *_ in split.texts]
    assert _sample_copies_labelled(split.copies, "stance") == 2 and _sample_copies_labelled(split.copies, "themes") == 0


def test_train_finds_the_copies_of_validation_texts_once(tmp_path, monkeypatch):
    """`voices train --corpus` looked for the labels on copies of validation texts twice (training_labels, then
    again to count them) and read the members' texts a third time for their keys: one read serves all three."""
    import voices.store.validation as validation

    corpus, copies, others = _campaign_with_a_member(tmp_path)
    f = write(tmp_path / "l.csv", ["id", "stance"], [[d, "none"] for d in [*copies[1:3], *others[:3]]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    def again(*_):
        raise AssertionError("copies of validation texts looked for a second time")

    monkeypatch.setattr(validation, "copies_of", again)
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "m")
    assert r.exit_code == 2, r.output
    assert "3 stance labels outside the validation sample" in r.stderr
    assert "2 labels on word-for-word copies of their texts are left out too" in r.stderr


def test_a_labelled_export_says_how_many_validation_labels_it_left_out(corpus, tmp_path):
    """README's `voices export --labelled > my-labels.jsonl` after labelling only the validation sheet: an empty
    file, exit 0, and not a word on stderr about the labels stored, so `train --data my-labels.jsonl` came next."""
    assert run("sample", "--validation", 3, "--corpus", corpus).exit_code == 0
    with Corpus.open(corpus) as c:
        sample = sorted(members(c))
    f = write(tmp_path / "v.csv", ["id", "stance"], [[d, "none"] for d in sample])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    piped = run("export", "--labelled", "--corpus", corpus)
    assert (piped.exit_code, piped.stdout) == (0, "")
    assert piped.stderr == ("voices: 3 labels on the validation sample left out: they measure accuracy and are never "
                            "trained on\n")
    trained = next(d for d in ids(corpus) if d not in sample)
    f = write(tmp_path / "t.csv", ["id", "stance"], [[trained, "none"]])
    assert run("label", "--from", f, "--corpus", corpus).exit_code == 0
    out = tmp_path / "l.jsonl"
    summary = run("export", "--labelled", "--out", out, "--json", "--corpus", corpus)
    assert summary.exit_code == 0, summary.output
    assert (json.loads(summary.stdout)["rows"], json.loads(summary.stdout)["held_out"]) == (1, 3)
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [trained]
    said = run("export", "--labelled", "--out", out, "--corpus", corpus)
    assert said.stderr == (f"voices: wrote 1 row to {out}\nvoices: 3 labels on the validation sample left out: "
                           "they measure accuracy and are never trained on\n")
