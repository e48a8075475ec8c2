"""Human labels: a person's stance (and themes) for a document, kept apart from the predictions.

Reports use a human label in place of the prediction and say how many they used;
``voices.store.label_rows`` reads them back out (the training format, the label history).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from voices.errors import InputError, NotFoundError, refuse_bad_rows
from voices.store import erased_names
from voices.store.corpus import utcnow
from voices.store.keyed_ids import keyed_matches, refuse_short_prefix
from voices.store.suppression import was_erased

if TYPE_CHECKING:
    from voices.labelfile import LabelRow
    from voices.store.corpus import Corpus

log = logging.getLogger(__name__)

__all__ = ["Label", "add_label", "get_label", "import_labels"]


@dataclass(frozen=True)
class Label:
    """One human label as stored."""

    doc_id: str
    stance: str | None
    themes: list[str] | None
    labelled_by: str | None
    labelled_at: datetime


def _resolve_doc(corpus: Corpus, doc_id: str) -> str:
    rows = _id_matches(corpus, doc_id)
    exact = [r[0] for r in rows if r[0] == doc_id]
    if exact:
        return exact[0]
    mine = _original_matches(corpus, doc_id)
    if len(mine) == 1:
        return mine[0][0]
    if mine:
        raise NotFoundError(f"{len(mine)} documents have the id {doc_id!r} in the files they came from "
                            f"(sources {', '.join(sorted({s[:8] for _, s in mine}))}; a respondent's answers "
                            "share one): give the voices id instead (`voices export` lists it beside "
                            "original_id and respondent_id)")
    if not rows and doc_id != doc_id.lower():  # typed in capitals: voices' ids (and keyed ids) are lower-case
        rows = _id_matches(corpus, doc_id.lower())
    if not rows:
        rows = [(d,) for _, d in keyed_matches(corpus, doc_id.lower())]
    if not rows:
        refuse_short_prefix(doc_id)
        if was_erased(corpus, doc_id):  # an old sheet after `voices delete`: say so, not a typo's message
            raise NotFoundError(f"document {doc_id!r} was erased from corpus {corpus.path} by voices delete: take "
                                "its row out of the file")
        raise NotFoundError(f"no document {doc_id!r} in corpus {corpus.path}: give a voices id or your file's own "
                            "(`voices export` lists each document's id and original_id)" + _ids_not_kept(corpus))
    if len(rows) > 1:
        raise NotFoundError(f"document id prefix {doc_id!r} is ambiguous: give more of it")
    return rows[0][0]


def _id_matches(corpus: Corpus, doc_id: str) -> list[tuple[str]]:
    """The documents whose id is ``doc_id`` or starts with it (at most 3, by id)."""
    return corpus.sql("SELECT id FROM documents WHERE id = ? OR starts_with(id, ?) ORDER BY id LIMIT 3",
                      [doc_id, doc_id]).fetchall()


def source_of(corpus: Corpus, doc_id: str) -> str:
    """The source of a document given as :func:`add_label` takes it (id, prefix or keyed id).

    Raises
    ------
    NotFoundError
        No such document, or an ambiguous prefix.
    """
    full_id = _resolve_doc(corpus, doc_id)
    return corpus.sql("SELECT source_id FROM documents WHERE id = ?", [full_id]).fetchall()[0][0]


def _original_matches(corpus: Corpus, given: str) -> list[tuple[str, str]]:
    """``(id, source_id)`` of the documents the user's own file calls ``given`` (at most 3): a records
    file's id (``original_id``), or a consultation's respondent id (one document per free-text answer)."""
    mine = "original_id = ? OR " if corpus.has_column("documents", "original_id") else ""
    return corpus.sql(f"SELECT id, source_id FROM documents WHERE {mine}respondent_id = ? ORDER BY id LIMIT 3",
                      [given, given] if mine else [given]).fetchall()


def _ids_not_kept(corpus: Corpus) -> str:
    """What to add to "no document" when records are stored without their file's ids: those stored
    before voices kept them (schema 7) have none until their file is ingested again."""
    if not corpus.has_column("documents", "original_id"):
        return ""
    rows = corpus.sql("""SELECT 1 FROM documents d JOIN sources s ON s.id = d.source_id
                         WHERE s.kind = 'records' AND d.original_id IS NULL LIMIT 1""").fetchall()
    return ("; records stored before voices kept your file's ids have none: `voices ingest` that file "
            "again to add them (nothing else changes)") if rows else ""


def add_label(
    corpus: Corpus,
    doc_id: str,
    stance: str | None,
    themes: Sequence[str] | None = None,
    by: str | None = None,
    *,
    stance_labels: Sequence[str] | Mapping[str, str] | None = None,
    theme_labels: Sequence[str] | Mapping[str, str] | None = None,
) -> Label:
    """Record (or replace) a person's label for one document.

    Parameters
    ----------
    corpus : Corpus
        Opened for writing; the caller holds the transaction.
    doc_id : str
        A document id, the id the user's own file gave it (``original_id``, or the
        respondent id of a consultation answer when the respondent has only that one),
        a unique prefix of a document id, or the keyed id a redacted output shows (``k...``) or a
        unique prefix of that.
    stance : str or None
        The stance label.
    themes : sequence of str or None
        The themes; None means "not labelled" (predicted themes stay in use).
    by : str or None
        Who labelled it.
    stance_labels, theme_labels : sequence of str, mapping or None
        Allowed labels (the model's); unknown labels are refused. A mapping of each id to its
        readable name (as reports show it) accepts the name too; ids and names in any case.

    Returns
    -------
    Label

    Raises
    ------
    NotFoundError
        No such document.
    InputError
        A label outside the allowed ones, or nothing to record.
    """
    if stance is None and themes is None:
        raise InputError("give --stance and/or --themes: there is nothing to record")
    # a label is named by its text alone, in any case ("None", "SYSTEM_LEADERS"): schemes refuse
    # two labels that differ only in case, so the scheme's own spelling is the one stored
    if stance is not None and stance_labels is not None:
        stance = _as_in_scheme(stance, stance_labels)
    if themes is not None and theme_labels is not None:
        themes = [_as_in_scheme(t, theme_labels) for t in themes]
    if stance is not None and stance_labels is not None and stance not in stance_labels:
        raise InputError(f"unknown stance {stance!r}; use one of {', '.join(stance_labels)}")
    if themes is not None and theme_labels is not None:
        bad = [t for t in themes if t not in theme_labels]
        if bad and not theme_labels:  # a stance-only debate: "use any of" with nothing after it, and once the
            # scheme's empty themes were taken for "any theme goes", a theme no scheme defines was stored
            raise InputError(f"the scheme has no themes (stance only), so theme{'s' * (len(bad) != 1)} "
                             f"{', '.join(map(repr, bad))} cannot be stored: leave themes empty, or add "
                             f"{'them' if len(bad) != 1 else 'it'} to the scheme ([themes.NAME], then voices scheme set)")
        if bad:
            raise InputError(f"unknown theme{'s' * (len(bad) != 1)} {', '.join(map(repr, bad))}; "
                             f"use any of {', '.join(theme_labels)}")
    full_id = _resolve_doc(corpus, doc_id)
    now = utcnow()
    theme_list = sorted(set(themes)) if themes is not None else None
    corpus.sql(
        """INSERT INTO labels VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (doc_id) DO UPDATE SET stance = coalesce(excluded.stance, labels.stance),
             themes = coalesce(excluded.themes, labels.themes),
             labelled_by = excluded.labelled_by, labelled_at = excluded.labelled_at""",
        [full_id, stance, theme_list, by, now],
    )
    label = get_label(corpus, full_id)
    assert label is not None  # just written
    return label


def _as_in_scheme(given: str, allowed: Sequence[str] | Mapping[str, str]) -> str:
    """The label ``given`` names, in any case: its id, or its readable name when ``allowed`` maps ids
    to the names reports show ('Stay close to practice'); else ``given`` as it is. Underscores,
    hyphens and runs of spaces count alike, so 'Practice Connected' is practice_connected."""
    if given in allowed:
        return given
    names = allowed if isinstance(allowed, Mapping) else {}
    wanted = _folded(given)
    found = [label for label in allowed if wanted in (_folded(label), _folded(str(names.get(label, ""))))]
    return found[0] if len(found) == 1 else given


def _folded(label: str) -> str:
    """A label as a person may type it: case, ``_``, ``-`` and spacing ignored."""
    return " ".join(re.split(r"[\s_-]+", label.casefold())).strip()


def import_labels(corpus: Corpus, rows: Sequence[LabelRow],
                  scheme_labels: Callable[[str], tuple[Mapping[str, str], Mapping[str, str]]],
                  by: str | None = None) -> tuple[int, int, int]:
    """Store the rows of a label file, each checked against its document's scheme.

    The caller holds the one transaction, so any error stores nothing.

    Parameters
    ----------
    corpus : Corpus
        Opened for writing and migrated.
    rows : sequence of voices.labelfile.LabelRow
    scheme_labels : callable
        A source id -> (its scheme's stances, its themes), each an id -> readable name mapping
        (or a list of ids); asked once per source.
    by : str or None
        Who labelled, for rows without a ``by`` cell.

    Returns
    -------
    (int, int, int)
        Labels stored (every row), documents newly added to the validation sample, and rows
        that said what was stored already (kept as they were, with who labelled and when).

    Raises
    ------
    InputError
        Naming the file and row: an unknown or ambiguous id, a label outside the scheme,
        the same document twice, ``validation`` yes on a text labelled for training or learnt
        by a model that tagged the corpus.
    """
    from voices.store.validation import add_members, members, say_sample_copies

    schemes: dict[str, tuple[list[str], list[str]]] = {}
    seen: dict[str, str] = {}
    validation = []
    unchanged = 0
    held = members(corpus)
    trained: list[str] = []  # documents put in the sample though labelled for training
    kept_in: list[str] = []  # rows saying validation no on a member: it stays one
    bad: list[tuple[str, InputError]] = []  # every bad row said at once; the caller's transaction stores nothing
    for row in rows:
        try:
            full_id = _resolve_doc(corpus, row.id)
        except NotFoundError as exc:
            bad.append((row.where, InputError(f"{row.where}: {exc}; nothing was stored")))
            continue
        if full_id in seen:
            bad.append((row.where, InputError(f"{row.where}: document {full_id[:12]} is already labelled at "
                                              f"{seen[full_id]}; keep one row per document")))
            continue
        seen[full_id] = row.where
        source = source_of(corpus, full_id)
        if source not in schemes:
            schemes[source] = scheme_labels(source)
        row = _as_stored(row, *schemes[source])
        stances, themes = schemes[source]
        stored = get_label(corpus, full_id)
        if row.said_no and full_id in held:
            kept_in.append(row.where)
        if row.validation and full_id not in held and stored is not None:
            trained.append(full_id)
        given = erased_names.as_labeller(corpus, row.by or by, source)  # an erased person is not named again
        if _unchanged(stored, row.stance, row.themes, given):
            if row.validation:
                validation.append(full_id)
            unchanged += 1
            continue  # a file read back (an export's round trip) keeps who labelled and when
        try:
            add_label(corpus, full_id, row.stance, row.themes, given,
                      stance_labels=stances, theme_labels=themes)
        except InputError as exc:
            bad.append((row.where, InputError(f"{row.where}: {exc}; nothing was stored")))
            continue
        if row.validation:
            validation.append(full_id)
    refuse_bad_rows(bad)
    _refuse_training_texts(corpus, trained, [d for d in validation if d not in held], seen)
    added = add_members(corpus, validation)
    say_sample_copies(corpus, seen)  # rows kept for training that train will leave out: said, not silent
    if kept_in:  # a "no" was read as an empty cell: the label then measured accuracy, never trained on, unsaid
        more = f" (and {len(kept_in) - 1} more row{'s' * (len(kept_in) != 2)})" if len(kept_in) > 1 else ""
        log.warning("%s%s: validation no on a text of the validation sample; it stays in the sample (taking texts "
                    "out would bias it), so its label measures accuracy and is never trained on", kept_in[0], more)
    return len(rows), added, unchanged


def _refuse_training_texts(corpus: Corpus, labelled: list[str], joining: list[str], rows: Mapping[str, str]) -> None:
    """Refuse rows that would put a text labelled for training, or one a model learnt, in the validation sample.

    A label stored outside the sample is training data (``training_labels``): a model may have learnt it,
    and scored on it the "How accurate on these texts" block flattered the model. ``sample --validation``
    never draws such texts; ``validation`` yes on them is refused the same way (the caller's transaction
    then stores nothing). ``labelled``: such documents; ``joining``: every document the file adds to the
    sample, checked against the ``meta.json`` of each model that tagged the corpus too (a label may have
    been deleted since training): by the ids it records, and by its training texts' keys (a model trained
    with ``--data`` or on another corpus records no id of this corpus's). ``rows``: document -> its row.
    """
    from voices.store.predictions import model_metas
    from voices.store.validation_scores import learnt, learnt_texts

    metas = model_metas(corpus) if joining else {}
    found = set(labelled) | (learnt(corpus, joining, metas.values()) if joining else set())
    by_text = learnt_texts(corpus, [d for d in joining if d not in found], metas)
    found |= set(by_text)
    copied = _copies_of_training(corpus, [d for d in joining if d not in found])
    found |= copied
    if not found:
        return
    where = sorted((rows[d] for d in found), key=lambda w: (len(w), w))  # "row 9" before "row 10"
    others = [f"row {w.rsplit(' row ', 1)[-1]}" for w in where[1:4]] + (["..."] if len(where) > 4 else [])
    also = f" ({len(where)} such rows; also {', '.join(others)})" if others else ""
    first = next(d for d in found if rows[d] == where[0])
    model = by_text.get(first, "")
    task = str(metas.get(model, {}).get("task") or "")
    why = (f"a text whose words (case and spacing aside) the {task + ' ' if task else ''}model {model[:12]}, which "
           "tagged the corpus, learnt from a copy labelled here, a file or another corpus" if first in by_text
           else "a word-for-word copy (case and spacing aside) of a text labelled for training, whose words the "
           "next model learns" if first in copied else "a text labelled for training, which a model may have learnt")
    raise InputError(f"{where[0]}: validation yes on {why}{also}; the validation sample must never score a model "
                     "on its training texts: leave validation empty on such rows (voices sample --validation N "
                     "draws unlabelled texts); nothing was stored")


def _copies_of_training(corpus: Corpus, joining: list[str]) -> set[str]:
    """The documents of ``joining`` whose words a text labelled for training has (``sample --validation``
    never draws them: a model trained on that label learns them, and the report leaves them out)."""
    from voices.store.validation import copies_of, members

    if not joining:
        return set()
    training = {r[0] for r in corpus.sql("SELECT doc_id FROM labels").fetchall()} - members(corpus) - set(joining)
    return copies_of(corpus, training, set(joining))


def _as_stored(row: LabelRow, stances: Sequence[str] | Mapping[str, str],
               themes: Sequence[str] | Mapping[str, str]) -> LabelRow:
    """``row`` with its labels as add_label stores them (ids), so a file read again is seen to say what is stored."""
    return dataclasses.replace(
        row, stance=None if row.stance is None else _as_in_scheme(row.stance, stances),
        themes=row.themes if row.themes is None or not themes else tuple(_as_in_scheme(t, themes) for t in row.themes))


def unstored_rows(corpus: Corpus, rows: Sequence[LabelRow],
                  scheme_labels: Callable[[str], tuple[Mapping[str, str], Mapping[str, str]]] | None = None,
                  ) -> list[LabelRow]:
    """The rows of a filled-in label sheet whose stance or themes the corpus does not hold yet.

    Who labelled is not compared: the sheet's label is stored when its stance and themes are.
    A row whose document is gone (deleted since) can never be stored and is left out.
    ``scheme_labels`` (as :func:`import_labels` takes it) reads labels given by readable name.
    """
    unstored = []
    for row in rows:
        try:
            full_id = _resolve_doc(corpus, row.id)
        except NotFoundError:
            continue
        stored = row if scheme_labels is None else _as_stored(row, *scheme_labels(source_of(corpus, full_id)))
        if not _unchanged(get_label(corpus, full_id), stored.stance, stored.themes, None):
            unstored.append(row)
    return unstored


def any_row_here(corpus: Corpus, rows: Sequence[LabelRow]) -> bool:
    """Whether any row of a label sheet names a document of this corpus (else it is another corpus's sheet)."""
    for row in rows:
        try:
            _resolve_doc(corpus, row.id)
        except NotFoundError:
            continue
        return True
    return False


def _unchanged(stored: Label | None, stance: str | None, themes: Sequence[str] | None, by: str | None) -> bool:
    """Whether a row says what is stored already (no labeller named, or the same one)."""
    if stored is None or (by is not None and by != stored.labelled_by):
        return False
    # in any case, as add_label stores it: a scheme's labels never differ only in case
    fold = lambda names: sorted({n.casefold() for n in names})  # noqa: E731 - local shorthand
    same_themes = themes is None or (stored.themes is not None and fold(themes) == fold(stored.themes))
    return (stance is None or stance.casefold() == (stored.stance or "").casefold()) and same_themes


def get_label(corpus: Corpus, doc_id: str) -> Label | None:
    """The stored label of a document, or None."""
    row = corpus.sql(
        "SELECT doc_id, stance, themes, labelled_by, labelled_at FROM labels WHERE doc_id = ?", [doc_id]
    ).fetchone()
    if row is None:
        return None
    return Label(row[0], row[1], list(row[2]) if row[2] is not None else None, row[3], row[4])
