"""What a dataset must hold before it is classified: the columns, their types, ids, and texts.

Every document needs an id and a text column; one id names one document; the export
contract's columns have types that can hold what they mean. Documents with no text are
counted (and left out by ``read_partition``); articles are counted apart.
"""

from __future__ import annotations

from typing import Any

from voices.errors import InputError
from voices.scale.dataset_files import DatasetSource
from voices.schemas import DOCUMENT_FIELDS

REQUIRED_COLUMNS: tuple[str, ...] = ("id", "text")


def _check_types(path: str, schema: Any) -> None:
    """Refuse columns of the export contract whose Parquet type cannot hold what they mean."""
    import pyarrow as pa

    def texty(t: Any) -> bool:
        if pa.types.is_dictionary(t):
            t = t.value_type
        return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)

    for name in DOCUMENT_FIELDS:
        if name not in schema.names:
            continue
        t = schema.field(name).type
        ok = (pa.types.is_integer(t) or pa.types.is_null(t)) if name == "position" else (
            texty(t) or (name == "posted_at" and pa.types.is_timestamp(t)))
        if not ok:
            want = "whole numbers" if name == "position" else "text (string)"
            raise InputError(f"{path}: column {name!r} is {t}, not {want}: write it as {want}, "
                             "as `voices export --format parquet` does")


BLANK_TEXT = r"^[\s\p{Z}]*$"  # empty or only spaces (RE2, as pyarrow reads it)
SHOWN_IDS = 5  # how many ids of skipped documents a warning names


def blank_texts(texts: Any) -> Any:
    """A boolean pyarrow array: which of ``texts`` are null, empty or only spaces."""
    import pyarrow.compute as pc

    return pc.or_(pc.is_null(texts), pc.fill_null(pc.match_substring_regex(texts, BLANK_TEXT), False))


def _check_texts(parquet: Any) -> tuple[int, list[str], int]:
    """How many documents have no text (null, empty or only spaces), the first few ids, and how many of them
    are articles (left out with the others: ``_count_articles`` counts only the articles written).

    The models would tag such a text (``none``, confidently), so they are left out; the
    ingest of a corpus leaves them out as "not documents" too. Row-group statistics
    answer without reading the texts: a blank text sorts first, so a row group whose
    minimum starts with a letter and that counts no nulls holds none. Only another row
    group has its id and text columns read, one group at a time, so memory stays at one
    group. (A text of only non-ASCII spaces, such as U+3000, in a group whose texts
    start with letters is not caught.)
    """
    column = parquet.schema_arrow.get_field_index("text")
    if column < 0:
        return 0, [], 0  # _check_columns names it
    count, ids, articles = 0, [], 0
    kind = ["kind"] if parquet.schema_arrow.get_field_index("kind") >= 0 else []
    for i in range(parquet.metadata.num_row_groups):
        stats = parquet.metadata.row_group(i).column(column).statistics
        first = str(stats.min)[:1] if stats is not None and stats.has_min_max else ""
        if (stats is not None and stats.has_null_count and not stats.null_count and stats.has_min_max
                and first > " " and not first.isspace()):
            continue
        group = parquet.read_row_group(i, columns=["id", "text", *kind])
        blank = blank_texts(group.column("text"))
        found = group.column("id").filter(blank)
        count += len(found)
        if kind:
            articles += _articles(group.column("kind").filter(blank))
        if len(ids) < SHOWN_IDS:
            ids += [str(v) for v in found.slice(0, SHOWN_IDS - len(ids)).to_pylist()]
    return count, ids, articles


def _check_ids(source: DatasetSource, paths: list[str]) -> tuple[int, tuple[str, ...], int]:
    """Every document needs an id, and one id names one document (the output keys rows by it).

    Returns how many documents have no text, the first few of their ids (``_check_texts``), and how many
    are articles written (``_count_articles``, less the blank ones).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    chunks, blank, blank_ids, articles = [], 0, [], 0
    for path in paths:
        with source.fs.open(path, "rb") as fh:
            parquet = pq.ParquetFile(fh)
            ids = parquet.read(columns=["id"]).column("id")
            n, some, blank_articles = _check_texts(parquet)
            articles += _count_articles(parquet) - blank_articles  # a blank article is not written either
        blank += n
        blank_ids += some[:SHOWN_IDS - len(blank_ids)]
        if ids.null_count or pc.any(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(ids)), 0)).as_py():
            raise InputError(f"{path}: {ids.null_count or 'some'} document{'s' * (ids.null_count != 1)} without "
                             "an id: give every row an id (voices export writes them)")
        chunks.extend(ids.cast(pa.string()).chunks)
    if not chunks:
        return blank, tuple(blank_ids), articles
    everything = pa.chunked_array(chunks, type=pa.string())
    counts = pc.value_counts(everything)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    if len(repeated):
        first = repeated[0]["values"].as_py()
        occur = "ids occur" if len(repeated) != 1 else "id occurs"
        raise InputError(f"{source.url}: {len(repeated):,} {occur} more than once (e.g. {first!r}): "
                         "one row per document; remove the duplicates or export the corpus again")
    return blank, tuple(blank_ids), articles


def _count_articles(parquet: Any) -> int:
    """Rows of kind ``article``: classify tags no article as a comment, so the job's count says so apart."""
    if parquet.schema_arrow.get_field_index("kind") < 0:
        return 0  # no kind column: every row is read as a comment
    return _articles(parquet.read(columns=["kind"]).column("kind"))


def _articles(kind: Any) -> int:
    """How many of a ``kind`` column's values are ``article``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return int(pc.sum(pc.equal(kind.cast(pa.string()), "article")).as_py() or 0)


def _check_columns(path: str, names: set[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            f"{path} lacks the column{'s' * (len(missing) != 1)} {', '.join(missing)} that every document needs "
            f"(columns found: {', '.join(sorted(names)) or 'none'}); "
            f"the expected columns are {', '.join(DOCUMENT_FIELDS)}"
        )
