"""An offline English / not-English check, so non-English texts are never forced into a stance.

UK consultations get answers in Welsh; comment threads get the odd French or Polish
line. The classifiers were trained on English only, so a text that is not English
is flagged (status ``not_english``) and left without a stance.

The detector is py3langid (langid.py's character n-gram naive Bayes model, shipped
in the wheel, numpy only: about 0.1 ms a text; 0.6 s to unpack, once per user, then 0.17 s
to load per process from the user's cache folder, see ``voices._langid_cache``).
Calling a text not English needs strong evidence, because the cost is a silently
dropped answer: langid must be confident (probability >= 0.9) and the text must
carry almost no English function words. Terse English ("Caseloads unmanageable.
Supervision nonexistent.") therefore stays English, and short or undecidable texts
count as English: "Agree." must still be classified.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ENGLISH", "OTHER", "WELSH", "detect_language", "is_english", "load_identifier"]

ENGLISH = "en"
WELSH = "cy"
OTHER = "other"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# _WORD on an ASCII text (where a letter that is no digit or "_" is A-Z or a-z, and there is no ’):
# simple ranges, a third faster than the Unicode classes (most comments are ASCII)
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# ŵ and ŷ are all but unique to Welsh; the other circumflexes also occur in French.
_WELSH_ONLY_LETTERS = re.compile(r"[ŵŷŴŶ]")
_CIRCUMFLEX = re.compile(r"[âêîôûÂÊÎÔÛ]")

# Frequent English function words (words shared with Welsh, like "a", "i", "am", "at", "o", are left out).
_ENGLISH_WORDS = frozenset(
    """the of and to in is it that for was on are be with as this have not but they by from or
    an were which you their has would there what all can if so been one will do no more who
    should them he she we our my your his her its than then these those about into could also
    just only very when where why how because any some such must does did had being after
    before over under between while other same own most much many need needs leaders leader
    social work workers worker director directors practice people think agree disagree""".split()
)
# Frequent Welsh function words and the words a social-care consultation answer in Welsh uses.
_WELSH_WORDS = frozenset(
    """yn y yr ac ei eu ein mae maen roedd bod fod wedi ddim nid nad na sy sydd gan gyda ond
    hefyd hyn hynny hon hwn dylai dylid dylen rhaid iawn mewn ni chi nhw fi fe hi ydy ydw yw
    oes oedd fel pan pwy beth sut pam neu achos felly gwaith gweithwyr cymdeithasol arweinwyr
    arweinydd gofal plant teuluoedd profiad cyfarwyddwyr cyfarwyddwr angen gallu ymarfer
    cytuno anghytuno diolch cymru llywodraeth gwasanaethau gwasanaeth""".split()
)
_MIN_WORDS = 4
_MIN_ENGLISH_RATIO = 0.08


def _counts(text: str) -> tuple[int, int, int]:
    """Words (sector acronyms such as DCS or HCPC left out), English and Welsh evidence."""
    plain = text.isascii()  # O(1) in CPython: an ASCII text has no ’ and no Welsh letter
    found = (_ASCII_WORD if plain else _WORD).findall(text)
    if any(map(str.isupper, found)):  # most texts have no word in capitals: skip the per-word test
        found = [w for w in found if not (w.isupper() and len(w) <= 5 and len(w) > 1)]
    # one casefold for the text (it never makes or removes a space), counted by C-level maps
    joined = " ".join(found).casefold()
    words = (joined if plain else joined.replace("’", "'")).split(" ") if found else []
    english = sum(map(_ENGLISH_WORDS.__contains__, words))
    welsh = sum(map(_WELSH_WORDS.__contains__, words))
    letters = 0 if plain else 2 * len(_WELSH_ONLY_LETTERS.findall(text))
    if welsh and not plain:
        letters += len(_CIRCUMFLEX.findall(text))
    return len(words), english, welsh + letters


@lru_cache(maxsize=1)
def _identifier():
    """The langid model, loaded on first use (never at import: ``voices --help`` stays instant)."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from voices._langid_cache import load_model

    # as LanguageIdentifier.from_model_file(MODEL_FILE), the model unpacked once per user, not once per process
    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


def load_identifier() -> None:
    """Load the langid model now (0.6 s, 0.1 s from the user's cache folder), e.g. once in a parent before it forks workers."""
    _identifier()


_CONFIDENT = 0.9


def detect_language(text: str) -> str:
    """Say whether a text is English, Welsh, or something else.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``"en"``, ``"cy"`` (Welsh) or ``"other"``. Only a confident detector with
        little English in the text gives a non-English answer; texts of fewer than
        four words, and texts with no clear signal either way, are ``"en"``.

    Examples
    --------
    >>> detect_language("Directors should be social workers, not accountants.")
    'en'
    >>> detect_language("Caseloads unmanageable. Supervision nonexistent.")
    'en'
    >>> detect_language("Dylai arweinwyr gwaith cymdeithasol fod yn weithwyr cymdeithasol.")
    'cy'
    >>> detect_language("Agree.")
    'en'
    """
    n, english, welsh_score = _counts(text)
    if n < _MIN_WORDS:
        return WELSH if (welsh_score >= 2 and english == 0) else ENGLISH
    if n and english / n >= _MIN_ENGLISH_RATIO and english > welsh_score:
        return ENGLISH
    lang, prob = _identifier().classify(text)
    if lang == ENGLISH or prob < _CONFIDENT:
        return ENGLISH
    return WELSH if lang == WELSH else OTHER


def is_english(text: str) -> bool:
    """True when ``detect_language(text)`` is English (see there)."""
    return detect_language(text) == ENGLISH
