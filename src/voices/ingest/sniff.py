"""Telling an input's format from its first bytes and its name (``--format`` overrides).

Content wins over the file name where content is unambiguous (XML, HTML, JSON,
ZIP, Parquet); the name decides between text layouts (``.txt`` is a comment
page even when its first line has commas, unless it is tab-separated like Excel's
"Unicode Text" save and has no comment-page markers); a copied page's layout
(``textpage`` or one of ``voices.ingest.pages.LAYOUTS``) is told from its post
headers; a CSV header decides between a voices export, generic records (a
``text`` column, or a comment and a reply column) and a consultation export.
"""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import islice
from pathlib import Path

from voices.errors import InputError
from voices.ingest._tabular import csv_delimiter
from voices.ingest.base import IngestOptions, ReadContext
from voices.ingest.encoding import binary_kind, bom_codec, utf16_without_bom
from voices.ingest.exported import is_export_header, refuse_export_without_ids
from voices.ingest.outputs import refuse_voices_output
from voices.ingest.pages import LAYOUTS, detect
from voices.ingest.pages.reddit_json import JSON_ARRAY as _JSON_ARRAY
from voices.ingest.pages.reddit_json import SIGN as REDDIT_JSON
from voices.ingest.records import PARENT_NAMES, TEXT_NAMES, field_key
from voices.ingest.textpage import has_numbered_comments

_HEAD = 1 << 20  # 1 MiB: a comment page's article may run long before its comments
_TEXT_MARKERS = re.compile(
    r"^\s*(?:\d+|one)\s+(?:responses?|comments?|thoughts?|replies)\s+(?:to|on)\s+\S"
    r"|^\s{0,3}1\.\s+\S.*\b\d{4}\b.*\d[:.]\d\d",
    re.IGNORECASE | re.MULTILINE,
)
_JSON_FIELDS = re.compile(r'^\s*"fields":\s*(\[[^\]]*\])', re.MULTILINE)  # a voices JSON output's column list
_READERS = ("textpage", "wxr", "html", "consultation", "records", "voices", *LAYOUTS)
_DOCUMENTATION = frozenset({".md", ".markdown", ".rst"})
_TABLES = frozenset({".csv", ".tsv", ".tab", ".html", ".htm", ".xml"})  # never read as a copied page
SKIP = "skip"


def _head_text(head: bytes) -> str:
    marked = bom_codec(head)  # the reader's own table (UTF-32 too)
    if marked is not None:
        codec, skip = marked
        return head[skip:].decode(codec, errors="replace")
    utf16 = utf16_without_bom(head)
    if utf16:
        return head[: len(head) // 2 * 2].decode(utf16, errors="replace")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a character cut by the head's end
            return head[: exc.start].decode("utf-8")
        return head.decode("cp1252", errors="replace")


def _csv_format(text: str, options: IngestOptions, named_csv: bool = False, *, path: Path) -> str | None:
    first = text.split("\n", 1)[0]
    if not named_csv and not any(d in first for d in (",", ";", "\t")):
        return None  # a .csv may have one column (one free-text question); other names need two
    delimiter = csv_delimiter(first)  # as the reader will split it
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    header = [h.strip() for h in header]
    if is_export_header(header):
        return "voices"
    refuse_export_without_ids(header, path)
    refuse_voices_output(header, path, _head_ids(text, header, delimiter))
    if options.text_columns:
        return "consultation"
    keys = {field_key(h) for h in header}
    if options.text_field or "text" in keys:
        return "records"
    if keys & set(TEXT_NAMES) and keys & set(PARENT_NAMES):
        return "records"  # comments with a reply column: a thread, not a consultation
    return "consultation"


def _text_column_only(text: str, options: IngestOptions) -> bool:
    """Whether ``text`` opens with the header of a table of one text column (``comment``, ``text``, ...).

    A ``.csv`` of one column is a table by its name; standard input (or another name) has none, and
    without a delimiter its header is the only sign: one of the text field names ``records`` knows, or
    the one ``--text-field`` / ``--text-column`` gives.
    """
    first = text.split("\n", 1)[0].strip().strip('"').strip()
    named = {*TEXT_NAMES, field_key(options.text_field or "text"), *map(field_key, options.text_columns)}
    return bool(first) and field_key(first) in named


def _head_ids(text: str, header: list[str], delimiter: str) -> list[str] | None:
    """The ``id`` cells of the rows in a CSV file's head (``refuse_voices_output`` tells a sheet by them)."""
    at = next((i for i, h in enumerate(header) if h.casefold() == "id"), None)
    if at is None:
        return None
    try:
        rows = list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), 1, 50))
    except csv.Error:
        return None
    whole = rows if text.endswith(("\n", "\r")) else rows[:-1]  # else the last row may be cut by the head's end
    return [r[at] for r in whole if len(r) > at]


