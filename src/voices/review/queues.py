"""The review session: which text comes next, saving and undoing labels, the learning model.

The corpus is opened for each call and closed again (never held while the page
is idle), so other voices commands keep working while ``voices review`` runs.
One lock serialises this process's own opens.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from voices.errors import InputError, NotFoundError
from voices.models.scheme import scheme_for
from voices.store import Corpus
from voices.store.labels import add_label, get_label
from voices.store.queues import select
from voices.store.validation import say_sample_copies

QUEUES = ("validation", "learning")
_DOC_SQL = """SELECT d.id, d.text, d.kind, d.question, d.closed_answer, p.text AS parent,
                     pr.stance, pr.stance_probability
              FROM documents d LEFT JOIN documents p ON p.id = d.parent_id
              LEFT JOIN predictions pr ON pr.doc_id = d.id WHERE d.id = ?"""


@dataclass
class LearnerState:
    """What the page says about the learning model."""

    trained_on: int = 0
    trained_at: str | None = None
    running: bool = False


@dataclass
class Session:
    """One ``voices review`` run over a corpus.

    Parameters
    ----------
    corpus : Path
        The corpus file (must exist).
    queue : str
        ``"validation"`` (the drawn sample, in order) or ``"learning"``.
    retrain_every : int
        Retrain the learning model after this many new labels.
    by : str or None
        Recorded as who labelled.
    """

    corpus: Path
    queue: str = "validation"
    retrain_every: int = 20
    by: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    history: list[tuple[str, Any]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    saved: int = 0
    learner: LearnerState = field(default_factory=LearnerState)
    _model: Any = None
    _scheme: Any = None

    def __post_init__(self) -> None:
        if self.queue not in QUEUES:
            raise InputError(f"unknown queue {self.queue!r}; use validation or learning")
        if self.retrain_every < 1:
            raise InputError("--retrain-every must be at least 1")
        with self.lock, Corpus.open(self.corpus, create=False) as c:
            if self.queue == "validation" and (
                    not c.has_table("validation_sample")
                    or not c.sql("SELECT count(*) FROM validation_sample").fetchone()[0]):
                raise InputError(f"no validation sample in {self.corpus}: draw one first with "
                                 "voices sample --validation N")
            # the corpus's own scheme (or the shipped one): its labels, in its order, so the
            # keys stay put from one run to the next, and labels are checked against it
            self._scheme = scheme_for(c)
        self.stances = self._scheme.labels("stance")
        self.themes = [t for t in self._scheme.labels("themes") if t != "_"]
        if self.queue == "learning":
            from voices.review.learner import Learner

            self._model = Learner(self)

    # ---- what the page shows ---------------------------------------------------------
    def labels(self) -> dict[str, list[dict[str, str]]]:
        """Stance and theme names with their one-line definitions and keys."""
        def row(name: str, defs: dict, key: str) -> dict[str, str]:
            d = defs.get(name)
            return {"name": name, "definition": d.definition.split("\n")[0] if d else "", "key": key}

        theme_keys = "abcdefghijklmnopqrtvwy"
        return {"stances": [row(n, self._scheme.stances, str(i + 1)) for i, n in enumerate(self.stances[:9])],
                "themes": [row(n, self._scheme.themes, theme_keys[i]) for i, n in enumerate(self.themes[:22])]}

    def _candidates(self, c: Corpus) -> list[str]:
        if self.queue == "validation":
            total = c.sql("SELECT count(*) FROM validation_sample").fetchone()[0]
            return [i for i in select(c, "validation", max(total, 1)) if i not in self.skipped]
        return []

    def next(self) -> dict[str, Any]:
        """The next text with its context, the model's guess and the progress."""
        with self.lock, Corpus.open(self.corpus, create=False) as c:
            copies: int | None = None
            if self.queue == "validation":
                todo = self._candidates(c)
                total = c.sql("SELECT count(*) FROM validation_sample").fetchone()[0]
                done = c.sql("""SELECT count(*) FROM validation_sample v JOIN labels l
                                ON l.doc_id = v.doc_id""").fetchone()[0]
                doc_id = todo[0] if todo else None
                guess = None
            else:  # counted in distinct texts: word-for-word copies are one text, shown once
                doc_id, guess = self._model.next(c, self.skipped)
                done, total, copies = self._model.progress(c)
            doc = self._document(c, doc_id) if doc_id else None
        if doc is not None and guess is not None:
            doc["guess"], doc["confidence"], doc["guess_by"] = guess[0], guess[1], "learning model"
        progress = {"done": done, "total": total, "session": self.saved, "skipped": len(self.skipped)}
        if copies is not None:  # the learning queue's: copies of a text it shows never come up
            progress["copies_left_out"] = copies
        return {"doc": doc, "progress": progress,
                "queue": self.queue, "learner": self._learner_note()}

    def _learner_note(self) -> str:
        if self.queue != "learning":
            return ""
        s = self.learner
        if s.running:
            return f"retraining the model on {s.trained_on} labels…"
        if s.trained_at is None:
            return f"no model yet: picking varied texts; it trains every {self.retrain_every} labels"
        return f"model retrained on {s.trained_on} labels at {s.trained_at}; next after {self.retrain_every} more"

    @staticmethod
    def _document(c: Corpus, doc_id: str) -> dict[str, Any] | None:
        row = c.sql(_DOC_SQL, [doc_id]).fetchone()
        if row is None:
            return None
        keys = ("id", "text", "kind", "question", "closed_answer", "parent", "guess", "confidence")
        doc = dict(zip(keys, row, strict=True))
        doc["guess_by"] = "classify" if doc["guess"] else None
        return doc

    # ---- what the page changes -------------------------------------------------------
    def save(self, doc_id: str, stance: str, themes: list[str] | None) -> dict[str, Any]:
        """Store a label now (one transaction), remembering the previous one for undo."""
        if doc_id in self.skipped:
            self.skipped.discard(doc_id)
        with self.lock, Corpus.open(self.corpus, write=True, create=False) as c:
            before = get_label(c, doc_id)
            with c.transaction():
                label = add_label(c, doc_id, stance, themes, self.by, stance_labels=self.stances,
                                  theme_labels=self.themes)
            copy = say_sample_copies(c, [label.doc_id])
        self.history.append((label.doc_id, before))
        self.saved += 1
        if self._model is not None and self.saved % self.retrain_every == 0:
            self._model.retrain_soon()
        saved: dict[str, Any] = {"doc_id": label.doc_id, "stance": label.stance, "themes": label.themes}
        if copy:  # as `voices label` says it: kept, never trained on (store.training_labels)
            saved["note"] = (f"saved; its words are a validation-sample text's, so training leaves this label out "
                             f"({label.doc_id[:12]})")
        return saved

    def skip(self, doc_id: str) -> None:
        """Leave this text for now (this session only); an id the corpus lacks is refused, not remembered."""
        with self.lock, Corpus.open(self.corpus, create=False) as c:
            if self._document(c, doc_id) is None:
                raise NotFoundError(f"no document {doc_id!r} in corpus {self.corpus}: skip the text the page shows")
        self.skipped.add(doc_id)
        self.history.append((doc_id, "skip"))

    def undo(self) -> str | None:
        """Take back the last label or skip; that text is shown next. None when nothing to undo."""
        if not self.history:
            return None
        doc_id, before = self.history.pop()
        if before == "skip":
            self.skipped.discard(doc_id)
            return doc_id
        with self.lock, Corpus.open(self.corpus, write=True, create=False) as c, c.transaction():
            c.sql("DELETE FROM labels WHERE doc_id = ?", [doc_id])
            if before is not None:
                c.sql("INSERT INTO labels VALUES (?, ?, ?, ?, ?)",
                      [before.doc_id, before.stance, before.themes, before.labelled_by, before.labelled_at])
        self.saved -= 1
        return doc_id

    def current_after_undo(self, doc_id: str) -> dict[str, Any]:
        """The page state showing ``doc_id`` (the text just undone) again."""
        state = self.next()
        with self.lock, Corpus.open(self.corpus, create=False) as c:
            state["doc"] = self._document(c, doc_id)
        return state


def now_hms() -> str:
    """The local time as HH:MM:SS, for the page's retraining note."""
    return datetime.now().strftime("%H:%M:%S")
