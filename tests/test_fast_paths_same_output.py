"""CPU cuts in the 20k-comment path (issue 14 item 2): the fast paths give what the slow ones gave.

Each cut is pinned by the values it must still give; the whole-pipeline check (every
report and corpus table hashed before and after) is ``benchmarks/snapshot_outputs.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from report_fixtures import FakeStance, classified_corpus, no_entities

from voices.report import build_report, render

HERE = Path(__file__).resolve().parent


def test_unredacted_report_names_the_organisation_without_importing_redact(tmp_path: Path) -> None:
    # the terminal report (unredacted) imported voices.redact (0.16 s CPU) only for the
    # "an organisation" constant; it must still show the organisation's own name
    corpus = classified_corpus(tmp_path / "c.duckdb")
    code = (
        "import json, sys\n"
        "from report_fixtures import FakeStance\n"
        "from voices.report import build_report\n"
        f"data = build_report({str(corpus)!r}, stance_model=FakeStance())\n"
        "print(json.dumps([sorted(m for m in sys.modules if m.startswith('voices.redact')),\n"
        "                  sorted({q.author for qs in data.quotes.values() for q in qs if q.author})]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": f"{HERE.parent / 'src'}:{HERE}", "PATH": "/usr/bin:/bin"})
    imported, authors = json.loads(done.stdout)
    assert imported == []
    assert "Northshire Council" in authors


def test_redacted_report_still_hides_the_organisation(tmp_path: Path) -> None:
    corpus = classified_corpus(tmp_path / "c.duckdb")
    plain = render(build_report(corpus, stance_model=FakeStance()), "md")
    redacted = render(build_report(corpus, redact=True, stance_model=FakeStance(), entities=no_entities), "md")
    assert "Northshire Council" in plain
    assert "Northshire Council" not in redacted and "an organisation" in redacted


def _best_sentence_word_by_word(text: str, cues: list[str]) -> tuple[int, int]:
    """``best_theme_sentence`` as it was before speed30: one ``startswith`` per word and cue (the oracle)."""
    import re

    from voices.report._text import sentence_spans

    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    folded = [c.casefold() for c in cues if c]

    def hits(span: tuple[int, int]) -> int:
        words = re.findall(r"\w+", text[span[0]:span[1]].casefold())
        piece = " ".join(words)
        return sum(1 for c in folded if (" " in c and c in piece) or any(w.startswith(c) for w in words))

    full = [len(text[s:e].split()) >= 5 for s, e in spans]
    best = max(range(len(spans)), key=lambda i: (hits(spans[i]), full[i], -i))
    return spans[best]


def test_best_theme_sentence_picks_what_the_word_by_word_count_picked() -> None:
    import random

    from voices.report.themes import best_theme_sentence

    text = ("Caseloads keep rising. We are burnt out and the caseload is 30! Burnout is real, "
            "pay-frozen staff leave. Supervision? None at all. Über-managers burn budgets.")
    assert text[slice(*best_theme_sentence(text, ["burn", "caseload"]))] == \
        "We are burnt out and the caseload is 30!"
    assert text[slice(*best_theme_sentence(text, ["pay frozen", "staff"]))] == \
        "Burnout is real, pay-frozen staff leave."
    assert text[slice(*best_theme_sentence(text, ["über"]))] == "Über-managers burn budgets."
    # cues that are no word's start: punctuation, a leading space, a tab, a mid-word piece
    rng = random.Random(30)
    words = ["burn", "burnt", "care", "caseload", "pay", "frozen", "ÜBER", "x", "no", "leaders", "30"]
    marks = [". ", "! ", "? ", ", ", "-", " ", "\n"]
    cues_pool = ["burn", "urn", "pay frozen", " pay", "frozen-", "care\tplan", "über", "x", "no le",
                 "30", "-", "caseloads", "lead"]
    for _ in range(300):
        t = "".join(rng.choice(words) + rng.choice(marks) for _ in range(rng.randint(1, 30)))
        cues = rng.sample(cues_pool, rng.randint(0, 5))
        assert best_theme_sentence(t, cues) == _best_sentence_word_by_word(t, cues), (t, cues)


def _counts_unicode_only(text: str) -> tuple[int, int, int]:
    """``voices.language._counts`` as it was before speed30: the Unicode word pattern for every text (the oracle)."""
    import re

    from voices.language import _CIRCUMFLEX, _ENGLISH_WORDS, _WELSH_ONLY_LETTERS, _WELSH_WORDS

    found = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
    found = [w for w in found if not (w.isupper() and len(w) <= 5 and len(w) > 1)]
    words = [w.casefold().replace("’", "'") for w in found]
    english = sum(w in _ENGLISH_WORDS for w in words)
    welsh = sum(w in _WELSH_WORDS for w in words)
    letters = 2 * len(_WELSH_ONLY_LETTERS.findall(text)) + (len(_CIRCUMFLEX.findall(text)) if welsh else 0)
    return len(words), english, welsh + letters


def test_language_counts_on_ascii_texts_match_the_unicode_pattern() -> None:
    import random
    import string

    from voices.language import _counts, detect_language

    # ASCII: digits, "_" and apostrophes split or join words as the Unicode classes do
    # the, can't, be, nd, rate, o'clock, x'y, tis (DCS is an acronym); English: the, be
    assert _counts("The DCS can't_be 2nd-rate; o'clock x'y' 'tis") == (8, 2, 0)
    assert _counts("Mae'r gwaith yn bwysig iawn i ni") == _counts_unicode_only("Mae'r gwaith yn bwysig iawn i ni")
    # Welsh words yn, fel, chi and two Welsh-only letters (ŵ, ŷ) counted twice
    assert _counts("Mae’r ŵyr yn byw yng Nghymru, fel ŷch chi") == (9, 0, 7)
    assert detect_language("Dylai arweinwyr gwaith cymdeithasol fod yn weithwyr cymdeithasol.") == "cy"
    rng = random.Random(30)
    pool = string.ascii_letters + string.digits + "_'’ -.,\n\tŵêéÄß"
    for _ in range(2000):
        text = "".join(rng.choice(pool if rng.random() < 0.3 else string.printable) for _ in range(rng.randint(0, 60)))
        assert _counts(text) == _counts_unicode_only(text), text


def test_stored_probabilities_are_the_json_of_the_frame_dicts() -> None:
    # classify's workers write the probability columns as JSON made straight from the
    # probability rows; it must be json.dumps(dict, sort_keys=True) of classify_frame's dicts
    import numpy as np
    import pandas as pd
    from report_fixtures import FakeThemes

    from voices.classify import _tag_for_store, load_models
    from voices.classify.columns import _by_name
    from voices.classify.rows import _classify_rows

    texts = ["Directors must be qualified social workers, full stop.",
             "A DCS is a system leader; the qualification need not be required.",
             "Dylai arweinwyr gwaith cymdeithasol fod yn weithwyr cymdeithasol cymwys bob amser.",
             "The article itself.", "Agree.", ""]
    frame = pd.DataFrame({"kind": ["comment", "comment", "comment", "article", "comment", "comment"],
                          "text": texts, "prepared": [None] * len(texts)})
    for models in (load_models(), (FakeStance(), FakeThemes())):
        dicts = _classify_rows(frame, *models)
        stored = _tag_for_store(models, frame)
        for col in ("stance_probabilities", "theme_probabilities"):
            want = [None if d is None else json.dumps(d, sort_keys=True) for d in dicts[col]]
            # the corpus frame's string columns hold a missing value as NaN (as before)
            assert [None if pd.isna(v) else v for v in stored[col].tolist()] == want
        assert pd.isna(stored["stance_probabilities"][3]) and stored["theme_probabilities"][3] == "{}"
        assert stored["classification_status"].tolist()[2:4] == ["not_english", "article"]
    stance_json = json.loads(stored["stance_probabilities"][0])
    assert list(stance_json) == sorted(stance_json) and abs(sum(stance_json.values()) - 1) < 1e-9
    # a probability that is not finite is written as null, as before
    probs = np.array([[0.25, np.nan], [0.5, 0.5]])
    assert _by_name(["b", "a"], probs, as_json=True) == ['{"a": null, "b": 0.25}', '{"a": 0.5, "b": 0.5}']
    assert _by_name(["b", "a"], probs[1:], as_json=True) == [json.dumps({"a": 0.5, "b": 0.5}, sort_keys=True)]
    # labels are distinct in every model; were one repeated, the dict (and its JSON) keeps the last
    assert _by_name(["a", "a"], probs[1:], as_json=True) == ['{"a": 0.5}']


def test_normaliser_token_texts_match_the_lookup_per_token() -> None:
    # the normaliser spreads each distinct norm's text over its tokens with one take; it
    # must give what a dictionary lookup per token gave, placeholders and negation after it
    import numpy as np

    from voices.nlp import preprocess
    from voices.nlp.preprocess import _normaliser

    norm = _normaliser()
    assert norm(["Directors DON'T need to be social workers.", "", "   ", "Email a@b.org or see https://x.co/a",
                 "@Bob: never met @ann, not once"]) == [
        "directors do not neg_need neg_to neg_be neg_social neg_workers .", "", "", "email <email> or see <url>",
        "@user : never neg_met neg_@user , not neg_once"]
    texts = ["Not qualified, but caring.", "Pay, pay and PAY!", "Never a DCS who can't listen", "ok"] * 3
    hashes = np.concatenate([norm.tokenizer(t.lower()).to_array(norm.attrs)[:, 0] for t in texts])
    assert norm._texts(hashes) == [norm._text(h) for h in hashes.tolist()]
    assert norm._texts(hashes[:0]) == []
    assert list(preprocess(texts, batch_size=5)) == [norm([t])[0] for t in texts]
