"""``voices delete``: erase a source or a respondent, and everything derived from them."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli import app
from voices.cli._common import CorpusOpt, DebugOpt, JsonOpt, QuietOpt, VerboseOpt, default_corpus
from voices.cli._common import emit_json, handled, message


@app.command("delete")
def delete_cmd(
    source: Annotated[str | None, typer.Option("--source", help="Source id (or unique prefix) to erase; with --respondent, the source the respondent answered.")] = None,
    respondent: Annotated[str | None, typer.Option("--respondent", help="Respondent id whose answers to erase.")] = None,
    corpus: CorpusOpt = None,  # type: ignore[assignment]
    json_: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Erase a source (--source ID) or a respondent (--respondent ID) for erasure requests
    and retention rules: the documents, their predictions, labels and caches go in one
    transaction. A respondent id used in several consultations needs --source too.

    Example: voices delete --respondent R-0042
    """
    with handled(debug, verbose, quiet):
        from voices.errors import UsageError
        from voices.store import Corpus

        if source is None and respondent is None:
            raise UsageError("give --source ID, --respondent ID, or both")
        with Corpus.open(corpus or default_corpus(), write=True, create=False) as c:
            sid = c.resolve_sources([source])[0] if source else None
            n = c.delete(source_id=sid, respondent_id=respondent)
        what = f"respondent {respondent}" if respondent else f"source {sid}"
        what += f" in source {sid}" if respondent and sid else ""
        if json_:
            emit_json({"deleted_documents": n, "source_id": sid, "respondent_id": respondent})
        else:
            message(f"deleted {n} document{'s' if n != 1 else ''} of {what}")
