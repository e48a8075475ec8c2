"""Encodings: detect, never mangle; binary refused; NULs stripped with a warning."""

from __future__ import annotations

import pytest
from ingest_helpers import count, documents

from voices.errors import InputError
from voices.ingest import ingest_paths
from voices.ingest.encoding import decode_bytes

TEXT = "id,text\r\n1,\"Pay £32,000 isn’t “fair” – it’s a pay cut\"\n2,Café culture in the duty team\r\n"
EXPECTED = ["Pay £32,000 isn’t “fair” – it’s a pay cut", "Café culture in the duty team"]


@pytest.mark.parametrize("codec,bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
    ("cp1252", b""),
])
def test_encodings_round_trip_into_the_corpus(tmp_path, codec, bom):
    path = tmp_path / "records.csv"
    path.write_bytes(bom + TEXT.encode(codec))
    corpus = tmp_path / "c.duckdb"
    result = ingest_paths([path], corpus)
    assert result.added == 2
    assert [d["text"] for d in documents(corpus)] == EXPECTED


def test_a_second_bom_left_by_converting_a_utf8_bom_file_to_utf16_is_dropped(tmp_path):
    # iconv -f utf-8 -t utf-16 of an Excel CSV: FF FE, then U+FEFF as a character before "Response ID"
    path = tmp_path / "responses.csv"
    path.write_bytes("\ufeffResponse ID,Submitted,Q1. Please explain your answer.\r\n"
                     "R-1001,04/03/2024,Directors should be registered social workers, and accountable for it.\r\n"
                     "R-1002,05/03/2024,Pay is why my colleagues leave for agencies every single year.\r\n"
                     .encode("utf-16"))
    assert decode_bytes(path.read_bytes(), "x").text.startswith("Response ID,")
    corpus = tmp_path / "c.duckdb"
    assert ingest_paths([path], corpus).added == 2
    assert [d["respondent_id"] for d in documents(corpus)] == ["R-1001", "R-1002"]  # not "row-1", "row-2"


def test_decoding_reports_codec_and_bom():
    assert decode_bytes("\ufeffa £".encode("utf-8"), "x").bom
    assert decode_bytes("a “b”".encode("cp1252"), "x").encoding == "cp1252"
    assert decode_bytes(b"a\r\nb\rc\n", "x").text == "a\nb\nc\n"


def test_utf16_without_bom_is_recognised():
    assert decode_bytes("text,id\nplain words here,1\n".encode("utf-16-le"), "x").text.startswith("text,id")


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image"),
    (bytes(range(32)) * 20, "binary data"),
    (b"%PDF-1.7\n", "a PDF document"),
])
def test_binary_is_refused(data, what):
    with pytest.raises(InputError, match=f"f.bin: this is {what}, not text"):
        decode_bytes(data, "f.bin")


def test_nul_bytes_are_stripped_and_reported(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"id,text\n1,before\x00after\n")
    corpus = tmp_path / "c.duckdb"
    result = ingest_paths([path], corpus)
    assert [d["text"] for d in documents(corpus)] == ["beforeafter"]
    assert any("NUL characters removed (line 2)" in w for w in result.warnings)


