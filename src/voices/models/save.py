"""Writing model folders: ``model.skops``, ``meta.json``, ``README.md`` and the inference bundle, atomically;
where a model may be written; adding to an existing folder's meta.json or bundle."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import zipfile
from importlib import metadata
from pathlib import Path

from voices._atomic import atomic_folder, atomic_write_bytes, atomic_write_text, check_target
from voices.errors import ModelError, OutputError, UsageError
from voices.models.model_id import kept_model_id
from voices.models.persist import CARD_FILE, META_FILE, META_FORMAT, MODEL_FILE, MODEL_FILES, read_meta
from voices.models.skops_file import canonical_skops, load_pipeline_file, untrusted_types


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
            "add them to voices.models.skops_file.TRUSTED_TYPES after review"
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
