"""Thread dynamics: how each reply's stance relates to the comment it answers, and where threads fight."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from voices.report._text import Texts
from voices.report.data import ContestedThread, Dynamics, ReviewItem

if TYPE_CHECKING:
    import pandas as pd

SAME, DIFFERENT, NOT_COMPARABLE = "same", "different", "not_comparable"
TOP_CONTESTED = 5
TOP_FLIPS = 15


def is_none_label(label: object) -> bool:
    """The 'no position' label, whatever its case (``none``, SemEval's ``NONE``)."""
    return isinstance(label, str) and label.casefold() == "none"


def comparable_stance(row: pd.Series) -> str | None:
    """The row's stance when it can be compared: confident, and a position (not ``none``)."""
    if row["group"] != "confident" or is_none_label(row["eff_stance"]):
        return None
    return row["eff_stance"]


def reply_relation(child: str | None, parent: str | None) -> str:
    """``same``, ``different`` or ``not_comparable`` (either side without a comparable stance)."""
    if child is None or parent is None:
        return NOT_COMPARABLE
    return SAME if child == parent else DIFFERENT


def _roots(parents: dict[str, str | None]) -> dict[str, str]:
    """Each document's top-level ancestor (itself when top-level); cycles are cut."""
    roots: dict[str, str] = {}
    for doc in parents:
        seen, cur = [doc], doc
        while parents.get(cur) in parents and parents[cur] not in seen:
            cur = parents[cur]  # type: ignore[assignment]
            seen.append(cur)
        roots[doc] = cur
    return roots


def dynamics(frame: pd.DataFrame, texts: Texts) -> tuple[Dynamics, list[ReviewItem]]:
    """Reply-versus-parent relations, the most contested sub-threads, and the replies that flip.

    Parameters
    ----------
    frame : pandas.DataFrame
        The prepared report frame (``group``, ``eff_stance``, ``id``, ``parent_id``, ...).
    texts : Texts

    Returns
    -------
    (Dynamics, list of ReviewItem)
        The second item lists replies whose stance differs from their parent's.
    """
    docs = frame[frame["kind"] != "article"]
    by_id = {row["id"]: row for _, row in docs.iterrows()}
    stance = {doc_id: comparable_stance(row) for doc_id, row in by_id.items()}
    parents = {doc_id: (row["parent_id"] if isinstance(row["parent_id"], str) else None) for doc_id, row in by_id.items()}
    roots = _roots(parents)
    result = Dynamics()
    flips: list[ReviewItem] = []
    per_root: dict[str, Counter] = {}
    for doc_id, row in by_id.items():
        parent = parents[doc_id]
        if parent is None or parent not in by_id:
            continue
        relation = reply_relation(stance[doc_id], stance[parent])
        result.replies += 1
        setattr(result, relation, getattr(result, relation) + 1)
        tally = per_root.setdefault(roots[doc_id], Counter())
        tally["replies"] += 1
        tally[relation] += 1
        if relation == DIFFERENT:
            flips.append(ReviewItem(
                doc_id=doc_id, reason="reply disagrees with its parent", stance=stance[doc_id],
                stance_probability=_prob(row), snippet=texts.snippet(doc_id, row["text"]),
                parent_id=parent, parent_stance=stance[parent],
            ))
    result.contested = _contested(per_root, by_id, roots, stance, texts)
    return result, flips[:TOP_FLIPS]


def _prob(row: pd.Series) -> float | None:
    value = row.get("stance_probability")
    return None if value is None or value != value else float(value)


def _contested(per_root: dict[str, Counter], by_id: dict, roots: dict[str, str],
               stance: dict[str, str | None], texts: Texts) -> list[ContestedThread]:
    ranked = sorted(
        (r for r, t in per_root.items() if t[DIFFERENT] > 0),
        key=lambda r: (-per_root[r][DIFFERENT], -per_root[r][SAME], -per_root[r]["replies"],
                       int(by_id[r]["position"]), r),
    )[:TOP_CONTESTED]
    out = []
    for root in ranked:
        members = [d for d, r in roots.items() if r == root]
        counts = Counter(by_id[d]["eff_stance"] for d in members if by_id[d]["group"] == "confident")
        tally = per_root[root]
        out.append(ContestedThread(
            root_id=root, author=texts.author(by_id[root]["author"]),
            snippet=texts.snippet(root, by_id[root]["text"], 120), replies=tally["replies"],
            different=tally[DIFFERENT], comparable=tally[SAME] + tally[DIFFERENT],
            stances=dict(sorted(counts.items())),
        ))
    return out
