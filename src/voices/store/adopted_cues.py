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
from collections.abc import Sequence
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


def _cleaned(line: str, gone: Any) -> str:
    """A ``keywords = [...]`` line without the cues ``gone`` picks (the line as it was if it cannot be read)."""
    found = _KEYWORDS.fullmatch(line.strip())
    try:
        cues = json.loads(f"[{found['list']}]") if found else None
    except ValueError:
        cues = None
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
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
    found: set[str] = set()

    def note(cue: str) -> bool:
        if _held(corpus, cue, cond, values)[0]:
            found.add(cue)
        return False

    _rewrite(corpus, note)
    return found


def forget_unheld(corpus: Corpus, cues: set[str]) -> bool:
    """Drop from the adopted themes those of ``cues`` no stored text holds now (after ``--replace`` rewrote texts).

    An edit that took a commenter's workplace out of their texts left it in the scheme as a theme's cue.
    """
    if not cues:
        return False
    return _rewrite(corpus, lambda cue: cue in cues and not any(_held(corpus, cue, "TRUE", [])))


def _rewrite(corpus: Corpus, gone: Any) -> bool:
    """Take the cues ``gone`` picks out of the corpus scheme's adopted themes; whether the scheme changed."""
    from voices.store.settings import get_setting, set_setting

    stored = get_setting(corpus, "scheme")
    text = stored.get("toml") if isinstance(stored, dict) else None
    if not isinstance(text, str) or MARK not in text:
        return False
    lines, adopted, headers = text.split("\n"), False, 0
    for i, line in enumerate(lines):
        if line.strip() == MARK:
            adopted, headers = True, 0
        elif adopted and line.lstrip().startswith("["):  # the adopted theme's table, then whatever comes next
            headers += 1
            adopted = headers == 1
        elif adopted and line.lstrip().startswith("keywords"):
            lines[i], adopted = _cleaned(line, gone), False
    cleaned = "\n".join(lines)
    if cleaned == text:
        return False
    set_setting(corpus, "scheme", {**stored, "toml": cleaned})
    return True
