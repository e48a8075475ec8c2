"""The user's training texts, redacted before anything is fitted on them.

A model folder is made to be shared (a team retrains and passes it on), and ``voices
delete`` cannot reach a model trained before the delete. A name in two of the user's
labelled texts would otherwise become a vocabulary entry (a word, a "first last"
bigram, and the overlapping char n-grams that spell it) in ``bundle.npz`` and
``model.skops``. So the user's texts (a corpus's labels, ``--data`` files) go through
the ``Redactor`` a redacted export of the corpus uses: the corpus's authors, its
cached entities, NER for the rest. The shipped labelled corpus (AI-written package
data) is not redacted, and inference reads texts as they are.

``meta.json`` records what was done under ``redaction``; only ids, counts and the
redaction version, never a text. Its ``tokenizer.dropped_hashtags`` names only hashtags made
of English words (``shareable_hashtags``): a ubiquitous "#JusticeForKemiOkafor" whose name no
text writes out is not redacted (a hashtag in lower case gives no name shape to find), so it is
counted, never written, in the file people read and share.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from voices.models.data import LabelledItem, is_shipped_file

if TYPE_CHECKING:
    from voices.redact import Redactor
    from voices.store import Corpus

EntityFinder = Callable[[list[str]], list[list[tuple[int, int, str]]]]


def corpus_redactor(corpus: Corpus, doc_ids: Sequence[str], entities: EntityFinder | None = None) -> Redactor:
    """The redactor a redacted export of ``corpus`` would use, for the documents ``doc_ids``.

    Every author in the corpus is known (a commenter's name is redacted wherever a text
    names them), and so is every author ``voices delete`` erased (``IdMask.for_corpus`` brings
    their names' keyed digests: "ZED never listened" in a reply stays hidden after Zed's own
    comments went). Entities the corpus caches (``voices classify --entities``) are read,
    never written: training only reads the corpus.
    """
    from voices.redact import IdMask, PreloadedCache, Redactor, ner_version
    from voices.store import predictions as store
    from voices.store.secrets import redaction_key

    authors = [a for (a,) in corpus.sql(
        "SELECT DISTINCT author FROM documents WHERE author IS NOT NULL ORDER BY author").fetchall()]
    cached = store.cached(corpus, list(doc_ids), ner_version()) if corpus.has_table("prepared") else {}
    # a corpus with no key yet erased no name (a delete writes the key first); for_corpus would warn that
    # "ids in this output are one-off", and training shows no id
    ids = IdMask.for_corpus(corpus) if redaction_key(corpus) is not None else None
    return Redactor(authors, entities=entities, cache=PreloadedCache(cached), ids=ids)


def file_redactor(entities: EntityFinder | None = None) -> Redactor:
    """The redactor for labelled files trained on without a corpus (no authors, no cache)."""
    from voices.redact import Redactor

    return Redactor(entities=entities)


def _key(item: LabelledItem, keyed_by_id: bool) -> str:
    # A corpus's cached entities are keyed by document id; a file's ids are the user's own
    # and could equal one, so a file's text is keyed by its exact content instead.
    if keyed_by_id:
        return item.id
    return "text:" + hashlib.sha256(item.text.encode("utf-8")).hexdigest()


def redact_items(items: Sequence[LabelledItem], redactor: Redactor, *,
                 keyed_by_id: bool = False) -> tuple[list[LabelledItem], int]:
    """``items`` with their texts redacted (one NER pass for all), and how many texts changed.

    Parameters
    ----------
    items : sequence of LabelledItem
    redactor : voices.redact.Redactor
    keyed_by_id : bool
        The items are a corpus's documents (their ids key the corpus's entity cache).

    Examples
    --------
    >>> from voices.redact import Redactor
    >>> r = Redactor(entities=lambda ts: [[] for _ in ts])
    >>> done, changed = redact_items([LabelledItem("1", "Mail jo@example.org now", "for", "g", "f:1")], r)
    >>> done[0].text, changed
    ('Mail [EMAIL] now', 1)
    """
    keys = [_key(it, keyed_by_id) for it in items]
    redactor.prefetch(zip(keys, (it.text for it in items), strict=True))
    out = [replace(it, text=redactor.redact(it.text, key)) for it, key in zip(items, keys, strict=True)]
    return out, sum(a.text != b.text for a, b in zip(items, out, strict=True))


def from_user_files(item: LabelledItem, shipped: set[str]) -> bool:
    """Whether ``item`` was read from a file that is not the shipped labelled corpus's."""
    return item.where.rsplit(":", 1)[0] not in shipped


def shipped_paths(files: Sequence[Path | str]) -> set[str]:
    """The paths (as ``read_labelled`` writes them in ``where``) of the shipped corpus's files."""
    return {str(Path(f)) for f in files if is_shipped_file(Path(f))}


def redact_training(file_items: Sequence[LabelledItem], files: Sequence[Path | str], redactor: Redactor,
                    corpus_items: Sequence[LabelledItem] = ()) -> tuple[list[LabelledItem], dict]:
    """``file_items + corpus_items``, in that order, with the user's texts redacted; and ``meta.json``'s record.

    Items read from the shipped labelled corpus's files stay as they are; items from any
    other file and every corpus document are redacted.
    """
    shipped = shipped_paths(files)
    mine = [i for i, it in enumerate(file_items) if from_user_files(it, shipped)]
    done, changed = redact_items([file_items[i] for i in mine], redactor)
    out = list(file_items)
    for i, it in zip(mine, done, strict=True):
        out[i] = it
    in_corpus, changed_in_corpus = redact_items(corpus_items, redactor, keyed_by_id=True)
    return out + in_corpus, record(len(mine) + len(corpus_items), changed + changed_in_corpus)


def record(texts: int, changed: int, redacted: bool = True) -> dict:
    """``meta.json``'s ``redaction``: whether the user's texts were redacted before training."""
    from voices.redact import ner_version

    return {"user_texts_redacted": bool(redacted and texts), "user_texts": texts, "changed": changed,
            "version": ner_version() if redacted and texts else None}


def shareable_hashtags(tags: Sequence[str]) -> tuple[list[str], int]:
    """The hashtags ``meta.json`` may name, and how many it must only count.

    A hashtag (lower case, as ``TweetTokens.dropped_`` holds it) is named when each run of its
    letters splits into English words none of which is a listed first name ("blacklivesmatter",
    "metoo", "2016"): anything else could spell someone ("justiceforkemiokafor", "teamsarah",
    even "semst"), and is counted instead.

    >>> shareable_hashtags(["blacklivesmatter", "justiceforkemiokafor", "teamsarah", "metoo2016"])
    (['blacklivesmatter', 'metoo2016'], 2)
    """
    shown = [t for t in tags if _english_only(t)]
    return shown, len(tags) - len(shown)


def _english_only(tag: str) -> bool:
    from voices.models.hashtags import segment
    from voices.redact.names import listed_names

    names, word_names = listed_names()
    for run in re.findall(r"[^\W\d_]+", tag.lower()):
        words = segment(run, _english_vocab())
        if not words or any(w in names or w in word_names for w in words):
            return False
    return True


@cache
def _english_vocab() -> dict[str, int]:
    """``segment``'s vocabulary (word -> count): the shipped English words and the words tweets run together."""
    from voices.models.hashtags import COMMON
    from voices.redact.unlisted import english_words

    return dict.fromkeys(english_words() | COMMON, 1)
