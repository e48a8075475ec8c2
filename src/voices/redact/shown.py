"""How one output shows the short values beside its texts: breakdown fields, source titles and consultation
questions, each redacted once per output (new ones in one NER pass) and looked up after.

``ShownValues`` is a part of ``Redactor`` (``voices.redact._redactor``), which brings what these methods call:
``spans``, ``redact`` and ``prefetch``, and the dictionaries each kind of value is kept in. Moved from
``_redactor.py``, which keeps texts, names, pseudonyms and ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from voices.redact.names import PERSON
from voices.redact.ner_people import only_name_words

# A respondent type whose first word is also a surname ("Foster carer"): a role, never a person, in a field value
_ROLE_TYPE = re.compile(r"\b(?:foster|kinship|adoptive|birth|step|special|young|lay)[ -]"
                        r"(?:carers?|parents?|guardians?|mothers?|fathers?|famil(?:y|ies)|members?|advocates?)\b", re.I)
# The key a source title is redacted under (``Redactor._once``): a title made from a file name gets its rule too
_TITLE_KEY = "title:"


class ShownValues:
    """Fields, source titles and questions as one output shows them (a part of ``Redactor``)."""

    _titles: dict[str, str]
    _fields: dict[str, str]
    _questions: dict[str, str]
    if TYPE_CHECKING:
        def spans(self, text: str, doc_id: str | None = None,
                  context: Iterable[str] = ()) -> list[tuple[int, int, str]]: ...
        def redact(self, text: str, doc_id: str | None = None, start: int = 0, end: int | None = None,
                   context: Iterable[str] = ()) -> str: ...
        def prefetch(self, docs: Iterable[tuple[str, str]]) -> None: ...

    def redact_field(self, value: str) -> str:
        """A breakdown value (a survey's role, team or region cell) redacted as a text is, and
        whole when all a ``[PERSON]`` leaves of it are name words: NER often tags only the
        surname of a name standing alone ("Tomasz Nowak" -> "Tomasz [PERSON]")."""
        return self._short(value, f"field:{value}")

    def field_values(self, values: Iterable[object]) -> dict[str, str]:
        """How this output shows each value a respondent may have typed: redacted as ``redact_field`` does,
        once per value, new ones in one NER pass.

        A respondent type, a closed answer or a survey's role column is mostly a tick box
        ("Individual", "Agree"), but an "Other, please say" answer is typed ("Individual (Bernard
        Ivel, 07700 900463)"). Reports and exports show such fields through here.

        >>> from voices.redact import Redactor
        >>> r = Redactor(entities=lambda ts: [[] for _ in ts])
        >>> r.field_values(["Agree", "Other: ring 07700 900462"])
        {'Agree': 'Agree', 'Other: ring 07700 900462': 'Other: ring [PHONE]'}
        """
        return self._once(self._fields, "field", values, self._short)

    def source_titles(self, titles: Iterable[object]) -> dict[str, str]:
        """How this output shows each source title: redacted as a breakdown value is, once per title.

        A title can name a person: a file called "Letter from Sarah Jones.jsonl", a page or
        post titled with a commenter's name. Every redacted output (report headings and
        tables, quotes, exports) shows a source's title through here, so a title costs one
        redaction per output, not one per row, and new titles share one NER pass.

        >>> from voices.redact import Redactor
        >>> r = Redactor(entities=lambda ts: [[] for _ in ts])
        >>> r.source_titles(["Reply to jo@example.org", "Who should lead social work?"])
        {'Reply to jo@example.org': 'Reply to [EMAIL]', 'Who should lead social work?': 'Who should lead social work?'}
        """
        return self._once(self._titles, _TITLE_KEY.rstrip(":"), titles, self._short)

    def source_title(self, title: str | None) -> str | None:
        """One source title as this output shows it (``source_titles``); a missing or blank one as it is."""
        return _one(self._titles, self.source_titles, title)

    def questions(self, questions: Iterable[object]) -> dict[str, str]:
        """How this output shows each consultation question: redacted as a text is, once per question.

        A question is usually the consulting body's, but a free-text header can name someone
        ("Q5. Comments on Dr Smith's proposal") and a survey export can put a respondent's own
        words there. Every redacted output shows a question through here.

        >>> from voices.redact import Redactor
        >>> r = Redactor(["Oswin Pellow"], entities=lambda ts: [[] for _ in ts])
        >>> r.questions(["Q5. Comments on Oswin Pellow's proposal", "Q1. Why?"])
        {"Q5. Comments on Oswin Pellow's proposal": "Q5. Comments on [PERSON]'s proposal", 'Q1. Why?': 'Q1. Why?'}
        """
        return self._once(self._questions, "question", questions, self.redact)

    def question(self, question: str | None) -> str | None:
        """One question as this output shows it (``questions``); a missing or blank one as it is."""
        return _one(self._questions, self.questions, question)

    def _once(self, shown: dict[str, str], kind: str, values: Iterable[object],
              how: Callable[[str, str], str]) -> dict[str, str]:
        """``values`` as ``how`` redacts them, each once per output, new ones in one NER pass."""
        wanted = list(dict.fromkeys(v for v in values if isinstance(v, str) and v.strip()))
        self.prefetch((f"{kind}:{v}", v) for v in wanted if v not in shown)
        for value in wanted:
            if value not in shown:
                shown[value] = how(value, f"{kind}:{value}")
        return {v: shown[v] for v in wanted}

    def _short(self, value: str, key: str) -> str:
        """A short value standing alone, redacted, and ``[PERSON]`` when only name words are left beside one."""
        roles = [m.span() for m in _ROLE_TYPE.finditer(value)]
        if roles:  # a name inside the value ("Foster carer (Kemi Okafor)") is still redacted
            shown, pos = "", 0
            for s, e, placeholder in self.spans(value, key):
                if not (placeholder == PERSON and any(rs <= s and e <= re_ for rs, re_ in roles)):
                    shown, pos = shown + value[pos:s] + placeholder, e
            shown += value[pos:]
        else:
            shown = self.redact(value, key)
        if PERSON in shown and only_name_words(shown.replace(PERSON, " ")):
            return PERSON
        return shown


def _one(shown: dict[str, str], many: Callable[[Iterable[object]], dict[str, str]], value: str | None) -> str | None:
    """``value`` as ``many`` shows it; every row of an output asks, so a lookup once it is redacted."""
    if not isinstance(value, str) or not value.strip():
        return value
    if value in shown:
        return shown[value]
    return many([value])[value]
