"""Fast-path throughput against spaCy itself (issue 5): words/s of each stage on the same texts.

Usage::

    python benchmarks/preprocess_speed.py [--n 20000] [--full-sample 1000] [--json PATH]

Texts: the labelled corpus, cycled with a counter appended so that no text repeats
(spaCy's tokenizer caches repeated strings). Words are whitespace-separated tokens.
``classify_cold_1proc_estimate`` is one process doing a classify worker's work per
text (language check, preprocessing, both models); ``voices classify`` runs one such
worker per core (benchmarks/run_all.py measures the real thing).
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _texts(n: int) -> list[str]:
    base = [json.loads(line)["text"] for f in sorted(glob.glob(str(REPO / "corpora/labelled/batch-*.jsonl")))
            for line in Path(f).read_text(encoding="utf-8").splitlines()]
    return [f"{base[i % len(base)]} ({i})" for i in range(n)]


def _rate(fn, texts) -> float:
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    fn(texts)
    return words / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    import spacy

    from voices.language import detect_language
    from voices.models import default_model_dir, load_model
    from voices.nlp import preprocess

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--full-sample", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    texts = _texts(args.n)
    blank = spacy.blank("en")
    stance, themes = load_model(default_model_dir("stance")), load_model(default_model_dir("themes"))
    list(preprocess(texts[:100]))  # warm up the tokenizer
    res = {
        "spacy_blank_tokenizer": _rate(lambda ts: [len(d) for d in blank.pipe(ts, batch_size=1000)], texts),
        "voices_preprocess_1proc": _rate(lambda ts: list(preprocess(ts)), texts),
        "voices_preprocess_2proc": _rate(lambda ts: list(preprocess(ts, n_process=2)), texts),
    }
    prepared = list(preprocess(texts))
    words = sum(len(t.split()) for t in texts)
    stance.probabilities(prepared[:100], {})
    themes.probabilities(prepared[:100], {})  # warm the per-model lookups, as a long run has them
    start = time.perf_counter()
    for i in range(0, len(prepared), 2000):  # classify's batches; one feature memo per batch
        shared: dict = {}
        stance.probabilities(prepared[i : i + 2000], shared)
        themes.probabilities(prepared[i : i + 2000], shared)
    res["predict_stance_and_themes_warm"] = words / (time.perf_counter() - start)
    res["language_check"] = _rate(lambda ts: [detect_language(t) for t in ts], texts)
    # One process doing what a classify worker does per text: language, preprocess, predict.
    res["classify_cold_1proc_estimate"] = 1 / sum(
        1 / res[k] for k in ("voices_preprocess_1proc", "predict_stance_and_themes_warm", "language_check")
    )
    res = {k: round(v) for k, v in res.items()}
    res["ratio_1proc_estimate_to_tokenizer"] = round(
        res["classify_cold_1proc_estimate"] / res["spacy_blank_tokenizer"], 3
    )
    print("| stage | words/s |\n|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v} |")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
