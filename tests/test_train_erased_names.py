"""``voices train --corpus`` hides a deleted author's name as redacted outputs do.

``voices delete`` keeps keyed digests of an erased author's name (``voices.store.erased_names``) so
that another person's text naming them stays redacted. The texts a model is trained on must be
redacted the same way, or the name becomes vocabulary in a folder people share. The debate and the
name are made up for this test.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from voices.cli import app
from voices.store import Corpus
from voices.store.provenance import text_key

runner = CliRunner()
STANCES = ["close=Wants the day centre closed", "keep=Wants the day centre kept open"]

_REASONS = ["the building costs too much to heat", "the bus route was cut", "the hub opens longer",
            "my father sees friends there", "carers get a day off", "the lunch club feeds people",
            "the garden group keeps us active", "nobody asked the members", "the roof leaks every winter",
            "the money could pay for home visits", "the hub is too far away", "the staff know every member"]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _blobs(folder: Path) -> list[tuple[str, bytes]]:
    """Every file of ``folder``, and every member of the zip files (``.skops``, ``.npz``) among them."""
    out = []
    for path in sorted(folder.iterdir()):
        blob = path.read_bytes()
        out.append((path.name, blob))
        if zipfile.is_zipfile(io.BytesIO(blob)):
            with zipfile.ZipFile(io.BytesIO(blob)) as z:
                out += [(f"{path.name}:{m}", z.read(m)) for m in z.namelist()]
    return out


def _spells(blob: bytes, word: str) -> bool:
    low = blob.lower()
    return any(word.encode(enc) in low for enc in ("utf-8", "utf-32-le"))


def test_a_deleted_authors_name_in_others_labelled_texts_is_not_learnt(tmp_path):
    # thread B names Zed in capitals (NER misses all-capitals words, as in test_redact_review29),
    # in half its texts, so an unredacted "zed" would be a frequent word of the vocabulary
    thread_a = [{"id": "a1", "text": "Supervision kept me in the job.", "author": "Zed Mulcahy"}]
    thread_b = [{"id": f"b{i}", "author": f"Member {i}",
                 "text": (f"ZED says {r}." if i % 2 else f"I think {r}.")} for i, r in enumerate(_REASONS)]
    paths = []
    for name, rows in (("thread-a.jsonl", thread_a), ("thread-b.jsonl", thread_b)):
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(tmp_path / name)
    corpus, scheme = tmp_path / "c.duckdb", tmp_path / "centre.toml"
    args = ["scheme", "init", "--proposition", "Close the day centre", "--out", scheme]
    assert (r := run(*args, *(x for s in STANCES for x in ("--stance", s)))).exit_code == 0, r.output
    assert (r := run("ingest", *paths, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        (source_a,) = [s for s, t in c.sql("SELECT id, title FROM sources").fetchall() if t == "thread-a"]
    assert (r := run("delete", "--source", source_a, "--corpus", corpus)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        ids = sorted(d for (d,) in c.sql("SELECT id FROM documents").fetchall())
        assert [a for (a,) in c.sql("SELECT DISTINCT author FROM documents").fetchall()
                if "zed" in a.casefold()] == []  # the redactor's author list no longer names him
    labels = tmp_path / "labels.csv"
    stances = ["close", "keep"]
    labels.write_text("id,stance\n" + "".join(f"{d},{stances[i % 2]}\n" for i, d in enumerate(ids)),
                      encoding="utf-8")
    assert (r := run("label", "--from", labels, "--corpus", corpus, "-q")).exit_code == 0, r.output

    model = tmp_path / "M"
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", model, "--json", "-q")
    assert r.exit_code == 0, r.output
    leaks = [name for name, blob in _blobs(model) if _spells(blob, "zed")]
    assert leaks == []
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["redaction"]["user_texts"] == len(_REASONS)
    assert meta["redaction"]["changed"] >= len(_REASONS) // 2  # each text naming ZED


def test_a_corpus_with_no_key_yet_trains_without_a_warning_about_ids(tmp_path):
    """A corpus not written since keys came in has erased no name; training shows no id to warn about."""
    corpus, scheme = tmp_path / "c.duckdb", tmp_path / "centre.toml"
    args = ["scheme", "init", "--proposition", "Close the day centre", "--out", scheme]
    assert (r := run(*args, *(x for s in STANCES for x in ("--stance", s)))).exit_code == 0, r.output
    src = tmp_path / "t.jsonl"
    src.write_text("".join(json.dumps({"text": f"I think {r}.", "author": f"Member {i}"}) + "\n"
                           for i, r in enumerate(_REASONS)), encoding="utf-8")
    assert (r := run("ingest", src, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        ids = sorted(d for (d,) in c.sql("SELECT id FROM documents").fetchall())
    labels = tmp_path / "labels.csv"
    labels.write_text("id,stance\n" + "".join(f"{d},{['close', 'keep'][i % 2]}\n" for i, d in enumerate(ids)),
                      encoding="utf-8")
    assert (r := run("label", "--from", labels, "--corpus", corpus, "-q")).exit_code == 0, r.output
    with Corpus.open(corpus, write=True) as c:  # as a corpus last written before keys came in
        c.sql("DELETE FROM secrets")
    r = run("train", "--task", "stance", "--corpus", corpus, "--out", tmp_path / "M", "--json")
    assert r.exit_code == 0, r.output
    assert "redaction key" not in r.stderr and "one-off" not in r.stderr
    meta = json.loads((tmp_path / "M" / "meta.json").read_text(encoding="utf-8"))
    assert meta["redaction"]["user_texts"] == len(_REASONS)


ERASED = "My caseload at Pellworth was 41 and the centre saved my sanity."


def test_train_with_an_export_written_before_a_delete_leaves_the_erased_texts_out(tmp_path):
    """``voices train --corpus C --data FILE`` leaves out the texts of FILE that ``voices delete`` erased from C.

    A labelled export written before a delete (``voices export --labelled``) still holds the erased
    texts, and is the usual ``--data`` file. Training on it with the corpus learnt an erased comment
    again, silently: the corpus knew (its suppression list holds a keyed digest of every erased id, and
    ``ingest`` and ``label --from`` refuse such rows), but training never asked it."""
    corpus, scheme = tmp_path / "c.duckdb", tmp_path / "centre.toml"
    args = ["scheme", "init", "--proposition", "Close the day centre", "--out", scheme]
    assert (r := run(*args, *(x for s in STANCES for x in ("--stance", s)))).exit_code == 0, r.output
    rows = [{"id": f"r{i}", "text": f"I think {r}.", "author": f"Member {i}"} for i, r in enumerate(_REASONS)]
    rows.append({"id": "z", "text": ERASED, "author": "Zebedee Quartermain-Oyelaran"})
    src = tmp_path / "t.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert (r := run("ingest", src, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert (r := run("scheme", "--corpus", corpus, "set", scheme)).exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        ids = dict(c.sql("SELECT text, id FROM documents").fetchall())
    labels = tmp_path / "labels.csv"
    labels.write_text("id,stance\n" + "".join(f"{d},{['close', 'keep'][i % 2]}\n" for i, d in enumerate(ids.values())),
                      encoding="utf-8")
    assert (r := run("label", "--from", labels, "--corpus", corpus, "-q")).exit_code == 0, r.output
    before = tmp_path / "before.jsonl"
    assert (r := run("export", "--labelled", "--out", before, "--corpus", corpus, "-q")).exit_code == 0, r.output
    assert ERASED in before.read_text(encoding="utf-8")
    assert (r := run("delete", "--id", ids[ERASED], "--corpus", corpus, "-q")).exit_code == 0, r.output

    model = tmp_path / "M"
    r = run("train", "--task", "stance", "--corpus", corpus, "--data", before, "--out", model, "--json")
    assert r.exit_code == 0, r.output
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert text_key(ERASED) not in meta["training_data"]["text_keys"]
    assert text_key("I think the bus route was cut.") in meta["training_data"]["text_keys"]  # the others: learnt
    line = next(n for n, row in enumerate(before.read_text(encoding="utf-8").splitlines(), 1) if ERASED in row)
    assert (f"voices: warning: 1 text of your --data files was erased from {corpus} (voices delete): left out of "
            f"training; take it out of the file ({before}:{line})\n") in r.stderr
