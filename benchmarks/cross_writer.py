"""The shipped models on another writer's texts (never trained on), beside their CV figures.

Usage::

    python benchmarks/cross_writer.py [--data ../shared/data/other-writer-dev.jsonl]
                                      [--update-meta] [--json PATH]

Prints stance macro-F1 and themes micro-F1 with 95% intervals next to the
leave-one-writer-out CV figures; ``--update-meta`` records them as
``cross_writer`` in the shipped models' meta.json and cards (model.skops and
model_id are unchanged). Exit 1 when the data file is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "other-writer-dev.jsonl"
HEADLINE = {"stance": "macro_f1", "themes": "micro_f1"}


def run(data: Path, update_meta: bool) -> dict:
    """Evaluate both shipped models on ``data``; optionally record the figures in their meta."""
    from voices.models import default_model_dir
    from voices.models.evaluate import evaluate
    from voices.models.persist import read_meta
    from voices.models.save import update_meta as write_meta

    out = {}
    for task, key in HEADLINE.items():
        model_dir = default_model_dir(task)
        res = evaluate(model_dir, [data])
        cv = read_meta(model_dir)["cv"]
        out[task] = {"metric": key, "cv": cv[key], "cross_writer": res[key], "n": res["n"],
                     "macro_f1": res["macro_f1"], "per_label": res["per_label"]}
        if task == "stance":
            out[task] |= {"confusion": res["confusion"], "labels": res["labels"],
                          "coverage": res["coverage"], "covered_accuracy": res["covered_accuracy"]}
        else:
            out[task]["micro_f1"] = res["micro_f1"]
        if update_meta:
            record = {"data": data.name, "n": res["n"], key: res[key], "macro_f1": res["macro_f1"],
                      "per_label": res["per_label"]}
            write_meta(model_dir, cross_writer=record)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--update-meta", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"cross_writer: {args.data} not found; nothing measured", file=sys.stderr)
        return 1
    res = run(args.data, args.update_meta)
    print("| model | metric | leave-one-writer-out CV | other writer |")
    print("|---|---|---|---|")
    for task, r in res.items():
        cv, cw = r["cv"], r["cross_writer"]
        print(f"| {task} | {r['metric']} | {cv['value']:.3f} ({cv['ci95'][0]:.3f}-{cv['ci95'][1]:.3f}) "
              f"| {cw['value']:.3f} ({cw['ci95'][0]:.3f}-{cw['ci95'][1]:.3f}), n={r['n']} |")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
