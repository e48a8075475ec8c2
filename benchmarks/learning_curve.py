"""Active against random selection on SemEval-2016 Task 6: how many labels a learner needs.

Per target (five debates, real tweets), with 25, 50, 100, 200 and 400 labels drawn
from that target's train split: an active selection strategy (``--strategy``;
``page`` is the review page's and the export's rule,
``voices.review.active.pick_learning``) against uniform random selection, 5 seeds
each. The learner is the page's, fixed inside the loop (``voices.review.learner``:
word 1-2-gram TF-IDF + class-balanced logistic regression). Both methods start from
the same 10 random texts per seed, unless the active method starts from 10 k-means++
picks (``--start diverse``, implied by ``page``: the page's own cold start), which the
result page then says. Active adds batches (5 up to 100 labels, 10 up to 200, 20
beyond). The full-train figure uses the same learner on the whole train split, in
the same run.

Score: F_avg = (F1(FAVOR) + F1(AGAINST)) / 2 on the target's test split (SemEval's
metric per target), then the mean over the five targets. The CI is a t-interval over
the seeds' target-means (and a paired one for active minus random). A target with
fewer train texts than a size (Climate Change has 395) uses all it has there.

Usage::

    python benchmarks/learning_curve.py [--dir ../shared/benchmarks/semeval2016-task6] [--seeds 5]
        [--strategy page] [--first-seed 200] [--out benchmarks/results/learning-curve]

Writes ``benchmarks/results/learning-curve.{json,md}`` (or ``--out``), with the load
average at the start. The data stays outside the repository (see its README: no
redistribution).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO.parent / "shared" / "benchmarks" / "semeval2016-task6"
SIZES = (25, 50, 100, 200, 400)
START = 10
T975 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776, 6: 2.571, 7: 2.447, 8: 2.365, 9: 2.306, 10: 2.262}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def f_avg(gold: list[str], pred: list[str]) -> float:
    """SemEval's F_avg: the mean of the FAVOR and AGAINST F1."""
    from sklearn.metrics import f1_score

    return float(np.mean(f1_score(gold, pred, labels=["FAVOR", "AGAINST"], average=None, zero_division=0)))


def _step(n: int) -> int:
    return 5 if n < 100 else 10 if n < 200 else 20


STRATEGIES = ("far_margin", "margin", "density", "batch", "density_entropy", "density_risk", "density_thin", "page")
STARTS = ("random", "diverse")


def _picker(strategy: str, far_share: float, seed: int):
    """``(proba, pool, labelled, k, classes) -> picks`` for a strategy name."""
    from voices.review import active as act

    def pick(proba, pool, lab, k: int, classes) -> list[int]:
        if strategy == "far_margin":
            return act.pick(proba, pool, lab, k=k, far_share=far_share)
        if strategy == "page":  # the review page's and the export's rule, exactly
            return act.pick_learning(proba, pool, lab, k, seed=seed)
        if strategy in ("margin", "batch"):
            return {"margin": act.pick_margin, "batch": act.pick_batch}[strategy](proba, pool, lab, k)
        unc = None
        if proba is not None and strategy == "density_entropy":
            unc = act.entropies(proba)
        elif proba is not None and strategy == "density_risk":
            unc = act.side_risks(proba, classes, "NONE")
        return act.pick_density(proba, pool, lab, k, uncertainty=unc, thin=4 if strategy == "density_thin" else 1)

    return pick


def curve(X, y: np.ndarray, Xt, yt: list[str], seed: int, active: bool, far_share: float = 0.5,
          strategy: str = "far_margin", start: str = "random") -> dict[int, float]:
    """F_avg on test at each size, growing one labelled set by active or random picks.

    ``start="diverse"`` (implied by ``strategy="page"``) makes the active method's first
    texts k-means++ picks (``voices.review.active.pick_diverse``); random selection
    always starts from random texts.
    """
    pick = _picker(strategy, far_share, seed)
    from voices.review.active import pick_diverse
    from voices.review.learner import make_learner

    rng = np.random.default_rng(seed)
    order = rng.permutation(X.shape[0])
    chosen = list(order[:START])
    if active and start == "diverse":  # run() sets it for "page"
        chosen = pick_diverse(X, X[:0], START, seed=seed)
    out: dict[int, float] = {}
    targets = sorted({min(s, X.shape[0]) for s in SIZES})
    while True:
        n = len(chosen)
        need = n in targets or active  # random selection needs a model only to score
        model = make_learner().fit(X[chosen], y[chosen]) if need and len(set(y[chosen])) > 1 else None
        if n in targets:
            pred = model.predict(Xt) if model is not None else [y[chosen][0]] * Xt.shape[0]
            out[n] = f_avg(yt, list(pred))
        if n >= targets[-1]:
            break
        k = min(_step(n), next(t for t in targets if t > n) - n)
        if active:
            taken = set(chosen)
            pool = np.array([i for i in range(X.shape[0]) if i not in taken])
            proba = model.predict_proba(X[pool]) if model is not None else None
            classes = model.classes_ if model is not None else None
            chosen += [int(pool[j]) for j in pick(proba, X[pool], X[chosen], k, classes)]
        else:
            taken = set(chosen)
            chosen += [int(i) for i in order if i not in taken][:k]
    return {s: out[min(s, X.shape[0])] for s in SIZES}


