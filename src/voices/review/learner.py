"""The learning queue's model: fast TF-IDF + logistic regression, retrained in the background.

Texts are vectorised once when the page starts (the fast-path word TF-IDF of
``voices.models``); the classifier is refitted on the labels every N new labels in a
background thread, and the page says when. Never picks from the validation sample.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from voices.review.active import pick_density
from voices.store import Corpus

if TYPE_CHECKING:
    from voices.review.queues import Session

SEED = 0
_WORD = re.compile(r"[#@]?\w+(?:'\w+)?")


def normalise(texts: list[str]) -> list[str]:
    """Lower-cased word tokens joined by spaces (punctuation dropped), for the word TF-IDF.

    >>> normalise(["Pay is FROZEN, #SemST!"])
    ['pay is frozen #semst']
    """
    return [" ".join(_WORD.findall(t.lower())) for t in texts]


def make_learner() -> Any:
    """The one learner configuration the review page and the learning-curve benchmark use."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced", random_state=SEED)


def make_vectorizer() -> Any:
    """Word 1-2-gram sublinear TF-IDF (the fast-path features), rows L2-normalised."""
    from voices.models.vectorize import WordTfidf

    return WordTfidf((1, 2), min_df=1)


class Learner:
    """Vectorised corpus texts plus the current classifier over them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        with session.lock, Corpus.open(session.corpus, create=False) as c:
            rows = c.sql("SELECT id, text FROM documents WHERE kind <> 'article' ORDER BY id").fetchall()
        self.ids = [r[0] for r in rows]
        self.row = {d: i for i, d in enumerate(self.ids)}
        self.X = make_vectorizer().fit_transform(normalise([r[1] for r in rows])) if rows else None
        self.model: Any = None
        self._thread: threading.Thread | None = None
        self.refit()  # labels given before this session count from the start

    def _labelled(self) -> tuple[list[int], list[str]]:
        with self.session.lock, Corpus.open(self.session.corpus, create=False) as c:
            rows = c.sql("SELECT doc_id, stance FROM labels WHERE stance IS NOT NULL ORDER BY doc_id").fetchall()
        pairs = [(self.row[d], s) for d, s in rows if d in self.row]
        return [i for i, _ in pairs], [s for _, s in pairs]

    def refit(self) -> None:
        """Fit the classifier on the stored labels now (needs two stances among them)."""
        state = self.session.learner
        idx, y = self._labelled()
        if self.X is None or len(set(y)) < 2:
            return
        model = make_learner().fit(self.X[idx], y)
        from voices.review.queues import now_hms

        self.model, state.trained_on, state.trained_at = model, len(y), now_hms()

    def retrain_soon(self) -> None:
        """Refit in a background thread unless one is already running."""
        if self._thread is not None and self._thread.is_alive():
            return
        self.session.learner.running = True

        def run() -> None:
            try:
                self.refit()
            finally:
                self.session.learner.running = False

        self._thread = threading.Thread(target=run, name="voices-review-retrain", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a running retrain (tests and shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def next(self, c: Corpus, skipped: set[str]) -> tuple[str | None, tuple[str, float] | None]:
        """The most informative unlabelled text and the model's guess for it."""
        if self.X is None:
            return None, None
        from voices.store.queues import queued

        taken = {r[0] for r in c.sql("SELECT doc_id FROM labels").fetchall()}
        if c.has_table("validation_sample"):
            taken |= {r[0] for r in c.sql("SELECT doc_id FROM validation_sample").fetchall()}
        # texts queued on purpose (`voices themes adopt`) come first, in their order
        waiting = [d for d in queued(c, "learning", len(skipped) + len(taken) + 1)
                   if d not in skipped and d not in taken and d in self.row]
        if waiting:
            return waiting[0], self._guess(self.row[waiting[0]])
        pool = [i for i, d in enumerate(self.ids) if d not in taken and d not in skipped]
        if not pool:
            return None, None
        done = [self.row[d] for d in taken if d in self.row]
        model = self.model
        proba = model.predict_proba(self.X[pool]) if model is not None else None
        best = pick_density(proba, self.X[pool], self.X[sorted(done)], k=1)[0]
        guess = None
        if proba is not None:
            j = int(np.argmax(proba[best]))
            guess = (str(model.classes_[j]), float(proba[best, j]))
        return self.ids[pool[best]], guess

    def _guess(self, row: int) -> tuple[str, float] | None:
        """The current model's stance and probability for one text (None before the first model)."""
        model = self.model
        if model is None:
            return None
        proba = model.predict_proba(self.X[[row]])[0]
        j = int(np.argmax(proba))
        return str(model.classes_[j]), float(proba[j])
