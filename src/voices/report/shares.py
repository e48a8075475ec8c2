"""The stance tables of a report: each scope's counts and shares with their intervals, and the corrected shares.

Documents come grouped in ``Cell``s (``ReportDocs.group_counts``); a scope's table is
built from its cells, and its corrected shares from each stance model's out-of-fold
confusion matrix (human labels count as they are).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from voices.report import threads
from voices.report.data import Distribution, Share
from voices.report.stats import adjusted_shares, wilson

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from voices.store.report_docs import ReportDocs


class Cell(NamedTuple):
    """Documents sharing a source, group, copy flag, human flag, stances and stance model."""

    source_id: str | None
    grp: str
    copy: bool
    human: bool
    eff_stance: str | None
    stance: str | None
    stance_model: str | None
    n: int
    first: int


def _labels(docs: ReportDocs, metas: Mapping[str, dict]) -> list[str]:
    seen = docs.stances()
    for model_id in docs.first_stance_models():
        labels = metas.get(model_id, {}).get("labels")
        if labels:
            return list(labels) + sorted(seen - set(labels))
    ordered = sorted(seen)
    return [s for s in ordered if not threads.is_none_label(s)] + [s for s in ordered if threads.is_none_label(s)]


class Flagged(NamedTuple):
    """Stored predictions flagged uncertain sharing a source, human flag and copy flag (``ReportDocs.flagged_uncertain``)."""

    source_id: str | None
    human: bool
    copy: bool
    n: int


def _distribution(scope: str, title: str, cells: list[Cell], labels: list[str], metas: Mapping[str, dict],
                  flagged: Sequence[Flagged] = ()) -> Distribution:
    counts: Counter = Counter()
    groups: Counter = Counter()
    for c in cells:
        if not c.copy:
            groups[c.grp] += c.n
            if c.grp == "confident":
                counts[c.eff_stance] += c.n
    n = groups["confident"]
    rows = [Share(lab, counts[lab], counts[lab] / n if n else None, *wilson(counts[lab], n)) for lab in labels]
    dist = Distribution(
        scope=scope, title=title, n=n, rows=rows, uncertain=groups["uncertain"],
        not_english=groups["not_english"], unclassified=groups["unclassified"],
        human_labelled=sum(c.n for c in cells if c.human and c.grp == "confident" and not c.copy),
        campaign_copies=sum(c.n for c in cells if c.copy),
        uncertain_labelled=sum(f.n for f in flagged if f.human and not f.copy),
        uncertain_copies=sum(f.n for f in flagged if f.copy),
    )
    _adjust(dist, cells, metas)
    return dist


def _adjust(dist: Distribution, cells: list[Cell], metas: Mapping[str, dict]) -> None:
    """Fill ``adjusted_share``: model-tagged items corrected by the confusion matrix, human labels as they are."""
    predicted = [c for c in cells if not c.human and c.grp in ("confident", "uncertain") and not c.copy]
    human: Counter = Counter()
    for c in cells:
        if c.human and c.grp == "confident" and not c.copy:
            human[c.eff_stance] += c.n
    n_model, n_human = sum(c.n for c in predicted), sum(human.values())
    if not n_model and not n_human:
        return
    # a scope people labelled throughout has nothing to correct: its corrected share is its share, not a
    # dash beside another source's figures that reads as "could not be corrected"
    by_model: dict[str | None, Counter] = {}
    for c in predicted:
        by_model.setdefault(c.stance_model, Counter())[c.stance] += c.n
    # each model's counts corrected with its own out-of-fold matrix, then pooled
    pooled: Counter = Counter()
    notes: list[str] = []
    for model_id, stances in sorted(by_model.items(), key=lambda kv: kv[0] or ""):
        meta = metas.get(model_id or "", {})
        confusion, model_labels = meta.get("oof_confusion"), meta.get("labels")
        n_m = sum(stances.values())
        try:
            if not confusion or not model_labels:
                raise ValueError("no out-of-fold confusion matrix")
            adj = adjusted_shares(stances, confusion, model_labels)
        except ValueError as exc:
            if len(by_model) == 1:
                dist.adjusted_note = (
                    "no out-of-fold confusion matrix for the stance model: shares not corrected"
                    if not confusion or not model_labels else f"confusion matrix unusable ({exc}): shares not corrected")
                return
            pooled.update(stances)  # this model's share of the texts is left as predicted
            notes.append(f"{(model_id or 'unknown')[:12]}'s texts not corrected ({exc})")
            continue
        for lab, share in adj.shares.items():
            pooled[lab] += n_m * share
        if adj.note:
            notes.append(adj.note)
    for row in dist.rows:
        row.adjusted_share = (pooled[row.stance] + human[row.stance]) / (n_model + n_human)
    if len(by_model) > 1:
        notes.append(f"{len(by_model)} stance models tagged these documents (mixed models: rerun classify to "
                     "re-tag with one); each model's share corrected with its own error matrix")
    dist.adjusted_note = "; ".join(dict.fromkeys(notes)) or None