def _ci(values: list[float]) -> list[float]:
    a = np.asarray(values)
    half = T975.get(len(a), 1.96) * a.std(ddof=1) / np.sqrt(len(a)) if len(a) > 1 else 0.0
    return [round(float(a.mean() - half), 4), round(float(a.mean() + half), 4)]


def _reach(means: dict[int, float], goal: float) -> int | None:
    return next((s for s in SIZES if means[s] >= goal), None)


def run(data_dir: Path, seeds: int, far_share: float = 0.5, strategy: str = "far_margin", first_seed: int = 0,
        start: str = "random") -> dict:
    """The whole benchmark; returns the JSON-ready result."""
    start = "diverse" if strategy == "page" else start
    from voices.review.learner import make_learner, make_vectorizer, normalise

    train, test = _rows(data_dir / "train.csv"), _rows(data_dir / "test.csv")
    targets = sorted({r["target"] for r in train})
    scores: dict[str, dict] = {"active": {}, "random": {}}  # method -> target -> seed -> size -> f
    full = {}
    for target in targets:
        tr = [r for r in train if r["target"] == target]
        te = [r for r in test if r["target"] == target]
        vec = make_vectorizer().fit(normalise([r["text"] for r in tr]))  # the unlabelled pool, as on the page
        X, Xt = vec.transform(normalise([r["text"] for r in tr])), vec.transform(normalise([r["text"] for r in te]))
        y, yt = np.array([r["stance"] for r in tr]), [r["stance"] for r in te]
        full[target] = f_avg(yt, list(make_learner().fit(X, y).predict(Xt)))
        for method in scores:
            scores[method][target] = {s: curve(X, y, Xt, yt, first_seed + s, method == "active", far_share, strategy,
                                                     start)
                                      for s in range(seeds)}
        print(f"{target}: {len(tr)} train, {len(te)} test, full-train F_avg {full[target]:.3f}", file=sys.stderr)
    full_mean = float(np.mean(list(full.values())))
    table = {}
    for size in SIZES:
        row = {}
        for method in scores:
            per_seed = [float(np.mean([scores[method][t][s][size] for t in targets])) for s in range(seeds)]
            row[method] = {"mean": round(float(np.mean(per_seed)), 4), "ci95": _ci(per_seed)}
        diff = [float(np.mean([scores["active"][t][s][size] - scores["random"][t][s][size] for t in targets]))
                for s in range(seeds)]
        row["active_minus_random"] = {"mean": round(float(np.mean(diff)), 4), "ci95": _ci(diff)}
        table[size] = row
    goal = 0.9 * full_mean
    reach = {m: _reach({s: table[s][m]["mean"] for s in SIZES}, goal) for m in scores}
    return {
        "benchmark": "SemEval-2016 Task 6 subtask A, learning curve", "targets": targets, "seeds": seeds,
        "first_seed": first_seed, "strategy": strategy, "cold_start": start,
        "sizes": list(SIZES), "start": START, "learner": "voices.review.learner: word 1-2-gram TF-IDF + "
        "logistic regression (C=10, class-balanced)",
        "metric": "F_avg per target, mean over targets; CI: t-interval over seeds",
        "full_train": {"per_target": {t: round(v, 4) for t, v in full.items()}, "mean": round(full_mean, 4)},
        "curve": {str(s): table[s] for s in SIZES},
        "labels_to_90pct_of_full": {"goal_f_avg": round(goal, 4), **{m: reach[m] for m in reach}},
        "goal_active_ge_random_plus_3_at_100": table[100]["active_minus_random"]["mean"] >= 0.03,
    }


