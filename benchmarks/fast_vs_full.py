"""Accuracy of the fast path against full-pipeline features, on the same held-out writers (issue 5).

    python benchmarks/fast_vs_full.py [--json PATH]

Both feature sets go through the same pipeline (the shipped models' configurations,
``voices.models.features.make_pipeline``), trained on the same texts and scored on
the same held-out split: the writer batches of the first grouped CV fold (no writer
is on both sides). Rows:

- **fast**: ``voices.nlp.preprocess`` (spaCy tokenizer only: lookup norms, rule
  negation), word 1-2 + character 2-5 TF-IDF (+ cues for themes): what voices ships;
- **fast, no char n-grams**: the same without the character block, to show what
  those features are worth;
- **full**: ``en_core_web_sm`` tagger + lemmatizer lemmas (the statistical
  components; parser and NER are not used by any feature), with the same
  placeholders and negation marking, then the same features.

Stance: macro-F1; themes: micro-F1 at probability 0.5 (the balanced classifiers'
natural cut; thresholds are tuned in ``voices train`` but equally for both paths).
Runs in about a minute on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCHEME = REPO / "corpora" / "schemes" / "social-work-leadership.toml"


def _labelled(task: str):
    from voices.models.data import read_labelled
    from voices.models.scheme import load_scheme

    scheme = load_scheme(SCHEME)
    return read_labelled(sorted((REPO / "corpora" / "labelled").glob("batch-*.jsonl")), task,
                         "text", None, None, scheme.labels(task)), scheme


def _full_normalise(texts: list[str]) -> list[str]:
    """Lemmas from en_core_web_sm's tagger + lemmatizer, with the fast path's placeholders and negation."""
    from voices.nlp import load_pipeline
    from voices.nlp.preprocess import MAX_SCOPE, NEGATION_CUES, NEGATION_PREFIX, SCOPE_END

    nlp = load_pipeline(exclude=("parser", "ner"))
    out = []
    for doc in nlp.pipe(texts, batch_size=256):
        toks, scope = [], 0
        for tok in doc:
            if tok.is_space:
                continue
            if tok.like_url:
                norm = "<url>"
            elif tok.like_email:
                norm = "<email>"
            else:
                norm = (tok.lemma_ or tok.norm_).lower()
                norm = "@user" if norm[0] == "@" and len(norm) > 1 else norm
            if norm in SCOPE_END:
                scope = 0
            elif scope:
                norm, scope = NEGATION_PREFIX + norm, scope - 1
            elif norm in NEGATION_CUES or tok.norm_ in NEGATION_CUES:
                scope = MAX_SCOPE
            toks.append(norm)
        out.append(" ".join(toks))
    return out


def _config(task: str, **changes):
    from voices.models import default_model_dir
    from voices.models.features import CONFIGS
    from voices.models.persist import read_meta

    shipped = read_meta(default_model_dir(task))["config"]
    cfg = next((c for c in CONFIGS[task] if c.name == shipped), CONFIGS[task][0])
    return replace(cfg, **changes) if changes else cfg


def _score(task: str, cfg, keywords, x_train, y_train, x_test, y_test) -> float:
    import numpy as np
    from sklearn.metrics import f1_score

    from voices.models.features import make_pipeline

    pipe = make_pipeline(task, cfg, keywords).fit(np.asarray(x_train, dtype=object), y_train)
    if task == "stance":
        return float(f1_score(y_test, pipe.predict(np.asarray(x_test, dtype=object)),
            average="macro", labels=list(pipe.classes_), zero_division=0))
    probs = pipe.predict_proba(np.asarray(x_test, dtype=object))
    return float(f1_score(y_test, probs >= 0.5, average="micro", zero_division=0))


def compare() -> dict:
    """Train and score fast-path and full-pipeline features on the same held-out writers.

    Returns
    -------
    dict
        Scores per task and feature set, the held-out groups and sizes, and the
        preprocessing speed (words/s, one process) of each path on these texts.
    """
    import numpy as np

    from voices.models.selection import make_splits
    from voices.nlp import prepare_one, preprocess

    items, scheme = _labelled("stance")
    texts = [it.text for it in items]
    groups = [it.group for it in items]
    words = sum(len(t.split()) for t in texts)
    list(preprocess(texts[:20]))
    _full_normalise(texts[:20])  # pipelines loaded before timing
    t0 = time.perf_counter()
    fast = dict(zip(texts, preprocess(texts), strict=True))
    fast_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = dict(zip(texts, _full_normalise(texts), strict=True))
    full_s = time.perf_counter() - t0
    labels = scheme.labels("stance")
    y = np.array([labels.index(it.label) for it in items])
    (_, test_idx), *_ = make_splits(groups, y, "stance", 0)[0]
    held_out = sorted({groups[i] for i in test_idx})

    res: dict = {"held_out_groups": ", ".join(held_out), "fast_preprocess_words_per_s": words / fast_s,
                 "full_preprocess_words_per_s": words / full_s}
    for task in ("stance", "themes"):
        task_items = items if task == "stance" else _labelled("themes")[0]
        tl = scheme.labels(task)
        if task == "stance":
            yy = np.array([tl.index(it.label) for it in task_items])
        else:
            yy = np.array([[int(lab in it.label) for lab in tl] for it in task_items])
        test = np.array([it.group in held_out for it in task_items])
        kw = {lab: ks for lab, ks in scheme.keywords(task).items() if ks}
        kw_fast = {lab: [prepare_one(k) for k in ks] for lab, ks in kw.items()} or None
        kw_full = {lab: _full_normalise(list(ks)) for lab, ks in kw.items()} or None
        metric = "macro_f1" if task == "stance" else "micro_f1"
        res[f"{task}_n_train"], res[f"{task}_n_test"] = int((~test).sum()), int(test.sum())
        for name, table, cfg, keywords in (
            ("fast", fast, _config(task), kw_fast),
            ("fast_no_chars", fast, _config(task, char_ngrams=None), kw_fast),
            ("full", full, _config(task), kw_full),
        ):
            xs = [table[it.text] if it.text in table else prepare_one(it.text) for it in task_items]
            x_train = [x for x, t in zip(xs, test, strict=True) if not t]
            x_test = [x for x, t in zip(xs, test, strict=True) if t]
            res[f"{task}_{metric}_{name}"] = _score(task, cfg, keywords, x_train, yy[~test], x_test, yy[test])
        res[f"{task}_{metric}_fast_minus_full"] = res[f"{task}_{metric}_fast"] - res[f"{task}_{metric}_full"]
    return res


def render(res: dict) -> str:
    """The comparison as a markdown table."""
    lines = [f"Held out: {res['held_out_groups']} (stance {res['stance_n_test']} texts, "
             f"themes {res['themes_n_test']}; trained on the other writers)", "",
             "| features | preprocessing words/s (1 process) | stance macro-F1 | themes micro-F1 |",
             "|---|---|---|---|"]
    speed = {"fast": res["fast_preprocess_words_per_s"], "fast_no_chars": res["fast_preprocess_words_per_s"],
             "full": res["full_preprocess_words_per_s"]}
    names = {"fast": "fast path (tokenizer only), word + char n-grams",
             "fast_no_chars": "fast path, word n-grams only",
             "full": "full pipeline (tagger + lemmatizer lemmas), word + char n-grams"}
    for key, label in names.items():
        lines.append(f"| {label} | {speed[key]:,.0f} | {res[f'stance_macro_f1_{key}']:.3f} "
                     f"| {res[f'themes_micro_f1_{key}']:.3f} |")
    lines.append(f"| fast - full | | {res['stance_macro_f1_fast_minus_full']:+.3f} "
                 f"| {res['themes_micro_f1_fast_minus_full']:+.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    res = compare()
    print(render(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
