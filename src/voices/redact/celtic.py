"""A Welsh, Irish or Scots Gaelic word that opens or joins a sentence in that language: no one's name.

NER and the first-name list read such words as names where a sentence opens with one: "Mae angen mwy o
weithwyr" ("more workers are needed") was "[PERSON] angen mwy o weithwyr", and "Nid", "Roedd", "Diolch",
"Efallai", "Chan" went the same way. A word of ``_WORDS`` is one of these where the word after it is in
lower case and it, or one of the four words after it, is a word only these languages write (``_sure``): "Mae
angen", "Roedd y tîm"; "Mae said she would call back", "Chan Wai rang", "Mae is six", "Ann okafor" keep
their names. ``places.named_places`` reads each as a span no person lies in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

# Verbs, particles, pronouns and conjunctions of everyday Welsh, Irish and Scots Gaelic
_WORDS = frozenset("""
    mae o roedd oedd bydd byddai dylai dylid gallai gall rhaid nid nad does dydy dyw oes ydy ydw rydw rydym rwy rwyf
    roeddwn dwi efallai hefyd felly ond ac ag neu os pan yn y yr mewn am ar at gan gyda heb dros trwy diolch hoffwn
    cafodd cefais bu fe mi dim mwy llawer angen hi fo nhw cael gael anodd hawdd digon rhy eto
    bod fod chi fy ei eu ein eich sydd sy wedi yma yna hyn hynny iawn
    tá níl bhí beidh ba is go an na ní agus ach le do de sa sna mar má nuair bhfuil raibh níor cén conas cad
    tha bha bidh chan cha eil air gu am anns ann ma glè nach robh bhith feum barrachd leòr mòr math agam againn bho
    níos mó leor
""".split())
_WORD = re.compile(r"(?<![\w'’-])(?P<w>[^\W\d_]+)(?:['’][a-z]{1,2})?(?=[ \t]+(?P<next>[^\W\d_]+))")
_AHEAD = re.compile(r"(?<!['’])[^\W\d_]+")  # "hi'n" one word
_STOP = re.compile(r"[.!?\n]")
_LOOK = 4  # words after one read for one only these languages write
# Words of ``_WORDS`` English writes too, on no word list (``english_words`` holds longer words), or a name on
# no list ("Mae", as Mae West)
_SHARED = frozenset("mae is an am go do a i o at me he hi mi ma os na le de sa fe bu ni ba gu as on in of to by or".split())


def celtic_words(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` writes a Welsh or Gaelic word in a sentence of that language.

    >>> text = "Mae angen mwy o staff. Mae said no. Nia is four and Mae is six."
    >>> [text[s:e] for s, e in celtic_words(text)]
    ['Mae', 'angen', 'mwy']
    """
    sure = _sure()
    for m in _WORD.finditer(text):
        if m.group("w").casefold() in _WORDS and m.group("next")[0].islower() and (
                m.group("w").casefold() in sure or _ahead(text, m.end(), sure)):
            yield m.start(), m.end()


def _ahead(text: str, at: int, sure: frozenset[str]) -> bool:
    """Whether one of the few words after ``at`` is one only these languages write."""
    stop = _STOP.search(text, at, at + 80)  # the sentence's end
    ahead = (m.group() for m, _ in zip(_AHEAD.finditer(text, at, stop.start() if stop else at + 80), range(_LOOK),
                                        strict=False))
    return any(w in sure for w in ahead)


@cache
def _sure() -> frozenset[str]:
    """Words of ``_WORDS`` that are no English word and no name on a list ("angen", "roedd"; not "mae", "air")."""
    from voices.redact.joined_words import surnames
    from voices.redact.names import listed_names
    from voices.redact.unlisted import english_words

    first, word_names = listed_names()[:2]
    return frozenset(w for w in _WORDS if not (w in _SHARED or w in english_words() or w in first
                                               or w in word_names or w in surnames()))
