"""Where the shipped models go wrong on the other writer's texts (issue 3's error analysis).

Usage::

    python benchmarks/error_analysis.py [--data ../shared/data/other-writer-dev.jsonl]
                                        [--limit N] [--no-text]

Prints the shipped stance model's confusion matrix (rows true, columns predicted),
the themes model's false negatives and false positives per theme, then every
misclassified stance item: id, true and predicted label, the predicted label's
probability, whether it was flagged uncertain, and the text (to the terminal only:
the other writer's data must not be copied into the project; ``--no-text`` omits it).
Exit 1 when the data file is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "other-writer-dev.jsonl"


def stance_errors(data: Path) -> tuple[list[str], list[list[int]], list[dict]]:
    """The stance labels, confusion matrix and misclassified items (least confident first)."""
    from voices.models import default_model_dir, load_model
    from voices.models.data import read_labelled

    model = load_model(default_model_dir("stance"))
    items = read_labelled([data], "stance", "text", None, None, model.labels)
    preds = model.predict([it.text for it in items])
    labels = model.labels
    cm = [[0] * len(labels) for _ in labels]
    wrong = []
    for it, p in zip(items, preds, strict=True):
        cm[labels.index(it.label)][labels.index(p.label)] += 1
        if p.label != it.label:
            wrong.append({"id": it.id, "true": it.label, "pred": p.label, "confidence": round(p.probability, 3),
                          "uncertain": p.uncertain, "p_true": round(p.probabilities[it.label], 3),
                          "text": it.text})
    wrong.sort(key=lambda w: (w["confidence"], w["id"]))
    return labels, cm, wrong


def theme_errors(data: Path) -> dict[str, dict[str, int]]:
    """Per theme: support, true positives, false negatives and false positives."""
    from voices.models import default_model_dir, load_model
    from voices.models.data import read_labelled

    model = load_model(default_model_dir("themes"))
    items = read_labelled([data], "themes", "text", None, None, model.labels)
    preds = model.predict([it.text for it in items])
    out = {}
    for lab in model.labels:
        t = [lab in it.label for it in items]
        p = [lab in pr.labels for pr in preds]
        out[lab] = {"support": sum(t), "tp": sum(a and b for a, b in zip(t, p, strict=True)),
                    "fn": sum(a and not b for a, b in zip(t, p, strict=True)),
                    "fp": sum(b and not a for a, b in zip(t, p, strict=True))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="list at most this many misclassified items")
    ap.add_argument("--no-text", action="store_true", help="omit the texts from the listing")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"error_analysis: {args.data} not found; nothing measured", file=sys.stderr)
        return 1
    labels, cm, wrong = stance_errors(args.data)
    print("## stance confusion (rows true, columns predicted)\n")
    print("| true \\ predicted | " + " | ".join(labels) + " | recall |")
    print("|---|" + "---|" * (len(labels) + 1))
    for lab, row in zip(labels, cm, strict=True):
        print(f"| {lab} | " + " | ".join(map(str, row)) + f" | {row[labels.index(lab)] / max(sum(row), 1):.3f} |")
    print("\n## themes: errors per theme\n")
    print("| theme | support | TP | FN | FP |")
    print("|---|---|---|---|---|")
    for lab, v in theme_errors(args.data).items():
        print(f"| {lab} | {v['support']} | {v['tp']} | {v['fn']} | {v['fp']} |")
    print(f"\n## misclassified stance items ({len(wrong)} of {sum(map(sum, cm))}, least confident first)\n")
    for w in wrong[: args.limit]:
        flag = " uncertain" if w["uncertain"] else ""
        print(f"{w['id']}\ttrue={w['true']}\tpred={w['pred']}\tp={w['confidence']:.3f}{flag}\tp(true)={w['p_true']:.3f}")
        if not args.no_text:
            print(f"\t{w['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
