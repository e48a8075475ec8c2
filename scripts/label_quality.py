"""List likely mislabels in corpora/labelled/batch-*.jsonl (issue 3).

A simple, robust model (word 1-2gram + char_wb 2-5gram TF-IDF, logistic
regression with balanced class weights; one-vs-rest for the themes) is trained
with leave-one-batch-out cross-validation (GroupKFold, one fold per batch), so
every text gets an out-of-fold (OOF) probability from a model that never saw its
batch. Texts whose *given* label gets a low OOF probability are written to a
review list for a person to check against GUIDE.md. The model only points; it
never decides: a suspect is kept unless the guide says the label is wrong.

Stance suspects: the given stance has OOF probability < --stance-p (0.15), or is
among the --stance-frac (8%) lowest of its batch.
Theme suspects: a theme that is given with OOF probability < --theme-low (0.05),
or a theme that is missing with OOF probability > --theme-high (0.85).

Only finished batches are read: by default those with a provenance note
(corpora/labelled/provenance/<batch>.md); --train names them explicitly. The
batch files of unfinished batches are never opened.

    .venv/bin/python scripts/label_quality.py --train w1,w3,w4 --batches w1,w3,w4

Output (deterministic for the same input): corpora/labelled/review/suspects.csv
with columns id, batch, kind, given, predicted, p_given, p_predicted, text
(kind is "stance" or "theme"; for a theme row, given is "+theme" when the theme
is tagged and "-theme" when it is not, and p_given is the OOF probability of that
given state; text is cut to 200 characters).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline, make_union

LABELLED = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
STANCES = ["social_work_leaders", "system_leaders", "practice_connected", "none"]
THEMES = [
    "burnout",
    "pay",
    "workforce_shortage",
    "frontline_detachment",
    "lived_experience",
    "registration",
    "performance_targets",
    "outsourcing",
    "accountability",
    "values_ethics",
    "career_path",
]
BATCH_RE = re.compile(r"^batch-(?P<batch>[A-Za-z0-9_]+)\.jsonl$")


def finished_batches(root: Path) -> list[str]:
    """Batches whose file exists and whose provenance note says they are complete."""
    out = []
    for path in sorted(root.glob("batch-*.jsonl")):
        m = BATCH_RE.match(path.name)
        if m and (root / "provenance" / f"{m['batch']}.md").exists():
            out.append(m["batch"])
    return out


def load(root: Path, batches: list[str]) -> list[dict]:
    rows = []
    for batch in batches:
        path = root / f"batch-{batch}.jsonl"
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                if not str(rec["id"]).startswith(f"{batch}-"):
                    raise SystemExit(f"{path}:{lineno}: id {rec['id']!r} lacks the prefix {batch}-")
                if rec["stance"] not in STANCES:
                    raise SystemExit(f"{path}:{lineno}: unknown stance {rec['stance']!r}")
                bad = [t for t in rec["themes"] if t not in THEMES]
                if bad:
                    raise SystemExit(f"{path}:{lineno}: unknown themes {bad}")
                rec["batch"] = batch
                rows.append(rec)
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate ids across the batches")
    return rows


def model(c: float):
    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, lowercase=True),
    )
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    return features, clf


def oof(rows: list[dict], c: float) -> tuple[np.ndarray, np.ndarray]:
    texts = [r["text"] for r in rows]
    groups = [r["batch"] for r in rows]
    n_groups = len(set(groups))
    if n_groups < 2:
        raise SystemExit("leave-one-batch-out needs at least two finished batches")
    cv = GroupKFold(n_splits=n_groups)

    feats, clf = model(c)
    y_stance = np.array([STANCES.index(r["stance"]) for r in rows])
    p_stance = cross_val_predict(
        make_pipeline(feats, clf), texts, y_stance, groups=groups, cv=cv, method="predict_proba"
    )

    feats, clf = model(c)
    y_themes = np.array([[int(t in r["themes"]) for t in THEMES] for r in rows])
    p_themes = cross_val_predict(
        make_pipeline(feats, OneVsRestClassifier(clf)), texts, y_themes, groups=groups, cv=cv,
        method="predict_proba",
    )
    return p_stance, np.asarray(p_themes)


def cut(text: str, n: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=LABELLED, help="folder with batch-*.jsonl (default: %(default)s)")
    ap.add_argument("--train", help="comma-separated finished batches to train on (default: those with provenance/<batch>.md)")
    ap.add_argument("--batches", help="comma-separated batches whose suspects are listed (default: all trained batches)")
    ap.add_argument("--out", type=Path, help="CSV to write (default: ROOT/review/suspects.csv)")
    ap.add_argument("--stance-p", type=float, default=0.15)
    ap.add_argument("--stance-frac", type=float, default=0.08)
    ap.add_argument("--theme-low", type=float, default=0.05)
    ap.add_argument("--theme-high", type=float, default=0.85)
    ap.add_argument("-C", type=float, default=4.0, help="inverse regularisation of the logistic regressions")
    args = ap.parse_args(argv)

    root: Path = args.root
    train = [b.strip() for b in args.train.split(",") if b.strip()] if args.train else finished_batches(root)
    listed = [b.strip() for b in args.batches.split(",") if b.strip()] if args.batches else list(train)
    missing = [b for b in listed if b not in train]
    if missing:
        raise SystemExit(f"--batches {missing} are not among the training batches {train}")
    out: Path = args.out or root / "review" / "suspects.csv"

    rows = load(root, train)
    p_stance, p_themes = oof(rows, args.C)

    y = np.array([STANCES.index(r["stance"]) for r in rows])
    pred = p_stance.argmax(1)
    acc = float((pred == y).mean())
    sys.stderr.write(f"trained on {train} ({len(rows)} texts); OOF stance accuracy {acc:.3f}\n")
    for b in train:
        m = np.array([r["batch"] == b for r in rows])
        sys.stderr.write(f"  {b}: OOF stance accuracy {(pred[m] == y[m]).mean():.3f}\n")

    sel = [i for i, r in enumerate(rows) if r["batch"] in listed]
    p_given = p_stance[np.arange(len(rows)), y]
    # the lowest --stance-frac of each listed batch (ties broken by id, so deterministic)
    lowest: set[int] = set()
    for b in listed:
        in_b = [i for i in sel if rows[i]["batch"] == b]
        order = sorted(in_b, key=lambda i: (round(float(p_given[i]), 6), rows[i]["id"]))
        lowest.update(order[: int(np.ceil(args.stance_frac * len(in_b)))])

    out_rows = []
    for i in sel:
        r = rows[i]
        if p_given[i] < args.stance_p or i in lowest:
            out_rows.append(
                dict(id=r["id"], batch=r["batch"], kind="stance", given=r["stance"], predicted=STANCES[pred[i]],
                     p_given=float(p_given[i]), p_predicted=float(p_stance[i, pred[i]]), text=cut(r["text"]))
            )
        for j, theme in enumerate(THEMES):
            p = float(p_themes[i, j])
            tagged = theme in r["themes"]
            if tagged and p < args.theme_low:
                out_rows.append(dict(id=r["id"], batch=r["batch"], kind="theme", given=f"+{theme}",
                                     predicted=f"-{theme}", p_given=p, p_predicted=1 - p, text=cut(r["text"])))
            elif not tagged and p > args.theme_high:
                out_rows.append(dict(id=r["id"], batch=r["batch"], kind="theme", given=f"-{theme}",
                                     predicted=f"+{theme}", p_given=1 - p, p_predicted=p, text=cut(r["text"])))

    kinds = {"stance": 0, "theme": 1}
    out_rows.sort(key=lambda d: (listed.index(d["batch"]), kinds[d["kind"]], round(d["p_given"], 6), d["id"], d["given"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "batch", "kind", "given", "predicted", "p_given", "p_predicted", "text"],
                           lineterminator="\n")
        w.writeheader()
        for d in out_rows:
            w.writerow({**d, "p_given": f"{d['p_given']:.4f}", "p_predicted": f"{d['p_predicted']:.4f}"})

    for b in listed:
        ns = sum(1 for d in out_rows if d["batch"] == b and d["kind"] == "stance")
        nt = sum(1 for d in out_rows if d["batch"] == b and d["kind"] == "theme")
        sys.stderr.write(f"  {b}: {ns} stance suspects, {nt} theme suspects\n")
    sys.stderr.write(f"wrote {out} ({len(out_rows)} rows)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
