"""CPU of each step classify's workers run, in one process, over a generated corpus's texts (issue 14 item 2).

    python benchmarks/generate_corpus.py --comments 20000 --out DATA
    python benchmarks/worker_stages.py --data DATA [--rounds 2]

Ingests ``DATA`` into a scratch corpus and reads its non-article texts, then runs the
workers' steps batch by batch (2,000 texts, as ``voices.classify.BATCH_SIZE``) with a
CPU timer (``time.process_time``) around each: the language check, preprocessing
(spaCy's tokenizer and the normaliser), both models' features (split and encode, word
n-grams, character n-grams, cue counts) and products, and the probability columns with
their JSON. Each round runs over every text ("all") and then over the distinct texts
only ("distinct", what ``classify_corpus`` sends its workers since session 38); the
first round fills the tokenizer's and the n-gram memos' caches, as each worker's first
batches do. Prints how many texts repeat, and the seconds per step.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BATCH = 2000


def _texts(data: Path) -> list[str]:
    from voices import api
    from voices.store import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.duckdb"
        api.ingest(sorted(p for p in data.iterdir() if p.suffix in {".txt", ".csv"}), corpus)
        with Corpus.open(corpus) as c:
            return [r[0] for r in c.sql("SELECT text FROM documents WHERE kind <> 'article' ORDER BY id").fetchall()]


def _timer(table: dict, name: str, fn):
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            table[name] += time.process_time() - start
    return timed


def _steps(texts: list[str], models, table: dict) -> None:
    from voices.classify.columns import _stance_columns, _theme_columns
    from voices.language import ENGLISH, detect_language
    from voices.nlp.preprocess import _normaliser

    stance, themes = models
    for start in range(0, len(texts), BATCH):
        batch = texts[start:start + BATCH]
        t = time.process_time()
        english = [x for x in batch if detect_language(x) == ENGLISH]
        table["language check"] += time.process_time() - t
        t = time.process_time()
        prepared = _normaliser()(english)
        table["preprocess (tokenizer, normaliser)"] += time.process_time() - t
        t = time.process_time()
        shared: dict = {}
        probs = stance.probabilities(prepared, shared), themes.probabilities(prepared, shared)
        table["both models (features, products)"] += time.process_time() - t
        t = time.process_time()
        _stance_columns(stance, probs[0], True), _theme_columns(themes, probs[1], True)
        table["probability columns and JSON"] += time.process_time() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a generate_corpus.py folder")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import voices.models.bundle as bundle
    from voices.classify import load_models
    from voices.language import load_identifier
    from voices.nlp.preprocess import load_normaliser

    texts = _texts(args.data)
    distinct = list(dict.fromkeys(texts))
    in_batches = [len(set(texts[i:i + BATCH])) for i in range(0, len(texts), BATCH)]
    print(f"{len(texts)} texts, {len(distinct)} distinct; distinct within each batch of {BATCH}: {in_batches}")
    models = load_models()
    load_normaliser(), load_identifier()
    table: dict[str, float] = defaultdict(float)
    for name, label in (("tokenize", "  of which split, encode"), ("word_tfidf", "  of which word n-grams"),
                        ("char_tfidf", "  of which character n-grams"), ("cue_counts", "  of which cue counts")):
        setattr(bundle, name, _timer(table, label, getattr(bundle, name)))
    for round_ in range(args.rounds):
        for which, items in (("all", texts), ("distinct", distinct)):
            table.clear()
            start = time.process_time()
            _steps(items, models, table)
            total = time.process_time() - start
            print(f"round {round_ + 1}, {which} ({len(items)} texts): {total:.3f} s CPU")
            for key in sorted(table, key=lambda k: (k.startswith("  "), k)):
                print(f"  {table[key]:7.3f}  {key}")


if __name__ == "__main__":
    main()
