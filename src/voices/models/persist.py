"""Model directories: ``model.skops`` (explicit trusted types), ``meta.json``, ``README.md``,
and the array-only inference bundle (``bundle.npz``, ``bundle.json``; see ``voices.models.bundle``).

``model.skops`` is written canonically (object ids renumbered, fixed zip timestamps)
so the same model gives the same bytes and the same ``model_id``. Loading checks
the file's sha256 against ``meta.json`` before skops reads a byte of it, then
refuses any type outside ``TRUSTED_TYPES``: a tampered model is refused, never run.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import math
import os
import re
import stat
import zipfile
from importlib import metadata
from pathlib import Path

from voices._atomic import atomic_folder, atomic_write_bytes, atomic_write_text, check_target
from voices.errors import ModelError, OutputError, UsageError

MODEL_FILE = "model.skops"
META_FILE = "meta.json"
CARD_FILE = "README.md"
# Every file a model folder holds (bundle.json and bundle.npz: voices.models.bundle's RECIPE_FILE and ARRAYS_FILE)
MODEL_FILES = frozenset({MODEL_FILE, META_FILE, CARD_FILE, "bundle.json", "bundle.npz"})
# Bump when meta.json changes incompatibly; a newer one is refused with "upgrade voices".
META_FORMAT = 1
REQUIRED_META = ("format", "model_id", "task", "labels", "preprocess_version", "cv", "training_data")

# Every type a voices model may contain. Anything else in a model.skops is refused.
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.slice",
    "numpy.dtype",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
    "voices.models.features.CueLexicon",
    "voices.models.linear.NBLinearClassifier",
    "voices.models.tweets.TweetTokens",
    "voices.models.vectorize.CharTfidf",
    "voices.models.vectorize.WordTfidf",
)

# Plain values skops stores inline; everything else must be in TRUSTED_TYPES.
_PLAIN_TYPES = frozenset(
    f"builtins.{t}" for t in ("dict", "list", "tuple", "str", "int", "float", "bool", "NoneType")
)

# A model folder is given to voices by someone else at times: its files are read only when they are
# regular files inside the folder (a symlink may point within it, never out) and no larger than these.
# meta.json lists a 16-hex-digit key of every training text (about 20 bytes each): 64 MB holds some
# three million, far past any labelled set voices trains on; the shipped ones are under 100 kB.
META_LIMIT = 64 << 20  # meta.json, bundle.json
ARCHIVE_LIMIT = 1 << 30  # model.skops, bundle.npz: the shipped ones are under 4 MB

_ID = re.compile(rb'("__id__": |"file": ")(\d+)')
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def canonical_skops(raw: bytes) -> bytes:
    """Rewrite a ``skops.io.dumps`` archive so equal models give equal bytes.

    skops names arrays and memo entries by ``id(obj)`` and stamps the zip with the
    current time; both are renumbered/fixed here (references stay consistent).
    """
    src = zipfile.ZipFile(io.BytesIO(raw))
    schema = src.read("schema.json")
    mapping: dict[bytes, bytes] = {}
    for m in _ID.finditer(schema):
        mapping.setdefault(m.group(2), str(len(mapping) + 1).encode())
    schema = _ID.sub(lambda m: m.group(1) + mapping[m.group(2)], schema)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        dst.writestr(_entry("schema.json"), schema)
        names = []
        for info in src.infolist():
            if info.filename == "schema.json":
                continue
            stem, _, ext = info.filename.partition(".")
            names.append((mapping.get(stem.encode(), stem.encode()).decode() + "." + ext, info.filename))
        for new, old in sorted(names, key=lambda p: int(p[0].split(".")[0]) if p[0][0].isdigit() else 0):
            dst.writestr(_entry(new), src.read(old))
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def types_in(blob: bytes) -> set[str]:
    """Every ``module.Class`` named in a skops archive's schema (read as JSON, nothing loaded).

    Raises ``ValueError`` for an archive over ``ARCHIVE_LIMIT`` unpacked (a zip bomb).
    """
    archive = zipfile.ZipFile(io.BytesIO(blob))
    if sum(info.file_size for info in archive.infolist()) > ARCHIVE_LIMIT:
        raise ValueError(f"over {ARCHIVE_LIMIT >> 20} MB unpacked")
    schema = json.loads(archive.read("schema.json"))
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__class__" in node:
                found.add(f"{node.get('__module__', '')}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def untrusted_types(blob: bytes) -> set[str]:
    """Types in ``blob`` outside voices' explicit allow-list (and skops' own untrusted list)."""
    import skops.io as sio

    outside = types_in(blob) - set(TRUSTED_TYPES) - _PLAIN_TYPES
    return outside | (set(sio.get_untrusted_types(data=blob)) - set(TRUSTED_TYPES))


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on."""
    out = {}
    for pkg in ("voices", "scikit-learn", "skops", "numpy", "scipy", "spacy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def save_model(out: Path | str, pipeline, meta: dict) -> Path:
    """Write a model directory atomically (a new directory renamed into place).

    Parameters
    ----------
    out : path
        The model directory; an existing one is replaced.
    pipeline : sklearn.pipeline.Pipeline
        The fitted pipeline.
    meta : dict
        Training facts; ``format``, ``model_id``, ``created`` and
        ``library_versions`` are added here.

    Returns
    -------
    Path
        The model directory.
    """
    import skops.io as sio

    from voices.models.bundle import ARRAYS_FILE, RECIPE_FILE, bundle_files, compile_pipeline
    from voices.models.card import render_card

    out = Path(out)
    check_model_out(out)  # before the (slow) serialisation
    blob = canonical_skops(sio.dumps(pipeline, compression=zipfile.ZIP_DEFLATED))
    untrusted = untrusted_types(blob)
    if untrusted:
        raise ModelError(
            f"the model holds types voices would refuse to load ({', '.join(sorted(untrusted))}); "
            "add them to voices.models.persist.TRUSTED_TYPES after review"
        )
    model_id = kept_model_id(hashlib.sha256(blob).hexdigest(), meta, out)
    npz, recipe = bundle_files(compile_pipeline(pipeline), model_id)
    meta = {
        "format": META_FORMAT,
        **meta,
        "model_id": model_id,  # always this file's and options': a meta copied from another model must not pass
        "bundle_sha256": hashlib.sha256(recipe).hexdigest(),
        "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        "library_versions": library_versions(),
    }
    with atomic_folder(out, replace=True) as tmp:
        (tmp / MODEL_FILE).write_bytes(blob)
        (tmp / ARRAYS_FILE).write_bytes(npz)
        (tmp / RECIPE_FILE).write_bytes(recipe)
        (tmp / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (tmp / CARD_FILE).write_text(render_card(meta), encoding="utf-8")
    return out


def check_model_out(out: Path | str) -> Path:
    """Refuse a model ``--out`` that is not a place for a model; return it with symlinks resolved.

    A model replaces an earlier model's folder whole (retraining into the same
    ``--out``), so a folder holding anything but a model's files is refused:
    replacing it would delete the files in it.

    Raises
    ------
    voices.errors.OutputError
        What ``check_target(out, folder=True)`` refuses, or a folder holding other files than a model's.
    voices.errors.UsageError
        ``-``, which is stdout for the commands that write a file, never a folder named ``-``.
    """
    if str(out) == "-":
        raise UsageError("a model is a folder: give --out DIR")
    target = check_target(out, folder=True)
    # an earlier model's folder holds only a model's files: anything else there (a corpus, notes) would be deleted
    if target.is_dir() and any(p.name not in MODEL_FILES for p in target.iterdir()):
        raise OutputError(f"--out {out} is a folder holding other files than a model's, which training would "
                          "delete: give a new folder path (or an earlier model's folder to replace)")
    return target


# meta.json fields that change what a model predicts (or what it learned from): the model_id
# covers them beside model.skops, so retraining with other options (a threshold, the user's
# labels' weight) gives another id, and `classify` retags instead of saying "up to date".
ID_FIELDS = ("task", "labels", "abstain_threshold", "abstain_precision", "thresholds", "preprocess_version",
             "tokenizer", "scheme", "objective", "config", "calibration", "adaptation")


def _id_fields(meta: dict) -> str:
    """The ``ID_FIELDS`` and the training data's hash of ``meta``, as canonical JSON."""
    fields = {k: meta.get(k) for k in ID_FIELDS} | {"data": (meta.get("training_data") or {}).get("hash")}
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def derived_model_id(file_sha256: str, meta: dict) -> str:
    """The ``model_id`` of a model: sha256 over ``model.skops``'s sha256, the ``ID_FIELDS`` and the
    training data's hash.

    Models from before this rule have ``model_id == file_sha256``; both are accepted on load.
    """
    return hashlib.sha256(f"{file_sha256}\n{_id_fields(meta)}".encode()).hexdigest()


def kept_model_id(file_sha256: str, meta: dict, out: Path) -> str:
    """The ``model_id`` a model being saved to ``out`` gets: ``derived_model_id``, unless the same model
    is known already under its older id (``model_id == file_sha256``).

    The shipped models carry the older id, and a corpus they classified records it: rebuilding them
    from the same data (``make models``: ``model.skops`` byte for byte the same, the same ``ID_FIELDS``)
    gave a new id, and ``classify`` retagged every text. So when the model already in ``out``, or the
    shipped model of its task, has this file's sha256 as its id and the same ``ID_FIELDS`` and training
    data hash, the id is kept; when one of them has it with other options, it is not (an id names one model).
    """
    from voices.models.trained import default_model_dir

    known = [out] + ([default_model_dir(meta["task"])] if meta.get("task") in ("stance", "themes") else [])
    claims = []  # the options of each known model that has this file's sha256 as its id
    for folder in known:
        try:
            earlier = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # no model there, or not one voices can read: nothing to keep
            continue
        if isinstance(earlier, dict) and earlier.get("model_id") == file_sha256:
            claims.append(_id_fields(earlier))
    if claims and all(c == _id_fields(meta) for c in claims):
        return file_sha256
    return derived_model_id(file_sha256, meta)


def write_bundle(model_dir: Path | str) -> dict:
    """Compile an existing model directory's ``model.skops`` (read with all its checks) into
    its inference bundle, and record the bundle's sha256 in ``meta.json``.

    For model directories from before the bundle; ``voices train`` writes it itself.
    """
    from voices.models.bundle import ARRAYS_FILE, RECIPE_FILE, bundle_files, compile_pipeline

    model_dir = Path(model_dir)
    meta = read_meta(model_dir)
    npz, recipe = bundle_files(compile_pipeline(load_pipeline_file(model_dir, meta)), meta["model_id"])
    atomic_write_bytes(model_dir / ARRAYS_FILE, npz, model_file=True)
    atomic_write_bytes(model_dir / RECIPE_FILE, recipe, model_file=True)
    meta["bundle_sha256"] = hashlib.sha256(recipe).hexdigest()
    atomic_write_text(model_dir / META_FILE, json.dumps(meta, indent=1, sort_keys=True) + "\n", model_file=True)
    return meta  # (the card does not mention the bundle: left as it is)


def update_meta(model_dir: Path | str, **fields) -> dict:
    """Set top-level ``meta.json`` fields (e.g. ``cross_writer``) and re-render the card."""
    from voices.models.card import render_card

    model_dir = Path(model_dir)
    meta = read_meta(model_dir) | fields
    atomic_write_text(model_dir / META_FILE, json.dumps(meta, indent=1, sort_keys=True) + "\n", model_file=True)
    atomic_write_text(model_dir / CARD_FILE, render_card(meta), model_file=True)
    return meta


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
        raise ModelError(f"{model_dir}: no such model directory; train one with `voices train`")
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


def check_model_file(model_dir: Path | str, meta: dict) -> bytes:
    """``model.skops``'s bytes, once their sha256 is checked against ``meta``'s ``model_id``
    and the types its schema names against ``TRUSTED_TYPES`` (JSON only: no skops import).

    The type check runs on the bundle path too: anyone who edits ``model.skops`` can also
    rewrite ``meta.json`` (and a bundle) to match, so the hash alone only catches accidents.

    Raises
    ------
    ModelError
        Missing, modified or truncated, or naming an untrusted type.
    """
    path = Path(model_dir) / MODEL_FILE
    try:
        blob = read_model_file(model_dir, MODEL_FILE, ARCHIVE_LIMIT)
    except FileNotFoundError:
        raise ModelError(f"{path}: missing; the model directory is incomplete, retrain it") from None
    file_sha = hashlib.sha256(blob).hexdigest()
    if meta["model_id"] not in (file_sha, derived_model_id(file_sha, meta)):
        raise ModelError(
            f"{path}: contents do not match model_id in meta.json (modified or truncated); "
            "refusing to load it, retrain or restore the model"
        )
    try:
        _refuse_untrusted(path, types_in(blob) - set(TRUSTED_TYPES) - _PLAIN_TYPES)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ModelError(
            f"{path}: cannot be read ({type(exc).__name__}); retrain the model or reinstall voices"
        ) from None
    return blob


def _refuse_untrusted(path: Path, untrusted: set[str]) -> None:
    if untrusted:
        raise ModelError(f"{path}: holds types voices does not trust ({', '.join(sorted(untrusted))}); refusing to load")


def load_pipeline_file(model_dir: Path | str, meta: dict):
    """Load ``model.skops`` after checking its hash and types against ``meta``.

    Raises
    ------
    ModelError
        Missing, modified (hash differs from ``model_id``), truncated, or holding
        an untrusted type.
    """
    import skops.io as sio

    path = Path(model_dir) / MODEL_FILE
    blob = check_model_file(model_dir, meta)
    try:
        _refuse_untrusted(path, untrusted_types(blob))  # skops' own list as well
        return sio.load(io.BytesIO(blob), trusted=list(TRUSTED_TYPES))
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside skops means an unusable file
        raise ModelError(
            f"{path}: cannot be read ({type(exc).__name__}); retrain the model or reinstall voices"
        ) from None
