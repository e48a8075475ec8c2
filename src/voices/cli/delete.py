"""``voices delete``: erase a source or a respondent, and everything derived from them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli import app
from voices.cli._common import CorpusOpt, DebugOpt, JsonOpt, QuietOpt, VerboseOpt, default_corpus
from voices.cli._common import emit_json, handled, message, set_quiet


@app.command("delete")
def delete_cmd(
    source: Annotated[str | None, typer.Option("--source", help="Source id (or unique prefix) to erase; with --respondent, the source the respondent answered.")] = None,
    respondent: Annotated[str | None, typer.Option("--respondent", help="Respondent id whose answers to erase.")] = None,
    models: Annotated[list[Path] | None, typer.Option("--models", help="Model folder (or folder of model folders) to check for training on the erased documents; repeatable. Default: ./models if present.", show_default=False)] = None,
    compact: Annotated[bool, typer.Option("--compact", help="Only rewrite the corpus file so bytes of rows deleted earlier leave the disk.")] = False,
    corpus: CorpusOpt = None,  # type: ignore[assignment]
    json_: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Erase a source (--source ID) or a respondent (--respondent ID) for erasure requests
    and retention rules: the documents, their predictions, labels (with the labellers'
    names) and caches go in one transaction, then the corpus file is rewritten so none
    of their bytes remain on disk. A respondent id used in several consultations needs
    --source too. Reports and exports written before still hold the text; models
    trained on the documents are listed with the command that retrains them.

    Example: voices delete --respondent R-0042
    """
    set_quiet(quiet)
    with handled(debug, verbose, quiet):
        from voices.erase import compact as compact_corpus
        from voices.erase import erase
        from voices.errors import UsageError

        path = corpus or default_corpus()
        if compact:
            compact_corpus(path)
            message(f"rewrote {path}: no deleted bytes remain")
            return
        if source is None and respondent is None:
            raise UsageError("give --source ID, --respondent ID, or both")
        roots = models if models else [p for p in (Path("models"),) if p.is_dir()]
        done = erase(path, source=source, respondent=respondent, model_dirs=roots)
        sid = done.source_id
        what = f"respondent {respondent}" if respondent else f"source {sid}"
        what += f" in source {sid}" if respondent and sid else ""
        if json_:
            emit_json({"deleted_documents": done.documents, "source_id": sid, "respondent_id": respondent,
                       "models_trained_on_them": [m.__dict__ for m in done.models]})
            return
        message(f"deleted {done.documents} document{'s' if done.documents != 1 else ''} of {what}")
        for m in done.models:
            message(f"model {m.path} was trained on {m.documents} of them; retrain it without them: {m.retrain}")
