"""REFI-QDA projects (``.qdpx``): the corpus's coding, for NVivo, ATLAS.ti and MAXQDA.

A ``.qdpx`` file is a zip holding ``project.qde`` (QDA-XML 1.0, namespace
``urn:QDA-XML:project:1.0``) and each document's text under ``sources/``:

- the codebook: a ``stance`` code grouping one code per stance, and a ``themes``
  code grouping one code per theme (descriptions from the scheme when known);
- each document is a ``TextSource`` named ``<source title> #<position>``, its
  ``Description`` giving its voices id, author and date;
- two coded selections per classified document: the whole text, coded with its
  stance and themes, and its evidence sentence (the first sentence of five words
  or more, as a report picks a quote without a model), coded with its stance.

GUIDs are UUID-5 of the document id, so the same corpus gives the same project.
The XML streams into a temporary file and the texts straight into the zip, so
memory stays flat; the file appears whole or not at all.
"""

from __future__ import annotations

import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices._atomic import atomic_file

NS = "urn:QDA-XML:project:1.0"
_GUIDS = uuid.UUID("6f1f0c2e-8d1b-4c57-9a55-7a1d6e0c9e11")  # voices' namespace for UUID-5 ids
EVIDENCE_MIN_WORDS = 5
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def guid(*parts: str) -> str:
    """A stable GUID for a thing named by ``parts`` (UUID-5 in voices' namespace).

    >>> guid("doc", "abc") == guid("doc", "abc") != guid("doc", "abd")
    True
    """
    return str(uuid.uuid5(_GUIDS, "\x1f".join(parts)))


@dataclass(frozen=True)
class Codebook:
    """The codes of a project: stances and themes, each name with its description (may be empty)."""

    stances: Mapping[str, str]
    themes: Mapping[str, str]
    themes_note: str = ""  # why the themes group is empty: a scheme without themes


