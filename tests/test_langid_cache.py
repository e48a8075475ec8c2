"""The langid model unpacked once into the user's cache folder (voices._langid_cache): same model, checked, never half there."""

from __future__ import annotations

import json
from array import array

import numpy as np
import pytest
from py3langid import modelio
from py3langid.langid import MODEL_DIR, MODEL_FILE

from voices import _langid_cache, language

MODEL = MODEL_DIR / MODEL_FILE
TEXTS = [
    "Dylai arweinwyr gwaith cymdeithasol fod yn weithwyr cymdeithasol profiadol.",
    "Les directeurs des services sociaux devraient être des travailleurs sociaux.",
    "Directors should be social workers, not accountants.",
    "Caseloads unmanageable. Supervision nonexistent.",
    "",
]


@pytest.fixture(scope="module")
def unpacked():
    return modelio.load_model(MODEL)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(_langid_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _unpacks(monkeypatch) -> list[int]:
    """Count the calls of py3langid's own (LZMA) loader from here on."""
    calls: list[int] = []
    real = modelio.load_model

    def counted(path):
        calls.append(1)
        return real(path)

    monkeypatch.setattr(modelio, "load_model", counted)
    return calls


def _same(got, want) -> None:
    assert len(got) == len(want) == 6
    for a, b in zip(got, want, strict=True):
        assert type(a) is type(b)
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
        elif isinstance(b, array):
            assert a.typecode == b.typecode and a == b
        else:
            assert a == b


def test_second_load_reads_the_cache_not_the_packed_model(cache, monkeypatch, unpacked):
    calls = _unpacks(monkeypatch)
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert len(calls) == 1
    folders = list(cache.iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("langid-")  # no temporary folder left
    assert sorted(p.name for p in folders[0].iterdir()) == [
        "classes.npy", "manifest.json", "nextmove.npy", "nextmove_row.npy", "out_feat.npy", "pc.npy", "ptc.npy"]
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert len(calls) == 1  # the second load did not unpack


def test_identifier_from_the_cache_answers_as_py3langids(cache):
    from py3langid.langid import LanguageIdentifier

    want = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    _langid_cache.load_model(MODEL)  # written
    language._identifier.cache_clear()
    try:
        got = language._identifier()  # read back
        assert [got.classify(t) for t in TEXTS] == [want.classify(t) for t in TEXTS]
        assert got.classify(TEXTS[0])[0] == "cy" and got.classify(TEXTS[1])[0] == "fr"
        assert [language.detect_language(t) for t in TEXTS] == ["cy", "other", "en", "en", "en"]
    finally:
        language._identifier.cache_clear()


def _folder(cache):
    (folder,) = cache.iterdir()
    return folder


def test_an_altered_array_file_is_not_read_and_is_written_again(cache, monkeypatch, unpacked):
    _langid_cache.load_model(MODEL)
    ptc = _folder(cache) / "ptc.npy"
    good = ptc.read_bytes()
    data = bytearray(good)
    data[-1] ^= 0xFF  # one weight changed: a model that would answer differently
    ptc.write_bytes(bytes(data))
    calls = _unpacks(monkeypatch)
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert len(calls) == 1
    assert ptc.read_bytes() == good
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert len(calls) == 1


@pytest.mark.parametrize("damage", ["no manifest", "other model", "file missing", "manifest cut"])
def test_a_cache_that_does_not_hold_this_model_whole_is_not_read(cache, monkeypatch, unpacked, damage):
    _langid_cache.load_model(MODEL)
    folder = _folder(cache)
    manifest = folder / "manifest.json"
    if damage == "no manifest":  # as a copy cut short would leave it (it is written last)
        manifest.unlink()
    elif damage == "other model":  # made from another py3langid's model
        meta = json.loads(manifest.read_text())
        meta["source_sha256"] = "0" * 64
        manifest.write_text(json.dumps(meta))
    elif damage == "file missing":
        (folder / "nextmove.npy").unlink()
    else:
        manifest.write_text(manifest.read_text()[:40])
    calls = _unpacks(monkeypatch)
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert len(calls) == 1
    _same(_langid_cache.load_model(MODEL), unpacked)  # written afresh
    assert len(calls) == 1


def test_a_cache_folder_that_cannot_be_written_costs_only_the_time(tmp_path, monkeypatch, unpacked):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(_langid_cache.CACHE_ENV, str(blocked / "cache"))
    calls = _unpacks(monkeypatch)
    _same(_langid_cache.load_model(MODEL), unpacked)
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert len(calls) == 2
    assert blocked.read_text() == "not a folder"


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path, monkeypatch, unpacked):
    monkeypatch.setenv(_langid_cache.CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _langid_cache.cache_dir() is None
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert not (tmp_path / "xdg").exists()


def test_the_cache_folder_is_the_users_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv(_langid_cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _langid_cache.cache_dir() == tmp_path / "xdg" / "voices"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _langid_cache.cache_dir() == tmp_path / "home" / ".cache" / "voices"


def test_a_write_cut_short_long_ago_is_swept(cache, monkeypatch):
    import os
    import time

    cache.mkdir(parents=True)
    old, recent = cache / ".langid-old", cache / ".langid-recent"  # a writer killed mid-copy, one still writing
    for folder in (old, recent):
        folder.mkdir()
        (folder / "ptc.npy").write_bytes(b"x" * 100)
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    _langid_cache.load_model(MODEL)
    assert not old.exists() and (recent / "ptc.npy").exists()


def test_no_home_folder_means_no_cache_not_an_error(monkeypatch, unpacked):
    from pathlib import Path

    def homeless(cls=None):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(_langid_cache.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(homeless))
    assert _langid_cache.cache_dir() is None
    _same(_langid_cache.load_model(MODEL), unpacked)


def test_a_copy_another_process_wrote_meanwhile_is_kept(cache, monkeypatch, unpacked):
    _langid_cache.load_model(MODEL)
    folder = _folder(cache)
    before = (folder / "ptc.npy").stat().st_mtime_ns
    real_read = _langid_cache._read
    first = []

    def read_misses_once(folder, source):  # this process looked before the other had renamed its copy in
        if not first:
            first.append(1)
            return None
        return real_read(folder, source)

    monkeypatch.setattr(_langid_cache, "_read", read_misses_once)
    _same(_langid_cache.load_model(MODEL), unpacked)
    assert (folder / "ptc.npy").stat().st_mtime_ns == before  # not removed and written again
