"""Files voices wrote that are not a corpus to read back: told by their columns, and refused.

A labelling sheet (``voices review --export``), a labelled export (``voices export --labelled``)
and a quotes file (``voices quotes --out``) hold texts that are stored already: ingested, each
was added again as a new source of duplicate documents, and reports counted those texts twice.
They are recognised by the columns voices writes (any case, any order, extra columns allowed),
never by the file's name, whether the format is guessed (``voices.ingest.sniff``) or given with
``--format`` (each table reader checks its header too: ``--format records`` on a sheet stored it).
A full ``voices export`` is a corpus and stays readable (``voices.ingest.exported``): it is
checked before these, and no sign below is among its fields.

A labelling sheet whose model columns were deleted still has ``id``, ``text`` and the label
columns a person fills in (``stance``, ``themes``, ``by``, ``validation``): those six together
are ``voices label --from``'s file with its texts, and are refused too, unless the reader saw its
ids and none is a voices document id (``d`` and 15 hex digits, or a keyed ``k`` one): another
tool's coded file with those six columns ("r1", "17") is read as records. Fewer tell nothing: a
file from another tool with an ``id``, a ``text`` and a ``stance`` (or ``themes``) column of its
own is read as records.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from pathlib import Path

from voices.errors import InputError

__all__ = ["output_kind", "refuse_voices_output"]

# Columns only that output writes, so a survey or records file with an id, text and a stance
# column of its own is never taken for one. Kept in step with the writers by tests/test_ingest_outputs.py:
# voices.labelfile_rows.SHEET_COLUMNS, voices.export.export_labelled and voices.api.quotes.QUOTE_FIELDS
# (ingest sits below those modules and does not import them).
_SIGNS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"id", "text", "model_stance", "model_themes", "confidence"}), "sheet"),
    (frozenset({"id", "text", "stance", "themes", "by", "validation"}), "sheet"),  # its model columns deleted
    (frozenset({"id", "text", "stance", "stance_labelled", "themes_labelled", "labelled_at"}), "labelled"),
    (frozenset({"id", "source_id", "stance", "themes", "label_source", "quote"}), "quotes"),
)


# the ids a labelling sheet holds: the corpus's document ids (voices.ids), plain or keyed
_DOC_ID = re.compile(r"[dk][0-9a-f]{15}")


def output_kind(fields: Iterable[object]) -> str | None:
    """Which voices output a header is: ``sheet``, ``labelled``, ``quotes``, or None for any other.

    Examples
    --------
    >>> output_kind(["ID", "text", "model_stance", "model_themes", "confidence", "stance"])
    'sheet'
    >>> output_kind(["id", "text", "stance"]) is None
    True
    """
    names = {str(f).strip().casefold() for f in fields if f is not None}
    return next((kind for sign, kind in _SIGNS if sign <= names), None)


def refuse_voices_output(fields: Iterable[object], path: Path, ids: Iterable[object] | None = None) -> None:
    """Raise ``InputError`` (exit 2) when ``fields`` are the header of a voices output that is no input.

    ``ids``: the first rows' ``id`` cells, where the reader has them. A header that is only a trimmed
    sheet's six columns, over ids none of which is a voices document id, is another tool's file.

    Raises
    ------
    InputError
        One line naming the file, what it is, and what to do with it instead.
    """
    fields = list(fields)
    kind = output_kind(fields)
    if kind is None:
        return
    if kind == "sheet" and ids is not None and not _SIGNS[0][0] <= {str(f).strip().casefold() for f in fields}:
        given = [str(i).strip() for i in ids if i is not None and str(i).strip()]
        if given and not any(_DOC_ID.fullmatch(i) for i in given):
            return  # only the trimmed sheet's columns, and ids of another tool's ("r1", "17")
    quoted = shlex.quote(str(path))
    what = {
        "sheet": ("a labelling sheet voices wrote (voices review --export), not new texts: "
                  f"to store the labels filled in, run: voices label --from {quoted}"),
        "labelled": ("a labelled export voices wrote (voices export --labelled), not new texts: "
                     f"to store its labels, run: voices label --from {quoted} (or train on it: voices train "
                     f"--data {quoted})"),
        "quotes": ("a quotes file voices wrote (voices quotes), an output, not an input: ingest the files "
                   "its texts came from, or a full voices export (voices export) to move a corpus"),
    }[kind]
    raise InputError(f"{path}: {what}; nothing was stored")
