"""Use cases that read inputs: ``ingest`` stores files in the corpus, ``preview`` shows how one would be read.

Also what they share: the ingest formats a user may name, the reading options checked into
``IngestOptions`` (``--as-of`` included), and ``save_mapping``, which writes a preview's column
roles as a mapping file. The corpus's other use cases (look, export, label, delete) are
``voices.api.corpus``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.api._events import DEFAULT_CORPUS, ProgressCallback, choice, migrate, tell, written_by
from voices.errors import UsageError

if TYPE_CHECKING:
    from voices.ingest import IngestResult

INGEST_FORMATS = ("auto", "textpage", "wxr", "html", "consultation", "records", "voices",
                  "guardian", "disqus", "mumsnet", "reddit", "wordpress-com", "generic")


def ingest(
    paths: Iterable[Path | str],
    corpus: Path | str = DEFAULT_CORPUS,
    *,
    format: str = "auto",  # noqa: A002 - the option's name
    source_title: str | None = None,
    source_url: str | None = None,
    include_unapproved: bool = False,
    id_column: str | None = None,
    text_columns: Sequence[str] = (),
    closed_columns: Sequence[str] = (),
    respondent_type_column: str | None = None,
    organisation_column: str | None = None,
    text_field: str | None = None,
    author_field: str | None = None,
    date_field: str | None = None,
    parent_field: str | None = None,
    source_field: str | None = None,
    max_text_chars: int = 100_000,
    date_order: str | None = None,
    mapping: Path | str | None = None,
    replace: bool = False,
    drop_labels: bool = False,
    as_of: str | None = None,
    readmit_erased: bool = False,
    keep_export_ids: bool = False,
    progress: ProgressCallback | None = None,
) -> IngestResult:
    """Read comment threads and consultation exports into the corpus, all or nothing.

    Parameters
    ----------
    paths : iterable of path-like
        Files or folders to read: a folder gives its files, those voices cannot read skipped with a
        warning (a folder of Parquet files is one voices export).
    corpus : path-like
        The corpus file; created when absent.
    format : str
        One of ``auto`` (detect each file), ``textpage``, ``wxr``, ``html``,
        ``consultation``, ``records``, ``voices``; any case.
    source_title, source_url, include_unapproved, id_column, text_columns, closed_columns,
    respondent_type_column, organisation_column, text_field, author_field, date_field,
    parent_field, source_field
        How to read the inputs: see ``voices ingest --help``.
    max_text_chars : int
        A longer text refuses the call, naming its row.
    date_order : {"day", "month"} or None
        How to read slashed dates such as 03/04/2024; decided per column when None.
    mapping : path-like or None
        A column mapping (TOML, see ``voices.ingest.mapping``) for consultation exports:
        its roles are used instead of detected ones.
    replace : bool
        A source the corpus already holds keeps only the documents these files hold
        (re-ingesting with another mapping); the others go with their predictions.
    drop_labels : bool
        With ``replace``: also drop the human labels of removed documents (without
        it, a call that would remove labelled documents is refused, listing them).
    as_of : str or None
        ISO 8601 date the pages were copied: relative times ("2 days ago") count
        back from it; without it they are left undated (never read against now).
    readmit_erased : bool
        Store documents ``delete`` erased from this corpus earlier (they are skipped and
        counted otherwise), and take them off the corpus's suppression list.
    keep_export_ids : bool
        Store a voices export's answers that a source stored here under another id rule
        lacks, under the export's ids (counted as ``not_added_other_rule`` otherwise).
    progress : callable or None
        Receives ``Progress("ingest", message, files_done, files)`` as files are read.

    Returns
    -------
    voices.ingest.IngestResult
        Per file and in total: documents added, duplicates, skipped items.

    Raises
    ------
    voices.errors.InputError
        A refused input, naming the file (and line or row); nothing is stored.
    voices.errors.CorpusBusyError
        Another process holds the corpus.
    """
    from voices.ingest import ingest_paths

    options = _ingest_options(
        format=format, source_title=source_title, source_url=source_url,
        include_unapproved=include_unapproved, id_column=id_column,
        text_columns=tuple(text_columns), closed_columns=tuple(closed_columns),
        respondent_type_column=respondent_type_column, organisation_column=organisation_column,
        text_field=text_field, author_field=author_field, date_field=date_field,
        parent_field=parent_field, source_field=source_field, max_text_chars=max_text_chars,
        date_order=date_order, mapping=mapping, replace=replace, drop_labels=drop_labels, as_of=as_of,
        readmit_erased=readmit_erased, keep_export_ids=keep_export_ids,
    )
    if drop_labels and not replace:
        raise UsageError("--drop-labels goes with --replace: it drops the labels of documents --replace removes")
    migrate(corpus, progress)

    def relay(p: Any) -> None:
        tell(progress, "ingest", f"file {p.file_number}/{p.files} {Path(p.path).name}: {p.documents:,} documents",
              p.file_number - (0 if p.done else 1), p.files)

    return ingest_paths(paths, corpus, options, progress=relay if progress else None)


def _ingest_options(*, format: str = "auto", date_order: str | None = None,  # noqa: A002 - the option's name
                    mapping: Path | str | None = None, as_of: str | None = None, **rest: Any) -> Any:
    """``IngestOptions`` from ``ingest``'s keyword arguments (checked, mapping file read)."""
    from voices.ingest import IngestOptions
    from voices.ingest.mapping import read_mapping

    for name in ("text_columns", "closed_columns"):
        rest[name] = tuple(rest.get(name) or ())
    _refuse_blank(rest)
    return IngestOptions(
        format=choice(format, INGEST_FORMATS),
        date_order=choice(date_order, ("day", "month"), "date_order") if date_order else None,
        mapping=read_mapping(mapping) if mapping else None, as_of=_as_of(as_of), **rest,
    )


