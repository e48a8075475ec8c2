"""``voices delete`` as a library call: erase documents for real and name the models trained on them.

The corpus side (rows, predictions, labels and their labellers' names, caches,
then a rewrite of the file so no deleted byte remains, and the keyed digests that keep
ingest from taking the documents in again: ``voices.store.suppression``) is ``Corpus.delete``. What
lives outside the corpus cannot be erased from here: reports and exports written
earlier still hold the text, and a model trained on the documents' labels keeps
what it learnt. Model folders record a key of every training text in
``meta.json`` (``training_data.text_keys``), and ``train --corpus`` records its labelled
documents' keyed ids (``adaptation.user_labels.doc_keys``, under the corpus's secret;
folders from before hold plain ``doc_ids``, matched too), so the models trained on a
deleted document are listed, with the command that retrains them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from voices.errors import CorpusError, UsageError
from voices.ids import keyed_id
from voices.models.data import text_key
from voices.models.private_meta import corpus_id
from voices.placeholders import names_nobody
from voices.redact.authors import erased_name_terms
from voices.store import Corpus, erasure
from voices.store.compact import RewriteError
from voices.store.predictions import model_metas
from voices.store.provenance import recorded_ids
from voices.store.secrets import redaction_key


@dataclass(frozen=True)
class AffectedModel:
    """A model folder whose training data held a deleted document."""

    path: str
    task: str
    documents: int
    retrain: str


@dataclass(frozen=True)
class Erasure:
    """What ``erase`` removed, and the models that still learnt from it."""

    documents: int
    source_id: str | None
    respondent_id: str | None
    models: tuple[AffectedModel, ...] = field(default=())
    author: str | None = None
    document_id: str | None = None
    # (model_id, task, documents) of models that tagged the corpus and learnt them, whose folder was not among
    # the ones checked: the corpus keeps their meta.json, not where the folder is
    unplaced: tuple[tuple[str, str, int], ...] = field(default=())
    # labels (and superseded ones) the erased author gave to others' documents: kept, named ERASED_LABELLER now
    labels_unnamed: int = 0


def erase(corpus_path: Path | str, *, source: str | None = None, respondent: str | None = None,
          author: str | None = None, document: str | None = None,
          model_dirs: Sequence[Path | str] = ()) -> Erasure:
    """Erase a source's, a respondent's or an author's documents, or one document, and everything derived from them.

    Parameters
    ----------
    corpus_path : path
        The corpus (must exist).
    source, respondent : str, optional
        A source id (or unique prefix), a respondent id, or both (see ``Corpus.delete``).
    author : str, optional
        Every document whose stored author is this name, in any case, with each run of white space as one
        space and none around it; only in ``source`` when given. Replies to them by others stay, without their parent.
    document : str, optional
        One document: its id, the keyed id a redacted export shows (``k...``), or a unique prefix of
        either (in ``source`` when given).
    model_dirs : sequence of paths
        Model folders, or folders holding model folders, to check for training data
        that held the deleted documents.

    Raises
    ------
    NotFoundError, UsageError, CorpusError
        As ``Corpus.delete``; ``UsageError`` for a document id prefix of several documents, or an ``author``
        such as "Anonymous" that several people post under (``refuse_placeholder_author``).
    """
    refuse_placeholder_author(author)
    with Corpus.open(corpus_path, write=True, create=False) as c:
        sid = c.resolve_sources([source])[0] if source else None
        doc_id = erasure.resolve_document(c, document, sid) if document is not None else None
        who = {"source_id": sid, "respondent_id": respondent, "author": author, "doc_id": doc_id}
        # the corpus's own default models too (classify --stance-model), wherever they are kept
        roots = [*model_dirs, *default_models(c)]
        # read before anything goes: a Ctrl-C or a kill while the folders were read (the retrain command
        # imports the training code, a second or more) left the documents erased and no model named
        found, unplaced = _trained_on(c, who, roots, Path(corpus_path).resolve())
        # the erased authors' names leave with them, but others' texts still name them: redacted outputs
        # must hide them as they did, so their terms are kept as keyed digests (voices.store.erased_names)
        names = erased_name_terms(sorted({a for a in erasure.to_delete(c, "author", **who) if isinstance(a, str)}))
        unnamed = erasure.labels_given_by(c, author, sid) if author is not None else 0
        unfinished = None
        try:
            # a model folder trained on them that tags the corpus later must not bring their keys back into it
            n = erasure.delete(c, **who, names=names, model_metas_elsewhere=[m for _, m in _folder_metas(roots)],
                               told=_told(found, unplaced))
        except RewriteError as exc:
            # the rows are gone and only the file's rewrite failed (a full disk): the models must be named
            # now, as no later call can find what they were trained on. Nothing more is asked of the
            # connection: a failed checkpoint leaves DuckDB's invalidated, and asking it whether the rows
            # went answered "corpus is damaged: restore it from a backup" for a corpus that was fine
            unfinished = exc
    if unfinished is not None:
        named = "".join(f"; model {m.path} was trained on {m.documents} of them; retrain it without them: "
                        f"{m.retrain}" for m in found)
        raise CorpusError(f"{unfinished}{named}") from None
    return Erasure(n, sid, respondent, tuple(found), author, doc_id, unplaced, unnamed)


def _told(found: Sequence[AffectedModel], unplaced: Sequence[tuple[str, str, int]]) -> list[str]:
    """The models trained on the erased documents, said as the command that finishes an interrupted delete
    says it (``voices delete`` itself says them once the file is rewritten)."""
    here = f" (run in {Path.cwd()})"  # the command that finishes it may run in another folder
    lines = [f"model {m.path} was trained on {m.documents} of the documents that erasure took; retrain it without "
             f"them: {m.retrain}{'' if Path(m.path).is_absolute() else here}" for m in found]
    return lines + [f"{task} model {mid[:12]}, which tagged this corpus, was trained on {n} of the documents that "
                    f"erasure took; find its folder (meta.json model_id {mid[:12]}) and retrain it"
                    for mid, task, n in unplaced]


def _trained_on(corpus: Corpus, who: dict, roots: Sequence[Path | str],
                corpus_path: Path) -> tuple[list[AffectedModel], tuple[tuple[str, str, int], ...]]:
    """The model folders under ``roots`` trained on the documents ``who`` selects, and the models that tagged
    the corpus and learnt them whose folder is not among those (``Erasure.unplaced``)."""
    tagged = model_metas(corpus)  # every model that tagged the corpus, an earlier default's folder unknown
    if not roots and not tagged:
        return [], ()
    keys = {text_key(t) for t in erasure.to_delete(corpus, "text", **who)}
    ids = set(erasure.to_delete(corpus, "id", **who))
    secret = redaction_key(corpus)
    ids |= {keyed_id(secret, d) for d in ids} if secret is not None else set()
    found = affected_models(keys, roots, ids, corpus=corpus_path, corpus_key=corpus_id(secret))
    placed = {str(meta.get("model_id")) for _, meta in _folder_metas(roots)}
    return found, tuple((mid, str(meta.get("task", "stance")), hits) for mid, meta in sorted(tagged.items())
                        if mid not in placed and (hits := _hits(meta, keys, ids)))


def _hits(meta: dict, text_keys: set[str], doc_ids: set[str]) -> int:
    """How many of the texts (``text_keys``) or documents (plain and keyed ``doc_ids``) a ``meta.json`` learnt."""
    data = meta.get("training_data") or {}
    return max(len(text_keys & set(data.get("text_keys") or ())), len(doc_ids & recorded_ids([meta])))


def refuse_placeholder_author(author: str | None) -> None:
    """Refuse to erase by an author such as "Anonymous", "Guest" or "N/A" (``voices.placeholders``).

    Everyone who posts without a name is stored under it, so erasing it would erase every one of them for
    one person's request.

    Raises
    ------
    UsageError
        When ``author`` is such a placeholder.
    """
    if author is not None and author.strip() and names_nobody(author):
        raise UsageError(f"--author {author.strip()!r} is a placeholder several people post under, not one "
                         "person's name: deleting it would erase all of them; delete that person's documents "
                         "one by one with --id DOC_ID (voices export lists documents with their ids and authors)")


def compact(corpus_path: Path | str) -> None:
    """Rewrite the corpus so bytes of rows deleted earlier leave the disk (after a failed rewrite)."""
    with Corpus.open(corpus_path, write=True, create=False) as c:
        if not c.erasure_finished:  # opening finished an interrupted delete's rewrite already
            c.compact()


def default_models(corpus: Corpus) -> list[Path]:
    """The model folders ``corpus`` classifies with by default (its settings' ``stance_model`` and
    ``themes_model``: ``classify --stance-model DIR`` made them so), where they still are.

    A model trained on the corpus's labels and then used on it is often kept outside ``./models``;
    ``delete`` run from another folder must still name it.
    """
    from voices.store.settings import get_setting

    found = []
    for task in ("stance", "themes"):
        value = get_setting(corpus, f"{task}_model")
        if isinstance(value, dict) and value.get("path") and (Path(value["path"]) / "meta.json").is_file():
            found.append(Path(value["path"]))
    return found


def _model_folders(roots: Iterable[Path | str]) -> Iterable[Path]:
    """Each model folder under ``roots`` once (a default model may also sit under ``--models``)."""
    seen = set()
    for root in map(Path, roots):
        folders = [root] if (root / "meta.json").is_file() else \
            sorted(p.parent for p in root.glob("*/meta.json")) if root.is_dir() else []
        for folder in folders:
            if folder.resolve() not in seen:
                seen.add(folder.resolve())
                yield folder


def affected_models(text_keys: set[str], roots: Iterable[Path | str],
                    doc_ids: set[str] | None = None, *, corpus: Path | str | None = None,
                    corpus_key: str | None = None) -> list[AffectedModel]:
    """Model folders under ``roots`` whose ``meta.json`` records training on any of the given texts or ids.

    ``doc_ids`` holds the deleted documents' plain ids and their keyed ids (new folders record
    keyed ones, older ones plain). ``corpus`` (the corpus deleted from) and ``corpus_key`` (its
    ``training_data.corpus_id``) name the corpus in the retrain command of a model trained on it,
    as model folders no longer record its path.
    """
    found = []
    if not text_keys and not doc_ids:
        return found
    for folder, meta in _folder_metas(roots):
        data = meta.get("training_data") or {}
        if hits := _hits(meta, text_keys, doc_ids or set()):
            task = str(meta.get("task", "stance"))
            this = corpus if corpus is not None and corpus_key is not None and data.get("corpus_id") == corpus_key else None
            found.append(AffectedModel(str(folder), task, hits,
                                       retrain_command(data, task, folder, this, meta)))
    return found


def _folder_metas(roots: Iterable[Path | str]) -> Iterator[tuple[Path, dict]]:
    """Each model folder under ``roots`` with its ``meta.json`` (a folder whose meta cannot be read is passed by)."""
    from voices.errors import ModelError
    from voices.models.persist import META_FILE, META_LIMIT, read_model_file

    for folder in _model_folders(roots):
        try:  # a regular file in the folder: a FIFO named meta.json hung `delete --models`
            meta = json.loads(read_model_file(folder, META_FILE, META_LIMIT))
        except (OSError, ValueError, ModelError):
            continue
        if isinstance(meta, dict):
            yield folder, meta


def retrain_command(data: dict, task: str, folder: Path, corpus_path: Path | str | None = None,
                    meta: dict | None = None) -> str:
    """The ``voices train`` command that rebuilds a model from its ``training_data``, as it was trained.

    A model trained with ``--corpus`` is retrained from that corpus (the shipped labelled files
    it read join again by themselves; only other ``--data`` files are named). Files are recorded
    as recorded: a user's file as ``your-file-<sha256 prefix>``, so put its name in (``sha256sum``
    tells which). The corpus is ``corpus_path`` when the model records it as this corpus
    (``corpus_id``), the path recorded by older folders, else ``CORPUS``. A stance model its ``meta``'s
    ``adaptation`` says was not adapted by MAP is retrained ``--adapt pooled`` (needed only without ``--data``):
    without it, train adapts by MAP, the default since 94c745f, and the hint rebuilt another model than the one
    trained. So are the settings ``meta`` records other than the defaults (``_as_trained``). A MAP model from
    before ``C_b`` cannot be rebuilt: its hint says, after the command (a shell comment), that it builds today's.
    """
    import shlex

    files = [str(f) for f in data.get("files") or ()]
    corpus = corpus_path or data.get("corpus") or ("CORPUS" if "corpus_id" in data else None)
    if corpus:
        from voices.models.adapt_data import shipped_data_files

        shipped = {p.name for p in shipped_data_files(task)}
        extra = "".join(f" --data {shlex.quote(f)}" for f in files if f not in shipped)
        adaptation = (meta or {}).get("adaptation")
        if task == "stance" and not extra and isinstance(adaptation, dict) and adaptation.get("method") != "map":
            extra += " --adapt pooled"  # with --data, train adapts pooled anyway
        return (f"voices train --task {task} --corpus {shlex.quote(str(corpus))}{extra}"
                f"{_as_trained(meta or {}, task, True)} --out {shlex.quote(str(folder))}{_old_map_note(adaptation)}")
    named = " ".join(f"--data {shlex.quote(f)}" for f in files or ["LABELLED.jsonl"])
    return f"voices train {named} --task {task}{_as_trained(meta or {}, task, False)} --out {shlex.quote(str(folder))}"


def _old_map_note(adaptation: object) -> str:
    """The one-line caveat for a MAP model from before session 38 (its ``adaptation`` has no ``C_b``): train now
    puts its biases under a prior and weighs the user's stances alike, and has no option to do otherwise."""
    if not isinstance(adaptation, dict) or adaptation.get("method") != "map" or "C_b" in adaptation:
        return ""
    from voices.models.adapt_map import C_B, CLASS_WEIGHT

    # plain words only: zsh reads a pasted comment as arguments (an apostrophe there opened a quote that never closed)
    weights = ", each stance weighing the same" if CLASS_WEIGHT == "balanced" else ""
    return (f"  # builds the MAP of this version, biases under a prior of variance {C_B:g}{weights}: this model, "
            "from before that, cannot be rebuilt as it was")


def _as_trained(meta: dict, task: str, corpus: bool) -> str:
    """The ``voices train`` options ``meta`` records away from their defaults: given back plain, the hint trained
    with seed 0, abstain precision 0.9, macro F1 and the default tokenizer, another model than the one trained
    (``--objective`` and ``--tokenizer`` stay at their defaults with ``--corpus``)."""
    cv = meta.get("cv") if isinstance(meta.get("cv"), dict) else {}
    flags = [f" --seed {cv['seed']}"] if isinstance(cv.get("seed"), int) and cv["seed"] != 0 else []
    precision = meta.get("abstain_precision")
    if task == "stance" and isinstance(precision, int | float) and precision != 0.9:
        flags.append(f" --abstain-precision {precision:g}")
    if not corpus and meta.get("objective") not in (None, "macro_f1"):
        flags.append(f" --objective {meta['objective']}")
    if not corpus and meta.get("tokenizer"):
        flags.append(" --tokenizer tweets")
    return "".join(flags)
