"""Text read in the wrong encoding: telling it, and refusing it.

A file that is not UTF-8 is read as Windows-1252, as Excel writes it in Western Europe. A
file in another single-byte encoding decodes so without an error, every accented letter
wrong; ``voices ingest`` (``voices.ingest.encoding``) and ``voices label --from``
(``voices.labelfile_rows``) both refuse such text with ``refuse_other_encoding``, and both tell a
Windows-1252 line that is valid UTF-8 by chance with ``garbled_utf8``; they live here, below
both, so that one rule serves them.
"""

from __future__ import annotations

import re
import unicodedata

from voices.errors import InputError

__all__ = ["UTF8_MULTIBYTE", "garbled_utf8", "refuse_other_encoding"]

# a well-formed UTF-8 sequence for a character past ASCII: a file holding these and
# bytes that are not UTF-8 was pasted together from two encodings
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def garbled_utf8(text: str) -> bool:
    """Whether ``text``, a line's bytes read as UTF-8, reads as no writer's text: Windows-1252 that happens to
    be valid UTF-8.

    French puts a no-break space before "»": Windows-1252 "é\\xa0»" is the UTF-8 bytes of "頻", glued to
    the word's Latin letters ("qualit頻"); "É»" reads "ɻ", and some pairs a C1 control character.

    Examples
    --------
    >>> garbled_utf8("La qualité\xa0» du service".encode("cp1252").decode("utf-8")), garbled_utf8("Zoë, Москва")
    (True, False)
    """
    for m in _NON_ASCII.finditer(text):  # only the characters past ASCII: a long line is mostly ASCII
        ch, i = m.group(), m.start()
        category = unicodedata.category(ch)
        if category[0] == "C" or "\u0250" <= ch <= "\u02ff":  # controls, unassigned; IPA, modifier letters
            return True
        if category[0] == "L" and not unicodedata.name(ch, "").startswith("LATIN"):
            near = text[max(i - 1, 0):i] + text[i + 1:i + 2]
            if any(c.isascii() and c.isalpha() for c in near):  # another script inside a Latin word
                return True
    return False


# A file in another single-byte encoding (KOI8-R or ISO-8859-5 Cyrillic, ISO-8859-7 Greek, Windows-1250
# Polish) decodes as Windows-1252 without an error, into Latin-1 letters: "Привет" in KOI8-R reads "ðÒÉ×ÅÔ".
# Its tells: three such letters in a row (English, French and German words have at most two: "créée",
# "Füße", "ações"), and Windows-1250's ą, ł, Ż, ż read as "¹", "³", "¯", "¿" beside letters ("mo¿e",
# "³atwo"); a "¹"/"³"/"¯" after "Ã" or "Â" is UTF-8 read twice ("Ã³" for ó), already so in the file
_FOREIGN_RUN = re.compile("[\u00c0-\u00ff]{3,}")
_FOREIGN_MARK = re.compile(r"(?<![ÃÂ])[¹³¯](?=[^\W\d_])|(?<=[^\W\d_])¿")
# Windows-1250 letters read as Windows-1252 where no Western word has them, a short answer's only tell
# ("Zgadzam siê", "mìsto", "koñ"): Polish ś as "œ" ending a word or before a letter French never puts after
# it (cœur, œil, œdème, fœtus, œsophage, œcuménique); ń as "ñ" ending a word or before a consonant (Spanish
# "ñ" always has a vowel after it: mañana, año, Muñoz); ć as "æ" ending a word after a vowel, or before "w"
# (Danish "træ", "knæ" have a consonant before it); ę as "ê" ending a word after a letter that ends no
# Portuguese one (você, bebê, purê), or before a letter no French or Portuguese "ê" has after it (être,
# forêt, pêche, três, têm); Czech ě and ů as "ì" and "ù", and Polish ł as "³", inside a word (Italian and
# French have the first two only at its end: così, più, où; "m³" ends one); Czech ř as "ø" before "í", or
# before "e" after a consonant but "B" or "H" (Øyvind, Sørensen, Bjørn, the surnames Bøe and Høeg stay);
# Ř as "Ø" starting a word before "í" or "á" (Říjen, Řád), or before "e" and a letter but "n" or "r" (Řeka,
# Ředitel, Řešení; Danish and Norwegian Øen, Øerne, Øie, Øa, Ødegaard, Øster stay);
# ł as "³" ending a word after a lower-case letter but "m" (Michał, Paweł; "40 m³" stays); Ł as "£" before
# a vowel and a letter (Łukasz, Łódź; "£5", "£3bn" stay)
_CP1250_MARK = re.compile(
    r"(?<=[^\W\d_])œ(?![^\W\d_])|[œŒ](?=[^\W\d_])(?![uidsctœ])"
    r"|(?<=[^\W\d_])ñ(?![^\W\d_])|ñ(?=[^\W\d_])(?![aeiouáéíóúü])"
    r"|(?<=[aeiouyóœ])æ(?![^\W\d_])|[æÆ](?=w)"
    r"|(?<=[ijzgwnl³])ê(?![^\W\d_])|ê(?=[dkbwz¿œ³æ]|c(?!h))"
    r"|(?<=[^\W\d_])(?<![ÃÂ])[ìù³](?=[^\W\d_])"
    r"|ø(?=í)|(?<=[ptkdbrvPTKDRV])ø(?=e)|(?<![^\W\d_])Ø(?=[íáÍÁ]|[eE](?![nrNR])[^\W\d_])"
    r"|(?<=[a-ln-z])³(?![^\W\d_])|£(?=[aeiouyó][a-zà-ÿ])")
