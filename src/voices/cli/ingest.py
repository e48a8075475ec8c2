"""``voices ingest``: read comment threads and consultation exports into the corpus."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from voices.cli._common import Common, command, format_option
from voices.cli._output import emit_json, erased_note, progress_bar

_FORMATS = "auto|textpage|wxr|html|consultation|records|voices|guardian|disqus|mumsnet|reddit|wordpress-com|generic"


def summary(result: Any, readmit: str = "--readmit-erased") -> str:
    """The one-line account of an ingest (``readmit``: how to store erased documents again)."""
    skipped_files = sum(1 for f in result.files if f.format == "skip")
    repeated = sum(1 for f in result.files if f.format == "repeated")
    files = len(result.files) - skipped_files - repeated
    text = (f"{files} file{'s' if files != 1 else ''}"
            + (f" ({skipped_files} more skipped: not comments or responses)" if skipped_files else "")
            + (f" ({repeated} given again: read once)" if repeated else "")
            + f", {result.added:,} document{'s' if result.added != 1 else ''} added, "
            f"{result.duplicates + result.already_present:,} skipped as duplicates")
    if result.duplicates and result.already_present:
        text += f" ({result.duplicates:,} within files, {result.already_present:,} already in the corpus)"
    elif result.already_present:
        text += " (already in the corpus)"
    if result.not_added_other_text:  # new texts, kept out by a stored text under their id: no duplicates
        n = result.not_added_other_text
        text += (f"; {n:,} text{'s' if n != 1 else ''} not added: a stored document with other words holds "
                 f"{'their ids' if n != 1 else 'its id'} (see the warning)")
    if result.not_added_other_rule:  # an export's rows of a source stored here under another id rule
        n = result.not_added_other_rule
        text += (f"; {n:,} exported text{'s' if n != 1 else ''} not added: {'their' if n != 1 else 'its'} source "
                 "is stored here under another id rule (see the warning)")
    for part in result.part_of_stored:  # a few rows of a stored file, piped or saved apart
        k = part["documents"]
        text += (f"; {'the' if k == 1 else f'all {k:,}'} text{'s' if k != 1 else ''} of {part['path']} "
                 f"{'are' if k != 1 else 'is'} in source {part['source_id']} ({part['title']!r}) already: "
                 "not added as a new source (--source-title NAME adds them as one)")
    not_documents = [f"{n} {why}" for why, n in result.skipped.items()]
    if result.blank:
        not_documents.append(f"{result.blank:,} blank answer{'s' if result.blank != 1 else ''}")
    if not_documents:
        text += "; not documents: " + ", ".join(not_documents)
    text += erased_note(result, readmit)
    if result.updated:
        text += f"; {result.updated:,} updated (changed in the files)"
    if result.removed:
        text += f"; {result.removed:,} removed (no longer in the files)"
        if result.dropped_labels:
            text += f", with the labels of {len(result.dropped_labels)}: {', '.join(result.dropped_labels[:10])}"
        if result.validation_removed:
            text += (f"; {result.validation_removed:,} of them were in the validation sample, which is smaller now: "
                     "`voices sample --validation N --top-up` draws replacements")
    return text


def _preview(api: Any, paths: list[Path], read: dict[str, Any], save_mapping: Path | None, common: Common) -> None:
    """``--preview``: the file as ingest would read it; nothing is stored."""
    from voices.errors import UsageError

    if len(paths) != 1:
        raise UsageError(f"--preview reads one file at a time; {len(paths)} given")
    shown = api.preview(paths[0], common.corpus, **read)
    if save_mapping is not None:
        api.save_mapping(shown.columns, save_mapping)
    if common.json:
        emit_json(shown.to_dict())
    else:
        _print_preview(shown)
    if save_mapping is not None:
        common.say(f"column mapping written to {save_mapping}")


def _print_preview(shown: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    from voices.cli._output import stdout_console

    console = stdout_console()
    # what is no document is counted as ingest's line counts it, so the figures add up to the file's answers
    not_documents = [f"{n:,} {why}" for why, n in sorted(shown.skipped.items())]
    if shown.blank:
        not_documents.append(f"{shown.blank:,} blank answer{'s' if shown.blank != 1 else ''}")
    console.print(escape(f"{shown.path}: {shown.format}, {shown.documents:,} documents (nothing stored)"
                         + ("; not documents: " + ", ".join(not_documents) if not_documents else "")))
    for note in [*shown.older_rules(), *shown.stored_parts()]:  # read otherwise, or stored already: said
        console.print(escape(note))
    if shown.columns:
        table = Table("column", "role", "examples")
        for c in shown.columns:
            table.add_row(escape(c["column"]), c["role"], escape(" | ".join(e[:40] for e in c["examples"])))
        console.print(table)
    for e in shown.examples:
        console.print(escape(f"- {e['kind']}: {e['text'][:100]}"))
    # shown.warnings are not printed here: the reader logged each to stderr as it read, and printing them
    # again on stdout showed every warning twice (they stay in --json's "warnings")


def _date_order(dayfirst: bool, monthfirst: bool) -> str | None:
    if dayfirst and monthfirst:
        from voices.errors import UsageError

        raise UsageError("--dayfirst and --monthfirst contradict each other: give one")
    return "day" if dayfirst else ("month" if monthfirst else None)


@command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read: a folder gives its files, those voices cannot read skipped with a warning (a folder of Parquet files is one voices export).", show_default=False, metavar="PATH...")],
    format_: format_option(f"Input format: {_FORMATS}.", show_default=True) = "auto",
    source_title: Annotated[str | None, typer.Option("--source-title", help="Title of the thread or consultation (default: from the file).")] = None,
    source_url: Annotated[str | None, typer.Option("--source-url", help="URL of the thread (gives the source its id).")] = None,
    include_unapproved: Annotated[bool, typer.Option("--include-unapproved", help="WordPress: take comments awaiting moderation too.")] = False,
    id_column: Annotated[str | None, typer.Option("--id-column", help="Respondent id column (consultation) or record id field.")] = None,
    text_column: Annotated[list[str] | None, typer.Option("--text-column", help="A free-text answer column (repeatable; default: detected).")] = None,
    closed_column: Annotated[list[str] | None, typer.Option("--closed-column", help="A closed-question column, paired with the text column after it, or NAME=TEXT COLUMN (repeatable).")] = None,
    respondent_type_column: Annotated[str | None, typer.Option("--respondent-type-column", help="Column saying individual or organisation.")] = None,
    organisation_column: Annotated[str | None, typer.Option("--organisation-column", help="Column with the organisation's name.")] = None,
    text_field: Annotated[str | None, typer.Option("--text-field", help="Records: field holding the text (default: text).")] = None,
    author_field: Annotated[str | None, typer.Option("--author-field", help="Records: field holding the author.")] = None,
    date_field: Annotated[str | None, typer.Option("--date-field", help="Records: field holding the date.")] = None,
    parent_field: Annotated[str | None, typer.Option("--parent-field", help="Records: field holding the id replied to.")] = None,
    source_field: Annotated[str | None, typer.Option("--source-field", help="Records: field naming each row's thread.")] = None,
    max_text_chars: Annotated[int, typer.Option("--max-text-chars", min=1, help="Refuse any text longer than this (characters).")] = 100_000,
    dayfirst: Annotated[bool, typer.Option("--dayfirst", help="Read dates such as 03/04/2024 as 3 April (default: decided from each column).")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the pages were copied (2024-03-06): relative times such as '2 days ago' count back from it (otherwise left undated).", show_default=False)] = None,
    monthfirst: Annotated[bool, typer.Option("--monthfirst", help="Read dates such as 03/04/2024 as March 4 (US style).")] = False,
    preview: Annotated[bool, typer.Option("--preview", help="Show how one file would be read (each column's role, with examples); store nothing.")] = False,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Apply a saved column mapping (TOML) to a consultation export.", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="A source already in the corpus keeps only this call's documents (re-ingest with another mapping); it keeps the id rule it was stored under, so its documents keep their ids.")] = False,
    drop_labels: Annotated[bool, typer.Option("--drop-labels", help="With --replace: drop the human labels of removed documents too.")] = False,
    readmit_erased: Annotated[bool, typer.Option("--readmit-erased", help="Store documents voices delete erased from this corpus earlier (skipped otherwise), and take them off its suppression list.")] = False,
    keep_export_ids: Annotated[bool, typer.Option("--keep-export-ids", help="A voices export of a source stored here under another id rule: store the answers the source lacks under the export's ids (otherwise counted and left out; a later ingest of the source's own file counts them as stored, not twice).")] = False,
    save_mapping: Annotated[Path | None, typer.Option("--save-mapping", dir_okay=False, help="Write the column roles used as a mapping file (TOML) to edit and reuse.", show_default=False)] = None,
    *,
    common: Common,
) -> None:
    """Read comment threads and consultation exports into the corpus, all or nothing (- reads stdin).

    Formats are detected (plain-text comment page, WordPress export XML, saved
    WordPress comment page, consultation CSV/XLSX, CSV/JSONL records with a text
    field, voices' own exports); --format overrides. Ingesting the same file
    again adds nothing; an updated thread adds only its new comments.

    Example: voices ingest thread.txt consultation.csv --corpus study.duckdb
    """
    from voices import api
    from voices.errors import UsageError

    read = dict(
        format=format_ or "auto", source_title=source_title, source_url=source_url,
        include_unapproved=include_unapproved, id_column=id_column, text_columns=text_column or (),
        closed_columns=closed_column or (), respondent_type_column=respondent_type_column,
        organisation_column=organisation_column, text_field=text_field, author_field=author_field,
        date_field=date_field, parent_field=parent_field, source_field=source_field,
        max_text_chars=max_text_chars, date_order=_date_order(dayfirst, monthfirst), mapping=mapping,
        as_of=as_of,
    )
    if preview:  # as ingest would read it: erased answers readmitted or not, an export's ids kept or not, and
        # with --replace a sheet stored before its merged question cell was read right read right
        _preview(api, paths, {**read, "readmit_erased": readmit_erased, "keep_export_ids": keep_export_ids,
                              "replace": replace},
                 save_mapping, common)
        return
    with progress_bar(common.bar, "ingesting") as draw:
        result = api.ingest(paths, common.corpus, replace=replace, drop_labels=drop_labels,
                            readmit_erased=readmit_erased, keep_export_ids=keep_export_ids, progress=common.progress(draw), **read)
    if save_mapping is not None:
        columns = [c for f in result.files for c in f.columns]
        if columns:
            try:
                api.save_mapping([{"column": c, "role": r} for c, r, _ in columns], save_mapping)
                common.say(f"column mapping written to {save_mapping}")
            except UsageError as exc:  # the documents are stored by now: a warning, not an error
                logging.getLogger(__name__).warning("%s; the documents were stored", exc)
        else:  # the documents are stored by now: a warning, not an error that would say otherwise
            logging.getLogger(__name__).warning(
                "--save-mapping %s not written: these files are not consultation exports (CSV or XLSX), "
                "so they have no column roles to save", save_mapping)
    superseded, done = result.superseded_labels, result.to_dict()
    if superseded:  # a person's work set aside: said even when the summary line is not read
        note = (f"{len(superseded)} labelled document{'s have' if len(superseded) != 1 else ' has'} a new text ({', '.join(superseded[:5])}"
                f"{', ...' if len(superseded) > 5 else ''}): their labels no longer count and are kept in the "
                "corpus's label history (voices export --label-history lists them); label them again with "
                "voices label ID")
        logging.getLogger(__name__).warning("%s", note)
        done["warnings"].append(note)  # --json's warnings list every warning the call printed
    if common.json:
        emit_json(done)
    common.say(summary(result))
