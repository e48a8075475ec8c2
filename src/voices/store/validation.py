"""The validation sample: documents drawn at random to measure accuracy on the user's own texts.

Membership lives in table ``validation_sample`` with a draw number per call. Human
labels on members are for measuring only: :func:`training_labels` is the one place
training reads the corpus's human labels from, and it leaves members out, and labels on
word-for-word copies of members too (:func:`sample_copies`): a model trained on a copy
learns the member's words.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from voices.errors import UsageError
from voices.store.corpus import utcnow

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

log = logging.getLogger(__name__)
READ_BATCH = 10_000  # texts read at a time where every text is gone through (``draw_sample``)

__all__ = ["Draw", "Scored", "add_members", "copies_of", "draw_sample", "learnt", "learnt_texts", "members",
           "sample_copies", "say_sample_copies", "training_labels", "training_split", "training_texts", "unlabelled_members",
           "validation_pairs", "validation_scores"]


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
    import numpy as np

    if n < 1:
        raise UsageError(f"--validation {n}: give a sample size of at least 1")
    have = members(corpus)
    if have and not top_up:
        raise UsageError(f"the corpus {corpus.path} already has a validation sample of {len(have)}; "
                         "add --top-up to add new or grown sources, keeping it")
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
    draw = _next_draw(corpus)
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
    if not chosen:  # nothing to add: no draw is made, the latest one is reported
        return Draw(draw - 1, {}, len(have), len(put_back))
    add_members(corpus, chosen, draw)
    return Draw(draw, added, len(have) + len(chosen), len(put_back))


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


class TrainingSplit(NamedTuple):
    """The corpus's human labels as ``voices train --corpus`` splits them, from one read of their texts."""

    labels: list[tuple[str, str | None, list[str] | None]]  # what training may use (:func:`training_labels`)
    texts: list[tuple[str, str, str, str | None, list[str] | None]]  # the same with source and text
    copies: list[tuple[str, str | None, list[str] | None]]  # labels on word-for-word copies of members, left out
    sample_keys: set[str]  # ``text_key`` of every member's text: train leaves ``--data`` copies of them out too


