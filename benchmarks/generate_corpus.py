"""Generate realistic synthetic corpora (10k / 100k / 1M comments) for the benchmarks.

Built from the project's own labelled texts (corpora/labelled/*.jsonl) with
variation: texts are combined, trimmed, re-cased, given typos and sign-offs, and
laid out as comment pages in the plain-text thread layout (replies nested by
indentation) and as consultation CSV exports. Deterministic for a given seed.

    python benchmarks/generate_corpus.py --comments 100000 --out benchmarks/out/corpus-100k
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Sam", "Priya", "Tom", "Aisha", "Gareth", "Niamh", "Oluwaseun", "Kate", "Dev", "Ruth",
         "Marek", "Chloe", "Imran", "Bethan", "Joe", "Hannah", "Yusuf", "Claire", "Ade", "Fiona"]
LAST = ["Patel", "Jones", "Okafor", "Murphy", "Evans", "Khan", "Smith", "Nowak", "Reid", "Hughes"]
HANDLES = ["Social worker", "Anon", "Tired AP", "Long-serving SW", "Ex-DCS", "Foster carer",
           "NQSW", "Agency locum", "PSW", "Concerned parent", "Retired manager"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
QUESTIONS = [
    ("Q1", "Statutory directors of children's and adults' services should be registered social workers. To what extent do you agree?"),  # noqa: E501 - a question, as written
    ("Q2", "Senior leaders should spend regular time in frontline practice. To what extent do you agree?"),
]
SCALE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]


def load_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        raise SystemExit("no labelled texts found in corpora/labelled/")
    return texts


def vary(rng: random.Random, texts: list[str]) -> str:
    """One comment: a labelled text, sometimes joined with another, re-cased or misspelt."""
    text = rng.choice(texts)
    r = rng.random()
    if r < 0.25:
        text = text + " " + rng.choice(texts)
    elif r < 0.35:
        text = text.lower()
    if rng.random() < 0.15:
        words = text.split()
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        text = " ".join(words)
    if rng.random() < 0.05:
        text += f" — {rng.choice(HANDLES)}"
    return text


def author(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(HANDLES)
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.6 else rng.choice(FIRST)


def stamp(t: datetime) -> str:
    hour = t.hour % 12 or 12
    return f"{MONTHS[t.month - 1]} {t.day}, {t.year} at {hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def thread_page(rng: random.Random, texts: list[str], n: int, k: int) -> tuple[str, int]:
    """A comment page in the plain-text layout with about ``n`` comments; returns (page, count)."""
    title = f"Leadership in social work: debate {k}"
    t = datetime(2019, 1, 1) + timedelta(days=rng.randrange(2000), minutes=rng.randrange(1440))
    lines = [title, "", vary(rng, texts), "", vary(rng, texts), "", "More from the Sector Press", ""]
    body: list[str] = []
    count = top = 0
    while count < n:
        top += 1
        t += timedelta(minutes=rng.randrange(5, 600))
        body += [f"  {top}. {author(rng)} {stamp(t)} #", "", "    " + vary(rng, texts), ""]
        count += 1
        depth = 0
        while count < n and rng.random() < 0.45 and depth < 4:
            depth = depth + 1 if rng.random() < 0.6 or depth == 0 else depth
            pad = "  " * (depth + 1)
            t += timedelta(minutes=rng.randrange(5, 300))
            body += [f"{pad}• {author(rng)} {stamp(t)} #", "", pad + "  " + vary(rng, texts), ""]
            count += 1
    lines += [f"{count} Responses to {title}", ""] + body
    return "\n".join(lines) + "\n", count


def consultation(rng: random.Random, texts: list[str], n_answers: int, path: Path) -> int:
    """A consultation CSV export with about ``n_answers`` free-text answers."""
    header = ["Response ID", "Respondent type", "Organisation"]
    for qid, q in QUESTIONS:
        header += [f"{qid}. {q}", f"{qid}a. Please explain your answer."]
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        i = 0
        while written < n_answers:
            i += 1
            org = rng.random() < 0.15
            row = [f"R{i:07d}", "Organisation" if org else "Individual",
                   f"{rng.choice(LAST)} Council" if org else ""]
            for _ in QUESTIONS:
                answer = vary(rng, texts) if rng.random() < 0.85 else ""
                written += bool(answer)
                row += [rng.choice(SCALE), answer]
            w.writerow(row)
    return written


def generate(comments: int, out: Path, seed: int = 13, consultation_share: float = 0.1) -> dict:
    """Write thread pages and consultation CSVs totalling ``comments`` documents into ``out``."""
    rng = random.Random(seed)
    texts = load_texts()
    out.mkdir(parents=True, exist_ok=True)
    n_cons = int(comments * consultation_share)
    n_threads = comments - n_cons
    made = k = 0
    words = 0
    while made < n_threads:
        k += 1
        size = min(n_threads - made, rng.randrange(200, 800))
        page, count = thread_page(rng, texts, size, k)
        (out / f"thread-{k:05d}.txt").write_text(page, encoding="utf-8")
        made += count
        words += len(page.split())
    cons_files = 0
    left = n_cons
    while left > 0:
        cons_files += 1
        chunk = min(left, 50_000)
        left -= consultation(rng, texts, chunk, out / f"consultation-{cons_files:03d}.csv")
    summary = {"comments": made, "consultation_answers": n_cons, "thread_files": k,
               "consultation_files": cons_files, "approx_thread_words": words}
    (out / "MANIFEST.json").write_text(json.dumps(summary, indent=2))
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--consultation-share", type=float, default=0.1)
    args = ap.parse_args()
    print(json.dumps(generate(args.comments, args.out, args.seed, args.consultation_share), indent=2))


if __name__ == "__main__":
    main()