def _json_format(text: str, path: Path) -> str:
    first = text.lstrip().split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        _refuse_json_output(text, path)
        if first.strip() == "{":  # one indented object (a manifest, a settings file): no record on any line
            raise InputError(f"{path}: one JSON object written over several lines, not records: give JSON Lines "
                             "(one object with a text field a line) or a JSON array of such objects") from None
        return "records"
    if isinstance(obj, dict) and is_export_header(list(obj)):
        return "voices"
    if isinstance(obj, dict):
        refuse_export_without_ids(obj, path)
    if isinstance(obj, dict):
        refuse_voices_output(obj, path, [v for k, v in obj.items() if str(k).strip().casefold() == "id"])
    return "records"


def _refuse_json_output(text: str, path: Path) -> None:
    """Refuse a JSON document voices wrote whose ``fields`` list names its columns (``quotes --format json``).

    It is one indented object, so its first line is no record to read the keys of.
    """
    found = _JSON_FIELDS.search(text[:65536])
    if found is None:
        return
    try:
        fields = json.loads(found.group(1))
    except json.JSONDecodeError:
        return
    if isinstance(fields, list):
        refuse_voices_output(fields, path)


class _Sniffing(ReadContext):
    """A context whose warnings are kept, not logged: the reader warns of them again when it reads the file."""

    def warn(self, message: str) -> None:
        """Keep ``message`` unlogged (logged here too, a first row with extra cells was printed twice)."""
        self.warnings.append(f"{self.name}: {message}")


def _workbook_format(path: Path, options: IngestOptions) -> str:
    """``voices`` for a voices XLSX export (its header), else ``consultation``."""
    from voices.ingest.exported import xlsx_header

    try:
        header = xlsx_header(path, _Sniffing(path, options))
    except InputError:
        return "consultation"  # whose reader says what is wrong with the workbook
    if is_export_header(header):
        return "voices"
    refuse_export_without_ids(header, path)
    refuse_voices_output(header, path)
    return "consultation"


def _page_layout(text: str) -> str | None:
    """The comment-page layout of a text, or ``None`` (no comments in any layout)."""
    if has_numbered_comments(text):
        return "textpage"
    layout = detect(text)
    if layout:
        return layout
    return "textpage" if _TEXT_MARKERS.search(text) else None  # which then says what it missed


def _markup_format(text: str) -> str:
    lower = text[:8192].lower()
    if "<rss" in lower or "wordpress.org/export" in lower:
        return "wxr"
    if re.search(r"<!doctype\s+html|<html|<body|<head|<ol\b|<div\b|<article\b", lower):
        return "html"
    return "wxr"  # other XML: the WXR reader refuses it (or its DTD) with a clear message


