"""How well redaction holds: recall on planted identifiers, false positives on clean texts.

Usage::

    python benchmarks/redaction.py [--planted benchmarks/data/redaction-planted.jsonl]
                                   [--clean benchmarks/data/redaction-clean.jsonl]
                                   [--firstnames benchmarks/data/redaction-firstnames.jsonl]
                                   [--unlisted benchmarks/data/redaction-unlisted.jsonl]
                                   [--prose benchmarks/data/redaction-prose.jsonl]
                                   [--titles benchmarks/data/redaction-titles.jsonl]
                                   [--real ../shared/data/real-dev.jsonl] [--json PATH]

Both fixtures are written by the project (no real person's data). ``--planted``
holds comments with identifiers planted in them, each tagged with its form;
``--clean`` holds on-topic comments with none (capitalised job titles, platforms,
organisations, months, places, legal references), so every placeholder put into
them is a false positive. ``--firstnames`` is a probe of short made-up sentences with
first names of several origins (``benchmarks/make_firstname_probe.py`` writes it): its
recall is reported apart, by origin and by whether the shipped first-names list holds
the name, and is not one of the goals (it shows what is still missed). ``--unlisted`` is
a probe of the same kind with first names on no shipped list only
(``benchmarks/make_unlisted_probe.py`` writes it), reported on its own lines: what the
context rules catch where no list helps. ``--prose`` is ordinary social-work prose naming no one
(headings in capitals, the field's acronyms, words that are also first names in lower case and
opening sentences: "Hope alone will not pay", "the bill will be debated", places and shops named
after saints or people: "St Helens", "Marks & Spencer"): every placeholder in it is a false
positive, listed on its own lines apart from ``--clean``'s goal. ``--titles`` is a probe of source
titles made from file names, redacted as every output shows a title (``Redactor.source_titles``): names
joined into one word ("chloebrown.docx"), parted by "-", "_" or "." ("jo-wilkins-response.txt"), and on
no list before a word saying whose answer the file is ("olubankole_answers.csv"), a surname alone before
one or a date ("smith_response.txt", "jones-2024.csv"), in capitals ("JOHN SMITH.docx"), "Okafor, Kemi",
other scripts ("张伟_response.txt"), after an answer word ("Response_Smith.docx"), as a spreadsheet's title writes
them ("Jones response"), with accents as combining marks, double-barrelled and romanised from many languages,
beside file names of ordinary words, bodies and places before an answer
word and compounds that start with a name ("elizabethan-poor-law.txt", "oxfam-response", "will-power-2024"),
where every placeholder is a false positive. ``--real`` is writing by real people
(``../shared/data/real-dev.jsonl``, read only when present, never copied): the probe prints counts
alone, how many texts NER finds a PERSON in before redaction and how many of those spans a
redacted output still shows (NER's PERSON also takes titles, acronyms and places, so a span
still shown is a place to look, not a leak counted); without the file it says it skipped.

An identifier counts as redacted only when every letter and digit of every
occurrence of it lies inside a redacted span (a name half hidden is a miss).
Prints recall per form and overall, lists each false positive with the rate per
1,000 words, and exits 1 when a goal is missed (recall >= 95%, false positives
<= 1 per 1,000 words). Uses the default spaCy pipeline for NER, as ``export
--redact`` does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PLANTED = HERE / "data" / "redaction-planted.jsonl"
DEFAULT_CLEAN = HERE / "data" / "redaction-clean.jsonl"
DEFAULT_FIRSTNAMES = HERE / "data" / "redaction-firstnames.jsonl"
DEFAULT_UNLISTED = HERE / "data" / "redaction-unlisted.jsonl"
DEFAULT_PROSE = HERE / "data" / "redaction-prose.jsonl"
DEFAULT_TITLES = HERE / "data" / "redaction-titles.jsonl"
DEFAULT_REAL = HERE.parent.parent / "shared" / "data" / "real-dev.jsonl"
RECALL_GOAL, FP_GOAL = 0.95, 1.0


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def covered(text: str, value: str, spans: list[tuple[int, int, str]]) -> bool:
    """Whether every letter and digit of every occurrence of ``value`` in ``text`` is inside a span."""
    hidden = set()
    for s, e, _ in spans:
        hidden.update(range(s, e))
    at = text.find(value)
    if at < 0:
        raise ValueError(f"planted value {value!r} is not in its text")
    while at >= 0:
        if any(ch.isalnum() and at + i not in hidden for i, ch in enumerate(value)):
            return False
        at = text.find(value, at + 1)
    return True


def _checked(redactor, rows: list[dict], prefix: str):
    """``(doc_id, record, planted item, redacted?)`` for every planted item of ``rows``."""
    for i, rec in enumerate(rows):
        spans = redactor.spans(rec["text"], f"{prefix}{i}")
        for item in rec["planted"]:
            yield f"{prefix}{i}", rec, item, covered(rec["text"], item["value"], spans)


def run(planted_path: Path, clean_path: Path) -> dict:
    """Measure recall per form on ``planted_path`` and false positives on ``clean_path``."""
    from voices.redact import Redactor

    planted, clean = _read(planted_path), _read(clean_path)
    redactor = Redactor([r.get("author") for r in planted + clean])
    docs = [(f"p{i}", r["text"]) for i, r in enumerate(planted)] + [(f"c{i}", r["text"]) for i, r in enumerate(clean)]
    redactor.prefetch(docs)  # one NER pass over everything
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for doc, rec, item, ok in _checked(redactor, planted, "p"):
        hits[item["form"]][0] += ok
        hits[item["form"]][1] += 1
        if not ok:
            misses.append({"form": item["form"], "value": item["value"], "redacted": redactor.redact(rec["text"], doc)})
    false_positives = []
    for i, rec in enumerate(clean):
        for s, e, placeholder in redactor.spans(rec["text"], f"c{i}"):
            false_positives.append({"placeholder": placeholder, "text": rec["text"][s:e], "doc": i})
    words = sum(len(r["text"].split()) for r in clean)
    found = sum(h[0] for h in hits.values())
    total = sum(h[1] for h in hits.values())
    return {
        "forms": {f: {"found": h[0], "planted": h[1], "recall": h[0] / h[1]} for f, h in sorted(hits.items())},
        "identifiers": total, "recall": found / total, "misses": misses,
        "clean_words": words, "false_positives": false_positives,
        "false_positives_per_1000_words": 1000 * len(false_positives) / words,
    }


def probe(path: Path) -> dict:
    """Recall on the first-names probe, overall, by origin and by whether the shipped list holds the name."""
    from voices.redact import Redactor

    try:
        from voices.redact.names import listed_names
        listed = listed_names()[0] | listed_names()[1]
    except ImportError:  # a voices from before the list: every name counts as not listed
        listed = frozenset()
    rows = _read(path)
    redactor = Redactor()
    redactor.prefetch((f"f{i}", r["text"]) for i, r in enumerate(rows))
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for _, _, item, ok in _checked(redactor, rows, "f"):
        first = item["value"].split()[0].lower()
        for key in ("all", f"origin {item['origin']}", "listed" if first in listed else "not listed"):
            groups[key][0] += ok
            groups[key][1] += 1
        if not ok:
            misses.append(item["value"])
    return {"groups": {k: {"found": g[0], "planted": g[1], "recall": g[0] / g[1]} for k, g in sorted(groups.items())},
            "missed_names": sorted(set(misses))}


def prose(path: Path) -> dict:
    """False positives in ordinary prose that names no one: every placeholder is one."""
    from voices.redact import Redactor

    rows = _read(path)
    redactor = Redactor()
    redactor.prefetch((f"q{i}", r["text"]) for i, r in enumerate(rows))
    found = [{"placeholder": placeholder, "text": rec["text"][s:e], "doc": i}
             for i, rec in enumerate(rows) for s, e, placeholder in redactor.spans(rec["text"], f"q{i}")]
    return {"sentences": sum(len(re.findall(r"[.!?](?:\s|$)", r["text"])) for r in rows),
            "words": sum(len(r["text"].split()) for r in rows), "false_positives": found}


def titles(path: Path) -> dict:
    """Names found in file-name titles, by form, and false positives in titles that name no one."""
    from voices.redact import Redactor

    rows = _read(path)
    redactor = Redactor()
    redactor.source_titles(r["title"] for r in rows)  # one NER pass, as an output makes it
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses, false_positives = [], []
    for rec in rows:
        spans = redactor.spans(rec["title"], f"title:{rec['title']}")
        for item in rec["planted"]:
            ok = covered(rec["title"], item["value"], spans)
            hits[item["form"]][0] += ok
            hits[item["form"]][1] += 1
            if not ok:
                misses.append(rec["title"])
        if not rec["planted"]:
            false_positives += [f"{rec['title']}: {rec['title'][s:e]!r}" for s, e, _ in spans]
    return {"forms": {f: {"found": h[0], "planted": h[1], "recall": h[0] / h[1]} for f, h in sorted(hits.items())},
            "missed": misses, "clean_titles": sum(not r["planted"] for r in rows), "false_positives": false_positives}


def real_writing(path: Path) -> dict:
    """Counts only: texts NER finds a PERSON in before redaction, and those spans a redacted output still shows."""
    from voices.nlp import ner_entities
    from voices.redact import Redactor

    if not path.is_file():
        return {"skipped": str(path)}
    texts = [r["text"] for r in _read(path)]
    people = [[(s, e) for s, e, label in ents if label == "PERSON"] for ents in ner_entities(texts)]
    redactor = Redactor()
    redactor.prefetch((f"r{i}", t) for i, t in enumerate(texts))
    shown = [sum(not covered(t[s:e], t[s:e], [(a - s, b - s, p) for a, b, p in redactor.spans(t, f"r{i}")])
                 for s, e in map(_without_title, [t] * len(found), found))
             for i, (t, found) in enumerate(zip(texts, people, strict=True))]
    return {"texts": len(texts), "texts_with_person": sum(bool(p) for p in people),
            "person_spans": sum(map(len, people)), "spans_shown": sum(shown), "texts_shown": sum(map(bool, shown))}


_SPAN_TITLE = re.compile(r"^(?:(?:Lord|Lady|Baroness|Sir|Dame|Mr|Mrs|Ms|Miss|Dr|Cllr|Prof)\.?\s+)+")
_SPAN_POSSESSIVE = re.compile(r"['’]s?$")


def _without_title(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """An NER PERSON span less a title before it and a possessive after ("Lady Perry's" -> "Perry"),
    which a redacted output shows beside the placeholder by design."""
    s, e = span
    s += len(m.group()) if (m := _SPAN_TITLE.match(text[s:e])) else 0
    e -= len(m.group()) if (m := _SPAN_POSSESSIVE.search(text[s:e])) else 0
    return s, max(s, e)


def _real_lines(r: dict) -> list[str]:
    if "skipped" in r:
        return [f"real-writing probe: skipped, no {r['skipped']} (pass --real PATH)"]
    return ["real-writing probe (not a goal; counts only):",
            f"  {r['texts']} texts, NER finds a PERSON in {r['texts_with_person']} ({r['person_spans']} spans)",
            f"  still shown after redaction: {r['spans_shown']} spans in {r['texts_shown']} texts "
            "(NER's PERSON takes titles and acronyms too: read them before calling one a leak)"]


def report(res: dict) -> str:
    lines = [f"{'form':<22} {'found':>5} / planted  recall"]
    for form, r in res["forms"].items():
        lines.append(f"{form:<22} {r['found']:>5} / {r['planted']:<7} {r['recall']:6.1%}")
    lines.append(f"{'overall':<22} {round(res['recall'] * res['identifiers']):>5} / {res['identifiers']:<7} "
                 f"{res['recall']:6.1%}  ({len(res['forms'])} forms; goal >= {RECALL_GOAL:.0%})")
    for m in res["misses"]:
        lines.append(f"  missed {m['form']}: {m['value']!r} -> {m['redacted']}")
    lines.append(f"false positives: {len(res['false_positives'])} in {res['clean_words']:,} clean words = "
                 f"{res['false_positives_per_1000_words']:.2f} per 1,000 words (goal <= {FP_GOAL:g})")
    for fp in res["false_positives"]:
        lines.append(f"  {fp['placeholder']} <- {fp['text']!r} (clean text {fp['doc']})")
    for key, title in (("firstnames", "first-names probe"), ("unlisted", "unlisted-names probe")):
        if key in res:
            lines.append(f"{title} (not a goal):")
            for group, g in res[key]["groups"].items():
                lines.append(f"  {group:<22} {g['found']:>5} / {g['planted']:<7} {g['recall']:6.1%}")
            lines.append(f"  missed: {', '.join(res[key]['missed_names'])}")
    if "prose" in res:
        p = res["prose"]
        lines.append(f"prose probe (not a goal): {len(p['false_positives'])} false positives in {p['sentences']} "
                     f"sentences, {p['words']:,} words")
        for fp in p["false_positives"]:
            lines.append(f"  {fp['placeholder']} <- {fp['text']!r} (prose text {fp['doc']})")
    if "titles" in res:
        t = res["titles"]
        lines.append("file-name titles probe (not a goal):")
        for form, g in t["forms"].items():
            lines.append(f"  {form:<22} {g['found']:>5} / {g['planted']:<7} {g['recall']:6.1%}")
        lines.append(f"  missed: {', '.join(t['missed'])}")
        lines.append(f"  {len(t['false_positives'])} false positives in {t['clean_titles']} titles naming no one")
        lines += [f"  [PERSON] <- {fp}" for fp in t["false_positives"]]
    if "real" in res:
        lines += _real_lines(res["real"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--planted", type=Path, default=DEFAULT_PLANTED)
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--firstnames", type=Path, default=DEFAULT_FIRSTNAMES)
    ap.add_argument("--unlisted", type=Path, default=DEFAULT_UNLISTED)
    ap.add_argument("--prose", type=Path, default=DEFAULT_PROSE)
    ap.add_argument("--titles", type=Path, default=DEFAULT_TITLES)
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    res = run(args.planted, args.clean)
    res["firstnames"] = probe(args.firstnames)
    res["unlisted"] = probe(args.unlisted)
    res["prose"] = prose(args.prose)
    res["titles"] = titles(args.titles)
    res["real"] = real_writing(args.real)
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    met = res["recall"] >= RECALL_GOAL and res["false_positives_per_1000_words"] <= FP_GOAL
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
