"""``voices delete``: erase a source or a respondent, and everything derived from them."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, command, emit_json


@command("delete")
def delete_cmd(
    source: Annotated[str | None, typer.Option("--source", "-s", help="Source id (or unique prefix) to erase; with --respondent, the source the respondent answered.")] = None,
    respondent: Annotated[str | None, typer.Option("--respondent", help="Respondent id whose answers to erase.")] = None,
    *,
    common: Common,
) -> None:
    """Erase a source (--source ID) or a respondent (--respondent ID) for erasure requests
    and retention rules: the documents, their predictions, labels and caches go in one
    transaction. A respondent id used in several consultations needs --source too.

    Example: voices delete --respondent R-0042
    """
    from voices import api

    result = api.delete(common.corpus, source=source, respondent=respondent, progress=common.progress())
    if common.json:
        emit_json(result.to_dict())
        return
    sid = result.source_id
    what = f"respondent {respondent}" if respondent else f"source {sid}"
    what += f" in source {sid}" if respondent and sid else ""
    n = result.deleted_documents
    common.say(f"deleted {n} document{'s' if n != 1 else ''} of {what}")
