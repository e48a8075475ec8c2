"""Copy a finished labelled batch into corpora/labelled/, dropping any text that shares a
6-gram with the measuring sets (real-dev, other-writer): those must never be trained on.

Usage::

    python scripts/overlap_check.py /work/data/batch-w8.jsonl [--into corpora/labelled]

Prints how many texts were kept and which ids were dropped (and the shared 6-gram's
position, never the measuring set's text). Without ``--into`` it only reports.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
MEASURING = ("real-dev.jsonl", "other-writer-dev.jsonl")
N = 6
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    """Lower-cased word n-grams of ``text``."""
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def measuring_ngrams(shared: Path = SHARED) -> set[tuple[str, ...]]:
    """Every 6-gram of the measuring sets present beside the repo."""
    grams: set[tuple[str, ...]] = set()
    for name in MEASURING:
        path = shared / name
        if not path.is_file():
            raise SystemExit(f"overlap_check: {path} not found; cannot check the batch")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                grams |= ngrams(json.loads(line)["text"])
    return grams


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batch", type=Path)
    ap.add_argument("--into", type=Path, default=None)
    args = ap.parse_args(argv)
    seen = measuring_ngrams()
    kept, dropped = [], []
    for line in args.batch.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        (dropped if ngrams(row["text"]) & seen else kept).append((row, line))
    print(f"{args.batch.name}: {len(kept)} kept, {len(dropped)} dropped for a 6-gram shared with "
          f"{' or '.join(MEASURING)}" + (f": {', '.join(r['id'] for r, _ in dropped)}" if dropped else ""))
    if args.into:
        out = args.into / args.batch.name
        out.write_text("".join(line + "\n" for _, line in kept), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
