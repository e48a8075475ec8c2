"""SemEval-2016 Task 6 (subtask A) with the same train/evaluate code a user runs.

Per target: ``voices.models.train.train`` on that target's rows of the train split
only (labels FAVOR/AGAINST/NONE from the data, no scheme; settings chosen by 5-fold
CV on train), then predictions on the test split. The official metric pools the
five targets: F_avg = (F1(FAVOR) + F1(AGAINST)) / 2.

Every configuration scored on test is reported: the CV-selected one per target
(what ``voices train`` ships), the same with ``--objective f_avg`` (selection by
F_avg and an offset against NONE, both chosen on train CV), each candidate
forced on its own, and the same with ``--tokenizer tweets`` (hashtag handling).
``--only TEXT`` scores just the configurations whose name contains TEXT.

Usage::

    python benchmarks/semeval2016.py [--dir ../shared/benchmarks/semeval2016-task6] [--json PATH]

The data stays outside the repository (see its README: no redistribution).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO.parent / "shared" / "benchmarks" / "semeval2016-task6"


def _split_by_target(path: Path, dest: Path) -> dict[str, Path]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, Path] = {}
    for target in sorted({r["target"] for r in rows}):
        p = dest / f"{path.stem}-{target.replace(' ', '_')}.csv"
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["id", "target", "text", "stance"])
            w.writeheader()
            w.writerows(r for r in rows if r["target"] == target)
        out[target] = p
    return out


def _f_avg(gold: list[str], pred: list[str]) -> dict:
    from voices.models.metrics import stance_metrics

    m = stance_metrics(gold, pred, ["FAVOR", "AGAINST", "NONE"])
    return {"f_avg": m["semeval_f_avg"]["value"], "ci95": m["semeval_f_avg"]["ci95"],
            "f_favor": m["per_label"]["FAVOR"]["f1"], "f_against": m["per_label"]["AGAINST"]["f1"]}


def run_config(name: str, configs, trains: dict, tests: dict, work: Path, objective: str = "macro_f1",
               tokenizer: str = "default") -> dict:
    """Train per target with ``configs`` to choose from, score the pooled test split once."""
    from voices.models import load_model
    from voices.models.data import read_labelled
    from voices.models.train import train

    gold_all, pred_all, per_target = [], [], {}
    started = time.perf_counter()
    for target, train_csv in trains.items():
        res = train([train_csv], "stance", work / name.replace(" ", "_") / target.replace(" ", "_"),
                    configs=configs, objective=objective, tokenizer=tokenizer,
                    redact=False)  # the tweets name public figures, and the targets are people
        model = load_model(res.model_dir)
        items = read_labelled([tests[target]], "stance")
        pred = [p.label for p in model.predict([it.text for it in items])]
        gold = [it.label for it in items]
        gold_all += gold
        pred_all += pred
        per_target[target] = _f_avg(gold, pred) | {
            "config": res.meta["config"], "cv_macro_f1": res.meta["cv"]["macro_f1"]["value"],
            "cv_f_avg": res.meta["cv"]["semeval_f_avg"]["value"],
            "offset": res.meta["calibration"].get("objective_offset")}
    return {"name": name, "overall": _f_avg(gold_all, pred_all), "per_target": per_target,
            "seconds": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    from voices.models.features import CONFIGS, FeatureConfig

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--only", default=None, metavar="TEXT",
                    help="score only the configurations whose name contains TEXT (each is scored once)")
    args = ap.parse_args(argv)
    if not (args.dir / "train.csv").is_file():
        print(f"semeval2016: {args.dir}/train.csv not found", file=sys.stderr)
        return 1
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trains = _split_by_target(args.dir / "train.csv", work)
        tests = _split_by_target(args.dir / "test.csv", work)
        runs = [("CV-selected (voices train default)", None, "macro_f1", "default"),
                ("CV-selected, --objective f_avg", None, "f_avg", "default")]
        # cue features need a scheme, which SemEval has none of
        runs += [(f"fixed: {c.name}", [c], "macro_f1", "default") for c in CONFIGS["stance"] if not c.cues]
        # --tokenizer tweets (hashtags split, #SemST dropped); the fixed setting is the best
        # pooled out-of-fold F_avg of the exploration on train (benchmarks/results/semeval2016.md)
        w13c15 = FeatureConfig("word13+char15 min_df=1 C=10", C=10.0, word_ngrams=(1, 3),
                               char_ngrams=(1, 5), min_df=1, cues=False)
        runs += [("CV-selected, --objective f_avg --tokenizer tweets", None, "f_avg", "tweets"),
                 (f"fixed: {w13c15.name}, --objective f_avg --tokenizer tweets", [w13c15], "f_avg", "tweets")]
        if args.only:
            runs = [r for r in runs if args.only in r[0]]
        for name, configs, objective, tokenizer in runs:
            results.append(run_config(name, configs, trains, tests, work, objective, tokenizer))
            print(f"scored: {name}", file=sys.stderr)
    targets = list(results[0]["per_target"])
    print("| configuration | F_avg (95% CI) | F_FAVOR | F_AGAINST | " + " | ".join(targets) + " | s |")
    print("|---|---|---|---|" + "---|" * len(targets) + "---|")
    for r in results:
        o = r["overall"]
        cells = " | ".join(f"{r['per_target'][t]['f_avg']:.4f}" for t in targets)
        print(f"| {r['name']} | {o['f_avg']:.4f} ({o['ci95'][0]:.3f}-{o['ci95'][1]:.3f}) | {o['f_favor']:.4f} "
              f"| {o['f_against']:.4f} | {cells} | {r['seconds']} |")
    for r in [r for r in results if r["name"].startswith("CV-selected")]:
        print(f"\n{r['name']}, configuration per target (5-fold CV on train): "
              + "; ".join(f"{t}: {v['config']} (CV F_avg {v['cv_f_avg']:.3f}"
                          + (f", NONE offset {max(v['offset'], key=abs):+.2f})" if any(v["offset"] or []) else ")")
                          for t, v in r["per_target"].items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
