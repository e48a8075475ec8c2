"""``voices sample``: draw a validation sample to measure accuracy on the corpus's own texts."""

from __future__ import annotations

from typing import Annotated

import typer

from voices.cli._common import Common, command
from voices.cli._output import emit_json


@command("sample")
def sample_cmd(
    validation: Annotated[int, typer.Option("--validation", help="How many documents to draw.", show_default=False)],
    top_up: Annotated[bool, typer.Option("--top-up", help="Keep the sample; add new or grown sources.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    *,
    common: Common,
) -> None:
    """Draw a random validation sample, stratified by source, and store its membership.

    Only texts nobody has labelled yet are drawn (a labelled text is training data),
    and none a model that tagged the corpus was trained on.
    Label its members (`voices review --export sheet.xlsx`, then `voices label --from`)
    and the report says how accurate voices is on these texts. They are never trained on.

    Example: voices sample --validation 100
    """
    from voices import api

    result = api.sample(common.corpus, validation=validation, top_up=top_up, seed=seed, progress=common.progress())
    if common.json:
        emit_json({"draw": result.draw, "added": result.added, "total": result.total,
                   "trained_left_out": result.trained})
    added = sum(result.added.values())
    # a sample smaller than asked: the texts left are labelled already (training data) or a model learnt them
    why = (" (labelled texts and their word-for-word copies are training data, never drawn)"
           if not result.trained else
           f" and no model that tagged the corpus learnt ({result.trained} such text{'s' * (result.trained != 1)} "
           "put back: scoring a model on its training texts flatters it)")
    if not added:
        short = "" if result.total >= validation else f", or no text left that nobody has labelled{why}"
        common.say(f"nothing added: every source already has its share of a sample of {validation}{short}; "
                   f"the validation sample holds {result.total}")
        return
    sources = len(result.added)
    # a sample smaller than asked reads as the size asked for unless it is said
    short = ("" if result.total >= validation else
             f", not the {validation} asked for: no other text is left that nobody has labelled{why}")
    common.say(f"draw {result.draw}: added {added} document{'s' * (added != 1)} from {sources} "
               f"source{'s' * (sources != 1)}; the validation sample holds {result.total}{short}")
