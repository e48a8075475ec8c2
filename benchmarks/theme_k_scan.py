"""Theme discovery's two goals at each number of themes, on the labelled corpus and with real-dev (issue 17).

Usage::

    python benchmarks/theme_k_scan.py [--ks 6,8,10,12,14,16,20,24] [--with-real JSONL]
                                      [--out benchmarks/results/theme-k-scan.md]

For each ``k``: the shipped term matrix, NMF with ``k`` themes, hidden-theme recovery
(top-decile best-match F1, mean over pay, registration and outsourcing) against sklearn LDA
with the same ``k`` (the goal: at least 0.10 above it), and each theme's stability over 20
resamples, with the mean of those kept (>= 0.5; the goal: at least 0.8). ``--n auto`` picks
``k`` among ``voices.themes.AUTO_CANDIDATES`` with 5 resamples each
(``voices.themes._model.choose_k``); this scan shows what each choice would give.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from theme_discovery import HIDDEN, LABELLED, best_f1, read_jsonl  # noqa: E402

from voices.nlp.preprocess import preprocess  # noqa: E402
from voices.themes import _model  # noqa: E402
from voices.themes._terms import term_matrix  # noqa: E402


def scan(ks: list[int], real: Path | None = None) -> list[dict]:
    """Each ``k``'s recovery, LDA's recovery and the stabilities."""
    from sklearn.decomposition import LatentDirichletAllocation

    rows = read_jsonl(sorted(LABELLED.glob("*.jsonl"))) + (read_jsonl([real]) if real else [])
    prepared = list(preprocess([r["text"] for r in rows]))
    truth = {h: np.array([h in (r.get("themes") or []) for r in rows]) for h in HIDDEN}
    tm = term_matrix(prepared, min_df=3, max_df=0.25)  # as fit_themes on a corpus this size
    out = []
    for k in ks:
        t0 = time.perf_counter()
        full = _model.fit(tm.X, k)
        stab = _model.stability(tm.X, full, resamples=20)
        kept = stab[stab >= 0.5]
        lda = LatentDirichletAllocation(n_components=k, random_state=0).fit_transform(tm.counts)
        nmf_r = float(np.mean([best_f1(full.W, truth[h]) for h in HIDDEN]))
        lda_r = float(np.mean([best_f1(lda, truth[h]) for h in HIDDEN]))
        out.append({"k": k, "recovery": round(nmf_r, 4), "lda": round(lda_r, 4), "margin": round(nmf_r - lda_r, 4),
                    "stable": int((stab >= 0.8).sum()), "reported": len(kept),
                    "stability_reported": round(float(kept.mean()), 4) if len(kept) else None,
                    "stability_all": round(float(stab.mean()), 4), "seconds": round(time.perf_counter() - t0, 1)})
        print(out[-1], file=sys.stderr, flush=True)
    return out


def markdown(rows: list[dict], command: str, corpus: str) -> str:
    lines = [f"# Theme discovery at each number of themes: {corpus} (issue 17)", "", f"Command: `{command}`", "",
             "Goals: recovery at least LDA + 0.10 (same k); mean stability of reported themes (>= 0.5) at least 0.8.",
             "The labelled corpus is AI-written; real-dev is real writing used here for development, not as a check.",
             "", "| k | NMF recovery | LDA | margin | themes >= 0.8 | reported | reported stability | all themes |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        m = "met" if r["margin"] >= 0.10 else "not met"
        s = "met" if (r["stability_reported"] or 0) >= 0.8 else "not met"
        lines.append(f"| {r['k']} | {r['recovery']:.3f} | {r['lda']:.3f} | {r['margin']:+.3f} ({m}) | {r['stable']} | "
                     f"{r['reported']} | {r['stability_reported']:.3f} ({s}) | {r['stability_all']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ks", default="6,8,10,12,14,16,20,24")
    ap.add_argument("--with-real", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "theme-k-scan.md")
    args = ap.parse_args(argv)
    rows = scan([int(k) for k in args.ks.split(",")], args.with_real)
    corpus = "labelled corpus plus real-dev" if args.with_real else "labelled corpus (AI-written)"
    command = "python benchmarks/theme_k_scan.py " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.write_text(markdown(rows, command.strip(), corpus), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