_LATIN1_CHAR = re.compile("[\u00c0-\u00ff¹³¯¿œŒ]")
_WORD = re.compile(r"\S+")
# how many words must look so, and what share of the words with such characters, before a file is refused
_FOREIGN_WORDS = 2
_FOREIGN_SHARE = 0.2
# a text too short for two such words: refused when one word in this many holds a cp1250 tell (a long
# Western text with one odd word, a typo or a name, stays accepted)
_CP1250_WORDS = 25


def refuse_other_encoding(text: str, name: str, *, again: str = "ingest it again") -> None:
    """Refuse text read as Windows-1252 that is another single-byte encoding's, garbled.

    ``again``: what to do once it is re-saved (``voices label --from`` imports a file).

    Nothing stored may be silently corrupted, and a Cyrillic, Greek or Polish export read as
    Windows-1252 would be: every word of it wrong, without a word said. Names such as Zoë,
    Müller or Øyvind, "café", curly quotes and "£" are left alone.

    Raises
    ------
    InputError
        At least two words (and a fifth of those with Latin-1 letters) look like another
        encoding read as Windows-1252, or, in a text too short for two, one word in 25 holds
        Polish or Czech read so (``_CP1250_MARK``: "siê", "mìsto"); the message names the
        first one's line.

    Examples
    --------
    >>> refuse_other_encoding("Zoë Müller, Øyvind: “café” £5, créée", "a.csv")
    >>> refuse_other_encoding("Спасибо за внимание".encode("koi8-r").decode("cp1252"), "a.csv")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    voices.errors.InputError: a.csv: line 1: not UTF-8 or UTF-16, and read as Windows-1252 its text is garbled ...
    """
    if not (_FOREIGN_RUN.search(text) or _FOREIGN_MARK.search(text) or _CP1250_MARK.search(text)):
        return
    words, odd, tells = 0, 0, 0  # words with Latin-1 letters, those that look garbled, those with a cp1250 tell
    first: int | None = None  # where the first garbled one starts
    every = 0  # every word
    for m in _WORD.finditer(text):  # one pass, each word once (a pattern with \S* at both ends is quadratic)
        word = m.group()
        every += 1
        if not _LATIN1_CHAR.search(word):
            continue
        words += 1
        tell = _CP1250_MARK.search(word) is not None
        if tell or _FOREIGN_RUN.search(word) or _FOREIGN_MARK.search(word):
            odd, tells = odd + 1, tells + tell
            first = m.start() if first is None else first
    garbled = odd >= _FOREIGN_WORDS and odd >= _FOREIGN_SHARE * words
    if first is None or not (garbled or (tells and tells * _CP1250_WORDS >= every)):
        return
    line = text.count("\n", 0, first) + 1
    raise InputError(
        f"{name}: line {line}: not UTF-8 or UTF-16, and read as Windows-1252 its text is garbled (another "
        f"encoding, such as Cyrillic, Greek or Central European): re-save the file as UTF-8 and {again}"
    )
