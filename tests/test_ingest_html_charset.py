"""A saved page in another encoding is read as a browser reads it: BOM, then <meta> charset, then a guess.

Before, the saved-page reader ignored the page's declared encoding: a page saved as Windows-1251 or
ISO-8859-7 was read as Windows-1252 and refused as garbled, a Shift_JIS page was guessed at, and an
ISO-8859-1 page's curly quotes (Windows-1252 bytes, as browsers read them) depended on the guess.
"""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import count, documents
from typer.testing import CliRunner

from voices.cli import app
from voices.errors import InputError
from voices.ingest import IngestOptions, ingest_paths
from voices.ingest.preview import preview_file
from voices.store import Corpus

# the shape of tests/fixtures/ingest/small.html: an article, a comment, a reply, another comment
PAGE = """<!DOCTYPE html>
<html><head>{meta}
<title>{title} | Tiny Weekly</title></head>
<body><article><h1 class="entry-title">{title}</h1>
<div class="entry-content"><p>{article}</p></div></article>
<div id="comments"><ol class="comment-list">
<li id="comment-1" class="comment depth-1 parent"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{a1}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><time datetime="2024-04-01T09:00:00+01:00">1 April 2024</time></div></footer>
<div class="comment-content"><p>{c1}</p></div></article>
<ol class="children">
<li id="comment-2" class="comment depth-2"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{a2}</b></div>
<div class="comment-metadata"><time datetime="2024-04-01T10:00:00+01:00">1 April 2024</time></div></footer>
<div class="comment-content"><p>{c2}</p></div></article></li>
</ol></li>
<li id="comment-3" class="comment depth-1"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{a3}</b></div>
<div class="comment-metadata"><time datetime="2024-04-02T08:15:00+01:00">2 April 2024</time></div></footer>
<div class="comment-content"><p>{c3}</p></div></article></li>
</ol></div></body></html>
"""

# made-up comments, each set holding only characters its encoding has
RUSSIAN = {
    "title": "Кто должен руководить социальной работой",
    "article": "Статья о том, кто должен возглавлять службы.",
    "a1": "Ольга Петрова", "c1": "Руководитель должен быть социальным работником, иначе «решения» далеки от практики.",
    "a2": "Иван", "c2": "Не согласен: директор — это “системный лидер”, а не практик.",
    "a3": "Sam", "c3": "Plain English between them, with a ‘curly’ quote too.",
}
GREEK = {
    "title": "Ποιος πρέπει να ηγείται",
    "article": "Ένα άρθρο για την ηγεσία στην κοινωνική εργασία.",
    "a1": "Ελένη", "c1": "Ο διευθυντής πρέπει να είναι κοινωνικός λειτουργός, όχι μάνατζερ.",
    "a2": "Νίκος", "c2": "Ο μισθός των £32,000 δεν φτάνει για τη ‘πρώτη γραμμή’.",
    "a3": "Άννα", "c3": "Συμφωνώ με την Ελένη· η πρακτική μετράει.",
}
FRENCH = {
    "title": "Qui doit diriger le travail social ?",
    "article": "Un article sur la direction des équipes.",
    "a1": "Hélène Dupré", "c1": "Le directeur doit être un travailleur social diplômé, c’est évident.",
    "a2": "François", "c2": "Avec £32,000 par an, on ne garde personne : “ça ne paie pas”.",
    "a3": "Zoë", "c3": "Déjà vu : la réforme a été créée sans nous, à Noël.",
}
JAPANESE = {
    "title": "ソーシャルワークを率いるのは誰か",
    "article": "管理職についての記事です。",
    "a1": "佐藤", "c1": "管理者はソーシャルワーカーであるべきです。①現場を知っていること。",
    "a2": "鈴木", "c2": "反対です。「システムの指導者」が必要です。",
    "a3": "Kim", "c3": "Plain English, then 日本語 too.",
}
MIXED = {  # UTF-8 holds every one of them
    "title": "Кто — Ποιος — Qui ?",
    "article": "One article, three languages: £ and “quotes”.",
    "a1": "Ольга", "c1": RUSSIAN["c1"], "a2": "Ελένη", "c2": GREEK["c2"], "a3": "Hélène", "c3": FRENCH["c2"],
}

META_CHARSET = '<meta charset="{}">'
META_PRAGMA = '<meta http-equiv="Content-Type" content="text/html; charset={}">'

