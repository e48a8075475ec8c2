"""Generic records: CSV or JSONL with one document per row and a ``text`` field.

A field called ``text`` (any case) is found without options; ``--text-field``
names another. Optional metadata is picked up by its usual name or mapped by
option: ``id`` (the native id), ``author``, ``posted_at``/``date``,
``parent_id``/``parent`` (the id of the record replied to), ``source`` (the
title of the thread each row belongs to), and ``kind`` when it names a voices
document kind. Replies that arrive before their parent are held back until it
comes, so records still reach the corpus parents first.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from voices.errors import InputError, json_kind
from voices.ingest._tabular import read_csv_table
from voices.ingest.base import ReadContext, counted, refuse_non_text
from voices.ingest.encoding import read_text
from voices.ingest.outputs import refuse_voices_output
from voices.schemas import DOCUMENT_KINDS, Record, Source

_HEAD_ROWS = 200  # field names are gathered from this many rows (JSONL rows vary)
#: a comments file's text and reply fields: together they make a thread, not a consultation
TEXT_NAMES = ("text", "comment", "body", "comment_text", "message", "content", "comments", "comment_body",
              "response", "answer", "feedback", "post_text", "full_text", "selftext")
PARENT_NAMES = ("parent_id", "parent", "in_reply_to", "reply_to", "in_reply_to_id", "reply_to_id",
                "parent_comment_id", "replying_to")
_DEFAULTS = {
    "text": TEXT_NAMES,
    "id": ("id", "comment_id"),
    "author": ("author", "name", "user", "username", "author_name", "user_name", "commenter"),
    "date": ("posted_at", "date", "created_at", "timestamp", "time", "created", "created_utc"),
    "parent": PARENT_NAMES,
    "source": ("source", "source_title", "thread"),
}


def field_key(name: str) -> str:
    """A field name as matched: any case, spaces and hyphens as underscores ("Parent ID" is parent_id)."""
    return "_".join(name.casefold().replace("-", " ").split())


def json_rows(path: Path, ctx: ReadContext) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, object)`` from a JSONL file (or a JSON array of objects)."""
    decoded = read_text(path)
    ctx.note_decoded(decoded)
    text = decoded.text.lstrip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{ctx.name}: line {exc.lineno}: not valid JSON ({exc.msg}): fix it") from None
        for i, obj in enumerate(items if isinstance(items, list) else [items], 1):
            if not isinstance(obj, dict):
                raise InputError(f"{ctx.name}: item {i} of the JSON array is {json_kind(obj)}, not an object: "
                                 "give each record as an object with a text field")
            yield i, obj
        return
    for number, line in enumerate(decoded.text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{ctx.name}: line {number}: not valid JSON ({exc.msg}): each line must be one JSON object"
            ) from None
        if not isinstance(obj, dict):
            raise InputError(f"{ctx.name}: line {number}: {json_kind(obj)}, not a JSON object: each line must "
                             "be one object with a text field")
        yield number, obj


