"""Human agreement: Cohen's kappa between our blind labels and the other writer's (issue 3 item 9).

``benchmarks/results/blind-labels-100.jsonl`` holds our labels for 100 of the other
writer's texts, made without seeing theirs (lines ``{"id", "stance", "themes"}``).
Kappa for stance (4 classes) and per theme (present/absent) is the practical
ceiling for any model trained on one writer's labels and scored on the other's.

Usage::

    python benchmarks/agreement.py [--blind PATH] [--other PATH] [--json PATH] [--update-meta]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BLIND = REPO / "benchmarks" / "results" / "blind-labels-100.jsonl"
DEFAULT_OTHER = REPO.parent / "shared" / "data" / "other-writer-dev.jsonl"


def _read(path: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {str(r["id"]): r for r in rows}


def agreement(blind: dict[str, dict], other: dict[str, dict]) -> dict:
    """Kappa and raw agreement for stance and each theme over the ids both labelled."""
    from sklearn.metrics import cohen_kappa_score

    ids = sorted(set(blind) & set(other))
    if not ids:
        raise SystemExit("agreement: no ids in common between the two files")
    ours = [blind[i]["stance"] for i in ids]
    theirs = [other[i]["stance"] for i in ids]
    out = {"n": len(ids), "stance": {"kappa": round(float(cohen_kappa_score(ours, theirs)), 3),
                                     "agreement": round(sum(a == b for a, b in zip(ours, theirs, strict=True)) / len(ids), 3)}}
    themes = sorted({t for i in ids for r in (blind[i], other[i]) for t in r.get("themes", [])})
    out["themes"] = {}
    for theme in themes:
        a = [int(theme in blind[i].get("themes", [])) for i in ids]
        b = [int(theme in other[i].get("themes", [])) for i in ids]
        kappa = cohen_kappa_score(a, b) if len(set(a) | set(b)) > 1 else 1.0
        out["themes"][theme] = {"kappa": round(float(kappa), 3), "ours": sum(a), "theirs": sum(b)}
    if themes:
        out["themes_mean_kappa"] = round(sum(v["kappa"] for v in out["themes"].values()) / len(themes), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blind", type=Path, default=DEFAULT_BLIND)
    ap.add_argument("--other", type=Path, default=DEFAULT_OTHER)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--update-meta", action="store_true", help="Record the figures in the shipped models' cards.")
    args = ap.parse_args(argv)
    for p in (args.blind, args.other):
        if not p.is_file():
            print(f"agreement: {p} not found", file=sys.stderr)
            return 1
    res = agreement(_read(args.blind), _read(args.other))
    print(f"Cohen's kappa on {res['n']} texts (our blind labels vs the other writer's)\n")
    print("| label | kappa | ours | theirs |\n|---|---|---|---|")
    print(f"| stance | {res['stance']['kappa']:.3f} (raw agreement {res['stance']['agreement']:.3f}) | | |")
    for theme, v in res["themes"].items():
        print(f"| {theme} | {v['kappa']:.3f} | {v['ours']} | {v['theirs']} |")
    if "themes_mean_kappa" in res:
        print(f"| themes (mean) | {res['themes_mean_kappa']:.3f} | | |")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.update_meta:
        from voices.models import default_model_dir
        from voices.models.save import update_meta

        for task in ("stance", "themes"):
            update_meta(default_model_dir(task), agreement=res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
