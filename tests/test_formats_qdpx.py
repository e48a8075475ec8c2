"""REFI-QDA export: valid against the standard's published schema, codes from the scheme, coded selections."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from report_fixtures import PLANTED, STANCES, THEMES, classified_corpus
from store_fixtures import make_corpus
from typer.testing import CliRunner

from voices.cli import app

etree = pytest.importorskip("lxml.etree")
runner = CliRunner()
XSD = Path(__file__).parent / "data" / "refi-qda" / "Project-mrt2019.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


def _export(corpus, out, *extra):
    res = runner.invoke(app, ["export", "--format", "qdpx", "--out", str(out), "--corpus", str(corpus), *extra])
    assert res.exit_code == 0, res.output
    return res


def _project(out):
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")}
    return root, texts


def _validate(root):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(root), schema.error_log


@pytest.fixture
def project(tmp_path):
    corpus = classified_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "p.qdpx"
    _export(corpus, out)
    return out, *_project(out)


def test_valid_against_the_refi_qda_schema(project):
    _, root, _ = project
    _validate(root)


def test_codebook_is_the_scheme(project):
    _, root, _ = project
    groups = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [g.get("name") for g in groups] == ["stance", "themes"]
    assert all(g.get("isCodable") == "false" for g in groups)
    stances = [c.get("name") for c in groups[0].findall("q:Code", NS)]
    themes = [c.get("name") for c in groups[1].findall("q:Code", NS)]
    assert set(STANCES) <= set(stances) and set(THEMES) <= set(themes)
    # the fake models' ids are not the shipped models': no scheme, codes come from the data
    guids = {c.get("guid"): c.get("name") for c in root.iter(f"{{{NS['q']}}}Code")}
    refs = {r.get("targetGUID") for r in root.iter(f"{{{NS['q']}}}CodeRef")}
    assert refs <= set(guids)


def test_every_document_is_a_source_with_its_text(project):
    _, root, texts = project
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == 16 == len(texts)
    for s in sources:
        member = "sources/" + s.get("plainTextPath").removeprefix("internal://")
        assert member in texts


def test_whole_document_and_evidence_sentence_are_coded(project):
    _, root, texts = project
    coded = 0
    for s in root.findall("q:Sources/q:TextSource", NS):
        text = texts["sources/" + s.get("plainTextPath").removeprefix("internal://")]
        sel = {x.get("name"): x for x in s.findall("q:PlainTextSelection", NS)}
        if "pay is frozen" in text:
            whole = sel["document"]
            assert (int(whole.get("startPosition")), int(whole.get("endPosition"))) == (0, len(text))
            names = {_code_name(root, c.get("targetGUID")) for c in whole.iterfind("q:Coding/q:CodeRef", NS)}
            assert {"social_work_leaders", "pay"} <= names
            ev = sel["evidence"]
            sentence = text[int(ev.get("startPosition")):int(ev.get("endPosition"))]
            assert sentence == "The leaders must be social workers, as [PERSON] knows."  # redacted
            assert [_code_name(root, c.get("targetGUID")) for c in ev.iterfind("q:Coding/q:CodeRef", NS)] == [
                "social_work_leaders"]
            coded += 1
    assert coded == 1


def _code_name(root, guid):
    return next(c.get("name") for c in root.iter(f"{{{NS['q']}}}Code") if c.get("guid") == guid)


def test_redacted_by_default_like_md(project, tmp_path):
    out, _, texts = project
    raw = zipfile.ZipFile(out).read("project.qde").decode("utf-8") + "".join(texts.values())
    assert not [p for p in PLANTED if p in raw]
    corpus = tmp_path / "c.duckdb"
    plain = tmp_path / "plain.qdpx"
    _export(corpus, plain, "--no-redact")
    _, texts = _project(plain)
    assert any("jane.smith@council.gov.uk" in t for t in texts.values())


def test_same_corpus_same_bytes(project, tmp_path):
    out, _, _ = project
    (tmp_path / "again").mkdir()
    again = tmp_path / "again" / out.name  # the file's name is the project's name
    _export(tmp_path / "c.duckdb", again)
    assert again.read_bytes() == out.read_bytes()


def test_unclassified_corpus_is_a_valid_project_of_texts(tmp_path):
    corpus = make_corpus(tmp_path / "c.duckdb")
    out = tmp_path / "p.qdpx"
    _export(corpus, out, "--no-redact")
    root, texts = _project(out)
    _validate(root)
    assert len(texts) == 6 and not root.findall(".//q:PlainTextSelection", NS)
    assert "=SUM(A1) No: a DCS leads schools, health and police too." in texts.values()


def test_control_characters_in_a_title_and_author_keep_the_project_well_formed(tmp_path):
    # a source title with \x01 went into a name="..." attribute as it was: no QDA tool could open the project
    from voices.schemas import Record, Source

    source = Source(title="Thread\x01\x0b</title>\"=cmd", kind="thread", url="javascript:alert(1)")
    corpus = make_corpus(tmp_path / "c.duckdb", [Record(source, "comment", "Leaders must be social workers.", "1",
                                                        author="Jo\x02 <b>")])
    out = tmp_path / "p.qdpx"
    _export(corpus, out, "--no-redact")
    root, texts = _project(out)
    _validate(root)
    [source_el] = root.findall(".//q:TextSource", NS)
    assert source_el.get("name") == "Thread\ufffd\ufffd</title>\"=cmd #1"
    assert list(texts.values()) == ["Leaders must be social workers."]


def test_codebook_takes_the_schemes_labels_and_definitions_first():
    from voices.formats.qdpx import codebook
    from voices.models.scheme import load_scheme

    scheme = load_scheme("social-work-leadership")
    book = codebook(scheme, ["none", "new_stance"], ["pay", "a_new_theme"])
    assert list(book.stances) == [*scheme.labels("stance"), "new_stance"]
    assert list(book.themes) == [*scheme.labels("themes"), "a_new_theme"]
    assert book.stances["none"] == scheme.stances["none"].definition and book.themes["a_new_theme"] == ""


def test_corpus_tagged_by_the_shipped_models_gets_the_schemes_codebook(tmp_path):
    import json

    from report_fixtures import FakeStance

    from voices.models import default_model_dir
    from voices.models.scheme import load_scheme

    shipped = json.loads((Path(default_model_dir("stance")) / "meta.json").read_text())["model_id"]
    corpus = classified_corpus(tmp_path / "c.duckdb", stance=FakeStance(model_id=shipped))
    out = tmp_path / "p.qdpx"
    _export(corpus, out)
    root, _ = _project(out)
    _validate(root)
    themes = root.findall("q:CodeBook/q:Codes/q:Code[@name='themes']/q:Code", NS)
    scheme = load_scheme("social-work-leadership")
    assert [c.get("name") for c in themes][: len(scheme.themes)] == scheme.labels("themes")
    assert themes[0].findtext("q:Description", namespaces=NS) == scheme.themes[themes[0].get("name")].definition