def training_split(corpus: Corpus) -> TrainingSplit:
    """The human labels training may use, with their texts; the labels left out as word-for-word copies
    (case and spacing aside, :func:`sample_copies`) of validation members; and the members' text keys.

    Members' labels are measuring data, never listed. The members' and the labelled documents' texts are
    read and keyed once (``train`` keyed the members' texts three times, and read the labelled ones twice).
    Lists are sorted by id.
    """
    from voices.store.provenance import text_key

    rows = corpus.sql("SELECT doc_id, stance, themes FROM labels ORDER BY doc_id").fetchall()
    held = members(corpus)
    wanted = sorted(held | {d for d, _, _ in rows})
    docs = {d: (s, t) for d, s, t in corpus.sql(
        "SELECT id, source_id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall()}
    keys = {d: text_key(t) for d, (_, t) in docs.items() if t is not None}
    sample_keys = {keys[d] for d in held if d in keys}
    labels: list[tuple[str, str | None, list[str] | None]] = []
    copies: list[tuple[str, str | None, list[str] | None]] = []
    for d, s, t in rows:
        if d not in held:
            (copies if keys.get(d) in sample_keys else labels).append((d, s, list(t) if t is not None else None))
    texts = [(d, *docs[d], s, t) for d, s, t in labels if d in docs]
    return TrainingSplit(labels, texts, copies, sample_keys)


def training_labels(corpus: Corpus) -> list[tuple[str, str | None, list[str] | None]]:
    """The human labels training may use: ``(doc_id, stance, themes)``, validation members and their
    word-for-word copies (:func:`sample_copies`) left out.

    ``stance`` None is a themes-only label, ``themes`` None a stance-only one (the
    model's themes are never returned as a person's). Sorted by id.
    """
    return training_split(corpus).labels


def training_texts(corpus: Corpus) -> list[tuple[str, str, str, str | None, list[str] | None]]:
    """:func:`training_labels` with each document's source and text:
    ``(doc_id, source_id, text, stance, themes)``, sorted by id."""
    return training_split(corpus).texts


def _in_sources(source_ids: Sequence[str] | None) -> tuple[str, list]:
    if not source_ids:
        return "TRUE", []
    return "d.source_id IN (SELECT unnest(?::VARCHAR[]))", [list(source_ids)]


def validation_pairs(corpus: Corpus, source_ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """``(person's stance, model's stance)`` for each validation member both labelled and classified.

    Empty for an older corpus without the sample. Sorted by document id. Members the stance model
    was trained on are kept here; :func:`validation_scores` leaves them out.
    """
    return validation_scores(corpus, source_ids, {}).pairs


class Scored(NamedTuple):
    """:func:`validation_scores`' answer: the pairs scored, and the members left out as trained on."""

    pairs: list[tuple[str, str]]  # (person's stance, model's stance), sorted by document id
    learnt: int  # members the model learnt as this corpus's labelled documents (their ids)
    same_text: int  # the other members left out: their text is one of the model's training texts


def validation_scores(corpus: Corpus, source_ids: Sequence[str] | None,
                      metas: Mapping[str, Mapping[str, Any]]) -> Scored:
    """:func:`validation_pairs` less the members the model that tagged them was trained on, and how many those were.

    A text labelled for training and later put in the sample (``label --from`` with ``validation``
    yes, before that was refused) scored the model on a text it had learnt, flattering it; so did a
    text the model learnt elsewhere (``train --data`` on an export, or ``--corpus`` on another corpus
    holding it). ``metas`` (model id -> ``meta.json``, ``voices.store.predictions.model_metas``) says
    which texts each model learnt (``voices.store.provenance.trained_on``): its labelled documents'
    ids keyed under this corpus's secret (``adaptation.user_labels.doc_keys``) and the keys of all its
    training texts (``training_data.text_keys``).

    Returns
    -------
    Scored
    """
    if not corpus.has_table("validation_sample"):
        return Scored([], 0, 0)
    from voices.store.provenance import trained_on

    cond, params = _in_sources(source_ids)
    rows = corpus.sql(
        f"""SELECT v.doc_id, l.stance, p.stance, p.stance_model, d.text FROM validation_sample v
            JOIN documents d ON d.id = v.doc_id
            JOIN labels l ON l.doc_id = v.doc_id JOIN predictions p ON p.doc_id = v.doc_id
            WHERE l.stance IS NOT NULL AND p.stance IS NOT NULL AND {cond} ORDER BY v.doc_id""", params).fetchall()
    by_model: dict[str, dict[str, str | None]] = {}
    for doc, _, _, model, text in rows:
        by_model.setdefault(model, {})[doc] = text
    found = [trained_on(corpus, docs, [metas.get(m) or {}]) for m, docs in by_model.items()]
    by_id = set().union(*(f.by_id for f in found))
    by_text = set().union(*(f.by_text for f in found)) - by_id
    return Scored([(h, p) for doc, h, p, _, _ in rows if doc not in by_id | by_text], len(by_id), len(by_text))


def unlabelled_members(corpus: Corpus, source_ids: Sequence[str] | None = None) -> int:
    """How many classified validation members (of ``source_ids``, or all) nobody has given a stance yet.

    They would be scored once labelled (as :func:`validation_scores` pairs them); a member with no
    stance prediction (not in English) would not, so it is not counted.
    """
    if not corpus.has_table("validation_sample"):
        return 0
    cond, params = _in_sources(source_ids)
    return corpus.sql(f"""SELECT count(*) FROM validation_sample v JOIN documents d ON d.id = v.doc_id
                          JOIN predictions p ON p.doc_id = v.doc_id LEFT JOIN labels l ON l.doc_id = v.doc_id
                          WHERE p.stance IS NOT NULL AND l.stance IS NULL AND {cond}""", params).fetchone()[0]


def learnt(corpus: Corpus, doc_ids: Iterable[str], metas: Iterable[Mapping[str, Any]]) -> set[str]:
    """The documents of ``doc_ids`` a model of ``metas`` was trained on, as its ``meta.json`` records their ids.

    ``train --corpus`` records its user labels as keyed ids (``adaptation.user_labels.doc_keys``,
    ``voices.models.private_meta``); older folders as plain ``doc_ids``.
    """
    from voices.store.provenance import trained_on

    return set(trained_on(corpus, dict.fromkeys(doc_ids), metas).by_id)


def learnt_texts(corpus: Corpus, doc_ids: Iterable[str], metas: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The documents of ``doc_ids`` whose text (case and spacing aside) a model of ``metas`` was trained on,
    each with the first such model's id (``metas``: model id -> ``meta.json``).

    A model trained with ``train --data`` on an export, or ``--corpus`` on another corpus, records no id of
    this corpus's: only its training texts' keys (``training_data.text_keys``) find them.
    """
    from voices.store.provenance import trained_on

    ids = list(doc_ids)
    if not ids:
        return {}
    texts = dict(corpus.sql("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                            [ids]).fetchall())
    found: dict[str, str] = {}
    for model_id, meta in sorted(metas.items()):
        for doc in sorted(trained_on(corpus, texts, [meta]).by_text):
            found.setdefault(doc, model_id)
    return found