def _starts(r: dict) -> str:
    if r.get("cold_start", "random") == "diverse":
        return (f"Active starts from {r['start']} k-means++ picks (voices.review.active.pick_diverse), random from "
                f"{r['start']} random texts: the comparison includes the cold start.")
    return f"Both methods start from the same {r['start']} random texts."


def markdown(r: dict, command: str, seconds: float) -> str:
    """The result as a Markdown page."""
    lines = [f"# Learning curve: active against random selection ({r['benchmark']})", "",
             f"Command: `{command}` ({seconds:.0f} s; load average {r.get('load', '?')} at the start, "
             f"on a shared machine). Learner: {r['learner']}. {r['seeds']} seeds "
             f"({r['first_seed']}-{r['first_seed'] + r['seeds'] - 1}). "
             f"{_starts(r)} Metric: {r['metric']}.", "",
             "| labels | active F_avg (95% CI) | random F_avg (95% CI) | active - random (95% CI) |",
             "|---:|---|---|---|"]
    for s, row in r["curve"].items():
        cell = [f"{row[m]['mean']:.3f} ({row[m]['ci95'][0]:.3f}-{row[m]['ci95'][1]:.3f})"
                for m in ("active", "random")]
        d = row["active_minus_random"]
        lines.append(f"| {s} | {cell[0]} | {cell[1]} | {100 * d['mean']:+.1f} pts "
                     f"({100 * d['ci95'][0]:+.1f} to {100 * d['ci95'][1]:+.1f}) |")
    ft, reach = r["full_train"], r["labels_to_90pct_of_full"]
    lines += ["", f"Full train (all of each target's train split): mean F_avg {ft['mean']:.3f} "
              f"({', '.join(f'{t} {v:.3f}' for t, v in ft['per_target'].items())}).", "",
              f"Labels to reach 90% of full-train F_avg ({reach['goal_f_avg']:.3f}), first size whose mean "
              f"reaches it: active {reach['active'] or 'not within 400'}, random {reach['random'] or 'not within 400'}.",
              "", "Goal (active >= random + 3 points at 100 labels): "
              + ("met." if r["goal_active_ge_random_plus_3_at_100"] else "NOT met."), ""]
    return "\n".join(lines)


def main() -> None:
    """Run and write ``benchmarks/results/learning-curve.{json,md}``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--far-share", type=float, default=0.5,
                    help="Share of the pool, least like the labelled texts, that competes on margin.")
    ap.add_argument("--strategy", choices=STRATEGIES, default="far_margin",
                    help="Active selection: far_margin (least margin among the texts least like the labelled ones), "
                    "margin (least margin), density (uncertainty x similarity to the pool), batch (least-margin "
                    "shortlist thinned farthest-first), density_entropy (entropy x similarity), density_risk (expected "
                    "F_avg cost of the best guess x similarity), density_thin (density shortlist of 4k thinned by "
                    "score x (1 - similarity to the batch)), page (the review page's rule: density_entropy, k-means++ "
                    "picks before a model and as the first texts).")
    ap.add_argument("--start", choices=STARTS, default="random",
                    help="The active method's first texts: random (the same as random selection's) or diverse "
                    "(k-means++ picks).")
    ap.add_argument("--first-seed", type=int, default=0, help="Seeds first_seed .. first_seed + seeds - 1.")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "learning-curve")
    args = ap.parse_args()
    if not (args.dir / "train.csv").exists():
        sys.exit(f"no SemEval-2016 data at {args.dir}: see ../shared/benchmarks/README.md")
    load = os.getloadavg()[0]
    t0, cpu0 = time.perf_counter(), time.process_time()
    result = run(args.dir, args.seeds, args.far_share, args.strategy, args.first_seed, args.start)
    seconds = time.perf_counter() - t0
    result["load"], result["cpu_seconds"] = round(load, 1), round(time.process_time() - cpu0, 1)
    command = "python benchmarks/learning_curve.py" + (f" --seeds {args.seeds}" if args.seeds != 5 else "") + (
        f" --far-share {args.far_share}" if args.far_share != 0.5 else "") + (
        f" --strategy {args.strategy}" if args.strategy != "far_margin" else "") + (
        f" --first-seed {args.first_seed}" if args.first_seed else "") + (
        f" --start {args.start}" if args.start != "random" else "")
    result["command"], result["seconds"] = command, round(seconds, 1)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(result, command, seconds), encoding="utf-8")
    print(markdown(result, command, seconds))


if __name__ == "__main__":
    main()
