"""``voices label``: record a person's stance (and themes) for a document."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from voices.cli import app
from voices.cli._common import CorpusOpt, DebugOpt, JsonOpt, QuietOpt, VerboseOpt, default_corpus
from voices.cli._common import emit_json, handled, message, set_quiet


@app.command("label")
def label_cmd(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix), as the report's review lists show.", show_default=False)],
    stance: Annotated[str, typer.Option("--stance", help="The stance label.", show_default=False)],
    themes: Annotated[str | None, typer.Option("--themes", help="Comma-separated themes (omit to keep the model's; '' for none).", show_default=False)] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who labels (default: $USER).", show_default=False)] = None,
    corpus: CorpusOpt = None,  # type: ignore[assignment]
    json_: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Record a person's label for a document, kept apart from the predictions.

    Reports use human labels in place of predictions and say how many;
    `voices export --labelled` writes them for `voices train`.

    Example: voices label d136c42d --stance system_leaders --themes pay,burnout
    """
    set_quiet(quiet)
    with handled(debug, verbose, quiet):
        from voices.store import Corpus
        from voices.store.labels import add_label
        from voices.store.predictions import model_metas

        theme_list = None if themes is None else [t.strip() for t in themes.split(",") if t.strip()]
        with Corpus.open(corpus or default_corpus(), write=True, create=False) as c:
            metas = model_metas(c)
            stances = sorted({lab for m in metas.values() if m.get("task") == "stance" for lab in m.get("labels", [])})
            theme_names = sorted({lab for m in metas.values() if m.get("task") == "themes" for lab in m.get("labels", [])})
            with c.transaction():
                label = add_label(c, doc_id, stance, theme_list, by or os.environ.get("USER"),
                                  stance_labels=stances or None, theme_labels=theme_names or None)
        if json_:
            emit_json({"doc_id": label.doc_id, "stance": label.stance, "themes": label.themes,
                       "labelled_by": label.labelled_by, "labelled_at": label.labelled_at})
        message(f"labelled {label.doc_id} as {label.stance}"
                + (f" with themes {', '.join(label.themes) or '(none)'}" if label.themes is not None else ""))