def table_rows(path: Path, ctx: ReadContext) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, row)`` from a CSV file, blank cells as ``None``."""
    table = read_csv_table(path, ctx)
    for _row, line, cells in table.rows:
        yield line, {h: (c if c != "" else None) for h, c in zip(table.header, cells, strict=False)}


def _mapping(fields: list[str], ctx: ReadContext) -> dict[str, str | None]:
    opts = ctx.options
    given = {"text": opts.text_field, "id": opts.id_column, "author": opts.author_field,
             "date": opts.date_field, "parent": opts.parent_field, "source": opts.source_field}
    folded: dict[str, str] = {}
    for f in fields:
        folded.setdefault(field_key(f), f)
    out: dict[str, str | None] = {}
    for role, name in given.items():
        if name:
            if name not in fields and field_key(name) not in folded:
                raise InputError(f"{ctx.name}: no field {name!r} (fields found: {', '.join(fields)})")
            out[role] = name if name in fields else folded[field_key(name)]
        else:
            out[role] = next((folded[c] for c in _DEFAULTS[role] if c in folded), None)
    if out["text"] is None:
        raise InputError(
            f"{ctx.name}: no text column or field (found: {', '.join(fields)}): name the one "
            "holding the comments with --text-field, or use --format consultation"
        )
    return out


def _value(row: dict[str, Any], field: str | None) -> str | None:
    if field is None:
        return None
    value = row.get(field)
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value) if isinstance(value, (list, dict)) else str(value)
    return text.strip() or None


def _record(line: int, row: dict[str, Any], fields: dict[str, str | None], ctx: ReadContext) -> Record | None:
    text = row.get(fields["text"])
    refuse_non_text(text, fields["text"] or "text", line, ctx)
    text = text or ""
    if not text.strip():
        ctx.skipped["empty"] += 1
        return None
    native, parent = _value(row, fields["id"]), _value(row, fields["parent"])
    title = _value(row, fields["source"]) or ctx.options.source_title or ctx.path.stem
    kind = _value(row, "kind")
    if kind not in DOCUMENT_KINDS:
        kind = "reply" if parent else "comment"
    return Record(
        source=Source(title=title, kind="records", url=ctx.options.source_url), kind=kind,
        text=text.strip(), key=native or f"line-{line}", native_id=native, original_id=native, parent_key=parent,
        author=_value(row, fields["author"]), posted_at=ctx.date(_value(row, fields["date"]), line),
        line=line,
    )


def parents_first(records: Iterator[Record],
                  orphaned: Callable[[list[Record]], None] | None = None) -> Iterator[Record]:
    """Yield records, holding a reply back until the record it answers has been yielded.

    Replies whose parent never comes are yielded last, without a parent; ``orphaned`` is told of them.
    """
    seen: set[tuple[str, str]] = set()
    waiting: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for rec in records:
        src = rec.source.title
        if rec.parent_key and (src, rec.parent_key) not in seen:
            waiting[(src, rec.parent_key)].append(rec)
            continue
        ready = [rec]
        while ready:
            r = ready.pop()
            seen.add((r.source.title, r.key))
            yield r
            ready.extend(reversed(waiting.pop((r.source.title, r.key), [])))
    held = [r for group in waiting.values() for r in group]
    if held and orphaned is not None:
        orphaned(held)
    yield from held  # their parent never came: kept, without a parent


def _warn_repeated_text(names: list[str], text: str, ctx: ReadContext) -> None:
    """Say that a CSV header naming the text column more than once leaves the others out (``unique_header``
    numbers them "text (2)"): their words were left out without a word."""
    others = [n for n in names if re.fullmatch(re.escape(text) + r" \(\d+\)", str(n))]
    if others:
        shown = ", ".join(repr(n) for n in others[:3])
        ctx.warn(f"column {text!r} is headed so {len(others) + 1} times: only the first is read as the text, the "
                 f"other{'s' if len(others) > 1 else ''} left out ({shown}): check the file's header, or give "
                 f"--text-field {shlex.quote(others[0])} to read that one instead")


def read(path: Path, ctx: ReadContext) -> Iterator[Record]:
    """Read generic records from CSV (any extension but ``.jsonl``/``.json``) or JSONL.

    Parameters
    ----------
    path : Path
        The records file.
    ctx : ReadContext
        Field-mapping options (``text_field``, ``id_column``, ``author_field``...).

    Yields
    ------
    Record
        One ``comment`` (or ``reply``, when it has a parent) per row with text.

    Raises
    ------
    InputError
        No text field (the fields found are listed), invalid JSON or CSV (with its line).
    """
    json_like = path.suffix.lower() in (".jsonl", ".json", ".ndjson")
    rows = json_rows(path, ctx) if json_like else table_rows(path, ctx)
    head = list(islice(rows, _HEAD_ROWS))
    if not head:
        raise InputError(f"{ctx.name}: no records in the file: give a file with one record per line")
    names = list(dict.fromkeys(name for _line, row in head for name in row))
    id_keys = [n for n in names if str(n).strip().casefold() == "id"]
    ids = [row.get(k) for _line, row in head for k in id_keys]
    refuse_voices_output(names, path, ids)  # checked when sniffed; --format records must not store one either
    fields = _mapping(names, ctx)
    if not json_like:
        _warn_repeated_text(names, str(fields["text"]), ctx)

    def records() -> Iterator[Record]:
        for line, row in chain(head, rows):
            rec = _record(line, row, fields, ctx)
            if rec is not None:
                yield rec

    def orphaned(held: list[Record]) -> None:
        # a reply link that silently came to nothing reads as a flat thread: say so, and how to keep it
        first = min(held, key=lambda r: r.line or 0)
        fix = ("name the field holding each record's own id with --id-column" if fields["id"] is None
               else f"check that field {fields['parent']!r} holds ids of field {fields['id']!r}")
        ctx.warn(f"{counted(len(held), 'record')} {'replies' if len(held) == 1 else 'reply'} to an id that no "
                 f"record in the file has (field "
                 f"{fields['parent']!r}, e.g. {first.parent_key!r} on line {first.line}): kept without a parent; "
                 f"{fix}")

    yield from parents_first(records(), orphaned)
