"""``voices quotes``: every text of a theme with the sentence that shows it, redacted by default.

A theme is a scheme theme (its id or readable name, any case) or a theme ``voices
themes discover`` found (its ``d-…`` id, from the newest run). A person's label wins
over the model's (``label_source`` says which). Redaction is the md report's: names,
contacts and addresses replaced, authors pseudonymised, ids keyed with the corpus's
secret; entities ``classify --entities`` cached are reused and the corpus is never written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from voices.api._events import DEFAULT_CORPUS, ProgressCallback, out_format, out_matches, tell
from voices.errors import InputError, UsageError

__all__ = ["QUOTE_FIELDS", "QuotesResult", "quotes"]

FORMATS = ("csv", "md", "json")
# the export's names where the meaning is the same (voices.schemas); quote and label_source are new
QUOTE_FIELDS = ("id", "source_id", "source_title", "author", "posted_at", "stance", "themes", "label_source", "quote")


@dataclass
class QuotesResult:
    """What ``quotes`` wrote."""

    theme: str
    rows: int
    format: str
    path: str | None
    redacted: bool
    fields: tuple[str, ...] = QUOTE_FIELDS


def _pick(wanted: str, labels: dict[str, str], what: str, where: str) -> str:
    """A label id for an id or readable name (any case), else a one-line error naming the valid ones."""
    folded = wanted.casefold().strip()
    for label_id, title in labels.items():
        if folded in (label_id.casefold(), title.casefold()):
            return label_id
    names = ", ".join(f"{i} ({t})" if t != i else i for i, t in labels.items())
    raise InputError(f"unknown {what} {wanted!r} in {where}; use one of: {names}")


def _discovered(corpus: Any, theme: str, redact: bool) -> tuple[str, list[str]]:
    """The name and members of a discovered theme ``d-…`` in the newest ``themes discover`` run.

    Redacted, a run whose terms were not screened for names (``--no-redact``) is named by its id.
    """
    from voices.store.discovered import latest_run

    run = latest_run(corpus) or {}
    found = run.get("themes", [])
    for t in found:
        if isinstance(t, dict) and str(t.get("id", "")).casefold() == theme.casefold():
            named = not redact or run.get("terms_screened")
            return str((t.get("name") if named else None) or t["id"]), [str(i) for i in t.get("doc_ids") or []]
    ids = ", ".join(str(t.get("id")) for t in found if isinstance(t, dict)) or "none: run voices themes discover"
    raise InputError(f"no discovered theme {theme!r} in {corpus.path}; discovered themes: {ids}")


def _rows(docs: Any, texts: Any, theme: str | None, member_ids: Sequence[str] | None, stance: str | None,
          cues: Sequence[str], names: Callable[[str | None], str]) -> Iterator[dict[str, Any]]:
    from voices.report.themes import best_theme_sentence

    for batch in docs.theme_members(theme, member_ids, stance):
        texts.prefetch_rows(batch)
        texts.source_titles(r["source_title"] for r in batch)
        for r in batch:
            text = r["text"] or ""
            start, end = best_theme_sentence(text, cues)
            yield {
                "id": texts.doc_id(r["id"]), "source_id": texts.source_id(r["source_id"], r["source_title"]),
                "source_title": texts.source_title(r["source_title"]),
                "author": texts.who(r), "posted_at": r["posted_at"], "stance": r["eff_stance"],
                "stance_name": names(r["eff_stance"]), "themes": list(r["eff_themes"] or []),
                "label_source": "human" if r["human"] else "model",
                # the names its question or parent gives hidden, as in the export
                "quote": texts.window(r["id"], text, start, end, question=r["question"], parent=r["parent"]),
            }


def _write_csv(rows: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    from voices.csvcells import csv_writer, neutralise

    w = csv_writer(fh)
    w.writerow(QUOTE_FIELDS)
    n = 0
    for r in rows:
        cells = [";".join(r[f]) if f == "themes" else r[f] for f in QUOTE_FIELDS]
        w.writerow(["" if c is None else neutralise(c) if isinstance(c, str) else c for c in cells])
        n += 1
    return n


def _write_md(rows: Iterator[dict[str, Any]], fh: IO[str], title: str) -> int:
    from voices.report import _format as fmt
    from voices.report.markdown import esc

    fh.write(f"# Quotes: {esc(title)}\n\n")
    n = 0
    for r in rows:
        who = r["author"] or "unknown author"
        credit = f"{who}, {fmt.day(r['posted_at'])}; stance: {r['stance_name']}"
        if r["label_source"] == "human":
            credit += " (labelled by a person)"
        fh.write(f"> {esc(r['quote'])}\n>\n> — {esc(credit)} (`{esc(r['id'])}`, {esc(r['source_title'])})\n\n")
        n += 1
    if not n:
        fh.write("No texts.\n")
    return n


def _write_json(rows: Iterator[dict[str, Any]], fh: IO[str], theme: str, title: str, redacted: bool) -> int:
    items = [{f: r[f] for f in QUOTE_FIELDS} for r in rows]
    json.dump({"theme": theme, "theme_name": title, "redacted": redacted, "fields": list(QUOTE_FIELDS),
               "quotes": items}, fh, ensure_ascii=False, indent=2, sort_keys=True)
    fh.write("\n")
    return len(items)


def quotes(corpus: Path | str = DEFAULT_CORPUS, *, theme: str, stance: str | None = None,
           sources: Sequence[str] = (), format: str | None = None,  # noqa: A002 - the option's name
           out: Path | str | None = None, redact: bool = True, stream: IO[str] | None = None,
           progress: ProgressCallback | None = None) -> QuotesResult:
    """Write every text of ``theme`` with its best sentence, author and date.

    Parameters
    ----------
    corpus : path-like
        A classified corpus.
    theme : str
        A theme id or readable name of the corpus's scheme, or a discovered theme id (``d-…``).
    stance : str or None
        Only texts of this stance (id or readable name; ``none`` works).
    sources : sequence of str
        Only these sources (ids or unique prefixes).
    format : str or None
        ``csv`` (``QUOTE_FIELDS``, ISO dates, formula-safe cells), ``md`` or ``json``; None:
        the one ``out``'s ending names, else ``csv``.
    out : path-like or None
        Where to write (atomically); None writes to ``stream``.
    redact : bool
        Redact texts and authors, key ids (default, as md reports); False shows them as stored.
    stream : text stream or None
        Where the quotes go when ``out`` is None.

    Returns
    -------
    QuotesResult

    Raises
    ------
    voices.errors.InputError
        An unknown theme, stance or source, or nothing classified yet.
    voices.errors.UsageError
        An unknown format.
    """
    from voices._atomic import atomic_file
    from voices.models.scheme import label_names, scheme_for
    from voices.report._text import Texts
    from voices.report.build import CorpusEntities
    from voices.report.data import readable
    from voices.report.themes import theme_cues
    from voices.store import Corpus
    from voices.store.report_docs import ReportDocs

    fmt_ = (format or out_format(out, FORMATS) or "csv").lower()
    if fmt_ not in FORMATS:
        raise UsageError(f"unknown quotes format {format!r}; use one of {', '.join(FORMATS)}")
    out_matches(out, fmt_, FORMATS, "the quotes", given=format is not None)
    with Corpus.open(corpus, create=False) as c:
        ids = c.resolve_sources(sources) if sources else None
        scheme = scheme_for(c, ids[0] if ids and len(ids) == 1 else None)
        stances, themes = label_names(scheme)
        stances.setdefault("none", "No position")
        members: list[str] | None = None
        if theme.casefold().startswith("d-"):
            title, members = _discovered(c, theme, redact)
            theme_id, cues = None, []
        elif not themes:  # "use one of:" with nothing after it told a stance-only debate's user nothing
            raise InputError(f"no theme {theme!r}: the scheme {scheme.name!r} of {c.path} has no themes (stance "
                             "only); give a theme voices themes discover found (--theme d-...), or add themes to the "
                             "scheme ([themes.NAME], then voices scheme set); texts by stance are in voices report")
        else:
            theme_id = _pick(theme, themes, "theme", f"the scheme of {c.path}")
            title, cues = themes[theme_id], theme_cues(scheme)[theme_id]
        stance_id = _pick(stance, stances, "stance", f"the scheme of {c.path}") if stance else None
        with ReportDocs.from_corpus(c, ids) as docs:
            _, tagged = docs.size()
            if not tagged and members is None:  # a discovered theme needs no classified corpus
                raise InputError(f"nothing in corpus {c.path} is classified yet: run voices classify first")
            redactor = None
            if redact:
                from voices.redact import IdMask, Redactor

                redactor = Redactor(docs.authors(), cache=CorpusEntities(c), ids=IdMask.for_corpus(c))
            texts = Texts(redactor)
            names = lambda s: stances.get(s, readable(s)) if s else "not classified"  # noqa: E731 - a small lookup
            done = 0

            def counted() -> Iterator[dict[str, Any]]:
                nonlocal done
                for row in _rows(docs, texts, theme_id, members, stance_id, cues, names):
                    done += 1
                    if progress and done % 200 == 0:
                        tell(progress, "quotes", "", done, None)
                    yield row

            def write(fh: IO[str]) -> int:
                if fmt_ == "csv":
                    return _write_csv(counted(), fh)
                if fmt_ == "md":
                    return _write_md(counted(), fh, title)
                return _write_json(counted(), fh, theme_id or theme, title, redact)

            if out is not None:  # CSV with a byte-order mark, as export writes it: Excel then reads UTF-8
                with atomic_file(out, encoding="utf-8-sig" if fmt_ == "csv" else "utf-8",
                                 newline="" if fmt_ == "csv" else None) as fh:
                    rows = write(fh)
            else:
                import sys

                stream = stream or sys.stdout
                if fmt_ == "csv":
                    stream.write("\ufeff")
                rows = write(stream)
    return QuotesResult(theme=theme_id or theme, rows=rows, format=fmt_, path=None if out is None else str(out),
                        redacted=redact)
