"""How long the learning queue's one rule takes on a 50k-text corpus (issue 15: one rule, cheap).

Builds a synthetic corpus (``delete_bench.build``: 50,000 consultation answers made
from the project's own labelled texts, 2% labelled; half of those relabelled to a
second stance so the learner has a model), then times:

- ``learning_queue(c, 100)`` while every label has one stance (no model: k-means++ picks);
- ``voices.review.learner.learning_queue(c, 100)``: what ``voices review --export
  --queue learning --n 100`` runs (vectorise every text, fit, rank);
- ``learning_order(..., n=1, cache=...)`` with the texts already vectorised and the model
  fitted: what the review page runs for its first text after a refit, and for each next
  text while the model stays (its probabilities kept in the ``OrderCache``).

Usage::

    python benchmarks/learning_queue.py [--docs 50000]

Writes ``benchmarks/results/learning-queue.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    """Build, time, write the result page."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=50_000)
    args = ap.parse_args()
    from delete_bench import build

    from voices.review.learner import OrderCache, fit_on_labels, learning_order, learning_queue, vectorise_corpus
    from voices.store import Corpus

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.duckdb"
        build(path, args.docs)
        with Corpus.open(path) as c:  # every label one stance: no model yet, k-means++ picks
            t0 = time.perf_counter()
            cold, _ = learning_queue(c, 100)
            no_model = time.perf_counter() - t0
        with Corpus.open(path, write=True) as c:
            c.sql("UPDATE labels SET stance = 'against' WHERE hash(doc_id || 'stance') % 2 = 0")
            labelled = c.sql("SELECT count(*) FROM labels").fetchone()[0]
        with Corpus.open(path) as c:
            t0 = time.perf_counter()
            picks, _ = learning_queue(c, 100)
            export = time.perf_counter() - t0
            ids, X = vectorise_corpus(c)
            model, _ = fit_on_labels(c, {d: i for i, d in enumerate(ids)}, X)
            cache = OrderCache()  # what the page keeps between texts
            t0 = time.perf_counter()
            nxt = learning_order(c, ids, X, model, 1, cache=cache)
            page_first = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = learning_order(c, ids, X, model, 1, cache=cache)
            page = time.perf_counter() - t0
    assert len(picks) == len(cold) == 100 and nxt == again == picks[:1]
    lines = ["# The learning queue's rule on a large corpus", "",
             f"Command: `python benchmarks/learning_queue.py --docs {args.docs}` (load average {load:.1f} at the "
             f"start, 2 shared cores). {args.docs} texts, {labelled} labelled (two stances).", "",
             "| what | seconds |", "|---|---:|",
             f"| `voices review --export --queue learning --n 100` ranking (`learning_queue`: vectorise, fit, "
             f"rank) | {export:.2f} |",
             f"| the same before there is a model (all labels one stance: k-means++ picks) | {no_model:.2f} |",
             f"| the page's first text after a refit (`learning_order`: the model's probabilities for every "
             f"text, then rank) | {page_first:.2f} |",
             f"| the page's next text (the same model: probabilities kept) | {page:.2f} |",
             "", "The page's first text after the export is the export's first text (checked in the run).", ""]
    out = REPO / "benchmarks" / "results" / "learning-queue.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
