"""``model.skops``: written canonically, its types checked against an explicit allow-list, loaded only after both.

The archive is rewritten canonically (object ids renumbered, fixed zip timestamps) so
the same model gives the same bytes and the same ``model_id``. Loading checks the
file's sha256 against ``meta.json`` before skops reads a byte of it, then refuses
any type outside ``TRUSTED_TYPES``: a tampered model is refused, never run.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from voices.errors import ModelError
from voices.models.model_id import derived_model_id
from voices.models.persist import ARCHIVE_LIMIT, MODEL_FILE, read_model_file

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
    "voices.models.map_linear.MAPAdaptedClassifier",
    "voices.models.tweets.TweetTokens",
    "voices.models.vectorize.CharTfidf",
    "voices.models.vectorize.WordTfidf",
)

# Plain values skops stores inline; everything else must be in TRUSTED_TYPES.
_PLAIN_TYPES = frozenset(
    f"builtins.{t}" for t in ("dict", "list", "tuple", "str", "int", "float", "bool", "NoneType")
)

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