CASES = {
    # name: (fields, the encoding the bytes are in, the <meta> the page carries, a BOM)
    "windows-1251 meta charset": (RUSSIAN, "cp1251", META_CHARSET.format("windows-1251"), b""),
    "iso-8859-7 http-equiv": (GREEK, "iso8859_7", META_PRAGMA.format("ISO-8859-7"), b""),
    # WHATWG: the label iso-8859-1 means Windows-1252, so its curly quotes (0x93, 0x94, 0x92) are read as such
    "iso-8859-1 is windows-1252": (FRENCH, "cp1252", META_PRAGMA.format("iso-8859-1"), b""),
    "shift_jis": (JAPANESE, "cp932", META_CHARSET.format("Shift_JIS"), b""),
    # the BOM wins over a <meta> that says otherwise
    "utf-8 BOM, wrong meta": (MIXED, "utf-8", META_CHARSET.format("windows-1251"), b"\xef\xbb\xbf"),
}


def _page(fields: dict[str, str], meta: str) -> str:
    return PAGE.format(meta=meta, **fields)


def _expected(fields: dict[str, str]) -> list[tuple[str, str | None, str]]:
    return [("article", None, fields["article"]), ("comment", fields["a1"], fields["c1"]),
            ("reply", fields["a2"], fields["c2"]), ("comment", fields["a3"], fields["c3"])]


def _stored(corpus) -> list[tuple[str, str | None, str]]:
    return [(d["kind"], d["author"], d["text"]) for d in documents(corpus)]


def _titles(corpus) -> list[str]:
    with Corpus.open(corpus) as c:
        return [row[0] for row in c.sql("SELECT title FROM sources ORDER BY title").fetchall()]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_page_in_its_declared_encoding_is_stored_as_written(tmp_path, case):
    fields, codec, meta, bom = CASES[case]
    data = bom + _page(fields, meta).encode(codec)
    path = tmp_path / "page.html"
    path.write_bytes(data)
    corpus = tmp_path / "c.duckdb"
    result = ingest_paths([path], corpus)
    assert result.added == 4
    assert _stored(corpus) == _expected(fields)
    assert _titles(corpus) == [fields["title"]]
    assert result.warnings == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_standard_input_and_preview_read_the_page_the_same_way(tmp_path, case):
    fields, codec, meta, bom = CASES[case]
    data = bom + _page(fields, meta).encode(codec)
    corpus = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", "-", "--corpus", str(corpus)], input=data)
    assert res.exit_code == 0, res.output
    assert _stored(corpus) == _expected(fields)
    path = tmp_path / "page.html"
    path.write_bytes(data)
    shown = preview_file(path, IngestOptions())
    assert (shown.format, shown.documents) == ("html", 4)
    assert [(e["kind"], e["author"], e["text"]) for e in shown.examples] == _expected(fields)[:3]
    res = CliRunner().invoke(app, ["ingest", "--preview", "--json", "-"], input=data)
    assert res.exit_code == 0, res.output
    assert fields["c1"] in res.stdout


def test_an_unknown_label_is_read_as_before_with_a_warning_naming_it(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(_page(FRENCH, META_CHARSET.format("x-klingon")).encode("utf-8"))
    corpus = tmp_path / "c.duckdb"
    result = ingest_paths([path], corpus)
    assert _stored(corpus) == _expected(FRENCH)
    assert result.warnings == [f"{path}: its <meta> declares the encoding 'x-klingon', which voices does not "
                               "know: read as if it declared none; check accented characters"]
    # and a Windows-1252 page under an unknown label is read as Windows-1252, as before
    path.write_bytes(_page(FRENCH, META_CHARSET.format("x-klingon")).encode("cp1252"))
    other = tmp_path / "d.duckdb"
    ingest_paths([path], other)
    assert _stored(other) == _expected(FRENCH)


def test_a_page_declaring_utf8_over_windows_1252_text_is_read_as_before_with_a_warning(tmp_path):
    # an old page whose template says UTF-8 but whose text is Windows-1252 (the first accent on
    # line 5): a browser shows replacement characters; the guess reads it right, and says so
    path = tmp_path / "page.html"
    path.write_bytes(_page(FRENCH, META_CHARSET.format("utf-8")).encode("cp1252"))
    corpus = tmp_path / "c.duckdb"
    result = ingest_paths([path], corpus)
    assert _stored(corpus) == _expected(FRENCH)
    assert f"{path}: its <meta> declares UTF-8 but it holds bytes that are not: read as if it declared none; " \
           "check accented characters" in result.warnings


def test_bytes_invalid_in_the_declared_encoding_refuse_the_page(tmp_path):
    # a page that says Shift_JIS but holds bytes no Shift_JIS text has: no guess, one line, exit 2
    path = tmp_path / "page.html"
    body = _page(FRENCH, META_CHARSET.format("shift_jis")).encode("ascii", "replace")
    lines = body.split(b"\n")
    lines[4] += b" \x81\x7f"
    path.write_bytes(b"\n".join(lines))
    corpus = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(path), "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().startswith(f"voices: error: {path}: line 5: bytes that are not shift_jis, the encoding "
                                         "its <meta> declares")
    assert count(corpus) == 0


