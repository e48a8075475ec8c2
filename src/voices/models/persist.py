"""Model folders: the files one holds (``model.skops``, ``meta.json``, ``README.md`` and the inference
bundle, ``bundle.npz`` and ``bundle.json``; see ``voices.models.bundle``), reading them safely, and
``meta.json``'s checks.

Written by ``voices.models.save``; ``model.skops`` is checked and loaded by ``voices.models.skops_file``;
the ``model_id`` is ``voices.models.model_id``'s.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path

from voices.errors import ModelError

MODEL_FILE = "model.skops"
META_FILE = "meta.json"
CARD_FILE = "README.md"
# Every file a model folder holds (bundle.json and bundle.npz: voices.models.bundle's RECIPE_FILE and ARRAYS_FILE)
MODEL_FILES = frozenset({MODEL_FILE, META_FILE, CARD_FILE, "bundle.json", "bundle.npz"})
# Bump when meta.json changes incompatibly; a newer one is refused with "upgrade voices".
META_FORMAT = 1
REQUIRED_META = ("format", "model_id", "task", "labels", "preprocess_version", "cv", "training_data")

# A model folder is given to voices by someone else at times: its files are read only when they are
# regular files inside the folder (a symlink may point within it, never out) and no larger than these.
# meta.json lists a 16-hex-digit key of every training text (about 20 bytes each): 64 MB holds some
# three million, far past any labelled set voices trains on; the shipped ones are under 100 kB.
META_LIMIT = 64 << 20  # meta.json, bundle.json
ARCHIVE_LIMIT = 1 << 30  # model.skops, bundle.npz: the shipped ones are under 4 MB


def read_model_file(model_dir: Path | str, name: str, limit: int) -> bytes:
    """The bytes of file ``name`` of a model folder, read only if it is a regular file in the folder.

    A symlink leading out of the folder would load a file the folder's owner never
    showed, and a FIFO or device (``/dev/zero``) would hang or fill memory.

    Raises
    ------
    FileNotFoundError
        No such file (callers say what that means for them).
    ModelError
        A symlink leading out of the folder, not a regular file, or over ``limit`` bytes.
    """
    path = Path(model_dir) / name
    real = path.resolve()
    if not real.is_relative_to(Path(model_dir).resolve()):
        raise ModelError(f"{path}: is a link to {real}, outside the model folder; refusing to load it: "
                         "copy the file into the folder")
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ModelError(f"{path}: not a regular file; refusing to load it: give the folder `voices train` wrote")
        data = fh.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(data) > limit:
        raise ModelError(f"{path}: over {limit >> 20} MB, larger than any model voices writes; refusing to load it")
    return data


def read_meta(model_dir: Path | str) -> dict:
    """Read and check ``meta.json``.

    Raises
    ------
    ModelError
        Missing, unreadable, from a newer voices, or lacking a required field.
    """
    model_dir = Path(model_dir)
    path = model_dir / META_FILE
    if not model_dir.is_dir():
        raise ModelError(f"{model_dir}: no such model directory; train one with `voices train` "
                         "(shipped:stance or shipped:themes names a shipped model)")
    try:
        meta = json.loads(read_model_file(model_dir, META_FILE, META_LIMIT).decode("utf-8"))
    except FileNotFoundError:
        if not (model_dir / MODEL_FILE).is_file():  # no model there at all: retraining is not the fix
            raise ModelError(f"{model_dir.resolve()} is not a model directory (no {META_FILE} or {MODEL_FILE}): "
                             "give a folder `voices train --out` wrote") from None
        raise ModelError(f"{path}: missing; the model directory is incomplete, retrain it") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: not valid JSON ({exc}); retrain the model") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{path}: not a JSON object; retrain the model")
    fmt = meta.get("format")
    if not isinstance(fmt, int) or fmt > META_FORMAT:
        raise ModelError(
            f"{path}: model format {fmt!r} is newer than this voices reads ({META_FORMAT}); upgrade voices"
        )
    missing = [k for k in REQUIRED_META if k not in meta]
    if missing:
        raise ModelError(f"{path}: lacks {', '.join(missing)}; retrain the model")
    if meta["task"] not in ("stance", "themes"):
        raise ModelError(f"{path}: unknown task {meta['task']!r}; retrain the model")
    _check_fields(path, meta)
    _check_redaction(path, meta.get("redaction"))
    _check_private_ids(path, meta)
    return meta


_KEYED = re.compile(r"k[0-9a-f]{15}")


def _share(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 1


def _check_fields(path: Path, meta: dict) -> None:
    """The fields loading and predicting read have the types voices writes, so an edited ``meta.json``
    is refused here in one line instead of failing later (exit 1) or abstaining on nothing (a NaN)."""
    labels = meta["labels"]
    if not (isinstance(labels, list) and labels and all(isinstance(x, str) for x in labels)
            and len(set(labels)) == len(labels)):
        raise ModelError(f"{path}: 'labels' is not a list of distinct label names; retrain the model")
    wrong = [k for k, kind in (("model_id", str), ("preprocess_version", str), ("cv", dict), ("training_data", dict),
                                ("bundle_sha256", str | None), ("scheme", dict | None))
             if not isinstance(meta.get(k), kind)]
    if meta["task"] == "stance" and "abstain_threshold" in meta and not _share(meta["abstain_threshold"]):
        wrong.append("abstain_threshold")
    scheme_themes = meta.get("scheme_themes", [])  # optional (older folders lack it); classify --dataset reads it
    if not (isinstance(scheme_themes, list) and all(isinstance(x, str) for x in scheme_themes)):
        wrong.append("scheme_themes")
    thresholds = meta.get("thresholds")
    if meta["task"] == "themes" and "thresholds" in meta and not (
            isinstance(thresholds, dict) and set(labels) <= set(thresholds) and all(map(_share, thresholds.values()))):
        wrong.append("thresholds")
    if wrong:
        raise ModelError(f"{path}: {', '.join(repr(k) for k in wrong)} not what voices writes; retrain the model")


def _check_private_ids(path: Path, meta: dict) -> None:
    """The corpus and document ids ``train --corpus`` records are keyed by the corpus's secret
    (``voices.models.private_meta``): ``training_data.corpus_id`` is ``k`` + 15 hex or null, and
    ``adaptation.user_labels.doc_keys`` a list of such ids. Both are optional: folders from before
    them hold ``training_data.corpus`` (a path) and ``user_labels.doc_ids`` (plain ids), still read."""
    data, adapted = meta["training_data"], meta.get("adaptation")
    users = adapted.get("user_labels") if isinstance(adapted, dict) else None
    cid = data.get("corpus_id") if isinstance(data, dict) else None
    keys = users.get("doc_keys", []) if isinstance(users, dict) else []
    if not (cid is None or (isinstance(cid, str) and _KEYED.fullmatch(cid))):
        raise ModelError(f"{path}: 'training_data.corpus_id' is not a keyed id ({cid!r}); retrain the model")
    if not (isinstance(keys, list) and all(isinstance(k, str) and _KEYED.fullmatch(k) for k in keys)):
        raise ModelError(f"{path}: 'adaptation.user_labels.doc_keys' is not a list of keyed ids; retrain the model")


def _check_redaction(path: Path, red: object) -> None:
    """``redaction`` is optional (models from before it was recorded lack it); when present it is
    ``{"user_texts_redacted": bool, "user_texts": int, "changed": int, "version": str | None}``."""
    if red is None:
        return
    ok = (isinstance(red, dict) and isinstance(red.get("user_texts_redacted"), bool)
          and all(isinstance(red.get(k), int) and not isinstance(red.get(k), bool) and red[k] >= 0
                  for k in ("user_texts", "changed"))
          and isinstance(red.get("version"), str | None))
    if not ok:
        raise ModelError(f"{path}: 'redaction' is not what voices writes ({red!r}); retrain the model")