def evidence_span(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the evidence sentence: the first of five words or more, else the first.

    >>> text = "Yes. Leaders must know the work of practice."
    >>> start, end = evidence_span(text)
    >>> text[start:end]
    'Leaders must know the work of practice.'
    """
    from voices.report._text import sentence_spans

    spans = sentence_spans(text)
    if not spans:
        return None
    return next((s for s in spans if len(text[s[0]:s[1]].split()) >= EVIDENCE_MIN_WORDS), spans[0])


class _Writer:
    """A streaming XML writer (the standard library's SAX generator) for QDA-XML elements."""

    def __init__(self, fh: Any) -> None:
        from xml.sax.saxutils import XMLGenerator

        self.xml = XMLGenerator(fh, encoding="utf-8", short_empty_elements=True)

    def open(self, tag: str, **attrs: str) -> None:
        # a source title or author may hold control characters too: an attribute cannot carry them either
        self.xml.startElement(tag, {k: _ILLEGAL.sub("\ufffd", v) for k, v in attrs.items()})

    def close(self, tag: str) -> None:
        self.xml.endElement(tag)

    def empty(self, tag: str, **attrs: str) -> None:
        self.open(tag, **attrs)
        self.close(tag)

    def text(self, tag: str, text: str) -> None:
        self.open(tag)
        self.xml.characters(_ILLEGAL.sub("\ufffd", text))  # XML 1.0 cannot carry most control characters
        self.close(tag)


def _codes(w: _Writer, book: Codebook) -> None:
    w.open("CodeBook")
    w.open("Codes")
    for group, names in (("stance", book.stances), ("themes", book.themes)):
        w.open("Code", guid=guid("group", group), name=group, isCodable="false")
        if group == "themes" and not names and book.themes_note:  # an empty folder said nothing of why
            w.text("Description", book.themes_note)
        for name, description in names.items():
            w.open("Code", guid=guid(group, name), name=name, isCodable="true")
            if description:
                w.text("Description", description)
            w.close("Code")
        w.close("Code")
    w.close("Codes")
    w.close("CodeBook")


def _selection(w: _Writer, doc: str, role: str, span: tuple[int, int], note: str,
               codes: list[tuple[str, str]], user: str) -> None:
    """A coded ``PlainTextSelection`` of ``span``, one ``Coding`` per ``(group, code)``."""
    w.open("PlainTextSelection", guid=guid("selection", doc, role), name=role, startPosition=str(span[0]),
           endPosition=str(span[1]))
    w.text("Description", note)
    for group, code in codes:
        w.open("Coding", guid=guid("coding", doc, role, group, code), creatingUser=user)
        w.empty("CodeRef", targetGUID=guid(group, code))
        w.close("Coding")
    w.close("PlainTextSelection")


def _source(w: _Writer, row: Mapping[str, Any], path: str, user: str) -> None:
    """One document as a ``TextSource`` element with its coded selections."""
    doc, text = str(row["id"]), row["text"] or ""
    name = f"{row.get('source_title') or row.get('source_id')} #{row.get('position')}"
    w.open("TextSource", guid=guid("doc", doc), name=name, plainTextPath=path, creatingUser=user)
    about = [f"voices id {doc}"] + [f"{k}: {row[k]}" for k in ("author", "posted_at", "question") if row.get(k)]
    w.text("Description", "; ".join(about))
    stance, themes = row.get("stance"), [t for t in row.get("themes") or () if t]
    if stance is not None or themes:  # else not classified: the text alone
        probability = row.get("stance_probability")
        note = f"stance {stance}" + (f" (p = {probability:.2f})" if isinstance(probability, float) else "")
        note += ", uncertain" if row.get("stance_uncertain") else ""
        stance_code = [("stance", stance)] if stance is not None else []
        _selection(w, doc, "document", (0, len(text)), note, stance_code + [("themes", t) for t in themes], user)
        span = evidence_span(text) if stance is not None else None
        if span is not None:
            _selection(w, doc, "evidence", span, f"evidence sentence for {note}", stance_code, user)
    w.close("TextSource")


def _member(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so the same corpus gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_project(rows: Iterable[Mapping[str, Any]], book: Codebook, out: Path, *, name: str, origin: str) -> int:
    """Write a REFI-QDA project (``.qdpx``) atomically; returns the number of documents.

    Parameters
    ----------
    rows : iterable of mapping
        Export rows (document and prediction fields), streamed; texts as they should
        appear (redacted already when redacting).
    book : Codebook
        The stances and themes to offer as codes; every stance or theme a row
        carries must be among them.
    out : Path
        The ``.qdpx`` file.
    name, origin : str
        The project's name and the program that wrote it. No dates are written, so
        the same rows give the same file.
    """
    user = guid("user", origin)
    n = 0
    with atomic_file(out, "wb", encoding=None, newline=None) as fh, \
            zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf, tempfile.TemporaryFile() as qde:
        w = _Writer(qde)
        w.xml.startDocument()
        w.open("Project", xmlns=NS, name=name, origin=origin, creatingUserGUID=user)
        w.open("Users")
        w.empty("User", guid=user, name=origin)
        w.close("Users")
        _codes(w, book)
        w.open("Sources")
        for row in rows:
            member = f"{guid('doc', str(row['id']))}.txt"
            zf.writestr(_member(f"sources/{member}"), (row["text"] or "").encode("utf-8"))
            _source(w, row, f"internal://{member}", user)
            n += 1
        w.close("Sources")
        w.close("Project")
        w.xml.endDocument()
        qde.seek(0)
        with zf.open(_member("project.qde"), "w") as dest:
            while chunk := qde.read(1 << 20):
                dest.write(chunk)
    return n


def codebook(scheme: Any, stances: Sequence[str], themes: Sequence[str]) -> Codebook:
    """The scheme's stances and themes (file order, with definitions), then any others the data holds.

    ``scheme`` is a ``voices.models.scheme.Scheme`` or None (names from the data only).
    """
    known_s = {k: d.definition for k, d in scheme.stances.items()} if scheme is not None else {}
    known_t = {k: d.definition for k, d in scheme.themes.items()} if scheme is not None else {}
    note = (f"none: the scheme {scheme.name!r} has no themes, texts were coded for stance only"
            if scheme is not None and not scheme.themes and not themes else "")
    return Codebook({**known_s, **{s: "" for s in stances if s not in known_s}},
                    {**known_t, **{t: "" for t in themes if t not in known_t}}, note)
