"""The shipped models on real people's writing: every figure of issue 11's goals table.

Usage::

    python benchmarks/real_writing.py [--data ../shared/data/real-dev.jsonl]
                                      [--other ../shared/data/other-writer-dev.jsonl]
                                      [--stance DIR] [--themes DIR] [--update-meta] [--json PATH]

Scores the models as shipped (no retraining; well under two minutes) and prints:
no-stance texts given a stance (x of n, %), stance texts given the correct stance
(x of n), stance macro-F1 and accuracy with 95% CIs beside always-``none``, accuracy
by length, themes micro-F1 and per-theme precision/recall with gold counts; then the
same headline figures on the other writer's texts. Real-dev was looked at while the
design was chosen, so its figures are labelled "dev (used for design choices)".
``--update-meta`` records them as ``real_writing`` in the shipped models' meta.json
and cards (model.skops and model_id are unchanged). Exit 1 when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DEV_LABEL = "dev (used for design choices)"
NONE = "none"
LENGTH_BINS = ((0, 40, "under 40 words"), (40, 150, "40-150 words"), (150, 10**9, "over 150 words"))
GOALS = {"none_given_stance_pct": 10.0, "stance_correct": 6, "themes_micro_f1": 0.70,
         "theme_precision": 0.5, "theme_min_gold": 5}


def stance_figures(res: dict, texts: list[str] | None = None, gold: list[str] | None = None,
                   pred: list[str] | None = None) -> dict:
    """The goals-table stance figures from an ``evaluate`` result (and, optionally, the texts)."""
    labels, cm = res["labels"], res["confusion"]
    i = labels.index(NONE)
    n_none = sum(cm[i])
    given = n_none - cm[i][i]
    stance_rows = [j for j in range(len(labels)) if j != i]
    out = {
        "n": res["n"],
        "none_total": n_none,
        "none_given_stance": given,
        "none_given_stance_pct": round(100 * given / n_none, 1) if n_none else None,
        "stance_total": sum(sum(cm[j]) for j in stance_rows),
        "stance_correct": sum(cm[j][j] for j in stance_rows),
        "macro_f1": res["macro_f1"],
        "accuracy": res["accuracy"],
        "always_none_accuracy": round(n_none / res["n"], 4) if res["n"] else None,
        "confusion": cm,
        "labels": labels,
    }
    if texts is not None:
        out["accuracy_by_length"] = {}
        for lo, hi, name in LENGTH_BINS:
            idx = [k for k, t in enumerate(texts) if lo <= len(t.split()) < hi]
            ok = sum(gold[k] == pred[k] for k in idx)
            out["accuracy_by_length"][name] = {"n": len(idx), "correct": ok}
    return out


def theme_figures(res: dict) -> dict:
    """Themes micro-F1 and per-theme precision/recall with gold counts, from an ``evaluate`` result."""
    per = {k: {"precision": v["precision"], "recall": v["recall"], "gold": v["support"]}
           for k, v in res["per_label"].items()}
    weak = sorted(k for k, v in per.items()
                  if v["gold"] >= GOALS["theme_min_gold"] and v["precision"] < GOALS["theme_precision"])
    return {"n": res["n"], "micro_f1": res["micro_f1"], "macro_f1": res["macro_f1"],
            "per_theme": per, "precision_below_goal": weak}


def measure(data: Path, stance_dir: Path, themes_dir: Path) -> dict:
    """Score both models on one labelled file; return the stance and theme figures."""
    from voices.models.data import read_labelled
    from voices.models.evaluate import evaluate
    from voices.models.trained import load_model

    stance = load_model(stance_dir)
    items = read_labelled([data], "stance", "text", None, None, stance.labels)
    texts = [it.text for it in items]
    pred = [p.label for p in stance.predict(texts)]
    s_res = evaluate(stance, [data])
    t_res = evaluate(themes_dir, [data])
    return {"data": data.name,
            "stance": stance_figures(s_res, texts, [it.label for it in items], pred),
            "themes": theme_figures(t_res)}


def _ci(m: dict) -> str:
    return f"{m['value']:.3f} (95% CI {m['ci95'][0]:.3f}-{m['ci95'][1]:.3f})"


def render(real: dict, other: dict | None) -> str:
    """The figures as Markdown."""
    s, t = real["stance"], real["themes"]
    lines = [f"## Real writing: {real['data']}, n={s['n']} ({DEV_LABEL})", "",
             "| figure | goal | measured |", "|---|---|---|",
             f"| no-stance texts given a stance | <= 10% | {s['none_given_stance']} of {s['none_total']} "
             f"({s['none_given_stance_pct']}%) |",
             f"| stance texts given the correct stance | >= 6 of 10 | {s['stance_correct']} of "
             f"{s['stance_total']} |",
             f"| themes micro-F1 | >= 0.70 | {_ci(t['micro_f1'])} |",
             f"| themes with >= 5 gold texts and precision < 0.5 | none | "
             f"{', '.join(t['precision_below_goal']) or 'none'} |",
             "", f"- stance macro-F1 {_ci(s['macro_f1'])}",
             f"- stance accuracy {_ci(s['accuracy'])}; always-`none` {s['always_none_accuracy']:.3f}",
             "- accuracy by length: " + "; ".join(
                 f"{k} {v['correct']}/{v['n']}" for k, v in s.get("accuracy_by_length", {}).items()),
             f"- confusion (rows gold, columns predicted; {', '.join(s['labels'])}): {s['confusion']}",
             "", "| theme | gold | precision | recall |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['gold']} | {v['precision']:.3f} | {v['recall']:.3f} |"
              for k, v in t["per_theme"].items()]
    if other:
        os_, ot = other["stance"], other["themes"]
        lines += ["", f"## Other writer: {other['data']}, n={os_['n']} (never trained on)", "",
                  f"- stance macro-F1 {_ci(os_['macro_f1'])}; accuracy {_ci(os_['accuracy'])}",
                  f"- no-stance texts given a stance {os_['none_given_stance']} of {os_['none_total']}",
                  f"- themes micro-F1 {_ci(ot['micro_f1'])}"]
    return "\n".join(lines) + "\n"


def meta_record(real: dict) -> dict:
    """What the product shows of the real-writing figures (read from meta.json, never ../shared)."""
    s, t = real["stance"], real["themes"]
    return {"data": real["data"], "n": s["n"], "label": DEV_LABEL,
            "stance": {k: s[k] for k in ("macro_f1", "accuracy", "always_none_accuracy", "none_total",
                                         "none_given_stance", "stance_total", "stance_correct")},
            "themes": {"micro_f1": t["micro_f1"], "per_theme": t["per_theme"]}}


def main(argv: list[str] | None = None) -> int:
    from voices.models import default_model_dir

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "real-dev.jsonl")
    ap.add_argument("--other", type=Path, default=SHARED / "other-writer-dev.jsonl")
    ap.add_argument("--stance", type=Path, default=None)
    ap.add_argument("--themes", type=Path, default=None)
    ap.add_argument("--update-meta", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"real_writing: {args.data} not found; nothing measured", file=sys.stderr)
        return 1
    dirs = (args.stance or default_model_dir("stance"), args.themes or default_model_dir("themes"))
    real = measure(args.data, *dirs)
    other = measure(args.other, *dirs) if args.other.is_file() else None
    sys.stdout.write(render(real, other))
    if args.update_meta:
        from voices.models.save import update_meta

        for d in dirs:
            update_meta(d, real_writing=meta_record(real))
    if args.json:
        args.json.write_text(json.dumps({"real": real, "other": other}, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