# Options naming a record's field: a JSON key or CSV heading may be spaces, and the records reader names one that
# is absent ("no field ' '"), so only '' (an unset shell variable) is refused; a consultation's blank heading reads
# as "column N", so its column options and the titles refuse spaces too.
_FIELD_NAMES = frozenset({"id_column", "text_field", "author_field", "date_field", "parent_field", "source_field"})


def _refuse_blank(options: dict[str, Any]) -> None:
    """Refuse a naming option given as nothing or spaces (``--source-title "$TITLE"`` with the variable unset).

    ``--source-title '   '`` stored the thread again as a new source titled by three spaces (35 documents
    twice), while ``''`` quietly meant no title; ``--id-column ''`` and ``--text-field ''`` were dropped unsaid.
    A field name of spaces is a name (``--text-field ' '`` reads a JSONL key ``" "``): only ``''`` is refused.
    """
    for name, value in options.items():
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str) and not (text if name in _FIELD_NAMES else text.strip()):
                option = "--" + name.removesuffix("s" if name.endswith("_columns") else "").replace("_", "-")
                raise UsageError(f"{option} is empty: give its value, or leave {option} out")


def _as_of(value: str | None) -> str | None:
    """``--as-of`` as ISO 8601 (a date, or a date and time without offset), else ``UsageError``."""
    if value is None:
        return None
    from datetime import datetime

    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        when = None
    if when is None or when.tzinfo is not None:
        raise UsageError(f"--as-of {value!r} is not a date such as 2024-03-06 (or 2024-03-06T18:00): "
                         "give the day the page was copied")
    return when.date().isoformat() if len(value.strip()) == 10 else when.isoformat()


def preview(path: Path | str, corpus: Path | str | None = None, **options: Any) -> Any:
    """What ``ingest`` would read from one file, and each column's role; nothing is stored.

    Parameters
    ----------
    path : path-like
        One input file.
    corpus : path-like, optional
        The corpus ``ingest`` would store into: when it exists it is read (never written) for the
        id rule a stored source was stored under, so columns are read as ingest would read them.
    **options
        ``ingest``'s reading options (``format``, ``id_column``, ``mapping``, ``date_order``...).

    Returns
    -------
    voices.ingest.preview.FilePreview
        The format, how many documents, the first few, and for a consultation export
        every column with its role (id, date, name, email, respondent_type,
        organisation, text, closed, category, ignore) and example values.

    Raises
    ------
    voices.errors.InputError
        As ``ingest`` would refuse the file.
    """
    from voices.ingest.preview import preview_file

    return preview_file(Path(path), _ingest_options(**options), None if corpus is None else Path(corpus))


def save_mapping(columns: Iterable[Any], path: Path | str) -> Path:
    """Write the column roles of a preview (``FilePreview.columns``) as a mapping file for ``mapping=``.

    Raises
    ------
    voices.errors.UsageError
        No columns, or ``path`` holds another text already: a mapping is written to be edited,
        so an edited one is never written over (as ``scheme init`` never replaces a file).
    """
    from voices._atomic import atomic_write_text
    from voices.ingest.mapping import mapping_toml

    pairs = [(c["column"], c["role"]) if isinstance(c, dict) else (c[0], c[1]) for c in columns]
    if not pairs:
        raise UsageError("no columns to save: --save-mapping is for consultation exports (CSV or XLSX)")
    text = mapping_toml(pairs)
    try:
        same = Path(path).read_text(encoding="utf-8") == text if Path(path).is_file() else None
    except (OSError, UnicodeDecodeError):
        same = False
    # None: no file there, so the write says what stops it (a file in the way of a folder is not "edited since")
    if same is False:
        raise UsageError(f"--save-mapping {path} exists and differs from this mapping (edited since?): "
                         "give another path, or delete it to write it again")
    if same is None:
        with written_by("--save-mapping"):
            atomic_write_text(path, text)
    return Path(path)
