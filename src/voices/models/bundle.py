"""The array-only inference bundle: the one way a trained model predicts.

A fitted pipeline is compiled into arrays (vocabularies, idf, weights, intercepts)
and a JSON recipe (block order and parameters, label names, the link function).
``voices train`` writes them beside ``model.skops`` as ``bundle.npz`` (read with
``allow_pickle=False``: arrays only, nothing that can run code) and ``bundle.json``.
Loading needs neither skops nor scikit-learn, which is most of a short command's
time. A model directory without a usable bundle is read through skops with all its
checks and compiled to the same in-memory bundle, so every prediction runs
``Bundle.probabilities``; ``pipeline.predict_proba`` is only the test oracle.

Trust: ``bundle.json`` records the ``model_id`` it was compiled from and the sha256
of ``bundle.npz``; ``meta.json`` records the sha256 of ``bundle.json``. The bundle is
used only when all three agree (``read_bundle``); otherwise the caller falls back to
the skops path.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voices.errors import ModelError
from voices.models.featurize import FeatureCache, char_tfidf, cue_counts, split_keywords, tokenize, word_tfidf

log = logging.getLogger(__name__)

ARRAYS_FILE = "bundle.npz"
RECIPE_FILE = "bundle.json"
BUNDLE_FORMAT = 1
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Bundle:
    """A compiled model: ``recipe`` (JSON-ready) and ``arrays`` (name -> ndarray)."""

    recipe: dict
    arrays: dict[str, np.ndarray]
    _caches: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def classes(self) -> list:
        """The classifier's classes, in probability column order."""
        return list(self.recipe["classifier"]["classes"])

    def _blocks(self, prepared, shared: dict | None):
        """Each feature block of the texts (``FeatureUnion.transform`` before the stacking)."""
        texts = list(prepared)
        if self.recipe.get("tweets") is not None:
            from voices.models.hashtags import join_hashtags

            tw = self.recipe["tweets"]
            texts = join_hashtags(texts, set(tw["dropped"]), tw["vocab"])
            shared = None  # the texts differ from the other model's
        shared = {} if shared is None else shared
        for spec in self.recipe["blocks"]:
            key = spec["fingerprint"]
            block = shared.get(key) if key else None
            if block is None:
                if "tokens" not in shared:  # the texts are split and encoded once per batch
                    shared["tokens"] = tokenize(texts)
                block = self._block(spec, shared["tokens"])
                if key:
                    shared[key] = block
            yield spec, block

    def _weights(self) -> list[np.ndarray]:
        """Per block, its columns of ``coef`` transposed (contiguous) and scaled by the block's weight."""
        held = self._caches.get("weights")
        if held is None:
            held, start, coef = [], 0, self.arrays["coef"]
            for spec in self.recipe["blocks"]:
                width = self._width(spec)
                part = np.ascontiguousarray(coef[:, start : start + width].T)
                held.append(part * spec["weight"] if spec["weight"] is not None else part)
                start += width
            if start != coef.shape[1]:
                raise ModelError(f"the bundle's blocks have {start} features but its weights {coef.shape[1]}; "
                                 "retrain the model")
            self._caches["weights"] = held
        return held

    def _width(self, spec: dict) -> int:
        if spec["kind"] == "cues":
            return len(spec["labels"])
        return len(self.arrays[f"{spec['name']}.idf"])

    def _block(self, spec: dict, batch):
        name, a = spec["name"], self.arrays
        cache = self._caches.setdefault(name, FeatureCache())
        if spec["kind"] == "words":
            keys = [a[f"{name}.keys.{i}"] for i in range(spec["orders"])]
            columns = [a[f"{name}.columns.{i}"] for i in range(spec["orders"])]
            return word_tfidf(batch, a[f"{name}.tokens"], keys, columns, spec["lo"], a[f"{name}.idf"], cache)
        if spec["kind"] == "chars":
            return char_tfidf(batch, a[f"{name}.ngrams"], spec["lo"], spec["hi"], a[f"{name}.idf"], cache)
        single, phrases = spec.get("_split") or split_keywords(spec["labels"], spec["keywords"], spec["match_negated"])
        spec["_split"] = (single, phrases)  # derived once; never written (save drops it)
        return cue_counts(batch, single, phrases, len(spec["labels"]), cache)

    def probabilities(self, prepared, shared: dict | None = None) -> np.ndarray:
        """Probabilities ``(n, len(classes))`` for ``voices.nlp.preprocess`` output.

        ``shared`` is a per-batch memo of feature blocks: pass the same dict to the
        stance and themes bundles for the same texts, and a block both fitted
        identically (equal fingerprint) is computed once.
        """
        prepared = list(prepared)
        if not prepared:
            return np.zeros((0, len(self.classes)))
        # One product per block, no stacked matrix: stacking the blocks (sklearn's FeatureUnion)
        # copied every feature again and took as long as computing them.
        scores = np.tile(self.arrays["intercept"], (len(prepared), 1))
        for (_, block), weights in zip(self._blocks(prepared, shared), self._weights(), strict=True):
            scores += block @ weights
        link = self.recipe["classifier"]["link"]
        if link == "softmax":
            e = np.exp(scores - scores.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        if link == "binary":
            p = _expit(scores[:, 0])
            return np.column_stack([1 - p, p])
        return _expit(scores)  # "independent": one binary model per label


def _expit(x: np.ndarray) -> np.ndarray:
    """The logistic function as scipy.special.expit computes it (which alone takes 0.2 s to import)."""
    with np.errstate(over="ignore"):  # exp(-x) overflows to inf for x < -709: 1 / inf is the right 0
        return 1.0 / (1.0 + np.exp(-x))


def _recipe_json(recipe: dict) -> bytes:
    clean = {**recipe, "blocks": [{k: v for k, v in b.items() if not k.startswith("_")} for b in recipe["blocks"]]}
    return (json.dumps(clean, indent=1, sort_keys=True) + "\n").encode()


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` with fixed timestamps and sorted names: equal arrays give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue())
    return out.getvalue()


def bundle_files(bundle: Bundle, model_id: str) -> tuple[bytes, bytes]:
    """The bytes of ``bundle.npz`` and ``bundle.json`` for a model; ``sha256(bundle.json)`` goes in meta."""
    npz = _npz_bytes(bundle.arrays)
    recipe = {**bundle.recipe, "format": BUNDLE_FORMAT, "model_id": model_id,
              "arrays_sha256": hashlib.sha256(npz).hexdigest()}
    return npz, _recipe_json(recipe)


def read_bundle(model_dir: Path | str, meta: dict) -> tuple[Bundle | None, str | None]:
    """The directory's bundle if it is there and matches ``meta``; else None and why not (None: no bundle).

    The caller says why once ``model.skops`` has loaded in its stead: a folder it refuses then
    gets the refusal alone, in one line.

    Used only when ``bundle.json``'s sha256 equals ``meta["bundle_sha256"]``, its
    ``model_id`` equals ``meta["model_id"]`` and ``bundle.npz``'s sha256 equals the
    one ``bundle.json`` records. Arrays are read with ``allow_pickle=False``.
    """
    from voices.models.persist import ARCHIVE_LIMIT, META_LIMIT, read_model_file

    model_dir = Path(model_dir)
    expected = meta.get("bundle_sha256")
    try:
        raw = read_model_file(model_dir, RECIPE_FILE, META_LIMIT)
        npz = read_model_file(model_dir, ARRAYS_FILE, ARCHIVE_LIMIT)
    except FileNotFoundError:
        log.debug("%s: no inference bundle; reading model.skops", model_dir)
        return None, None
    why = None
    if not expected or hashlib.sha256(raw).hexdigest() != expected:
        why = f"{RECIPE_FILE} does not match bundle_sha256 in meta.json"
    else:
        recipe = _recipe(raw, model_dir / RECIPE_FILE)
        if recipe.get("format") != BUNDLE_FORMAT:
            why = f"{RECIPE_FILE} has format {recipe.get('format')!r}, this voices reads {BUNDLE_FORMAT}"
        elif recipe.get("model_id") != meta["model_id"]:
            why = f"{RECIPE_FILE} was compiled from another model.skops (model_id differs from meta.json)"
        elif hashlib.sha256(npz).hexdigest() != recipe.get("arrays_sha256"):
            why = f"{ARRAYS_FILE} does not match the sha256 {RECIPE_FILE} records"
    if why:
        return None, why
    try:
        with np.load(io.BytesIO(npz), allow_pickle=False) as z:
            if sum(info.file_size for info in z.zip.infolist()) > ARCHIVE_LIMIT:  # a zip bomb
                raise ValueError(f"over {ARCHIVE_LIMIT >> 20} MB unpacked")
            arrays = {name: z[name] for name in z.files}
    except (ValueError, OSError, MemoryError, zipfile.BadZipFile) as exc:  # MemoryError: a header's huge shape
        raise ModelError(f"{model_dir / ARRAYS_FILE}: cannot be read ({exc}); retrain the model") from None
    recipe.pop("arrays_sha256"), recipe.pop("model_id"), recipe.pop("format")
    return _checked(Bundle(recipe, arrays), model_dir / RECIPE_FILE), None


def _recipe(raw: bytes, path: Path) -> dict:
    try:
        recipe = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        recipe = None
    if not isinstance(recipe, dict):
        raise ModelError(f"{path}: not a JSON object as voices writes; retrain the model")
    return recipe


_LINKS = ("softmax", "binary", "independent")


def _checked(bundle: Bundle, path: Path) -> Bundle:
    """``bundle`` once it scores a text as one voices compiled would: a recipe whose hashes were rewritten to
    match but whose blocks or arrays do not fit ended classify with a KeyError (exit 1), and an unknown link
    was scored as "independent". The caches this fills are the ones the first batch would fill."""
    try:
        ok = (bundle.recipe["classifier"]["link"] in _LINKS
              and bundle.probabilities(["a"]).shape == (1, len(bundle.classes)))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
        raise ModelError(f"{path}: does not fit its arrays ({type(exc).__name__}); retrain the model") from None
    if not ok:
        raise ModelError(f"{path}: not a model voices compiled; retrain the model")
    return bundle


def compile_pipeline(pipeline) -> Bundle:
    """Compile a fitted voices pipeline (``[tweets,] features, classifier``) into a ``Bundle``.

    Reads the fitted estimators' attributes only; imports no scikit-learn itself.

    Raises
    ------
    ModelError
        A step this compiler does not know (retrain the model with this voices).
    """
    steps = pipeline.named_steps
    arrays: dict[str, np.ndarray] = {}
    recipe: dict = {"tweets": None, "blocks": []}
    if "tweets" in steps:
        t = steps["tweets"]
        recipe["tweets"] = {"dropped": list(t.dropped_), "vocab": dict(t.vocab_)}
    union = steps["features"]
    weights = union.transformer_weights or {}
    for name, step in union.transformer_list:
        if step == "drop":
            continue
        spec = {"name": name, "weight": weights.get(name), "fingerprint": getattr(step, "fingerprint_", None)}
        kind = type(step).__name__
        if kind == "WordTfidf":
            spec |= {"kind": "words", "lo": int(step.ngram_range[0]), "orders": len(step.keys_)}
            arrays[f"{name}.tokens"], arrays[f"{name}.idf"] = step.tokens_, step.idf_
            for i, (k, c) in enumerate(zip(step.keys_, step.columns_, strict=True)):
                arrays[f"{name}.keys.{i}"], arrays[f"{name}.columns.{i}"] = k, c
        elif kind == "CharTfidf":
            spec |= {"kind": "chars", "lo": int(step.ngram_range[0]), "hi": int(step.ngram_range[1])}
            arrays[f"{name}.ngrams"], arrays[f"{name}.idf"] = step.ngrams_, step.idf_
        elif kind == "CueLexicon":
            keywords = {lab: [str(k) for k in (step.keywords or {})[lab]] for lab in step.labels_}
            spec |= {"kind": "cues", "labels": list(step.labels_), "keywords": keywords,
                     "match_negated": bool(step.match_negated), "fingerprint": None}
        else:
            raise ModelError(f"cannot compile a {kind} feature step; retrain the model with this voices")
        recipe["blocks"].append(spec)
    recipe["classifier"], arrays["coef"], arrays["intercept"] = _compile_classifier(steps["classifier"])
    return Bundle(recipe, arrays)


def _compile_classifier(clf) -> tuple[dict, np.ndarray, np.ndarray]:
    """(recipe, coef (k, d), intercept (k,)) of a linear classifier or a multilabel one-vs-rest of them."""
    kind = type(clf).__name__
    classes = [c.item() if hasattr(c, "item") else c for c in clf.classes_]
    if kind == "OneVsRestClassifier":
        members = clf.estimators_
        multilabel = getattr(clf.label_binarizer_, "y_type_", "") == "multilabel-indicator"
        if not (multilabel and all(getattr(e, "coef_", np.zeros((0, 0))).shape[0] == 1 for e in members)):
            raise ModelError("cannot compile this one-vs-rest classifier; retrain the model with this voices")
        coef = np.vstack([e.coef_ for e in members])
        intercept = np.concatenate([e.intercept_ for e in members])
        return {"link": "independent", "classes": classes}, coef, intercept
    if kind == "LogisticRegression" and getattr(clf, "multi_class", "auto") not in ("auto", "multinomial", "deprecated"):
        raise ModelError("cannot compile a one-vs-rest LogisticRegression; retrain the model with this voices")
    if kind not in ("LogisticRegression", "NBLinearClassifier", "MAPAdaptedClassifier"):
        raise ModelError(f"cannot compile a {kind} classifier; retrain the model with this voices")
    link = "binary" if clf.coef_.shape[0] == 1 else "softmax"
    return {"link": link, "classes": classes}, np.asarray(clf.coef_), np.asarray(clf.intercept_)
