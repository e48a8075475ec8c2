"""Erasure benchmark: how long ``voices delete`` takes on a large corpus, rewrite included.

Builds a corpus straight through the store (documents with realistic texts from
``generate_corpus.vary``, predictions for all, labels and cache rows for some),
then times ``voices.erase.erase`` for one respondent (one answer) and for one whole
source, each in a fresh child process as ``voices delete`` runs, and checks the
erased text is no longer in the corpus file's bytes. The goal: under 2 minutes at
1,000,000 documents.

    .venv/bin/python benchmarks/delete_bench.py --docs 100000
    .venv/bin/python benchmarks/delete_bench.py --docs 1000000 --out benchmarks/results/delete-1m.json
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

PER_SOURCE = 1000
CHUNK = 50_000


def build(path: Path, docs: int, seed: int = 7) -> str:
    """A corpus of ``docs`` documents; returns the canary planted in respondent R-CANARY's answer."""
    import pandas as pd
    from generate_corpus import load_texts, vary

    from voices.store import Corpus
    from voices.store.corpus import DOCUMENT_COLUMNS, utcnow

    rng = random.Random(seed)
    texts = load_texts()
    canary = f"CANARY{rng.getrandbits(128):032x}"
    now = utcnow()
    with Corpus.open(path, write=True) as c:
        for start in range(0, docs, CHUNK):
            rows = []
            for i in range(start, min(docs, start + CHUNK)):
                sid = f"src{i // PER_SOURCE:05d}"
                text = vary(rng, texts)
                resp = f"R{i}"
                if i == docs // 2:
                    text, resp = f"{text} {canary} {rng.getrandbits(256):064x}", "R-CANARY"
                rows.append({"id": f"d{i:08d}", "source_id": sid, "position": i % PER_SOURCE + 1,
                             "kind": "consultation_answer", "author": None, "posted_at": "2024-01-01",
                             "parent_id": None, "question_id": "Q1", "question": "Agree?",
                             "respondent_id": resp, "respondent_type": "individual",
                             "organisation": None, "closed_answer": "Agree", "text": text, "ingested_at": now})
            frame = pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))
            with c.transaction():
                for sid in sorted(set(frame.source_id)):
                    c.upsert_source(sid, f"Consultation {sid}", None, "consultation", "bench")
                c.add_documents(frame)
        with c.transaction():
            c.sql("""INSERT INTO predictions (doc_id, status, stance, stance_probability, themes, classified_at)
                     SELECT id, 'ok', 'for', 0.8, ['pay'], now() FROM documents""")
            c.sql("""INSERT INTO labels SELECT id, 'for', ['pay'], 'bench labeller', now()
                     FROM documents WHERE hash(id) % 50 = 0 OR respondent_id = 'R-CANARY'""")
            c.sql("""INSERT INTO prepared SELECT id, 'v1', text FROM documents WHERE hash(id) % 10 = 0
                     OR respondent_id = 'R-CANARY'""")
    return canary


def timed_delete(corpus: Path, *args: str) -> float:
    """Wall seconds of ``voices delete`` in a child process (imports included)."""
    env_src = str(ROOT / "src")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "voices", "delete", *args, "--corpus", str(corpus), "--quiet"],
                   check=True, env={"PYTHONPATH": env_src, "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="voices-delete-bench-", dir=ROOT / "benchmarks") as tmp:
        corpus = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        build(corpus, args.docs)
        built = time.perf_counter() - started
        size = corpus.stat().st_size
        # DuckDB compresses strings (FSST), so the whole canary is rarely on disk verbatim;
        # its "CANARY" prefix is, and no other document holds that word
        assert b"CANARY" in corpus.read_bytes(), "canary not on disk before the delete"
        one = timed_delete(corpus, "--respondent", "R-CANARY")
        leaked = b"CANARY" in corpus.read_bytes()
        source = timed_delete(corpus, "--source", "src00001")
        result = {"documents": args.docs, "corpus_bytes": size, "build_seconds": round(built, 1),
                  "delete_respondent_seconds": round(one, 1), "delete_source_seconds": round(source, 1),
                  "canary_left_on_disk": leaked, "corpus_bytes_after": corpus.stat().st_size}
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
