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


def _codes(xf: Any, book: Codebook) -> None:
    from lxml import etree

    with xf.element(f"{{{NS}}}CodeBook"), xf.element(f"{{{NS}}}Codes"):
        for group, names in (("stance", book.stances), ("themes", book.themes)):
            with xf.element(f"{{{NS}}}Code", guid=guid("group", group), name=group, isCodable="false"):
                for name, description in names.items():
                    code = etree.Element(f"{{{NS}}}Code", guid=guid(group, name), name=name, isCodable="true")
                    if description:
                        etree.SubElement(code, f"{{{NS}}}Description").text = description
                    xf.write(code)


def _coding(parent: Any, group: str, code: str, owner: str, user: str) -> None:
    from lxml import etree

    coding = etree.SubElement(parent, f"{{{NS}}}Coding", guid=guid("coding", owner, group, code), creatingUser=user)
    etree.SubElement(coding, f"{{{NS}}}CodeRef", targetGUID=guid(group, code))


def _selection(source: Any, doc: str, role: str, span: tuple[int, int], note: str) -> Any:
    from lxml import etree

    sel = etree.SubElement(source, f"{{{NS}}}PlainTextSelection", guid=guid("selection", doc, role),
                           name=role, startPosition=str(span[0]), endPosition=str(span[1]))
    etree.SubElement(sel, f"{{{NS}}}Description").text = note
    return sel


def _source(row: Mapping[str, Any], path: str, user: str) -> Any:
    """One document as a ``TextSource`` element with its coded selections."""
    from lxml import etree

    doc, text = str(row["id"]), row["text"] or ""
    name = f"{row.get('source_title') or row.get('source_id')} #{row.get('position')}"
    source = etree.Element(f"{{{NS}}}TextSource", guid=guid("doc", doc), name=name, plainTextPath=path,
                           creatingUser=user)
    about = [f"voices id {doc}"] + [f"{k}: {row[k]}" for k in ("author", "posted_at", "question") if row.get(k)]
    etree.SubElement(source, f"{{{NS}}}Description").text = "; ".join(about)
    stance, themes = row.get("stance"), [t for t in row.get("themes") or () if t]
    if stance is None and not themes:
        return source  # not classified: the text alone
    probability = row.get("stance_probability")
    note = f"stance {stance}" + (f" (p = {probability:.2f})" if isinstance(probability, float) else "")
    if row.get("stance_uncertain"):
        note += ", uncertain"
    whole = _selection(source, doc, "document", (0, len(text)), note)
    if stance is not None:
        _coding(whole, "stance", stance, doc, user)
    for theme in themes:
        _coding(whole, "themes", theme, doc, user)
    span = evidence_span(text) if stance is not None else None
    if span is not None:
        _coding(_selection(source, doc, "evidence", span, f"evidence sentence for {note}"), "stance", stance,
                doc + "#evidence", user)
    return source


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
    from lxml import etree

    user = guid("user", origin)
    n = 0
    with atomic_file(out, "wb", encoding=None, newline=None) as fh, \
            zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf, tempfile.TemporaryFile() as qde:
        with etree.xmlfile(qde, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(f"{{{NS}}}Project", nsmap={None: NS}, name=name, origin=origin,
                            creatingUserGUID=user):
                with xf.element(f"{{{NS}}}Users"):
                    xf.write(etree.Element(f"{{{NS}}}User", guid=user, name=origin))
                _codes(xf, book)
                with xf.element(f"{{{NS}}}Sources"):
                    for row in rows:
                        member = f"{guid('doc', str(row['id']))}.txt"
                        zf.writestr(_member(f"sources/{member}"), (row["text"] or "").encode("utf-8"))
                        xf.write(_source(row, f"internal://{member}", user))
                        n += 1
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
    return Codebook({**known_s, **{s: "" for s in stances if s not in known_s}},
                    {**known_t, **{t: "" for t in themes if t not in known_t}})
