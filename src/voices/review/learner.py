"""The learning queue: one rule for the review page and ``voices review --export --queue learning``.

``learning_order`` is that rule: texts queued on purpose (``voices themes adopt``)
first, then ``voices.review.active.pick_learning`` (information density with entropy
as the uncertainty, under a fast TF-IDF + logistic regression fitted on the stored
labels; k-means++ picks before there is a model), never the validation sample nor a
labelled text; ``distinct_order`` then gives each word-for-word text once (campaign
copies). The page vectorises once when it starts and refits in a background
thread every N new labels (and says when); the export vectorises and fits once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import numpy as np

from voices.review.active import pick_learning
from voices.store import Corpus

if TYPE_CHECKING:
    from scipy import sparse

    from voices.review.queues import Session

SEED = 0
READ_BATCH = 10_000  # texts read at a time (``_read_texts``)
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


def vectorise_corpus(c: Corpus) -> tuple[list[str], sparse.csr_matrix | None]:
    """Ids (sorted) and TF-IDF rows of every text a person could label (articles excluded)."""
    ids, X, _ = _read_texts(c)
    return ids, X


def _read_texts(c: Corpus) -> tuple[list[str], sparse.csr_matrix | None, _Copies]:
    """``vectorise_corpus`` and the texts' copies (``_Copies``) from one read of the texts: the queue needs both.

    The texts are read ``READ_BATCH`` at a time and only their normalised words and copy keys kept: the
    stored texts were all held (as DuckDB's result and as strings) while the TF-IDF was fitted.
    """
    from voices.store.provenance import text_key

    ids: list[str] = []
    words: list[str] = []
    keys: list[str] = []
    cursor = c.sql("SELECT id, text FROM documents WHERE kind <> 'article' ORDER BY id")
    while rows := cursor.fetchmany(READ_BATCH):
        ids += [doc_id for doc_id, _ in rows]
        words += normalise([text for _, text in rows])
        keys += [text_key(text) for _, text in rows]
    return ids, vectorise(words), _Copies(ids, keys)


def vectorise(words: list[str]) -> sparse.csr_matrix | None:
    """``make_vectorizer().fit_transform(words)``, ``READ_BATCH`` texts at a time: the same matrix.

    Fitted on all the texts at once, the word 1-2-grams of 100,000 comments took 1.1 GB
    beside a matrix of 80 MB (``benchmarks/results/learning-queue.md``).
    """
    from scipy import sparse

    if not words:
        return None
    starts = range(0, len(words), READ_BATCH)
    vectorizer = make_vectorizer().fit_batches(words[i:i + READ_BATCH] for i in starts)
    return sparse.vstack([vectorizer.transform(words[i:i + READ_BATCH]) for i in starts], format="csr")


def fit_on_labels(c: Corpus, row: dict[str, int], X: sparse.csr_matrix | None) -> tuple[Any, int]:
    """The learner fitted on the stored stances, and how many; None until two stances are among them."""
    labels = c.sql("SELECT doc_id, stance FROM labels WHERE stance IS NOT NULL ORDER BY doc_id").fetchall()
    pairs = [(row[d], s) for d, s in labels if d in row]
    y = [s for _, s in pairs]
    if X is None or len(set(y)) < 2:
        return None, len(y)
    return make_learner().fit(X[[i for i, _ in pairs]], y), len(y)


class OrderCache:
    """What ``learning_order`` can keep between calls on the same texts: the page asks once per text.

    The row of each id, the column sums of ``X``, and the current model's probabilities
    for every text (recomputed when the model object changes: the page refits every few
    labels). Without it, each call redid all three: 0.56 s per text on 200,000 texts.
    """

    def __init__(self) -> None:
        self.row: dict[str, int] | None = None
        self.colsum: np.ndarray | None = None
        self.model: Any = None
        self.proba: np.ndarray | None = None

    def rows(self, ids: list[str]) -> dict[str, int]:
        if self.row is None:
            self.row = {d: i for i, d in enumerate(ids)}
        return self.row

    def probabilities(self, model: Any, X: sparse.csr_matrix) -> np.ndarray:
        if self.proba is None or self.model is not model:
            self.model, self.proba = model, model.predict_proba(X)
        return self.proba

    def densities(self, X: sparse.csr_matrix, pool: np.ndarray, out: np.ndarray) -> np.ndarray:
        """``active.densities(X[pool])`` without copying the pool's rows: each row's dot with the pool's mean row."""
        if self.colsum is None:
            self.colsum = np.asarray(X.sum(axis=0)).ravel()
        mean = (self.colsum - np.asarray(X[out].sum(axis=0)).ravel()) / len(pool)
        return np.asarray(X @ mean).ravel()[pool]


def learning_order(c: Corpus, ids: list[str], X: sparse.csr_matrix | None, model: Any, n: int,
                   skipped: Collection[str] = (), cache: OrderCache | None = None) -> list[str]:
    """The learning queue's next ``n`` ids: queued texts first, then ``pick_learning``.

    Parameters
    ----------
    c : Corpus
        An open corpus (read only).
    ids, X : list of str, sparse matrix
        ``vectorise_corpus`` output: the texts and their TF-IDF rows, in the same order.
    model : classifier or None
        Fitted on the stored labels (``fit_on_labels``); None picks varied texts.
    n : int
        How many ids.
    skipped : collection of str
        Ids to leave out (the page's skips).
    cache : OrderCache or None
        Kept between calls on the same ``ids`` and ``X`` (the page); None computes afresh.

    Returns
    -------
    list of str
        Never a labelled text or a validation-sample member.
    """
    from voices.store.queues import queued

    if X is None:
        return []
    cache = cache if cache is not None else OrderCache()
    taken = {r[0] for r in c.sql("SELECT doc_id FROM labels").fetchall()} | set(skipped)
    if c.has_table("validation_sample"):
        taken |= {r[0] for r in c.sql("SELECT doc_id FROM validation_sample").fetchall()}
    row = cache.rows(ids)
    first = [d for d in queued(c, "learning", n + len(taken)) if d not in taken and d in row][:n]
    in_pool = np.ones(len(ids), dtype=bool)
    in_pool[[row[d] for d in (*taken, *first) if d in row]] = False
    pool = np.flatnonzero(in_pool)
    if not len(pool) or len(first) == n:
        return first
    k = n - len(first)
    if model is None:
        done = sorted(row[d] for d in taken if d in row and d not in skipped)
        picks = pick_learning(None, X[pool], X[done], k=k, seed=SEED)
    else:
        proba = cache.probabilities(model, X)[pool]
        density = cache.densities(X, pool, np.flatnonzero(~in_pool))
        picks = pick_learning(proba, None, None, k=k, seed=SEED, density=density)
    return first + [ids[pool[j]] for j in picks]


def learning_queue(c: Corpus, n: int) -> tuple[list[str], int]:
    """The learning queue's first ``n`` distinct texts, ranked from scratch (``voices review --export``).

    Word-for-word copies (``text_key``: case and spacing folded; campaign answers) are one
    text to a person: each distinct text comes once, as its first copy by id, and a text with a
    labelled copy or a copy in the validation sample not at all. Returns the ids and how many copies were left out.
    """
    ids, X, copies = _read_texts(c)
    cache = OrderCache()
    model, _ = fit_on_labels(c, cache.rows(ids), X)
    return distinct_order(c, ids, X, model, copies, n, cache=cache)


def distinct_order(c: Corpus, ids: list[str], X: sparse.csr_matrix | None, model: Any, copies: _Copies, n: int,
                   skipped: Collection[str] = (), cache: OrderCache | None = None) -> tuple[list[str], int]:
    """``learning_order``'s first ``n`` distinct texts (``_Copies.distinct``) and the copies passed over.

    The one rule of the sheet and the page: a text skipped on the page is skipped with its copies.
    """
    labelled = {r[0] for r in c.sql("SELECT doc_id FROM labels").fetchall()}
    sample = ({r[0] for r in c.sql("SELECT doc_id FROM validation_sample").fetchall()}
              if c.has_table("validation_sample") else set())
    want = n
    while True:  # copies take places in the ranking: rank further until n distinct texts or none left
        ranked = learning_order(c, ids, X, model, want, skipped, cache=cache)
        out, left_out = copies.distinct(ranked, n, labelled | set(skipped), sample)
        if len(out) == n or len(ranked) < want or want >= len(ids):
            return out, left_out
        want = min(2 * want, len(ids))


class _Copies:
    """Each text's copy key, and the ids (in id order) of every text stored more than once."""

    def __init__(self, ids: list[str], keys: list[str]) -> None:
        self.key: dict[str, str] = {}
        group: dict[str, list[str]] = {}
        for doc_id, key in zip(ids, keys, strict=True):  # in id order: the first id of each key comes first
            self.key[doc_id] = key  # ``text_key`` of the text
            group.setdefault(key, []).append(doc_id)
        self.copies = {key: same for key, same in group.items() if len(same) > 1}
        self.texts = len(group)  # distinct texts

    def keys(self, doc_ids: Collection[str]) -> set[str]:
        """The copy keys of ``doc_ids`` (ids of no text here, such as articles', have none)."""
        return {self.key[d] for d in doc_ids if d in self.key}

    def distinct(self, ranked: list[str], n: int, labelled: Collection[str], sample: Collection[str]
                 ) -> tuple[list[str], int]:
        """Up to ``n`` ids, one per text with no copy in ``labelled`` nor in the validation ``sample``, in
        ``ranked``'s order; and the copies passed over.

        Each text comes as its first copy by id. A copy of a sample member labelled for training
        would be learnt by the next model, and the report then leaves the member out of its accuracy
        figures (the model learnt its words), so the sample's label on it would be wasted.
        """
        seen, out, left_out = self.keys(labelled) | self.keys(sample), [], 0
        for doc_id in ranked:
            key = self.key[doc_id]
            if key in seen:
                left_out += 1
                continue
            seen.add(key)
            out.append(self.copies.get(key, [doc_id])[0])
            if len(out) == n:
                break
        return out, left_out


class Learner:
    """Vectorised corpus texts plus the current classifier over them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        with session.lock, Corpus.open(session.corpus, create=False) as c:
            self.ids, self.X, self.copies = _read_texts(c)
        self.cache = OrderCache()
        self.row = self.cache.rows(self.ids)
        self.model: Any = None
        self._thread: threading.Thread | None = None
        self.refit()  # labels given before this session count from the start

    def refit(self) -> None:
        """Fit the classifier on the stored labels now (needs two stances among them)."""
        state = self.session.learner
        with self.session.lock, Corpus.open(self.session.corpus, create=False) as c:
            model, n = fit_on_labels(c, self.row, self.X)
        if model is None:
            return
        from voices.review.queues import now_hms

        self.model, state.trained_on, state.trained_at = model, n, now_hms()

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
        """The most informative unlabelled text, once for all its copies (``distinct_order``), and the model's guess."""
        best, _ = distinct_order(c, self.ids, self.X, self.model, self.copies, 1, skipped, cache=self.cache)
        if not best:
            return None, None
        return best[0], self._guess(self.row[best[0]])

    def progress(self, c: Corpus) -> tuple[int, int, int]:
        """Distinct texts with a labelled copy, distinct texts, and the copies the page never shows."""
        labelled = {r[0] for r in c.sql("SELECT doc_id FROM labels").fetchall()}
        return len(self.copies.keys(labelled)), self.copies.texts, len(self.ids) - self.copies.texts

    def _guess(self, row: int) -> tuple[str, float] | None:
        """The current model's stance and probability for one text (None before the first model)."""
        model = self.model
        if model is None:
            return None
        proba = model.predict_proba(self.X[[row]])[0]
        j = int(np.argmax(proba))
        return str(model.classes_[j]), float(proba[j])
