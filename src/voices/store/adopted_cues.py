"""The keyword cues ``themes adopt`` took from the texts, and what ``voices delete`` takes out of them.

``themes adopt`` writes a discovered theme's top terms into the corpus's scheme (``settings``) as its
keyword cues, under a marker line (``voices.api.themes._theme_table``). They are words of the texts,
and the scheme outlives the texts: a commenter's workplace, written in three of their comments and in
no one else's, became a theme's first cue and stayed in the corpus file after they were erased.
``forget`` drops, from adopted themes only, each cue that an erased text holds and no stored text
does; a cue someone else also wrote stays, and so does every cue of a theme the user wrote. ``ingest
--replace`` does the same for the documents it removes (``forget``) and the texts it rewrites (``held`` before,
``forget_unheld`` after).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

MARK = "# Adopted from discovered themes by `voices themes adopt`"
_KEYWORDS = re.compile(r"keywords = \[(?P<list>.*)\]")


# a word's edge: DuckDB's \b knows only ASCII letters, so "Øster" or "café" never matched and stayed
_EDGE_BEFORE, _EDGE_AFTER = "(?:^|[^\\pL\\pN_])", "(?:$|[^\\pL\\pN_])"
# between a cue's words: RE2's \s is ASCII only, so "Pellworth\u00a0Hall" (a no-break space) held no cue
_SPACE = "[\\s\\pZ\\x{FEFF}]+"


def _pattern(cue: str) -> str:
    """A cue as a case-blind regular expression over a text: its words whole, any white space between."""
    return "(?i)" + _EDGE_BEFORE + _SPACE.join(re.escape(w) for w in cue.split()) + _EDGE_AFTER


def _held(corpus: Corpus, cue: str, cond: str, values: Sequence[Any]) -> tuple[bool, bool]:
    """Whether a text matching ``cond`` holds ``cue``, and whether another stored text does."""
    row = corpus._con.execute(
        f"SELECT coalesce(bool_or({cond}), FALSE), coalesce(bool_or(NOT ({cond})), FALSE) FROM documents "
        "WHERE regexp_matches(text, ?)", [*values, *values, _pattern(cue)]).fetchall()[0]
    return bool(row[0]), bool(row[1])


def _cues(line: str) -> list[str] | None:
    """The cues of a ``keywords = [...]`` line, or None if it cannot be read."""
    found = _KEYWORDS.fullmatch(line.strip())
    try:
        cues = json.loads(f"[{found['list']}]") if found else None
    except ValueError:
        return None
    return cues if isinstance(cues, list) and all(isinstance(c, str) for c in cues) else None


def _cleaned(line: str, gone: Any) -> str:
    """A ``keywords = [...]`` line without the cues ``gone`` picks (the line as it was if it cannot be read)."""
    cues = _cues(line)
    if cues is None:
        return line
    kept = [c for c in cues if not gone(c)]
    return line if kept == cues else "keywords = [" + ", ".join(json.dumps(c, ensure_ascii=False) for c in kept) + "]"


def forget(corpus: Corpus, cond: str, values: Sequence[Any]) -> bool:
    """Drop from the corpus scheme's adopted themes the cues only the documents matching ``cond`` hold.

    Call inside ``delete``'s transaction (or ``ingest --replace``'s, for the documents it removes), before the
    rows go. Returns whether the scheme changed.
    """

    def gone(cue: str) -> bool:
        erased, kept = _held(corpus, cue, cond, values)
        return erased and not kept

    return _rewrite(corpus, gone)


def held(corpus: Corpus, cond: str, values: Sequence[Any]) -> set[str]:
    """The adopted themes' cues a document matching ``cond`` holds (``ingest --replace``, before it rewrites them)."""
    return {cue for cue in cues(corpus) if _held(corpus, cue, cond, values)[0]}


def cues(corpus: Corpus) -> Iterator[str]:
    """Each cue of the corpus scheme's adopted themes, in the scheme's order (read only)."""
    lines = _scheme(corpus)[1].split("\n")
    for i in _keyword_lines(lines):
        yield from _cues(lines[i]) or ()


def forget_unheld(corpus: Corpus, cues: set[str]) -> bool:
    """Drop from the adopted themes those of ``cues`` no stored text holds now (after ``--replace`` rewrote texts).

    An edit that took a commenter's workplace out of their texts left it in the scheme as a theme's cue.
    """
    if not cues:
        return False
    return _rewrite(corpus, lambda cue: cue in cues and not any(_held(corpus, cue, "TRUE", [])))


def _scheme(corpus: Corpus) -> tuple[dict, str]:
    """The stored scheme setting and its TOML text ("" when it has no adopted themes)."""
    from voices.store.settings import get_setting

    stored = get_setting(corpus, "scheme")
    text = stored.get("toml") if isinstance(stored, dict) else None
    return (stored, text) if isinstance(text, str) and MARK in text else ({}, "")


def _keyword_lines(lines: list[str]) -> Iterator[int]:
    """The places of the adopted themes' ``keywords`` lines among a scheme's ``lines``."""
    adopted, headers = False, 0
    for i, line in enumerate(lines):
        if line.strip() == MARK:
            adopted, headers = True, 0
        elif adopted and line.lstrip().startswith("["):  # the adopted theme's table, then whatever comes next
            headers += 1
            adopted = headers == 1
        elif adopted and line.lstrip().startswith("keywords"):
            adopted = False
            yield i


def _rewrite(corpus: Corpus, gone: Any) -> bool:
    """Take the cues ``gone`` picks out of the corpus scheme's adopted themes; whether the scheme changed."""
    from voices.store.settings import set_setting

    stored, text = _scheme(corpus)
    lines = text.split("\n")
    for i in list(_keyword_lines(lines)):
        lines[i] = _cleaned(lines[i], gone)
    cleaned = "\n".join(lines)
    if cleaned == text:
        return False
    set_setting(corpus, "scheme", {**stored, "toml": cleaned})
    return True
