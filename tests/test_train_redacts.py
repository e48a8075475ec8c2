"""A model trained on a user's labelled texts must not carry the people those texts name.

Model folders are shared (a team retrains and passes the folder on) and ``voices delete``
cannot reach a model trained before the delete, so the user's texts are redacted before
any vocabulary is fitted. The texts here are a made-up debate about closing a day
centre, written for this test; every name, address and number in them is invented
(07700 900xxx is a range set aside for drama).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus

runner = CliRunner()

STANCES = ["close=Wants the Brookfield day centre closed", "keep=Wants the day centre kept open",
           "none=No position on the day centre"]

_REASONS = {
    "close": ["the building costs more to heat than it is worth", "the council cannot afford two centres",
              "most members already go to the new hub in town", "the roof has leaked for three winters",
              "the money would pay for more home visits", "the bus route to it was cut last year",
              "numbers at the lunch club have halved", "the hub has longer opening hours"],
    "keep": ["it is the only place my father sees friends", "the hub is too far for people without a car",
             "the staff know every member by name", "carers get a day off while it is open",
             "the lunch club stops people going hungry", "closing it will mean more hospital admissions",
             "the garden group keeps people active", "nobody asked the members what they want"],
    "none": ["I have not used either place so I cannot say", "what are the opening hours at the hub",
             "is there a meeting about this next month", "I only want to know where the minutes are",
             "who runs the consultation on this", "can someone post the report here",
             "I am asking for a neighbour who has no internet", "is the car park staying either way"],
}
_OPENERS = {"close": ["I agree the centre should close:", "Close it, because", "Time to shut Brookfield, since"],
            "keep": ["Please keep the centre open:", "Keep Brookfield going, because", "Do not close it, as"],
            "none": ["Just a question:", "Not taking sides, but", "For information:"]}
# The people and identifiers the texts mention, each in three or more labelled texts.
PERSONAL = {
    "close": ["Ms Okafor said at the meeting that {r}.", "I told Mrs Okafor that {r}.",
              "Wendell Fairbrook wrote to us that {r}. Call him on 07700 900461."],
    "keep": ["Dr Okafor agreed with me that {r}.", "Wendell Fairbrook says {r}; email w.fairbrook@example.net.",
             "Ring 07700 900461 and you will hear that {r}."],
    "none": ["Ms Okafor, {r}?", "Wendell Fairbrook asked whether {r}. Reply to w.fairbrook@example.net.",
             "Email w.fairbrook@example.net or phone 07700 900461: {r}."],
}
# Case-insensitive strings that must appear nowhere in the model folder: the surname, the
# "first last" pair, the e-mail and phone, and char n-grams that spell the surname.
LEAKS = ["okafor", "okafo", "kafor", "fairbrook", "airbr", "brook ", "wendell fairbrook", "wendell",
         "w.fairbrook@example.net", "example.net", "07700 900461", "900461", "00461", "07700"]


def _texts() -> list[tuple[str, str]]:
    """48 distinct ``(text, stance)``: 16 per stance, 9 of them with personal data."""
    out = []
    for stance, reasons in _REASONS.items():
        personal = PERSONAL[stance]
        for i, reason in enumerate(reasons):
            out.append((f"{_OPENERS[stance][i % 3]} {reason}.", stance))
            out.append((personal[i % 3].format(r=reason) if i < 6 else f"{reason.capitalize()}, honestly.", stance))
    return out


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


# voices' own ids and digests in meta.json and README.md ("k" + 15 hex keyed under the corpus's random
# secret, sha256s): about 1,300 random hex places in which "00461" or "07700" turned up by chance in about
# one folder in 400. They are cut before the search: a whole hex token of 12 or more characters with a
# letter in it, so a leaked phone number (digits, 11 at most) is never cut.
_IDS = re.compile(rb"(?<![0-9a-z])k?s?(?=[0-9]*[a-f])[0-9a-f]{12,64}(?![0-9a-z])")


def _spelled_out(blob: bytes) -> list[str]:
    """The ``LEAKS`` found in ``blob`` as UTF-8 or as UTF-32 (numpy's unicode arrays), outside voices' ids."""
    low = _IDS.sub(b"<id>", blob.lower())
    return [w for w in LEAKS if w.encode("utf-8") in low or w.encode("utf-32-le") in low]


def test_the_leak_search_reads_no_leak_into_an_id_and_still_finds_a_phone_in_text():
    """A keyed id "k1f00461bc2984aa" holds "00461" by chance; a phone number next to it is still found."""
    meta = b'{"doc_keys": ["k1f00461bc2984aa", "kd07700a5c0f3b21"], "hash": "07700' + b"e" * 59 + b'"}'
    assert _spelled_out(meta) == []
    leaked = b'{"doc_keys": ["k1f00461bc2984aa"], "tokens": ["call 07700900461", "ring 07700 900461"]}'
    assert _spelled_out(leaked) == ["07700 900461", "900461", "00461", "07700"]
    assert _spelled_out("07700900461".encode("utf-32-le")) == ["900461", "00461", "07700"]


def _leaks_in_folder(model: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with np.load(model / "bundle.npz", allow_pickle=False) as npz:
        for name in npz.files:
            arr = npz[name]
            if arr.dtype.kind in "US":
                words = " | ".join(map(str, arr.ravel().tolist())).lower()
                found[f"bundle.npz:{name}"] = [w for w in LEAKS if w in words]
    for path in sorted(model.iterdir()):
        blob = path.read_bytes()
        found[path.name] = _spelled_out(blob)
        if path.suffix in (".skops", ".npz"):
            with zipfile.ZipFile(io.BytesIO(blob)) as z:
                for member in z.namelist():
                    found[f"{path.name}:{member}"] = _spelled_out(z.read(member))
    return {k: v for k, v in found.items() if v}


def labelled_corpus(src: Path, corpus: Path, labels: Path) -> tuple[Path, dict[str, str]]:
    """``_texts()`` ingested from ``src`` into ``corpus`` under their own scheme, every one labelled
    (through ``labels``); returns the corpus and its ids by text."""
    texts = _texts()
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t, _ in texts), encoding="utf-8")
    scheme = src.with_name("centre.toml")
    args = ["scheme", "init", "--proposition", "Close the Brookfield day centre", "--out", scheme]
    assert (r := run(*args, *(x for s in STANCES for x in ("--stance", s)))).exit_code == 0, r.output
    assert (r := run("ingest", src, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        ids = dict(c.sql("SELECT text, id FROM documents").fetchall())
    stance = dict(texts)
    labels.write_text("id,stance\n" + "".join(f"{ids[t]},{stance[t]}\n" for t in sorted(ids)), encoding="utf-8")
    assert (r := run("label", "--from", labels, "--corpus", corpus, "-q")).exit_code == 0, r.output
    return corpus, ids


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """ingest -> scheme set -> label --from (every text) -> train --corpus."""
    tmp = tmp_path_factory.mktemp("leak")
    texts = _texts()
    corpus, ids = labelled_corpus(tmp / "centre.jsonl", tmp / "c.duckdb", tmp / "labels.csv")
    model = tmp / "model"
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", model, "--json", "-q")
    assert r.exit_code == 0, r.output
    return {"tmp": tmp, "model": model, "corpus": corpus, "texts": texts, "ids": ids}


def test_the_fixture_names_people_often_enough_to_be_learnt():
    texts = [t for t, _ in _texts()]
    assert len(texts) == len(set(texts)) == 48
    for needle in ("Okafor", "Wendell Fairbrook", "w.fairbrook@example.net", "07700 900461"):
        assert sum(needle in t for t in texts) >= 3, needle


def test_a_model_trained_on_a_corpus_carries_no_name_email_or_phone(trained):
    meta = json.loads((trained["model"] / "meta.json").read_text(encoding="utf-8"))
    assert meta["adaptation"]["user_labels"]["n"] == 48
    assert _leaks_in_folder(trained["model"]) == {}
    with np.load(trained["model"] / "bundle.npz", allow_pickle=False) as npz:
        vocab = {str(w) for name in npz.files if npz[name].dtype.kind in "US" for w in npz[name].ravel()}
    assert "person" in " ".join(vocab)  # the placeholder was learnt where the names stood
    assert {"centre", "close"} <= vocab  # and the debate's own words still are


def test_the_card_and_meta_say_the_texts_were_redacted(trained):
    meta = json.loads((trained["model"] / "meta.json").read_text(encoding="utf-8"))
    red = meta["redaction"]
    assert red["user_texts_redacted"] is True and red["user_texts"] == 48
    # The 18 texts written with a name, an e-mail or a phone number; today the redactor also takes
    # the centre's name for a person's in 5 texts ("Keep Brookfield going" -> "[PERSON] going").
    assert 18 <= red["changed"] <= 23
    assert red["version"].startswith("ner-2:")
    card = (trained["model"] / "README.md").read_text(encoding="utf-8")
    assert "Your 48 texts were redacted before anything was fitted on them" in card
    assert f"{red['changed']} texts changed" in card
    # a scheme of the user's own: no shipped text was trained on, so the card names none
    assert "shipped AI-written texts were not redacted" not in card


def _data_file(tmp: Path) -> Path:
    path = tmp / "centre-labels.jsonl"
    path.write_text("".join(json.dumps({"text": t, "stance": s, "group": f"g{i % 4}"}) + "\n"
                            for i, (t, s) in enumerate(_texts())), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def from_files(tmp_path_factory):
    """Plain ``train --data FILE`` (no corpus), redacted and with --no-redact."""
    tmp = tmp_path_factory.mktemp("files")
    data = _data_file(tmp)
    for name, extra in (("redacted", []), ("as-written", ["--no-redact"])):
        r = run("train", "--task", "stance", "--data", data, "--out", tmp / name, "-q", *extra)
        assert r.exit_code == 0, r.output
    return tmp


def test_plain_train_on_a_users_file_redacts_it_too(from_files):
    assert _leaks_in_folder(from_files / "redacted") == {}
    meta = json.loads((from_files / "redacted" / "meta.json").read_text(encoding="utf-8"))
    assert meta["redaction"]["user_texts_redacted"] is True
    assert meta["redaction"]["user_texts"] == 48 and 18 <= meta["redaction"]["changed"] <= 23
    assert meta["training_data"]["origin"] == "yours"
    card = (from_files / "redacted" / "README.md").read_text(encoding="utf-8")
    assert "Your 48 texts were redacted before anything was fitted on them" in card
    assert "shipped AI-written texts were not redacted" not in card  # none were trained on


def test_no_redact_keeps_the_texts_and_the_card_says_so(from_files):
    leaks = _leaks_in_folder(from_files / "as-written")
    assert {"okafor", "kafor", "00461"} <= {w for found in leaks.values() for w in found}
    meta = json.loads((from_files / "as-written" / "meta.json").read_text(encoding="utf-8"))
    assert meta["redaction"] == {"user_texts_redacted": False, "user_texts": 48, "changed": 0, "version": None}
    card = (from_files / "as-written" / "README.md").read_text(encoding="utf-8")
    assert "Your 48 texts were **not** redacted before training (`--no-redact`)" in card


def test_no_redact_does_not_go_with_a_corpus(trained, tmp_path):
    r = run("train", "--task", "stance", "--corpus", trained["corpus"], "--out", tmp_path / "m", "--no-redact")
    assert r.exit_code == 2
    assert "--no-redact do not go with --corpus" in r.stderr
    assert not (tmp_path / "m").exists()


def test_the_shipped_labelled_texts_are_not_redacted(tmp_path):
    from voices.models.adapt_data import shipped_data_files
    from voices.models.data import read_labelled
    from voices.models.redacted import file_redactor, redact_training

    shipped = shipped_data_files("stance")[:1]
    mine = _data_file(tmp_path)
    items = read_labelled([*shipped, mine], "stance")
    done, record = redact_training(items, [*shipped, mine], file_redactor(entities=lambda ts: [[] for _ in ts]))
    n_shipped = len(items) - 48
    assert [it.text for it in done[:n_shipped]] == [it.text for it in items[:n_shipped]]
    assert record["user_texts"] == 48
    assert not any("07700 900461" in it.text or "w.fairbrook@example.net" in it.text for it in done[n_shipped:])
    assert sum("[PHONE]" in it.text for it in done[n_shipped:]) == 6


def test_a_users_file_saved_in_the_package_folder_is_still_redacted(tmp_path, monkeypatch):
    """Anything lying in voices/data/labelled/ counted as the shipped corpus, so a user's file saved there
    (an editable install's src folder), or a symlink there to it, was fitted on with its names and numbers."""
    import shutil

    from voices.models import data
    from voices.models.adapt_data import shipped_data_files
    from voices.models.data import data_origin, read_labelled
    from voices.models.redacted import file_redactor, redact_training

    real = shipped_data_files("stance")[0]
    root = tmp_path / "labelled"
    (root / "provenance").mkdir(parents=True)
    batch = Path(shutil.copy(real, root / real.name))
    (root / "provenance" / (real.stem.removeprefix("batch-") + ".md")).write_text("AI-written\n", encoding="utf-8")
    mine = Path(shutil.copy(_data_file(tmp_path), root / "mine.jsonl"))
    (tmp_path / "elsewhere").mkdir()
    (root / "batch-linked.jsonl").symlink_to(_data_file(tmp_path / "elsewhere"))
    monkeypatch.setattr(data, "shipped_labelled_root", lambda: root)
    assert [data.is_shipped_file(f) for f in (batch, mine, root / "batch-linked.jsonl", real)] == [
        True, False, False, True]
    assert (data_origin([batch]), data_origin([mine]), data_origin([batch, mine])) == ("shipped", "yours", "mixed")
    for f in (mine, root / "batch-linked.jsonl"):
        items = read_labelled([f], "stance")
        done, record = redact_training(items, [f], file_redactor(entities=lambda ts: [[] for _ in ts]))
        assert (record["user_texts"], sum("[PHONE]" in it.text for it in done)) == (48, 6)
        assert not any("07700 900461" in it.text or "w.fairbrook@example.net" in it.text for it in done)


@pytest.mark.parametrize("red", [{"user_texts_redacted": "yes", "user_texts": 1, "changed": 0, "version": None},
                                 {"user_texts_redacted": True, "user_texts": -1, "changed": 0, "version": "v"},
                                 ["redacted"]])
def test_meta_with_a_malformed_redaction_is_refused(trained, tmp_path, red):
    import shutil

    from voices.errors import ModelError
    from voices.models.persist import read_meta

    model = tmp_path / "m"
    shutil.copytree(trained["model"], model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8")) | {"redaction": red}
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="'redaction' is not what voices writes"):
        read_meta(model)


def test_a_model_from_before_the_redaction_field_still_loads(trained, tmp_path):
    import shutil

    from voices.models.persist import read_meta

    model = tmp_path / "old"
    shutil.copytree(trained["model"], model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    del meta["redaction"]
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert "redaction" not in read_meta(model)
    r = run("evaluate", "--model", model, "--data", _data_file(tmp_path), "--json", "--allow-overlap")
    assert r.exit_code == 0, r.output


def test_the_corpus_redactor_reads_the_entity_cache_and_knows_the_authors(tmp_path):
    """Entities ``classify --entities`` cached are used (no NER), authors are redacted where texts
    name them, and training writes nothing to the corpus."""
    from voices.models.data import LabelledItem
    from voices.models.redacted import corpus_redactor, redact_items
    from voices.redact import cache_entities

    src, corpus = tmp_path / "t.jsonl", tmp_path / "c.duckdb"
    rows = [{"text": "Odile Vantongeren runs the lunch club.", "author": "someone"},
            {"text": "Thanks Hesper, the garden group is great.", "author": "Hesper Quillfeather"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert (r := run("ingest", src, "--corpus", corpus, "-q")).exit_code == 0, r.output
    with Corpus.open(corpus, write=True) as c:
        cache_entities(c, entities=lambda ts: [[(0, 17, "PERSON")] if t.startswith("Odile") else [] for t in ts])
        docs = c.sql("SELECT id, text FROM documents ORDER BY text").fetchall()
    before = corpus.read_bytes()
    with Corpus.open(corpus) as c:
        redactor = corpus_redactor(c, [d for d, _ in docs], entities=lambda ts: pytest.fail(f"NER ran on {ts}"))
    items = [LabelledItem(d, t, "keep", "s", f"corpus document {d}") for d, t in docs]
    done, changed = redact_items(items, redactor, keyed_by_id=True)
    assert [it.text for it in done] == ["[PERSON] runs the lunch club.", "Thanks [PERSON], the garden group is great."]
    assert changed == 2 and corpus.read_bytes() == before


def test_data_files_given_with_a_corpus_are_redacted_too(trained, tmp_path):
    extra = tmp_path / "extra.jsonl"
    lines = [("Councillor Pemberthy says the centre must close to save money.", "close"),
             ("I wrote to Mr Pemberthy asking him to keep the centre open.", "keep"),
             ("Has Mrs Pemberthy answered the question about the minutes?", "none"),
             ("Mr Pemberthy told the meeting the hub is better value.", "close")]
    extra.write_text("".join(json.dumps({"text": t, "stance": s}) + "\n" for t, s in lines), encoding="utf-8")
    model = tmp_path / "m"
    r = run("train", "--task", "stance", "--corpus", trained["corpus"], "--data", extra, "--out", model, "-q")
    assert r.exit_code == 0, r.output
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["n"] == 52 and meta["redaction"]["user_texts"] == 52
    with np.load(model / "bundle.npz", allow_pickle=False) as npz:
        words = " ".join(str(w) for name in npz.files if npz[name].dtype.kind in "US" for w in npz[name].ravel())
    assert not [w for w in ("pemberthy", "pembe", "mbert", "berth", "rthy ") if w in words]
    assert _leaks_in_folder(model) == {}


def test_a_hashtag_spelling_a_name_in_the_text_is_redacted_before_tweets_tokens_are_fitted():
    """'#JusticeForKemiOkafor' beside 'Kemi Okafor' kept the name: a hashtag is one word to every rule,
    and train --tokenizer tweets split it into 'kemi okafor' in the model's vocabulary."""
    from voices.models.data import LabelledItem
    from voices.models.redacted import file_redactor, redact_items
    from voices.models.tweets import TweetTokens

    texts = ["Kemi Okafor was let down by the council. #JusticeForKemiOkafor",
             "Ade Bello rang the office again #AdeBello #SocialWork",
             "Caseloads are too high #SocialWork"]
    items = [LabelledItem(str(i), t, "none", "g", f"f:{i}") for i, t in enumerate(texts)]
    done, changed = redact_items(items, file_redactor(entities=lambda ts: [
        [(0, 11, "PERSON")] if t.startswith("Kemi") else [(0, 9, "PERSON")] if t.startswith("Ade") else [] for t in ts]))
    assert [it.text for it in done] == ["[PERSON] was let down by the council. #[PERSON]",
                                        "[PERSON] rang the office again #[PERSON] #SocialWork",
                                        "Caseloads are too high #SocialWork"]
    assert changed == 2
    vocab = TweetTokens().fit([it.text.lower() for it in done]).vocab_
    assert not {"kemi", "okafor", "ade", "bello", "kemiokafor", "justiceforkemiokafor"} & set(vocab)


@pytest.mark.parametrize(("origin", "named"), [("yours", False), ("mixed", True), ("shipped", True)])
def test_the_card_names_the_shipped_texts_only_when_some_were_trained_on(origin, named):
    from voices.models.card import _redaction

    red = {"user_texts_redacted": True, "user_texts": 48, "changed": 20, "version": "ner-2:x"}
    line = _redaction({"redaction": red, "training_data": {"origin": origin}})[0]
    assert line.startswith("Your 48 texts were redacted before anything was fitted on them")
    assert line.endswith("The shipped AI-written texts were not redacted.") is named
