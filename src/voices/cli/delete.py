"""``voices delete``: erase a source, a respondent, an author or one document, and everything derived from them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli._common import Common, command
from voices.cli._output import emit_json


@command("delete")
def delete_cmd(
    source: Annotated[str | None, typer.Option("--source", "-s", help="Source id, or the keyed id a redacted output shows (or a unique prefix), to erase; with --respondent, --author or --id, the source to erase from.")] = None,
    respondent: Annotated[str | None, typer.Option("--respondent", help="Respondent id whose answers to erase.")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Author whose documents to erase, in every source (or only in --source): the stored name, in any case, spaces inside counted as one and none around it. Replies by others stay, without their parent.")] = None,
    document: Annotated[str | None, typer.Option("--id", help="One document to erase: its id, the keyed id (k...) a redacted export shows, or a unique prefix of either (voices export lists ids).")] = None,
    models: Annotated[list[Path] | None, typer.Option("--models", help="Model folder (or folder of model folders) to check for training on the erased documents; repeatable. Default: ./models if present.", show_default=False)] = None,
    compact: Annotated[bool, typer.Option("--compact", help="Only rewrite the corpus file so bytes of rows deleted earlier leave the disk.")] = False,
    *,
    common: Common,
) -> None:
    """Erase a source (--source ID), a respondent (--respondent ID), a commenter
    (--author NAME) or one document (--id DOC_ID) for erasure requests and retention
    rules: the documents, their predictions, labels (with the labellers' names), caches
    and validation sample places go in one transaction, then the corpus file is
    rewritten so none of their bytes remain on disk. A respondent id used in several
    consultations needs --source too; --source with --author or --id erases only there.
    Replies to an erased comment stay, stored without their parent. The corpus keeps
    keyed digests (no text, name or id) of what it erased, so ingesting the same file
    again skips them (ingest --readmit-erased stores them again). Reports and exports written before still hold the text; models
    trained on the documents are listed with the command that retrains them.

    Example: voices delete --respondent R-0042; voices delete --author "Jo Bloggs"
    """
    from voices import api

    roots = models if models else [p for p in (Path("models"),) if p.is_dir()]
    result = api.delete(common.corpus, source=source, respondent=respondent, author=author, document=document,
                        models=roots, compact=compact, progress=common.progress())
    if common.json:
        emit_json(result.to_dict())
        return
    if result.compacted:
        common.say(f"rewrote {common.corpus}: no deleted bytes remain")
        return
    sid = result.source_id
    what = f"respondent {respondent}" if respondent else f"author {author.strip()}" if author else f"source {sid}"
    what += f" in source {sid}" if (respondent or author) and sid else ""
    n = result.deleted_documents
    common.say(f"deleted document {result.document_id}" if document
               else f"deleted {n} document{'s' if n != 1 else ''} of {what}")
    if result.labels_unnamed:  # erased as a labeller too
        common.say(result.unnamed_note())
    for m in result.models_trained_on_them:
        common.say(f"model {m.path} was trained on {m.documents} of them; retrain it without them: {m.retrain}")
    for model_id, task, n in result.models_not_found:  # it tagged the corpus once; only its folder knows the rest
        common.say(f"{task} model {model_id[:12]}, which tagged this corpus, was trained on {n} of them; "
                   f"its folder was not given: find it (meta.json model_id {model_id[:12]}) and retrain it, or "
                   "name it with --models DIR")
    # nothing records where they went, so the person erasing must be told what this cannot reach
    common.say("reports, exports and copies of the corpus written before this still hold them: "
               "delete or regenerate them")
