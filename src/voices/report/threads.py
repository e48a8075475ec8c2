"""Thread dynamics: how each reply's stance relates to the comment it answers, and where threads fight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voices.report._text import Texts
from voices.report.data import ContestedThread, Dynamics, ReviewItem

if TYPE_CHECKING:
    import numpy as np

    from voices.store.report_docs import ReportDocs

SAME, DIFFERENT, NOT_COMPARABLE = "same", "different", "not_comparable"
TOP_CONTESTED = 5
TOP_FLIPS = 15


def is_none_label(label: object) -> bool:
    """The 'no position' label, whatever its case (``none``, SemEval's ``NONE``)."""
    return isinstance(label, str) and label.casefold() == "none"


def _roots(parent: np.ndarray) -> np.ndarray:
    """Each document's top-level ancestor (itself when top-level), by index; cycles are cut.

    ``parent[i]`` is the index of i's parent, or i for a top-level document. Pointer
    jumping finds every root in log(depth) steps; the few documents in or under a cycle
    are walked one by one, stopping before a document seen on the way.
    """
    import numpy as np

    root = parent.copy()
    for _ in range(64):
        jumped = root[root]
        if np.array_equal(jumped, root):
            break
        root = jumped
    for i in np.nonzero(parent[root] != root)[0].tolist():
        seen, cur = {i}, i
        while int(parent[cur]) not in seen:
            cur = int(parent[cur])
            seen.add(cur)
        root[i] = cur
    return root


def dynamics(docs: ReportDocs, texts: Texts) -> tuple[Dynamics, list[ReviewItem]]:
    """Reply-versus-parent relations, the most contested sub-threads, and the replies that flip.

    A reply's relation to the comment it answers is ``same``, ``different`` or
    ``not_comparable`` (either side not confident, or ``none``).

    Parameters
    ----------
    docs : voices.store.report_docs.ReportDocs
    texts : Texts

    Returns
    -------
    (Dynamics, list of ReviewItem)
        The second item lists replies whose stance differs from their parent's.
    """
    import numpy as np

    links = docs.reply_links()
    ords, parent_ord = np.asarray(links["ord"]), np.asarray(links["parent"])
    result = Dynamics()
    if not len(ords):
        return result, []
    reply = parent_ord >= 0
    parent = np.where(reply, np.searchsorted(ords, parent_ord), np.arange(len(ords)))
    relation = np.asarray(links["relation"])[reply]
    result.replies = int(reply.sum())
    result.not_comparable, result.same, result.different = (int((relation == k).sum()) for k in (0, 1, 2))
    root = _roots(parent)
    tallies = [np.bincount(root[reply][relation == k] if k is not None else root[reply], minlength=len(ords))
               for k in (None, 1, 2)]
    flips = np.nonzero(reply)[0][relation == 2][:TOP_FLIPS]
    result.contested = _contested(docs, tallies, root, ords, np.asarray(links["position"]), texts)
    return result, _flips(docs, ords[flips], ords[parent[flips]], texts)


def _flips(docs: ReportDocs, child: np.ndarray, parent: np.ndarray, texts: Texts) -> list[ReviewItem]:
    rows = docs.rows([*child.tolist(), *parent.tolist()])
    texts.prefetch_rows(rows[c] for c in child.tolist())
    out = []
    for c, p in zip(child.tolist(), parent.tolist(), strict=True):
        row, up = rows[c], rows[p]
        prob = row["stance_probability"]
        out.append(ReviewItem(
            doc_id=texts.doc_id(row["id"]), reason="reply disagrees with its parent", stance=row["comparable"],
            stance_probability=None if prob is None or prob != prob else float(prob),
            snippet=texts.snippet(row["id"], row["text"], parent=row["parent"]),
            parent_id=texts.doc_id(up["id"]), parent_stance=up["comparable"],
        ))
    return out


def _contested(docs: ReportDocs, tallies: list[np.ndarray], root: np.ndarray, ords: np.ndarray,
               position: np.ndarray, texts: Texts) -> list[ContestedThread]:
    """The sub-threads with most disagreeing replies (then agreeing ones, replies, position, id)."""
    import numpy as np

    replies, same, different = tallies
    candidates = np.nonzero(different > 0)[0]
    if not len(candidates):
        return []
    keys = (position[candidates], -replies[candidates], -same[candidates], -different[candidates])
    ranked = candidates[np.lexsort(keys)]
    # ids only break ties: take every candidate tied with the last one that makes the cut
    cut = ranked[min(TOP_CONTESTED, len(ranked)) - 1]
    key = (-different[cut], -same[cut], -replies[cut], position[cut])
    head = []
    for r in ranked.tolist():
        if (-different[r], -same[r], -replies[r], position[r]) > key:
            break
        head.append(r)
    info = docs.rows(ords[head].tolist())
    head = sorted(head, key=lambda r: (-different[r], -same[r], -replies[r], int(position[r]), info[ords[r]]["id"]))
    out = []
    for r in head[:TOP_CONTESTED]:
        row = info[int(ords[r])]
        stances = docs.confident_stances(ords[root == r].tolist())
        out.append(ContestedThread(
            root_id=texts.doc_id(row["id"]), author=texts.author(row["author"]),
            snippet=texts.snippet(row["id"], row["text"], 120, parent=row["parent"]),
            replies=int(replies[r]), different=int(different[r]), comparable=int(same[r] + different[r]),
            stances=dict(sorted(stances.items())),
        ))
    return out
