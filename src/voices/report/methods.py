"""The methods block of a report: the models that tagged the documents, their figures, and notes on them.

Figures come from each model's ``meta.json`` (cross-validation, cross-writer, real
writing); the notes say where the error rates behind the corrected shares were measured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from voices.report.about import plain_figures
from voices.report.data import Distribution, Methods, ModelInfo

if TYPE_CHECKING:
    from voices.store.report_docs import ReportDocs


def _metric(value: object) -> str | None:
    if isinstance(value, Mapping):
        v, ci = value.get("value"), value.get("ci95")
        if isinstance(v, int | float):
            if isinstance(ci, Sequence) and len(ci) == 2:
                return f"{v:.3f} (95% CI {ci[0]:.3f}–{ci[1]:.3f})"
            return f"{v:.3f}"
        return None
    return f"{value:.3f}" if isinstance(value, int | float) and not isinstance(value, bool) else None


def _metrics(block: object) -> dict[str, str]:
    if not isinstance(block, Mapping):
        return {}
    keys = ("accuracy", "macro_f1", "micro_f1", "coverage", "covered_accuracy", "n")
    out = {k: m for k in keys if k in block and (m := _metric(block[k])) is not None}
    if "n" in block and isinstance(block["n"], int):
        out["n"] = str(block["n"])
    return out


def _methods(docs: ReportDocs, metas: Mapping[str, dict], human_labels: int, generated: str) -> Methods:
    models = []
    for task, col in (("stance", "stance_model"), ("themes", "themes_model")):
        for model_id, count in sorted(docs.model_counts(col)):
            meta = metas.get(model_id, {})
            data = meta.get("training_data") or {}
            thresholds = meta.get("thresholds") if isinstance(meta.get("thresholds"), Mapping) else {}
            models.append(ModelInfo(
                task=task, model_id=model_id, created=meta.get("created"),
                training_data_hash=data.get("hash"), training_n=data.get("n"),
                abstain_threshold=meta.get("abstain_threshold"),
                thresholds={k: float(v) for k, v in sorted(thresholds.items())},
                cv=_metrics(meta.get("cv")), cross_writer=_metrics(meta.get("cross_writer")), documents=count,
                **plain_figures(meta, task),
            ))
    notes = [] if metas else ["model metadata not available: metrics and training-data hash not shown"]
    notes += _real_writing_notes(models, metas)
    return Methods(generated=generated, models=models, human_labels=human_labels, notes=notes)


def _real_writing_notes(models: list[ModelInfo], metas: Mapping[str, dict]) -> list[str]:
    """What each model scored on real people's writing (from its meta.json), or that it was not measured."""
    notes = []
    for info in models:
        real = metas.get(info.model_id, {}).get("real_writing")
        block = real.get(info.task) if isinstance(real, Mapping) else None
        if not isinstance(block, Mapping):
            notes.append(f"{info.task} model {info.model_id[:12]}: not measured on real writing")
            continue
        figs = _metrics(block)
        label = real.get("label", "")
        notes.append(f"{info.task} model {info.model_id[:12]} on {real.get('n')} real texts"
                     + (f" ({label})" if label else "") + ": "
                     + ", ".join(f"{k} {v}" for k, v in figs.items() if k != "n"))
    if stance := [i for i in models if i.task == "stance"]:
        notes.append(_corrected_note(stance))
    return notes


def _corrected_note(stance: list[ModelInfo]) -> str:
    """Where the error rates behind the stance table's corrected shares were measured (each model's ``cv``).

    A model trained with the user's labels was cross-validated on those labels only: texts that may
    be this corpus's, but no random sample of it; the others, on their training texts.
    """
    own = [i.own_labels for i in stance if i.own_labels]
    where = ("other texts (the training corpus), not on this corpus" if not own
             else f"your {own[0]} labels (out of fold), not on a random sample of this corpus"
             if len(stance) == 1 else "your labels (out of fold) and other texts (the training corpus), "
             "not on a random sample of this corpus" if len(own) < len(stance)
             else "your labels (out of fold), not on a random sample of this corpus")
    return f"corrected shares use error rates measured on {where}: treat them as indicative"


def uncertain_note(d: Distribution) -> str | None:
    """What the report's uncertain count counts, and where the other stored uncertain flags went (None: none flagged).

    ``voices export`` shows every prediction's ``stance_uncertain``; the report counts a text a person labelled
    under the label and a campaign once, so its figure is lower whenever either happened.
    """
    flagged = d.uncertain + d.uncertain_labelled + d.uncertain_copies
    if not flagged:
        return None
    note = ("Uncertain: texts the stance model flagged below its abstention threshold that nobody labelled, "
            "campaign copies beyond the first left out")
    if flagged == d.uncertain:
        return note
    labelled, copies = d.uncertain_labelled, d.uncertain_copies
    parts = [*([f"{labelled} labelled by a person, counted under their label"] if labelled else []),
             *([f"{copies} campaign cop{'y' if copies == 1 else 'ies'}"] if copies else [])]
    return f"{note}: {d.uncertain} of the {flagged} stored predictions flagged uncertain ({'; '.join(parts)})"