@pytest.mark.parametrize("head,label", [
    (b'<meta charset="windows-1251">', "windows-1251"),
    (b"<META CHARSET=KOI8-R>", "koi8-r"),
    (b"<meta charset='  iso-8859-7 '/>", "  iso-8859-7 "),
    (b'<meta http-equiv="content-type" content="text/html; charset=\'euc-jp\'">', "euc-jp"),
    (b'<meta content="text/html;charset=windows-1250" http-equiv=Content-Type>', "windows-1250"),
    # a content charset counts only beside http-equiv="content-type"
    (b'<meta content="text/html; charset=koi8-r"><meta charset="utf-8">', "utf-8"),
    # in a comment, in a script's attribute, or past the first 1024 bytes it does not count
    (b'<!-- <meta charset="koi8-r"> --><meta charset="windows-1253">', "windows-1253"),
    (b'<script data-x="<meta charset=koi8-r>"></script><meta charset="cp1251">', "cp1251"),
    (b"<html>" + b" " * 1024 + b'<meta charset="koi8-r">', None),
    # the first known declaration wins; an unknown one is passed over, as browsers do
    (b'<meta charset="x-klingon"><meta charset="iso-8859-2">', "iso-8859-2"),
    (b'<meta charset="windows-1251"><meta charset="iso-8859-7">', "windows-1251"),
    (b"<p>no declaration</p>", None),
])
def test_prescan_finds_the_declaration_a_browser_would(head, label):
    from voices.ingest.charset import prescan

    found = prescan(head)
    assert (found.label if found else None) == label


def test_prescan_reports_an_unknown_label_when_none_is_known():
    from voices.ingest.charset import prescan

    found = prescan(b'<meta charset="x-klingon"><p>')
    assert (found.label, found.codec) == ("x-klingon", None)
    assert prescan(b'<meta charset=""><p>') is None  # nothing to name in a warning


@pytest.mark.parametrize("head", [
    b'<meta charset="windows-1251', b"<meta charset=", b"<meta", b"<!-- <meta charset=utf-8>",
    b'<div title="<meta charset=koi8-r>', b"<meta http-equiv=content-type content='text/html; charset=koi8-r",
])
def test_a_declaration_cut_off_by_the_first_1024_bytes_declares_nothing(head):
    from voices.ingest.charset import prescan

    assert prescan(head) is None
    assert prescan(b" " * (1024 - len(head)) + head + b'">') is None


@given(st.binary(max_size=1200) | st.lists(st.sampled_from([
    b"<meta", b" ", b"/", b">", b"<", b"=", b'"', b"'", b"charset", b"content", b"http-equiv", b"content-type",
    b"text/html;", b"windows-1251", b"utf-16", b"x-klingon", b"<!--", b"-->", b"<!", b"</", b"<?", b"<p", b"\n",
    b"\xff", b"\x00"]), max_size=80).map(b"".join))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_prescan_never_fails_on_any_bytes(data):
    from voices.ingest.charset import prescan

    found = prescan(data)
    assert found is None or (found.label.strip() and (found.codec is None or codecs.lookup(found.codec)))
    assert prescan(data[:1024]) == found


