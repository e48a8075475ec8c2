"""How a report cuts text out of documents: snippets, sentences and authors, redacted when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from voices.redact import Redactor

SNIPPET_CHARS = 160
QUOTE_CHARS = 320


def _cut(text: str, start: int, end: int, limit: int) -> tuple[int, int, bool]:
    """Shorten ``[start:end]`` to at most ``limit`` characters, ending at a word boundary."""
    if end - start <= limit:
        return start, end, False
    stop = text.rfind(" ", start, start + limit)
    return start, (stop if stop > start + limit // 2 else start + limit), True


class Texts:
    """Gives every piece of document text a report shows, redacted when a redactor is given."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        self.redactor = redactor

    @property
    def redacting(self) -> bool:
        return self.redactor is not None

    def prefetch(self, docs: Iterable[tuple[str, str | None]]) -> None:
        """Find the entities of every ``(doc_id, text)`` about to be shown in one NER pass.

        Without it each snippet ran the spaCy pipeline on one text: 3,000 campaign
        snippets took 30 s one by one and a few seconds batched.
        """
        if self.redactor is not None:
            self.redactor.prefetch((d, t or "") for d, t in docs)

    def prefetch_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """``prefetch`` the texts of rows about to be quoted and of the comments they reply to (``parent``)."""
        rows = list(rows)
        self.prefetch([*((r["id"], r["text"]) for r in rows), *(r["parent"] for r in rows if r.get("parent"))])

    def window(self, doc_id: str, text: str, start: int = 0, end: int | None = None,
               limit: int = QUOTE_CHARS, question: str | None = None,
               parent: tuple[str, str | None] | None = None) -> str:
        """``text[start:end]`` shortened to ``limit`` characters, whitespace collapsed; with the
        ``question`` shown beside it, or the ``parent`` (id, text) a reply answers, the name parts
        they give are hidden too, as ``export --redact`` hides them (``Redactor.names_given``)."""
        end = len(text) if end is None else end
        start, end, cut = _cut(text, start, end, limit)
        if self.redactor is None:
            piece = text[start:end]
        else:
            # "okafor is wrong" under a comment naming Kemi Okafor
            given = self.redactor.names_beside(question, *(parent or (None, None)))
            piece = self.redactor.redact(text, doc_id, start, end, context=given)
        piece = " ".join(piece.split())
        return piece + (" …" if cut else "")

    def snippet(self, doc_id: str, text: str | None, limit: int = SNIPPET_CHARS, question: str | None = None,
                parent: tuple[str, str | None] | None = None) -> str:
        """The start of a document, for review lists (``window``)."""
        return self.window(doc_id, text or "", 0, None, limit, question, parent)

    def field_values(self, values: Iterable[object]) -> dict[str, str]:
        """How a report shows each value of a breakdown field (``--by``): redacted when redacting.

        A survey's role or team column is typed by the respondent ("Team manager, ring
        07700 900123"), and its values head the rows of a breakdown table.
        """
        wanted = sorted({v for v in values if isinstance(v, str) and v.strip()})
        if self.redactor is None:
            return {v: v for v in wanted}
        return {v: " ".join(shown.split()) for v, shown in self.redactor.field_values(wanted).items()}

    def source_title(self, title: str | None) -> str | None:
        """A source's title as the report shows it: redacted when redacting (``Redactor.source_titles``)."""
        return self.redactor.source_title(title) if self.redactor else title

    def source_titles(self, titles: Iterable[object]) -> None:
        """Redact many titles about to be shown in one NER pass (nothing when not redacting)."""
        if self.redactor is not None:
            self.redactor.source_titles(titles)

    def questions(self, questions: Iterable[object]) -> dict[str, str]:
        """How the report shows each consultation question: redacted when redacting (``Redactor.questions``)."""
        if self.redactor is None:
            return {q: q for q in questions if isinstance(q, str)}
        return self.redactor.questions(questions)

    def question(self, question: str | None) -> str | None:
        """One question as the report shows it (``Redactor.question`` when redacting)."""
        return self.redactor.question(question) if self.redactor else question

    def question_id(self, question_id: str | None, question: str | None) -> str | None:
        """A question's id as the report shows it: ``question N`` where it hashes a redacted header
        (``Redactor.show_question_id``)."""
        return self.redactor.show_question_id(question_id, question) if self.redactor else question_id

    def source_id(self, source_id: str | None, title: str | None) -> str | None:
        """A source's id as the report shows it: keyed (or ``source N``) when redacting (``Redactor.show_source_id``)."""
        return self.redactor.show_source_id(source_id, title) if self.redactor else source_id

    def doc_id(self, doc_id: str) -> str:
        """The id the report shows: keyed (or a row number) when redacting, so it names no author."""
        return self.redactor.show_id(doc_id) if self.redactor else doc_id  # type: ignore[return-value]

    def organisation(self, organisation: str) -> str:
        """An organisation named as a quote's author ("an organisation" when redacting)."""
        if not self.redactor:  # an unredacted report (the terminal's) need not import voices.redact (0.16 s)
            return organisation
        from voices.redact._redactor import ORGANISATION_AUTHOR

        return ORGANISATION_AUTHOR

    def author(self, author: str | None) -> str | None:
        """The author as the report names them (a pseudonym when redacting)."""
        if author is None or (isinstance(author, float) and author != author):
            return None
        return self.redactor.pseudonym(author) if self.redactor else author


    def who(self, row: Mapping[str, Any]) -> str | None:
        """A quote's author as shown (pseudonymised when redacting), else its organisation or kind of respondent."""
        author = self.author(row["author"])
        if author:
            return author
        org, kind = row.get("organisation"), row.get("respondent_type")
        if isinstance(org, str) and org.strip():
            return self.organisation(org.strip())
        return f"a respondent ({self.field_value(kind)})" if isinstance(kind, str) and kind.strip() else None

    def field_value(self, value: str | None) -> str | None:
        """One value a respondent may have typed, as the report shows it (``field_values``).

        A respondent type or a closed answer is often a tick box ("Individual", "Agree"), but an
        "Other, please say" answer is typed ("Individual (Bernard Ivel, 07700 900463)"), and heads
        table rows.
        """
        if self.redactor is None or not isinstance(value, str) or not value.strip():
            return value
        return self.field_values([value])[value]

def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (the cheap rule sentencizer)."""
    from voices.nlp import sentences

    spans, pos = [], 0
    for sent in sentences(text):
        at = text.find(sent, pos)
        if at < 0:
            continue
        spans.append((at, at + len(sent)))
        pos = at + len(sent)
    return spans or ([(0, len(text))] if text.strip() else [])