def sniff(path: Path, options: IngestOptions | None = None) -> str:
    """The reader to use for ``path``: one of textpage, wxr, html, consultation, records, voices.

    Returns ``SKIP`` for a documentation file (``.md``, ``.rst``) with no comment
    page layout in it, so a README beside the inputs can be globbed along.

    Parameters
    ----------
    path : Path
        A file, or a directory holding a Parquet dataset.
    options : IngestOptions, optional
        ``format`` other than "auto" is returned as is; record/consultation
        column options break a CSV tie.

    Raises
    ------
    InputError
        Missing, empty or binary input, or a layout no reader knows.
    """
    options = options or IngestOptions()
    if options.format != "auto":
        return options.format
    if path.is_dir():
        if is_parquet_dataset(path):
            return "voices"
        raise InputError(f"{path}: a folder, not a Parquet dataset: give the files inside it instead")
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror}): check the path") from None
    if suffix in (".xlsx", ".xlsm") or head.startswith(b"PK\x03\x04"):
        return _workbook_format(path, options)
    if suffix == ".parquet" or head.startswith(b"PAR1"):
        return "voices"
    if not head.strip(b" \t\r\n\x00") or (bom_codec(head) and not _head_text(head).strip(" \t\r\n\x00")):
        # a byte-order mark alone (a CSV saved from an empty sheet) is empty too: was "cannot tell what kind"
        raise InputError(f"{path}: the file is empty: give a file with comments or responses in it")
    kind = binary_kind(head[:8192])
    if kind:
        raise InputError(f"{path}: this is {kind}, not text: give a CSV, XLSX, JSONL, WordPress XML, "
                         "HTML or plain-text comment page")
    return _text_format(path, suffix, _head_text(head), options)


def is_parquet_dataset(path: Path) -> bool:
    """A folder read as one input: Parquet files (a voices export), in it or in folders inside it, and nothing else.

    Names starting with ``.`` or ``_`` (``.DS_Store``, a finished job's "_SUCCESS" file) are passed over, as
    pyarrow's dataset reader passes them over. A folder with any other file (a thread beside an export's
    folder or file) is a folder of inputs, each file read on its own (``voices.ingest.folder``).
    """
    found = False
    for item in path.rglob("*"):
        if item.is_dir() or any(part.startswith((".", "_")) for part in item.relative_to(path).parts):
            continue
        if item.suffix.lower() != ".parquet":
            return False
        found = True
    return found


def _text_format(path: Path, suffix: str, text: str, options: IngestOptions) -> str:
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return _markup_format(stripped)
    if _JSON_ARRAY.match(stripped) and REDDIT_JSON.search(stripped[:65536]):
        return "reddit"
    if suffix in (".jsonl", ".json", ".ndjson") or stripped.startswith("{") or _JSON_ARRAY.match(stripped):
        return _json_format(stripped, path)
    tabbed = "\t" in stripped.split("\n", 1)[0]
    if suffix in (".txt", ".text") and tabbed:
        # Excel's "Unicode Text" save (UTF-16, tab-separated) is a table, not a comment page
        table = _csv_format(stripped, options, path=path)
        if table and not _TEXT_MARKERS.search(text):
            return table
    page = _page_layout(text) if suffix not in _TABLES else ("textpage" if _TEXT_MARKERS.search(text) else None)
    if page and not (suffix in _DOCUMENTATION and page == "generic"):
        return page
    if suffix in (".txt", ".text"):
        raise InputError(
            f"{path}: no comments section found in any layout voices reads (tried: "
            f"{', '.join(('textpage', *LAYOUTS))}): each comment is read from its header, the author's line with a "
            "date line under it (one comment alone: with --format generic); check the file holds the comments, add "
            "any date line the copy lost, or give undated comments as a CSV with 'author' and 'text' columns"
        )
    if suffix in _DOCUMENTATION:
        return SKIP  # a README beside the inputs (``voices ingest samples/*``) is not an input
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".xml":
        return "wxr"
    found = _csv_format(stripped, options, named_csv=suffix in (".csv", ".tsv") or _text_column_only(stripped, options),
                        path=path)
    if found:
        return found
    raise InputError(
        f"{path}: cannot tell what kind of file this is: give --format "
        f"({'|'.join(_READERS)})"
    )