@pytest.mark.parametrize("label,codec", [
    # WHATWG: Latin-1 and ASCII labels mean Windows-1252, Latin-5 Windows-1254, TIS-620 Windows-874
    ("iso-8859-1", "cp1252"), ("ISO_8859-1", "cp1252"), ("latin1", "cp1252"), ("ascii", "cp1252"),
    ("us-ascii", "cp1252"), ("iso-8859-9", "cp1254"), ("tis-620", "cp874"),
    # a UTF-16 label in an ASCII <meta> is UTF-8; x-user-defined is Windows-1252
    ("utf-16", "utf-8"), ("utf-16le", "utf-8"), ("x-user-defined", "cp1252"),
    # Windows' superset of each East Asian encoding, which browsers decode
    ("shift_jis", "cp932"), ("x-sjis", "cp932"), ("gb2312", "gb18030"), ("euc-kr", "cp949"), ("big5", "big5hkscs"),
    # the rest: Python's codec of that name
    ("windows-1251", "cp1251"), ("x-cp1251", "cp1251"), ("iso-8859-7", "iso8859-7"), ("iso88597", "iso8859-7"),
    ("koi8-r", "koi8-r"), ("utf8", "utf-8"), ("euc-jp", "euc_jp"), ("iso-8859-15", "iso8859-15"),
    # unknown, or Python codecs that are no web encoding (they do not read ASCII as ASCII)
    ("x-klingon", None), ("", None), ("utf-7", None), ("unicode_escape", None), ("rot13", None),
    ("base64", None), ("punycode", None), ("utf-32", None), ("idna", None), ("a\x00b", None),
    ("raw_unicode_escape", None), ("charmap", None), ("cp037", None), ("hz-gb-2312", None),
    # what Python would read as "utf_8" but no browser as a label
    ("utf\n8", None), ("utf\x1b8", None), ("utf 8", None), ("ｕｔｆ-8", None),
])
def test_labels_map_to_codecs_as_whatwg_says(label, codec):
    from voices.ingest.charset import codec_for_label

    assert codec_for_label(label) == codec


def test_a_wordpress_export_still_follows_its_xml_declaration(tmp_path):
    from ingest_helpers import FIX, read

    text = (FIX / "small.xml").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"')
    path = tmp_path / "export.xml"
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="windows-1251"', 1)
                     .replace("Zoë", "Ольга").encode("cp1251"))
    utf8, _ = read("wxr", FIX / "small.xml")
    records, _ = read("wxr", path)
    assert [r.author for r in records] == [r.author.replace("Zoë", "Ольга") for r in utf8]
    assert "Ольга «Z» Hart" in {r.author for r in records}


def test_a_page_declaring_windows_1252_that_is_not_is_still_refused_as_garbled(tmp_path):
    # the declaration says Latin-1 (Windows-1252), the bytes are KOI8-R: read as declared the text would be
    # garbled Latin-1 letters, so the other-encoding check still refuses it rather than store it so
    path = tmp_path / "page.html"
    path.write_bytes(_page(RUSSIAN, META_CHARSET.format("iso-8859-1")).encode("koi8-r", errors="replace"))
    corpus = tmp_path / "c.duckdb"
    with pytest.raises(InputError, match=r"page\.html: line 3: not UTF-8 or UTF-16, and read as Windows-1252 its "
                                         r"text is garbled"):
        ingest_paths([path], corpus)
    assert count(corpus) == 0


def test_the_unknown_label_warning_names_standard_input_and_is_in_the_json(tmp_path):
    data = _page(FRENCH, META_PRAGMA.format("x-klingon")).encode("utf-8")
    res = CliRunner().invoke(app, ["ingest", "-", "--corpus", str(tmp_path / "c.duckdb"), "--json"], input=data)
    assert res.exit_code == 0, res.output
    warning = ("-: its <meta> declares the encoding 'x-klingon', which voices does not know: read as if it "
               "declared none; check accented characters")
    assert json.loads(res.stdout)["warnings"] == [warning]
    assert res.stderr.count(warning) == 1


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252", "windows-1251", "koi8-r"])
def test_a_page_declaring_a_single_byte_encoding_over_utf8_text_is_read_as_utf8_with_a_warning(tmp_path, label):
    # a template's <meta charset="iso-8859-1"> over text saved as UTF-8: followed, "Hélène" was stored as
    # "HÃ©lÃ¨ne" (or "HГ©lГЁne" under windows-1251) with no warning; before <meta> was read it was right
    path = tmp_path / "page.html"
    path.write_bytes(_page(FRENCH, META_CHARSET.format(label)).encode("utf-8"))
    corpus = tmp_path / "c.duckdb"
    result = ingest_paths([path], corpus)
    assert _stored(corpus) == _expected(FRENCH)
    assert _titles(corpus) == [FRENCH["title"]]
    assert result.warnings == [f"{path}: its <meta> declares the encoding {label!r} but its text is UTF-8: read "
                               "as UTF-8; check accented characters"]
