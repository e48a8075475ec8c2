"""Issue 12's goal: retraining on a user's own labels, measured on their other texts.

Usage::

    python benchmarks/own_labels.py [--data ../shared/data/real-dev.jsonl] [--splits 5] [--seed 0]
                                    [--adapt map|pooled] [--out benchmarks/results/own-labels]

For each of ``--splits`` random splits of the data: its texts are ingested into a
temporary corpus (one source per ``source`` field, as threads would be), 60% of them
are labelled with ``voices label --from`` (a label file written from the data's gold
labels in the temporary folder), ``voices train --task stance --corpus C --out DIR``
retrains, and the adapted and the shipped stance models are scored on the other 40%
(macro-F1 over the model's labels, as ``voices.models.metrics`` defines it, with its
seeded bootstrap 95% CI). Prints per-split and mean figures; writes them to
``OUT.md`` and ``OUT.json``. Goal: adapted >= shipped + 0.05, or >= 0.80, mean over
splits. Nothing is tuned on the data: the only choices are the product's own CV.
The texts stay in the temporary folder; only figures reach the repo. Exit 1 when the
data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "real-dev.jsonl"
GOAL_GAIN, GOAL_ABS, TRAIN_SHARE = 0.05, 0.80, 0.6


def _voices(*args: str) -> str:
    env = os.environ | {"PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "voices", *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"voices {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def _corpus(rows: list[dict], tmp: Path) -> dict[str, str]:
    """Ingest the texts (one file per source) and return text -> document id."""
    by_source: dict[str, list[dict]] = {}
    for r in rows:
        by_source.setdefault(r.get("source") or "one", []).append(r)
    files = []
    for k, (_, docs) in enumerate(sorted(by_source.items())):
        path = tmp / f"source-{k:03d}.jsonl"
        path.write_text("".join(json.dumps({"text": d["text"]}) + "\n" for d in docs), encoding="utf-8")
        files.append(str(path))
    corpus = str(tmp / "c.duckdb")
    _voices("ingest", *files, "--corpus", corpus, "-q")
    exported = _voices("export", "--format", "jsonl", "--corpus", corpus)
    return {d["text"]: d["id"] for d in map(json.loads, exported.splitlines())}


def one_split(rows: list[dict], seed: int, tmp: Path, ids: dict[str, str], adapt: str | None = None) -> dict:
    from voices.models.evaluate import evaluate
    from voices.models.trained import default_model_dir

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cut = round(TRAIN_SHARE * len(rows))
    train, test = [rows[i] for i in order[:cut]], [rows[i] for i in order[cut:]]
    corpus = tmp / f"split-{seed}.duckdb"
    corpus.write_bytes((tmp / "c.duckdb").read_bytes())
    labels = tmp / f"labels-{seed}.jsonl"
    labels.write_text("".join(json.dumps({"id": ids[r["text"]], "stance": r["stance"]}) + "\n" for r in train),
                      encoding="utf-8")
    _voices("label", "--from", str(labels), "--corpus", str(corpus), "-q")
    model = tmp / f"model-{seed}"
    meta = json.loads(_voices("train", "--task", "stance", "--corpus", str(corpus), "--out", str(model),
                              "--seed", str(seed), "--json", "-q", *(("--adapt", adapt) if adapt else ())))
    held = tmp / f"test-{seed}.jsonl"
    held.write_text("".join(json.dumps({"id": f"t{i}", "text": r["text"], "stance": r["stance"]}) + "\n"
                            for i, r in enumerate(test)), encoding="utf-8")
    adapted = evaluate(model, [held])
    shipped = evaluate(default_model_dir("stance"), [held])
    adapted_by = meta["adaptation"]
    # pooled: the weight of the user's labels; MAP: its prior's C (both chosen by CV on the user's labels)
    chosen = f"weight {adapted_by['weight']}" if "weight" in adapted_by else f"MAP C={adapted_by['C']:g}"
    return {"seed": seed, "n_train": len(train), "n_test": len(test), "chosen": chosen,
            "cv_score": meta["adaptation"]["cv_score"],
            "adapted": {"macro_f1": adapted["macro_f1"], "accuracy": adapted["accuracy"]},
            "shipped": {"macro_f1": shipped["macro_f1"], "accuracy": shipped["accuracy"]}}


def summarise(splits: list[dict]) -> dict:
    """Means over splits, with a t-interval over the splits for the gain."""
    import numpy as np
    from scipy import stats

    a = np.array([s["adapted"]["macro_f1"]["value"] for s in splits])
    b = np.array([s["shipped"]["macro_f1"]["value"] for s in splits])
    gain = a - b
    half = float(stats.t.ppf(0.975, len(gain) - 1) * gain.std(ddof=1) / np.sqrt(len(gain))) if len(gain) > 1 else 0.0
    mean = {"adapted_macro_f1": round(float(a.mean()), 4), "shipped_macro_f1": round(float(b.mean()), 4),
            "gain": round(float(gain.mean()), 4), "gain_ci95": [round(float(gain.mean()) - half, 4),
                                                               round(float(gain.mean()) + half, 4)]}
    mean["goal_met"] = bool(mean["gain"] >= GOAL_GAIN or mean["adapted_macro_f1"] >= GOAL_ABS)
    return mean


def render(result: dict) -> str:
    def f(m: dict) -> str:
        return f"{m['value']:.3f} ({m['ci95'][0]:.3f}-{m['ci95'][1]:.3f})"

    m = result["mean"]
    out = [f"## Retraining on the user's own labels: {result['data']} (n={result['n']}, {len(result['splits'])} splits)",
           "", f"Command: `{result['command']}`", "",
           f"Goal: adapted >= shipped + {GOAL_GAIN} macro-F1, or >= {GOAL_ABS}, mean over splits. "
           f"**{'met' if m['goal_met'] else 'not met'}**", "",
           "| split | labelled | held out | chosen | CV on own labels | adapted macro-F1 (95% CI) | shipped macro-F1 (95% CI) |",
           "|---|---|---|---|---|---|---|"]
    for s in result["splits"]:
        out.append(f"| {s['seed']} | {s['n_train']} | {s['n_test']} | {s['chosen']} | {s['cv_score']:.3f} | "
                   f"{f(s['adapted']['macro_f1'])} | {f(s['shipped']['macro_f1'])} |")
    out += ["", f"- mean adapted macro-F1 {m['adapted_macro_f1']:.3f}; shipped {m['shipped_macro_f1']:.3f}; "
            f"gain {m['gain']:+.3f} (95% t-interval over splits {m['gain_ci95'][0]:+.3f} to {m['gain_ci95'][1]:+.3f})",
            "- macro-F1 averages every stance label (zero for a label with no support in a split), as "
            "`voices.models.metrics.stance_metrics`; per-split CIs are its seeded bootstrap."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--splits", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--adapt", choices=("map", "pooled"), default=None, help="voices train's --adapt (default: its own)")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "own-labels")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"own_labels: no data at {args.data}", file=sys.stderr)
        return 1
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    splits = []
    with tempfile.TemporaryDirectory(prefix="voices-own-labels-") as tmpdir:
        tmp = Path(tmpdir)
        ids = _corpus(rows, tmp)
        for k in range(args.splits):
            splits.append(one_split(rows, args.seed + k, tmp, ids, args.adapt))
            s = splits[-1]
            print(f"split {s['seed']}: adapted {s['adapted']['macro_f1']['value']:.3f}, shipped "
                  f"{s['shipped']['macro_f1']['value']:.3f} ({s['chosen']})", file=sys.stderr)
    result = {"data": args.data.name, "n": len(rows), "command": "python benchmarks/own_labels.py "
              + " ".join(argv if argv is not None else sys.argv[1:]), "splits": splits, "mean": summarise(splits)}
    text = render(result)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def _exit_on_term(signum: int, _frame: object) -> None:
    """A SIGTERM (a stopped job, a CI timeout) leaves by SystemExit, so the temporary folder, which holds
    copies of the measured texts, is removed as on Ctrl-C."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _exit_on_term)
    sys.exit(main())