def test_text_is_nfc_normalised(tmp_path):
    path = tmp_path / "nfd.csv"
    path.write_text("id,text\n1,Cafe\u0301\n", encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    ingest_paths([path], corpus)
    assert documents(corpus)[0]["text"] == "Caf\u00e9"


def test_each_stored_field_is_cleaned_whether_ascii_or_not(tmp_path):
    # _clean's ASCII fast path (no surrogate, NUL or NFD possible) must give what the full path gives
    from voices.ingest.base import IngestOptions, ReadContext
    from voices.ingest.rows import stored_row
    from voices.schemas import Record, Source

    ctx = ReadContext(tmp_path / "f.jsonl", IngestOptions())
    rec = Record(source=Source(title="t", kind="records"), kind="comment", text="plain ascii text", key="1",
                 line=3, author="Jose\u0301", posted_at="2024-01-02", organisation="a\x00b",
                 question="Caf\u00e9?", attributes='{"role": "x"}', original_id="Ze\u0301-7")
    row = stored_row(rec, "d1", None, "s1", 1, ctx)
    assert row[4:6] == ("Jos\u00e9", "2024-01-02")  # author NFC, date as given
    assert row[8] == "Caf\u00e9?" and row[11] == "ab"  # question kept, NUL dropped from the organisation
    assert row[13:] == ("plain ascii text", '{"role": "x"}', "Z\u00e9-7")  # the record's own id NFC too
    assert ctx.warnings == [f"{ctx.name}: line 3: NUL characters removed from the organisation; the text around them is kept"]
    bad = Record(source=rec.source, kind="comment", text="ok \ud800", key="2", line=4)
    with pytest.raises(InputError, match="line 4: the text holds an invalid character"):
        stored_row(bad, "d2", None, "s1", 2, ctx)


# Project-written answers in scripts Windows-1252 cannot hold: read as Windows-1252 they decoded without an error
# and were stored garbled ("ñ ÐÒÏÔÉ× ÎÏ×ÏÊ ..." for the Russian), exit 0, nothing said
OTHER_SCRIPTS = {
    "koi8-r": "Я против новой велодорожки на нашей улице\nАвтобусы важнее велосипедов для жителей",
    "iso-8859-5": "Я против новой велодорожки на нашей улице\nАвтобусы важнее велосипедов для жителей",
    "iso-8859-7": "Είμαι αντίθετος στον νέο ποδηλατόδρομο\nΤα λεωφορεία είναι πιο σημαντικά για τους κατοίκους",
    "cp1250": "Jestem przeciwny nowej ścieżce rowerowej, bo może być niebezpieczna\n"
              "Autobusy są ważniejsze dla mieszkańców niż rowery, to łatwo zauważyć",
}


def _answers_csv(texts: str) -> str:
    return "id,comment\r\n" + "".join(f'{i},"{t}"\r\n' for i, t in enumerate(texts.split("\n"), 1))


@pytest.mark.parametrize("codec", sorted(OTHER_SCRIPTS))
def test_a_file_in_another_single_byte_encoding_is_refused_not_stored_garbled(tmp_path, codec):
    from typer.testing import CliRunner

    from voices.cli import app

    data = _answers_csv(OTHER_SCRIPTS[codec]).encode(codec)
    assert data.decode("cp1252") != data.decode(codec)  # what was stored before: Windows-1252's reading
    path = tmp_path / "answers.csv"
    path.write_bytes(data)
    corpus = tmp_path / "c.duckdb"
    for args in ([str(path), "--corpus", str(corpus)], ["--preview", str(path)]):
        res = CliRunner().invoke(app, ["ingest", *args])
        assert res.exit_code == 2, res.output
        assert res.stderr.strip() == (
            f"voices: error: {path}: line 2: not UTF-8 or UTF-16, and read as Windows-1252 its text is garbled "
            "(another encoding, such as Cyrillic, Greek or Central European): re-save the file as UTF-8 and "
            "ingest it again")
    assert not corpus.exists() or count(corpus) == 0
    path.write_bytes(_answers_csv(OTHER_SCRIPTS[codec]).encode("utf-8"))  # what the message says to do
    assert ingest_paths([path], corpus).added == 2
    assert [d["text"] for d in documents(corpus)] == OTHER_SCRIPTS[codec].split("\n")


def test_a_line_in_another_encoding_among_utf8_lines_is_refused(tmp_path):
    # the mixed-encodings path reads each line that is not UTF-8 as Windows-1252: the same check applies
    path = tmp_path / "appended.csv"
    path.write_bytes("id,comment\n1,Un café près de la gare\n".encode()
                     + "2,Я против новой велодорожки на нашей улице\n".encode("koi8-r"))
    with pytest.raises(InputError, match=r"appended.csv: line 3: not UTF-8 or UTF-16, and read as Windows-1252"):
        ingest_paths([path], tmp_path / "c.duckdb")


# Western European text Windows-1252 holds, which must stay accepted as it was: names, accents (at most
# two Latin-1 letters in a row), "£", curly quotes, Spanish "¿", Catalan "l·l", units
WESTERN = [
    "Zoë Müller and Øyvind Sørensen said the “new” café costs £3.50 – too much",
    "La décision a été créée à Noël; « œuvre » et cœur, naïve façade, Françoise",
    "Mit freundlichen Grüßen, Jürgen Groß: die Füße, süßer, Ärger über Öl",
    "¿Por qué no? Y ¿qué más? La señora Muñoz pidió información; nº 5, 1ª planta",
    "As informações e soluções da região; a col·lecció de l’Àngel",
    "Bjørn from Ærø: 40 m³ and 2 km², ½ of it; ‘quoted’ words and ‰ signs",
    "Ólafsdóttir and Þórður wrote bæði and hæð; Åsa, Ängelholm, Øresund",
]


def test_western_windows_1252_text_stays_accepted(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(_answers_csv("\n".join(WESTERN)).encode("cp1252"))
    assert decode_bytes(path.read_bytes(), "x").encoding == "cp1252"
    corpus = tmp_path / "c.duckdb"
    assert ingest_paths([path], corpus).added == len(WESTERN)
    assert sorted(d["text"] for d in documents(corpus)) == sorted(WESTERN)


def test_utf8_read_twice_already_in_a_file_is_no_other_encoding():
    # "Ã³" is ó as UTF-8 read as Windows-1252 before the file was saved: garbled in the file itself, not by
    # voices, and stored as it was before; only a "³" after a letter other than "Ã" or "Â" is Polish "ł"
    from voices.ingest.encoding import refuse_other_encoding

    assert refuse_other_encoding("donâ€™t, cafÃ©, informaciÃ³n, naÃ¯ve, ÃŸ, canÃ¹ e poi", "x") is None
    with pytest.raises(InputError, match="x: line 2: "):
        refuse_other_encoding("id\nd³ugo i ³atwo", "x")


def test_the_other_encoding_check_reads_a_long_word_once(tmp_path):
    # the first version matched words with \S* on both sides of a Latin-1 letter, trying every start of a
    # long word again (time growing with the square of its length); one pass over the words reads it once
    from voices.ingest.encoding import refuse_other_encoding

    long_word = "x" * 200_000
    # one garbled word in a long text is not enough (alone in a short one it is: see the Windows-1250 tests)
    assert refuse_other_encoding(f"d³ugo {long_word} " + "ok " * 30, "x") is None
    with pytest.raises(InputError, match="x: line 3: "):
        refuse_other_encoding(f"{long_word}\nok\nd³ugo mo¿e {long_word}", "x")


# Windows-1252 lines whose bytes are valid UTF-8 too: "Ã©" is the bytes of "é", and French puts a no-break space
# before "»", so "qualité\xa0»" is the bytes of "qualit頻"; each was read as UTF-8, line by line
LOOKS_UTF8 = ["Le mot Ã© est venu tel quel de l'export", "La qualité\xa0» du service, disent-ils"]


@pytest.mark.parametrize("line", LOOKS_UTF8, ids=["A-tilde copyright", "e-acute nbsp guillemet"])
def test_a_windows_1252_line_that_is_valid_utf8_too_is_read_as_the_file_is(tmp_path, line):
    texts = ["Un café près de la gare, à côté", line, "Très bien, merci à l’équipe"]
    data = _answers_csv("\n".join(texts)).encode("cp1252")
    assert data.split(b"\r\n")[2].decode("utf-8")  # the line alone reads as UTF-8 without an error
    decoded = decode_bytes(data, "x")
    assert (decoded.text.split("\n")[2], decoded.encoding) == (f'2,"{line}"', "cp1252")
    assert decoded.warnings == ["line 3 would read as UTF-8 too, but was read as Windows-1252 as the rest of the "
                                "file is; check accented characters"]
    path, corpus = tmp_path / "answers.csv", tmp_path / "c.duckdb"
    path.write_bytes(data)
    assert ingest_paths([path], corpus).added == 3
    assert [d["text"] for d in documents(corpus)] == texts


def test_a_utf8_file_with_one_windows_1252_line_keeps_its_utf8_lines(tmp_path):
    """The other way: lines that are UTF-8 in a file mostly so stay UTF-8, "é" and "Ã©" alike ("Ã©" in UTF-8
    is "Ã©"); only the line that cannot be UTF-8 is read as Windows-1252."""
    utf8 = ["Un café près de la gare", "Grüße aus Köln, sagt Zoë", "Le mot Ã© reste tel quel"]
    legacy = "Très bien, merci"
    data = _answers_csv("\n".join(utf8)).encode("utf-8") + f'4,"{legacy}"\r\n'.encode("cp1252")
    decoded = decode_bytes(data, "x")
    assert decoded.encoding == "utf-8+cp1252"
    assert decoded.text.replace("\r", "").split("\n")[1:5] == [f'{i},"{t}"' for i, t in enumerate(
        [*utf8, legacy], 1)]
    one = decode_bytes("id,comment\n1,Un café près de la gare\n2,Open on Sundays\n".encode(), "x")
    assert (one.encoding, one.warnings, one.text.split("\n")[1]) == ("utf-8", [], "1,Un café près de la gare")
    equal = decode_bytes("id,comment\n1,Un café\n".encode() + "2,Un café\n".encode("cp1252"), "x")  # one each
    assert (equal.encoding, equal.text) == ("utf-8+cp1252", "id,comment\n1,Un café\n2,Un café\n")


# One short answer in Windows-1250 read as Windows-1252 has too few garbled words for the rule above (two, and a
# fifth of the words with Latin-1 letters): "Zgadzam siê, to dobry pomys³" was stored so, exit 0
SHORT_CP1250 = ["Zgadzam się, to dobry pomysł", "Dziękuję", "Nie zgadzam się", "To jest zły pomysł", "Koń",
                "Mieszkańców jest dużo", "Coś trzeba zrobić", "Świetny pomysł", "Jeśli tak, to dobrze",
                "Ćwiczenia", "Mam nadzieję", "Dzień dobry", "Michał", "Łukasz to powiedział",  # Polish
                "Souhlasím, město to potřebuje", "Děkuji", "Může to být lepší", "Dobře", "Přece ne",  # Czech
                # only a word-initial Ř tells these ("Øekl jsem ano" was stored, exit 0)
                "Řekl jsem ano", "Řím", "Ředitel souhlasí", "Řádek", "ŘEKA"]
# short Western answers whose letters sit near those tells, which stay accepted
SHORT_CP1252 = ["Zoë", "café", "Müller", "Øyvind", "£5 a week", "“quoted”", "naïve", "Hasta mañana, niño",
                "Você tem três filhos, bebê", "Così è più facile, lunedì", "Où est-il?", "Jeg har et træ og et knæ",
                "Høeg og Bøe, Øivind", "manœuvre, cœur, œil, fœtus", "la fenêtre, la pêche, même", "40 m³", "a £3bn deal",
                "Ærlig talt", "smørrebrød og søster", "São Tomé e Príncipe", "història de l’Escòcia",
                "Øen og Øerne, Ødegaard", "Øster Øresund og Øystein", "Øie, Øa og Øivind", "ØEN OG ØERNE"]


@pytest.mark.parametrize("text", SHORT_CP1250)
def test_a_short_windows_1250_answer_is_refused_not_stored_garbled(tmp_path, text):
    path, corpus = tmp_path / "answer.csv", tmp_path / "c.duckdb"
    path.write_bytes(_answers_csv(text).encode("cp1250"))
    assert path.read_bytes().decode("cp1252") != _answers_csv(text)  # what was stored before
    with pytest.raises(InputError, match=r"answer.csv: line 2: not UTF-8 or UTF-16, and read as Windows-1252 its "
                                         r"text is garbled \(another encoding"):
        ingest_paths([path], corpus)
    assert count(corpus) == 0
    path.write_bytes(_answers_csv(text).encode("utf-8"))  # re-saved as UTF-8, as the message says
    assert ingest_paths([path], corpus).added == 1
    assert [d["text"] for d in documents(corpus)] == [text]


@pytest.mark.parametrize("text", SHORT_CP1252)
def test_a_short_windows_1252_answer_stays_accepted(tmp_path, text):
    path, corpus = tmp_path / "answer.csv", tmp_path / "c.duckdb"
    path.write_bytes(_answers_csv(text).encode("cp1252"))
    assert ingest_paths([path], corpus).added == 1
    assert [d["text"] for d in documents(corpus)] == [text]


def test_one_odd_word_in_a_long_western_text_stays_accepted():
    """A tell is evidence in a short text only: a name or typo in a long Windows-1252 text refuses nothing."""
    from voices.ingest.encoding import refuse_other_encoding

    assert refuse_other_encoding(" ".join(WESTERN) + " and the horse, koñ in Polish", "x") is None
    with pytest.raises(InputError, match="x: line 1: "):
        refuse_other_encoding("koñ", "x")
