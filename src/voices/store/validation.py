"""The validation sample: documents drawn at random to measure accuracy on the user's own texts.

Membership lives in table ``validation_sample`` with a draw number per call. Human
labels on members are for measuring only: training reads the corpus's human labels
through ``voices.store.training_labels``, which leaves members out, and labels on
word-for-word copies of members too (:func:`sample_copies`): a model trained on a copy
learns the member's words. Scoring a model on the sample is ``voices.store.validation_scores``.

This module owns the membership, the draw, and finding copies of members.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from voices.errors import UsageError
from voices.store.corpus import utcnow

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

log = logging.getLogger(__name__)
READ_BATCH = 10_000  # texts read at a time where every text is gone through (``draw_sample``)

__all__ = ["Draw", "add_members", "copies_of", "draw_sample", "members", "sample_copies", "say_sample_copies"]


@dataclass(frozen=True)
class Draw:
    """What one ``sample --validation`` call added."""

    draw: int
    added: dict[str, int]  # per source id, sorted
    total: int  # members after the draw
    trained: int = 0  # texts that could have been drawn, left out: a model that tagged the corpus learnt them


def members(corpus: Corpus) -> set[str]:
    """The ids in the validation sample (empty for an older corpus without the table)."""
    if not corpus.has_table("validation_sample"):
        return set()
    return {r[0] for r in corpus.sql("SELECT doc_id FROM validation_sample").fetchall()}


def _next_draw(corpus: Corpus) -> int:
    return int(corpus.sql("SELECT coalesce(max(draw), 0) + 1 FROM validation_sample").fetchall()[0][0])


def add_members(corpus: Corpus, doc_ids: Sequence[str], draw: int | None = None) -> int:
    """Add documents to the sample (a label file's ``validation`` column); members stay as they were.

    The caller holds the transaction and has migrated the corpus. Returns how many were new.
    """
    if not doc_ids:
        return 0
    draw = _next_draw(corpus) if draw is None else draw
    before = len(members(corpus))
    corpus.sql(
        """INSERT INTO validation_sample
           SELECT d.id, d.source_id, ?, ? FROM documents d WHERE d.id IN (SELECT unnest(?::VARCHAR[]))
           ON CONFLICT (doc_id) DO NOTHING""",
        [draw, utcnow(), list(doc_ids)],
    )
    return len(members(corpus)) - before


def _quotas(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional quotas by largest remainder, at least one per source while ``n`` allows.

    Examples
    --------
    >>> _quotas({"a": 90, "b": 9, "c": 1}, 10)
    {'a': 8, 'b': 1, 'c': 1}
    >>> _quotas({"a": 5, "b": 5}, 20)
    {'a': 5, 'b': 5}
    """
    total = sum(sizes.values())
    n = min(n, total)
    exact = {s: n * sizes[s] / total for s in sizes} if total else dict.fromkeys(sizes, 0.0)
    quota = {s: math.floor(exact[s]) for s in sizes}
    for s in sorted(sizes, key=lambda s: (-(exact[s] - quota[s]), s))[: n - sum(quota.values())]:
        quota[s] += 1
    # at least one per source: taken from the source with the largest quota
    for s in sorted(sizes, key=lambda s: (sizes[s], s)):
        donor = max(sorted(quota), key=lambda d: quota[d])
        if quota[s] == 0 and sizes[s] and quota[donor] > 1:
            quota[donor] -= 1
            quota[s] = 1
    return dict(sorted(quota.items()))


def draw_sample(corpus: Corpus, n: int, *, top_up: bool = False, seed: int = 0) -> Draw:
    """Draw ``n`` documents at random, stratified by source, into the validation sample.

    Each source gets a share proportional to its size (at least one while ``n``
    allows); articles and texts classify left without a stance (not in English) are not drawn:
    they are never scored; only documents no person has labelled are drawn, since a labelled one is
    training data a model may have learnt, and none a model that tagged the corpus was trained
    on (by id or by text, ``voices.store.provenance.trained_on``): such texts are left out
    before the draw. A first draw needs an empty sample; ``top_up`` instead adds to sources
    that have fewer members than their share of the sample's size (new or grown
    sources) and never touches earlier members. The same corpus and ``seed`` give
    the same draw.

    Parameters
    ----------
    corpus : Corpus
        Opened for writing and migrated; the caller holds the transaction.
    n : int
        Sample size (for ``top_up``: each source is filled up to its share of ``n`` over
        today's sources; sources over their share keep every member).
    top_up : bool
        Add to sources that have too few members; an empty sample is drawn afresh.
    seed : int
        Random seed.

    Returns
    -------
    Draw

    Raises
    ------
    UsageError
        ``n`` below 1, or a sample already drawn without ``top_up``.
    """
    if n < 1:
        raise UsageError(f"--validation {n}: give a sample size of at least 1")
    have = members(corpus)
    if have and not top_up:
        raise UsageError(f"the corpus {corpus.path} already has a validation sample of {len(have)}; "
                         "add --top-up to add new or grown sources, keeping it")
    plan, put_back = _plan(corpus, n, have)
    draw = _next_draw(corpus)
    added, chosen = _pick(plan, put_back, seed)
    if not chosen:  # nothing to add: no draw is made, the latest one is reported
        return Draw(draw - 1, {}, len(have), len(put_back))
    add_members(corpus, chosen, draw)
    return Draw(draw, added, len(have) + len(chosen), len(put_back))


def _plan(corpus: Corpus, n: int, have: set[str]) -> tuple[list[tuple[str, int, list[str]]], set[str]]:
    """What ``draw_sample`` may draw: ``(source, how many, candidates)`` per source short of its share,
    and the candidates a model learnt (``put_back``: never drawn)."""
    # an article is never classified as a comment, and a text classify found not in English gets no stance: neither
    # is ever scored, so a member drawn from them was a label asked for and then left out of the accuracy block
    # without a word ("On 7 validation texts" of 8 drawn)
    docs = corpus.sql("""SELECT source_id, id FROM documents WHERE kind <> 'article'
                         AND id NOT IN (SELECT doc_id FROM predictions WHERE stance IS NULL)
                         ORDER BY source_id, id""").fetchall()
    by_source: dict[str, list[str]] = {}
    for sid, did in docs:
        by_source.setdefault(sid, []).append(did)
    # Shares of ``n`` over today's sources: a source over its share keeps its members, one
    # under it is filled, so the same call again adds nothing (a share of the sample's
    # current size grew the sample on every call).
    quota = _quotas({s: len(ids) for s, ids in by_source.items()}, n)
    # A text a person labelled outside the sample is training data (``training_labels``): a model
    # may have learnt it, so drawing it would score the model on its own training texts (and
    # take it out of the next training). Only texts nobody has labelled yet are drawn.
    labelled = {r[0] for r in corpus.sql("SELECT doc_id FROM labels").fetchall()}
    from voices.store.predictions import model_metas

    metas = model_metas(corpus)
    # one read of the texts serves the copies and the learnt texts below (none when neither is asked)
    keys = _all_text_keys(corpus) if labelled - have or metas else {}
    # so is a word-for-word copy of one: the next model learns its words, and the report then leaves it
    # out of the accuracy figures as a text the model learnt (a validation label wasted)
    labelled |= _copies(keys, labelled - have)
    plan = []
    for sid, ids in sorted(by_source.items()):
        want = quota[sid] - sum(d in have for d in ids)
        free = [d for d in ids if d not in have and d not in labelled]
        if want > 0 and free:
            plan.append((sid, want, free))
    # A text a model learnt would score it on its own training data: all such candidates are looked up
    # at once and left out (drawing, then putting back and drawing again, was quadratic on a corpus of
    # campaign copies of one learnt text: 76 s for 20,000 texts).
    put_back = _learnt(corpus, [d for _, _, free in plan for d in free], metas, keys)
    return plan, put_back


def _pick(plan: list[tuple[str, int, list[str]]], put_back: set[str], seed: int) -> tuple[dict[str, int], list[str]]:
    """The documents drawn from ``plan`` (none of ``put_back``) and how many per source."""
    import numpy as np

    added: dict[str, int] = {}
    chosen: list[str] = []
    for sid, want, candidates in plan:
        free = [d for d in candidates if d not in put_back]
        if not free:
            continue
        # one generator per source from (seed, source): adding a source never reshuffles another
        pick = np.random.default_rng([seed, int(hashlib.sha256(sid.encode()).hexdigest()[:15], 16)])
        take = sorted(pick.choice(len(free), size=min(want, len(free)), replace=False).tolist())
        chosen += [free[i] for i in take]
        added[sid] = len(take)
    return added, chosen


def copies_of(corpus: Corpus, doc_ids: set[str], among: set[str]) -> set[str]:
    """The documents of ``among`` (not in ``doc_ids``) whose words (case and spacing aside, ``text_key``) one
    of ``doc_ids`` has; only those documents' texts are read."""
    if not doc_ids or not among:
        return set()
    from voices.store.provenance import text_key

    wanted = sorted(doc_ids | among)
    keys = {d: text_key(t) for d, t in corpus.sql("SELECT id, text FROM documents WHERE text IS NOT NULL AND id IN "
                                                  "(SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall()}
    return _copies(keys, doc_ids) & among


def _all_text_keys(corpus: Corpus) -> dict[str, str]:
    """Every stored text's ``text_key`` by document id, the texts read ``READ_BATCH`` at a time: ``sample`` held
    them all at once (a 100,000-comment corpus's texts), where their 16-character keys are all it compares."""
    from voices.store.provenance import text_key

    keys: dict[str, str] = {}
    cursor = corpus.sql("SELECT id, text FROM documents WHERE text IS NOT NULL")
    while rows := cursor.fetchmany(READ_BATCH):
        keys.update((d, text_key(t)) for d, t in rows)
    return keys


def _copies(keys: Mapping[str, str], doc_ids: set[str]) -> set[str]:
    """The documents of ``keys`` (id -> ``text_key``) not in ``doc_ids`` whose words one of ``doc_ids`` has."""
    if not doc_ids:
        return set()
    theirs = {key for doc_id, key in keys.items() if doc_id in doc_ids}
    return {doc_id for doc_id, key in keys.items() if doc_id not in doc_ids and key in theirs}


def _learnt(corpus: Corpus, doc_ids: list[str], metas: Mapping[str, Mapping[str, Any]],
            keys: Mapping[str, str]) -> set[str]:
    """The documents of ``doc_ids`` a model of ``metas`` was trained on, by recorded id or by text (``keys``)."""
    from voices.store.provenance import trained_on_keys

    if not doc_ids or not metas:
        return set()
    found = trained_on_keys(corpus, {d: keys.get(d) for d in doc_ids}, metas.values())
    return set(found.all)


def sample_copies(corpus: Corpus, doc_ids: Iterable[str]) -> set[str]:
    """The documents of ``doc_ids``, not in the validation sample, whose words (case and spacing aside,
    ``text_key``) a sample member has.

    A label on such a copy is kept (reports use it for that document) but never trained on
    (:func:`training_labels`): the model would learn the member's words, and the report would then
    leave the member out of "How accurate on these texts" as a text the model learnt, wasting its label.
    """
    return copies_of(corpus, members(corpus), set(doc_ids))


def say_sample_copies(corpus: Corpus, doc_ids: Iterable[str]) -> int:
    """Warn (logged) that the labels just stored on ``doc_ids`` that are :func:`sample_copies` are kept but
    never trained on; returns how many. ``voices label``, ``label --from`` and the review page say it alike."""
    found = sorted(sample_copies(corpus, doc_ids))
    if found:
        which = f"document {found[0]}" if len(found) == 1 else f"{len(found)} documents ({found[0]}, ...)"
        log.warning("%s: the words (case and spacing aside) of a validation-sample text; the label is stored "
                    "and reports use it, but `voices train` leaves it out, so the sample never scores a model "
                    "on words it learnt", which)
    return len(found)
